#include "config.h"

#include "ui/tui.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ui/ansi.h"
#include "record/cast.h"
#include "trace/trace.h"
#include "ui/curses.h"
#include "ui/keys.h"
#include "ui/layout.h"
#include "ui/theme.h"
#include "ui/tour.h"
#include "util/xalloc.h"

static int signal_pipe[2] = { -1, -1 };
static volatile sig_atomic_t stop_signal;
static volatile sig_atomic_t curses_active;

static void
restore_terminal(void)
{
	if (curses_active) {
		curses_active = 0;
		endwin();
	}
}

/* SIGINT, SIGTERM, SIGHUP: note it and wake the loop, which ends. */
static void
on_stop_signal(int sig)
{
	int saved = errno;
	char c = 's';

	stop_signal = sig;
	if (signal_pipe[1] >= 0 && write(signal_pipe[1], &c, 1) < 0) {
		/* the loop will still see stop_signal at its next wake-up */
	}
	errno = saved;
}

/* A crash: the one handler that does more than set a flag, because there
 * is no loop to come back to.  endwin() is not async-signal-safe, but a
 * terminal left in raw mode is worse; then die of the same signal. */
static void
on_crash_signal(int sig)
{
	if (curses_active) {
		curses_active = 0;
		endwin();
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
install_signals(void)
{
	struct sigaction sa;
	int i, stop[] = { SIGINT, SIGTERM, SIGHUP };
	int crash[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };

	if (pipe(signal_pipe) == 0) {
		for (i = 0; i < 2; i++)
			fcntl(signal_pipe[i], F_SETFL, fcntl(signal_pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(signal_pipe[0], F_SETFD, FD_CLOEXEC);
		fcntl(signal_pipe[1], F_SETFD, FD_CLOEXEC);
	}
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_stop_signal;
	for (i = 0; i < (int)(sizeof(stop) / sizeof(stop[0])); i++) {
		struct sigaction was;

		/* one ignored from the start (nohup, a background job) stays so */
		if (sigaction(stop[i], NULL, &was) == 0 && was.sa_handler == SIG_IGN)
			continue;
		sigaction(stop[i], &sa, NULL);
	}
	sa.sa_handler = on_crash_signal;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < (int)(sizeof(crash) / sizeof(crash[0])); i++)
		sigaction(crash[i], &sa, NULL);
}

static void
drain_pipe(void)
{
	char buf[64];

	while (signal_pipe[0] >= 0 && read(signal_pipe[0], buf, sizeof(buf)) > 0)
		;
}

static bool
locale_is_utf8(void)
{
	const char *codeset = nl_langinfo(CODESET);

	return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 ||
	    strcmp(codeset, "utf8") == 0);
}

/* The recording: frames as ANSI, markers at steps, paused with R. */
struct recorder {
	struct cast *cast;
	char failure[300];	/* why the recording was stopped and removed */
	bool on;
	bool colour;
	size_t steps;		/* steps already marked */
	int marks;		/* markers the user added */
	int width, height;
};

static void
record_frame(struct recorder *r, const struct ui_frame *f)
{
	struct strbuf sb = { 0 };

	if (r->cast == NULL || !r->on)
		return;
	if (f->width != r->width || f->height != r->height) {
		cast_resize(r->cast, f->width, f->height);
		r->width = f->width;
		r->height = f->height;
	}
	ui_ansi_render(f, r->colour, &sb);
	cast_output(r->cast, sb.buf, sb.len);
	strbuf_free(&sb);
}

/* A write failed (disk full, say): stop recording, remove the file and say
 * so; the session goes on. */
static bool
record_check(struct recorder *r, struct ui_session *s)
{
	if (r->cast == NULL || cast_error(r->cast) == NULL)
		return false;
	snprintf(r->failure, sizeof(r->failure), "%s", cast_error(r->cast));
	cast_abandon(r->cast);
	r->cast = NULL;
	r->on = false;
	snprintf(s->message, sizeof(s->message), "recording stopped and removed: %.*s",
	    (int)sizeof(s->message) - 40, r->failure);
	s->message_is_error = true;
	return true;
}

/* A marker for every step taken since the last call, and for undo. */
static void
record_steps(struct recorder *r, struct ui_session *s)
{
	char label[400], text[500];

	if (r->cast == NULL || s->prog == NULL)
		return;
	if (s->trace.nsteps < r->steps && r->on) {
		snprintf(text, sizeof(text), "undo: back at step %zu", s->trace.nsteps);
		cast_marker(r->cast, text);
	}
	for (; r->steps < s->trace.nsteps && r->steps < TRACE_MAX_STEPS; r->steps++) {
		const struct trace_step *st = &s->trace.steps[r->steps];

		if (!r->on)
			continue;
		trace_step_label(&s->trace, st, label, sizeof(label));
		if (ui_tour_caption(s, r->steps) != NULL)	/* a tour's step */
			snprintf(text, sizeof(text), "step %zu: %s", r->steps + 1,
			    ui_tour_caption(s, r->steps));
		else
			snprintf(text, sizeof(text), "step %zu: %s %s", r->steps + 1,
			    s->prog->threads[st->thread].name, label);
		cast_marker(r->cast, text);
	}
	r->steps = s->trace.nsteps;
	if (s->mark) {
		s->mark = false;
		if (r->on) {
			char mark[64];

			snprintf(mark, sizeof(mark), "marker %d at step %zu", ++r->marks,
			    s->trace.nsteps);
			cast_marker(r->cast, mark);
			snprintf(s->message, sizeof(s->message), "added %s", mark);
		} else {
			snprintf(s->message, sizeof(s->message), "not recording: "
			    "lockstep --record FILE.cast records");
		}
	}
	if (s->record_toggle) {
		s->record_toggle = false;
		r->on = !r->on;
		snprintf(s->message, sizeof(s->message), "%s", r->on ? "recording resumed" :
		    "recording paused: R resumes it");
	}
}

void
ui_tui_draw(const struct ui_frame *f)
{
	int x, y;

	for (y = 0; y < f->height; y++)
		for (x = 0; x < f->width; x++) {
			const struct ui_cell *c = &f->cells[y * f->width + x];
			wchar_t text[2] = { c->ch, L'\0' };
			cchar_t cc;
			attr_t attr = (attr_t)ui_theme_attr((enum ui_role)c->role);

			if (c->ch == UI_WIDE_TAIL)
				continue;	/* curses drew it with its first half */
			/* setcchar sets the cell's pair from its own argument, not
			 * from the pair in attr: given 0 it drew every colour as the
			 * default, and the screen lost the colours the recording has */
			setcchar(&cc, text, attr & ~A_COLOR, (short)PAIR_NUMBER(attr), NULL);
			mvadd_wch(y, x, &cc);
		}
	wnoutrefresh(stdscr);
	doupdate();
}

static int
map_key(wint_t ch, int kind)
{
	if (kind == KEY_CODE_YES) {
		switch (ch) {
		case KEY_LEFT: return UI_KEY_LEFT;
		case KEY_RIGHT: return UI_KEY_RIGHT;
		case KEY_UP: return UI_KEY_UP;
		case KEY_DOWN: return UI_KEY_DOWN;
		case KEY_ENTER: return UI_KEY_ENTER;
		case KEY_RESIZE: return UI_KEY_RESIZE;
		case KEY_MOUSE: return UI_KEY_MOUSE;
		case KEY_BACKSPACE: return UI_KEY_BACKSPACE;
		default: return -1;
		}
	}
	if (ch == 27)
		return UI_KEY_ESCAPE;
	if (ch == 127 || ch == 8)
		return UI_KEY_BACKSPACE;
	return (int)ch;
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A click on a thread pane steps that thread. */
static bool
handle_mouse(struct ui_session *s)
{
	MEVENT ev;
	int t;

	if (getmouse(&ev) != OK || !(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)))
		return false;
	t = ui_layout_thread_at(s, COLS, LINES, ev.x, ev.y);
	if (t < 0)
		return false;
	s->selected = t;
	ui_session_step(s, t);
	return true;
}

/* Read every key waiting; true if the screen must be redrawn. */
static bool
read_keys(struct ui_session *s)
{
	bool changed = false;
	wint_t ch;
	int kind;

	while ((kind = get_wch(&ch)) != ERR) {
		int key = map_key(ch, kind);

		if (key == UI_KEY_MOUSE)
			changed |= handle_mouse(s);
		else if (key >= 0)
			changed |= ui_session_key(s, key);
		if (s->quit)
			break;
	}
	return changed;
}

int
ui_tui_run(struct ui_session *s, const char *record)
{
	struct ui_frame frame;
	struct recorder rec;
	SCREEN *screen;
	long next_tick = 0;
	bool dirty = true;
	char err[300];
	int status = 0;

	setlocale(LC_ALL, "");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs("lockstep: the terminal UI needs a terminal; `lockstep run FILE` "
		    "prints a run instead\n", stderr);
		return 2;
	}
	screen = newterm(NULL, stdout, stdin);
	if (screen == NULL) {
		fprintf(stderr, "lockstep: cannot use the terminal (TERM=%s)\n",
		    getenv("TERM") != NULL ? getenv("TERM") : "");
		return 2;
	}
	curses_active = 1;
	util_set_fatal_cleanup(restore_terminal);
	install_signals();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED, NULL);
	memset(&rec, 0, sizeof(rec));
	rec.colour = ui_theme_init();
	if (record != NULL) {
		char title[300];

		snprintf(title, sizeof(title), "lockstep %s%s%s", s->name != NULL ? s->name : "",
		    s->prog != NULL && s->prog->title[0] ? ": " : "",
		    s->prog != NULL ? s->prog->title : "");
		rec.cast = cast_open(record, COLS, LINES, title, err, sizeof(err));
		if (rec.cast == NULL) {
			restore_terminal();
			delscreen(screen);
			util_set_fatal_cleanup(NULL);
			fprintf(stderr, "lockstep: %s\n", err);
			return 2;
		}
		rec.on = true;
		rec.width = COLS;
		rec.height = LINES;
	}
	ui_frame_init(&frame, COLS, LINES, locale_is_utf8());
	while (!s->quit && stop_signal == 0) {
		struct pollfd fds[2];
		int timeout = -1, n;

		if (dirty) {
			if (frame.width != COLS || frame.height != LINES) {
				bool unicode = frame.unicode;

				ui_frame_free(&frame);
				ui_frame_init(&frame, COLS, LINES, unicode);
				clear();
			}
			record_steps(&rec, s);
			ui_layout(s, &frame);
			ui_tui_draw(&frame);
			record_frame(&rec, &frame);
			dirty = record_check(&rec, s);
			if (dirty)
				continue;	/* show why the recording stopped */
		}
		if (s->playing) {
			long now = now_ms();

			if (next_tick == 0)
				next_tick = now + ui_session_tick_ms(s);
			if (now >= next_tick) {
				dirty = ui_session_tick(s);
				next_tick = now + ui_session_tick_ms(s);
				continue;
			}
			timeout = (int)(next_tick - now);
		} else {
			next_tick = 0;
		}
		/* background work: its progress ten times a second, and its end,
		 * however soon it came (a search of a few states is over before
		 * the frame that started it was drawn) */
		if (ui_session_job_pending(s) && (timeout < 0 || timeout > 100))
			timeout = 100;
		fds[0].fd = STDIN_FILENO;
		fds[0].events = POLLIN;
		fds[1].fd = signal_pipe[0];
		fds[1].events = POLLIN;
		n = poll(fds, signal_pipe[0] >= 0 ? 2 : 1, timeout);
		if (n < 0 && errno != EINTR)
			break;
		if (n < 0) {
			/* curses' own SIGWINCH handler ran: KEY_RESIZE is waiting */
			dirty |= read_keys(s);
			continue;
		}
		if (n > 0 && (fds[1].revents & POLLIN))
			drain_pipe();
		dirty |= ui_session_poll(s);
		if (n > 0 && (fds[0].revents & (POLLIN | POLLHUP)))
			dirty |= read_keys(s);
		if (n > 0 && (fds[0].revents & (POLLHUP | POLLERR)))
			break;
	}
	ui_frame_free(&frame);
	restore_terminal();
	delscreen(screen);
	util_set_fatal_cleanup(NULL);
	if (rec.cast != NULL)
		cast_close(rec.cast, rec.failure, sizeof(rec.failure));
	if (rec.failure[0] != '\0') {
		fprintf(stderr, "lockstep: the recording was not kept: %s\n", rec.failure);
		status = 2;
	}
	if (stop_signal != 0) {
		/* die of the signal, as a well-behaved terminal program does */
		signal(stop_signal, SIG_DFL);
		raise(stop_signal);
	}
	return status;
}
