/*
 * package.c — stage 5: reading template zips and writing the DOCX package.
 *
 * Reading (gw_zipin): the archive bytes stay in memory and libzip reads them
 * through a read-only zip_source_buffer.
 *
 * Writing (gw_package): parts are collected in order and gw_package_finish
 * builds the whole archive in memory with libzip (zip_source_buffer_create +
 * ZIP_CREATE|ZIP_TRUNCATE), then appends the bytes to the caller's buffer.
 * Determinism rules, all applied per entry:
 *   - entries are written in insertion order (libzip keeps index order);
 *   - time/date fixed at 1980-01-01 00:00 (DOS time 0, date 0x0021);
 *   - external attributes fixed (made by MS-DOS, attributes 0), so nothing
 *     of the host or of the template's origin leaks into the headers;
 *   - new parts deflated at level 6; copied parts keep their compressed
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

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#define GW_DOS_TIME 0u                                /* 00:00:00 */
#define GW_DOS_DATE ((0u << 9) | (1u << 5) | 1u)      /* 1980-01-01 */
#define GW_DEFLATE_LEVEL 6u
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

typedef struct pkg_entry {
    char *name;            /* NULL only for a copy with a bad index */
    const gw_zipin *src;   /* template for a copy, else NULL */
    size_t index;          /* entry index in src */
    char *data;            /* new part bytes (owned) */
    size_t len;
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

void gw_package_add(gw_package *p, const char *name, const void *data, size_t len)
{
    pkg_entry *e = pkg_push(p);
    e->name = gw_xstrdup(name);
    e->data = gw_xmalloc(len ? len : 1);
    if (len)
        memcpy(e->data, data, len);
    e->len = len;
}

void gw_package_copy(gw_package *p, const gw_zipin *z, size_t i)
{
    pkg_entry *e = pkg_push(p);
    const char *name = gw_zipin_name(z, i);
    e->name = name ? gw_xstrdup(name) : NULL; /* bad index: reported by finish */
    e->src = z;
    e->index = i;
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
    zip_int32_t method = ZIP_CM_DEFLATE;
    zip_uint32_t level = GW_DEFLATE_LEVEL;

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
        level = 0;
    } else {
        s = zip_source_buffer(za, e->data, e->len, 0);
        if (!s) {
            gw_diags_add(d, GW_ERROR, NULL, 0, 0, "无法打包部件 %s：%s", e->name, zip_strerror(za));
            return -1;
        }
    }

    zip_int64_t idx = zip_file_add(za, e->name, s, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        zip_source_free(s);
        gw_diags_add(d, GW_ERROR, NULL, 0, 0, "无法打包部件 %s：%s", e->name, zip_strerror(za));
        return -1;
    }
    zip_uint64_t i = (zip_uint64_t)idx;
    int rc = 0;
    if (!e->src || method == ZIP_CM_STORE)
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
