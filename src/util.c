/*
 * util.c — allocation policy, buffers, diagnostics, UTF-8, atomic files.
 */
#define _GNU_SOURCE /* syncfs */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void S_oom(void)
{
    fputs("gongwen: out of memory\n", stderr);
    abort();
}

void gw_alloc_init(void)
{
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    mallopt(M_TRIM_THRESHOLD, 8 << 20);
#endif
}

/* ---- small blocks kept per thread ---- */

#if defined(__SANITIZE_ADDRESS__)
#define S_SMALL_CACHE 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define S_SMALL_CACHE 0
#endif
#endif
#ifndef S_SMALL_CACHE
#ifdef __GLIBC__
#define S_SMALL_CACHE 1
#else
#define S_SMALL_CACHE 0
#endif
#endif

#if S_SMALL_CACHE
/* Bins by chunk size: a block in bin k has 16k - 8 usable bytes (glibc's
 * chunks are multiples of 16 with 8 bytes of header); freed blocks are
 * linked through their first bytes. */
#define S_NBINS 17              /* up to 264 usable bytes */
#define S_CACHE_BYTES (512 << 10)

typedef struct S_cache {
    void *bin[S_NBINS];
    size_t bytes;
    int keyed; /* registered for freeing at thread exit */
} S_cache;

static _Thread_local S_cache S_tc;
static pthread_key_t S_tc_key;
static pthread_once_t S_tc_once = PTHREAD_ONCE_INIT;

static void S_cache_drop(S_cache *c)
{
    for (int k = 0; k < S_NBINS; k++) {
        while (c->bin[k]) {
            void *p = c->bin[k];
            memcpy(&c->bin[k], p, sizeof(void *));
            free(p);
        }
    }
    c->bytes = 0;
}

static void S_tc_exit(void *arg)
{
    S_cache_drop(arg);
}

static int S_tc_key_ok;

static void S_tc_key_make(void)
{
    S_tc_key_ok = pthread_key_create(&S_tc_key, S_tc_exit) == 0;
}
#endif

void *gw_small_malloc(size_t n)
{
#if S_SMALL_CACHE
    size_t k = n <= 24 ? 2 : (n + 8 + 15) / 16;
    if (k < S_NBINS && S_tc.bin[k]) {
        void *p = S_tc.bin[k];
        memcpy(&S_tc.bin[k], p, sizeof(void *));
        S_tc.bytes -= k * 16;
        return p;
    }
#endif
    return gw_xmalloc(n);
}

void gw_small_free(void *p)
{
    if (!p)
        return;
#if S_SMALL_CACHE
    size_t k = (malloc_usable_size(p) + 8) / 16;
    if (k >= 2 && k < S_NBINS && S_tc.bytes + k * 16 <= S_CACHE_BYTES) {
        if (!S_tc.keyed) { /* the thread's first: its blocks go when it ends */
            pthread_once(&S_tc_once, S_tc_key_make);
            if (!S_tc_key_ok || pthread_setspecific(S_tc_key, &S_tc) != 0) {
                free(p);
                return;
            }
            S_tc.keyed = 1;
        }
        memcpy(p, &S_tc.bin[k], sizeof(void *));
        S_tc.bin[k] = p;
        S_tc.bytes += k * 16;
        return;
    }
#endif
    free(p);
}

void *gw_small_realloc(void *p, size_t n)
{
    return gw_xrealloc(p, n);
}

char *gw_small_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = gw_small_malloc(n);
    memcpy(d, s, n);
    return d;
}

void gw_small_flush(void)
{
#if S_SMALL_CACHE
    S_cache_drop(&S_tc);
#endif
}

void *gw_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        S_oom();
    return p;
}

void *gw_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        S_oom();
    return p;
}

void *gw_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        S_oom();
    return q;
}

char *gw_xstrdup(const char *s)
{
    return gw_xstrndup(s, strlen(s));
}

char *gw_xstrndup(const char *s, size_t n)
{
    char *p = gw_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *gw_xasprintf(const char *fmt, ...)
{
    gw_buf b = {0};
    va_list ap;
    va_start(ap, fmt);
    gw_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    if (!b.ptr)
        return gw_xstrdup("");
    return gw_buf_detach(&b);
}

/* ---- buffer ---- */

void gw_buf_grow(gw_buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    b->ptr = gw_xrealloc(b->ptr, cap);
    b->cap = cap;
}

void gw_buf_puts(gw_buf *b, const char *s)
{
    gw_buf_put(b, s, strlen(s));
}

void gw_buf_vprintf(gw_buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return;
    gw_buf_grow(b, (size_t)n);
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    b->len += (size_t)n;
}

void gw_buf_printf(gw_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gw_buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void gw_buf_clear(gw_buf *b)
{
    b->len = 0;
    if (b->ptr)
        b->ptr[0] = '\0';
}

void gw_buf_put_long(gw_buf *b, long v)
{
    char t[24];
    size_t i = sizeof t;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    do {
        t[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        t[--i] = '-';
    gw_buf_put(b, t + i, sizeof t - i);
}

char *gw_buf_detach(gw_buf *b)
{
    char *p = b->ptr;
    if (!p)
        p = gw_xstrdup("");
    else if (b->cap > b->len + 1 + 32) /* kept by the caller: only its bytes */
        p = gw_xrealloc(p, b->len + 1);
    b->ptr = NULL;
    b->len = b->cap = 0;
    return p;
}

void gw_buf_free(gw_buf *b)
{
    free(b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
}

void gw_buf_put_xml_escaped(gw_buf *b, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        default: break;
        }
        if (rep) {
            gw_buf_put(b, s + start, i - start);
            gw_buf_puts(b, rep);
            start = i + 1;
        }
    }
    gw_buf_put(b, s + start, n - start);
}

/* ---- diagnostics ---- */

struct gw_diags {
    gw_diag *v;
    size_t n, cap;
};

gw_diags *gw_diags_new(void)
{
    return gw_xcalloc(1, sizeof(gw_diags));
}

void gw_diags_clear(gw_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].file);
        free(d->v[i].msg);
    }
    d->n = 0;
}

void gw_diags_free(gw_diags *d)
{
    if (!d)
        return;
    gw_diags_clear(d);
    free(d->v);
    free(d);
}

void gw_diags_vadd(gw_diags *d, gw_severity sev, const char *file, int line, int col,
                   const char *fmt, va_list ap)
{
    if (!d)
        return;
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 8;
        d->v = gw_xrealloc(d->v, d->cap * sizeof(gw_diag));
    }
    gw_buf b = {0};
    gw_buf_vprintf(&b, fmt, ap);
    gw_diag *g = &d->v[d->n++];
    g->sev = sev;
    g->file = file ? gw_xstrdup(file) : NULL;
    g->line = line;
    g->col = col;
    g->msg = gw_buf_detach(&b);
}

void gw_diags_add(gw_diags *d, gw_severity sev, const char *file, int line, int col,
                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gw_diags_vadd(d, sev, file, line, col, fmt, ap);
    va_end(ap);
}

size_t gw_diags_count(const gw_diags *d)
{
    return d ? d->n : 0;
}

const gw_diag *gw_diags_get(const gw_diags *d, size_t i)
{
    return (d && i < d->n) ? &d->v[i] : NULL;
}

size_t gw_diags_errors(const gw_diags *d)
{
    size_t k = 0;
    for (size_t i = 0; d && i < d->n; i++)
        if (d->v[i].sev == GW_ERROR)
            k++;
    return k;
}

void gw_diags_move(gw_diags *dst, gw_diags *src)
{
    if (!dst || !src)
        return;
    for (size_t i = 0; i < src->n; i++) {
        if (dst->n == dst->cap) {
            dst->cap = dst->cap ? dst->cap * 2 : 8;
            dst->v = gw_xrealloc(dst->v, dst->cap * sizeof(gw_diag));
        }
        dst->v[dst->n++] = src->v[i];
    }
    src->n = 0;
}

static const char *const S_sev_names[GW_SEVERITY_MAX] = {"note", "warning", "error"};

const char *gw_severity_name(gw_severity s)
{
    return (unsigned)s < GW_SEVERITY_MAX ? S_sev_names[s] : "error";
}

void gw_diag_format(const gw_diag *g, gw_buf *out)
{
    if (g->file) {
        gw_buf_puts(out, g->file);
        if (g->line > 0) {
            gw_buf_printf(out, ":%d", g->line);
            if (g->col > 0)
                gw_buf_printf(out, ":%d", g->col);
        }
        gw_buf_puts(out, ": ");
    }
    gw_buf_printf(out, "%s: %s", gw_severity_name(g->sev), g->msg);
}

/* ---- UTF-8 ---- */

size_t gw_utf8_decode_slow(const char *str, size_t n, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (n == 0)
        return 0;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t len;
    uint32_t c, min;
    if ((s[0] & 0xE0) == 0xC0) {
        len = 2; c = s[0] & 0x1F; min = 0x80;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3; c = s[0] & 0x0F; min = 0x800;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4; c = s[0] & 0x07; min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

void gw_utf8_put(gw_buf *b, uint32_t cp)
{
    char t[4];
    size_t n;
    if (cp < 0x80) {
        t[0] = (char)cp; n = 1;
    } else if (cp < 0x800) {
        t[0] = (char)(0xC0 | (cp >> 6)); t[1] = (char)(0x80 | (cp & 0x3F)); n = 2;
    } else if (cp < 0x10000) {
        t[0] = (char)(0xE0 | (cp >> 12)); t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        t[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        t[0] = (char)(0xF0 | (cp >> 18)); t[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        t[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); t[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    gw_buf_put(b, t, n);
}

size_t gw_utf8_count(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            k++;
    return k;
}

int gw_utf8_valid(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = gw_utf8_decode(s + i, n - i, &cp);
        if (!k)
            return 0;
        i += k;
    }
    return 1;
}

/* ---- files ---- */

int gw_read_file(const char *path, gw_buf *out, gw_diags *d)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        gw_diags_add(d, GW_ERROR, path, 0, 0, "cannot open file: %s", strerror(errno));
        return -1;
    }
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
        gw_buf_put(out, tmp, n);
    int bad = ferror(f);
    int saved = errno;
    if (f != stdin)
        fclose(f);
    if (bad) {
        gw_diags_add(d, GW_ERROR, path, 0, 0, "cannot read file: %s", strerror(saved));
        return -1;
    }
    if (!out->ptr)
        gw_buf_put(out, "", 0);
    return 0;
}

/* Writes n bytes to fd; 0, or -1 with errno set. */
static int S_write_all(int fd, const void *data, size_t n)
{
    const char *p = data;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* mkstemp creates 0600; documents get ordinary permissions (0666 less the
 * umask).  The umask is read once: reading it means setting it, which is
 * not safe while other threads create files. */
static mode_t S_umask;
static pthread_once_t S_umask_once = PTHREAD_ONCE_INIT;

static void S_umask_read(void)
{
    S_umask = umask(0);
    umask(S_umask);
}

static void S_file_mode(int fd)
{
    pthread_once(&S_umask_once, S_umask_read);
    if (fchmod(fd, 0666 & ~S_umask) != 0) {
        /* keep 0600: still a complete document, readable by its owner */
    }
}

/* Creates PATH.tmpXXXXXX beside path (the name gw_build removes after an
 * interruption): its descriptor, *tmp newly allocated; or -1 with an error
 * diagnostic. */
static int S_temp_beside(const char *path, char **tmp, gw_diags *d)
{
    *tmp = gw_xasprintf("%s.tmpXXXXXX", path);
    int fd = mkstemp(*tmp);
    if (fd < 0) {
        gw_diags_add(d, GW_ERROR, path, 0, 0, "cannot create output file: %s", strerror(errno));
        free(*tmp);
        *tmp = NULL;
    }
    return fd;
}

int gw_write_file_atomic(const char *path, const void *data, size_t n, gw_diags *d)
{
    if (strcmp(path, "-") == 0) {
        if (fwrite(data, 1, n, stdout) != n || fflush(stdout) != 0) {
            gw_diags_add(d, GW_ERROR, NULL, 0, 0, "cannot write to standard output: %s",
                         strerror(errno));
            return -1;
        }
        return 0;
    }
    char *tmp;
    int fd = S_temp_beside(path, &tmp, d);
    if (fd < 0)
        return -1;
    if (S_write_all(fd, data, n) != 0)
        goto fail;
    if (fsync(fd) != 0 && errno != EINVAL)
        goto fail;
    S_file_mode(fd);
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) != 0)
        goto fail;
    free(tmp);
    return 0;
fail:
    gw_diags_add(d, GW_ERROR, path, 0, 0, "cannot write output file: %s", strerror(errno));
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    free(tmp);
    return -1;
}

/* ---- atomic batches ---- */

typedef struct S_wentry {
    char *path;
    _Atomic(char *) tmp; /* read by gw_wbatch_unlink_pending */
    int *ok;
    gw_diags *d;
} S_wentry;

struct gw_wbatch {
    S_wentry *v;  /* pending: written, not yet committed */
    size_t n, every;
    S_wentry *fly; /* being committed by the commit thread */
    size_t nfly, flyfailed;
    pthread_t th;
    int flying;
    struct gw_wbatch *next; /* the list of live batches */
};

static pthread_mutex_t S_wb_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic(gw_wbatch *) S_wb_live;

gw_wbatch *gw_wbatch_new(size_t every)
{
    gw_wbatch *w = gw_xcalloc(1, sizeof *w);
    w->every = every ? every : 1;
    w->v = gw_xcalloc(w->every, sizeof *w->v);
    w->fly = gw_xcalloc(w->every, sizeof *w->fly);
    pthread_mutex_lock(&S_wb_lock);
    w->next = atomic_load(&S_wb_live);
    atomic_store(&S_wb_live, w);
    pthread_mutex_unlock(&S_wb_lock);
    return w;
}

size_t gw_wbatch_pending(const gw_wbatch *w)
{
    return w ? w->n : 0;
}

int gw_wbatch_add(gw_wbatch *w, const char *path, const void *data, size_t n, int *ok,
                  gw_diags *d)
{
    if (ok)
        *ok = 0;
    if (w->n == w->every)
        gw_wbatch_commit(w);
    char *tmp;
    int fd = S_temp_beside(path, &tmp, d);
    if (fd < 0)
        return -1;
    S_wentry *e = &w->v[w->n++];
    e->path = gw_xstrdup(path);
    e->ok = ok;
    e->d = d;
    atomic_store(&e->tmp, tmp); /* from here a signal handler may unlink it */
    int rc = S_write_all(fd, data, n);
    if (rc == 0)
        S_file_mode(fd);
    int err = errno;
    if (close(fd) != 0 && rc == 0) {
        rc = -1;
        err = errno;
    }
    if (rc != 0) {
        gw_diags_add(d, GW_ERROR, path, 0, 0, "cannot write output file: %s", strerror(err));
        w->n--;
        atomic_store(&e->tmp, NULL);
        unlink(tmp);
        free(tmp);
        free(e->path);
        return -1;
    }
    return 0;
}

/* Makes the pending temporaries durable: on Linux one syncfs per file
 * system they are on (told apart by st_dev: one run writes to one or two),
 * else, or when that fails, fsync of each.  bad[i] gets an errno. */
static void S_wbatch_sync(S_wentry *v, size_t n, int *bad)
{
#ifdef __linux__
    enum { S_MAXDEV = 8 };
    dev_t devs[S_MAXDEV];
    size_t ndev = 0;
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++) {
        struct stat st;
        char *tmp = atomic_load(&v[i].tmp);
        if (stat(tmp, &st) != 0) {
            ok = 0;
            break;
        }
        size_t k = 0;
        while (k < ndev && devs[k] != st.st_dev)
            k++;
        if (k < ndev)
            continue;
        if (ndev == S_MAXDEV) {
            ok = 0;
            break;
        }
        int fd = open(tmp, O_RDONLY | O_CLOEXEC);
        if (fd < 0 || syncfs(fd) != 0)
            ok = 0;
        else
            devs[ndev++] = st.st_dev;
        if (fd >= 0)
            close(fd);
    }
    if (ok)
        return;
#endif
    for (size_t i = 0; i < n; i++) {
        char *tmp = atomic_load(&v[i].tmp);
        int fd = open(tmp, O_RDONLY | O_CLOEXEC);
        if (fd < 0 || (fsync(fd) != 0 && errno != EINVAL))
            bad[i] = errno ? errno : EIO;
        if (fd >= 0)
            close(fd);
    }
}

/* Syncs and renames entries v[0..n); returns how many failed. */
static size_t S_wbatch_commit_entries(S_wentry *v, size_t n)
{
    if (!n)
        return 0;
    int *bad = gw_xcalloc(n, sizeof *bad);
    S_wbatch_sync(v, n, bad);
    size_t failed = 0;
    for (size_t i = 0; i < n; i++) {
        S_wentry *e = &v[i];
        char *tmp = atomic_load(&e->tmp);
        if (!bad[i] && rename(tmp, e->path) != 0)
            bad[i] = errno ? errno : EIO;
        atomic_store(&e->tmp, NULL);
        if (bad[i]) {
            gw_diags_add(e->d, GW_ERROR, e->path, 0, 0, "cannot write output file: %s",
                         strerror(bad[i]));
            unlink(tmp);
            failed++;
        } else if (e->ok) {
            *e->ok = 1;
        }
        free(tmp);
        free(e->path);
    }
    free(bad);
    return failed;
}

static void *S_wbatch_thread(void *arg)
{
    gw_wbatch *w = arg;
    w->flyfailed = S_wbatch_commit_entries(w->fly, w->nfly);
    return NULL;
}

size_t gw_wbatch_wait(gw_wbatch *w)
{
    if (!w || !w->flying)
        return 0;
    pthread_join(w->th, NULL);
    w->flying = 0;
    w->nfly = 0;
    return w->flyfailed;
}

size_t gw_wbatch_commit(gw_wbatch *w)
{
    if (!w)
        return 0;
    size_t failed = gw_wbatch_wait(w);
    failed += S_wbatch_commit_entries(w->v, w->n);
    w->n = 0;
    return failed;
}

void gw_wbatch_commit_async(gw_wbatch *w)
{
    if (!w)
        return;
    gw_wbatch_wait(w);
    if (!w->n)
        return;
    S_wentry *t = w->fly; /* the pending entries become the flying ones */
    w->fly = w->v;
    w->nfly = w->n;
    w->v = t;
    w->n = 0;
    w->flyfailed = 0;
    if (pthread_create(&w->th, NULL, S_wbatch_thread, w) == 0) {
        w->flying = 1;
    } else {
        w->flyfailed = S_wbatch_commit_entries(w->fly, w->nfly);
        w->nfly = 0;
    }
}

void gw_wbatch_free(gw_wbatch *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&S_wb_lock);
    gw_wbatch *p = atomic_load(&S_wb_live);
    if (p == w) {
        atomic_store(&S_wb_live, w->next);
    } else {
        while (p && p->next != w)
            p = p->next;
        if (p)
            p->next = w->next;
    }
    pthread_mutex_unlock(&S_wb_lock);
    gw_wbatch_wait(w);
    for (size_t i = 0; i < w->n; i++) {
        char *tmp = atomic_exchange(&w->v[i].tmp, NULL);
        if (tmp) {
            unlink(tmp);
            free(tmp);
        }
        free(w->v[i].path);
    }
    free(w->v);
    free(w->fly);
    free(w);
}

void gw_wbatch_unlink_pending(void)
{
    for (gw_wbatch *w = atomic_load(&S_wb_live); w; w = w->next)
        for (size_t i = 0; i < w->every; i++) {
            char *tmp = atomic_load(&w->v[i].tmp);
            if (tmp)
                unlink(tmp);
            tmp = atomic_load(&w->fly[i].tmp);
            if (tmp)
                unlink(tmp);
        }
}

/* H. Hinnant's days-from-civil, inverted. */
void gw_civil_date(long long days, int *y, int *m, int *d)
{
    days += 719468;
    long long era = (days >= 0 ? days : days - 146096) / 146097;
    long long doe = days - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long yy = yoe + era * 400;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yy + (*m <= 2));
}

int gw_has_ext(const char *name, const char *ext)
{
    size_t n = strlen(name), k = strlen(ext);
    if (n <= k)
        return 0;
    for (size_t i = 0; i < k; i++) {
        char c = name[n - k + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != ext[i])
            return 0;
    }
    return 1;
}
