#ifndef CNCURSESW_SHIM_H
#define CNCURSESW_SHIM_H
// Must precede <curses.h>: enables cchar_t, wget_wch, setcchar. SwiftPM drops pkg-config's -D flags.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <string.h>
#include <wchar.h>
#include <sys/ioctl.h>
#include <ncursesw/curses.h>

// Hidden behind __USE_XOPEN in the Glibc module Swift imports.
extern int wcwidth(wchar_t c);
static inline int cnc_wcwidth(wchar_t c) { return wcwidth(c); }

// C globals are shared mutable state to Swift 6; reach them through functions.
static inline WINDOW *cnc_stdscr(void) { return stdscr; }
static inline int cnc_colors(void) { return COLORS; }
static inline int cnc_lines(void) { return LINES; }
static inline int cnc_cols(void) { return COLS; }
static inline int cnc_is_utf8(void) { const char *c = nl_langinfo(CODESET); return c && (strcmp(c, "UTF-8") == 0 || strcmp(c, "utf8") == 0); }
static inline int cnc_color_pairs(void) { return COLOR_PAIRS; }

// A_* are built with a function-like macro, which does not import.
static const attr_t CNC_A_NORMAL    = A_NORMAL;
static const attr_t CNC_A_BOLD      = A_BOLD;
static const attr_t CNC_A_DIM       = A_DIM;
static const attr_t CNC_A_REVERSE   = A_REVERSE;
static const attr_t CNC_A_UNDERLINE = A_UNDERLINE;
static const attr_t CNC_A_ITALIC    = A_ITALIC;

// Terminal size from the kernel, for resizeterm after SIGWINCH.
static inline int cnc_winsize(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return -1;
    *rows = ws.ws_row; *cols = ws.ws_col;
    return 0;
}

// One grapheme (spacing char + combining chars, NUL-terminated) at y,x with attrs and an
// extended colour pair (passed through setcchar's opts so pairs above 32767 work).
static inline int cnc_put_cell(WINDOW *w, int y, int x, const wchar_t *wstr, attr_t attrs, int pair) {
    cchar_t cc;
    if (setcchar(&cc, wstr, attrs, 0, &pair) != OK) return ERR;
    return mvwadd_wch(w, y, x, &cc);
}
// From <term.h>, which is not included whole: its capability macros (lines, columns, bell, ...)
// would shadow ordinary names in every file that imports this module.
struct term;
extern int setupterm(const char *, int, int *);
extern struct term *set_curterm(struct term *);
extern int del_curterm(struct term *);

// Whether the terminal type `term` (NULL: $TERM) can move the cursor (terminfo `cup`): 1 yes,
// 0 no, -1 no terminfo entry. Reads the entry without starting curses or writing anything.
static inline int cnc_cursor_addressing(const char *term) {
    int err = 0;
    if (setupterm(term, 1, &err) != OK) return -1;
    const char *cup = tigetstr("cup");
    int result = cup != NULL && cup != (const char *)-1;
    del_curterm(set_curterm(NULL));
    return result;
}
// Mouse: the button masks are built by function-like macros, which do not import.
static inline int cnc_mouse(int on) {
    mmask_t old;
    mouseinterval(0);
    return mousemask(on ? (BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED) : 0, &old) != 0;
}
// The pending mouse event: 1 a click, 4 wheel up, 5 wheel down, 0 anything else, -1 none.
static inline int cnc_mouse_event(int *x, int *y) {
    MEVENT e;
    if (getmouse(&e) != OK) return -1;
    *x = e.x; *y = e.y;
    if (e.bstate & BUTTON1_PRESSED) return 1;
    if (e.bstate & BUTTON4_PRESSED) return 4;
    if (e.bstate & BUTTON5_PRESSED) return 5;
    return 0;
}
#endif
