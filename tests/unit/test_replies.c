/*
 * test_replies.c — unit tests for replies.c: the CSV reader (quotes, BOM,
 * GBK, CRLF, line tracking), the reply list, the value helpers, one reply
 * model per row and the summary model.
 */
#define _POSIX_C_SOURCE 200809L
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "model.h"
#include "replies.h"
#include "rules.h"
#include "unit.h"
#include "unit_model.h"
#include "util.h"

static const char S_header[] =
    "编号,类别,会议,提出人,标题,办理结果,承办单位,会办单位,签发人,联系人,联系电话,公开属性,"
    "成文日期,发文字号,抄送,正文\n";

/* ---- helpers ---- */

/* 1 when some diagnostic has severity sev, line and a message containing
 * needle (line < 0: any line). */
static int S_has_diag(const gw_diags *d, gw_severity sev, int line, const char *needle)
{
    for (size_t i = 0; i < gw_diags_count(d); i++) {
        const gw_diag *g = gw_diags_get(d, i);
        if (g->sev == sev && (line < 0 || g->line == line) && (!needle || strstr(g->msg, needle)))
            return 1;
    }
    return 0;
}

static void S_dump_diags(const gw_diags *d)
{
    gw_buf b = {0};
    for (size_t i = 0; i < gw_diags_count(d); i++) {
        gw_buf_clear(&b);
        gw_diag_format(gw_diags_get(d, i), &b);
        printf("#   %s\n", b.ptr);
    }
    gw_buf_free(&b);
}

static char S_tmpdir[64];

static void S_write(const char *rel, const char *text)
{
    char *p = gw_xasprintf("%s/%s", S_tmpdir, rel);
    FILE *f = fopen(p, "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    free(p);
}

static void S_rm(const char *rel)
{
    char *p = gw_xasprintf("%s/%s", S_tmpdir, rel);
    unlink(p);
    free(p);
}

/* Converts UTF-8 to GB18030 (caller frees). */
static char *S_to_gbk(const char *s, size_t *outlen)
{
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    if (cd == (iconv_t)-1)
        return NULL;
    size_t il = strlen(s), ol = il * 2 + 4;
    char *out = gw_xmalloc(ol), *op = out, *ip = (char *)s;
    size_t left = ol;
    size_t r = iconv(cd, &ip, &il, &op, &left);
    iconv_close(cd);
    if (r == (size_t)-1) {
        free(out);
        return NULL;
    }
    *outlen = ol - left;
    return out;
}

/* Text of the first element named name below node (depth first), or NULL. */
static xmlNodePtr S_find(xmlNodePtr node, const char *name)
{
    for (xmlNodePtr c = node ? node->children : NULL; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (gw_model_is(c, name))
            return c;
        xmlNodePtr r = S_find(c, name);
        if (r)
            return r;
    }
    return NULL;
}


#define CHECK_TEXT(node, expect)                                                              \
    do {                                                                                      \
        char *t_ = gw_model_text(node);                                                       \
        CHECK_STR(t_, expect);                                                                \
        free(t_);                                                                             \
    } while (0)

/* ---- CSV ---- */

TEST(csv_simple)
{
    gw_diags *d = gw_diags_new();
    gw_csv c;
    const char *t = "a,b,c\n1,2,3\n";
    CHECK_INT(gw_csv_parse("x.csv", t, strlen(t), &c, d), 0);
    CHECK_INT(c.n, 2);
    CHECK_INT(c.recs[0].n, 3);
    CHECK_STR(c.recs[1].cells[2].text, "3");
    CHECK_INT(c.recs[1].line, 2);
    CHECK_INT(c.recs[1].cells[2].col, 5);
    CHECK_INT(gw_diags_count(d), 0);
    gw_csv_free(&c);
    gw_diags_free(d);
}

TEST(csv_quotes)
{
    gw_diags *d = gw_diags_new();
    gw_csv c;
    /* quoted comma, "" escape, an embedded line break, an empty last field */
    const char *t = "编号,标题,x\n"
                    "1,\"甲,乙\",\"他说\"\"好\"\"\"\n"
                    "2,\"第一行\n第二行\",\n"
                    "3,\"\",z\n";
    CHECK_INT(gw_csv_parse("x.csv", t, strlen(t), &c, d), 0);
    CHECK_INT(c.n, 4);
    CHECK_STR(c.recs[1].cells[1].text, "甲,乙");
    CHECK_STR(c.recs[1].cells[2].text, "他说\"好\"");
    CHECK_STR(c.recs[2].cells[1].text, "第一行\n第二行");
    CHECK_INT(c.recs[2].n, 3);
    CHECK_STR(c.recs[2].cells[2].text, "");
    CHECK_INT(c.recs[2].cells[2].line, 4); /* after the embedded line break */
    CHECK_INT(c.recs[2].line, 3);
    CHECK_INT(c.recs[3].line, 5);          /* physical line, not record number */
    CHECK_STR(c.recs[3].cells[1].text, "");
    CHECK_INT(gw_diags_count(d), 0);
    gw_csv_free(&c);
    gw_diags_free(d);
}

TEST(csv_crlf_and_cr)
{
    gw_diags *d = gw_diags_new();
    gw_csv c;
    const char *t = "a,b\r\n1,\"x\r\ny\"\r\n2,3\r4,5";
    CHECK_INT(gw_csv_parse("x.csv", t, strlen(t), &c, d), 0);
    CHECK_INT(c.n, 4);
    CHECK_STR(c.recs[0].cells[1].text, "b");
    CHECK_STR(c.recs[1].cells[1].text, "x\ny");
    CHECK_INT(c.recs[2].line, 4);
    CHECK_INT(c.recs[3].line, 5);
    CHECK_STR(c.recs[3].cells[1].text, "5");
    gw_csv_free(&c);
    gw_diags_free(d);
}

TEST(csv_bom_and_columns)
{
    gw_diags *d = gw_diags_new();
    gw_csv c;
    const char *t = "\xEF\xBB\xBF编号,类别\n提案一,\"建议\"\n";
    CHECK_INT(gw_csv_parse("x.csv", t, strlen(t), &c, d), 0);
    CHECK_STR(c.recs[0].cells[0].text, "编号");
    CHECK_INT(c.recs[0].cells[0].col, 1);
    CHECK_INT(c.recs[0].cells[1].col, 4); /* 编 号 , 类: characters, not bytes */
    CHECK_INT(c.recs[1].cells[1].col, 5);
    gw_csv_free(&c);
    gw_diags_free(d);
}

TEST(csv_damaged)
{
    gw_diags *d = gw_diags_new();
    gw_csv c;
    /* text after a closing quote: kept, warning; an unclosed quote: error at
     * the line where it opened, record marked bad */
    const char *t = "a,b\n1,\"x\"y\n2,\"open\n3,4\n";
    CHECK_INT(gw_csv_parse("x.csv", t, strlen(t), &c, d), -1);
    CHECK_INT(c.n, 3);
    CHECK_STR(c.recs[1].cells[1].text, "xy");
    CHECK(S_has_diag(d, GW_WARNING, 2, "右引号"));
    CHECK(c.recs[2].bad);
    CHECK(S_has_diag(d, GW_ERROR, 3, "引号没有闭合"));
    CHECK(!c.recs[1].bad);
    gw_csv_free(&c);
    gw_diags_free(d);
}

TEST(csv_empty)
{
    gw_diags *d = gw_diags_new();
    gw_csv c;
    CHECK_INT(gw_csv_parse("x.csv", "", 0, &c, d), 0);
    CHECK_INT(c.n, 0);
    gw_csv_free(&c);
    CHECK_INT(gw_csv_parse("x.csv", "a,", 2, &c, d), 0);
    CHECK_INT(c.n, 1);
    CHECK_INT(c.recs[0].n, 2);
    gw_csv_free(&c);
    gw_diags_free(d);
}

/* ---- the list ---- */

TEST(list_header_any_order)
{
    gw_diags *d = gw_diags_new();
    const char *t = " 正文 ,类别,备注,编号,标题\n"
                    "b/1.md,提案,随便,0001, 关于甲的提案 \n"
                    ",,,,\n"
                    "\n"
                    "b\\2.md,代表建议,,0002,\"关于乙\n的建议\"\n";
    gw_reply_list *l = gw_reply_list_parse("dir/list.csv", t, strlen(t), d);
    CHECK(l != NULL);
    if (!l) {
        S_dump_diags(d);
        gw_diags_free(d);
        return;
    }
    CHECK_STR(gw_reply_list_encoding(l), "UTF-8");
    CHECK(S_has_diag(d, GW_WARNING, 1, "备注"));
    CHECK(S_has_diag(d, GW_WARNING, 1, "提出人")); /* absent column, said once */
    CHECK_INT(gw_reply_list_count(l), 2);          /* blank records dropped */
    CHECK_STR(gw_reply_list_get(l, 0, GW_RC_NUMBER), "0001");
    CHECK_STR(gw_reply_list_get(l, 0, GW_RC_SUBJECT), "关于甲的提案");
    CHECK_STR(gw_reply_list_get(l, 0, GW_RC_BODY), "b/1.md");
    char *bp = gw_reply_list_body_path(l, 0);
    CHECK_STR(bp, "dir/b/1.md");
    free(bp);
    bp = gw_reply_list_body_path(l, 1);
    CHECK_STR(bp, "dir/b/2.md"); /* b\2.md: Windows separators */
    free(bp);
    CHECK_STR(gw_reply_list_get(l, 0, GW_RC_PROPOSER), "");
    CHECK_INT(gw_reply_list_line(l, 1), 5);
    CHECK_STR(gw_reply_list_get(l, 1, GW_RC_SUBJECT), "关于乙的建议");
    int line, col;
    gw_reply_list_pos(l, 1, GW_RC_NUMBER, &line, &col);
    CHECK_INT(line, 5);
    CHECK_INT(col, 14);
    gw_reply_list_pos(l, 1, GW_RC_PROPOSER, &line, &col);
    CHECK_INT(col, 0);
    gw_reply_list_free(l);
    gw_diags_free(d);
}

TEST(list_required_columns)
{
    gw_diags *d = gw_diags_new();
    const char *t = "编号,标题\n1,关于甲的提案\n";
    CHECK(gw_reply_list_parse("l.csv", t, strlen(t), d) == NULL);
    CHECK(S_has_diag(d, GW_ERROR, 1, "类别"));
    CHECK(S_has_diag(d, GW_ERROR, 1, "正文"));
    gw_diags_clear(d);
    t = "编号,类别,正文\n1,提案,a.md\n";
    CHECK(gw_reply_list_parse("l.csv", t, strlen(t), d) == NULL);
    CHECK(S_has_diag(d, GW_ERROR, 1, "会议"));
    gw_diags_clear(d);
    CHECK(gw_reply_list_parse("l.csv", "\n\n", 2, d) == NULL);
    CHECK(S_has_diag(d, GW_ERROR, -1, "空"));
    gw_diags_free(d);
}

TEST(list_gbk_and_bom)
{
    gw_buf u = {0};
    gw_buf_puts(&u, S_header);
    gw_buf_puts(&u, "0007,提案,市政协十三届三次会议,张三,关于“城市书房”建设的提案,A,市文广旅局,,李四,王五,"
                    "12345,主动公开,2025年7月17日,文提〔2025〕7号,市政协提案委,b/7.md\r\n");
    size_t glen = 0;
    char *g = S_to_gbk(u.ptr, &glen);
    CHECK(g != NULL);
    gw_diags *d = gw_diags_new();
    gw_reply_list *lu = gw_reply_list_parse("u.csv", u.ptr, u.len, d);
    gw_reply_list *lg = g ? gw_reply_list_parse("g.csv", g, glen, d) : NULL;
    gw_buf bom = {0};
    gw_buf_puts(&bom, "\xEF\xBB\xBF");
    gw_buf_put(&bom, u.ptr, u.len);
    gw_reply_list *lb = gw_reply_list_parse("b.csv", bom.ptr, bom.len, d);
    CHECK(lu && lg && lb);
    if (lu && lg && lb) {
        CHECK_STR(gw_reply_list_encoding(lg), "GB18030");
        CHECK_STR(gw_reply_list_encoding(lb), "UTF-8 (BOM)");
        CHECK_INT(gw_reply_list_count(lg), 1);
        for (int c = 0; c < GW_RC_MAX; c++) {
            CHECK_STR(gw_reply_list_get(lg, 0, (gw_reply_col)c), gw_reply_list_get(lu, 0, (gw_reply_col)c));
            CHECK_STR(gw_reply_list_get(lb, 0, (gw_reply_col)c), gw_reply_list_get(lu, 0, (gw_reply_col)c));
        }
        CHECK_STR(gw_reply_list_get(lg, 0, GW_RC_SUBJECT), "关于“城市书房”建设的提案");
        int l1, c1, l2, c2;
        gw_reply_list_pos(lu, 0, GW_RC_BODY, &l1, &c1);
        gw_reply_list_pos(lb, 0, GW_RC_BODY, &l2, &c2);
        CHECK_INT(l1, 2);
        CHECK_INT(c2, c1); /* the BOM is not a column */
    }
    CHECK_INT(gw_diags_errors(d), 0);
    gw_reply_list_free(lu);
    gw_reply_list_free(lg);
    gw_reply_list_free(lb);
    gw_buf_free(&u);
    gw_buf_free(&bom);
    free(g);
    gw_diags_free(d);
}

TEST(list_damaged_row)
{
    gw_diags *d = gw_diags_new();
    const char *t = "编号,类别,标题,正文\n1,提案,关于甲的提案,a.md\n2,提案,\"关于乙的提案,b.md\n";
    gw_reply_list *l = gw_reply_list_parse("l.csv", t, strlen(t), d);
    CHECK(l != NULL);
    CHECK_INT(gw_diags_errors(d), 0); /* reported once, by the row */
    if (l) {
        CHECK_INT(gw_reply_list_count(l), 2);
        CHECK(!gw_reply_list_bad(l, 0));
        CHECK(gw_reply_list_bad(l, 1));
        gw_model *m = gw_reply_model(l, 1, d);
        CHECK(m == NULL);
        CHECK_INT(gw_diags_errors(d), 1);
        const gw_diag *g = gw_diags_count(d) ? gw_diags_get(d, gw_diags_count(d) - 1) : NULL;
        CHECK(g && g->line == 3 && g->col == 6 && strstr(g->msg, "引号"));
    }
    gw_reply_list_free(l);
    gw_diags_clear(d);
    t = "编号,\"类别,标题,正文\n1,提案,关于甲的提案,a.md\n";
    CHECK(gw_reply_list_parse("l.csv", t, strlen(t), d) == NULL);
    CHECK(S_has_diag(d, GW_ERROR, 1, "表头的引号"));
    gw_diags_free(d);
}

/* ---- values ---- */

TEST(values_category_result)
{
    CHECK_STR(gw_reply_category("提案"), "提案");
    CHECK_STR(gw_reply_category("代表建议"), "建议");
    CHECK_STR(gw_reply_category("议案"), "议案");
    CHECK(gw_reply_category("意见") == NULL);
    CHECK_STR(gw_reply_result("A"), "A");
    CHECK_STR(gw_reply_result("b"), "B");
    CHECK_STR(gw_reply_result("Ｃ"), "C");
    CHECK_STR(gw_reply_result("D类"), "D");
    CHECK_STR(gw_reply_result("甲"), "甲");
    CHECK_STR(gw_reply_result("AB"), "AB");
    CHECK_STR(gw_reply_result(""), "");
}

TEST(values_date)
{
    char v[11], t[32];
    CHECK_INT(gw_reply_date("2025-07-17", v, t), 0);
    CHECK_STR(v, "2025-07-17");
    CHECK_STR(t, "2025年7月17日");
    CHECK_INT(gw_reply_date("2025/7/7", v, t), 0);
    CHECK_STR(v, "2025-07-07");
    CHECK_STR(t, "2025年7月7日");
    CHECK_INT(gw_reply_date("2025年7月17日", v, t), 0);
    CHECK_STR(v, "2025-07-17");
    CHECK_INT(gw_reply_date("２０２５年１２月１日", v, t), 0);
    CHECK_STR(v, "2025-12-01");
    CHECK_INT(gw_reply_date("2025/7/17 0:00", v, t), 0);
    CHECK_INT(gw_reply_date("2025.7.17", v, t), 0);
    CHECK_INT(gw_reply_date("20250717", v, t), 0);
    CHECK_STR(v, "2025-07-17");
    CHECK_INT(gw_reply_date("2024-02-29", v, t), 0);
    CHECK_INT(gw_reply_date("2025-02-29", v, t), -1);
    CHECK_INT(gw_reply_date("2025-13-01", v, t), -1);
    CHECK_INT(gw_reply_date("2025-07/17", v, t), -1);
    CHECK_INT(gw_reply_date("七月十七日", v, t), -1);
    CHECK_INT(gw_reply_date("2025-07-17 上午", v, t), -1);
    CHECK_INT(gw_reply_date("", v, t), -1);
}

TEST(values_filename_salutation)
{
    char *f = gw_reply_filename("提案", "0017");
    CHECK_STR(f, "提案-0017.docx");
    free(f);
    f = gw_reply_filename("建议", "2025/17:*?\"<>|\\");
    CHECK_STR(f, "建议-2025_17________.docx");
    free(f);
    char *s = gw_reply_salutation("提案", "张三");
    CHECK_STR(s, "张三委员");
    free(s);
    s = gw_reply_salutation("建议", "李四、王五");
    CHECK_STR(s, "李四、王五代表");
    free(s);
    s = gw_reply_salutation("议案", "赵六代表：");
    CHECK_STR(s, "赵六代表");
    free(s);
    s = gw_reply_salutation("提案", "九三学社市委会");
    CHECK_STR(s, "九三学社市委会");
    free(s);
    s = gw_reply_salutation("提案", "民盟市委");
    CHECK_STR(s, "民盟市委");
    free(s);
    CHECK(gw_reply_salutation("提案", "") == NULL);
}

/* ---- models ---- */

static const char S_body[] =
    "您提出的《关于推进城市书房建设的提案》收悉。经认真研究，现答复如下：\n"
    "\n"
    "一、工作进展\n"
    "\n"
    "全市已建成城市书房十二处。\n"
    "\n"
    "感谢您对我们工作的关心和支持。\n";

TEST(model_full_row)
{
    S_write("b1.md", S_body);
    gw_buf t = {0};
    gw_buf_puts(&t, S_header);
    gw_buf_puts(&t, "0007,提案,市政协十三届三次会议,张三,关于推进城市书房建设的提案,a,市文广旅局,市财政局,"
                    "李四,王五,0571-1234,主动公开,2025/7/17,文提〔2025〕7号,市政协提案委员会,b1.md\n");
    char *name = gw_xasprintf("%s/list.csv", S_tmpdir);
    gw_diags *d = gw_diags_new();
    gw_reply_list *l = gw_reply_list_parse(name, t.ptr, t.len, d);
    gw_model *m = l ? gw_reply_model(l, 0, d) : NULL;
    CHECK(m != NULL);
    if (m) {
        xmlNodePtr r = gw_model_root(m);
        CHECK_STR(gw_model_kind(m), "reply");
        CHECK_TEXT(gw_model_first(r, "title"), "关于对市政协十三届三次会议第0007号提案的答复");
        char *rt = gw_model_attr(gw_model_first(r, "recipients"), "text");
        CHECK_STR(rt, "张三委员");
        free(rt);
        CHECK_TEXT(S_find(r, "doc-number"), "文提〔2025〕7号");
        CHECK_TEXT(S_find(r, "issuer-mark"), "市文广旅局");
        CHECK_TEXT(gw_model_first(r, "signature"), "市文广旅局");
        xmlNodePtr dn = gw_model_first(r, "date");
        CHECK_TEXT(dn, "2025年7月17日");
        char *dv = gw_model_attr(dn, "value");
        CHECK_STR(dv, "2025-07-17");
        free(dv);
        CHECK_TEXT(S_find(r, "cc"), "市政协提案委员会");
        static const char *const expect[][2] = {
            {"category", "提案"}, {"number", "0007"}, {"session", "市政协十三届三次会议"},
            {"proposer", "张三"}, {"subject", "关于推进城市书房建设的提案"}, {"result", "A"},
            {"handler", "市文广旅局"}, {"co-handler", "市财政局"}, {"signer", "李四"},
            {"contact", "王五"}, {"phone", "0571-1234"}, {"disclosure", "主动公开"}};
        for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
            char *v = unit_reply_field(m, expect[i][0]);
            CHECK_STR(v, expect[i][1]);
            free(v);
        }
        char *src = gw_model_attr(r, "source");
        CHECK_STR(src, "b1.md");
        free(src);
        CHECK(S_find(r, "heading") != NULL); /* the body's own structure */
        CHECK_INT(gw_model_validate(m, "m", d), 0);
    }
    CHECK_INT(gw_diags_errors(d), 0);
    if (gw_diags_count(d))
        S_dump_diags(d); /* a complete row warns about nothing */
    CHECK_INT(gw_diags_count(d), 0);
    gw_model_free(m);
    gw_reply_list_free(l);
    gw_diags_free(d);
    free(name);
    gw_buf_free(&t);
    S_rm("b1.md");
}

TEST(model_missing_values)
{
    S_write("b2.txt", S_body);
    gw_buf t = {0};
    gw_buf_puts(&t, S_header);
    /* line 2: 提出人, 办理结果, 联系电话, 成文日期 empty; 会议 empty but 标题
     * is the letter's own title */
    gw_buf_puts(&t, "12,建议,,,关于第12号建议的答复,,市教育局,,张局长,王五,,依申请公开,,教复〔2025〕1号,,b2.txt\n");
    /* line 3: a bad date and an unknown result class */
    gw_buf_puts(&t, "13,建议,市十六届人大三次会议,刘一,关于甲的建议,E,市教育局,,张局长,王五,1,主动公开,"
                    "2025-02-30,教复〔2025〕2号,,b2.txt\n");
    char *name = gw_xasprintf("%s/list.csv", S_tmpdir);
    gw_diags *d = gw_diags_new();
    gw_reply_list *l = gw_reply_list_parse(name, t.ptr, t.len, d);
    gw_model *m = l ? gw_reply_model(l, 0, d) : NULL;
    CHECK(m != NULL);
    if (m) {
        xmlNodePtr r = gw_model_root(m);
        CHECK_TEXT(gw_model_first(r, "title"), "关于第12号建议的答复");
        CHECK(gw_model_first(r, "recipients") == NULL);
        CHECK(gw_model_first(r, "date") == NULL);
        char *v = unit_reply_field(m, "phone");
        CHECK(v == NULL);
        free(v);
        v = unit_reply_field(m, "subject");
        CHECK(v == NULL); /* 标题 was the letter's title, not the proposal's */
        free(v);
        CHECK_INT(gw_model_validate(m, "m", d), 0);
    }
    CHECK(S_has_diag(d, GW_WARNING, 2, "“提出人”为空"));
    CHECK(S_has_diag(d, GW_WARNING, 2, "“办理结果”为空"));
    CHECK(S_has_diag(d, GW_WARNING, 2, "“联系电话”为空"));
    CHECK(S_has_diag(d, GW_WARNING, 2, "“成文日期”为空"));
    CHECK(!S_has_diag(d, GW_WARNING, 2, "会办单位"));
    CHECK(!S_has_diag(d, GW_WARNING, 2, "抄送"));
    /* the column of the warning is the cell's */
    for (size_t i = 0; i < gw_diags_count(d); i++) {
        const gw_diag *g = gw_diags_get(d, i);
        if (strstr(g->msg, "“提出人”为空"))
            CHECK_INT(g->col, 8);
    }
    gw_model_free(m);
    gw_diags_clear(d);
    m = gw_reply_model(l, 1, d);
    CHECK(m != NULL);
    if (m) {
        xmlNodePtr r = gw_model_root(m);
        CHECK_TEXT(gw_model_first(r, "title"), "关于对市十六届人大三次会议第13号建议的答复");
        char *rt = gw_model_attr(gw_model_first(r, "recipients"), "text");
        CHECK_STR(rt, "刘一代表");
        free(rt);
        char *v = unit_reply_field(m, "result");
        CHECK_STR(v, "E");
        free(v);
        CHECK(gw_model_first(r, "date") == NULL);
    }
    CHECK(S_has_diag(d, GW_WARNING, 3, "不是有效日期"));
    CHECK(S_has_diag(d, GW_WARNING, 3, "不是 A、B、C、D"));
    CHECK_INT(gw_diags_errors(d), 0);
    gw_model_free(m);
    gw_reply_list_free(l);
    gw_diags_free(d);
    free(name);
    gw_buf_free(&t);
    S_rm("b2.txt");
}

TEST(model_row_errors)
{
    S_write("b3.md", S_body);
    S_write("empty.md", "\n\n");
    gw_buf t = {0};
    gw_buf_puts(&t, S_header);
    gw_buf_puts(&t, "1,提案,会,张三,关于甲的提案,A,局,,,,,,,,,nope.md\n");   /* line 2 */
    gw_buf_puts(&t, ",提案,会,张三,关于甲的提案,A,局,,,,,,,,,b3.md\n");      /* line 3 */
    gw_buf_puts(&t, "3,意见,会,张三,关于甲的提案,A,局,,,,,,,,,b3.md\n");     /* line 4 */
    gw_buf_puts(&t, "4,提案,,张三,,A,局,,,,,,,,,b3.md\n");                   /* line 5 */
    gw_buf_puts(&t, "5,提案,会,张三,关于甲的提案,A,局,,,,,,,,,b3.docx\n");   /* line 6 */
    gw_buf_puts(&t, "6,提案,会,张三,关于甲的提案,A,局,,,,,,,,,empty.md\n");  /* line 7 */
    gw_buf_puts(&t, "7,提案,会,张三,关于甲的提案,A,局,,,,,,,,,\n");          /* line 8 */
    char *name = gw_xasprintf("%s/list.csv", S_tmpdir);
    gw_diags *d = gw_diags_new();
    gw_reply_list *l = gw_reply_list_parse(name, t.ptr, t.len, d);
    CHECK(l != NULL);
    static const struct {
        int line;
        const char *msg;
    } expect[] = {{2, "nope.md"}, {3, "编号"}, {4, "类别"}, {5, "标题"},
                  {6, ".txt 或 .md"}, {7, "没有正文"}, {8, "正文"}};
    for (size_t i = 0; l && i < gw_reply_list_count(l); i++) {
        gw_diags_clear(d);
        gw_model *m = gw_reply_model(l, i, d);
        CHECK(m == NULL);
        gw_model_free(m);
        if (!S_has_diag(d, GW_ERROR, expect[i].line, expect[i].msg)) {
            UNIT_FAIL("row %zu: no error at line %d about %s", i, expect[i].line, expect[i].msg);
            S_dump_diags(d);
        }
    }
    gw_reply_list_free(l);
    gw_diags_free(d);
    free(name);
    gw_buf_free(&t);
    S_rm("b3.md");
    S_rm("empty.md");
}

/* ---- summary ---- */

static int S_body_has(gw_model *m, const char *needle)
{
    gw_buf b = {0};
    gw_model_write(m, &b);
    int yes = b.ptr && strstr(b.ptr, needle) != NULL;
    gw_buf_free(&b);
    return yes;
}

TEST(summary_counts)
{
    gw_buf t = {0};
    gw_buf_puts(&t, S_header);
    gw_buf_puts(&t, "1,提案,市政协十三届三次会议,甲,关于一的提案,A,市教育局,,,,,,,,,x.md\n");
    gw_buf_puts(&t, "2,提案,市政协十三届三次会议,乙,关于二的提案,A,市民政局,,,,,,,,,x.md\n");
    gw_buf_puts(&t, "3,提案,市政协十三届三次会议,丙,关于三的提案,B,市教育局,,,,,,,,,x.md\n");
    gw_buf_puts(&t, "4,提案,市政协十三届三次会议,丁,关于四的提案,,市教育局,,,,,,,,,x.md\n");
    gw_buf_puts(&t, "5,提案,市政协十三届三次会议,戊,关于五的提案,C,市交通局,,,,,,,,,x.md\n");
    gw_diags *d = gw_diags_new();
    gw_reply_list *l = gw_reply_list_parse("l.csv", t.ptr, t.len, d);
    CHECK(l != NULL);
    if (l) {
        int made[5] = {1, 1, 1, 1, 0};
        const char *reasons[5] = {NULL, NULL, NULL, NULL, "正文文件不存在"};
        gw_model *m = gw_reply_summary(l, made, reasons, NULL);
        CHECK_STR(gw_model_kind(m), "plan");
        CHECK_TEXT(gw_model_first(gw_model_root(m), "title"), "市政协十三届三次会议提案办理情况汇总");
        CHECK(S_body_has(m, "A类2件，占50%；B类1件，占25%；C类0件，占0%；D类0件，占0%；未填写1件，占25%。"));
        CHECK(S_body_has(m, "市教育局3件，占75%；市民政局1件，占25%。"));
        CHECK(!S_body_has(m, "市交通局")); /* not made: not counted, not in the table */
        CHECK(S_body_has(m, "未生成1件"));
        CHECK(S_body_has(m, "正文文件不存在"));
        CHECK(S_body_has(m, "<cell>关于四的提案</cell>"));
        int rows = 0;
        xmlNodePtr table = S_find(gw_model_root(m), "table");
        for (xmlNodePtr r = gw_model_first(table, "row"); r; r = gw_model_next(r, "row"))
            rows++;
        CHECK_INT(rows, 5); /* header + 4 */
        CHECK_INT(gw_model_validate(m, "summary", d), 0);
        gw_model_free(m);
    }
    gw_reply_list_free(l);
    gw_diags_free(d);
    gw_buf_free(&t);
}

/* The 答复清单 supplied row by row to the renderer (as gw_replies does)
 * gives the same document as a model holding every row. */
TEST(summary_rows_source)
{
    gw_buf t = {0};
    gw_buf_puts(&t, S_header);
    gw_buf_puts(&t, "1,提案,市政协十三届三次会议,甲,关于一的提案,A,市教育局,,,,,,,,,x.md\n");
    gw_buf_puts(&t, "2,建议,市人大十七届四次会议,乙,关于二&<三>的建议,b,市民政局,,,,,,,,,x.md\n");
    gw_buf_puts(&t, "3,提案,市政协十三届三次会议,丙,关于三的提案,B,市教育局,,,,,,,,,x.md\n");
    gw_buf_puts(&t, "4,提案,市政协十三届三次会议,丁,关于四的提案,,,,,,,,,,,x.md\n");
    /* what a model drops or trims: control characters, U+FFFE, line breaks
     * at the ends of a cell */
    gw_buf_puts(&t, "5,提案,市政协十三届三次会议,\"\n 戊\",关于\x01五\x0b的\xEF\xBF\xBE提案");
    for (int i = 0; i < 60; i++) /* enough to widen its column if measured */
        gw_buf_puts(&t, "\x01\xEF\xBF\xBE");
    gw_buf_puts(&t, ",A,\"市教育局\n\",,,,,,,,,x.md\n");
    gw_diags *d = gw_diags_new();
    gw_reply_list *l = gw_reply_list_parse("l.csv", t.ptr, t.len, d);
    CHECK(l != NULL);
    gw_template *tpl = gw_template_builtin(GW_KIND_PLAN, d);
    CHECK(tpl != NULL);
    if (l && tpl) {
        int made[5] = {1, 1, 0, 1, 1};
        const char *reasons[5] = {NULL, NULL, "正文文件不存在", NULL, NULL};
        gw_model *whole = gw_reply_summary(l, made, reasons, NULL);
        gw_rowsrc rs;
        gw_model *part = gw_reply_summary(l, made, reasons, &rs);
        CHECK_INT((int)rs.nrows, 4);
        CHECK_INT((int)rs.ncols, 6); /* two categories: 类别 shown */
        CHECK(rs.table == S_find(gw_model_root(part), "table"));
        CHECK_STR(rs.cell(rs.ctx, 1, 0), "建议");
        CHECK_STR(rs.cell(rs.ctx, 1, 4), "B");
        CHECK_STR(rs.cell(rs.ctx, 2, 1), "4"); /* list row 3 was not made */
        CHECK_STR(rs.cell(rs.ctx, 2, 5), "");
        CHECK(!S_body_has(part, "<cell>关于一的提案</cell>")); /* not in the model */
        CHECK_INT(gw_model_validate(part, "summary", d), 0);
        gw_buf a = {0}, b = {0};
        gw_render_opts oa = {GW_KIND_PLAN, 1700000000, NULL}, ob = {GW_KIND_PLAN, 1700000000, &rs};
        CHECK_INT(gw_render_docx(tpl, whole, &oa, "whole", &a, d), 0);
        CHECK_INT(gw_render_docx(tpl, part, &ob, "part", &b, d), 0);
        CHECK(a.len > 0 && a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0);
        /* a source for another table is not used */
        gw_rowsrc other = rs;
        other.table = NULL;
        gw_buf c = {0};
        gw_render_opts oc = {GW_KIND_PLAN, 1700000000, &other};
        CHECK_INT(gw_render_docx(tpl, part, &oc, "other", &c, d), 0);
        CHECK(c.len > 0 && c.len < a.len);
        gw_buf_free(&a);
        gw_buf_free(&b);
        gw_buf_free(&c);
        gw_model_free(whole);
        gw_model_free(part);
        free(rs.ctx);
    }
    gw_template_free(tpl);
    gw_reply_list_free(l);
    gw_diags_free(d);
    gw_buf_free(&t);
}

int main(void)
{
    snprintf(S_tmpdir, sizeof S_tmpdir, "/tmp/gw-test-replies-XXXXXX");
    if (!mkdtemp(S_tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(csv_simple);
    RUN(csv_quotes);
    RUN(csv_crlf_and_cr);
    RUN(csv_bom_and_columns);
    RUN(csv_damaged);
    RUN(csv_empty);
    RUN(list_header_any_order);
    RUN(list_required_columns);
    RUN(list_gbk_and_bom);
    RUN(list_damaged_row);
    RUN(values_category_result);
    RUN(values_date);
    RUN(values_filename_salutation);
    RUN(model_full_row);
    RUN(model_missing_values);
    RUN(model_row_errors);
    RUN(summary_counts);
    RUN(summary_rows_source);
    rmdir(S_tmpdir);
    gw_rules_free();
    xmlCleanupParser();
    return unit_done();
}
