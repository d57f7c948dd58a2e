/* keys.h - the one table of actions: what each does, its keys, its help.
 *
 * The help screen is generated from it, and a test checks that the man
 * page's key table lists the same keys and words, so none can drift.
 * Keys are lockstep's own codes (UI_KEY_*), not curses', so the session
 * and its tests need no terminal.
 */
#ifndef LOCKSTEP_UI_KEYS_H
#define LOCKSTEP_UI_KEYS_H

/* What each does comes long (the man page, a wide help screen) and brief
 * (at most 27 columns: two columns of help at 80). */
/*      action          keys as shown   brief                        what it does */
#define UI_ACTIONS(X) \
	X(STEP_THREAD,   "1-9 0",        "step thread 1-9, 0 the 10th", "step thread 1-9, 0 the 10th (beyond: select it, then Enter)") \
	X(SELECT_PREV,   "Left h",       "select the previous thread", "select the previous thread (its code shows)") \
	X(SELECT_NEXT,   "Right l",      "select the next thread",    "select the next thread (its code shows)") \
	X(STEP_SELECTED, "Enter",        "step the selected thread",  "step the selected thread") \
	X(PLAY,          "Space",        "play or pause",             "play or pause: the policy takes the steps") \
	X(FASTER,        "+",            "play faster",               "play faster") \
	X(SLOWER,        "-",            "play slower",               "play slower") \
	X(POLICY,        "p",            "next policy",               "next policy: round-robin, random, PCT") \
	X(UNDO,          "u",            "undo the last step",        "undo the last step (the run is replayed up to it)") \
	X(REDO,          "Ctrl-R",       "redo the step undone last", "redo the step undone last") \
	X(RESTART,       "r",            "restart the run",           "restart the run from the beginning") \
	X(EXPAND,        "e",            "show/hide micro-operations", "show or hide the micro-operations of each step (a finished thread: its last)") \
	X(VIEW,          "t",            "timeline or step table",    "switch between the timeline and the step table") \
	X(SCROLL_BACK,   "Up k",         "scroll back",               "scroll the timeline or table back") \
	X(SCROLL_ON,     "Down j",       "scroll on",                 "scroll the timeline or table on") \
	X(ABOUT,         "a",            "what the scenario is about", "show what the scenario is about") \
	X(OPEN,          "o",            "open another scenario",     "open another scenario") \
	X(RECORD,        "R",            "pause or resume recording", "pause or resume the recording") \
	X(MARK,          "m",            "mark the recording",        "add a marker to the recording") \
	X(SAVE_PICTURE,  "s",            "save a picture (SVG)",      "save the run so far as a picture, NAME-stepN.svg") \
	X(FREE_RUN,      "f",            "free-run it 200 times",     "free-run it 200 times on real threads: how often it fails") \
	X(EXPLORE,       "x",            "explore every schedule",    "explore every schedule (10 s at most): can it fail?") \
	X(HELP,          "?",            "show this help",            "show this help") \
	X(QUIT,          "q",            "quit (Esc closes a window)", "quit (also Esc closes a window)")

enum ui_action {
	UI_ACTION_NONE = -1,
#define X(id, keys, brief, help) UI_ACTION_##id,
	UI_ACTIONS(X)
#undef X
	UI_ACTION_COUNT
};

/* Keys beyond ASCII. */
enum {
	UI_KEY_LEFT = 0x110000, UI_KEY_RIGHT, UI_KEY_UP, UI_KEY_DOWN,
	UI_KEY_ENTER, UI_KEY_ESCAPE, UI_KEY_RESIZE, UI_KEY_MOUSE, UI_KEY_BACKSPACE,
	UI_KEY_CTRL_R = 0x12,
};

struct ui_action_info {
	const char *keys;
	const char *brief;
	const char *help;
};

const struct ui_action_info *ui_action_info(enum ui_action a);
/* The action a key does; for STEP_THREAD, *arg is the thread (0-9). */
enum ui_action ui_action_for_key(int key, int *arg);

#endif
