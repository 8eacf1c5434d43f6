/*
 * theme.h: every colour the UI uses, in one table with a monochrome column
 * (STYLE.md rule 16).  NO_COLOR, or a terminal without colours, picks the
 * monochrome attributes.
 */
#ifndef NETSTEP_UI_THEME_H
#define NETSTEP_UI_THEME_H

/* role, foreground, background, bold, monochrome attribute */
#define THEME_ROLES(_) \
	_(NORMAL,   WHITE,   DEFAULT, 0, M_NONE) \
	_(DIM,      BLUE,    DEFAULT, 1, M_DIM) \
	_(TITLE,    CYAN,    DEFAULT, 1, M_BOLD) \
	_(FRAME,    BLUE,    DEFAULT, 0, M_NONE) \
	_(FOCUS,    YELLOW,  DEFAULT, 1, M_BOLD) \
	_(CURRENT,  BLACK,   YELLOW,  0, M_REVERSE) \
	_(VISITED,  GREEN,   DEFAULT, 0, M_NONE) \
	_(DROP,     RED,     DEFAULT, 1, M_BOLD) \
	_(CHANGED,  BLACK,   GREEN,   0, M_REVERSE) \
	_(COUNT,    MAGENTA, DEFAULT, 1, M_BOLD) \
	_(HDR_ETH,  CYAN,    DEFAULT, 0, M_NONE) \
	_(HDR_IP,   GREEN,   DEFAULT, 0, M_BOLD) \
	_(HDR_L4,   YELLOW,  DEFAULT, 0, M_UNDERLINE) \
	_(PAYLOAD,  WHITE,   DEFAULT, 0, M_NONE) \
	_(BAR,      GREEN,   DEFAULT, 0, M_REVERSE) \
	_(BAR_FULL, RED,     DEFAULT, 0, M_REVERSE) \
	_(STATUS,   BLACK,   CYAN,    0, M_REVERSE) \
	_(PROMPT,   GREEN,   DEFAULT, 1, M_BOLD) \
	_(ERROR,    RED,     DEFAULT, 1, M_BOLD) \
	_(ACCEPT,   GREEN,   DEFAULT, 1, M_BOLD)

enum theme_role {
#define _(r, fg, bg, bold, mono) ROLE_##r,
	THEME_ROLES(_)
#undef _
	ROLE__COUNT
};

#endif
