/*
 * test_render.c — unit tests for the render stage (src/render.c).
 *
 * Templates are built in memory with the package writer (or taken from the
 * binary), models are hand-written XML.  The output DOCX is read back with
 * gw_zipin for the XML parts and with the small zip reader below for the
 * raw (compressed) bytes of copied parts.
 */
#define _POSIX_C_SOURCE 200809L

#include "package.h"
#include "render.h"
#include "unit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const unsigned char gw_tpl_notice[];
extern const size_t gw_tpl_notice_len;

/* ---------------------------------------------------------------- */
/* helpers                                                          */
/* ---------------------------------------------------------------- */

#define W_NS "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

static const char CT[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" "
    "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
    "</Types>";

static const char STYLES[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:styles " W_NS ">"
    "<w:style w:type=\"paragraph\" w:styleId=\"GwBody\"><w:name w:val=\"正文\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Big\"><w:name w:val=\"大\"/>"
    "<w:rPr><w:sz w:val=\"72\"/></w:rPr></w:style></w:styles>";

/* Writes a template DOCX whose word/document.xml body is `body`. */
static char *make_template(const char *body)
{
    static int seq;
    char *path = gw_xasprintf("/tmp/gw-test-render-%ld-%d.docx", (long)getpid(), seq++);
    char *doc = gw_xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<w:document " W_NS ">\n"
                             "<w:body>\n%s\n<w:sectPr/></w:body></w:document>\n",
                             body);
    gw_package *p = gw_package_new();
    gw_package_add(p, "[Content_Types].xml", CT, strlen(CT));
    gw_package_add(p, "word/document.xml", doc, strlen(doc));
    gw_package_add(p, "word/styles.xml", STYLES, strlen(STYLES));
    gw_buf zip = {0};
    gw_diags *d = gw_diags_new();
    if (gw_package_finish(p, &zip, d) != 0 || gw_write_file_atomic(path, zip.ptr, zip.len, d) != 0) {
        free(path);
        path = NULL;
    }
    gw_diags_free(d);
    gw_buf_free(&zip);
    gw_package_free(p);
    free(doc);
    return path;
}

static gw_model *model(const char *kind, const char *inner, gw_diags *d)
{
    char *xml = gw_xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                             "<document xmlns=\"urn:gongwen:model:1\" kind=\"%s\">%s</document>\n",
                             kind, inner);
    gw_model *m = gw_model_load_memory("test.xml", xml, strlen(xml), d);
    free(xml);
    return m;
}

/* Renders and returns the docx bytes (caller frees), NULL on failure. */
static char *render(const gw_template *t, gw_model *m, gw_kind kind, long long epoch, size_t *len, gw_diags *d)
{
    gw_buf out = {0};
    gw_render_opts o = {kind, epoch, NULL};
    if (gw_render_docx(t, m, &o, "test.xml", &out, d) != 0) {
        gw_buf_free(&out);
        return NULL;
    }
    *len = out.len;
    return gw_buf_detach(&out);
}

/* One uncompressed part of a docx in memory (caller frees), NULL if absent. */
static char *part(const char *docx, size_t len, const char *name)
{
    gw_diags *d = gw_diags_new();
    gw_zipin *z = gw_zipin_open_memory("out.docx", docx, len, d);
    char *r = NULL;
    long i = z ? gw_zipin_find(z, name) : -1;
    if (i >= 0) {
        gw_buf b = {0};
        if (gw_zipin_read(z, (size_t)i, &b, d) == 0)
            r = b.ptr ? gw_buf_detach(&b) : gw_xstrdup("");
        gw_buf_free(&b);
    }
    gw_zipin_free(z);
    gw_diags_free(d);
    return r;
}

static uint32_t rd16(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t rd32(const unsigned char *p)
{
    return rd16(p) | rd16(p + 2) << 16;
}

/* The raw entry (local header fields from method on, and the compressed
 * data) of name in a zip, via the central directory.  Returns 0 if found. */
static int raw_entry(const unsigned char *z, size_t n, const char *name, const unsigned char **data,
                     size_t *dlen, uint32_t *crc, unsigned *method)
{
    if (n < 22)
        return -1;
    size_t e = n - 22;
    while (e > 0 && rd32(z + e) != 0x06054b50u)
        e--;
    uint32_t count = rd16(z + e + 10), off = rd32(z + e + 16);
    size_t nl = strlen(name);
    for (uint32_t i = 0; i < count && off + 46 <= n; i++) {
        const unsigned char *c = z + off;
        uint32_t fl = rd16(c + 28), xl = rd16(c + 30), cl = rd16(c + 32);
        if (fl == nl && memcmp(c + 46, name, nl) == 0) {
            const unsigned char *l = z + rd32(c + 42);
            *method = rd16(c + 10);
            *crc = rd32(c + 16);
            *dlen = rd32(c + 20);
            *data = l + 30 + rd16(l + 26) + rd16(l + 28);
            return 0;
        }
        off += 46 + fl + xl + cl;
    }
    return -1;
}

static int has_diag(gw_diags *d, gw_severity sev, const char *needle)
{
    for (size_t i = 0; i < gw_diags_count(d); i++) {
        const gw_diag *g = gw_diags_get(d, i);
        if (g->sev == sev && g->msg && strstr(g->msg, needle))
            return 1;
    }
    return 0;
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; p && (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* The <w:p> element holding text (caller frees), NULL if none. */
static char *para_with(const char *xml, const char *text)
{
    const char *t = xml ? strstr(xml, text) : NULL;
    if (!t)
        return NULL;
    const char *a = t;
    while (a > xml && !(strncmp(a, "<w:p>", 5) == 0 || strncmp(a, "<w:p ", 5) == 0))
        a--;
    const char *e = strstr(t, "</w:p>");
    return e ? gw_xstrndup(a, (size_t)(e + 6 - a)) : NULL;
}

/* Does the paragraph after the one holding text start with want? */
static int next_para_is(const char *xml, const char *text, const char *want)
{
    const char *t = xml ? strstr(xml, text) : NULL;
    const char *e = t ? strstr(t, "</w:p>") : NULL;
    const char *n = e ? strstr(e + 6, "<w:p") : NULL;
    return n && strncmp(n, want, strlen(want)) == 0;
}

/* Does the paragraph holding text carry a direct <w:keepNext/>? */
static int keeps(const char *xml, const char *text)
{
    char *p = para_with(xml, text);
    int r = p && strstr(p, "<w:keepNext/>") != NULL;
    free(p);
    return r;
}

/* The w:gridCol widths of the n-th (0-based) table; returns how many. */
static size_t grid_cols(const char *xml, size_t n, int *w, size_t max)
{
    const char *g = xml;
    for (size_t i = 0; g && i <= n; i++) {
        g = strstr(g, "<w:tblGrid>");
        if (g && i < n)
            g++;
    }
    if (!g)
        return 0;
    const char *end = strstr(g, "</w:tblGrid>");
    size_t k = 0;
    for (const char *c = strstr(g, "<w:gridCol w:w=\""); c && c < end && k < max;
         c = strstr(c + 1, "<w:gridCol w:w=\""))
        w[k++] = atoi(c + strlen("<w:gridCol w:w=\""));
    return k;
}

static const char FULL_NOTICE[] =
    "<head><issuer-mark>某某市某某局文件</issuer-mark><doc-number>某发〔2024〕3号</doc-number></head>"
    "<title>某某局关于做好示例工作的通知</title>"
    "<recipients text=\"各科室\"/>"
    "<body><p>请认真做好示例工作。</p>"
    "<heading level=\"1\" label=\"一、\">总体要求</heading>"
    "<heading level=\"2\" label=\"（一）\">明确目标。全年完成示例任务，具体如下。</heading>"
    "<p>第一句<b>加粗部分</b>结尾。</p>"
    "<p role=\"roster\">组长：甲某</p><p role=\"roster\">成员：乙某</p>"
    "<p>名单完。</p></body>"
    "<signature>某某市某某局</signature><date value=\"2024-05-03\">2024年5月3日</date>"
    "<colophon><cc>某某办公室</cc><printer>某某市某某局办公室</printer>"
    "<print-date value=\"2024-05-04\">2024年5月4日</print-date></colophon>"
    "<roster><member role=\"组长\" name=\"甲某\" title=\"局长\"/><member role=\"成员\" name=\"乙某\" title=\"科长\"/>"
    "</roster>";

/* ---------------------------------------------------------------- */
/* tests                                                            */
/* ---------------------------------------------------------------- */

TEST(test_kind_names)
{
    CHECK_INT(gw_kind_from_name("notice"), GW_KIND_NOTICE);
    CHECK_INT(gw_kind_from_name("reply"), GW_KIND_REPLY);
    CHECK_INT(gw_kind_from_name("letter"), GW_KIND_REPLY);
    CHECK_INT(gw_kind_from_name("memo"), GW_KIND_MAX);
    CHECK_STR(gw_kind_name(GW_KIND_REPORT), "report");
}

TEST(test_builtin_templates_load)
{
    for (int k = 0; k < GW_KIND_MAX; k++) {
        gw_diags *d = gw_diags_new();
        gw_template *t = gw_template_builtin((gw_kind)k, d);
        CHECK(t != NULL);
        CHECK_INT(gw_diags_count(d), 0);
        gw_template_free(t);
        gw_diags_free(d);
    }
}

/* The built-in templates skip the well-formedness parse at start-up; the
 * same bytes must pass it (and every other check) when loaded as a file. */
TEST(test_builtin_templates_pass_full_checks)
{
    for (int k = 0; k < GW_KIND_MAX; k++) {
        size_t len;
        const char *name;
        const unsigned char *bytes = gw_template_builtin_bytes((gw_kind)k, &len, &name);
        CHECK(bytes != NULL);
        char path[] = "/tmp/gw-test-builtin-XXXXXX";
        int fd = mkstemp(path);
        CHECK(fd >= 0);
        CHECK(write(fd, bytes, len) == (ssize_t)len);
        close(fd);
        gw_diags *d = gw_diags_new();
        gw_template *t = gw_template_load(path, d);
        CHECK(t != NULL);
        CHECK_INT(gw_diags_count(d), 0);
        gw_template_free(t);
        gw_diags_free(d);
        unlink(path);
    }
}

TEST(test_load_good_template_file)
{
    char *path = make_template("<w:p><w:r><w:t>{{title}}</w:t></w:r></w:p>\n"
                               "<w:p><w:r><w:t>{{body}}</w:t></w:r></w:p>");
    CHECK(path != NULL);
    gw_diags *d = gw_diags_new();
    gw_template *t = gw_template_load(path, d);
    CHECK(t != NULL);
    CHECK_INT(gw_diags_errors(d), 0);
    gw_template_free(t);
    gw_diags_free(d);
    if (path)
        unlink(path);
    free(path);
}

/* Expects the template body to fail with an error at line:col whose
 * message contains needle. */
static void expect_template_error(const char *body, const char *needle, int line, int col)
{
    char *path = make_template(body);
    gw_diags *d = gw_diags_new();
    gw_template *t = path ? gw_template_load(path, d) : NULL;
    CHECK(t == NULL);
    CHECK(gw_diags_errors(d) >= 1);
    int found = 0;
    for (size_t i = 0; i < gw_diags_count(d); i++) {
        const gw_diag *g = gw_diags_get(d, i);
        if (g->sev != GW_ERROR || !strstr(g->msg, needle))
            continue;
        found = 1;
        CHECK(g->file && strstr(g->file, "(word/document.xml)"));
        CHECK_INT(g->line, line);
        CHECK_INT(g->col, col);
    }
    if (!found)
        UNIT_FAIL("no error containing \"%s\"", needle);
    gw_template_free(t);
    gw_diags_free(d);
    if (path)
        unlink(path);
    free(path);
}

TEST(test_malformed_unclosed)
{
    /* line 4 of document.xml: <w:p><w:r><w:t>标题：{{title</w:t>… ; the {{ is at column 19 */
    expect_template_error("<w:p><w:r><w:t>标题：{{title</w:t></w:r></w:p>", "没有闭合", 4, 19);
}

TEST(test_malformed_unknown_tag)
{
    expect_template_error("<w:p><w:r><w:t>x</w:t></w:r></w:p>\n<w:p><w:r><w:t>{{nosuch}}</w:t></w:r></w:p>",
                          "nosuch", 5, 16);
}

TEST(test_malformed_block_not_alone)
{
    expect_template_error("<w:p><w:r><w:t>正文：{{body}}</w:t></w:r></w:p>", "单独", 4, 19);
}

TEST(test_malformed_xml)
{
    char *path = make_template("<w:p><w:r><w:t>{{title}}</w:r></w:p>");
    gw_diags *d = gw_diags_new();
    gw_template *t = gw_template_load(path, d);
    CHECK(t == NULL);
    CHECK(has_diag(d, GW_ERROR, "XML"));
    gw_template_free(t);
    gw_diags_free(d);
    unlink(path);
    free(path);
}

TEST(test_split_tag_and_escaping)
{
    /* Word split {{title}} over three runs, with formatting in between */
    char *path = make_template("<w:p><w:pPr><w:pStyle w:val=\"Big\"/></w:pPr>"
                               "<w:r><w:t>前{</w:t></w:r><w:proofErr w:type=\"spellStart\"/>"
                               "<w:r><w:rPr><w:b/></w:rPr><w:t>{ti</w:t></w:r>"
                               "<w:r><w:t xml:space=\"preserve\">tle }}后</w:t></w:r></w:p>\n"
                               "<w:p><w:r><w:t>{{body}}</w:t></w:r></w:p>");
    gw_diags *d = gw_diags_new();
    gw_template *t = gw_template_load(path, d);
    CHECK(t != NULL);
    gw_model *m = model("plan", "<title>A&lt;B &amp; C\xE2\x80\x94" "D</title><body><p>x &lt; y</p></body>", d);
    CHECK(m != NULL);
    size_t len = 0;
    char *docx = t && m ? render(t, m, GW_KIND_PLAN, -1, &len, d) : NULL;
    CHECK(docx != NULL);
    char *xml = docx ? part(docx, len, "word/document.xml") : NULL;
    CHECK(xml != NULL);
    if (xml) {
        CHECK(strstr(xml, "{{") == NULL);
        CHECK(strstr(xml, "}}") == NULL);
        /* the value lands where the tag started, in the first run, escaped */
        CHECK(strstr(xml, "<w:t xml:space=\"preserve\">前A&lt;B &amp; C\xE2\x80\x94" "D</w:t>") != NULL);
        CHECK(strstr(xml, "<w:t>后</w:t>") == NULL);
        CHECK(strstr(xml, "后</w:t>") != NULL);
        CHECK(strstr(xml, "x &lt; y") != NULL);
        CHECK(strstr(xml, "<w:proofErr") != NULL); /* the rest of the template is kept */
    }
    free(xml);
    free(docx);
    gw_model_free(m);
    gw_template_free(t);
    gw_diags_free(d);
    unlink(path);
    free(path);
}

TEST(test_forbidden_characters_stripped)
{
    gw_diags *d = gw_diags_new();
    gw_template *t = gw_template_builtin(GW_KIND_PLAN, d);
    gw_model *m = model("plan", "<title>ok</title><body><p>a</p></body>", d);
    CHECK(m != NULL);
    if (m) {
        /* put a control character into the model behind the sanitiser's back */
        xmlNodePtr title = gw_model_first(gw_model_root(m), "title");
        xmlNodeSetContent(title, NULL);
        xmlAddChild(title, xmlNewText(BAD_CAST "T\x01\x0b" "1 <&>"));
    }
    size_t len = 0;
    char *docx = m ? render(t, m, GW_KIND_PLAN, -1, &len, d) : NULL;
    char *xml = docx ? part(docx, len, "word/document.xml") : NULL;
    CHECK(xml && strstr(xml, ">T1 &lt;&amp;&gt;<") != NULL);
    char *core = docx ? part(docx, len, "docProps/core.xml") : NULL;
    CHECK(core && strstr(core, "<dc:title>T1 &lt;&amp;&gt;</dc:title>") != NULL);
    free(core);
    free(xml);
    free(docx);
    gw_model_free(m);
    gw_template_free(t);
    gw_diags_free(d);
}

TEST(test_deterministic)
{
    gw_diags *d = gw_diags_new();
    gw_template *t1 = gw_template_builtin(GW_KIND_NOTICE, d);
    gw_template *t2 = gw_template_builtin(GW_KIND_NOTICE, d);
    gw_model *m = model("notice", FULL_NOTICE, d);
    CHECK(m != NULL);
    size_t l1 = 0, l2 = 0, l3 = 0;
    char *a = render(t1, m, GW_KIND_NOTICE, -1, &l1, d);
    char *b = render(t1, m, GW_KIND_NOTICE, -1, &l2, d); /* same template object again */
    char *c = render(t2, m, GW_KIND_NOTICE, -1, &l3, d); /* another load */
    CHECK(a && b && c);
    CHECK(l1 == l2 && a && b && memcmp(a, b, l1) == 0);
    CHECK(l1 == l3 && a && c && memcmp(a, c, l1) == 0);
    CHECK_INT(gw_diags_count(d), 0); /* a complete notice gives no warning */
    free(a);
    free(b);
    free(c);
    gw_model_free(m);
    gw_template_free(t1);
    gw_template_free(t2);
    gw_diags_free(d);
}

TEST(test_missing_date_and_number)
{
    gw_diags *d = gw_diags_new();
    gw_template *t = gw_template_builtin(GW_KIND_NOTICE, d);
    gw_model *m = model("notice",
                        "<head><issuer-mark>某某局文件</issuer-mark></head><title>关于某事的通知</title>"
                        "<body><p>正文。</p></body><signature>某某局</signature>",
                        d);
    size_t len = 0;
    char *docx = render(t, m, GW_KIND_NOTICE, -1, &len, d);
    CHECK(docx != NULL);
    char *xml = docx ? part(docx, len, "word/document.xml") : NULL;
    /* 发文字号, 成文日期, 印发机关, 印发日期 */
    CHECK(xml && count_of(xml, "【待补】") == 4);
    CHECK(has_diag(d, GW_WARNING, "缺少成文日期"));
    CHECK(has_diag(d, GW_WARNING, "缺少发文字号"));
    CHECK(has_diag(d, GW_WARNING, "【待补】"));
    CHECK(!has_diag(d, GW_WARNING, "缺少标题"));
    for (size_t i = 0; i < gw_diags_count(d); i++) {
        CHECK(gw_diags_get(d, i)->sev == GW_WARNING);
        CHECK_STR(gw_diags_get(d, i)->file, "test.xml");
    }
    /* one warning per field even when rendered twice into one list? no:
     * each render reports its own */
    size_t before = gw_diags_count(d);
    free(docx);
    docx = render(t, m, GW_KIND_NOTICE, -1, &len, d);
    CHECK_INT(gw_diags_count(d), before * 2);
    /* the plan kind requires none of these */
    gw_diags_clear(d);
    gw_template *tp = gw_template_builtin(GW_KIND_PLAN, d);
    char *plan = render(tp, m, GW_KIND_PLAN, -1, &len, d);
    char *pxml = plan ? part(plan, len, "word/document.xml") : NULL;
    CHECK(pxml && strstr(pxml, "【待补】") == NULL);
    CHECK_INT(gw_diags_count(d), 0);
    free(pxml);
    free(plan);
    gw_template_free(tp);
    free(xml);
    free(docx);
    gw_model_free(m);
    gw_template_free(t);
    gw_diags_free(d);
}

TEST(test_unchanged_parts_copied)
{
    gw_diags *d = gw_diags_new();
    gw_template *t = gw_template_builtin(GW_KIND_NOTICE, d);
    gw_model *m = model("notice", FULL_NOTICE, d);
    size_t len = 0;
    char *docx = render(t, m, GW_KIND_NOTICE, -1, &len, d);
    CHECK(docx != NULL);
    static const char *const same[] = {"word/styles.xml", "word/settings.xml", "word/fontTable.xml",
                                       "word/footer1.xml", "word/footer2.xml", "_rels/.rels"};
    for (size_t i = 0; docx && i < sizeof same / sizeof *same; i++) {
        const unsigned char *a, *b;
        size_t al, bl;
        uint32_t ac, bc;
        unsigned am, bm;
        int ra = raw_entry((const unsigned char *)docx, len, same[i], &a, &al, &ac, &am);
        int rb = raw_entry(gw_tpl_notice, gw_tpl_notice_len, same[i], &b, &bl, &bc, &bm);
        CHECK(ra == 0 && rb == 0);
        if (ra == 0 && rb == 0) {
            CHECK_INT(al, bl);
            CHECK_INT(ac, bc);
            CHECK_INT(am, bm);
            CHECK(al == bl && memcmp(a, b, al) == 0);
        }
    }
    /* the changed parts are there, document.xml first after the fixed ones */
    char *ct = docx ? part(docx, len, "[Content_Types].xml") : NULL;
    CHECK(ct != NULL);
    const unsigned char *a;
    size_t al;
    uint32_t ac;
    unsigned am;
    CHECK(docx && memcmp(docx + 30, "[Content_Types].xml", 19) == 0);
    CHECK(docx && raw_entry((const unsigned char *)docx, len, "word/document.xml", &a, &al, &ac, &am) == 0);
    free(ct);
    free(docx);
    gw_model_free(m);
    gw_template_free(t);
    gw_diags_free(d);
}

TEST(test_conditional_row_and_table)
{
    gw_diags *d = gw_diags_new();
    gw_template *t = gw_template_builtin(GW_KIND_NOTICE, d);
    gw_model *with = model("notice", FULL_NOTICE, d);
    size_t len = 0;
    char *docx = render(t, with, GW_KIND_NOTICE, -1, &len, d);
    char *xml = docx ? part(docx, len, "word/document.xml") : NULL;
    CHECK(xml && strstr(xml, "抄送：某某办公室。") != NULL);
    CHECK(xml && strstr(xml, "某某市某某局办公室") != NULL);
    CHECK(xml && strstr(xml, "2024年5月4日印发") != NULL);
    free(xml);
    free(docx);
    /* without 抄送 the row goes, the 印发 row stays */
    gw_model *without = model("notice",
                              "<head><issuer-mark>某某局文件</issuer-mark><doc-number>某〔2024〕1号</doc-number></head>"
                              "<title>关于某事的通知</title><body><p>正文。</p></body>"
                              "<signature>某某局</signature><date value=\"2024-01-02\"/>"
                              "<colophon><printer>某某局办公室</printer><print-date value=\"2024-01-02\"/></colophon>",
                              d);
    docx = render(t, without, GW_KIND_NOTICE, -1, &len, d);
    xml = docx ? part(docx, len, "word/document.xml") : NULL;
    CHECK(xml && strstr(xml, "抄送") == NULL);
    CHECK(xml && strstr(xml, "2024年1月2日印发") != NULL);
    CHECK(xml && count_of(xml, "<w:tr>") == 1);
    free(xml);
    free(docx);
    /* report: both 版记 rows are conditional, so the whole table goes */
    gw_template *tr = gw_template_builtin(GW_KIND_REPORT, d);
    gw_model *rep = model("report",
                          "<head><issuer-mark>某某区人民政府</issuer-mark><doc-number>某〔2024〕2号</doc-number>"
                          "<signer>张某</signer></head><title>关于某事的报告</title>"
                          "<subtitle>——在某会议上</subtitle><recipients text=\"主任、各位副主任：\"/>"
                          "<body><p>报告正文。</p></body><signature>某某区人民政府</signature>"
                          "<date>二〇二四年五月二十三日</date>",
                          d);
    docx = render(tr, rep, GW_KIND_REPORT, -1, &len, d);
    xml = docx ? part(docx, len, "word/document.xml") : NULL;
    CHECK(xml && strstr(xml, "w:tblpPr") == NULL);
    CHECK(xml && strstr(xml, "<w:tbl>") == NULL);
    CHECK(xml && strstr(xml, "签发人：") != NULL);
    CHECK(xml && strstr(xml, "张某") != NULL);
    CHECK(xml && strstr(xml, "主任、各位副主任：<") != NULL); /* one colon, not two */
    CHECK(xml && strstr(xml, "2024年5月23日") != NULL);   /* Chinese numerals read */
    CHECK(xml && strstr(xml, "——在某会议上") != NULL);
    CHECK_INT(gw_diags_count(d), 0);
    free(xml);
    free(docx);
    gw_model_free(rep);
    gw_template_free(tr);
    gw_model_free(with);
    gw_model_free(without);
    gw_template_free(t);
    gw_diags_free(d);
}

TEST(test_body_mapping)
{
    gw_diags *d = gw_diags_new();
    gw_template *t = gw_template_builtin(GW_KIND_NOTICE, d);
    gw_model *m = model("notice", FULL_NOTICE, d);
    size_t len = 0;
    char *docx = render(t, m, GW_KIND_NOTICE, -1, &len, d);
    char *xml = docx ? part(docx, len, "word/document.xml") : NULL;
    CHECK(xml != NULL);
    if (xml) {
        CHECK(strstr(xml, "<w:pStyle w:val=\"GwHeading1\"/>") != NULL);
        CHECK(strstr(xml, ">一、</w:t>") != NULL);
        CHECK(strstr(xml, ">总体要求</w:t>") != NULL);
        /* a level-2 heading running on: first sentence in the heading font */
        CHECK(strstr(xml, ">明确目标。</w:t>") != NULL);
        CHECK(strstr(xml, "<w:rStyle w:val=\"GwBodyChar\"/><w:rFonts w:hint=\"eastAsia\"/></w:rPr>"
                          "<w:t xml:space=\"preserve\">全年完成") != NULL);
        CHECK(strstr(xml, "<w:b/><w:bCs/></w:rPr><w:t xml:space=\"preserve\">加粗部分") != NULL);
        /* the roster lines became one table with a repeated header row */
        CHECK(strstr(xml, ">组长：甲某<") == NULL);
        CHECK(strstr(xml, "<w:tblHeader/>") != NULL);
        CHECK(strstr(xml, ">单位职务<") != NULL);
        CHECK(strstr(xml, ">局长<") != NULL);
        CHECK(strstr(xml, "名单完。") != NULL);
        /* 成文日期 formatted, signature block indents computed */
        CHECK(strstr(xml, ">2024年5月3日<") != NULL);
        CHECK(strstr(xml, "<w:pStyle w:val=\"GwSignature\"/><w:keepNext/><w:ind w:right=\"640\"/>") != NULL);
        /* name 6 字 (1920), date 1920: start 2560, date right 0 */
        CHECK(strstr(xml, "<w:pStyle w:val=\"GwDate\"/><w:ind w:right=\"0\"/>") != NULL);
    }
    char *core = docx ? part(docx, len, "docProps/core.xml") : NULL;
    CHECK(core && strstr(core, "2024-05-03T00:00:00Z") != NULL);
    free(core);
    free(xml);
    free(docx);
    gw_model_free(m);
    gw_template_free(t);
    gw_diags_free(d);
}

TEST(test_core_dates)
{
    gw_diags *d = gw_diags_new();
    gw_template *t = gw_template_builtin(GW_KIND_PLAN, d);
    gw_model *m = model("plan", "<title>无日期</title><body><p>x</p></body>", d);
    size_t len = 0;
    char *docx = render(t, m, GW_KIND_PLAN, 86400LL * 366 + 3661, &len, d);
    char *core = docx ? part(docx, len, "docProps/core.xml") : NULL;
    CHECK(core && strstr(core, "<dcterms:created xsi:type=\"dcterms:W3CDTF\">1971-01-02T01:01:01Z<") != NULL);
    free(core);
    free(docx);
    docx = render(t, m, GW_KIND_PLAN, -1, &len, d);
    core = docx ? part(docx, len, "docProps/core.xml") : NULL;
    CHECK(core && strstr(core, "1980-01-01T00:00:00Z</dcterms:modified>") != NULL);
    free(core);
    free(docx);
    gw_model_free(m);
    gw_template_free(t);
    gw_diags_free(d);
}

TEST(test_reply_letter)
{
    gw_diags *d = gw_diags_new();
    gw_template *t = gw_template_builtin(GW_KIND_REPLY, d);
    gw_model *m = model("reply",
                        "<head><issuer-mark>某某市某某局</issuer-mark><doc-number>某函〔2024〕9号</doc-number></head>"
                        "<title>关于第12号建议的答复</title><recipients text=\"王某代表\"/>"
                        "<body><p>您提出的建议收悉。</p></body><signature>某某市某某局</signature>"
                        "<date value=\"2024-07-01\"/>"
                        "<reply><field name=\"result\">B</field><field name=\"contact\">联系人：李某</field></reply>",
                        d);
    size_t len = 0;
    char *docx = render(t, m, GW_KIND_REPLY, -1, &len, d);
    char *hdr = docx ? part(docx, len, "word/header1.xml") : NULL;
    char *xml = docx ? part(docx, len, "word/document.xml") : NULL;
    CHECK(hdr && strstr(hdr, ">B<") != NULL);
    CHECK(hdr && strstr(hdr, ">某某市某某局<") != NULL);
    CHECK(xml && strstr(xml, "王某代表：") != NULL);
    CHECK(xml && strstr(xml, "（联系人：李某，联系电话：【待补】）") != NULL);
    CHECK(has_diag(d, GW_WARNING, "缺少联系电话"));
    CHECK(has_diag(d, GW_WARNING, "缺少公开属性"));
    CHECK(!has_diag(d, GW_WARNING, "缺少联系人"));
    free(hdr);
    free(xml);
    free(docx);
    gw_model_free(m);
    gw_template_free(t);
    gw_diags_free(d);
}

TEST(test_styles_found_by_name)
{
    /* LibreOffice renumbers style ids when it saves: GwBody becomes Style26 */
    static const char styles[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:styles " W_NS ">"
        "<w:style w:type=\"paragraph\" w:styleId=\"Style26\"><w:name w:val=\"公文正文\"/></w:style>"
        "<w:style w:type=\"paragraph\" w:styleId=\"Style27\"><w:name w:val=\"公文一级标题\"/></w:style>"
        "</w:styles>";
    static const char doc[] = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document " W_NS "><w:body>"
                              "<w:p><w:r><w:t>{{body}}</w:t></w:r></w:p></w:body></w:document>";
    char *path = gw_xasprintf("/tmp/gw-test-render-%ld-styles.docx", (long)getpid());
    gw_package *p = gw_package_new();
    gw_package_add(p, "[Content_Types].xml", CT, strlen(CT));
    gw_package_add(p, "word/document.xml", doc, strlen(doc));
    gw_package_add(p, "word/styles.xml", styles, strlen(styles));
    gw_buf zip = {0};
    gw_diags *d = gw_diags_new();
    CHECK(gw_package_finish(p, &zip, d) == 0 && gw_write_file_atomic(path, zip.ptr, zip.len, d) == 0);
    gw_template *t = gw_template_load(path, d);
    CHECK(t != NULL);
    /* the styles it lacks are reported, not fatal */
    CHECK(has_diag(d, GW_WARNING, "GwHeading2"));
    CHECK(!has_diag(d, GW_WARNING, "GwBody（"));
    gw_model *m = model("plan", "<title>t</title><body><heading level=\"1\" label=\"一、\">甲</heading><p>乙</p></body>", d);
    size_t len = 0;
    char *docx = t && m ? render(t, m, GW_KIND_PLAN, -1, &len, d) : NULL;
    char *xml = docx ? part(docx, len, "word/document.xml") : NULL;
    CHECK(xml && strstr(xml, "<w:pStyle w:val=\"Style26\"/>") != NULL);
    CHECK(xml && strstr(xml, "<w:pStyle w:val=\"Style27\"/>") != NULL);
    CHECK(xml && strstr(xml, "GwBody") == NULL);
    free(xml);
    free(docx);
    gw_model_free(m);
    gw_template_free(t);
    gw_diags_free(d);
    gw_buf_free(&zip);
    gw_package_free(p);
    unlink(path);
    free(path);
}

TEST(test_long_issuer_mark_condensed)
{
    gw_diags *d = gw_diags_new();
    gw_template *t = gw_template_builtin(GW_KIND_NOTICE, d);
    gw_model *m = model("notice",
                        "<head><issuer-mark>某某省某某市某某区人民政府办公室文件</issuer-mark></head>"
                        "<title>t</title><body/>",
                        d);
    size_t len = 0;
    char *docx = render(t, m, GW_KIND_NOTICE, -1, &len, d);
    char *xml = docx ? part(docx, len, "word/document.xml") : NULL;
    CHECK(xml && strstr(xml, "<w:w w:val=\"") != NULL);
    free(xml);
    free(docx);
    gw_model_free(m);
    gw_template_free(t);
    gw_diags_free(d);
}

/* A title longer than one line (20 characters of 2号 in the 版心) is broken
 * into balanced lines: no line over 20 characters, none much shorter than
 * the others (no orphan character on the last line). */
TEST(test_long_title_balanced)
{
    gw_diags *d = gw_diags_new();
    gw_template *t = gw_template_builtin(GW_KIND_NOTICE, d);
    gw_model *m = model("notice",
                        "<title>某某区人民政府办公室关于印发某某区老旧小区改造三年行动工作方案的通知</title><body/>", d);
    size_t len = 0;
    char *docx = render(t, m, GW_KIND_NOTICE, -1, &len, d);
    char *xml = docx ? part(docx, len, "word/document.xml") : NULL;
    char *p = xml ? para_with(xml, "某某区人民政府办公室关于") : NULL;
    CHECK(p != NULL);
    if (p) {
        CHECK_INT(count_of(p, "<w:br/>"), 1);
        /* the two lines: text before and after the break */
        const char *br = strstr(p, "<w:br/>");
        size_t before = 0, after = 0;
        for (const char *q = p; *q; q++) {
            if (q == br)
                before = after, after = 0;
            if (((unsigned char)*q & 0xF0) == 0xE0)
                after++;
        }
        CHECK(before <= 20 && after <= 20);
        CHECK(before + 0 >= after / 2 && after >= before / 2);
    }
    free(p);
    free(xml);
    free(docx);
    gw_model_free(m);
    gw_template_free(t);
    gw_diags_free(d);
}

TEST(test_closing_block_keeps_together)
{
    gw_diags *d = gw_diags_new();
    gw_template *t = gw_template_builtin(GW_KIND_NOTICE, d);
    /* body → 附件说明 → 署名 → 日期 → 附注, all kept with the next line */
    gw_model *m = model("notice",
                        "<title>t</title><body><p>第一段。</p><p>最后一段。</p></body>"
                        "<attachment-notes><attachment-note>某某名单</attachment-note></attachment-notes>"
                        "<signature>某某局</signature><date value=\"2024-05-03\"/>"
                        "<note>（联系人：甲，联系电话：1）</note><note>（此件公开发布）</note>",
                        d);
    size_t len = 0;
    char *docx = render(t, m, GW_KIND_NOTICE, -1, &len, d);
    char *xml = docx ? part(docx, len, "word/document.xml") : NULL;
    CHECK(xml != NULL);
    CHECK(!keeps(xml, ">第一段。<"));
    CHECK(keeps(xml, ">最后一段。<"));
    CHECK(keeps(xml, ">某某名单<"));
    CHECK(keeps(xml, ">某某局<"));
    CHECK(keeps(xml, ">2024年5月3日<"));
    CHECK(keeps(xml, "联系人：甲"));
    CHECK(!keeps(xml, "此件公开发布")); /* the 版记 of a notice may stand alone */
    /* the blank lines inside the chain keep too */
    CHECK(next_para_is(xml, ">最后一段。<", "<w:p><w:pPr><w:keepNext/></w:pPr></w:p>"));
    CHECK(next_para_is(xml, ">某某名单<", "<w:p><w:pPr><w:keepNext/></w:pPr></w:p>"));
    free(xml);
    free(docx);
    gw_model_free(m);

    /* a one-paragraph body stays on page 1 (LibreOffice would move a kept
     * paragraph whole); the closing block keeps together on its own */
    m = model("notice",
              "<title>t</title><body><p>唯一一段。</p></body>"
              "<signature>某某局</signature><date value=\"2024-05-03\"/><note>附注甲</note>",
              d);
    docx = render(t, m, GW_KIND_NOTICE, -1, &len, d);
    xml = docx ? part(docx, len, "word/document.xml") : NULL;
    CHECK(!keeps(xml, ">唯一一段。<"));
    CHECK(next_para_is(xml, ">唯一一段。<", "<w:p/>"));
    CHECK(keeps(xml, ">某某局<"));
    CHECK(keeps(xml, ">2024年5月3日<"));
    CHECK(!keeps(xml, "附注甲"));
    free(xml);
    free(docx);
    gw_model_free(m);

    /* no 附注: the date ends the chain */
    m = model("notice", "<title>t</title><body><p>甲。</p><p>乙。</p></body>"
                        "<signature>某某局</signature><date value=\"2024-05-03\"/>", d);
    docx = render(t, m, GW_KIND_NOTICE, -1, &len, d);
    xml = docx ? part(docx, len, "word/document.xml") : NULL;
    CHECK(keeps(xml, ">乙。<"));
    CHECK(keeps(xml, ">某某局<"));
    CHECK(!keeps(xml, ">2024年5月3日<"));
    free(xml);
    free(docx);
    gw_model_free(m);
    gw_template_free(t);

    /* reply letter: 署名 → 日期 → contact line → 附注 → 版记 (公开属性, 抄送) */
    t = gw_template_builtin(GW_KIND_REPLY, d);
    m = model("reply",
              "<head><issuer-mark>某局</issuer-mark><doc-number>某函〔2024〕9号</doc-number></head>"
              "<title>关于第12号建议的答复</title><recipients text=\"王某代表\"/>"
              "<body><p>收悉。</p><p>感谢。</p></body><signature>某某市某某局</signature>"
              "<date value=\"2024-07-01\"/><note>此件公开发布</note>"
              "<reply><field name=\"contact\">李某</field><field name=\"phone\">1</field></reply>",
              d);
    docx = render(t, m, GW_KIND_REPLY, -1, &len, d);
    xml = docx ? part(docx, len, "word/document.xml") : NULL;
    CHECK(keeps(xml, ">感谢。<"));
    CHECK(keeps(xml, ">某某市某某局<"));
    CHECK(keeps(xml, ">2024年7月1日<"));
    CHECK(keeps(xml, "（联系人：李某"));
    CHECK(keeps(xml, "（此件公开发布）"));
    free(xml);
    free(docx);
    gw_model_free(m);
    gw_template_free(t);
    gw_diags_free(d);
}

TEST(test_table_widths_follow_content)
{
    gw_diags *d = gw_diags_new();
    gw_template *t = gw_template_builtin(GW_KIND_PLAN, d);
    gw_buf x = {0};
    gw_buf_puts(&x, "<title>汇总</title><body><table><row header=\"1\"><cell>编号</cell><cell>提出人</cell>"
                    "<cell>标题</cell><cell>办理结果</cell><cell>承办单位</cell></row>");
    static const char *const units[] = {"市教育局", "市民政局", "市交通运输局", "市住房和城乡建设局"};
    for (int i = 1; i <= 40; i++)
        gw_buf_printf(&x,
                      "<row><cell>%04d</cell><cell>%s</cell><cell>关于加强社区养老服务设施建设的提案%s</cell>"
                      "<cell>%c</cell><cell>%s</cell></row>",
                      i, i % 3 ? "王海燕" : "周立新", i % 2 ? "" : "（第二批）", "ABCD"[i % 4], units[i % 4]);
    gw_buf_puts(&x, "</table></body>");
    gw_model *m = model("plan", x.ptr, d);
    gw_buf_free(&x);
    size_t len = 0;
    char *docx = render(t, m, GW_KIND_PLAN, -1, &len, d);
    char *xml = docx ? part(docx, len, "word/document.xml") : NULL;
    CHECK(xml && strstr(xml, "<w:tblLayout w:type=\"fixed\"/>") != NULL);
    int w[8];
    size_t n = grid_cols(xml, 0, w, 8);
    CHECK_INT(n, 5);
    if (n == 5) {
        CHECK_INT(w[0] + w[1] + w[2] + w[3] + w[4], 8844);
        /* 4号 table text, 280 twips a 字, 170 of cell margins: short values
         * never wrap (0012: four digits; 王海燕: 3 字; the header 办理结果
         * may take two lines, so 2 字) */
        CHECK(w[0] - 170 >= 4 * 140);
        CHECK(w[1] - 170 >= 3 * 280);
        CHECK(w[3] - 170 >= 2 * 280);
        /* the long title gets the most */
        CHECK(w[2] > w[0] && w[2] > w[1] && w[2] > w[3] && w[2] > w[4]);
        /* every cell has the width of its grid column */
        char tcw[64];
        snprintf(tcw, sizeof tcw, "<w:tcW w:w=\"%d\" w:type=\"dxa\"/>", w[2]);
        CHECK_INT(count_of(xml, tcw), 41);
    }
    free(xml);
    free(docx);
    gw_model_free(m);

    /* a table that fits: nothing wraps, the spare width is shared out */
    m = model("plan", "<title>t</title><body><table><row header=\"1\"><cell>序号</cell><cell>名称</cell></row>"
                      "<row><cell>1</cell><cell>甲</cell></row></table></body>", d);
    docx = render(t, m, GW_KIND_PLAN, -1, &len, d);
    xml = docx ? part(docx, len, "word/document.xml") : NULL;
    n = grid_cols(xml, 0, w, 8);
    CHECK_INT(n, 2);
    if (n == 2)
        CHECK_INT(w[0] + w[1], 8844);
    free(xml);
    free(docx);
    gw_model_free(m);

    /* the roster table too */
    m = model("notice", FULL_NOTICE, d);
    gw_template *tn = gw_template_builtin(GW_KIND_NOTICE, d);
    docx = render(tn, m, GW_KIND_NOTICE, -1, &len, d);
    xml = docx ? part(docx, len, "word/document.xml") : NULL;
    n = grid_cols(xml, 0, w, 8);
    CHECK_INT(n, 3);
    if (n == 3)
        CHECK_INT(w[0] + w[1] + w[2], 8844);
    free(xml);
    free(docx);
    gw_model_free(m);
    gw_template_free(tn);
    gw_template_free(t);
    gw_diags_free(d);
}

TEST(test_roster_title_centred)
{
    gw_diags *d = gw_diags_new();
    gw_template *t = gw_template_builtin(GW_KIND_NOTICE, d);
    gw_model *m = model("notice", FULL_NOTICE, d);
    size_t len = 0;
    char *docx = render(t, m, GW_KIND_NOTICE, -1, &len, d);
    char *xml = docx ? part(docx, len, "word/document.xml") : NULL;
    char *p = para_with(xml, "加粗部分");
    CHECK(p && strstr(p, "<w:pStyle w:val=\"GwTableTitle\"/><w:keepNext/>") != NULL);
    free(p);
    p = para_with(xml, "名单完。");
    CHECK(p && strstr(p, "<w:pStyle w:val=\"GwBody\"/>") != NULL);
    free(p);
    free(xml);
    free(docx);
    gw_model_free(m);
    gw_template_free(t);

    /* a template without the style: centred by direct formatting, no warning */
    static const char body[] = "<w:p><w:r><w:t>{{body}}</w:t></w:r></w:p>";
    char *path = make_template(body);
    gw_diags *d2 = gw_diags_new();
    t = path ? gw_template_load(path, d2) : NULL;
    CHECK(t != NULL);
    CHECK(!has_diag(d2, GW_WARNING, "GwTableTitle"));
    m = model("plan", "<title>t</title><body><p>某某名单</p><p role=\"roster\">组长：甲</p></body>"
                      "<roster><member role=\"组长\" name=\"甲\"/></roster>", d2);
    docx = t ? render(t, m, GW_KIND_PLAN, -1, &len, d2) : NULL;
    xml = docx ? part(docx, len, "word/document.xml") : NULL;
    p = para_with(xml, "某某名单");
    CHECK(p && strstr(p, "<w:jc w:val=\"center\"/>") != NULL && strstr(p, "w:firstLine=\"0\"") != NULL);
    free(p);
    free(xml);
    free(docx);
    gw_model_free(m);
    gw_template_free(t);
    if (path)
        unlink(path);
    free(path);
    gw_diags_free(d2);
    gw_diags_free(d);
}

/* The report's 发文字号/签发人 paragraphs, in order; returns how many. */
static size_t signer_paras(const char *xml, char **out, size_t max)
{
    size_t n = 0;
    for (const char *q = xml; q && n < max; q++) {
        q = strstr(q, "<w:pStyle w:val=\"GwDocNumberSigner\"/>");
        if (!q)
            break;
        out[n++] = para_with(q, "GwDocNumberSigner");
    }
    return n;
}

TEST(test_signers_two_per_line)
{
    gw_diags *d = gw_diags_new();
    gw_template *t = gw_template_builtin(GW_KIND_REPORT, d);
    static const char *const heads[] = {
        "<signer>王明</signer><signer>李建国</signer>",
        "<signer>王明</signer><signer>李建国</signer><signer>张晓梅</signer>",
        "<signer>王明</signer><signer>李建国</signer><signer>张晓梅</signer><signer>赵立新</signer>"
        "<signer>欧阳海燕</signer>"};
    for (int h = 0; h < 3; h++) {
        char *inner = gw_xasprintf("<head><issuer-mark>某某区人民政府文件</issuer-mark>"
                                   "<doc-number>某府报〔2021〕12号</doc-number>%s</head><title>t</title><body/>",
                                   heads[h]);
        gw_model *m = model("report", inner, d);
        free(inner);
        size_t len = 0;
        char *docx = render(t, m, GW_KIND_REPORT, -1, &len, d);
        char *xml = docx ? part(docx, len, "word/document.xml") : NULL;
        char *ps[4] = {0};
        size_t n = xml ? signer_paras(xml, ps, 4) : 0;
        if (h == 0) {
            /* two signers: the template's one line, names side by side */
            CHECK_INT(n, 1);
            CHECK(ps[0] && strstr(ps[0], "某府报〔2021〕12号") && strstr(ps[0], "签发人：") &&
                  strstr(ps[0], "王明　李建国"));
        } else {
            /* two names a line; the label on the first, the number on the last */
            CHECK_INT(n, h == 1 ? 2 : 3);
            CHECK(ps[0] && strstr(ps[0], ">签发人：<") && strstr(ps[0], ">王明<") && strstr(ps[0], ">李建国<") &&
                  !strstr(ps[0], "〔2021〕"));
            CHECK(n >= 2 && ps[n - 1] && strstr(ps[n - 1], ">某府报〔2021〕12号<") &&
                  !strstr(ps[n - 1], "签发人"));
            CHECK(ps[n - 1] && strstr(ps[n - 1], h == 1 ? ">张晓梅<" : ">欧阳海燕<"));
            if (h == 2)
                CHECK(ps[1] && strstr(ps[1], ">张晓梅<") && strstr(ps[1], ">赵立新<"));
            /* names in 楷体, every line's first name on the same tab stop */
            CHECK(ps[0] && count_of(ps[0], "<w:rStyle w:val=\"GwSignerName\"/>") == 2);
            const char *tab = ps[0] ? strstr(ps[0], "<w:tab w:val=\"left\" w:pos=\"") : NULL;
            tab = tab ? strstr(tab + 1, "<w:tab w:val=\"left\" w:pos=\"") : NULL; /* the names' column */
            if (tab) {
                char stop[64];
                snprintf(stop, sizeof stop, "%.*s", (int)(strchr(tab + 26, '"') + 1 - tab), tab);
                for (size_t i = 1; i < n; i++)
                    CHECK(ps[i] && strstr(ps[i], stop) != NULL);
            } else {
                CHECK(tab != NULL);
            }
        }
        for (size_t i = 0; i < 4; i++)
            free(ps[i]);
        free(xml);
        free(docx);
        gw_model_free(m);
    }
    gw_template_free(t);
    gw_diags_free(d);
}

int main(void)
{
    RUN(test_kind_names);
    RUN(test_builtin_templates_load);
    RUN(test_builtin_templates_pass_full_checks);
    RUN(test_load_good_template_file);
    RUN(test_malformed_unclosed);
    RUN(test_malformed_unknown_tag);
    RUN(test_malformed_block_not_alone);
    RUN(test_malformed_xml);
    RUN(test_split_tag_and_escaping);
    RUN(test_forbidden_characters_stripped);
    RUN(test_deterministic);
    RUN(test_missing_date_and_number);
    RUN(test_unchanged_parts_copied);
    RUN(test_conditional_row_and_table);
    RUN(test_body_mapping);
    RUN(test_core_dates);
    RUN(test_reply_letter);
    RUN(test_styles_found_by_name);
    RUN(test_long_issuer_mark_condensed);
    RUN(test_long_title_balanced);
    RUN(test_closing_block_keeps_together);
    RUN(test_table_widths_follow_content);
    RUN(test_roster_title_centred);
    RUN(test_signers_two_per_line);
    xmlCleanupParser();
    return unit_done();
}
