#include "config.h"

#include "ui/keys.h"

static const struct ui_action_info actions[] = {
#define X(id, keys, brief, help) { keys, brief, help },
	UI_ACTIONS(X)
#undef X
};

const struct ui_action_info *
ui_action_info(enum ui_action a)
{
	return &actions[a];
}

enum ui_action
ui_action_for_key(int key, int *arg)
{
	*arg = 0;
	if (key >= '1' && key <= '9') {
		*arg = key - '1';
		return UI_ACTION_STEP_THREAD;
	}
	if (key == '0') {		/* the tenth thread */
		*arg = 9;
		return UI_ACTION_STEP_THREAD;
	}
	switch (key) {
	case UI_KEY_LEFT: case 'h': return UI_ACTION_SELECT_PREV;
	case UI_KEY_RIGHT: case 'l': return UI_ACTION_SELECT_NEXT;
	case UI_KEY_ENTER: case '\n': case '\r': return UI_ACTION_STEP_SELECTED;
	case ' ': return UI_ACTION_PLAY;
	case '+': case '=': return UI_ACTION_FASTER;
	case '-': case '_': return UI_ACTION_SLOWER;
	case 'p': return UI_ACTION_POLICY;
	case 'u': return UI_ACTION_UNDO;
	case UI_KEY_CTRL_R: return UI_ACTION_REDO;
	case 'r': return UI_ACTION_RESTART;
	case 'e': return UI_ACTION_EXPAND;
	case 't': return UI_ACTION_VIEW;
	case UI_KEY_UP: case 'k': return UI_ACTION_SCROLL_BACK;
	case UI_KEY_DOWN: case 'j': return UI_ACTION_SCROLL_ON;
	case 'a': return UI_ACTION_ABOUT;
	case 'o': return UI_ACTION_OPEN;
	case 'R': return UI_ACTION_RECORD;
	case 'm': return UI_ACTION_MARK;
	case 's': return UI_ACTION_SAVE_PICTURE;
	case 'f': return UI_ACTION_FREE_RUN;
	case 'x': return UI_ACTION_EXPLORE;
	case '?': return UI_ACTION_HELP;
	case 'q': case UI_KEY_ESCAPE: return UI_ACTION_QUIT;
	default: return UI_ACTION_NONE;
	}
}
