/*
 * test_model.c — unit tests for the model stage (src/model.c).
 *
 * Builds models through the public API and checks the exact XML, schema
 * order, the text boundary, validation messages, write → load → write
 * stability and NULL-safety.  The sample texts are made up for the tests.
 * Run from the repository root (fixtures are found next to this file).
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "model.h"
#include "unit.h"

/* ---- helpers ---- */

/* Returns the serialised model; caller frees. */
static char *S_write(const gw_model *m)
{
    gw_buf b = {0};
    gw_model_write(m, &b);
    return gw_buf_detach(&b);
}

static gw_model *S_load(const char *name, const char *xml, gw_diags *d)
{
    return gw_model_load_memory(name, xml, strlen(xml), d);
}

/* Index of the first diagnostic with severity sev whose message contains
 * needle (and, when line > 0, on that line), or -1. */
static int S_find_diag(const gw_diags *d, gw_severity sev, int line, const char *needle)
{
    for (size_t i = 0; i < gw_diags_count(d); i++) {
        const gw_diag *g = gw_diags_get(d, i);
        if (g->sev == sev && (line <= 0 || g->line == line) && strstr(g->msg, needle))
            return (int)i;
    }
    return -1;
}

static void S_dump_diags(const gw_diags *d)
{
    for (size_t i = 0; i < gw_diags_count(d); i++) {
        gw_buf b = {0};
        gw_diag_format(gw_diags_get(d, i), &b);
        printf("#   %s\n", b.ptr);
        gw_buf_free(&b);
    }
}

/* Path of a fixture: tests/fixtures/model/NAME, found from this file. */
static char *S_fixture(const char *name)
{
    const char *f = __FILE__;
    const char *cut = strstr(f, "unit/test_model.c");
    size_t n = cut ? (size_t)(cut - f) : 0;
    return gw_xasprintf("%.*sfixtures/model/%s", (int)n, f, name);
}

/* Names of the element children of parent, joined with spaces; caller frees. */
static char *S_child_names(xmlNodePtr parent)
{
    gw_buf b = {0};
    for (xmlNodePtr c = gw_model_first(parent, NULL); c; c = gw_model_next(c, NULL)) {
        if (b.len)
            gw_buf_putc(&b, ' ');
        gw_buf_puts(&b, (const char *)c->name);
    }
    return gw_buf_detach(&b);
}

/* A model with every part of the schema, its document children added in
 * reverse schema order (and the ordered parents' children reversed too). */
static gw_model *S_build_full(void)
{
    gw_model *m = gw_model_new("plan", "草稿/社区方案.md");
    xmlNodePtr r = gw_model_root(m);
    gw_model_set_int(r, "year", 2024);

    xmlNodePtr res = gw_model_add(m, r, "residue", NULL, 0, 0);
    xmlNodePtr l = gw_model_add(m, res, "line", "有关部门配合落实", 30, 5);
    gw_model_set_attr(l, "rule", "assignment");

    xmlNodePtr ro = gw_model_add(m, r, "roster", NULL, 25, 1);
    gw_model_set_attr(ro, "name", "工作专班");
    xmlNodePtr mem = gw_model_add(m, ro, "member", NULL, 26, 3);
    gw_model_set_attr(mem, "role", "组长");
    gw_model_set_attr(mem, "name", "王某某");
    gw_model_set_attr(mem, "title", "局长");

    xmlNodePtr tasks = gw_model_add(m, r, "tasks", NULL, 0, 0);
    xmlNodePtr t = gw_model_add(m, tasks, "task", NULL, 12, 1);
    gw_model_set_attr(t, "id", "二/（一）/1");
    gw_model_add(m, t, "text", "完成图书角选址", 0, 0);
    xmlNodePtr dl = gw_model_add(m, t, "deadline", "6月底前", 0, 0);
    gw_model_set_attr(dl, "value", "2024-06");
    gw_model_add(m, gw_model_add(m, t, "support", NULL, 0, 0), "unit", "各街道", 0, 0);
    gw_model_add(m, gw_model_add(m, t, "responsible", NULL, 0, 0), "unit", "社区居委会", 0, 0);
    gw_model_add(m, gw_model_add(m, t, "lead", NULL, 0, 0), "unit", "市文化局", 0, 0);

    xmlNodePtr reply = gw_model_add(m, r, "reply", NULL, 0, 0);
    xmlNodePtr fld = gw_model_add(m, reply, "field", "第0001号", 20, 1);
    gw_model_set_attr(fld, "name", "number");

    xmlNodePtr co = gw_model_add(m, r, "colophon", NULL, 0, 0);
    xmlNodePtr pd = gw_model_add(m, co, "print-date", "2024年5月21日印发", 40, 1);
    gw_model_set_attr(pd, "value", "2024-05-21");
    gw_model_add(m, co, "printer", "示例市文化局办公室", 40, 1);
    gw_model_add(m, co, "cc", "市委宣传部，市财政局。", 39, 1);

    xmlNodePtr at = gw_model_add(m, r, "attachment", NULL, 33, 1);
    gw_model_set_attr(at, "n", "1");
    gw_model_add(m, gw_model_child(m, at, "body", 1), "p", "附件正文", 35, 1);
    gw_model_add(m, at, "title", "图书角建设标准", 34, 1);

    xmlNodePtr en = gw_model_add(m, r, "enclosure", NULL, 0, 0);
    gw_model_add(m, gw_model_child(m, en, "body", 1), "p", "方案正文", 0, 0);
    gw_model_add(m, en, "subtitle", "（试行）", 0, 0);
    gw_model_add(m, en, "title", "社区图书角建设方案", 0, 0);

    gw_model_add(m, r, "note", "（联系人：李某，电话：12345678）", 18, 1);
    gw_model_add(m, r, "note", "（此件公开发布）", 19, 1);
    xmlNodePtr date = gw_model_add(m, r, "date", "2024年5月20日", 17, 1);
    gw_model_set_attr(date, "value", "2024-05-20");
    gw_model_add(m, r, "signature", "示例市文化局", 15, 1);
    gw_model_add(m, r, "signature", "示例市教育局", 16, 1);
    xmlNodePtr an = gw_model_add(m, r, "attachment-notes", NULL, 14, 1);
    xmlNodePtr note = gw_model_add(m, an, "attachment-note", "图书角建设标准", 14, 1);
    gw_model_set_attr(note, "n", "1");

    xmlNodePtr body = gw_model_child(m, r, "body", 0);
    xmlNodePtr h = gw_model_add(m, body, "heading", "一、", 8, 1);
    gw_model_set_attr(h, "level", "1");
    gw_model_set_attr(h, "label", "一、");
    gw_model_add(m, h, "b", "总体目标", 0, 0);
    xmlNodePtr p = gw_model_add(m, body, "p", "年底前建成", 9, 3);
    gw_model_add(m, p, "b", "十处", 0, 0);
    gw_model_add_text(p, "图书角 & 阅览室 <试点>。", strlen("图书角 & 阅览室 <试点>。"));
    gw_model_add(m, gw_model_add(m, body, "p", NULL, 10, 3), "b", "全部加粗", 0, 0);
    xmlNodePtr sp = gw_model_add(m, body, "p", NULL, 11, 3);
    gw_model_add(m, sp, "b", "甲", 0, 0);
    gw_model_add_text(sp, " ", 1);
    gw_model_add(m, sp, "b", "乙", 0, 0);
    gw_model_set_attr(gw_model_add(m, body, "p", NULL, 0, 0), "role", "closing");
    xmlNodePtr tb = gw_model_add(m, body, "table", NULL, 12, 1);
    xmlNodePtr row = gw_model_add(m, tb, "row", NULL, 12, 1);
    gw_model_set_attr(row, "header", "1");
    gw_model_add(m, row, "cell", "社区", 0, 0);
    gw_model_add(m, row, "cell", "数量", 0, 0);
    row = gw_model_add(m, tb, "row", NULL, 13, 1);
    gw_model_add(m, row, "cell", "东城", 0, 0);
    gw_model_add(m, row, "cell", "  3  ", 0, 0);

    xmlNodePtr rc = gw_model_add(m, r, "recipients", NULL, 5, 1);
    gw_model_set_attr(rc, "text", "各区文化局，各街道办事处：");
    gw_model_add(m, rc, "recipient", "各区文化局", 0, 0);
    gw_model_add(m, rc, "recipient", "各街道办事处", 0, 0);
    gw_model_add(m, r, "author", "示例市文化局", 4, 1);
    gw_model_add(m, r, "subtitle", "（征求意见稿）", 3, 1);
    gw_model_add(m, r, "subtitle", "（第二稿）", 3, 10);
    gw_model_add(m, r, "title", "关于推进社区图书角建设的工作方案", 2, 1);

    xmlNodePtr head = gw_model_add(m, r, "head", NULL, 0, 0);
    gw_model_add(m, head, "signer", "赵某", 1, 30);
    gw_model_add(m, head, "signer", "钱某", 1, 34);
    gw_model_add(m, head, "doc-number", "示文发〔2024〕12号", 1, 1);
    gw_model_add(m, head, "issuer-mark", "示例市文化局文件", 0, 0);
    gw_model_add(m, head, "urgency", "特急", 0, 0);
    gw_model_add(m, head, "secrecy", "内部", 0, 0);
    gw_model_add(m, head, "copy-number", "000001", 0, 0);
    return m;
}

/* ---- tests ---- */

TEST(test_new_add_write)
{
    gw_model *m = gw_model_new("notice", "样例/通知.md");
    xmlNodePtr root = gw_model_root(m);
    gw_model_add(m, root, "date", "2024年3月1日", 6, 0);
    gw_model_set_attr(gw_model_first(root, "date"), "value", "2024-03-01");
    gw_model_add(m, root, "title", "关于组织开展春季植树活动的通知", 1, 1);
    xmlNodePtr body = gw_model_child(m, root, "body", 0);
    CHECK(body != NULL);
    xmlNodePtr h = gw_model_add(m, body, "heading", "一、活动安排", 3, 1);
    gw_model_set_attr(h, "level", "1");
    xmlNodePtr p = gw_model_add(m, body, "p", "各单位要", 4, 3);
    gw_model_add(m, p, "b", "高度重视", 0, 0);
    gw_model_add_text(p, "，认真组织。", strlen("，认真组织。"));
    char *xml = S_write(m);
    CHECK_STR(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<document xmlns=\"urn:gongwen:model:1\" kind=\"notice\" source=\"样例/通知.md\">\n"
                   "  <title line=\"1\" col=\"1\">关于组织开展春季植树活动的通知</title>\n"
                   "  <body>\n"
                   "    <heading level=\"1\" line=\"3\" col=\"1\">一、活动安排</heading>\n"
                   "    <p line=\"4\" col=\"3\">各单位要<b>高度重视</b>，认真组织。</p>\n"
                   "  </body>\n"
                   "  <date value=\"2024-03-01\" line=\"6\">2024年3月1日</date>\n"
                   "</document>\n");
    gw_diags *d = gw_diags_new();
    CHECK_INT(gw_model_validate(m, "mem", d), 0);
    CHECK_INT(gw_diags_count(d), 0);
    /* The same model always gives the same bytes. */
    char *again = S_write(m);
    CHECK_STR(again, xml);
    free(again);
    free(xml);
    gw_diags_free(d);
    gw_model_free(m);
}

TEST(test_new_is_valid)
{
    gw_model *m = gw_model_new("report", NULL);
    char *xml = S_write(m);
    CHECK_STR(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<document xmlns=\"urn:gongwen:model:1\" kind=\"report\">\n"
                   "  <body/>\n"
                   "</document>\n");
    gw_diags *d = gw_diags_new();
    CHECK_INT(gw_model_validate(m, NULL, d), 0);
    free(xml);
    gw_diags_free(d);
    gw_model_free(m);
}

TEST(test_schema_order)
{
    gw_model *m = S_build_full();
    xmlNodePtr r = gw_model_root(m);
    char *names = S_child_names(r);
    CHECK_STR(names, "head title subtitle subtitle author recipients body attachment-notes "
                     "signature signature date note note enclosure attachment colophon reply "
                     "tasks roster residue");
    free(names);
    /* Repeated children keep the order they were added in. */
    char *s = gw_model_text(gw_model_first(r, "subtitle"));
    CHECK_STR(s, "（征求意见稿）");
    free(s);
    s = gw_model_text(gw_model_next(gw_model_first(r, "note"), "note"));
    CHECK_STR(s, "（此件公开发布）");
    free(s);
    names = S_child_names(gw_model_first(r, "head"));
    CHECK_STR(names, "copy-number secrecy urgency issuer-mark doc-number signer signer");
    free(names);
    names = S_child_names(gw_model_first(r, "enclosure"));
    CHECK_STR(names, "title subtitle body");
    free(names);
    names = S_child_names(gw_model_first(r, "attachment"));
    CHECK_STR(names, "title body");
    free(names);
    names = S_child_names(gw_model_first(r, "colophon"));
    CHECK_STR(names, "cc printer print-date");
    free(names);
    names = S_child_names(gw_model_first(gw_model_first(r, "tasks"), "task"));
    CHECK_STR(names, "lead responsible support deadline text");
    free(names);
    /* Within the body children are appended. */
    names = S_child_names(gw_model_first(r, "body"));
    CHECK_STR(names, "heading p p p p table");
    free(names);
    /* gw_model_child finds instead of duplicating. */
    CHECK(gw_model_child(m, r, "title", 1) == gw_model_first(r, "title"));
    CHECK(gw_model_child(m, NULL, "body", 0) == gw_model_first(r, "body"));

    gw_diags *d = gw_diags_new();
    int rc = gw_model_validate(m, "full", d);
    CHECK_INT(rc, 0);
    CHECK_INT(gw_diags_count(d), 0);
    if (rc)
        S_dump_diags(d);
    gw_diags_free(d);
    gw_model_free(m);
}

TEST(test_sanitize)
{
    char *s = gw_model_sanitize("a\x01" "b\tc\n\rd\x1f\x7f", 10);
    CHECK_STR(s, "ab\tc\n\rd\x7f");
    free(s);
    /* U+FFFE and U+FFFF are dropped. */
    s = gw_model_sanitize("甲\xEF\xBF\xBE乙\xEF\xBF\xBF丙", strlen("甲\xEF\xBF\xBE乙\xEF\xBF\xBF丙"));
    CHECK_STR(s, "甲乙丙");
    free(s);
    /* Invalid UTF-8 becomes U+FFFD. */
    s = gw_model_sanitize("x\xC3(y", 4);
    CHECK_STR(s, "x\xEF\xBF\xBD(y");
    free(s);
    s = gw_model_sanitize("中\xE6\x96", strlen("中") + 2); /* truncated 文 */
    CHECK_STR(s, "中\xEF\xBF\xBD");
    free(s);
    s = gw_model_sanitize("\xED\xA0\x80!", 4); /* a UTF-16 surrogate */
    CHECK_STR(s, "\xEF\xBF\xBD!");
    free(s);
    s = gw_model_sanitize("\xC0\x80", 2); /* overlong NUL */
    CHECK_STR(s, "\xEF\xBF\xBD");
    free(s);
    s = gw_model_sanitize("\xFF\xFE", 2);
    CHECK_STR(s, "\xEF\xBF\xBD\xEF\xBF\xBD");
    free(s);
    s = gw_model_sanitize("a\0b", 3); /* NUL inside the range */
    CHECK_STR(s, "ab");
    free(s);
    s = gw_model_sanitize("😀𠀀", strlen("😀𠀀")); /* astral planes are fine */
    CHECK_STR(s, "😀𠀀");
    free(s);
    s = gw_model_sanitize("", 0);
    CHECK_STR(s, "");
    free(s);
    CHECK(gw_model_sanitize(NULL, 3) == NULL);

    /* Everything entering the model goes through it. */
    gw_model *m = gw_model_new("notice", "src\x01.md");
    xmlNodePtr body = gw_model_child(m, NULL, "body", 0);
    xmlNodePtr p = gw_model_add(m, body, "p", "控制\x02字符\xEF\xBF\xBF", 1, 1);
    gw_model_add_text(p, "坏\xC3", 4);
    gw_model_set_attr(p, "role", "text\x03");
    char *xml = S_write(m);
    CHECK(strstr(xml, "source=\"src.md\"") != NULL);
    CHECK(strstr(xml, "<p role=\"text\" line=\"1\" col=\"1\">控制字符坏\xEF\xBF\xBD</p>") != NULL);
    gw_diags *d = gw_diags_new();
    gw_model *back = S_load("sanitized.xml", xml, d);
    CHECK(back != NULL);
    CHECK_INT(gw_diags_count(d), 0);
    gw_model_free(back);
    free(xml);
    gw_diags_free(d);
    gw_model_free(m);
}

TEST(test_load_good_fixture)
{
    char *path = S_fixture("hand-edited.xml");
    gw_diags *d = gw_diags_new();
    gw_model *m = gw_model_load(path, d);
    CHECK(m != NULL);
    CHECK_INT(gw_diags_count(d), 0);
    if (!m) {
        S_dump_diags(d);
        goto out;
    }
    CHECK_STR(gw_model_kind(m), "plan");
    xmlNodePtr r = gw_model_root(m);
    /* Indentation in element-only content is gone after loading. */
    char *names = S_child_names(r);
    CHECK_STR(names, "head title recipients body signature date tasks");
    free(names);
    CHECK(r->children && r->children->type == XML_ELEMENT_NODE);
    char *s = gw_model_text(gw_model_first(r, "title"));
    CHECK_STR(s, "关于推进社区图书角建设的工作方案");
    free(s);
    xmlNodePtr body = gw_model_first(r, "body");
    xmlNodePtr h = gw_model_first(body, "heading");
    s = gw_model_text(h);
    CHECK_STR(s, "一、总体目标");
    free(s);
    CHECK_INT(gw_model_line(h), 8);
    xmlNodePtr p = gw_model_first(body, "p");
    s = gw_model_text(p);
    CHECK_STR(s, "到年底，每个社区建成一处图书角。");
    free(s);
    p = gw_model_next(p, "p");
    s = gw_model_text(p);
    CHECK_STR(s, "甲 乙"); /* a real space between two <b> is kept */
    free(s);
    p = gw_model_next(p, "p");
    s = gw_model_text(p);
    CHECK_STR(s, "手工换行的段落，\n            第二行。");
    free(s);
    xmlNodePtr task = gw_model_first(gw_model_first(r, "tasks"), "task");
    s = gw_model_attr(task, "id");
    CHECK_STR(s, "二/（一）/1");
    free(s);
    s = gw_model_attr(gw_model_first(task, "deadline"), "value");
    CHECK_STR(s, "2024-06..2024-12");
    free(s);
out:
    gw_model_free(m);
    gw_diags_free(d);
    free(path);
}

TEST(test_validate_rejects)
{
    static const char misplaced[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<document xmlns=\"urn:gongwen:model:1\" kind=\"notice\">\n"
        "  <title>关于调整办公时间的通知</title>\n"
        "  <head><doc-number>示办〔2024〕3号</doc-number></head>\n"
        "  <body/>\n"
        "</document>\n";
    gw_diags *d = gw_diags_new();
    gw_model *m = S_load("bad.xml", misplaced, d);
    CHECK(m == NULL);
    CHECK(gw_diags_errors(d) >= 1);
    int i = S_find_diag(d, GW_ERROR, 4, "模型文件第4行：元素 <head> 不在允许的位置");
    CHECK(i >= 0);
    if (i >= 0) {
        CHECK_STR(gw_diags_get(d, i)->file, "bad.xml");
        CHECK(strstr(gw_diags_get(d, i)->msg, "head、title") != NULL); /* the order hint */
    } else {
        S_dump_diags(d);
    }
    gw_diags_free(d);

    static const char attrs[] =
        "<document xmlns=\"urn:gongwen:model:1\" kind=\"notice\">\n"
        "  <body>\n"
        "    <heading level=\"7\">一、总体要求</heading>\n"
        "    <p role=\"x\">正文</p>\n"
        "    <heading>二、无级别</heading>\n"
        "  </body>\n"
        "</document>\n";
    d = gw_diags_new();
    m = S_load("attrs.xml", attrs, d);
    CHECK(m == NULL);
    CHECK(S_find_diag(d, GW_ERROR, 3, "level=\"7\"") >= 0);
    CHECK(S_find_diag(d, GW_ERROR, 3, "1、2、3、4") >= 0);
    CHECK(S_find_diag(d, GW_ERROR, 4, "role=\"x\"") >= 0);
    CHECK(S_find_diag(d, GW_ERROR, 5, "缺少必需的属性 level") >= 0);
    CHECK(S_find_diag(d, GW_ERROR, 0, "<b>") < 0); /* no cascade about <b> */
    if (gw_diags_errors(d) != 3)
        S_dump_diags(d);
    CHECK_INT(gw_diags_errors(d), 3);
    gw_diags_free(d);

    static const char nobody[] =
        "<document xmlns=\"urn:gongwen:model:1\" kind=\"notice\">\n"
        "  <title>缺正文</title>\n"
        "</document>\n";
    d = gw_diags_new();
    CHECK(S_load("nobody.xml", nobody, d) == NULL);
    CHECK(S_find_diag(d, GW_ERROR, 1, "缺少必需的子元素 <body>") >= 0);
    gw_diags_free(d);

    static const char memo[] =
        "<document xmlns=\"urn:gongwen:model:1\" kind=\"memo\">\n"
        "  <body/>\n"
        "</document>\n";
    d = gw_diags_new();
    CHECK(S_load("memo.xml", memo, d) == NULL);
    CHECK(S_find_diag(d, GW_ERROR, 1, "kind=\"memo\"") >= 0);
    CHECK(S_find_diag(d, GW_ERROR, 1, "notice、plan") >= 0);
    gw_diags_free(d);

    static const char stray[] =
        "<document xmlns=\"urn:gongwen:model:1\" kind=\"notice\">\n"
        "  <body>\n"
        "    散落的文字\n"
        "  </body>\n"
        "</document>\n";
    d = gw_diags_new();
    CHECK(S_load("stray.xml", stray, d) == NULL);
    CHECK(S_find_diag(d, GW_ERROR, 2, "元素 <body> 中不能直接写文字：“散落的文字”") >= 0);
    gw_diags_free(d);

    static const char nons[] = "<document kind=\"notice\"><body/></document>";
    d = gw_diags_new();
    CHECK(S_load("nons.xml", nons, d) == NULL);
    CHECK(S_find_diag(d, GW_ERROR, 1, "根元素") >= 0);
    gw_diags_free(d);

    static const char doctype[] =
        "<!DOCTYPE document [<!ENTITY x \"实体\">]>\n"
        "<document xmlns=\"urn:gongwen:model:1\" kind=\"notice\"><body><p>&x;</p></body></document>";
    d = gw_diags_new();
    CHECK(S_load("doctype.xml", doctype, d) == NULL);
    CHECK(S_find_diag(d, GW_ERROR, 0, "DOCTYPE") >= 0);
    gw_diags_free(d);
}

TEST(test_deadline_values)
{
    static const char *const good[] = {"2024", "2024-06", "2024-06-30", "2024-03..2024-06",
                                       "2024..2025", "ONGOING"};
    static const char *const bad[] = {"２０２４", "2024-6", "2024-06-30x", "ongoing", "", "..2024"};
    for (size_t k = 0; k < 2; k++) {
        size_t n = k == 0 ? sizeof good / sizeof *good : sizeof bad / sizeof *bad;
        for (size_t i = 0; i < n; i++) {
            const char *v = k == 0 ? good[i] : bad[i];
            gw_model *m = gw_model_new("plan", NULL);
            xmlNodePtr t = gw_model_add(m, gw_model_add(m, NULL, "tasks", NULL, 0, 0), "task",
                                        NULL, 0, 0);
            gw_model_set_attr(t, "id", "1");
            gw_model_add(m, t, "text", "任务", 0, 0);
            gw_model_set_attr(gw_model_add(m, t, "deadline", "期限", 0, 0), "value", v);
            gw_diags *d = gw_diags_new();
            int rc = gw_model_validate(m, "deadline", d);
            if (rc != (k == 0 ? 0 : -1))
                UNIT_FAIL("deadline value \"%s\" %s", v, k == 0 ? "rejected" : "accepted");
            gw_diags_free(d);
            gw_model_free(m);
        }
    }
}

TEST(test_validate_built_model_uses_draft_position)
{
    gw_model *m = gw_model_new("notice", NULL);
    gw_model_add(m, gw_model_child(m, NULL, "body", 0), "heading", "一、没有级别", 7, 2);
    gw_diags *d = gw_diags_new();
    CHECK_INT(gw_model_validate(m, "草稿.md", d), -1);
    int i = S_find_diag(d, GW_ERROR, 7, "缺少必需的属性 level");
    CHECK(i >= 0);
    if (i >= 0) {
        CHECK_INT(gw_diags_get(d, i)->col, 2);
        CHECK_STR(gw_diags_get(d, i)->file, "草稿.md");
        CHECK(strstr(gw_diags_get(d, i)->msg, "模型文件第") == NULL);
    }
    gw_diags_free(d);
    gw_model_free(m);
}

TEST(test_round_trip_stable)
{
    gw_model *m = S_build_full();
    char *a = S_write(m);
    /* Mixed content is never indented inside. */
    CHECK(strstr(a, "\n    <p line=\"10\" col=\"3\"><b>全部加粗</b></p>\n") != NULL);
    CHECK(strstr(a, "<p line=\"11\" col=\"3\"><b>甲</b> <b>乙</b></p>") != NULL);
    CHECK(strstr(a, "图书角 &amp; 阅览室 &lt;试点&gt;。") != NULL);
    CHECK(strstr(a, "<cell>  3  </cell>") != NULL);
    gw_diags *d = gw_diags_new();
    gw_model *m2 = S_load("a.xml", a, d);
    CHECK(m2 != NULL);
    if (!m2)
        S_dump_diags(d);
    char *b = S_write(m2);
    CHECK_STR(b, a);
    gw_model *m3 = S_load("b.xml", b, d);
    char *c = S_write(m3);
    CHECK_STR(c, b);
    CHECK_INT(gw_diags_count(d), 0);
    /* The loaded tree has no indentation text inside <p>. */
    xmlNodePtr p = gw_model_next(gw_model_first(gw_model_first(gw_model_root(m2), "body"), "p"),
                                 "p");
    CHECK(p && p->children && p->children->type == XML_ELEMENT_NODE && !p->children->next);
    free(a);
    free(b);
    free(c);
    gw_model_free(m);
    gw_model_free(m2);
    gw_model_free(m3);

    /* A hand-edited file: first write normalises, later ones are stable. */
    char *path = S_fixture("hand-edited.xml");
    gw_model *h = gw_model_load(path, d);
    CHECK(h != NULL);
    char *h1 = S_write(h);
    gw_model *h2 = S_load("h1.xml", h1, d);
    char *h2s = S_write(h2);
    CHECK_STR(h2s, h1);
    gw_model *h3 = S_load("h2.xml", h2s, d);
    char *h3s = S_write(h3);
    CHECK_STR(h3s, h2s);
    CHECK(strstr(h1, "<!-- 手工编辑过的模型") != NULL);
    CHECK(strstr(h1, "\n  <head>\n    <copy-number>000123</copy-number>\n"
                      "    <doc-number line=\"2\">") != NULL);
    CHECK(strstr(h1, "<p line=\"10\"><b>甲</b> <b>乙</b></p>") != NULL);
    CHECK_INT(gw_diags_count(d), 0);
    free(h1);
    free(h2s);
    free(h3s);
    free(path);
    gw_model_free(h);
    gw_model_free(h2);
    gw_model_free(h3);
    gw_diags_free(d);
}

TEST(test_malformed)
{
    static const char mismatch[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<document xmlns=\"urn:gongwen:model:1\" kind=\"notice\">\n"
        "  <body>\n"
        "    <p>请于月底前报送</q>\n"
        "  </body>\n"
        "</document>\n";
    gw_diags *d = gw_diags_new();
    gw_model *m = S_load("broken.xml", mismatch, d);
    CHECK(m == NULL);
    CHECK(gw_diags_errors(d) >= 1);
    const gw_diag *g = gw_diags_get(d, 0);
    CHECK(g != NULL);
    if (g) {
        CHECK_STR(g->file, "broken.xml");
        CHECK_INT(g->line, 4);
        CHECK(g->col > 0);
        CHECK(strstr(g->msg, "模型文件第4行：结束标签 </q> 与第4行的开始标签 <p> 不匹配") != NULL);
        CHECK(strstr(g->msg, "libxml2：") != NULL);
        gw_buf b = {0};
        gw_diag_format(g, &b);
        CHECK(strncmp(b.ptr, "broken.xml:4:", 13) == 0);
        gw_buf_free(&b);
    }
    gw_diags_free(d);

    static const char amp[] =
        "<document xmlns=\"urn:gongwen:model:1\" kind=\"notice\">\n"
        "<body><p>甲乙丙 & 丁</p></body></document>";
    d = gw_diags_new();
    CHECK(S_load("amp.xml", amp, d) == NULL);
    g = gw_diags_get(d, 0);
    CHECK(g && g->line == 2 && g->col == 15 && strstr(g->msg, "&amp;"));
    gw_diags_free(d);

    static const char eof[] = "<document xmlns=\"urn:gongwen:model:1\" kind=\"notice\">\n<body>";
    d = gw_diags_new();
    CHECK(S_load("eof.xml", eof, d) == NULL);
    CHECK(S_find_diag(d, GW_ERROR, 0, "结束") >= 0);
    gw_diags_free(d);

    d = gw_diags_new();
    CHECK(gw_model_load_memory("empty.xml", "", 0, d) == NULL);
    CHECK_INT(gw_diags_errors(d), 1);
    CHECK(gw_model_load_memory("nul.xml", "\0\0", 2, d) == NULL);
    CHECK(gw_diags_errors(d) >= 2);
    CHECK(gw_model_load("/nonexistent/dir/model.xml", d) == NULL);
    CHECK(S_find_diag(d, GW_ERROR, 0, "cannot open") >= 0);
    gw_diags_free(d);
}

/* The example in schema/README.md is valid and is exactly what gongwen
 * writes for it. */
TEST(test_readme_example)
{
    const char *f = __FILE__;
    const char *cut = strstr(f, "tests/unit/test_model.c");
    char *path = gw_xasprintf("%.*sschema/README.md", cut ? (int)(cut - f) : 0, f);
    gw_buf md = {0};
    gw_diags *d = gw_diags_new();
    CHECK_INT(gw_read_file(path, &md, d), 0);
    const char *start = md.ptr ? strstr(md.ptr, "```xml\n<?xml") : NULL;
    const char *end = start ? strstr(start + 7, "```") : NULL;
    CHECK(start && end);
    if (start && end) {
        start += 7;
        gw_model *m = gw_model_load_memory("README.md", start, (size_t)(end - start), d);
        CHECK(m != NULL);
        if (!m)
            S_dump_diags(d);
        char *xml = S_write(m);
        CHECK(strlen(xml) == (size_t)(end - start) && memcmp(xml, start, strlen(xml)) == 0);
        free(xml);
        gw_model_free(m);
    }
    gw_diags_free(d);
    gw_buf_free(&md);
    free(path);
}

/* A file with an error on every line gives a bounded list. */
TEST(test_many_errors)
{
    gw_buf x = {0};
    gw_buf_puts(&x, "<document xmlns=\"urn:gongwen:model:1\" kind=\"notice\">\n<body>\n");
    for (int i = 0; i < 300; i++)
        gw_buf_puts(&x, "<p role=\"无效\">段落</p>\n");
    gw_buf_puts(&x, "</body>\n</document>\n");
    gw_diags *d = gw_diags_new();
    CHECK(gw_model_load_memory("many.xml", x.ptr, x.len, d) == NULL);
    CHECK(gw_diags_errors(d) >= 1);
    CHECK(gw_diags_errors(d) <= 100);
    if (gw_diags_errors(d) == 100)
        CHECK(S_find_diag(d, GW_NOTE, 0, "没有列出") >= 0);
    CHECK(S_find_diag(d, GW_ERROR, 3, "role=\"无效\"") >= 0);
    gw_diags_free(d);
    gw_buf_free(&x);
}

/* libxml2 must not print: everything becomes a diagnostic. */
TEST(test_no_stderr)
{
    FILE *tmp = tmpfile();
    CHECK(tmp != NULL);
    if (!tmp)
        return;
    fflush(stderr);
    int saved = dup(2);
    dup2(fileno(tmp), 2);
    gw_diags *d = gw_diags_new();
    static const char *const inputs[] = {
        "<document xmlns=\"urn:gongwen:model:1\" kind=\"notice\"><body><p>x</q></body></document>",
        "<document xmlns=\"urn:gongwen:model:1\" kind=\"x\"><body><foo/></body></document>",
        "<a:document xmlns=\"urn:gongwen:model:1\" kind=\"notice\"><body/></a:document>",
        "<?xml version=\"1.0\" encoding=\"nonsense-42\"?><document/>",
        "\xC3(<document/>",
    };
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++)
        gw_model_free(S_load("quiet.xml", inputs[i], d));
    gw_model *m = gw_model_new("notice", NULL);
    gw_model_validate(m, NULL, d);
    char *xml = S_write(m);
    free(xml);
    gw_model_free(m);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    long size = ftell(tmp) >= 0 ? (fseek(tmp, 0, SEEK_END), ftell(tmp)) : -1;
    CHECK_INT(size, 0);
    CHECK(gw_diags_errors(d) >= 5);
    gw_diags_free(d);
    fclose(tmp);
}

TEST(test_reading_helpers)
{
    static const char xml[] =
        "<document xmlns=\"urn:gongwen:model:1\" kind=\"reply\">\n"
        "  <body>\n"
        "    <p line=\"12\" col=\"4\">关于<b>加强</b>管理</p>\n"
        "    <p/>\n"
        "  </body>\n"
        "  <reply><field name=\"result\" line=\"99999\">采纳</field></reply>\n"
        "</document>\n";
    gw_diags *d = gw_diags_new();
    gw_model *m = S_load("helpers.xml", xml, d);
    CHECK(m != NULL);
    if (!m) {
        S_dump_diags(d);
        gw_diags_free(d);
        return;
    }
    xmlNodePtr r = gw_model_root(m);
    CHECK(gw_model_doc(m) == r->doc);
    CHECK(gw_model_is(r, "document"));
    CHECK(gw_model_is(r, NULL));
    CHECK(!gw_model_is(r, "body"));
    CHECK_STR(gw_model_kind(m), "reply");
    gw_model_set_kind(m, "report");
    CHECK_STR(gw_model_kind(m), "report");
    xmlNodePtr body = gw_model_first(r, "body");
    xmlNodePtr p = gw_model_first(body, "p");
    char *s = gw_model_text(p);
    CHECK_STR(s, "关于加强管理");
    free(s);
    s = gw_model_text(p->children); /* a text node */
    CHECK_STR(s, "关于");
    free(s);
    CHECK_INT(gw_model_line(p), 12);
    CHECK_INT(gw_model_col(p), 4);
    xmlNodePtr q = gw_model_next(p, "p");
    CHECK(q != NULL);
    CHECK_INT(gw_model_line(q), 0);
    gw_model_set_attr(q, "line", "bad");
    gw_model_set_attr(q, "col", "-3");
    CHECK_INT(gw_model_line(q), 0);
    CHECK_INT(gw_model_col(q), 0);
    s = gw_model_text(q);
    CHECK_STR(s, "");
    free(s);
    CHECK(gw_model_next(q, "p") == NULL);
    CHECK(gw_model_first(body, "heading") == NULL);
    xmlNodePtr f = gw_model_first(gw_model_first(r, "reply"), "field");
    CHECK_INT(gw_model_line(f), 99999);
    s = gw_model_attr(f, "name");
    CHECK_STR(s, "result");
    free(s);
    CHECK(gw_model_attr(f, "missing") == NULL);
    /* Setting an attribute again keeps its place; NULL removes it. */
    gw_model_set_attr(f, "name", "handler");
    gw_model_set_int(f, "col", 3);
    gw_model_set_attr(f, "line", NULL);
    char *out = S_write(m);
    CHECK(strstr(out, "<field name=\"handler\" col=\"3\">采纳</field>") != NULL);
    CHECK(strstr(out, "kind=\"report\"") != NULL);
    free(out);
    const char *schema = gw_model_schema();
    CHECK(schema && strncmp(schema, "<?xml", 5) == 0);
    CHECK(strstr(schema, "ns=\"urn:gongwen:model:1\"") != NULL);
    gw_model_free(m);
    gw_diags_free(d);
}

TEST(test_null_safety)
{
    gw_model_free(NULL);
    CHECK(gw_model_doc(NULL) == NULL);
    CHECK(gw_model_root(NULL) == NULL);
    CHECK(gw_model_kind(NULL) == NULL);
    gw_model_set_kind(NULL, "notice");
    CHECK(gw_model_child(NULL, NULL, "body", 1) == NULL);
    CHECK(gw_model_add(NULL, NULL, "p", "x", 1, 1) == NULL);
    gw_model_add_text(NULL, "x", 1);
    gw_model_set_attr(NULL, "a", "b");
    gw_model_set_int(NULL, "a", 1);
    CHECK(!gw_model_is(NULL, "p"));
    CHECK(gw_model_first(NULL, "p") == NULL);
    CHECK(gw_model_next(NULL, "p") == NULL);
    CHECK(gw_model_text(NULL) == NULL);
    CHECK(gw_model_attr(NULL, "a") == NULL);
    CHECK_INT(gw_model_line(NULL), 0);
    CHECK_INT(gw_model_col(NULL), 0);
    gw_model_write(NULL, NULL);
    gw_buf b = {0};
    gw_model_write(NULL, &b);
    CHECK_INT(b.len, 0);
    CHECK_INT(gw_model_validate(NULL, "x", NULL), -1);
    CHECK(gw_model_load(NULL, NULL) == NULL);
    CHECK(gw_model_load_memory(NULL, NULL, 0, NULL) == NULL);
    CHECK(gw_model_load_memory(NULL, "<x", 2, NULL) == NULL); /* no diags list */

    gw_model *m = gw_model_new(NULL, NULL);
    CHECK(gw_model_kind(m) == NULL);
    CHECK(gw_model_add(m, NULL, NULL, "x", 0, 0) == NULL);
    CHECK(gw_model_child(m, NULL, NULL, 1) == NULL);
    gw_model_add_text(gw_model_root(m), NULL, 5);
    gw_model_set_attr(gw_model_root(m), NULL, "x");
    CHECK(gw_model_attr(gw_model_root(m), NULL) == NULL);
    gw_model_write(m, NULL);
    gw_diags *d = gw_diags_new();
    CHECK_INT(gw_model_validate(m, "nokind", d), -1); /* kind is required */
    CHECK(S_find_diag(d, GW_ERROR, 0, "kind") >= 0);
    gw_diags_free(d);
    gw_model_set_kind(m, "notice");
    CHECK_INT(gw_model_validate(m, "kind", NULL), 0);
    gw_model_free(m);
}

/* ---- util.h's small blocks, which libxml2 uses here (main) ---- */

static void *S_small_thread(void *arg)
{
    (void)arg;
    void *v[1000];
    for (int i = 0; i < 1000; i++)
        v[i] = gw_small_malloc((size_t)(i % 300) + 1);
    for (int i = 0; i < 1000; i++)
        gw_small_free(v[i]);
    /* kept by this thread: freed when it ends (valgrind: no leak) */
    v[0] = gw_small_malloc(100);
    gw_small_free(v[0]);
    return NULL;
}

TEST(test_small_blocks)
{
    /* every size gets at least the bytes asked for, before and after reuse */
    void *v[320];
    for (int round = 0; round < 2; round++) {
        for (size_t n = 0; n < 320; n++) {
            v[n] = gw_small_malloc(n);
            CHECK(v[n] != NULL);
            memset(v[n], (int)n, n);
        }
        for (size_t n = 0; n < 320; n++) {
            const unsigned char *b = v[n];
            int same = 1;
            for (size_t i = 0; i < n; i++)
                same &= b[i] == (unsigned char)n;
            CHECK(same);
            gw_small_free(v[n]);
        }
    }
#if !defined(__SANITIZE_ADDRESS__)
    /* a freed block is handed out again */
    void *p = gw_small_malloc(40);
    gw_small_free(p);
    CHECK(gw_small_malloc(40) == p);
    gw_small_free(p);
#endif
    /* ordinary malloc blocks both ways */
    char *a = gw_small_malloc(50);
    strcpy(a, "甲乙丙");
    a = realloc(a, 4000); /* grown by realloc */
    CHECK(a && strcmp(a, "甲乙丙") == 0);
    gw_small_free(a);
    free(gw_small_strdup("一二三"));
    gw_small_free(malloc(30));
    char *s = gw_small_strdup("");
    CHECK(s && *s == '\0');
    gw_small_free(s);
    gw_small_free(NULL);
    /* other threads keep their own and free them when they end */
    pthread_t t[3];
    for (int i = 0; i < 3; i++)
        CHECK(pthread_create(&t[i], NULL, S_small_thread, NULL) == 0);
    for (int i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    /* more than a thread keeps goes back to malloc */
    void **many = calloc(20000, sizeof *many);
    for (int i = 0; i < 20000; i++)
        many[i] = gw_small_malloc(200);
    for (int i = 0; i < 20000; i++)
        gw_small_free(many[i]);
    free(many);
    gw_small_flush();
    gw_small_flush(); /* twice is harmless */
}

/* The quick check that lets clean text skip sanitising (S_clean, seen
 * through gw_model_text_as_added) agrees with gw_model_sanitize on strings
 * made of pieces chosen to hit its fast paths and their edges. */
TEST(test_clean_check_agrees)
{
    static const char *const piece[] = {
        "a", "abcdefgh", "12345678", "~", "\x7f", "\x01", "\x1f", "\t", "甲", "，", "。", "、",
        "\xEF\xBC\x8C", "\xEF\xBF\xBD", "\xEF\xBF\xBE", "\xEF\xBF\xBF", "\xEE\x80\x80",
        "\xED\x9F\xBF", "\xED\xA0\x80", "\xE0\xA0\x80", "\xE0\x80\x80", "\xE1\x80",
        "\xE4\xB8", "\xC3\xA9", "\xC0\x80", "\xF0\x9F\x98\x80", "\xF4\x90\x80\x80", "\x80",
        "\xFF", "\xE4\xB8\x41"};
    size_t np = sizeof piece / sizeof piece[0];
    unsigned x = 12345;
    int agree = 1;
    for (int it = 0; it < 20000 && agree; it++) {
        gw_buf b = {0};
        gw_buf_puts(&b, "x"); /* never white space at the ends */
        int k = 1 + (int)((x = x * 1103515245u + 12345u) >> 16) % 12;
        for (int i = 0; i < k; i++)
            gw_buf_puts(&b, piece[((x = x * 1103515245u + 12345u) >> 16) % np]);
        gw_buf_puts(&b, "x");
        char *san = gw_model_sanitize(b.ptr, b.len);
        char *as = gw_model_text_as_added(b.ptr);
        int unchanged = strcmp(san, b.ptr) == 0;
        agree = (as == NULL) == unchanged && (as == NULL || strcmp(as, san) == 0);
        if (!agree)
            fprintf(stderr, "# disagree on \"%s\"\n", b.ptr);
        free(san);
        free(as);
        gw_buf_free(&b);
    }
    CHECK(agree);
}

int main(void)
{
    gw_model_setup(); /* every test below runs on the small blocks */
    RUN(test_small_blocks);
    RUN(test_clean_check_agrees);
    RUN(test_new_add_write);
    RUN(test_new_is_valid);
    RUN(test_schema_order);
    RUN(test_sanitize);
    RUN(test_load_good_fixture);
    RUN(test_validate_rejects);
    RUN(test_deadline_values);
    RUN(test_validate_built_model_uses_draft_position);
    RUN(test_round_trip_stable);
    RUN(test_readme_example);
    RUN(test_malformed);
    RUN(test_many_errors);
    RUN(test_no_stderr);
    RUN(test_reading_helpers);
    RUN(test_null_safety);
    int rc = unit_done();
    xmlCleanupParser(); /* libxml2 globals; only here, at the very end */
    gw_small_flush();
    return rc;
}
