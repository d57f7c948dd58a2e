/* gen.c - the scenario generator (see gen.h).
 *
 * It writes text, as a person would, rather than building an AST: the
 * point is to exercise the lexer and parser as well as everything after
 * them.  Validity comes from bookkeeping, not from retrying: locals are
 * assigned at the top of each thread before anything reads them, loop
 * variables are fresh at each depth, while loops count a local of their
 * own to a small bound, continue appears only where it cannot skip that
 * count, and an atomic: block holds only what never blocks.  What is left
 * to chance is behaviour (deadlocks, failed asserts, runtime errors), which
 * is what the differential test wants to see.
 */
#include "config.h"

#include "gen.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/strbuf.h"

#define GEN_MAX_DEPTH 3		/* nested blocks inside a thread */
#define GEN_ARRAY_LEN 3

enum gen_loop { GEN_NO_LOOP, GEN_FOR, GEN_WHILE };

struct gen {
	uint64_t rng;
	struct strbuf out;
	/* shared declarations */
	int nints;			/* x0 .. x<nints-1> */
	bool array, string;
	bool lock, lock2, rlock, sem, bsem, cond, event, queue, rwlock;
	bool locks;			/* locks = [Lock() for i in range(2)] */
	int barrier;			/* its parties, 0: none */
	/* the thread being written */
	int self;			/* A, B, C: 0, 1, 2; -1 for the others */
	bool in_group;
	bool in_atomic;
	enum gen_loop loop;		/* the innermost loop */
	int depth;
	int budget;			/* steps it may still add, roughly */
};

/* splitmix64: any seed, even 0, gives a good sequence. */
static uint64_t
next(struct gen *g)
{
	uint64_t z = (g->rng += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static int
below(struct gen *g, int n)
{
	return (int)(next(g) % (uint64_t)n);
}

static bool
chance(struct gen *g, int percent)
{
	return below(g, 100) < percent;
}

static void
indent(struct gen *g)
{
	int i;

	for (i = 0; i < g->depth + 1; i++)
		strbuf_puts(&g->out, "    ");
}

static void __attribute__((format(printf, 2, 3)))
line(struct gen *g, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	indent(g);
	strbuf_puts(&g->out, buf);
	strbuf_putc(&g->out, '\n');
}

/* A shared integer's name, into buf. */
static const char *
shared_int(struct gen *g, char *buf, size_t size)
{
	if (g->array && chance(g, 30))
		snprintf(buf, size, "a[%s]", chance(g, 60) ? "tid % 3" :
		    chance(g, 90) ? "1" : "t");	/* t may be out of range */
	else
		snprintf(buf, size, "x%d", below(g, g->nints));
	return buf;
}

/* An integer expression, at most depth operators deep; it may read shared
 * variables (each read a step). */
static void
expr(struct gen *g, int depth, struct strbuf *sb)
{
	static const char *const ops[] = { "+", "-", "*", "//", "%" };
	char name[32];
	int k = below(g, depth > 0 ? 8 : 5);

	switch (k) {
	case 0:
	case 1:
		strbuf_printf(sb, "%d", below(g, 4));
		break;
	case 2:
		strbuf_puts(sb, shared_int(g, name, sizeof(name)));
		break;
	case 3:
		strbuf_puts(sb, chance(g, 50) ? "t" : "tid");
		break;
	case 4:
		strbuf_puts(sb, g->queue && chance(g, 30) ? "q.qsize()" :
		    g->array && chance(g, 20) ? "len(a)" : "v");
		break;
	default: {
		const char *op = ops[below(g, 5)];

		strbuf_putc(sb, '(');
		expr(g, depth - 1, sb);
		strbuf_printf(sb, " %s ", op);
		/* // and % by a literal mostly: division by zero now and then */
		if ((op[0] == '/' || op[0] == '%') && chance(g, 95))
			strbuf_printf(sb, "%d", 1 + below(g, 3));
		else
			expr(g, depth - 1, sb);
		strbuf_putc(sb, ')');
	}
	}
}

static void
condition(struct gen *g, struct strbuf *sb)
{
	static const char *const cmps[] = { "==", "!=", "<", "<=", ">", ">=" };

	if (g->event && chance(g, 15)) {
		strbuf_puts(sb, chance(g, 50) ? "e.is_set()" : "not e.is_set()");
		return;
	}
	if (g->queue && chance(g, 10)) {
		strbuf_puts(sb, chance(g, 50) ? "q.empty()" : "q.full()");
		return;
	}
	if (g->lock && chance(g, 10)) {
		strbuf_puts(sb, "m.locked()");
		return;
	}
	if (g->string && chance(g, 15)) {
		strbuf_puts(sb, chance(g, 50) ? "s == \"a\"" : "s is not None");
		return;
	}
	if (chance(g, 8)) {
		strbuf_puts(sb, "not ");
		expr(g, 0, sb);
		return;
	}
	expr(g, 1, sb);
	strbuf_printf(sb, " %s ", cmps[below(g, 6)]);
	expr(g, 1, sb);
	if (chance(g, 15)) {
		strbuf_puts(sb, chance(g, 50) ? " and " : " or ");
		expr(g, 0, sb);
		strbuf_puts(sb, " > 0");
	}
}

static void block(struct gen *g, int n);

/* "KEYWORD rest:" and a block of n statements under it. */
static void
compound(struct gen *g, const char *head, int n)
{
	line(g, "%s:", head);
	g->depth++;
	block(g, n);
	g->depth--;
}

static void
assignment(struct gen *g)
{
	struct strbuf sb = { 0 };
	char name[32];
	static const char *const augs[] = { "+=", "-=", "*=", "=" };

	switch (below(g, 5)) {
	case 0:		/* a local, from shared state */
		expr(g, 1, &sb);
		line(g, "t = %s", strbuf_str(&sb));
		break;
	case 1:		/* the read-modify-write of the lessons */
		line(g, "%s += %d", shared_int(g, name, sizeof(name)), 1 + below(g, 2));
		break;
	case 2:
		if (g->string) {
			line(g, "s = %s", chance(g, 50) ? "s + \"b\"" : "\"c\"");
			break;
		}
		/* fall through */
	default:
		expr(g, 1, &sb);
		line(g, "%s %s %s", shared_int(g, name, sizeof(name)), augs[below(g, 4)],
		    strbuf_str(&sb));
	}
	strbuf_free(&sb);
	g->budget -= 2;
}

/* A statement that never blocks: what an atomic: block may hold. */
static void
simple_statement(struct gen *g)
{
	struct strbuf sb = { 0 };

	switch (below(g, 10)) {
	case 0:
		condition(g, &sb);
		line(g, "assert %s, \"%s\"", strbuf_str(&sb), "checked");
		g->budget--;
		break;
	case 1:
		expr(g, 1, &sb);
		line(g, "print(\"t\", %s)", strbuf_str(&sb));
		g->budget--;
		break;
	case 2:
		if (g->event) {
			line(g, chance(g, 70) ? "e.set()" : "e.clear()");
			g->budget--;
			break;
		}
		/* fall through */
	case 3:
		if (g->sem && !g->in_atomic) {
			line(g, "s1.release()");
			g->budget--;
			break;
		}
		/* fall through */
	default:
		assignment(g);
	}
	strbuf_free(&sb);
}

/* with P: a block, or P.acquire() ... P.release() around one. */
static void
locked_block(struct gen *g)
{
	const struct {
		bool declared;
		const char *name;
	} prims[] = {
		{ g->lock, "m" }, { g->lock2, "m2" }, { g->rlock, "r" }, { g->sem, "s1" },
		{ g->bsem, "bs" }, { g->cond, "c" }, { g->locks, "locks[tid % 2]" },
		{ g->locks, "locks[(t + 1) % 2]" },
	};
	const char *names[sizeof(prims) / sizeof(prims[0])];
	const char *p;
	size_t i, n = 0;

	for (i = 0; i < sizeof(prims) / sizeof(prims[0]); i++)
		if (prims[i].declared)
			names[n++] = prims[i].name;
	if (n == 0) {
		assignment(g);
		return;
	}
	p = names[below(g, (int)n)];
	g->budget -= 2;
	if (chance(g, 65)) {
		char head[32];

		snprintf(head, sizeof(head), "with %s", p);
		compound(g, head, 1 + below(g, 2));
	} else if (p[0] == 'm' && chance(g, 40)) {
		char head[64];

		snprintf(head, sizeof(head), "if %s.acquire(blocking=False)", p);
		line(g, "%s:", head);
		g->depth++;
		block(g, 1);
		line(g, "%s.release()", p);
		g->depth--;
	} else {
		line(g, "%s.acquire()", p);
		block(g, 1 + below(g, 2));
		line(g, "%s.release()", p);
	}
}

static void
condition_block(struct gen *g)
{
	struct strbuf sb = { 0 };
	char name[32];

	line(g, "with c:");
	g->depth++;
	switch (below(g, 5)) {
	case 0:
		line(g, "%s += 1", shared_int(g, name, sizeof(name)));
		line(g, "c.notify_all()");
		break;
	case 1:
		line(g, "%s = 1", shared_int(g, name, sizeof(name)));
		line(g, chance(g, 70) ? "c.notify()" : "c.notify(2)");
		break;
	case 2:
		condition(g, &sb);
		line(g, "c.wait_for(%s)", strbuf_str(&sb));
		break;
	case 3:
		line(g, "while x0 == 0:");
		g->depth++;
		line(g, "c.wait()");
		g->depth--;
		break;
	default:
		line(g, "c.notify()");
	}
	g->depth--;
	g->budget -= 4;
	strbuf_free(&sb);
}

/* A call of one of the primitives declared (or a thread's join), drawn
 * among those only, so that a scenario uses what it declares. */
static void
primitive_call(struct gen *g)
{
	enum { P_COND, P_EVENT, P_QUEUE, P_BARRIER, P_RWLOCK, P_BSEM, P_JOIN, P_COUNT };
	const bool usable[P_COUNT] = {
		g->cond, g->event, g->queue, g->barrier > 0 && g->in_group, g->rwlock,
		g->bsem, g->self > 0,
	};
	int choices[P_COUNT], n = 0, k;
	struct strbuf sb = { 0 };

	for (k = 0; k < P_COUNT; k++)
		if (usable[k])
			choices[n++] = k;
	g->budget -= 2;
	if (n == 0 || chance(g, 10)) {
		line(g, chance(g, 50) ? "sleep(0)" : "pass");
		g->budget++;
		return;
	}
	switch (choices[below(g, n)]) {
	case P_COND:
		condition_block(g);
		break;
	case P_EVENT:
		line(g, chance(g, 50) ? "e.wait()" : "e.set()");
		break;
	case P_QUEUE:
		if (chance(g, 50)) {
			expr(g, 0, &sb);
			line(g, "q.put(%s)", strbuf_str(&sb));
		} else if (chance(g, 80)) {
			line(g, "v = q.get()");
		} else {
			line(g, chance(g, 50) ? "q.task_done()" : "q.join()");
		}
		break;
	case P_BARRIER:
		line(g, "b.wait()");
		break;
	case P_RWLOCK: {
		bool write = chance(g, 40);

		line(g, "rw.acquire_%s()", write ? "write" : "read");
		block(g, 1);
		line(g, "rw.release_%s()", write ? "write" : "read");
		break;
	}
	case P_BSEM:
		line(g, chance(g, 80) ? "bs.acquire()" : "bs.release()");
		break;
	case P_JOIN:
		/* an earlier thread: joins never wait in a circle */
		line(g, "%c.join()", 'A' + below(g, g->self));
		break;
	}
	strbuf_free(&sb);
}

static void
statement(struct gen *g)
{
	struct strbuf sb = { 0 };
	enum gen_loop outer = g->loop;
	char head[128];
	int k = g->in_atomic ? 0 : below(g, g->depth < GEN_MAX_DEPTH ? 12 : 6);

	switch (k) {
	case 0:
	case 1:
		simple_statement(g);
		break;
	case 2:
	case 3:
		primitive_call(g);
		break;
	case 4:
		if (g->loop != GEN_NO_LOOP && chance(g, 50)) {
			condition(g, &sb);
			line(g, "if %s:", strbuf_str(&sb));
			g->depth++;
			line(g, g->loop == GEN_FOR && chance(g, 50) ? "continue" : "break");
			g->depth--;
			break;
		}
		/* fall through */
	case 5:
		simple_statement(g);
		break;
	case 6:
	case 7:
		locked_block(g);
		break;
	case 8:
		condition(g, &sb);
		snprintf(head, sizeof(head), "if %s", strbuf_str(&sb));
		compound(g, head, 1 + below(g, 2));
		if (chance(g, 25)) {
			strbuf_reset(&sb);
			condition(g, &sb);
			snprintf(head, sizeof(head), "elif %s", strbuf_str(&sb));
			compound(g, head, 1);
		}
		if (chance(g, 50))
			compound(g, "else", 1);
		g->budget--;
		break;
	case 9:
		snprintf(head, sizeof(head), "for i%d in range(%s)", g->depth,
		    chance(g, 70) ? "2" : "1, 3");
		g->loop = GEN_FOR;
		g->budget /= 2;
		compound(g, head, 1 + below(g, 2));
		g->loop = outer;
		break;
	case 10:
		/* counted by a local of its own, incremented last: no continue */
		line(g, "n%d = 0", g->depth);
		line(g, "while n%d < %d:", g->depth, 1 + below(g, 2));
		g->depth++;
		g->loop = GEN_WHILE;
		g->budget /= 2;
		block(g, 1 + below(g, 2));
		line(g, "n%d += 1", g->depth - 1);
		g->loop = outer;
		g->depth--;
		break;
	default:
		if (g->in_atomic) {
			simple_statement(g);
			break;
		}
		g->in_atomic = true;
		compound(g, "atomic", 1 + below(g, 3));
		g->in_atomic = false;
		g->budget--;
	}
	strbuf_free(&sb);
}

static void
block(struct gen *g, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (i == 0 || g->budget > 0)
			statement(g);
}

static void
thread_body(struct gen *g, int self, bool group)
{
	g->self = self;
	g->in_group = group;
	g->depth = 0;
	g->loop = GEN_NO_LOOP;
	g->budget = 10 + below(g, 8);
	line(g, "t = tid");
	line(g, "v = 0");
	block(g, 2 + below(g, 3));
}

static void
declarations(struct gen *g, int group_size)
{
	int i;

	g->nints = 1 + below(g, 3);
	for (i = 0; i < g->nints; i++)
		strbuf_printf(&g->out, "x%d = %d\n", i, chance(g, 70) ? 0 : below(g, 3));
	if ((g->array = chance(g, 40)))
		strbuf_printf(&g->out, "a = [0] * %d\n", GEN_ARRAY_LEN);
	if ((g->string = chance(g, 15)))
		strbuf_puts(&g->out, "s = \"a\"\n");
	if ((g->lock = chance(g, 60)))
		strbuf_puts(&g->out, "m = Lock()\n");
	if ((g->lock2 = chance(g, 20)))
		strbuf_puts(&g->out, "m2 = Lock()\n");
	if ((g->rlock = chance(g, 15)))
		strbuf_puts(&g->out, "r = RLock()\n");
	if ((g->sem = chance(g, 20)))
		strbuf_printf(&g->out, "s1 = Semaphore(%d)\n", below(g, 3));
	if ((g->bsem = chance(g, 15)))
		strbuf_puts(&g->out, "bs = BoundedSemaphore(1)\n");
	if ((g->cond = chance(g, 25)))
		strbuf_puts(&g->out, g->lock && chance(g, 40) ? "c = Condition(m)\n" :
		    g->rlock && chance(g, 50) ? "c = Condition(lock=r)\n" : "c = Condition()\n");
	if ((g->locks = chance(g, 20)))
		strbuf_puts(&g->out, "locks = [Lock() for i in range(2)]\n");
	if ((g->event = chance(g, 25)))
		strbuf_puts(&g->out, "e = Event()\n");
	if ((g->queue = chance(g, 25)))
		strbuf_printf(&g->out, "q = Queue(%d)\n", below(g, 3));
	if ((g->rwlock = chance(g, 15)))
		strbuf_puts(&g->out, "rw = RWLock()\n");
	g->barrier = group_size > 0 && chance(g, 30) ? group_size : 0;
	if (g->barrier > 0)
		strbuf_printf(&g->out, "b = Barrier(%d)\n", g->barrier);
}

static void
expects(struct gen *g)
{
	static const char *const cmps[] = { "==", "!=", "<=", ">=" };
	int i, n = below(g, 3);

	for (i = 0; i < n; i++)
		strbuf_printf(&g->out, "expect x%d %s %d\n", below(g, g->nints),
		    cmps[below(g, 4)], below(g, 4));
}

char *
gen_scenario(uint64_t seed)
{
	static const char *const solo[] = { "A", "B", "C" };
	struct gen g = { 0 };
	int shape, nsolo, group, i;
	bool daemon, has_main;

	g.rng = seed;
	shape = below(&g, 4);
	nsolo = shape == 0 ? 2 : shape == 1 ? 1 : shape == 2 ? 0 : 3;
	group = shape == 1 || shape == 2 ? 2 : 0;
	daemon = chance(&g, 10);
	has_main = chance(&g, 30);
	strbuf_printf(&g.out, "title: generated %llu\n\n", (unsigned long long)seed);
	declarations(&g, group);
	for (i = 0; i < nsolo; i++) {
		strbuf_printf(&g.out, "\nthread %s:\n", solo[i]);
		thread_body(&g, i, false);
	}
	if (group > 0) {
		strbuf_printf(&g.out, "\nthread w[%d]:\n", group);
		thread_body(&g, -1, true);
	}
	if (daemon) {
		strbuf_puts(&g.out, "\ndaemon thread D:\n");
		g.depth = 0;
		line(&g, "for k in range(2):");
		g.depth = 1;
		line(&g, "x0 += 1");
	}
	if (has_main) {
		strbuf_puts(&g.out, "\nmain:\n");
		g.depth = 0;
		for (i = 0; i < nsolo; i++)
			line(&g, "%s.start()", solo[i]);
		if (group > 0)
			line(&g, chance(&g, 50) ? "for k in range(2): w[k].start()" :
			    "w[0].start()\n    w[1].start()");
		if (daemon)
			line(&g, "D.start()");
		if (chance(&g, 40))
			line(&g, "x0 += 1");
		for (i = 0; i < nsolo; i++)
			if (chance(&g, 85))
				line(&g, "%s.join()", solo[i]);
		if (group > 0 && chance(&g, 85))
			line(&g, "for k in range(2): w[k].join()");
		if (chance(&g, 40))
			line(&g, "assert x0 >= 0, \"main saw a negative\"");
	}
	strbuf_putc(&g.out, '\n');
	expects(&g);
	return strbuf_detach(&g.out);
}
