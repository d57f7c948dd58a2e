/* overlay.h - boxes drawn over the screen: help, about, the picker, a
 * notify's choice, free-run and the explorer.
 */
#ifndef LOCKSTEP_UI_OVERLAY_H
#define LOCKSTEP_UI_OVERLAY_H

#include "ui/frame.h"
#include "ui/session.h"

/* Draw the overlay s->overlay names, if any, over f. */
void ui_overlay_draw(const struct ui_session *s, struct ui_frame *f);

#endif
