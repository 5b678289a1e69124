/*
 * package.c — stage 5: reading template zips and writing the DOCX package.
 *
 * Reading (gw_zipin): the archive bytes stay in memory and libzip reads them
 * through a read-only zip_source_buffer.
 *
 * Writing (gw_package): parts are collected in order and gw_package_finish
 * builds the whole archive in memory with libzip (zip_source_buffer_create +
 * ZIP_CREATE|ZIP_TRUNCATE), then appends the bytes to the caller's buffer.
 * New parts are deflated here, when they are added (gw_partw), and handed
 * to libzip already compressed, together with their size and CRC, through
 * a function source whose stat says "deflated": libzip writes such data as
 * it is, exactly as it writes the raw bytes copied from a template.  So a
 * part is never held uncompressed by the package, a long part can be
 * written in pieces and deflated on several threads, and libzip is left
 * with the container: headers, central directory, order.
 *
 * Deflating (pw_deflate): raw deflate, level 6, 32 KiB window, memLevel 9,
 * the parameters libzip itself uses, so a part of up to one block
 * (GW_PART_BLOCK, 256 KiB: every part of a notice or a letter) is the
 * same bytes libzip would have written.  A longer part is cut into blocks
 * of exactly GW_PART_BLOCK bytes of data (whatever the sizes of the
 * writes); each block is deflated on its own, primed with the 32 KiB of
 * data before it (deflateSetDictionary) and ended with a sync flush, the
 * last with Z_FINISH; their concatenation is one valid deflate stream (the
 * way pigz works), the CRCs are joined with crc32_combine.  The bytes
 * depend only on the data, never on the number of threads.
 * Determinism rules, all applied per entry:
 *   - entries are written in insertion order (libzip keeps index order);
 *   - time/date fixed at 1980-01-01 00:00 (DOS time 0, date 0x0021);
 *   - external attributes fixed (made by MS-DOS, attributes 0), so nothing
 *     of the host or of the template's origin leaks into the headers;
 *   - new parts deflated at level 6 (gw_partw); copied parts keep their compressed
 *     bytes (zip_source_zip over the whole entry gives libzip the raw data
 *     together with its method, size and CRC, and libzip then writes it as
 *     is; a stored entry is explicitly kept stored);
 *   - libzip 1.7 writes no extra fields for new entries (none are carried
 *     over from a template either), and no archive comment.
 * libzip 1.7 converts the DOS time through time_t and the local time zone;
 * for a TZ in which 1980-01-01 00:00 local does not exist the round trip
 * would shift it, so after zip_close the time/date fields of every local and
 * central header are rewritten to the fixed values (normally a no-op).
 *
 * Thread safety: a gw_zipin is read through one zip_t, so one gw_zipin must
 * not be used (read or copied from in gw_package_finish) by two threads at
 * once.  Distinct objects are independent.
 */
#include "package.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>
#include <zlib.h>

#define GW_DOS_TIME 0u                                /* 00:00:00 */
#define GW_DOS_DATE ((0u << 9) | (1u << 5) | 1u)      /* 1980-01-01 */
#define GW_DEFLATE_LEVEL 6
#define GW_DEFLATE_MEMLEVEL 9                         /* as libzip */
#define GW_PART_BLOCK ((size_t)256 << 10)             /* data per deflate block */
#define GW_PART_DICT ((size_t)32 << 10)               /* the deflate window */
#define GW_MAX_RESERVE ((size_t)64 << 20)

/* ------------------------------------------------------------------ */
/* gw_zipin                                                            */
/* ------------------------------------------------------------------ */

struct gw_zipin {
    char *name;           /* file name used in diagnostics */
    char *bytes;          /* the archive, owned */
    size_t len;
    zip_t *za;            /* read-only view over bytes */
    size_t count;
};

/* Takes ownership of bytes (allocated with gw_x*). */
static gw_zipin *zipin_open_owned(const char *name, char *bytes, size_t len, gw_diags *d)
{
    const char *fname = name ? name : "(memory)";
    if (len == 0) {
        gw_diags_add(d, GW_ERROR, fname, 0, 0, "不是有效的 DOCX/ZIP 文件：文件为空");
        free(bytes);
        return NULL;
    }
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(bytes, len, 0, &err);
    if (!src) {
        gw_diags_add(d, GW_ERROR, fname, 0, 0, "无法读取 DOCX/ZIP 文件：%s",
                     zip_error_strerror(&err));
        zip_error_fini(&err);
        free(bytes);
        return NULL;
    }
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &err);
    if (!za) {
        gw_diags_add(d, GW_ERROR, fname, 0, 0, "不是有效的 DOCX/ZIP 文件：%s",
                     zip_error_strerror(&err));
        zip_error_fini(&err);
        zip_source_free(src);
        free(bytes);
        return NULL;
    }
    zip_error_fini(&err);

    zip_int64_t n = zip_get_num_entries(za, 0);
    gw_zipin *z = gw_xcalloc(1, sizeof *z);
    z->name = gw_xstrdup(fname);
    z->bytes = bytes;
    z->len = len;
    z->za = za;
    z->count = n > 0 ? (size_t)n : 0;
    return z;
}

gw_zipin *gw_zipin_open(const char *path, gw_diags *d)
{
    gw_buf b = {0};
    if (gw_read_file(path, &b, d) != 0) {
        gw_buf_free(&b);
        return NULL;
    }
    size_t len = b.len;
    return zipin_open_owned(path, gw_buf_detach(&b), len, d);
}

gw_zipin *gw_zipin_open_memory(const char *name, const void *bytes, size_t len, gw_diags *d)
{
    char *copy = gw_xmalloc(len ? len : 1);
    if (len)
        memcpy(copy, bytes, len);
    return zipin_open_owned(name, copy, len, d);
}

void gw_zipin_free(gw_zipin *z)
{
    if (!z)
        return;
    zip_discard(z->za); /* also frees the buffer source (not the bytes) */
    free(z->bytes);
    free(z->name);
    free(z);
}

size_t gw_zipin_count(const gw_zipin *z)
{
    return z ? z->count : 0;
}

const char *gw_zipin_name(const gw_zipin *z, size_t i)
{
    if (!z || i >= z->count)
        return NULL;
    return zip_get_name(z->za, (zip_uint64_t)i, 0);
}

long gw_zipin_find(const gw_zipin *z, const char *name)
{
    if (!z || !name)
        return -1;
    zip_int64_t i = zip_name_locate(z->za, name, 0);
    return i < 0 ? -1 : (long)i;
}

int gw_zipin_read(const gw_zipin *z, size_t i, gw_buf *out, gw_diags *d)
{
    if (i >= z->count) {
        gw_diags_add(d, GW_ERROR, z->name, 0, 0, "ZIP 文件中没有第 %zu 项（共 %zu 项）", i,
                     z->count);
        return -1;
    }
    const char *ename = zip_get_name(z->za, (zip_uint64_t)i, 0);
    if (!ename)
        ename = "?";
    zip_stat_t st;
    if (zip_stat_index(z->za, (zip_uint64_t)i, 0, &st) != 0) {
        gw_diags_add(d, GW_ERROR, z->name, 0, 0, "无法读取 ZIP 项 %s：%s", ename,
                     zip_strerror(z->za));
        return -1;
    }
    zip_file_t *f = zip_fopen_index(z->za, (zip_uint64_t)i, 0);
    if (!f) {
        gw_diags_add(d, GW_ERROR, z->name, 0, 0, "无法读取 ZIP 项 %s：%s", ename,
                     zip_strerror(z->za));
        return -1;
    }
    size_t start = out->len;
    /* Read straight into out.  The size is known, but keep reading until
     * EOF so that libzip checks the CRC.  The stated size is not trusted for
     * more than a modest reservation (a forged header must not make us
     * allocate gigabytes up front). */
    size_t want = (st.valid & ZIP_STAT_SIZE) ? (size_t)st.size : 0;
    gw_buf_grow(out, (want < GW_MAX_RESERVE ? want : GW_MAX_RESERVE) + 1);
    for (;;) {
        if (out->cap - out->len < 2)
            gw_buf_grow(out, out->cap);
        size_t room = out->cap - out->len - 1;
        zip_int64_t n = zip_fread(f, out->ptr + out->len, room);
        if (n < 0) {
            gw_diags_add(d, GW_ERROR, z->name, 0, 0, "无法读取 ZIP 项 %s：%s", ename,
                         zip_file_strerror(f));
            zip_fclose(f);
            out->len = start;
            out->ptr[out->len] = '\0';
            return -1;
        }
        if (n == 0)
            break;
        out->len += (size_t)n;
    }
    zip_fclose(f);
    out->ptr[out->len] = '\0';
    if ((st.valid & ZIP_STAT_SIZE) && out->len - start != want) {
        gw_diags_add(d, GW_ERROR, z->name, 0, 0, "ZIP 项 %s 长度不符：应为 %zu 字节，读到 %zu 字节",
                     ename, want, out->len - start);
        out->len = start;
        out->ptr[out->len] = '\0';
        return -1;
    }
    return 0;
}

/* ------------------------------------------------------------------ */
/* gw_package                                                          */
/* ------------------------------------------------------------------ */

/* ------------------------------------------------------------------ */
/* gw_partw: deflating a part as it is written                          */
/* ------------------------------------------------------------------ */

static voidpf pw_zalloc(voidpf opaque, uInt items, uInt size)
{
    (void)opaque;
    return gw_xcalloc(items, size); /* the one allocation policy: abort on OOM */
}

static void pw_zfree(voidpf opaque, voidpf ptr)
{
    (void)opaque;
    free(ptr);
}

static void pw_zfail(const char *what, int rc)
{
    /* only reachable through a bug: the parameters are constant and
     * memory failures abort in pw_zalloc */
    fprintf(stderr, "gongwen: internal error: zlib %s failed (%d)\n", what, rc);
    abort();
}

/* Deflates in[0..len) (primed with dict[0..dictlen)) and appends to out:
 * ended with a sync flush, or with the final block when last. */
static void pw_deflate(const char *dict, size_t dictlen, const char *in, size_t len, int last,
                       gw_buf *out)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    z.zalloc = pw_zalloc;
    z.zfree = pw_zfree;
    int rc = deflateInit2(&z, GW_DEFLATE_LEVEL, Z_DEFLATED, -MAX_WBITS, GW_DEFLATE_MEMLEVEL,
                          Z_DEFAULT_STRATEGY);
    if (rc != Z_OK)
        pw_zfail("deflateInit2", rc);
    if (dictlen) {
        rc = deflateSetDictionary(&z, (const Bytef *)dict, (uInt)dictlen);
        if (rc != Z_OK)
            pw_zfail("deflateSetDictionary", rc);
    }
    gw_buf_grow(out, (size_t)deflateBound(&z, (uLong)len) + 16);
    z.next_in = (Bytef *)(uintptr_t)in;
    z.avail_in = (uInt)len;
    int flush = last ? Z_FINISH : Z_SYNC_FLUSH;
    for (;;) {
        size_t room = out->cap - out->len - 1;
        z.next_out = (Bytef *)out->ptr + out->len;
        z.avail_out = (uInt)room;
        rc = deflate(&z, flush);
        out->len += room - z.avail_out;
        if (rc == Z_STREAM_ERROR)
            pw_zfail("deflate", rc);
        if (last ? rc == Z_STREAM_END : (z.avail_in == 0 && z.avail_out > 0))
            break;
        gw_buf_grow(out, out->cap);
    }
    out->ptr[out->len] = '\0';
    deflateEnd(&z);
}

typedef struct pw_block {
    char *in;          /* GW_PART_BLOCK bytes of data, or the rest (owned) */
    size_t len;
    char *dict;        /* the data before it, up to 32 KiB (owned) */
    size_t dictlen;
    int last;
    gw_buf out;        /* deflated */
    uint32_t crc;
    int done;
} pw_block;

struct gw_partw {
    gw_buf cur;                /* data not yet cut into a block */
    char *tail;                /* the last GW_PART_DICT bytes cut so far
                                * (allocated with the second block) */
    size_t taillen;
    gw_buf out;                /* deflated blocks collected so far, in order */
    uint32_t crc;
    uint64_t size;
    size_t nblocks;
    /* threads > 1: blocks are deflated by helpers */
    int nthreads;
    pthread_t *th;
    pthread_mutex_t mu;
    pthread_cond_t cv_work, cv_done;
    pw_block **q;              /* submitted blocks; NULL once collected */
    size_t nq, qcap, taken, collected;
    int stop;
};

/* A helper's work: the block's CRC and deflated bytes; its data are
 * dropped as soon as they are deflated. */
static void pw_run(pw_block *b)
{
    b->crc = (uint32_t)crc32(0L, (const Bytef *)b->in, (uInt)b->len);
    pw_deflate(b->dict, b->dictlen, b->in, b->len, b->last, &b->out);
    free(b->in);
    free(b->dict);
    b->in = b->dict = NULL;
}

static void *pw_helper(void *arg)
{
    gw_partw *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (w->taken == w->nq && !w->stop)
            pthread_cond_wait(&w->cv_work, &w->mu);
        if (w->taken == w->nq)
            break; /* stop, nothing left */
        pw_block *b = w->q[w->taken++];
        pthread_mutex_unlock(&w->mu);
        pw_run(b);
        pthread_mutex_lock(&w->mu);
        b->done = 1;
        pthread_cond_broadcast(&w->cv_done);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

gw_partw *gw_partw_new(int threads)
{
    gw_partw *w = gw_xcalloc(1, sizeof *w);
    w->nthreads = threads > 1 ? threads : 0;
    if (w->nthreads) {
        pthread_mutex_init(&w->mu, NULL);
        pthread_cond_init(&w->cv_work, NULL);
        pthread_cond_init(&w->cv_done, NULL);
        w->th = gw_xcalloc((size_t)w->nthreads, sizeof *w->th);
        for (int i = 0; i < w->nthreads; i++)
            if (pthread_create(&w->th[i], NULL, pw_helper, w) != 0) {
                w->nthreads = i; /* fewer helpers; with none, deflate inline */
                break;
            }
        if (!w->nthreads) {
            free(w->th);
            w->th = NULL;
            pthread_mutex_destroy(&w->mu);
            pthread_cond_destroy(&w->cv_work);
            pthread_cond_destroy(&w->cv_done);
        }
    }
    return w;
}

/* Counts a block of len bytes of data, whose deflated bytes are now at the
 * end of w->out, into the part's size and CRC. */
static void pw_account(gw_partw *w, uint32_t crc, size_t len)
{
    w->crc = w->nblocks ? (uint32_t)crc32_combine(w->crc, crc, (z_off_t)len) : crc;
    w->size += len;
    w->nblocks++;
}

static void pw_block_free(pw_block *b)
{
    free(b->in);
    free(b->dict);
    gw_buf_free(&b->out);
    free(b);
}

/* Collects finished blocks from the front of the queue; with wait, waits
 * until at most `keep` blocks are outstanding.  Called with mu held. */
static void pw_drain(gw_partw *w, size_t keep)
{
    while (w->collected < w->nq) {
        pw_block *b = w->q[w->collected];
        if (!b->done) {
            if (w->nq - w->collected <= keep)
                return;
            pthread_cond_wait(&w->cv_done, &w->mu);
            continue;
        }
        w->q[w->collected++] = NULL;
        gw_buf_put(&w->out, b->out.ptr, b->out.len);
        pw_account(w, b->crc, b->len);
        pw_block_free(b);
    }
}

/* Cuts the first len bytes of cur into a block and deflates it: on the
 * calling thread straight from cur into out, or on a helper from copies. */
static void pw_submit(gw_partw *w, size_t len, int last)
{
    const char *data = w->cur.ptr ? w->cur.ptr : "";
    if (!w->nthreads) {
        uint32_t crc = (uint32_t)crc32(0L, (const Bytef *)data, (uInt)len);
        pw_deflate(w->tail, w->taillen, data, len, last, &w->out);
        pw_account(w, crc, len);
    } else {
        pw_block *b = gw_xcalloc(1, sizeof *b);
        b->len = len;
        b->last = last;
        b->in = gw_xmalloc(len ? len : 1);
        memcpy(b->in, data, len);
        if (w->taillen) {
            b->dict = gw_xmalloc(w->taillen);
            memcpy(b->dict, w->tail, w->taillen);
            b->dictlen = w->taillen;
        }
        pthread_mutex_lock(&w->mu);
        if (w->nq == w->qcap) {
            w->qcap = w->qcap ? w->qcap * 2 : 16;
            w->q = gw_xrealloc(w->q, w->qcap * sizeof *w->q);
        }
        w->q[w->nq++] = b;
        pthread_cond_signal(&w->cv_work);
        /* bounded memory: at most two blocks per helper outstanding */
        pw_drain(w, (size_t)w->nthreads * 2);
        pthread_mutex_unlock(&w->mu);
    }
    /* the next block's dictionary: every block but the last is
     * GW_PART_BLOCK (≥ 32 KiB) long */
    if (!last) {
        if (!w->tail)
            w->tail = gw_xmalloc(GW_PART_DICT);
        memcpy(w->tail, data + len - GW_PART_DICT, GW_PART_DICT);
        w->taillen = GW_PART_DICT;
    }
    if (w->cur.len > len)
        memmove(w->cur.ptr, w->cur.ptr + len, w->cur.len - len);
    w->cur.len -= len;
}

void gw_partw_write(gw_partw *w, const void *data, size_t len)
{
    const char *s = data;
    while (len) {
        /* at most a block at a time, so cur stays under two blocks */
        size_t n = len < GW_PART_BLOCK ? len : GW_PART_BLOCK;
        gw_buf_put(&w->cur, s, n);
        s += n;
        len -= n;
        /* cut only while more than a block is waiting: the last block (cut
         * by pw_finish) is never empty unless the whole part is */
        if (w->cur.len > GW_PART_BLOCK)
            pw_submit(w, GW_PART_BLOCK, 0);
    }
}

void gw_partw_puts(gw_partw *w, const char *s)
{
    gw_partw_write(w, s, strlen(s));
}

/* Deflates what is left as the last block and stops the helpers. */
static void pw_finish(gw_partw *w)
{
    pw_submit(w, w->cur.len, 1);
    if (w->nthreads) {
        pthread_mutex_lock(&w->mu);
        pw_drain(w, 0);
        w->stop = 1;
        pthread_cond_broadcast(&w->cv_work);
        pthread_mutex_unlock(&w->mu);
    }
}

void gw_partw_free(gw_partw *w)
{
    if (!w)
        return;
    if (w->nthreads) {
        pthread_mutex_lock(&w->mu);
        w->stop = 1;
        pthread_cond_broadcast(&w->cv_work);
        pthread_mutex_unlock(&w->mu);
        for (int i = 0; i < w->nthreads; i++)
            pthread_join(w->th[i], NULL);
        for (size_t i = w->collected; i < w->nq; i++)
            if (w->q[i])
                pw_block_free(w->q[i]);
        free(w->q);
        free(w->th);
        pthread_mutex_destroy(&w->mu);
        pthread_cond_destroy(&w->cv_work);
        pthread_cond_destroy(&w->cv_done);
    }
    gw_buf_free(&w->cur);
    gw_buf_free(&w->out);
    free(w->tail);
    free(w);
}

/* ------------------------------------------------------------------ */
/* gw_package                                                          */
/* ------------------------------------------------------------------ */

typedef struct pkg_entry {
    char *name;            /* NULL only for a copy with a bad index */
    const gw_zipin *src;   /* template for a copy, else NULL */
    size_t index;          /* entry index in src */
    char *data;            /* new part: its deflated bytes (owned) */
    size_t clen;           /* compressed length */
    uint64_t size;         /* uncompressed length */
    uint32_t crc;
} pkg_entry;

struct gw_package {
    pkg_entry *v;
    size_t n, cap;
};

gw_package *gw_package_new(void)
{
    return gw_xcalloc(1, sizeof(gw_package));
}

void gw_package_free(gw_package *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++) {
        free(p->v[i].name);
        free(p->v[i].data);
    }
    free(p->v);
    free(p);
}

static pkg_entry *pkg_push(gw_package *p)
{
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 16;
        p->v = gw_xrealloc(p->v, p->cap * sizeof *p->v);
    }
    pkg_entry *e = &p->v[p->n++];
    memset(e, 0, sizeof *e);
    return e;
}

void gw_package_add_part(gw_package *p, const char *name, gw_partw *w)
{
    pw_finish(w);
    pkg_entry *e = pkg_push(p);
    e->name = gw_xstrdup(name);
    e->clen = w->out.len;
    e->data = gw_buf_detach(&w->out);
    if (!e->data)
        e->data = gw_xcalloc(1, 1);
    e->size = w->size;
    e->crc = w->crc;
    gw_partw_free(w);
}

void gw_package_add(gw_package *p, const char *name, const void *data, size_t len)
{
    gw_partw *w = gw_partw_new(1);
    gw_partw_write(w, data, len);
    gw_package_add_part(p, name, w);
}

void gw_package_copy(gw_package *p, const gw_zipin *z, size_t i)
{
    pkg_entry *e = pkg_push(p);
    const char *name = gw_zipin_name(z, i);
    e->name = name ? gw_xstrdup(name) : NULL; /* bad index: reported by finish */
    e->src = z;
    e->index = i;
}

/* A libzip source over a deflated part: its stat gives method, sizes and
 * CRC, so libzip copies the bytes without touching them. */
typedef struct pkg_src {
    const pkg_entry *e;
    size_t pos;
    zip_error_t err;
} pkg_src;

static zip_int64_t pkg_src_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
    pkg_src *ps = ud;
    switch (cmd) {
    case ZIP_SOURCE_OPEN:
        ps->pos = 0;
        return 0;
    case ZIP_SOURCE_READ: {
        size_t n = ps->e->clen - ps->pos;
        if (n > len)
            n = (size_t)len;
        memcpy(data, ps->e->data + ps->pos, n);
        ps->pos += n;
        return (zip_int64_t)n;
    }
    case ZIP_SOURCE_CLOSE:
        return 0;
    case ZIP_SOURCE_STAT: {
        zip_stat_t *st = data;
        zip_stat_init(st);
        st->valid = ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD | ZIP_STAT_CRC |
                    ZIP_STAT_ENCRYPTION_METHOD;
        st->size = ps->e->size;
        st->comp_size = ps->e->clen;
        st->comp_method = ZIP_CM_DEFLATE;
        st->crc = ps->e->crc;
        st->encryption_method = ZIP_EM_NONE;
        return (zip_int64_t)sizeof *st;
    }
    case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&ps->err, data, len);
    case ZIP_SOURCE_FREE:
        zip_error_fini(&ps->err);
        free(ps);
        return 0;
    case ZIP_SOURCE_SUPPORTS:
        return ZIP_SOURCE_SUPPORTS_READABLE;
    default:
        zip_error_set(&ps->err, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
}

/* The bytes of an empty zip archive: just the end of central directory. */
static const unsigned char empty_zip[22] = {0x50, 0x4b, 0x05, 0x06};

static unsigned rd16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void wr16(unsigned char *p, unsigned v)
{
    p[0] = (unsigned char)(v & 0xff);
    p[1] = (unsigned char)(v >> 8 & 0xff);
}

/* Sets the time/date fields of every central and local header of the zip in
 * z[0..n) to the fixed values.  The archive was just written by libzip
 * without comment; archives needing Zip64 records are left alone (libzip
 * already set the time there; this is only a guard against time zones). */
static void fix_dos_times(unsigned char *z, size_t n)
{
    if (n < 22)
        return;
    const unsigned char *eocd = z + n - 22;
    if (rd32(eocd) != 0x06054b50u)
        return;
    unsigned count = rd16(eocd + 10);
    uint32_t cd_size = rd32(eocd + 12), cd_off = rd32(eocd + 16);
    if (count == 0xffffu || cd_size == 0xffffffffu || cd_off == 0xffffffffu ||
        (size_t)cd_off + cd_size > n - 22)
        return;
    size_t pos = cd_off, end = (size_t)cd_off + cd_size;
    for (unsigned k = 0; k < count; k++) {
        if (end - pos < 46 || rd32(z + pos) != 0x02014b50u)
            return;
        unsigned char *c = z + pos;
        uint32_t loff = rd32(c + 42);
        if (loff != 0xffffffffu && (size_t)loff + 30 <= cd_off && rd32(z + loff) == 0x04034b50u) {
            wr16(z + loff + 10, GW_DOS_TIME);
            wr16(z + loff + 12, GW_DOS_DATE);
        }
        wr16(c + 12, GW_DOS_TIME);
        wr16(c + 14, GW_DOS_DATE);
        pos += 46 + (size_t)rd16(c + 28) + rd16(c + 30) + rd16(c + 32);
        if (pos > end)
            return;
    }
}

/* Adds entry e to za; returns 0 or -1 with a diagnostic. */
static int pkg_add_entry(zip_t *za, const pkg_entry *e, size_t k, gw_diags *d)
{
    zip_source_t *s;
    zip_int32_t method;
    zip_uint32_t level = 0;

    if (e->src) {
        if (!e->name) {
            gw_diags_add(d, GW_ERROR, e->src->name, 0, 0,
                         "打包第 %zu 项：模板中没有第 %zu 项（共 %zu 项）", k + 1, e->index,
                         e->src->count);
            return -1;
        }
        zip_stat_t st;
        if (zip_stat_index(e->src->za, (zip_uint64_t)e->index, 0, &st) != 0) {
            gw_diags_add(d, GW_ERROR, e->src->name, 0, 0, "无法复制模板中的 %s：%s", e->name,
                         zip_strerror(e->src->za));
            return -1;
        }
        /* start 0, len -1: the whole entry, compressed data as it is. */
        s = zip_source_zip(za, e->src->za, (zip_uint64_t)e->index, 0, 0, -1);
        if (!s) {
            gw_diags_add(d, GW_ERROR, e->src->name, 0, 0, "无法复制模板中的 %s：%s", e->name,
                         zip_strerror(za));
            return -1;
        }
        /* Keep the method of the copied data.  A stored entry is marked
         * stored explicitly (libzip's default method means "deflate" for new
         * data); any other method is left at the default, under which
         * libzip writes already-compressed data as it is. */
        method = (st.valid & ZIP_STAT_COMP_METHOD) ? (zip_int32_t)st.comp_method : ZIP_CM_DEFAULT;
    } else {
        pkg_src *ps = gw_xcalloc(1, sizeof *ps);
        ps->e = e;
        zip_error_init(&ps->err);
        zip_error_t err;
        zip_error_init(&err);
        s = zip_source_function_create(pkg_src_cb, ps, &err);
        if (!s) {
            gw_diags_add(d, GW_ERROR, NULL, 0, 0, "无法打包部件 %s：%s", e->name,
                         zip_error_strerror(&err));
            zip_error_fini(&err);
            zip_error_fini(&ps->err);
            free(ps);
            return -1;
        }
        zip_error_fini(&err);
        /* deflated already: libzip's default method keeps it as it is */
        method = ZIP_CM_DEFAULT;
    }

    zip_int64_t idx = zip_file_add(za, e->name, s, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        zip_source_free(s);
        gw_diags_add(d, GW_ERROR, NULL, 0, 0, "无法打包部件 %s：%s", e->name, zip_strerror(za));
        return -1;
    }
    zip_uint64_t i = (zip_uint64_t)idx;
    int rc = 0;
    if (method == ZIP_CM_STORE)
        rc |= zip_set_file_compression(za, i, method, level);
    rc |= zip_file_set_dostime(za, i, GW_DOS_TIME, GW_DOS_DATE, 0);
    rc |= zip_file_set_external_attributes(za, i, 0, ZIP_OPSYS_DOS, 0);
    if (rc != 0) {
        gw_diags_add(d, GW_ERROR, NULL, 0, 0, "无法设置 ZIP 项 %s 的属性：%s", e->name,
                     zip_strerror(za));
        return -1;
    }
    return 0;
}

int gw_package_finish(gw_package *p, gw_buf *out, gw_diags *d)
{
    if (p->n == 0) {
        /* libzip writes nothing for an archive without entries. */
        gw_buf_put(out, empty_zip, sizeof empty_zip);
        return 0;
    }

    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &err);
    zip_t *za = src ? zip_open_from_source(src, ZIP_CREATE | ZIP_TRUNCATE, &err) : NULL;
    if (!za) {
        gw_diags_add(d, GW_ERROR, NULL, 0, 0, "无法创建 ZIP 文件：%s", zip_error_strerror(&err));
        zip_error_fini(&err);
        zip_source_free(src); /* NULL-safe */
        return -1;
    }
    zip_error_fini(&err);
    zip_source_keep(src); /* keep the buffer alive after zip_close */

    for (size_t k = 0; k < p->n; k++) {
        if (pkg_add_entry(za, &p->v[k], k, d) != 0) {
            zip_discard(za);
            zip_source_free(src);
            return -1;
        }
    }

    if (zip_close(za) != 0) {
        gw_diags_add(d, GW_ERROR, NULL, 0, 0, "无法生成 ZIP 文件：%s", zip_strerror(za));
        zip_discard(za);
        zip_source_free(src);
        return -1;
    }

    /* Read the finished archive out of the buffer source. */
    zip_stat_t st;
    int rc = -1;
    if (zip_source_stat(src, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
        zip_source_open(src) == 0) {
        size_t size = (size_t)st.size, start = out->len, got = 0;
        gw_buf_grow(out, size);
        while (got < size) {
            zip_int64_t n = zip_source_read(src, out->ptr + start + got, size - got);
            if (n <= 0)
                break;
            got += (size_t)n;
        }
        zip_source_close(src);
        if (got == size) {
            fix_dos_times((unsigned char *)out->ptr + start, size);
            out->len = start + size;
            out->ptr[out->len] = '\0';
            rc = 0;
        }
    }
    if (rc != 0)
        gw_diags_add(d, GW_ERROR, NULL, 0, 0, "无法取出生成的 ZIP 数据：%s",
                     zip_error_strerror(zip_source_error(src)));
    zip_source_free(src);
    return rc;
}
