/*
 * util.h — the pieces every stage shares: the allocation policy, a growable
 * byte buffer, the one diagnostic type, and small UTF-8 helpers.
 *
 * Allocation policy: every allocation goes through gw_xmalloc and friends.
 * On out-of-memory they print "gongwen: out of memory" and abort(), so no
 * caller checks for NULL.  Recoverable failures (bad input, I/O, template
 * errors) are reported as diagnostics instead.
 *
 * Diagnostics: stages never print.  They append a gw_diag (severity,
 * file:line:col, message) to the gw_diags list they are given; the CLI prints
 * them in one compiler-like format.
 */
#ifndef GW_UTIL_H
#define GW_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define GW_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define GW_PRINTF(a, b)
#endif

/* ---- allocation (abort on OOM) ---- */
void *gw_xmalloc(size_t n);
void *gw_xcalloc(size_t n, size_t size);
void *gw_xrealloc(void *p, size_t n);
char *gw_xstrdup(const char *s);
char *gw_xstrndup(const char *s, size_t n);
/* Returns a newly allocated formatted string; caller frees. */
char *gw_xasprintf(const char *fmt, ...) GW_PRINTF(1, 2);

/* ---- growable buffer ----
 * A zero-initialised gw_buf is empty and valid.  ptr is always
 * NUL-terminated once anything was added.  gw_buf_free releases ptr;
 * gw_buf_detach hands ptr to the caller (who frees it) and empties the buf. */
typedef struct gw_buf {
    char *ptr;
    size_t len;
    size_t cap;
} gw_buf;

void gw_buf_grow(gw_buf *b, size_t extra);
void gw_buf_put(gw_buf *b, const void *data, size_t n);
void gw_buf_puts(gw_buf *b, const char *s);
void gw_buf_putc(gw_buf *b, char c);
void gw_buf_printf(gw_buf *b, const char *fmt, ...) GW_PRINTF(2, 3);
void gw_buf_vprintf(gw_buf *b, const char *fmt, va_list ap);
void gw_buf_clear(gw_buf *b);
char *gw_buf_detach(gw_buf *b);
void gw_buf_free(gw_buf *b);
/* Appends s with & < > " escaped for XML text or attribute values. */
void gw_buf_put_xml_escaped(gw_buf *b, const char *s, size_t n);

/* ---- diagnostics ---- */
typedef enum gw_severity { GW_NOTE, GW_WARNING, GW_ERROR, GW_SEVERITY_MAX } gw_severity;

typedef struct gw_diag {
    gw_severity sev;
    char *file; /* may be NULL when no file is involved */
    int line;   /* 1-based; 0 when unknown */
    int col;    /* 1-based, counted in characters; 0 when unknown */
    char *msg;
} gw_diag;

typedef struct gw_diags gw_diags; /* opaque list */

gw_diags *gw_diags_new(void);
void gw_diags_free(gw_diags *d); /* NULL-safe */
void gw_diags_add(gw_diags *d, gw_severity sev, const char *file, int line, int col,
                  const char *fmt, ...) GW_PRINTF(6, 7);
void gw_diags_vadd(gw_diags *d, gw_severity sev, const char *file, int line, int col,
                   const char *fmt, va_list ap);
size_t gw_diags_count(const gw_diags *d);
const gw_diag *gw_diags_get(const gw_diags *d, size_t i);
size_t gw_diags_errors(const gw_diags *d);
/* Moves all entries of src to the end of dst; src becomes empty. */
void gw_diags_move(gw_diags *dst, gw_diags *src);
void gw_diags_clear(gw_diags *d);
/* Formats one diagnostic as "file:line:col: error: msg" (no newline). */
void gw_diag_format(const gw_diag *g, gw_buf *out);
const char *gw_severity_name(gw_severity s);

/* ---- UTF-8 ---- */
/* Decodes one code point at s (n bytes available).  Returns its length in
 * bytes and stores the code point in *cp; returns 0 on invalid input. */
size_t gw_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Appends the UTF-8 encoding of cp. */
void gw_utf8_put(gw_buf *b, uint32_t cp);
/* Number of code points in s[0..n) (invalid bytes count one each). */
size_t gw_utf8_count(const char *s, size_t n);
/* Returns 1 when s[0..n) is valid UTF-8. */
int gw_utf8_valid(const char *s, size_t n);

/* ---- files ---- */
/* Reads a whole file ("-" = stdin) into *out.  Returns 0, or -1 with an
 * error diagnostic naming the file. */
int gw_read_file(const char *path, gw_buf *out, gw_diags *d);
/* Writes data to path atomically: a temporary file in the same directory,
 * fsync, rename.  "-" writes to stdout.  On failure nothing is left behind
 * and -1 is returned with an error diagnostic. */
int gw_write_file_atomic(const char *path, const void *data, size_t n, gw_diags *d);

#endif
