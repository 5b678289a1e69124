/*
 * test_source.c — unit tests for the source stage (src/source.c): encoding
 * detection, line endings, blank lines, plain text and Markdown lines,
 * bold spans, positions and diagnostics.  Fixtures: tests/fixtures/source/.
 * Run from the repository root.
 */
#define _POSIX_C_SOURCE 200809L
#include "unit.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>

#include "source.h"
#include "util.h"

#define FIXTURES "tests/fixtures/source/"

/* ---- helpers ---- */

static gw_source *S_mem(const char *name, const char *bytes, size_t len, gw_format fmt,
                        gw_diags *d)
{
    return gw_source_from_memory(name, bytes, len, fmt, d);
}

static gw_source *S_txt(const char *s, gw_diags *d)
{
    return S_mem("t.txt", s, strlen(s), GW_FMT_TEXT, d);
}

static gw_source *S_md(const char *s, gw_diags *d)
{
    return S_mem("t.md", s, strlen(s), GW_FMT_MARKDOWN, d);
}

static const char *S_text(const gw_source *s, size_t i)
{
    const gw_line *l = gw_source_line(s, i);
    return l ? l->text : "(no such line)";
}

/* The bold span k of line i as a string (static buffer). */
static const char *S_bold(const gw_source *s, size_t i, size_t k)
{
    static char buf[256];
    const gw_line *l = gw_source_line(s, i);
    if (!l || k >= l->nbold || l->bold[k].off + l->bold[k].len > l->len ||
        l->bold[k].len >= sizeof buf)
        return "(no such span)";
    memcpy(buf, l->text + l->bold[k].off, l->bold[k].len);
    buf[l->bold[k].len] = '\0';
    return buf;
}

/* Converts UTF-8 to another encoding with iconv; returns a malloc'd buffer. */
static char *S_iconv(const char *to, const char *s, size_t *outlen)
{
    iconv_t cd = iconv_open(to, "UTF-8");
    if (cd == (iconv_t)-1)
        return NULL;
    size_t il = strlen(s), cap = il * 4 + 16, ol = cap;
    char *out = malloc(cap), *op = out, *ip = (char *)s;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    iconv_close(cd);
    if (r == (size_t)-1) {
        free(out);
        return NULL;
    }
    *outlen = cap - ol;
    return out;
}

/* Returns 1 when bytes decode as GB18030. */
static int S_is_gb18030(const char *bytes, size_t n)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return 0;
    char out[256], *op = out, *ip = (char *)bytes;
    size_t il = n, ol = sizeof out;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    iconv_close(cd);
    return r != (size_t)-1;
}

/* ---- encodings ---- */

TEST(utf8_without_bom)
{
    gw_diags *d = gw_diags_new();
    gw_source *s = S_txt("第一行\n第二行", d);
    CHECK(s != NULL);
    CHECK_STR(gw_source_encoding(s), "UTF-8");
    CHECK_INT(gw_source_format(s), GW_FMT_TEXT);
    CHECK_STR(gw_source_name(s), "t.txt");
    CHECK_INT(gw_source_nlines(s), 2);
    CHECK_STR(S_text(s, 0), "第一行");
    CHECK_STR(S_text(s, 1), "第二行");
    CHECK_INT(gw_source_line(s, 1)->line, 2);
    CHECK_INT(gw_source_line(s, 1)->col, 1);
    CHECK_INT(gw_source_line(s, 1)->len, strlen("第二行"));
    CHECK_INT(gw_source_line(s, 0)->kind, GW_LINE_TEXT);
    CHECK(gw_source_line(s, 2) == NULL);
    CHECK_INT(gw_diags_count(d), 0);
    gw_source_free(s);
    gw_diags_free(d);
}

TEST(utf8_with_bom)
{
    gw_diags *d = gw_diags_new();
    gw_source *s = S_txt("\xEF\xBB\xBF标题\n正文\n", d);
    size_t len = 0;
    CHECK(s != NULL);
    CHECK_STR(gw_source_encoding(s), "UTF-8 (BOM)");
    CHECK_STR(gw_source_text(s, &len), "标题\n正文\n");
    CHECK_INT(len, strlen("标题\n正文\n"));
    CHECK_INT(gw_source_nlines(s), 2);
    CHECK_STR(S_text(s, 0), "标题");
    CHECK_INT(gw_diags_count(d), 0);
    gw_source_free(s);
    gw_diags_free(d);
}

TEST(empty_and_lone_bom)
{
    gw_diags *d = gw_diags_new();
    gw_source *s = S_mem("e.txt", "", 0, GW_FMT_TEXT, d);
    CHECK(s != NULL);
    CHECK_INT(gw_source_nlines(s), 0);
    CHECK_STR(gw_source_text(s, NULL), "");
    gw_source_free(s);
    s = S_mem("e.txt", NULL, 0, GW_FMT_MARKDOWN, d);
    CHECK(s != NULL);
    CHECK_INT(gw_source_nlines(s), 0);
    gw_source_free(s);
    s = S_txt("\xEF\xBB\xBF", d);
    CHECK(s != NULL);
    CHECK_STR(gw_source_encoding(s), "UTF-8 (BOM)");
    CHECK_INT(gw_source_nlines(s), 0);
    gw_source_free(s);
    s = S_mem("e.txt", "\xFF\xFE", 2, GW_FMT_TEXT, d);
    CHECK(s != NULL);
    CHECK_STR(gw_source_encoding(s), "UTF-16LE");
    CHECK_INT(gw_source_nlines(s), 0);
    gw_source_free(s);
    s = S_mem("e.md", "\xFE\xFF", 2, GW_FMT_AUTO, d);
    CHECK(s != NULL);
    CHECK_STR(gw_source_encoding(s), "UTF-16BE");
    CHECK_INT(gw_source_format(s), GW_FMT_MARKDOWN);
    CHECK_INT(gw_source_nlines(s), 0);
    gw_source_free(s);
    CHECK_INT(gw_diags_count(d), 0);
    gw_source_free(NULL);
    gw_diags_free(d);
}

TEST(gb18030_bytes)
{
    gw_diags *d = gw_diags_new();
    /* "中文" in GBK, CRLF, "测试" */
    const char gbk[] = "\xD6\xD0\xCE\xC4\r\n\xB2\xE2\xCA\xD4";
    gw_source *s = S_mem("g.txt", gbk, sizeof gbk - 1, GW_FMT_TEXT, d);
    CHECK(s != NULL);
    CHECK_STR(gw_source_encoding(s), "GB18030");
    CHECK_INT(gw_source_nlines(s), 2);
    CHECK_STR(S_text(s, 0), "中文");
    CHECK_STR(S_text(s, 1), "测试");
    CHECK_STR(gw_source_text(s, NULL), "中文\n测试");
    CHECK_INT(gw_diags_count(d), 0);
    gw_source_free(s);
    gw_diags_free(d);
}

TEST(gb18030_via_iconv)
{
    const char *u = "关于开展安全检查的通知\n\n各单位：\n　　请于本月底前完成自查（含4字节字符𠮷）。\n";
    size_t n = 0;
    char *gb = S_iconv("GB18030", u, &n);
    CHECK(gb != NULL);
    if (!gb)
        return;
    gw_diags *d = gw_diags_new();
    gw_source *s = S_mem("g.txt", gb, n, GW_FMT_TEXT, d);
    CHECK(s != NULL);
    CHECK_STR(gw_source_encoding(s), "GB18030");
    CHECK_STR(gw_source_text(s, NULL), u);
    CHECK_INT(gw_source_nlines(s), 4);
    CHECK_INT(gw_source_line(s, 1)->kind, GW_LINE_BLANK);
    CHECK_STR(S_text(s, 2), "各单位：");
    gw_source_free(s);
    gw_diags_free(d);
    free(gb);
}

TEST(utf16le_with_bom)
{
    gw_diags *d = gw_diags_new();
    /* BOM, "通知\r\n", U+20BB7 (surrogate pair D842 DFB7), "a" */
    const char b[] = "\xFF\xFE"
                     "\x1A\x90\xE5\x77\r\0\n\0"
                     "\x42\xD8\xB7\xDF"
                     "a\0";
    gw_source *s = S_mem("u.txt", b, sizeof b - 1, GW_FMT_TEXT, d);
    CHECK(s != NULL);
    CHECK_STR(gw_source_encoding(s), "UTF-16LE");
    CHECK_INT(gw_source_nlines(s), 2);
    CHECK_STR(S_text(s, 0), "通知");
    CHECK_STR(S_text(s, 1), "\xF0\xA0\xAE\xB7"
                            "a");
    CHECK_INT(gw_diags_count(d), 0);
    gw_source_free(s);
    gw_diags_free(d);
}

TEST(utf16be_with_bom)
{
    gw_diags *d = gw_diags_new();
    const char b[] = "\xFE\xFF"
                     "\x90\x1A\x77\xE5\0\n"
                     "\xD8\x42\xDF\xB7";
    gw_source *s = S_mem("u.txt", b, sizeof b - 1, GW_FMT_TEXT, d);
    CHECK(s != NULL);
    CHECK_STR(gw_source_encoding(s), "UTF-16BE");
    CHECK_INT(gw_source_nlines(s), 2);
    CHECK_STR(S_text(s, 0), "通知");
    CHECK_STR(S_text(s, 1), "\xF0\xA0\xAE\xB7");
    gw_source_free(s);
    gw_diags_free(d);
}

TEST(utf16_damaged)
{
    gw_diags *d = gw_diags_new();
    /* odd length: a dangling byte after "a" */
    gw_source *s = S_mem("u.txt", "\xFF\xFE"
                                  "a\0\x41",
                         5, GW_FMT_TEXT, d);
    CHECK(s != NULL);
    CHECK_STR(S_text(s, 0), "a\xEF\xBF\xBD");
    CHECK_INT(gw_diags_count(d), 1);
    CHECK_INT(gw_diags_errors(d), 0);
    CHECK_INT(gw_diags_get(d, 0)->sev, GW_WARNING);
    CHECK_INT(gw_diags_get(d, 0)->col, 2);
    gw_source_free(s);
    gw_diags_clear(d);
    /* lone high surrogate followed by "b", lone low surrogate at the end */
    s = S_mem("u.txt", "\xFF\xFE\x00\xD8"
                       "b\0\x00\xDC",
              8, GW_FMT_TEXT, d);
    CHECK(s != NULL);
    CHECK_STR(S_text(s, 0), "\xEF\xBF\xBD"
                            "b\xEF\xBF\xBD");
    CHECK_INT(gw_diags_count(d), 1);
    CHECK_INT(gw_diags_get(d, 0)->col, 1);
    gw_source_free(s);
    gw_diags_free(d);
}

TEST(nul_bytes)
{
    gw_diags *d = gw_diags_new();
    gw_source *s = S_mem("n.txt", "一\n二\0三", 11, GW_FMT_TEXT, d);
    CHECK(s != NULL);
    CHECK_STR(S_text(s, 1), "二\xEF\xBF\xBD三");
    CHECK_INT(gw_diags_count(d), 1);
    CHECK_INT(gw_diags_get(d, 0)->sev, GW_WARNING);
    CHECK_INT(gw_diags_get(d, 0)->line, 2);
    CHECK_INT(gw_diags_get(d, 0)->col, 2);
    gw_source_free(s);
    gw_diags_free(d);
}

TEST(bad_bytes_error_position)
{
    /* "\x81\x20" is neither UTF-8 nor GB18030 */
    CHECK(!S_is_gb18030("\x81\x20", 2));
    gw_diags *d = gw_diags_new();
    const char b[] = "ab\r\n\r\ncd\x81\x20";
    CHECK(!S_is_gb18030(b, sizeof b - 1));
    gw_source *s = S_mem("bad.txt", b, sizeof b - 1, GW_FMT_TEXT, d);
    CHECK(s == NULL);
    CHECK_INT(gw_diags_errors(d), 1);
    const gw_diag *g = gw_diags_get(d, 0);
    CHECK(g != NULL);
    if (g) {
        CHECK_INT(g->sev, GW_ERROR);
        CHECK_STR(g->file, "bad.txt");
        CHECK_INT(g->line, 3);
        CHECK_INT(g->col, 3);
        CHECK(strstr(g->msg, "0x81") != NULL);
        CHECK(strstr(g->msg, "GB18030") != NULL);
    }
    gw_diags_clear(d);
    /* columns count characters: two CJK characters (UTF-8) then a bad byte */
    s = S_mem("bad.md", "中文\xFF", 7, GW_FMT_MARKDOWN, d);
    CHECK(s == NULL);
    CHECK_INT(gw_diags_get(d, 0)->line, 1);
    CHECK_INT(gw_diags_get(d, 0)->col, 3);
    gw_diags_clear(d);
    /* a lone byte that starts no sequence at all */
    s = S_mem("bad.txt", "\xFF", 1, GW_FMT_TEXT, d);
    CHECK(s == NULL);
    CHECK_INT(gw_diags_get(d, 0)->line, 1);
    CHECK_INT(gw_diags_get(d, 0)->col, 1);
    gw_diags_clear(d);
    /* UTF-8 BOM but broken UTF-8 after it: the BOM does not count as a column */
    s = S_mem("bad.txt", "\xEF\xBB\xBFok\xC3", 6, GW_FMT_TEXT, d);
    CHECK(s == NULL);
    CHECK_INT(gw_diags_errors(d), 1);
    CHECK_INT(gw_diags_get(d, 0)->col, 3);
    gw_diags_free(d);
}

TEST(gbk_with_corrupt_byte_gets_note)
{
    /* GBK text, then on line 3 a byte pair invalid in GB18030: the error is
     * at the first non-UTF-8 byte (1:1), the note where GB18030 failed. */
    const char b[] = "\xD6\xD0\xCE\xC4\n\xB2\xE2\n\xCA\xD4\x81\x20";
    CHECK(!S_is_gb18030(b, sizeof b - 1));
    gw_diags *d = gw_diags_new();
    gw_source *s = S_mem("g.txt", b, sizeof b - 1, GW_FMT_TEXT, d);
    CHECK(s == NULL);
    CHECK_INT(gw_diags_count(d), 2);
    CHECK_INT(gw_diags_get(d, 0)->sev, GW_ERROR);
    CHECK_INT(gw_diags_get(d, 0)->line, 1);
    CHECK_INT(gw_diags_get(d, 0)->col, 1);
    if (gw_diags_count(d) == 2) {
        CHECK_INT(gw_diags_get(d, 1)->sev, GW_NOTE);
        CHECK_INT(gw_diags_get(d, 1)->line, 3);
        CHECK_INT(gw_diags_get(d, 1)->col, 2);
    }
    gw_diags_free(d);
}

/* ---- line endings and blank lines ---- */

TEST(line_endings)
{
    gw_diags *d = gw_diags_new();
    gw_source *s = S_txt("甲\r\n乙\r\n", d);
    CHECK_INT(gw_source_nlines(s), 2);
    CHECK_STR(gw_source_text(s, NULL), "甲\n乙\n");
    gw_source_free(s);
    s = S_txt("甲\r乙\r\r丙", d);
    CHECK_INT(gw_source_nlines(s), 4);
    CHECK_STR(S_text(s, 3), "丙");
    CHECK_INT(gw_source_line(s, 3)->line, 4);
    CHECK_INT(gw_source_line(s, 2)->kind, GW_LINE_BLANK);
    gw_source_free(s);
    s = S_txt("a\r\nb\rc\nd\n\r\n", d);
    CHECK_STR(gw_source_text(s, NULL), "a\nb\nc\nd\n\n");
    CHECK_INT(gw_source_nlines(s), 5);
    CHECK_STR(S_text(s, 2), "c");
    CHECK_INT(gw_source_line(s, 4)->line, 5);
    gw_source_free(s);
    CHECK_INT(gw_diags_count(d), 0);
    gw_diags_free(d);
}

TEST(blank_lines)
{
    gw_diags *d = gw_diags_new();
    gw_source *s = S_txt("\xE3\x80\x80\xE3\x80\x80\n \t \n\xC2\xA0\n\n正文  \n\xE3\x80\x80\xE3\x80\x80正文",
                         d);
    CHECK_INT(gw_source_nlines(s), 6);
    CHECK_INT(gw_source_line(s, 0)->kind, GW_LINE_BLANK);
    CHECK_INT(gw_source_line(s, 1)->kind, GW_LINE_BLANK);
    CHECK_INT(gw_source_line(s, 2)->kind, GW_LINE_BLANK);
    CHECK_INT(gw_source_line(s, 3)->kind, GW_LINE_BLANK);
    CHECK_INT(gw_source_line(s, 4)->kind, GW_LINE_TEXT);
    CHECK_STR(S_text(s, 4), "正文  ");
    CHECK_INT(gw_source_line(s, 5)->kind, GW_LINE_TEXT);
    CHECK_INT(gw_source_line(s, 5)->level, 0);
    CHECK_INT(gw_source_line(s, 5)->flags, 0);
    CHECK_INT(gw_source_line(s, 5)->nbold, 0);
    gw_source_free(s);
    gw_diags_free(d);
}

TEST(plain_text_keeps_markup)
{
    gw_diags *d = gw_diags_new();
    gw_source *s = S_txt("# 不是标题\n**不加粗**\n| 项目 | 数量 |\n|---|---|\n| 甲 | 1 |", d);
    CHECK_INT(gw_source_nlines(s), 5);
    CHECK_STR(S_text(s, 0), "# 不是标题");
    CHECK_INT(gw_source_line(s, 0)->kind, GW_LINE_TEXT);
    CHECK_STR(S_text(s, 1), "**不加粗**");
    CHECK_INT(gw_source_line(s, 1)->nbold, 0);
    CHECK_STR(S_text(s, 4), "| 甲 | 1 |");
    gw_source_free(s);
    gw_diags_free(d);
}

TEST(format_from_name)
{
    CHECK_INT(gw_format_from_name("a.md"), GW_FMT_MARKDOWN);
    CHECK_INT(gw_format_from_name("dir/稿件.markdown"), GW_FMT_MARKDOWN);
    CHECK_INT(gw_format_from_name("A.MD"), GW_FMT_MARKDOWN);
    CHECK_INT(gw_format_from_name("a.Markdown"), GW_FMT_MARKDOWN);
    CHECK_INT(gw_format_from_name("a.txt"), GW_FMT_TEXT);
    CHECK_INT(gw_format_from_name("a.mdx"), GW_FMT_TEXT);
    CHECK_INT(gw_format_from_name("a.m"), GW_FMT_TEXT);
    CHECK_INT(gw_format_from_name("md"), GW_FMT_TEXT);
    CHECK_INT(gw_format_from_name("x.md/readme"), GW_FMT_TEXT);
    CHECK_INT(gw_format_from_name("-"), GW_FMT_TEXT);
    CHECK_INT(gw_format_from_name(""), GW_FMT_TEXT);
    CHECK_INT(gw_format_from_name(NULL), GW_FMT_TEXT);
}

/* ---- Markdown ---- */

TEST(md_heading)
{
    gw_diags *d = gw_diags_new();
    gw_source *s = S_md("# 一、总体要求\n\n正文内容。\n\n### （一）工作目标 ###\n二级\n---\n", d);
    CHECK_INT(gw_source_format(s), GW_FMT_MARKDOWN);
    CHECK_STR(gw_source_text(s, NULL),
              "# 一、总体要求\n\n正文内容。\n\n### （一）工作目标 ###\n二级\n---\n");
    CHECK_INT(gw_source_nlines(s), 7);
    const gw_line *l = gw_source_line(s, 0);
    CHECK_STR(l->text, "一、总体要求");
    CHECK_INT(l->kind, GW_LINE_HEADING);
    CHECK_INT(l->level, 1);
    CHECK_INT(l->line, 1);
    CHECK_INT(l->col, 3);
    CHECK_INT(gw_source_line(s, 1)->kind, GW_LINE_BLANK);
    CHECK_INT(gw_source_line(s, 1)->line, 2);
    CHECK_STR(S_text(s, 2), "正文内容。");
    CHECK_INT(gw_source_line(s, 2)->kind, GW_LINE_TEXT);
    CHECK_INT(gw_source_line(s, 2)->line, 3);
    l = gw_source_line(s, 4);
    CHECK_STR(l->text, "（一）工作目标");
    CHECK_INT(l->level, 3);
    CHECK_INT(l->line, 5);
    CHECK_INT(l->col, 5);
    l = gw_source_line(s, 6);
    CHECK_STR(l->text, "二级");
    CHECK_INT(l->kind, GW_LINE_HEADING);
    CHECK_INT(l->level, 2);
    CHECK_INT(l->line, 6);
    CHECK_INT(l->col, 1);
    gw_source_free(s);
    gw_diags_free(d);
}

TEST(md_soft_and_hard_breaks)
{
    gw_diags *d = gw_diags_new();
    gw_source *s = S_md("\n第一行\n  第二行\n第三行  \n第四行\\\n第五行\n\n另一段\n", d);
    CHECK_INT(gw_source_nlines(s), 7);
    for (size_t i = 0; i < 5; i++) {
        const gw_line *l = gw_source_line(s, i);
        CHECK_INT(l->line, (int)i + 2);
        CHECK_INT(l->kind, GW_LINE_TEXT);
        CHECK_INT(l->flags & GW_LINE_F_CONT, i ? GW_LINE_F_CONT : 0);
    }
    CHECK_STR(S_text(s, 0), "第一行");
    CHECK_STR(S_text(s, 1), "第二行");
    CHECK_INT(gw_source_line(s, 1)->col, 3);
    CHECK_STR(S_text(s, 2), "第三行");
    CHECK_STR(S_text(s, 3), "第四行");
    CHECK_STR(S_text(s, 4), "第五行");
    CHECK_INT(gw_source_line(s, 5)->kind, GW_LINE_BLANK);
    CHECK_STR(S_text(s, 6), "另一段");
    CHECK_INT(gw_source_line(s, 6)->flags, 0);
    CHECK_INT(gw_source_line(s, 6)->line, 8);
    gw_source_free(s);
    gw_diags_free(d);
}

TEST(md_multiline_code_span_keeps_lines)
{
    gw_diags *d = gw_diags_new();
    gw_source *s = S_md("甲 `代\n码` 乙\n丙", d);
    CHECK_INT(gw_source_nlines(s), 2);
    CHECK_STR(S_text(s, 0), "甲 代 码 乙");
    CHECK_STR(S_text(s, 1), "丙");
    CHECK_INT(gw_source_line(s, 1)->line, 3);
    gw_source_free(s);
    gw_diags_free(d);
}

TEST(md_ordered_list_marker)
{
    gw_diags *d = gw_diags_new();
    gw_source *s = S_md("1. 完善机制\n2. 加强领导\n   持续推进\n\n3) 第三项\n\n1.加强组织\n", d);
    CHECK_INT(gw_source_nlines(s), 8);
    const gw_line *l = gw_source_line(s, 0);
    CHECK_STR(l->text, "1.完善机制");
    CHECK_INT(l->kind, GW_LINE_ITEM);
    CHECK_INT(l->col, 1);
    CHECK_STR(S_text(s, 2), "2.加强领导");
    CHECK_INT(gw_source_line(s, 2)->line, 2);
    l = gw_source_line(s, 3);
    CHECK_STR(l->text, "持续推进");
    CHECK_INT(l->kind, GW_LINE_TEXT);
    CHECK_INT(l->flags, GW_LINE_F_CONT);
    CHECK_INT(l->line, 3);
    CHECK_INT(l->col, 4);
    CHECK_STR(S_text(s, 5), "3)第三项");
    CHECK_INT(gw_source_line(s, 5)->kind, GW_LINE_ITEM);
    /* no space after the marker: not a Markdown list, an ordinary paragraph */
    CHECK_STR(S_text(s, 7), "1.加强组织");
    CHECK_INT(gw_source_line(s, 7)->kind, GW_LINE_TEXT);
    CHECK_INT(gw_source_line(s, 7)->line, 7);
    gw_source_free(s);
    gw_diags_free(d);
}

TEST(md_bullet_items)
{
    gw_diags *d = gw_diags_new();
    gw_source *s = S_md("- 第一项\n  - 子项\n- 第二项\n", d);
    CHECK_INT(gw_source_nlines(s), 5);
    CHECK_STR(S_text(s, 0), "第一项");
    CHECK_INT(gw_source_line(s, 0)->kind, GW_LINE_ITEM);
    CHECK_INT(gw_source_line(s, 0)->col, 3);
    CHECK_STR(S_text(s, 2), "子项");
    CHECK_INT(gw_source_line(s, 2)->kind, GW_LINE_ITEM);
    CHECK_INT(gw_source_line(s, 2)->col, 5);
    CHECK_STR(S_text(s, 4), "第二项");
    CHECK_INT(gw_source_line(s, 4)->line, 3);
    gw_source_free(s);
    gw_diags_free(d);
}

TEST(md_cjk_bold_next_to_punctuation)
{
    gw_diags *d = gw_diags_new();
    gw_source *s = S_md("**《制度》**是根本。\n\n**《制度》**是**重要**的。\n", d);
    CHECK_INT(gw_source_nlines(s), 3);
    const gw_line *l = gw_source_line(s, 0);
    CHECK_STR(l->text, "《制度》是根本。");
    CHECK_INT(l->nbold, 1);
    CHECK_INT(l->bold[0].off, 0);
    CHECK_STR(S_bold(s, 0, 0), "《制度》");
    l = gw_source_line(s, 2);
    CHECK_STR(l->text, "《制度》是重要的。");
    CHECK_INT(l->nbold, 2);
    CHECK_STR(S_bold(s, 2, 0), "《制度》");
    CHECK_STR(S_bold(s, 2, 1), "重要");
    gw_source_free(s);
    gw_diags_free(d);
}

TEST(md_normal_bold_and_emphasis)
{
    gw_diags *d = gw_diags_new();
    gw_source *s = S_md("这是**粗体**和*强调*，还有__下划线粗体__。\n", d);
    const gw_line *l = gw_source_line(s, 0);
    CHECK_STR(l->text, "这是粗体和强调，还有下划线粗体。");
    CHECK_INT(l->nbold, 3);
    CHECK_STR(S_bold(s, 0, 0), "粗体");
    CHECK_STR(S_bold(s, 0, 1), "强调");
    CHECK_STR(S_bold(s, 0, 2), "下划线粗体");
    gw_source_free(s);
    /* a marker before bold text in a list item shifts the span */
    s = S_md("1. **加强领导**，落实责任\n", d);
    CHECK_STR(S_text(s, 0), "1.加强领导，落实责任");
    CHECK_STR(S_bold(s, 0, 0), "加强领导");
    gw_source_free(s);
    gw_diags_free(d);
}

TEST(md_bold_across_soft_break)
{
    gw_diags *d = gw_diags_new();
    gw_source *s = S_md("甲**乙\n丙**丁\n", d);
    CHECK_INT(gw_source_nlines(s), 2);
    CHECK_STR(S_text(s, 0), "甲乙");
    CHECK_STR(S_text(s, 1), "丙丁");
    CHECK_STR(S_bold(s, 0, 0), "乙");
    CHECK_STR(S_bold(s, 1, 0), "丙");
    gw_source_free(s);
    gw_diags_free(d);
}

TEST(md_literal_asterisks_untouched)
{
    gw_diags *d = gw_diags_new();
    gw_source *s = S_md("2 ** 3 ** 4\n\n\\*\\*不是粗体\\*\\*\n\n`**代码**` 与 **未配对\n\n"
                        "snake__case__name\n",
                        d);
    CHECK_INT(gw_source_nlines(s), 7);
    CHECK_STR(S_text(s, 0), "2 ** 3 ** 4");
    CHECK_INT(gw_source_line(s, 0)->nbold, 0);
    CHECK_STR(S_text(s, 2), "**不是粗体**");
    CHECK_INT(gw_source_line(s, 2)->nbold, 0);
    CHECK_STR(S_text(s, 4), "**代码** 与 **未配对");
    CHECK_INT(gw_source_line(s, 4)->nbold, 0);
    CHECK_STR(S_text(s, 6), "snake__case__name");
    CHECK_INT(gw_source_line(s, 6)->nbold, 0);
    gw_source_free(s);
    gw_diags_free(d);
}

TEST(md_pipe_table_row_by_row)
{
    gw_diags *d = gw_diags_new();
    gw_source *s = S_md("说明如下：\n\n| 项目 | 责任单位 |\n| --- | --- |\n| **安全** | 办公室 |\n", d);
    CHECK_INT(gw_source_nlines(s), 5);
    CHECK_STR(S_text(s, 2), "| 项目 | 责任单位 |");
    CHECK_INT(gw_source_line(s, 2)->line, 3);
    CHECK_INT(gw_source_line(s, 2)->flags, 0);
    CHECK_STR(S_text(s, 3), "| --- | --- |");
    CHECK_INT(gw_source_line(s, 3)->flags, GW_LINE_F_CONT);
    CHECK_INT(gw_source_line(s, 3)->line, 4);
    CHECK_STR(S_text(s, 4), "| 安全 | 办公室 |");
    CHECK_STR(S_bold(s, 4, 0), "安全");
    CHECK_INT(gw_source_line(s, 4)->line, 5);
    gw_source_free(s);
    gw_diags_free(d);
}

TEST(md_code_block)
{
    gw_diags *d = gw_diags_new();
    gw_source *s = S_md("前文\n\n```\n第一行 **不加粗**\n\n  缩进\n```\n\n    缩进代码\n", d);
    CHECK_INT(gw_source_nlines(s), 7);
    CHECK_STR(S_text(s, 2), "第一行 **不加粗**");
    CHECK_INT(gw_source_line(s, 2)->flags, GW_LINE_F_CODE);
    CHECK_INT(gw_source_line(s, 2)->line, 4);
    CHECK_INT(gw_source_line(s, 2)->nbold, 0);
    CHECK_INT(gw_source_line(s, 3)->kind, GW_LINE_BLANK);
    CHECK_INT(gw_source_line(s, 3)->flags, GW_LINE_F_CODE);
    CHECK_STR(S_text(s, 4), "  缩进");
    CHECK_INT(gw_source_line(s, 4)->line, 6);
    CHECK_INT(gw_source_line(s, 5)->kind, GW_LINE_BLANK);
    CHECK_INT(gw_source_line(s, 5)->flags, 0);
    CHECK_STR(S_text(s, 6), "缩进代码");
    CHECK_INT(gw_source_line(s, 6)->flags, GW_LINE_F_CODE);
    CHECK_INT(gw_source_line(s, 6)->line, 9);
    CHECK_INT(gw_source_line(s, 6)->col, 5);
    gw_source_free(s);
    gw_diags_free(d);
}

TEST(md_block_quote_and_misc)
{
    gw_diags *d = gw_diags_new();
    gw_source *s = S_md("> 引用第一行\n> 引用第二行\n\n***\n\n见[通知](http://example.cn)与![图一](a.png)<b>。</b>\n"
                        "&lt;&amp;\n",
                        d);
    /* the thematic break and the block separators collapse to one blank */
    CHECK_INT(gw_source_nlines(s), 5);
    const gw_line *l = gw_source_line(s, 0);
    CHECK_STR(l->text, "引用第一行");
    CHECK_INT(l->flags, GW_LINE_F_QUOTE);
    CHECK_INT(l->col, 3);
    l = gw_source_line(s, 1);
    CHECK_INT(l->flags, GW_LINE_F_QUOTE | GW_LINE_F_CONT);
    CHECK_INT(l->line, 2);
    CHECK_INT(l->col, 3);
    CHECK_INT(gw_source_line(s, 2)->kind, GW_LINE_BLANK);
    CHECK_INT(gw_source_line(s, 2)->line, 4);
    CHECK_STR(S_text(s, 3), "见通知与图一。");
    CHECK_INT(gw_source_line(s, 3)->line, 6);
    CHECK_STR(S_text(s, 4), "<&");
    CHECK_INT(gw_source_line(s, 4)->flags, GW_LINE_F_CONT);
    gw_source_free(s);
    gw_diags_free(d);
}

TEST(md_html_block_lines)
{
    gw_diags *d = gw_diags_new();
    gw_source *s = S_md("<div>\n附件\n</div>\n", d);
    CHECK_INT(gw_source_nlines(s), 3);
    CHECK_STR(S_text(s, 1), "附件");
    CHECK_INT(gw_source_line(s, 1)->line, 2);
    CHECK_INT(gw_source_line(s, 1)->flags, 0);
    gw_source_free(s);
    gw_diags_free(d);
}

TEST(md_crlf_gbk_source)
{
    const char *u = "# 通知\r\n\r\n**《办法》**自发布之日起施行。\r\n";
    size_t n = 0;
    char *gb = S_iconv("GB18030", u, &n);
    CHECK(gb != NULL);
    if (!gb)
        return;
    gw_diags *d = gw_diags_new();
    gw_source *s = S_mem("稿件.MD", gb, n, GW_FMT_AUTO, d);
    CHECK(s != NULL);
    CHECK_STR(gw_source_encoding(s), "GB18030");
    CHECK_INT(gw_source_format(s), GW_FMT_MARKDOWN);
    CHECK_INT(gw_source_nlines(s), 3);
    CHECK_STR(S_text(s, 0), "通知");
    CHECK_STR(S_text(s, 2), "《办法》自发布之日起施行。");
    CHECK_STR(S_bold(s, 2, 0), "《办法》");
    CHECK_INT(gw_source_line(s, 2)->line, 3);
    gw_source_free(s);
    gw_diags_free(d);
    free(gb);
}

TEST(md_odd_input_does_not_crash)
{
    static const char *const inputs[] = {
        "**", "****", "__", "**\n**", "- ", "1.", "1. ", "> ", ">", "```", "```\n",
        "    ", "\\", "\\**a**", "*", "***a***", "1. - 2. **x", "- # 标题", "1. ```\n   码\n   ```",
        "\xEF\xB7\x90\xEF\xB7\x90乙\xEF\xB7\x90\xEF\xB7\x90 **甲**", "<!-- 注释 -->",
        "[a]: http://x\n", "| a |\n| b", "\t- \t", "#", "# ", "---\n---",
    };
    gw_diags *d = gw_diags_new();
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        gw_source *s = S_md(inputs[i], d);
        CHECK(s != NULL);
        for (size_t k = 0; k < gw_source_nlines(s); k++) {
            const gw_line *l = gw_source_line(s, k);
            CHECK(l->text != NULL && strlen(l->text) == l->len);
            CHECK(l->line >= 1 && l->col >= 1);
            for (size_t b = 0; b < l->nbold; b++) {
                CHECK(l->bold[b].len > 0 && l->bold[b].off + l->bold[b].len <= l->len);
                if (b)
                    CHECK(l->bold[b].off > l->bold[b - 1].off + l->bold[b - 1].len - 1);
            }
        }
        gw_source_free(s);
    }
    CHECK_INT(gw_diags_errors(d), 0);
    gw_source *s = S_md("1.", d);
    CHECK_STR(S_text(s, 0), "1.");
    CHECK_INT(gw_source_line(s, 0)->kind, GW_LINE_ITEM);
    gw_source_free(s);
    /* the draft contains a sentinel character itself: kept as written */
    s = S_md("\xEF\xB7\x90 **甲**", d);
    CHECK_STR(S_text(s, 0), "\xEF\xB7\x90 甲");
    CHECK_STR(S_bold(s, 0, 0), "甲");
    gw_source_free(s);
    gw_diags_free(d);
}

/* ---- files ---- */

TEST(load_fixtures)
{
    gw_diags *d = gw_diags_new();
    gw_source *s = gw_source_load(FIXTURES "gbk_notice.txt", GW_FMT_AUTO, d);
    CHECK(s != NULL);
    if (s) {
        CHECK_STR(gw_source_encoding(s), "GB18030");
        CHECK_INT(gw_source_format(s), GW_FMT_TEXT);
        CHECK_STR(gw_source_name(s), FIXTURES "gbk_notice.txt");
        CHECK_INT(gw_source_nlines(s), 4);
        CHECK_STR(S_text(s, 0), "关于做好年度考核工作的通知");
        CHECK_INT(gw_source_line(s, 1)->kind, GW_LINE_BLANK);
        CHECK_STR(S_text(s, 3), "　　现将有关事项通知如下。");
    }
    gw_source_free(s);
    s = gw_source_load(FIXTURES "draft.md", GW_FMT_AUTO, d);
    CHECK(s != NULL);
    if (s) {
        CHECK_INT(gw_source_format(s), GW_FMT_MARKDOWN);
        CHECK_INT(gw_source_nlines(s), 7);
        CHECK_INT(gw_source_line(s, 0)->kind, GW_LINE_HEADING);
        CHECK_STR(S_text(s, 2), "《考核办法》是依据。");
        CHECK_STR(S_bold(s, 2, 0), "《考核办法》");
        CHECK_STR(S_text(s, 6), "2.按时报送");
        CHECK_INT(gw_source_line(s, 6)->line, 6);
    }
    gw_source_free(s);
    /* an explicit format wins over the extension */
    s = gw_source_load(FIXTURES "draft.md", GW_FMT_TEXT, d);
    CHECK(s != NULL);
    if (s)
        CHECK_STR(S_text(s, 0), "# 一、工作目标");
    gw_source_free(s);
    CHECK_INT(gw_diags_count(d), 0);
    s = gw_source_load(FIXTURES "no-such-file.txt", GW_FMT_AUTO, d);
    CHECK(s == NULL);
    CHECK_INT(gw_diags_errors(d), 1);
    gw_diags_free(d);
}

int main(void)
{
    RUN(utf8_without_bom);
    RUN(utf8_with_bom);
    RUN(empty_and_lone_bom);
    RUN(gb18030_bytes);
    RUN(gb18030_via_iconv);
    RUN(utf16le_with_bom);
    RUN(utf16be_with_bom);
    RUN(utf16_damaged);
    RUN(nul_bytes);
    RUN(bad_bytes_error_position);
    RUN(gbk_with_corrupt_byte_gets_note);
    RUN(line_endings);
    RUN(blank_lines);
    RUN(plain_text_keeps_markup);
    RUN(format_from_name);
    RUN(md_heading);
    RUN(md_soft_and_hard_breaks);
    RUN(md_multiline_code_span_keeps_lines);
    RUN(md_ordered_list_marker);
    RUN(md_bullet_items);
    RUN(md_cjk_bold_next_to_punctuation);
    RUN(md_normal_bold_and_emphasis);
    RUN(md_bold_across_soft_break);
    RUN(md_literal_asterisks_untouched);
    RUN(md_pipe_table_row_by_row);
    RUN(md_code_block);
    RUN(md_block_quote_and_misc);
    RUN(md_html_block_lines);
    RUN(md_crlf_gbk_source);
    RUN(md_odd_input_does_not_crash);
    RUN(load_fixtures);
    return unit_done();
}
