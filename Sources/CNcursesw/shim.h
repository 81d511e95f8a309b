#ifndef KOHORT_CNCURSESW_SHIM_H
#define KOHORT_CNCURSESW_SHIM_H
/* Wide-character curses for Swift 6.
 * curses exposes mutable C globals (stdscr, LINES, COLS, COLORS) that Swift 6 strict
 * concurrency rejects, and macros (getmaxyx, COLOR_PAIR, KEY_*) that Swift cannot import.
 * Everything Kohort needs goes through the small inline functions below instead. */
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline WINDOW *kohort_stdscr(void) { return stdscr; }
static inline int kohort_lines(void) { return LINES; }
static inline int kohort_cols(void) { return COLS; }
static inline int kohort_colors(void) { return COLORS; }
static inline int kohort_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline void kohort_getmaxyx(WINDOW *w, int *rows, int *cols) { int r, c; getmaxyx(w, r, c); *rows = r; *cols = c; }
static inline int kohort_set_locale(void) { return setlocale(LC_ALL, "") != NULL; }
static inline int kohort_attr_bold(void) { return (int)A_BOLD; }
static inline int kohort_attr_reverse(void) { return (int)A_REVERSE; }
static inline int kohort_attr_dim(void) { return (int)A_DIM; }
static inline int kohort_attr_underline(void) { return (int)A_UNDERLINE; }
static inline int kohort_key_resize(void) { return KEY_RESIZE; }
static inline int kohort_key_up(void) { return KEY_UP; }
static inline int kohort_key_down(void) { return KEY_DOWN; }
static inline int kohort_key_left(void) { return KEY_LEFT; }
static inline int kohort_key_right(void) { return KEY_RIGHT; }
static inline int kohort_key_home(void) { return KEY_HOME; }
static inline int kohort_key_end(void) { return KEY_END; }
static inline int kohort_key_npage(void) { return KEY_NPAGE; }
static inline int kohort_key_ppage(void) { return KEY_PPAGE; }
static inline int kohort_key_backspace(void) { return KEY_BACKSPACE; }
static inline int kohort_key_dc(void) { return KEY_DC; }
static inline int kohort_key_btab(void) { return KEY_BTAB; }
static inline int kohort_key_enter(void) { return KEY_ENTER; }
static inline int kohort_key_f1(void) { return KEY_F(1); }
static inline int kohort_ok(void) { return OK; }
static inline int kohort_key_code_yes(void) { return KEY_CODE_YES; }
static inline int kohort_utf8_locale(void) { const char *l = setlocale(LC_CTYPE, NULL); if (!l) return 0; for (const char *p = l; *p; p++) { if ((p[0]=='U'||p[0]=='u') && (p[1]=='T'||p[1]=='t') && (p[2]=='F'||p[2]=='f')) return 1; } return 0; }
/* The character set of the locale set by kohort_set_locale ("UTF-8", "ANSI_X3.4-1968" for LANG=C). */
static inline const char *kohort_codeset(void) { return nl_langinfo(CODESET); }
static inline int kohort_err(void) { return ERR; }

/* Draw one wide character with attributes and a colour pair at (y, x). */
static inline int kohort_put_wch(WINDOW *w, int y, int x, wchar_t ch, int attrs, short pair) {
    cchar_t cc;
    wchar_t wstr[2] = { ch, L'\0' };
    setcchar(&cc, wstr, (attr_t)attrs, pair, NULL);
    return mvwadd_wch(w, y, x, &cc);
}
#endif
