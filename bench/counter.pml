/* counter.pml - the lost update at scale, for Spin: N threads each add
 * one to a shared counter K times, each addition a load into a local and
 * a store, as lockstep runs `counter += 1` (two steps).  When every
 * thread has finished, check asserts that the counter ended between 2
 * (1 if K is 1) and N*K, which holds: proving it takes the whole state
 * space, the work lockstep explore does to find the outcome set
 * {2, ..., N*K}.
 *
 *   spin -DN=4 -DK=3 -a counter.pml && gcc -O2 -DSAFETY -o pan pan.c && ./pan
 *
 * bench/explore_bench.sh runs it beside lockstep explore.
 */
#ifndef N
#define N 4
#endif
#ifndef K
#define K 3
#endif

byte counter = 0;
byte finished = 0;

active [N] proctype worker()
{
	byte tmp;
	byte i;

	for (i : 1 .. K) {
		tmp = counter;
		counter = tmp + 1
	}
	finished++
}

active proctype check()
{
	finished == N -> assert(counter >= (K > 1 -> 2 : 1) && counter <= N * K)
}
