/* ui_bench.c - how long the terminal UI takes to build and draw a frame.
 *
 * A 200x60 screen after a 10,000-step run (a scenario of two threads that
 * loop over a lock and a shared counter).  "build" is composing the frame
 * from the session (layout.c); "draw" is handing it to curses, writing to
 * /dev/null through a real terminal description (TERM=xterm-256color), as
 * the TUI does.  Prints the median and the worst of the repetitions.
 *
 * Usage: ui_bench [STEPS [FRAMES]]
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ui/curses.h"
#include "ui/layout.h"
#include "ui/session.h"
#include "ui/theme.h"
#include "ui/tui.h"
#include "util/xalloc.h"

static const char scenario[] =
    "title: UI benchmark\n"
    "counter = 0\n"
    "m = Lock()\n"
    "buf = [0] * 8\n"
    "q = Queue(4)\n"
    "thread w[2]:\n"
    "    while True:\n"
    "        with m:\n"
    "            counter += 1\n"
    "        buf[counter % 8] = counter\n";

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int
compare(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	int steps = argc > 1 ? atoi(argv[1]) : 10000, frames = argc > 2 ? atoi(argv[2]) : 200;
	char path[] = "/tmp/ui_bench_XXXXXX";
	int fd = mkstemp(path), i;
	struct ui_session *s = ui_session_new(0);
	struct ui_frame frame;
	double *build = xcalloc((size_t)frames, sizeof(double));
	double *paint = xcalloc((size_t)frames, sizeof(double));
	double t0;
	FILE *null = fopen("/dev/null", "w");
	SCREEN *screen;

	if (fd < 0 || write(fd, scenario, strlen(scenario)) < 0)
		return 1;
	close(fd);
	if (!ui_session_open(s, path, "bench", stderr))
		return 1;
	t0 = now_us();
	for (i = 0; i < steps; i++)
		if (!ui_session_step(s, i % 2) && !ui_session_step(s, (i + 1) % 2))
			break;
	printf("run: %zu steps on real threads in %.1f ms\n", s->trace.nsteps,
	    (now_us() - t0) / 1e3);
	setenv("TERM", "xterm-256color", 1);
	screen = newterm("xterm-256color", null, stdin);
	if (screen == NULL)
		return 1;
	resizeterm(60, 200);
	ui_theme_init();
	ui_frame_init(&frame, 200, 60, true);
	for (i = 0; i < frames; i++) {
		s->scroll = i % 2;	/* a different frame each time */
		t0 = now_us();
		ui_layout(s, &frame);
		build[i] = now_us() - t0;
		t0 = now_us();
		ui_tui_draw(&frame);
		paint[i] = now_us() - t0;
	}
	endwin();
	delscreen(screen);
	qsort(build, (size_t)frames, sizeof(double), compare);
	qsort(paint, (size_t)frames, sizeof(double), compare);
	printf("frame 200x60 after %zu steps, %d frames:\n", s->trace.nsteps, frames);
	printf("  build  median %7.3f ms  worst %7.3f ms\n", build[frames / 2] / 1e3,
	    build[frames - 1] / 1e3);
	printf("  draw   median %7.3f ms  worst %7.3f ms\n", paint[frames / 2] / 1e3,
	    paint[frames - 1] / 1e3);
	printf("  total  median %7.3f ms  (target: under 2 ms)\n",
	    (build[frames / 2] + paint[frames / 2]) / 1e3);
	ui_frame_free(&frame);
	ui_session_free(s);
	unlink(path);
	free(build);
	free(paint);
	fclose(null);
	return 0;
}
