/*
 * test_package.c — unit tests for the package stage (src/package.c).
 *
 * The output archives are checked with libzip (through gw_zipin) and, byte
 * by byte, with the small zip parser below: raw compressed data of copied
 * entries, header times, extra fields, attributes and entry order.
 */
#define _POSIX_C_SOURCE 200809L

#include "package.h"
#include "unit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---------------------------------------------------------------- */
/* helpers                                                          */
/* ---------------------------------------------------------------- */

static uint32_t crc32_of(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
    return c ^ 0xffffffffu;
}

static unsigned rd16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t rd32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put16(gw_buf *b, unsigned v)
{
    unsigned char c[2] = {(unsigned char)(v & 0xff), (unsigned char)(v >> 8 & 0xff)};
    gw_buf_put(b, c, 2);
}

static void put32(gw_buf *b, uint32_t v)
{
    put16(b, v & 0xffffu);
    put16(b, v >> 16);
}

/* One entry of a hand-made template zip. */
typedef struct tpl_ent {
    const char *name;
    unsigned method;      /* 0 stored, 8 deflated */
    const char *plain;    /* uncompressed contents */
    size_t plain_len;
    int descriptor;       /* sizes/CRC in a data descriptor (flag bit 3) */
    int bad_crc;          /* store a wrong CRC */
} tpl_ent;

/* A deflate stream made of one stored block: valid deflate data that zlib
 * at any level would never produce for compressible text, so a recompressed
 * copy cannot have the same bytes. */
static void deflate_stored_block(gw_buf *b, const char *s, size_t n)
{
    unsigned char h[5] = {0x01, (unsigned char)(n & 0xff), (unsigned char)(n >> 8),
                          (unsigned char)(~n & 0xff), (unsigned char)((~n >> 8) & 0xff)};
    gw_buf_put(b, h, 5);
    gw_buf_put(b, s, n);
}

/* Writes a zip the way other tools do: non-zero times, Info-ZIP "UT"
 * timestamp extra fields, Unix attributes, optional data descriptors. */
static void make_template(gw_buf *zip, const tpl_ent *e, size_t n)
{
    gw_buf cd = {0};
    const unsigned dtime = (12u << 11) | (34u << 5) | 28u; /* 12:34:56 */
    const unsigned ddate = (44u << 9) | (5u << 5) | 17u;  /* 2024-05-17 */
    const unsigned char ut[9] = {0x55, 0x54, 5, 0, 1, 0x78, 0x56, 0x34, 0x12};
    for (size_t i = 0; i < n; i++) {
        gw_buf data = {0};
        if (e[i].method == 8)
            deflate_stored_block(&data, e[i].plain, e[i].plain_len);
        else
            gw_buf_put(&data, e[i].plain, e[i].plain_len);
        uint32_t crc = crc32_of(e[i].plain, e[i].plain_len) ^ (e[i].bad_crc ? 0x5a5a5a5au : 0);
        unsigned flags = e[i].descriptor ? 8u : 0u;
        size_t nlen = strlen(e[i].name);
        uint32_t off = (uint32_t)zip->len;

        put32(zip, 0x04034b50u);
        put16(zip, 20);
        put16(zip, flags);
        put16(zip, e[i].method);
        put16(zip, dtime);
        put16(zip, ddate);
        put32(zip, e[i].descriptor ? 0 : crc);
        put32(zip, e[i].descriptor ? 0 : (uint32_t)data.len);
        put32(zip, e[i].descriptor ? 0 : (uint32_t)e[i].plain_len);
        put16(zip, (unsigned)nlen);
        put16(zip, sizeof ut);
        gw_buf_put(zip, e[i].name, nlen);
        gw_buf_put(zip, ut, sizeof ut);
        gw_buf_put(zip, data.ptr, data.len);
        if (e[i].descriptor) {
            put32(zip, 0x08074b50u);
            put32(zip, crc);
            put32(zip, (uint32_t)data.len);
            put32(zip, (uint32_t)e[i].plain_len);
        }

        put32(&cd, 0x02014b50u);
        put16(&cd, 0x031e); /* made by Unix, 3.0 */
        put16(&cd, 20);
        put16(&cd, flags);
        put16(&cd, e[i].method);
        put16(&cd, dtime);
        put16(&cd, ddate);
        put32(&cd, crc);
        put32(&cd, (uint32_t)data.len);
        put32(&cd, (uint32_t)e[i].plain_len);
        put16(&cd, (unsigned)nlen);
        put16(&cd, sizeof ut);
        put16(&cd, 0);
        put16(&cd, 0);
        put16(&cd, 1);                     /* internal: text */
        put32(&cd, (uint32_t)0100644 << 16); /* -rw-r--r-- */
        put32(&cd, off);
        gw_buf_put(&cd, e[i].name, nlen);
        gw_buf_put(&cd, ut, sizeof ut);
        gw_buf_free(&data);
    }
    uint32_t cd_off = (uint32_t)zip->len;
    gw_buf_put(zip, cd.ptr, cd.len);
    put32(zip, 0x06054b50u);
    put16(zip, 0);
    put16(zip, 0);
    put16(zip, (unsigned)n);
    put16(zip, (unsigned)n);
    put32(zip, (uint32_t)cd.len);
    put32(zip, cd_off);
    put16(zip, 0);
    gw_buf_free(&cd);
}

/* What the parser reports for one entry (both headers). */
typedef struct zent {
    char name[128];
    unsigned made_by, lflags, cflags, lmethod, cmethod;
    unsigned ltime, ldate, ctime, cdate;
    unsigned lextra, cextra, comment;
    uint32_t crc, lcrc, csize, usize, ext_attr;
    const unsigned char *raw; /* compressed data */
} zent;

/* Parses a zip without Zip64 or archive comment.  Returns the number of
 * entries, or -1 when the structure is not as expected. */
static int parse_zip(const char *bytes, size_t len, zent *v, int max)
{
    const unsigned char *z = (const unsigned char *)bytes;
    if (len < 22 || rd32(z + len - 22) != 0x06054b50u || rd16(z + len - 2) != 0)
        return -1;
    const unsigned char *eocd = z + len - 22;
    unsigned n = rd16(eocd + 10);
    size_t pos = rd32(eocd + 16), end = pos + rd32(eocd + 12);
    if ((int)n > max || end != len - 22)
        return -1;
    for (unsigned i = 0; i < n; i++) {
        if (end - pos < 46 || rd32(z + pos) != 0x02014b50u)
            return -1;
        const unsigned char *c = z + pos;
        zent *e = &v[i];
        memset(e, 0, sizeof *e);
        unsigned nlen = rd16(c + 28);
        e->made_by = rd16(c + 4);
        e->cflags = rd16(c + 8);
        e->cmethod = rd16(c + 10);
        e->ctime = rd16(c + 12);
        e->cdate = rd16(c + 14);
        e->crc = rd32(c + 16);
        e->csize = rd32(c + 20);
        e->usize = rd32(c + 24);
        e->cextra = rd16(c + 30);
        e->comment = rd16(c + 32);
        e->ext_attr = rd32(c + 38);
        if (nlen >= sizeof e->name)
            return -1;
        memcpy(e->name, c + 46, nlen);
        size_t loff = rd32(c + 42);
        if (loff + 30 > len || rd32(z + loff) != 0x04034b50u)
            return -1;
        const unsigned char *l = z + loff;
        e->lflags = rd16(l + 6);
        e->lmethod = rd16(l + 8);
        e->ltime = rd16(l + 10);
        e->ldate = rd16(l + 12);
        e->lcrc = rd32(l + 14);
        e->lextra = rd16(l + 28);
        if (rd16(l + 26) != nlen || memcmp(l + 30, e->name, nlen) != 0)
            return -1;
        e->raw = l + 30 + nlen + e->lextra;
        if ((size_t)(e->raw - z) + e->csize > len)
            return -1;
        pos += 46 + nlen + e->cextra + e->comment;
    }
    return (int)n;
}

static const char *first_error(gw_diags *d)
{
    for (size_t i = 0; i < gw_diags_count(d); i++)
        if (gw_diags_get(d, i)->sev == GW_ERROR)
            return gw_diags_get(d, i)->msg;
    return NULL;
}

/* Some compressible document text. */
static void make_text(gw_buf *b, int paragraphs)
{
    gw_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document><w:body>");
    for (int i = 0; i < paragraphs; i++)
        gw_buf_printf(b, "<w:p><w:r><w:t>关于做好第%d项工作的通知 %d</w:t></w:r></w:p>", i,
                      i * 7919 % 1000);
    gw_buf_puts(b, "</w:body></w:document>");
}

static const char content_types[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/></Types>";

static const char styles[] = "<w:styles><w:style w:styleId=\"Normal\"/></w:styles>";
static const char rels[] = "<Relationships/>";
static const char settings[] = "<w:settings/>";

/* The template used by several tests. */
static gw_zipin *open_template(gw_diags *d, gw_buf *bytes)
{
    static const tpl_ent ents[] = {
        {"word/styles.xml", 8, styles, sizeof styles - 1, 0, 0},
        {"_rels/.rels", 0, rels, sizeof rels - 1, 0, 0},
        {"word/settings.xml", 8, settings, sizeof settings - 1, 1, 0},
    };
    gw_buf tmp = {0};
    gw_buf *b = bytes ? bytes : &tmp;
    make_template(b, ents, sizeof ents / sizeof ents[0]);
    gw_zipin *z = gw_zipin_open_memory("template.docx", b->ptr, b->len, d);
    gw_buf_free(&tmp);
    return z;
}

/* A package mixing new and copied parts, the way the pipeline builds one. */
static int build_sample(const gw_zipin *tpl, gw_buf *out, gw_diags *d)
{
    gw_buf doc = {0};
    make_text(&doc, 400);
    gw_package *p = gw_package_new();
    gw_package_add(p, "[Content_Types].xml", content_types, sizeof content_types - 1);
    gw_package_copy(p, tpl, (size_t)gw_zipin_find(tpl, "_rels/.rels"));
    gw_package_add(p, "word/document.xml", doc.ptr, doc.len);
    gw_package_copy(p, tpl, (size_t)gw_zipin_find(tpl, "word/styles.xml"));
    gw_package_copy(p, tpl, (size_t)gw_zipin_find(tpl, "word/settings.xml"));
    gw_package_add(p, "docProps/core.xml", "", 0);
    int rc = gw_package_finish(p, out, d);
    gw_package_free(p);
    gw_buf_free(&doc);
    return rc;
}

/* ---------------------------------------------------------------- */
/* tests                                                            */
/* ---------------------------------------------------------------- */

TEST(round_trip)
{
    gw_diags *d = gw_diags_new();
    gw_buf doc = {0}, bin = {0}, out = {0};
    make_text(&doc, 2000);
    for (int i = 0; i < 3000; i++)
        gw_buf_putc(&bin, (char)(i * 131 % 251));
    gw_package *p = gw_package_new();
    gw_package_add(p, "[Content_Types].xml", content_types, sizeof content_types - 1);
    gw_package_add(p, "word/document.xml", doc.ptr, doc.len);
    gw_package_add(p, "word/media/image1.bin", bin.ptr, bin.len);
    gw_package_add(p, "word/empty.xml", NULL, 0);
    gw_package_add(p, "word/附件.xml", "<a/>", 4);
    CHECK_INT(gw_package_finish(p, &out, d), 0);
    CHECK_INT(gw_diags_count(d), 0);
    gw_package_free(p);

    gw_zipin *z = gw_zipin_open_memory("out.docx", out.ptr, out.len, d);
    CHECK(z != NULL);
    if (z) {
        CHECK_INT(gw_zipin_count(z), 5);
        CHECK_STR(gw_zipin_name(z, 0), "[Content_Types].xml");
        CHECK_STR(gw_zipin_name(z, 4), "word/附件.xml");
        CHECK(gw_zipin_name(z, 5) == NULL);
        CHECK_INT(gw_zipin_find(z, "word/document.xml"), 1);
        CHECK_INT(gw_zipin_find(z, "word/missing.xml"), -1);
        const struct {
            const char *name;
            const char *data;
            size_t len;
        } want[] = {
            {"[Content_Types].xml", content_types, sizeof content_types - 1},
            {"word/document.xml", doc.ptr, doc.len},
            {"word/media/image1.bin", bin.ptr, bin.len},
            {"word/empty.xml", "", 0},
            {"word/附件.xml", "<a/>", 4},
        };
        for (size_t i = 0; i < 5; i++) {
            gw_buf got = {0};
            gw_buf_puts(&got, "prefix"); /* read appends */
            long k = gw_zipin_find(z, want[i].name);
            CHECK_INT(k, (long)i);
            CHECK_INT(gw_zipin_read(z, i, &got, d), 0);
            CHECK_INT(got.len, want[i].len + 6);
            CHECK(memcmp(got.ptr, "prefix", 6) == 0);
            CHECK(memcmp(got.ptr + 6, want[i].data, want[i].len) == 0);
            CHECK(got.ptr[got.len] == '\0');
            gw_buf_free(&got);
        }
        CHECK_INT(gw_diags_count(d), 0);
    }
    /* The document text is really deflated. */
    zent e[8];
    CHECK_INT(parse_zip(out.ptr, out.len, e, 8), 5);
    CHECK_INT(e[1].cmethod, 8);
    CHECK(e[1].csize < doc.len / 4);
    gw_zipin_free(z);
    gw_buf_free(&doc);
    gw_buf_free(&bin);
    gw_buf_free(&out);
    gw_diags_free(d);
}

/* A part written in pieces (gw_partw) over several deflate blocks: it reads
 * back whole (libzip checks the CRC), its bytes do not depend on the number
 * of threads or on how it was cut into writes, and a short part gives the
 * same bytes as gw_package_add. */
static void S_partw_zip(const gw_buf *data, int threads, size_t step, gw_buf *out, gw_diags *d)
{
    gw_package *p = gw_package_new();
    gw_package_add(p, "[Content_Types].xml", content_types, sizeof content_types - 1);
    gw_partw *w = gw_partw_new(threads);
    for (size_t at = 0; at < data->len; at += step)
        gw_partw_write(w, data->ptr + at, data->len - at < step ? data->len - at : step);
    gw_package_add_part(p, "word/document.xml", w);
    CHECK_INT(gw_package_finish(p, out, d), 0);
    gw_package_free(p);
}

TEST(streamed_part)
{
    gw_diags *d = gw_diags_new();
    gw_buf big = {0}, a = {0}, b = {0}, c = {0};
    make_text(&big, 60000); /* about 1.4 MB: six blocks */
    /* some bytes that do not repeat, so blocks really differ */
    for (int i = 0; i < 40000; i++)
        gw_buf_putc(&big, (char)('a' + (i * 7919 % 26)));
    CHECK(big.len > (size_t)4 * 256 * 1024);
    S_partw_zip(&big, 1, big.len, &a, d);
    S_partw_zip(&big, 3, 7777, &b, d);
    S_partw_zip(&big, 2, 1, &c, d);
    CHECK_INT(a.len, b.len);
    CHECK(a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0);
    CHECK(a.len == c.len && memcmp(a.ptr, c.ptr, a.len) == 0);
    gw_zipin *z = gw_zipin_open_memory("big.docx", a.ptr, a.len, d);
    CHECK(z != NULL);
    if (z) {
        gw_buf got = {0};
        CHECK_INT(gw_zipin_read(z, 1, &got, d), 0);
        CHECK_INT(got.len, big.len);
        CHECK(got.len == big.len && memcmp(got.ptr, big.ptr, big.len) == 0);
        gw_buf_free(&got);
        gw_zipin_free(z);
    }
    zent e[4];
    CHECK_INT(parse_zip(a.ptr, a.len, e, 4), 2);
    CHECK_INT(e[1].cmethod, 8);
    CHECK(e[1].crc == crc32_of(big.ptr, big.len));
    CHECK(e[1].csize < big.len / 4);

    /* one block: the same bytes as gw_package_add */
    gw_buf small = {0}, s1 = {0}, s2 = {0};
    make_text(&small, 2000);
    S_partw_zip(&small, 2, 100, &s1, d);
    gw_package *p = gw_package_new();
    gw_package_add(p, "[Content_Types].xml", content_types, sizeof content_types - 1);
    gw_package_add(p, "word/document.xml", small.ptr, small.len);
    CHECK_INT(gw_package_finish(p, &s2, d), 0);
    gw_package_free(p);
    CHECK(s1.len == s2.len && memcmp(s1.ptr, s2.ptr, s1.len) == 0);

    /* an unfinished part is discarded without leaks */
    gw_partw *w = gw_partw_new(2);
    gw_partw_write(w, big.ptr, big.len / 2);
    gw_partw_free(w);
    CHECK_INT(gw_diags_count(d), 0);
    gw_buf_free(&big);
    gw_buf_free(&a);
    gw_buf_free(&b);
    gw_buf_free(&c);
    gw_buf_free(&small);
    gw_buf_free(&s1);
    gw_buf_free(&s2);
    gw_diags_free(d);
}

TEST(zipin_from_file)
{
    gw_diags *d = gw_diags_new();
    gw_buf bytes = {0};
    gw_zipin *mem = open_template(d, &bytes);
    CHECK(mem != NULL);
    char path[] = "/tmp/gw_test_package_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd >= 0) {
        CHECK(write(fd, bytes.ptr, bytes.len) == (ssize_t)bytes.len);
        close(fd);
        gw_zipin *z = gw_zipin_open(path, d);
        CHECK(z != NULL);
        if (z) {
            CHECK_INT(gw_zipin_count(z), 3);
            CHECK_STR(gw_zipin_name(z, 1), "_rels/.rels");
            gw_buf got = {0};
            CHECK_INT(gw_zipin_read(z, 2, &got, d), 0);
            CHECK_STR(got.ptr, settings); /* data-descriptor entry */
            gw_buf_free(&got);
        }
        gw_zipin_free(z);
        unlink(path);
    }
    CHECK_INT(gw_diags_count(d), 0);

    /* A missing file: NULL with an error naming it. */
    CHECK(gw_zipin_open("/nonexistent/dir/x.docx", d) == NULL);
    CHECK_INT(gw_diags_errors(d), 1);
    if (gw_diags_count(d) == 1)
        CHECK_STR(gw_diags_get(d, 0)->file, "/nonexistent/dir/x.docx");
    gw_zipin_free(mem);
    gw_buf_free(&bytes);
    gw_diags_free(d);
}

TEST(determinism)
{
    gw_diags *d = gw_diags_new();
    gw_zipin *tpl = open_template(d, NULL);
    CHECK(tpl != NULL);
    if (!tpl) {
        gw_diags_free(d);
        return;
    }
    gw_buf a = {0}, b = {0};
    CHECK_INT(build_sample(tpl, &a, d), 0);
    CHECK_INT(build_sample(tpl, &b, d), 0);
    CHECK(a.len > 0 && a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0);

    /* The same package finished twice gives the same bytes too. */
    gw_package *p = gw_package_new();
    gw_package_add(p, "[Content_Types].xml", content_types, sizeof content_types - 1);
    gw_package_copy(p, tpl, 0);
    gw_buf c1 = {0}, c2 = {0};
    CHECK_INT(gw_package_finish(p, &c1, d), 0);
    CHECK_INT(gw_package_finish(p, &c2, d), 0);
    CHECK(c1.len == c2.len && memcmp(c1.ptr, c2.ptr, c1.len) == 0);
    gw_package_free(p);

    CHECK_INT(gw_diags_count(d), 0);
    gw_buf_free(&a);
    gw_buf_free(&b);
    gw_buf_free(&c1);
    gw_buf_free(&c2);
    gw_zipin_free(tpl);
    gw_diags_free(d);
}

/* The same code path in another process (and another time zone) gives
 * identical bytes.  The child is forked before anything is allocated, so
 * it owns (and frees) everything it uses. */
TEST(determinism_across_processes)
{
    int fds[2];
    CHECK(pipe(fds) == 0);
    fflush(stdout);
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        setenv("TZ", "America/Los_Angeles", 1);
        tzset();
        gw_buf o = {0};
        gw_diags *cd = gw_diags_new();
        gw_zipin *t = open_template(cd, NULL);
        int rc = t ? build_sample(t, &o, cd) : -1;
        size_t done = 0;
        while (rc == 0 && done < o.len) {
            ssize_t w = write(fds[1], o.ptr + done, o.len - done);
            if (w <= 0)
                rc = -1;
            else
                done += (size_t)w;
        }
        close(fds[1]);
        gw_zipin_free(t);
        gw_diags_free(cd);
        gw_buf_free(&o);
        _exit(rc == 0 ? 0 : 1);
    }
    if (pid < 0)
        return;
    close(fds[1]);
    gw_buf child = {0};
    char tmp[4096];
    ssize_t r;
    while ((r = read(fds[0], tmp, sizeof tmp)) > 0)
        gw_buf_put(&child, tmp, (size_t)r);
    close(fds[0]);
    int status = 0;
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);

    gw_diags *d = gw_diags_new();
    gw_zipin *tpl = open_template(d, NULL);
    gw_buf a = {0};
    CHECK(tpl != NULL);
    if (tpl)
        CHECK_INT(build_sample(tpl, &a, d), 0);
    CHECK(child.len > 0 && child.len == a.len && memcmp(child.ptr, a.ptr, a.len) == 0);
    gw_buf_free(&a);
    gw_buf_free(&child);
    gw_zipin_free(tpl);
    gw_diags_free(d);
}

/* Copied entries carry the template's compressed bytes, method, CRC and
 * sizes unchanged; nothing else of the template's headers survives. */
TEST(copy_keeps_compressed_bytes)
{
    gw_diags *d = gw_diags_new();
    gw_buf tbytes = {0}, out = {0};
    gw_zipin *tpl = open_template(d, &tbytes);
    CHECK(tpl != NULL);
    if (!tpl) {
        gw_diags_free(d);
        return;
    }
    CHECK_INT(build_sample(tpl, &out, d), 0);

    zent t[8], o[8];
    CHECK_INT(parse_zip(tbytes.ptr, tbytes.len, t, 8), 3);
    CHECK_INT(parse_zip(out.ptr, out.len, o, 8), 6);
    const int map[][2] = {{1, 1}, {3, 0}, {4, 2}}; /* output index, template index */
    for (size_t k = 0; k < 3; k++) {
        const zent *x = &o[map[k][0]], *s = &t[map[k][1]];
        CHECK_STR(x->name, s->name);
        CHECK_INT(x->cmethod, s->cmethod);
        CHECK_INT(x->lmethod, s->cmethod);
        CHECK_INT(x->crc, s->crc);
        CHECK_INT(x->lcrc, s->crc); /* no data descriptor in the output */
        CHECK_INT(x->csize, s->csize);
        CHECK_INT(x->usize, s->usize);
        CHECK(memcmp(x->raw, s->raw, s->csize) == 0);
        CHECK_INT(x->lflags & 8u, 0);
    }
    /* The deflated template entries are stored-block deflate streams: a
     * recompression would have shrunk them. */
    CHECK_INT(o[3].cmethod, 8);
    CHECK_INT(o[3].csize, sizeof styles - 1 + 5);

    /* Copying from a libzip-written archive (real deflate data) as well. */
    gw_zipin *again = gw_zipin_open_memory("sample.docx", out.ptr, out.len, d);
    CHECK(again != NULL);
    if (again) {
        gw_package *p = gw_package_new();
        for (size_t i = gw_zipin_count(again); i-- > 0;)
            gw_package_copy(p, again, i);
        gw_buf out2 = {0};
        CHECK_INT(gw_package_finish(p, &out2, d), 0);
        zent r[8];
        CHECK_INT(parse_zip(out2.ptr, out2.len, r, 8), 6);
        for (int i = 0; i < 6; i++) {
            const zent *x = &r[i], *s = &o[5 - i];
            CHECK_STR(x->name, s->name);
            CHECK_INT(x->cmethod, s->cmethod);
            CHECK_INT(x->crc, s->crc);
            CHECK_INT(x->csize, s->csize);
            CHECK(memcmp(x->raw, s->raw, s->csize) == 0);
        }
        gw_package_free(p);
        gw_buf_free(&out2);
    }
    gw_zipin_free(again);

    /* And the contents read back equal. */
    gw_zipin *z = gw_zipin_open_memory("sample.docx", out.ptr, out.len, d);
    CHECK(z != NULL);
    if (z) {
        gw_buf got = {0};
        CHECK_INT(gw_zipin_read(z, (size_t)gw_zipin_find(z, "word/styles.xml"), &got, d), 0);
        CHECK_STR(got.ptr, styles);
        gw_buf_clear(&got);
        CHECK_INT(gw_zipin_read(z, (size_t)gw_zipin_find(z, "word/settings.xml"), &got, d), 0);
        CHECK_STR(got.ptr, settings);
        gw_buf_clear(&got);
        CHECK_INT(gw_zipin_read(z, (size_t)gw_zipin_find(z, "_rels/.rels"), &got, d), 0);
        CHECK_STR(got.ptr, rels);
        gw_buf_free(&got);
    }
    CHECK_INT(gw_diags_count(d), 0);
    gw_zipin_free(z);
    gw_zipin_free(tpl);
    gw_buf_free(&tbytes);
    gw_buf_free(&out);
    gw_diags_free(d);
}

static void check_fixed_headers(const gw_buf *out, int expect)
{
    zent e[16];
    int n = parse_zip(out->ptr, out->len, e, 16);
    CHECK_INT(n, expect);
    for (int i = 0; i < n; i++) {
        CHECK_INT(e[i].ltime, 0);
        CHECK_INT(e[i].ldate, (0 << 9) | (1 << 5) | 1);
        CHECK_INT(e[i].ctime, 0);
        CHECK_INT(e[i].cdate, (0 << 9) | (1 << 5) | 1);
        CHECK_INT(e[i].lextra, 0);
        CHECK_INT(e[i].cextra, 0);
        CHECK_INT(e[i].comment, 0);
        CHECK_INT(e[i].ext_attr, 0);
        CHECK_INT(e[i].made_by >> 8, 0); /* MS-DOS, whatever the host */
    }
}

TEST(entry_times_and_headers_fixed)
{
    gw_diags *d = gw_diags_new();
    gw_zipin *tpl = open_template(d, NULL);
    CHECK(tpl != NULL);
    if (!tpl) {
        gw_diags_free(d);
        return;
    }
    gw_buf out = {0};
    CHECK_INT(build_sample(tpl, &out, d), 0);
    check_fixed_headers(&out, 6);

    /* libzip converts DOS times through local time; in a zone where
     * 1980-01-01 00:00 does not exist (DST from Jan 1 00:00) that would
     * shift the time without the guard in gw_package_finish. */
    const char *old = getenv("TZ");
    char *saved = old ? gw_xstrdup(old) : NULL;
    setenv("TZ", "AAA3BBB,J1/0,J365/25", 1);
    tzset();
    gw_buf odd = {0};
    gw_buf_puts(&odd, "xyz"); /* finish appends: fix-up must use the offset */
    CHECK_INT(build_sample(tpl, &odd, d), 0);
    if (saved)
        setenv("TZ", saved, 1);
    else
        unsetenv("TZ");
    tzset();
    free(saved);
    CHECK(odd.len == out.len + 3 && memcmp(odd.ptr, "xyz", 3) == 0 &&
          memcmp(odd.ptr + 3, out.ptr, out.len) == 0);

    gw_zipin *z = gw_zipin_open_memory("odd.docx", odd.ptr + 3, odd.len - 3, d);
    CHECK(z != NULL);
    gw_zipin_free(z);
    CHECK_INT(gw_diags_count(d), 0);
    gw_buf_free(&odd);
    gw_buf_free(&out);
    gw_zipin_free(tpl);
    gw_diags_free(d);
}

TEST(order_preserved)
{
    gw_diags *d = gw_diags_new();
    gw_zipin *tpl = open_template(d, NULL);
    CHECK(tpl != NULL);
    if (!tpl) {
        gw_diags_free(d);
        return;
    }
    gw_package *p = gw_package_new();
    gw_package_add(p, "[Content_Types].xml", content_types, sizeof content_types - 1);
    gw_package_add(p, "z/last-name.xml", "<z/>", 4);
    gw_package_copy(p, tpl, 2);
    gw_package_add(p, "a/first-name.xml", "<a/>", 4);
    gw_package_copy(p, tpl, 0);
    gw_package_add(p, "m.xml", "<m/>", 4);
    gw_buf out = {0};
    CHECK_INT(gw_package_finish(p, &out, d), 0);
    const char *want[] = {"[Content_Types].xml", "z/last-name.xml", "word/settings.xml",
                          "a/first-name.xml", "word/styles.xml", "m.xml"};
    zent e[8];
    CHECK_INT(parse_zip(out.ptr, out.len, e, 8), 6);
    for (int i = 0; i < 6; i++)
        CHECK_STR(e[i].name, want[i]);
    /* Local headers are in the same order as the central directory. */
    for (int i = 1; i < 6; i++)
        CHECK(e[i].raw > e[i - 1].raw);
    CHECK(memcmp(out.ptr + 30, "[Content_Types].xml", 19) == 0);
    gw_zipin *z = gw_zipin_open_memory("order.docx", out.ptr, out.len, d);
    CHECK(z != NULL);
    if (z)
        for (size_t i = 0; i < 6; i++)
            CHECK_STR(gw_zipin_name(z, i), want[i]);
    CHECK_INT(gw_diags_count(d), 0);
    gw_zipin_free(z);
    gw_package_free(p);
    gw_buf_free(&out);
    gw_zipin_free(tpl);
    gw_diags_free(d);
}

TEST(not_a_zip)
{
    gw_diags *d = gw_diags_new();
    static const char text[] = "这不是压缩包，而是一段普通的文字。";
    CHECK(gw_zipin_open_memory("bad.docx", text, sizeof text - 1, d) == NULL);
    CHECK_INT(gw_diags_count(d), 1);
    if (gw_diags_count(d) == 1) {
        const gw_diag *g = gw_diags_get(d, 0);
        CHECK_INT(g->sev, GW_ERROR);
        CHECK_STR(g->file, "bad.docx");
        CHECK(strstr(g->msg, "不是有效的 DOCX/ZIP 文件") != NULL);
        CHECK(strstr(g->msg, "Not a zip archive") != NULL); /* libzip's reason */
    }
    gw_diags_clear(d);

    CHECK(gw_zipin_open_memory("empty.docx", "", 0, d) == NULL);
    CHECK_INT(gw_diags_errors(d), 1);
    CHECK(first_error(d) && strstr(first_error(d), "不是有效的 DOCX/ZIP 文件") != NULL);
    gw_diags_clear(d);

    /* A truncated archive. */
    gw_buf bytes = {0};
    gw_zipin *ok = open_template(d, &bytes);
    CHECK(ok != NULL);
    gw_zipin_free(ok);
    CHECK(gw_zipin_open_memory("cut.docx", bytes.ptr, bytes.len / 2, d) == NULL);
    CHECK_INT(gw_diags_errors(d), 1);
    if (gw_diags_count(d) == 1)
        CHECK_STR(gw_diags_get(d, 0)->file, "cut.docx");
    gw_buf_free(&bytes);
    gw_diags_free(d);
}

TEST(empty_package)
{
    gw_diags *d = gw_diags_new();
    gw_package *p = gw_package_new();
    gw_buf out = {0};
    gw_buf_puts(&out, "ab");
    CHECK_INT(gw_package_finish(p, &out, d), 0);
    CHECK_INT(out.len, 2 + 22);
    CHECK(memcmp(out.ptr + 2, "PK\x05\x06", 4) == 0);
    gw_zipin *z = gw_zipin_open_memory("empty.zip", out.ptr + 2, out.len - 2, d);
    CHECK(z != NULL);
    CHECK_INT(gw_zipin_count(z), 0);
    CHECK(gw_zipin_name(z, 0) == NULL);
    CHECK_INT(gw_zipin_find(z, "[Content_Types].xml"), -1);
    CHECK_INT(gw_diags_count(d), 0);
    gw_zipin_free(z);
    gw_package_free(p);
    gw_buf_free(&out);
    gw_package_free(NULL);
    gw_zipin_free(NULL);
    gw_diags_free(d);
}

TEST(errors_reported)
{
    gw_diags *d = gw_diags_new();
    gw_zipin *tpl = open_template(d, NULL);
    CHECK(tpl != NULL);
    if (!tpl) {
        gw_diags_free(d);
        return;
    }
    /* Duplicate part name. */
    gw_package *p = gw_package_new();
    gw_package_add(p, "[Content_Types].xml", content_types, sizeof content_types - 1);
    gw_package_add(p, "word/document.xml", "<a/>", 4);
    gw_package_add(p, "word/document.xml", "<b/>", 4);
    gw_buf out = {0};
    gw_buf_puts(&out, "keep");
    CHECK_INT(gw_package_finish(p, &out, d), -1);
    CHECK_INT(gw_diags_errors(d), 1);
    CHECK(first_error(d) && strstr(first_error(d), "word/document.xml") != NULL);
    CHECK_STR(out.ptr, "keep"); /* nothing appended on failure */
    gw_package_free(p);
    gw_diags_clear(d);

    /* Copy of an entry the template does not have. */
    p = gw_package_new();
    gw_package_copy(p, tpl, 99);
    CHECK_INT(gw_package_finish(p, &out, d), -1);
    CHECK_INT(gw_diags_errors(d), 1);
    if (gw_diags_count(d) == 1)
        CHECK_STR(gw_diags_get(d, 0)->file, "template.docx");
    gw_package_free(p);
    gw_diags_clear(d);

    /* Reading an entry out of range. */
    CHECK_INT(gw_zipin_read(tpl, 3, &out, d), -1);
    CHECK_INT(gw_diags_errors(d), 1);
    CHECK_STR(out.ptr, "keep");
    gw_diags_clear(d);

    /* A corrupt entry (CRC mismatch) is detected on read. */
    static const tpl_ent bad[] = {
        {"good.xml", 8, styles, sizeof styles - 1, 0, 0},
        {"bad.xml", 8, settings, sizeof settings - 1, 0, 1},
    };
    gw_buf bytes = {0};
    make_template(&bytes, bad, 2);
    gw_zipin *z = gw_zipin_open_memory("corrupt.docx", bytes.ptr, bytes.len, d);
    CHECK(z != NULL);
    if (z) {
        CHECK_INT(gw_zipin_read(z, 0, &out, d), 0);
        CHECK_INT(gw_diags_count(d), 0);
        gw_buf_clear(&out);
        CHECK_INT(gw_zipin_read(z, 1, &out, d), -1);
        CHECK_INT(gw_diags_errors(d), 1);
        CHECK_INT(out.len, 0);
        if (gw_diags_count(d) == 1) {
            CHECK_STR(gw_diags_get(d, 0)->file, "corrupt.docx");
            CHECK(strstr(gw_diags_get(d, 0)->msg, "bad.xml") != NULL);
        }
    }
    gw_zipin_free(z);
    gw_buf_free(&bytes);
    gw_buf_free(&out);
    gw_zipin_free(tpl);
    gw_diags_free(d);
}

int main(void)
{
    RUN(round_trip);
    RUN(streamed_part);
    RUN(zipin_from_file);
    RUN(determinism);
    RUN(determinism_across_processes);
    RUN(copy_keeps_compressed_bytes);
    RUN(entry_times_and_headers_fixed);
    RUN(order_preserved);
    RUN(not_a_zip);
    RUN(empty_package);
    RUN(errors_reported);
    return unit_done();
}
