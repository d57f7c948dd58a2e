/* engine_bench.c - steps per second of the controlled engine, next to the
 * raw cost of the hand-over it is built on.
 *
 * The controlled engine (src/engine/engine.c) performs a step by handing a
 * baton to a worker pthread and waiting for it to come back: one sem_post
 * and one sem_wait each way.  So the fastest it can ever go is the rate at
 * which two pthreads can ping-pong a baton through two semaphores.  This
 * program measures, in the same run:
 *
 *   ping-pong sem_t      the caller and one pthread hand a baton back and
 *                        forth through two sem_t; one round trip (caller ->
 *                        thread -> caller) is exactly the hand-overs of one
 *                        engine step.  Round trips per second.
 *   ping-pong condvar    the same through a mutex and a condition variable,
 *                        for context.
 *   ping-pong spin       the sem_t ping-pong where each side first polls its
 *                        semaphore for a while before it sleeps on it: the
 *                        other way to avoid a cross-CPU wake-up, by not
 *                        sleeping (it burns the waiter's CPU meanwhile).
 *   engine, T threads    a scenario of T threads, at least STEPS steps in
 *                        all, compiled from memory and run through
 *                        engine_new/engine_step with a policy (rr), on real
 *                        pthreads.  No trace is recorded, so memory stays
 *                        flat.  Steps per second.
 *   ping-pong rr over T  the caller hands the baton to T pthreads in turn:
 *                        the engine's hand-overs without the model.
 *   model only           model_step on one thread, no pthreads: what the
 *                        steps themselves cost (the explorer's path).
 *
 * The scenario: every iteration of each thread's loop is a shared load and
 * a shared store (`counter += 1`: two steps); the local work and the loop's
 * bookkeeping join them.  Each measurement is repeated, the kinds taking
 * turns; the best and the median are reported, and ratios use the best.
 *
 * Where the threads run matters more than anything above: waking a thread
 * that sleeps on another CPU can cost fifty times a wake-up on the same
 * CPU (on a virtual machine), and the kernel does not always keep a baton's
 * threads together.  The engine keeps its own threads on one CPU (see
 * engine.c); --cpu pins the whole process to one CPU, the ping-pongs too,
 * which makes the figures repeatable; see bench/README.md.
 *
 * This is a benchmark, not a test: it prints figures and exits 0 unless
 * something could not run at all.  Its exit status does not depend on the
 * target (engine >= half the ping-pong rate); --check makes it.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine/engine.h"
#include "sched/policy.h"
#include "lang/compile.h"
#include "model/model.h"

#define DEFAULT_STEPS   1000000
#define DEFAULT_REPEAT  3
#define MAX_REPEAT      100
#define MAX_CONFIGS     8

/* The measurements, for --only. */
enum run { RUN_SEM, RUN_CONDVAR, RUN_RR, RUN_ENGINE, RUN_MODEL, RUN_SPIN, RUN_COUNT };
static const char *const run_names[RUN_COUNT] = {
	"sem", "condvar", "rr", "engine", "model", "spin"
};

/* Polls of a semaphore before a spinning waiter sleeps on it: about 20 us
 * on the development machine, a few times a same-CPU hand-over. */
#define SPIN_POLLS 2000

static const char usage[] =
    "usage: engine_bench [--steps N] [--roundtrips N] [--repeat R]\n"
    "                    [--threads T,T...] [--policy rr|random|pct]\n"
    "                    [--only sem|condvar|rr|engine|model|spin] [--cpu N] [--check]\n"
    "\n"
    "Measure the controlled engine's steps per second on a scenario of at\n"
    "least N steps (default 1000000) with T threads (default 2,4), next to\n"
    "the round trips per second of a semaphore ping-pong between two\n"
    "pthreads (default N round trips).  Each measurement runs R times\n"
    "(default 3); the best and the median are printed, and the ratio uses\n"
    "the best of each.\n"
    "\n"
    "  --steps N        steps of each engine run, at least (default 1000000)\n"
    "  --roundtrips N   round trips of each ping-pong run (default: N steps)\n"
    "  --repeat R       runs of each measurement (default 3)\n"
    "  --threads LIST   scenario thread counts (default 2,4)\n"
    "  --policy P       the schedule policy of the engine runs (default rr)\n"
    "  --only M         run only this measurement (for profiling: perf record)\n"
    "  --cpu N          pin the process, every thread of it, to CPU N (Linux)\n"
    "  --check          exit 1 if the engine is below half the ping-pong rate\n";

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void
die(const char *what)
{
	fprintf(stderr, "engine_bench: %s\n", what);
	exit(2);
}

static void
sem_wait_retry(sem_t *s)
{
	while (sem_wait(s) != 0)
		if (errno != EINTR)
			die("sem_wait failed");
}

/* Pin the calling thread, and so every thread it creates afterwards, to
 * one CPU.  Only one thread of a ping-pong or of a controlled run works at
 * a time, so this loses no parallelism; it only keeps the hand-overs off
 * the much slower path of waking a thread on another CPU. */
static void
pin_to_cpu(int cpu)
{
#if defined(__linux__)
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set) != 0)
		die("--cpu: cannot run on that CPU");
#else
	(void)cpu;
	die("--cpu: not supported on this system");
#endif
}

/* ---- ping-pong through two semaphores ---- */

struct sem_pingpong {
	sem_t ping, pong;
	uint64_t rounds;
	bool spin;
};

/* Wait on s, polling it first if spin. */
static void
sem_wait_maybe_spinning(sem_t *s, bool spin)
{
	int i;

	for (i = 0; spin && i < SPIN_POLLS; i++)
		if (sem_trywait(s) == 0)
			return;
	sem_wait_retry(s);
}

static void *
sem_partner(void *arg)
{
	struct sem_pingpong *pp = arg;
	uint64_t i;

	for (i = 0; i < pp->rounds; i++) {
		sem_wait_maybe_spinning(&pp->ping, pp->spin);
		sem_post(&pp->pong);
	}
	return NULL;
}

/* Round trips per second: the caller posts ping and waits for pong, as the
 * engine's scheduler posts a worker's `go` and waits for `done`. */
static double
bench_sem_pingpong(uint64_t rounds, bool spin)
{
	struct sem_pingpong pp;
	pthread_t partner;
	double start, elapsed;
	uint64_t i;

	pp.rounds = rounds;
	pp.spin = spin;
	sem_init(&pp.ping, 0, 0);
	sem_init(&pp.pong, 0, 0);
	if (pthread_create(&partner, NULL, sem_partner, &pp) != 0)
		die("cannot create a thread");
	start = now_seconds();
	for (i = 0; i < rounds; i++) {
		sem_post(&pp.ping);
		sem_wait_maybe_spinning(&pp.pong, spin);
	}
	elapsed = now_seconds() - start;
	pthread_join(partner, NULL);
	sem_destroy(&pp.ping);
	sem_destroy(&pp.pong);
	return (double)rounds / elapsed;
}

/* ---- the same, the caller turning round T partners ---- */

struct rr_partner {
	sem_t go;
	sem_t *done;
	uint64_t rounds;
	pthread_t pthread;
};

static void *
rr_partner_main(void *arg)
{
	struct rr_partner *p = arg;
	uint64_t i;

	for (i = 0; i < p->rounds; i++) {
		sem_wait_retry(&p->go);
		sem_post(p->done);
	}
	return NULL;
}

/* Round trips per second when the caller hands the baton to T partners in
 * turn, each with its own semaphore, and takes it back on one shared
 * semaphore: the engine's hand-overs under round-robin, without the model. */
static double
bench_rr_pingpong(int nthreads, uint64_t rounds)
{
	struct rr_partner partners[LANG_MAX_THREADS];
	sem_t done;
	double start, elapsed;
	uint64_t i;
	int t;

	rounds -= rounds % (uint64_t)nthreads;
	if (rounds == 0)
		rounds = (uint64_t)nthreads;
	sem_init(&done, 0, 0);
	for (t = 0; t < nthreads; t++) {
		partners[t].done = &done;
		partners[t].rounds = rounds / (uint64_t)nthreads;
		sem_init(&partners[t].go, 0, 0);
		if (pthread_create(&partners[t].pthread, NULL, rr_partner_main,
		    &partners[t]) != 0)
			die("cannot create a thread");
	}
	start = now_seconds();
	for (i = 0; i < rounds; i++) {
		sem_post(&partners[i % (uint64_t)nthreads].go);
		sem_wait_retry(&done);
	}
	elapsed = now_seconds() - start;
	for (t = 0; t < nthreads; t++) {
		pthread_join(partners[t].pthread, NULL);
		sem_destroy(&partners[t].go);
	}
	sem_destroy(&done);
	return (double)rounds / elapsed;
}

/* ---- ping-pong through a mutex and a condition variable ---- */

struct cv_pingpong {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int turn;		/* 0: the caller's, 1: the partner's */
	uint64_t rounds;
};

static void *
cv_partner(void *arg)
{
	struct cv_pingpong *pp = arg;
	uint64_t i;

	pthread_mutex_lock(&pp->lock);
	for (i = 0; i < pp->rounds; i++) {
		while (pp->turn != 1)
			pthread_cond_wait(&pp->cond, &pp->lock);
		pp->turn = 0;
		pthread_cond_broadcast(&pp->cond);
	}
	pthread_mutex_unlock(&pp->lock);
	return NULL;
}

static double
bench_cv_pingpong(uint64_t rounds)
{
	struct cv_pingpong pp;
	pthread_t partner;
	double start, elapsed;
	uint64_t i;

	pthread_mutex_init(&pp.lock, NULL);
	pthread_cond_init(&pp.cond, NULL);
	pp.turn = 0;
	pp.rounds = rounds;
	if (pthread_create(&partner, NULL, cv_partner, &pp) != 0)
		die("cannot create a thread");
	start = now_seconds();
	pthread_mutex_lock(&pp.lock);
	for (i = 0; i < rounds; i++) {
		pp.turn = 1;
		pthread_cond_broadcast(&pp.cond);
		while (pp.turn != 0)
			pthread_cond_wait(&pp.cond, &pp.lock);
	}
	pthread_mutex_unlock(&pp.lock);
	elapsed = now_seconds() - start;
	pthread_join(partner, NULL);
	pthread_cond_destroy(&pp.cond);
	pthread_mutex_destroy(&pp.lock);
	return (double)rounds / elapsed;
}

/* ---- the scenario ---- */

struct scenario {
	struct lang_program *prog;
	struct model_strings strings;
	struct model *m;
	int nthreads;
	long iterations;	/* of each thread's loop */
};

/* T threads; each loop iteration is two steps, LOAD counter and STORE
 * counter, and the local work (total, ADD, the loop's bookkeeping, the end
 * of the thread) joins them.  So the run has T * 2 * iterations >= steps
 * steps (expect_ok checks it). */
static void
scenario_load(struct scenario *s, int nthreads, uint64_t steps)
{
	struct lang_diags diags;
	struct lang_source *src;
	char text[1024];
	int len;

	memset(s, 0, sizeof(*s));
	s->nthreads = nthreads;
	s->iterations = (long)((steps + 2 * (uint64_t)nthreads - 1) / (2 * (uint64_t)nthreads));
	len = snprintf(text, sizeof(text),
	    "title: engine benchmark\n"
	    "about: Each thread loops; every iteration reads and writes the\n"
	    "       shared counter (two steps) around some local work.\n"
	    "\n"
	    "counter = 0\n"
	    "\n"
	    "thread w[%d]:\n"
	    "    total = 0\n"
	    "    for i in range(%ld):\n"
	    "        total = total + i * 3 + tid\n"
	    "        counter += 1\n",
	    nthreads, s->iterations);
	lang_diags_init(&diags);
	src = lang_source_from_memory("engine-bench.race", text, (size_t)len, &diags);
	s->prog = src != NULL ? lang_compile(src, &diags) : NULL;
	lang_diags_print(&diags, stderr);
	lang_diags_free(&diags);
	if (s->prog == NULL)
		die("the benchmark scenario does not compile");
	s->m = model_new(s->prog, &s->strings);
}

static void
scenario_free(struct scenario *s)
{
	model_free(s->m);
	lang_program_free(s->prog);
	model_strings_free(&s->strings);
}

static void
expect_ok(const struct model_state *st, uint64_t steps)
{
	const struct model_verdict *v = model_verdict(st);

	if (v->kind != MODEL_OK) {
		fprintf(stderr, "engine_bench: the benchmark run ended with: %s\n", v->message);
		exit(2);
	}
	if (model_steps(st) < steps) {
		fprintf(stderr, "engine_bench: the run took %" PRIu32 " steps, fewer than %"
		    PRIu64 "\n", model_steps(st), steps);
		exit(2);
	}
}

/* ---- the engine on real threads ---- */

/* Steps per second of one whole run; *nsteps gets the run's steps.  The
 * clock runs from the first step to the verdict: starting and joining the
 * threads (a few hundred microseconds) is left out. */
static double
bench_engine(struct scenario *s, enum policy_kind kind, uint64_t steps, uint64_t *nsteps)
{
	struct policy *p = policy_new(kind, 1, NULL, (size_t)s->nthreads, 3, 200);
	struct model_step_info info;
	struct engine *e = engine_new(s->m, MODEL_MAX_STEPS_LIMIT);
	const struct model_state *st;
	double start, elapsed;
	char err[300];

	if (engine_error(e) != NULL)
		die(engine_error(e));
	st = engine_state(e);
	start = now_seconds();
	while (model_verdict(st)->kind == MODEL_RUNNING) {
		int t, choice;

		if (!policy_next(p, st, s->prog, &t, &choice, err, sizeof(err)))
			die(err);
		if (!engine_step(e, t, choice, &info))
			die(engine_error(e));
	}
	elapsed = now_seconds() - start;
	expect_ok(st, steps);
	*nsteps = model_steps(st);
	engine_free(e);
	policy_free(p);
	return (double)*nsteps / elapsed;
}

/* ---- the model alone, on the caller's thread ---- */

static double
bench_model(struct scenario *s, enum policy_kind kind, uint64_t steps, uint64_t *nsteps)
{
	struct policy *p = policy_new(kind, 1, NULL, (size_t)s->nthreads, 3, 200);
	struct model_frame *frames[LANG_MAX_THREADS] = { NULL };
	struct model_step_info info;
	struct model_state *st = model_state_new(s->m, MODEL_MAX_STEPS_LIMIT);
	double start, elapsed;
	char err[300];
	int t;

	for (t = 0; t < s->nthreads; t++) {
		size_t size = (model_frame_size(s->m, t) + 15) / 16 * 16;

		frames[t] = aligned_alloc(16, size ? size : 16);
		if (frames[t] == NULL)
			die("out of memory");
	}
	model_state_begin(st, frames);
	start = now_seconds();
	while (model_verdict(st)->kind == MODEL_RUNNING) {
		int choice;

		if (!policy_next(p, st, s->prog, &t, &choice, err, sizeof(err)))
			die(err);
		model_step(st, frames, t, choice, &info);
	}
	elapsed = now_seconds() - start;
	expect_ok(st, steps);
	*nsteps = model_steps(st);
	model_state_free(st);
	for (t = 0; t < s->nthreads; t++)
		free(frames[t]);
	policy_free(p);
	return (double)*nsteps / elapsed;
}

/* ---- repetitions and the table ---- */

struct result {
	double runs[MAX_REPEAT];
	int n;
	double best, median;
};

static int
compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
summarize(struct result *r)
{
	double sorted[MAX_REPEAT];

	if (r->n == 0)
		return;
	memcpy(sorted, r->runs, (size_t)r->n * sizeof(double));
	qsort(sorted, (size_t)r->n, sizeof(double), compare_doubles);
	r->best = sorted[r->n - 1];
	r->median = r->n % 2 ? sorted[r->n / 2] : (sorted[r->n / 2 - 1] + sorted[r->n / 2]) / 2;
}

/* One line of the table; nothing if the measurement did not run.  The
 * ratio is to the best semaphore ping-pong, if that ran. */
static void
print_row(const char *name, const char *unit, const struct result *r,
    const struct result *pingpong)
{
	if (r->n == 0)
		return;
	printf("%-26s %13.0f %13.0f  %-14s", name, r->best, r->median, unit);
	if (pingpong->n > 0 && r != pingpong)
		printf(" %6.2f", r->best / pingpong->best);
	printf("\n");
}

static bool
parse_count(const char *arg, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (arg[0] < '0' || arg[0] > '9')
		return false;
	errno = 0;
	v = strtoull(arg, &end, 10);
	if (*end != '\0' || errno != 0 || v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* "2,4" -> {2, 4} */
static int
parse_threads(const char *arg, int *out, int max)
{
	char *copy = strdup(arg), *save = NULL, *tok;
	int n = 0;

	if (copy == NULL)
		die("out of memory");
	for (tok = strtok_r(copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
		uint64_t v;

		if (n == max || !parse_count(tok, 1, LANG_MAX_THREADS, &v)) {
			free(copy);
			return -1;
		}
		out[n++] = (int)v;
	}
	free(copy);
	return n;
}

int
main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "steps", required_argument, NULL, 's' },
		{ "roundtrips", required_argument, NULL, 'n' },
		{ "repeat", required_argument, NULL, 'r' },
		{ "threads", required_argument, NULL, 't' },
		{ "policy", required_argument, NULL, 'p' },
		{ "only", required_argument, NULL, 'o' },
		{ "cpu", required_argument, NULL, 'C' },
		{ "check", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t steps = DEFAULT_STEPS, rounds = 0, repeat = DEFAULT_REPEAT, cpu;
	int threads[MAX_CONFIGS] = { 2, 4 }, nconfigs = 2, kind = POLICY_RR, opt, i, c;
	unsigned runs = (1u << RUN_COUNT) - 1;
	bool check = false, below = false;
	int pinned = -1;
	struct result sem_pp = { .n = 0 }, cv_pp = { .n = 0 }, spin_pp = { .n = 0 };
	struct result engine[MAX_CONFIGS], model[MAX_CONFIGS], rr_pp[MAX_CONFIGS];
	uint64_t nsteps[MAX_CONFIGS];
	struct scenario scen[MAX_CONFIGS];

	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 's':
			if (!parse_count(optarg, 1, MODEL_MAX_STEPS_LIMIT - LANG_MAX_THREADS,
			    &steps))
				die("--steps: expected a number from 1 to 99999936");
			break;
		case 'n':
			if (!parse_count(optarg, 1, UINT64_MAX / 2, &rounds))
				die("--roundtrips: expected a positive number");
			break;
		case 'r':
			if (!parse_count(optarg, 1, MAX_REPEAT, &repeat))
				die("--repeat: expected a number from 1 to 100");
			break;
		case 't':
			nconfigs = parse_threads(optarg, threads, MAX_CONFIGS);
			if (nconfigs <= 0)
				die("--threads: expected up to 8 thread counts from 1 to 64, "
				    "such as 2,4");
			break;
		case 'p':
			kind = policy_by_name(optarg);
			if (kind != POLICY_RR && kind != POLICY_RANDOM && kind != POLICY_PCT)
				die("--policy: expected rr, random or pct");
			break;
		case 'o':
			for (i = 0; i < RUN_COUNT; i++)
				if (strcmp(optarg, run_names[i]) == 0)
					break;
			if (i == RUN_COUNT)
				die("--only: expected sem, condvar, rr, engine, model or spin");
			runs = 1u << i;
			break;
		case 'C':
			if (!parse_count(optarg, 0, 1023, &cpu))
				die("--cpu: expected a CPU number");
			pin_to_cpu((int)cpu);
			pinned = (int)cpu;
			break;
		case 'c':
			check = true;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fputs(usage, stderr);
		return 2;
	}
	if (rounds == 0)
		rounds = steps;

	if (check && (runs & (1u << RUN_SEM | 1u << RUN_ENGINE)) !=
	    (1u << RUN_SEM | 1u << RUN_ENGINE))
		die("--check needs the sem and engine measurements");
	for (c = 0; c < nconfigs; c++) {
		scenario_load(&scen[c], threads[c], steps);
		engine[c].n = model[c].n = rr_pp[c].n = 0;
		nsteps[c] = 0;
	}
	/* Interleave the measurements, so that a slow patch of the machine
	 * (another process, frequency scaling) touches all of them alike. */
	for (i = 0; i < (int)repeat; i++) {
		if (runs & 1u << RUN_SEM)
			sem_pp.runs[sem_pp.n++] = bench_sem_pingpong(rounds, false);
		if (runs & 1u << RUN_SPIN)
			spin_pp.runs[spin_pp.n++] = bench_sem_pingpong(rounds, true);
		if (runs & 1u << RUN_CONDVAR)
			cv_pp.runs[cv_pp.n++] = bench_cv_pingpong(rounds);
		for (c = 0; c < nconfigs; c++) {
			if (runs & 1u << RUN_RR)
				rr_pp[c].runs[rr_pp[c].n++] = bench_rr_pingpong(threads[c],
				    rounds);
			if (runs & 1u << RUN_ENGINE)
				engine[c].runs[engine[c].n++] = bench_engine(&scen[c],
				    (enum policy_kind)kind, steps, &nsteps[c]);
			if (runs & 1u << RUN_MODEL)
				model[c].runs[model[c].n++] = bench_model(&scen[c],
				    (enum policy_kind)kind, steps, &nsteps[c]);
		}
	}
	summarize(&sem_pp);
	summarize(&cv_pp);
	summarize(&spin_pp);
	for (c = 0; c < nconfigs; c++) {
		summarize(&engine[c]);
		summarize(&model[c]);
		summarize(&rr_pp[c]);
	}

	printf("lockstep engine benchmark: best and median of %" PRIu64 " runs, %s\n", repeat,
	    pinned < 0 ? "threads not pinned" : "every thread pinned to one CPU");
	if (runs & (1u << RUN_SEM | 1u << RUN_CONDVAR | 1u << RUN_RR | 1u << RUN_SPIN))
		printf("ping-pong: %" PRIu64 " round trips per run\n", rounds);
	if (runs & (1u << RUN_ENGINE | 1u << RUN_MODEL))
		for (c = 0; c < nconfigs; c++)
			printf("scenario, %d threads: %ld iterations per thread, %" PRIu64
			    " steps per run, policy %s\n", threads[c], scen[c].iterations,
			    nsteps[c], policy_name((enum policy_kind)kind));
	printf("\n%-26s %13s %13s  %-14s %6s\n", "measurement", "best", "median", "unit",
	    sem_pp.n > 0 ? "ratio" : "");
	print_row("ping-pong sem_t", "round trips/s", &sem_pp, &sem_pp);
	print_row("ping-pong mutex+condvar", "round trips/s", &cv_pp, &sem_pp);
	print_row("ping-pong sem_t, spinning", "round trips/s", &spin_pp, &sem_pp);
	for (c = 0; c < nconfigs; c++) {
		char name[64];

		snprintf(name, sizeof(name), "engine, %d threads", threads[c]);
		print_row(name, "steps/s", &engine[c], &sem_pp);
		if (engine[c].n > 0 && sem_pp.n > 0 && engine[c].best < sem_pp.best / 2)
			below = true;
	}
	for (c = 0; c < nconfigs; c++) {
		char name[64];

		snprintf(name, sizeof(name), "ping-pong sem_t, rr over %d", threads[c]);
		print_row(name, "round trips/s", &rr_pp[c], &sem_pp);
	}
	for (c = 0; c < nconfigs; c++) {
		char name[64];

		snprintf(name, sizeof(name), "model only, %d threads", threads[c]);
		print_row(name, "steps/s", &model[c], &sem_pp);
	}
	if (sem_pp.n > 0)
		printf("\nratio: best rate / best sem_t ping-pong rate\n");
	if (sem_pp.n > 0 && engine[0].n > 0)
		printf("target: engine >= 0.50 of the ping-pong rate: %s\n",
		    below ? "MISSED" : "met");
	for (c = 0; c < nconfigs; c++)
		scenario_free(&scen[c]);
	return check && below ? 1 : 0;
}
