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
#include <string.h>

#if defined(__GNUC__)
#define GW_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define GW_PRINTF(a, b)
#endif

/* ---- allocation (abort on OOM) ---- */
/* Called once by the program before anything else (the CLI's main): with
 * glibc, blocks of 1 MiB and more are mapped on their own and given back
 * when freed, and up to 8 MiB free at the top of a heap is kept for reuse.
 * glibc's default raises the first threshold to the size of any large
 * block freed, so after one big file buffer every later one stayed in the
 * heap: a 10,000-letter batch then peaked ~4 MiB higher.  No effect (and
 * harmless) elsewhere. */
void gw_alloc_init(void);
void *gw_xmalloc(size_t n);
void *gw_xcalloc(size_t n, size_t size);
void *gw_xrealloc(void *p, size_t n);
char *gw_xstrdup(const char *s);
char *gw_xstrndup(const char *s, size_t n);
/* Returns a newly allocated formatted string; caller frees. */
char *gw_xasprintf(const char *fmt, ...) GW_PRINTF(1, 2);

/* Small blocks kept per thread, for libxml2's models (model.c points
 * libxml2 at these: gw_model_setup).  A model is thousands of blocks of
 * 24–256 bytes made and freed together; glibc keeps only 7 free blocks of a
 * size per thread, so building the next one went through its slower paths
 * for most of them.  Here every thread keeps up to 512 KiB of freed small
 * blocks by size and hands them out again.
 *
 * Every block is an ordinary malloc block: free() and realloc() may take
 * one from gw_small_malloc and gw_small_free one from malloc.  A thread's
 * blocks are freed when it ends; gw_small_flush frees the calling thread's
 * now (the main thread's, before exit).  Out of memory aborts.  Without
 * glibc, and under AddressSanitizer (which must see every free), these are
 * plain malloc and free. */
void *gw_small_malloc(size_t n);
void gw_small_free(void *p);
void *gw_small_realloc(void *p, size_t n);
char *gw_small_strdup(const char *s);
void gw_small_flush(void);

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
/* gw_buf_put and gw_buf_putc are inline: they run per character in the
 * text loops; only growing the buffer is a call. */
static inline void gw_buf_put(gw_buf *b, const void *data, size_t n)
{
    if (b->len + n + 1 > b->cap)
        gw_buf_grow(b, n);
    if (n)
        memcpy(b->ptr + b->len, data, n);
    b->len += n;
    b->ptr[b->len] = '\0';
}
static inline void gw_buf_putc(gw_buf *b, char c)
{
    if (b->len + 2 > b->cap)
        gw_buf_grow(b, 1);
    b->ptr[b->len++] = c;
    b->ptr[b->len] = '\0';
}
void gw_buf_puts(gw_buf *b, const char *s);
void gw_buf_printf(gw_buf *b, const char *fmt, ...) GW_PRINTF(2, 3);
void gw_buf_vprintf(gw_buf *b, const char *fmt, va_list ap);
void gw_buf_clear(gw_buf *b);
char *gw_buf_detach(gw_buf *b);
/* Appends v in decimal (what "%ld" prints, without printf's cost). */
void gw_buf_put_long(gw_buf *b, long v);
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
 * bytes and stores the code point in *cp; returns 0 on invalid input.
 * Inline for ASCII and the three-byte sequences of Chinese text; the rest
 * goes to gw_utf8_decode_slow. */
size_t gw_utf8_decode_slow(const char *s, size_t n, uint32_t *cp);
static inline size_t gw_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n && u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    if (n >= 3 && (u[0] & 0xF0) == 0xE0 && (u[1] & 0xC0) == 0x80 && (u[2] & 0xC0) == 0x80) {
        uint32_t c = ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) | (uint32_t)(u[2] & 0x3F);
        if (c >= 0x800 && (c < 0xD800 || c > 0xDFFF)) {
            *cp = c;
            return 3;
        }
    }
    return gw_utf8_decode_slow(s, n, cp);
}
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

/* ---- atomic batches of files ----
 * Many files with the guarantee of gw_write_file_atomic (whatever happens to
 * the process or the machine, each path holds either its old content or
 * the complete new one, never a partial file) for a fraction of its cost:
 *
 *   gw_wbatch_add     writes the data to a temporary file beside the path
 *                     (PATH.tmpXXXXXX, like gw_write_file_atomic), no fsync;
 *   gw_wbatch_commit  makes every pending temporary durable at once (one
 *                     syncfs() per file system on Linux, else one fsync per
 *                     file), then renames each into place, in the order
 *                     they were added.
 *
 * A batch commits by itself every `every` files (gw_wbatch_new), so an
 * interrupted run loses at most that many files, and leaves at most that
 * many temporaries (gw_build removes them on its next run; a signal handler
 * can remove them with gw_wbatch_unlink_pending).  Each file's success is
 * stored through the `ok` pointer given to gw_wbatch_add (1 once it is in
 * place, 0 when it failed) and its errors go to the diagnostics given there.
 * A batch is used by one thread at a time (its asynchronous commit runs on
 * a thread of its own); gw_wbatch_free waits for that commit and removes
 * the temporaries of files that were added but not committed. */
typedef struct gw_wbatch gw_wbatch;

gw_wbatch *gw_wbatch_new(size_t every);
/* Writes data for path ("-" is not allowed).  Returns 0, or -1 with an
 * error diagnostic in d (*ok = 0; nothing is left behind).  May commit. */
int gw_wbatch_add(gw_wbatch *w, const char *path, const void *data, size_t n, int *ok,
                  gw_diags *d);
/* Commits the pending files (after waiting for an asynchronous commit);
 * returns how many failed. */
size_t gw_wbatch_commit(gw_wbatch *w);
/* Starts committing the pending files on a thread of its own (waiting for
 * the previous one first) and returns at once: the caller goes on writing
 * the next files while these are made durable and renamed.  Their ok flags
 * and diagnostics are set by that thread: read them after gw_wbatch_wait. */
void gw_wbatch_commit_async(gw_wbatch *w);
/* Waits for the asynchronous commit; returns how many of its files failed. */
size_t gw_wbatch_wait(gw_wbatch *w);
/* Number of files added and not yet committed. */
size_t gw_wbatch_pending(const gw_wbatch *w);
void gw_wbatch_free(gw_wbatch *w); /* NULL-safe; does not commit */
/* Unlinks the temporaries of every live batch's pending files.  Only
 * async-signal-safe calls: meant for SIGINT/SIGTERM handlers. */
void gw_wbatch_unlink_pending(void);

/* Days since 1970-01-01 (may be negative) → year, month 1-12, day 1-31. */
void gw_civil_date(long long days, int *y, int *m, int *d);

/* 1 when name ends in ext (".docx"; ASCII letters in any case) after at
 * least one other character. */
int gw_has_ext(const char *name, const char *ext);

#endif
