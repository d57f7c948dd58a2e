/* peterson.pml - scenarios/peterson.race for Spin: two flags and a turn,
 * each process spinning while the other's flag is up and it is the
 * other's turn, then two increments inside (a load and a store each, as
 * lockstep runs `inside += 1`) and an assert that it is alone.  The busy
 * wait reads flag, then turn, one step each, as the scenario's
 * `while flag[other] == 1 and turn == other: pass` does.
 *
 *   spin -a peterson.pml && gcc -O2 -DSAFETY -o pan pan.c && ./pan
 *
 * bench/explore_bench.sh runs it beside lockstep explore peterson.
 */
bit flag[2];
byte turn = 0;
byte inside = 0;
byte count = 0;
byte finished = 0;

active [2] proctype thread()
{
	byte other = 1 - _pid;
	byte tmp;

	flag[_pid] = 1;
	turn = other;
	do
	:: flag[other] == 1 ->
		if
		:: turn == other -> skip
		:: else -> break
		fi
	:: else -> break
	od;
	tmp = inside;
	inside = tmp + 1;
	assert(inside == 1);
	tmp = count;
	count = tmp + 1;
	tmp = inside;
	inside = tmp - 1;
	flag[_pid] = 0;
	finished++
}

active proctype check()
{
	finished == 2 -> assert(count == 2)
}
