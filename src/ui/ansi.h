/* ansi.h - a frame as the bytes a terminal needs to show it: home, then
 * every row with SGR colours for the roles (the same colours as the TUI's
 * theme).  What the recorder writes as an asciicast "o" event. */
#ifndef LOCKSTEP_UI_ANSI_H
#define LOCKSTEP_UI_ANSI_H

#include <stdbool.h>

#include "ui/frame.h"
#include "util/strbuf.h"

void ui_ansi_render(const struct ui_frame *f, bool colour, struct strbuf *out);

#endif
