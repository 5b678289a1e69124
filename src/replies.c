/*
 * replies.c — gongwen replies LIST.csv -o DIR: one reply letter (信函格式)
 * per row of a list of 建议/提案/议案, plus DIR/汇总.docx (see batch.h,
 * replies.h).
 *
 * Pipeline:
 *   1. The list is decoded like a draft (source.h: UTF-8 ± BOM, GB18030/GBK,
 *      UTF-16 with BOM) and parsed as RFC 4180 CSV; every record keeps the
 *      physical line it starts on, every cell its line:col, so problems are
 *      reported as list.csv:17:5.
 *   2. The header row names the columns (any order, spaces trimmed); the
 *      cells are trimmed and line breaks inside a cell joined.
 *   3. Per row: the body file (path relative to the list) is read and
 *      extracted (kind reply); the row then sets the title, salutation,
 *      发文字号, 署名 (承办单位), 成文日期, 抄送 and the <reply> fields.  A
 *      value the row leaves empty is taken from the body when the body
 *      states it, else left out with a warning (the renderer prints
 *      【待补】).  Nothing is made up: the only composed text is the
 *      standard title 关于对<会议>第<编号>号<类别>的答复 and the salutation
 *      <提出人>代表/委员, both from the row's own cells.
 *   4. The model is validated and rendered with the letter template, loaded
 *      once; the letter is written atomically to DIR/<类别>-<编号>.docx.
 *      A failing row is reported at its CSV line and skipped.
 *   5. 汇总.docx (kind plan, built-in plan template): counts and
 *      percentages per 办理结果 and per 承办单位 over the letters made, the
 *      table of those letters, and the rows not made with the reason.
 *
 * Ownership: every allocation goes through gw_x* (abort on OOM).  The list
 * owns its records, cleaned cell values and paths; gw_replies owns the
 * per-row file names and reasons and frees them before returning.
 */
#define _POSIX_C_SOURCE 200809L
#include "replies.h"

#include <dirent.h>
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "batch.h"
#include "extract.h"
#include "render.h"
#include "rules.h"
#include "source.h"

#define S_PENDING "【待补】"

/* ------------------------------------------------------------------------ */
/* CSV                                                                      */

typedef struct S_csvp {
    const char *s;
    size_t n;
    const char *name;
    gw_diags *d;
    int line;          /* current physical line */
    size_t line_start; /* byte offset where it starts */
    size_t cc_off;     /* column cache: byte offset … */
    int cc;            /* … and its 1-based character column */
} S_csvp;

static void S_csv_newline(S_csvp *p, size_t next)
{
    p->line++;
    p->line_start = next;
    p->cc_off = next;
    p->cc = 1;
}

/* Character column of byte off on the current line (off moves forward). */
static int S_csv_col(S_csvp *p, size_t off)
{
    if (off < p->cc_off) {
        p->cc_off = p->line_start;
        p->cc = 1;
    }
    p->cc += (int)gw_utf8_count(p->s + p->cc_off, off - p->cc_off);
    p->cc_off = off;
    return p->cc;
}

/* What the scanner hands over: each cell as it is read (its unquoted text
 * in a buffer reused for the next cell), then the end of its record. */
typedef struct S_csv_sink {
    void (*cell)(struct S_csv_sink *k, const char *text, size_t len, int line, int col);
    void (*end)(struct S_csv_sink *k, int line, int bad, int bad_line, int bad_col);
} S_csv_sink;

/* The RFC 4180 scanner behind gw_csv_parse and gw_reply_list_parse (see
 * replies.h for the rules).  Returns 0, or -1 when anything was an error. */
static int S_csv_scan(const char *name, const char *text, size_t len, gw_diags *d, S_csv_sink *k)
{
    S_csvp p = {text, len, name, d, 1, 0, 0, 1};
    size_t i = 0;
    int rc = 0;
    gw_buf v = {0};
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        i = 3;
        p.cc_off = 3; /* the BOM is not a character of the line */
    }
    while (i < len) {
        int rline = p.line, bad = 0, bad_line = 0, bad_col = 0;
        for (;;) {
            int cline = p.line, ccol = S_csv_col(&p, i);
            gw_buf_clear(&v);
            if (i < len && text[i] == '"') {
                i++;
                int closed = 0;
                while (i < len) {
                    /* copy the run up to the next quote or line break at once */
                    size_t j = i;
                    while (j < len && text[j] != '"' && text[j] != '\r' && text[j] != '\n')
                        j++;
                    gw_buf_put(&v, text + i, j - i);
                    i = j;
                    if (i >= len)
                        break;
                    char c = text[i];
                    if (c == '"') {
                        if (i + 1 < len && text[i + 1] == '"') {
                            gw_buf_putc(&v, '"');
                            i += 2;
                            continue;
                        }
                        i++;
                        closed = 1;
                        break;
                    }
                    i += (c == '\r' && i + 1 < len && text[i + 1] == '\n') ? 2 : 1;
                    gw_buf_putc(&v, '\n');
                    S_csv_newline(&p, i);
                }
                if (!closed) {
                    gw_diags_add(d, GW_ERROR, name, cline, ccol,
                                 "引号没有闭合：从这里到文件末尾都成了一个单元格，"
                                 "请检查这一格的引号（格内的引号要写成两个 \"\"）");
                    bad = 1;
                    bad_line = cline;
                    bad_col = ccol;
                    rc = -1;
                } else if (i < len && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
                    gw_diags_add(d, GW_WARNING, name, p.line, S_csv_col(&p, i),
                                 "右引号后面还有文字，已并入这一格（格内的引号要写成两个 \"\"）");
                }
            }
            size_t j = i;
            while (j < len && text[j] != ',' && text[j] != '\r' && text[j] != '\n')
                j++;
            gw_buf_put(&v, text + i, j - i);
            i = j;
            k->cell(k, v.ptr ? v.ptr : "", v.len, cline, ccol);
            if (i < len && text[i] == ',') {
                i++;
                continue;
            }
            if (i < len) {
                i += (text[i] == '\r' && i + 1 < len && text[i + 1] == '\n') ? 2 : 1;
                S_csv_newline(&p, i);
            }
            break;
        }
        k->end(k, rline, bad, bad_line, bad_col);
    }
    gw_buf_free(&v);
    return rc;
}

/* gw_csv_parse's sink: records and cells as gw_csv holds them. */
typedef struct S_csv_build {
    S_csv_sink k;
    gw_csv *out;
    size_t cap, ccap;
    int open; /* a record is being filled */
} S_csv_build;

static gw_csv_record *S_csv_cur(S_csv_build *b)
{
    gw_csv *c = b->out;
    if (!b->open) {
        if (c->n == b->cap) {
            b->cap = b->cap ? b->cap * 2 : 64;
            c->recs = gw_xrealloc(c->recs, b->cap * sizeof *c->recs);
        }
        memset(&c->recs[c->n++], 0, sizeof *c->recs);
        b->ccap = 0;
        b->open = 1;
    }
    return &c->recs[c->n - 1];
}

static void S_csv_build_cell(S_csv_sink *k, const char *text, size_t len, int line, int col)
{
    S_csv_build *b = (S_csv_build *)k;
    gw_csv_record *r = S_csv_cur(b);
    if (r->n == b->ccap) {
        b->ccap = b->ccap ? b->ccap * 2 : 16;
        r->cells = gw_xrealloc(r->cells, b->ccap * sizeof *r->cells);
    }
    gw_csv_cell *c = &r->cells[r->n++];
    c->text = gw_xstrndup(text, len);
    c->len = len;
    c->line = line;
    c->col = col;
}

static void S_csv_build_end(S_csv_sink *k, int line, int bad, int bad_line, int bad_col)
{
    S_csv_build *b = (S_csv_build *)k;
    gw_csv_record *r = S_csv_cur(b);
    r->line = line;
    r->bad = bad;
    r->bad_line = bad_line;
    r->bad_col = bad_col;
    b->open = 0;
}

int gw_csv_parse(const char *name, const char *text, size_t len, gw_csv *out, gw_diags *d)
{
    memset(out, 0, sizeof *out);
    S_csv_build b = {{S_csv_build_cell, S_csv_build_end}, out, 0, 0, 0};
    return S_csv_scan(name, text, len, d, &b.k);
}

void gw_csv_free(gw_csv *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        for (size_t j = 0; j < c->recs[i].n; j++)
            free(c->recs[i].cells[j].text);
        free(c->recs[i].cells);
    }
    free(c->recs);
    memset(c, 0, sizeof *c);
}

/* ------------------------------------------------------------------------ */
/* Small text helpers                                                       */

static int S_is_space_cp(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' ||
           cp == 0xA0 || cp == 0x3000 || cp == 0xFEFF || (cp >= 0x2000 && cp <= 0x200B);
}

/* Code point at s[i] (n bytes), its length in *k (1 for an invalid byte). */
static uint32_t S_cp(const char *s, size_t n, size_t i, size_t *k)
{
    uint32_t cp;
    *k = gw_utf8_decode(s + i, n - i, &cp);
    if (!*k) {
        *k = 1;
        return 0xFFFD;
    }
    return cp;
}

/* Appends a cleaned copy of s[0..n): white space trimmed at both ends; a
 * run of white space holding a line break becomes nothing between two
 * non-ASCII characters (a Chinese title broken in a cell) and one space
 * otherwise. */
static void S_clean_put(gw_buf *out, const char *s, size_t n)
{
    gw_buf b = *out;
    size_t i = 0, k;
    while (i < n && S_is_space_cp(S_cp(s, n, i, &k)))
        i += k;
    uint32_t prev = 0;
    while (i < n) {
        uint32_t cp = S_cp(s, n, i, &k);
        if (!S_is_space_cp(cp)) {
            gw_buf_put(&b, s + i, k);
            prev = cp;
            i += k;
            continue;
        }
        size_t run = i;
        int brk = 0;
        while (i < n && S_is_space_cp(cp = S_cp(s, n, i, &k))) {
            brk |= cp == '\n' || cp == '\r';
            i += k;
        }
        if (i >= n)
            break; /* trailing white space */
        uint32_t next = S_cp(s, n, i, &k);
        if (!brk)
            gw_buf_put(&b, s + run, i - run);
        else if (!(prev >= 0x80 && next >= 0x80))
            gw_buf_putc(&b, ' ');
    }
    *out = b;
}

static int S_ends(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* Copies s with full-width digits and ／－．：turned into ASCII. */
static void S_ascii_digits(const char *s, gw_buf *out)
{
    size_t n = strlen(s), i = 0, k;
    while (i < n) {
        uint32_t cp = S_cp(s, n, i, &k);
        if (cp >= 0xFF10 && cp <= 0xFF19)
            gw_buf_putc(out, (char)('0' + (cp - 0xFF10)));
        else if (cp == 0xFF0F)
            gw_buf_putc(out, '/');
        else if (cp == 0xFF0D)
            gw_buf_putc(out, '-');
        else if (cp == 0xFF0E)
            gw_buf_putc(out, '.');
        else if (cp == 0xFF1A)
            gw_buf_putc(out, ':');
        else
            gw_buf_put(out, s + i, k);
        i += k;
    }
    gw_buf_put(out, "", 0);
}

/* ------------------------------------------------------------------------ */
/* Values                                                                   */

const char *gw_reply_category(const char *s)
{
    if (!s)
        return NULL;
    if (strstr(s, "提案"))
        return "提案";
    if (strstr(s, "议案"))
        return "议案";
    if (strstr(s, "建议"))
        return "建议";
    return NULL;
}

const char *gw_reply_result(const char *s)
{
    static const char *const abcd[] = {"A", "B", "C", "D"};
    if (!s)
        return "";
    gw_buf b = {0};
    S_ascii_digits(s, &b);
    /* Ａ..Ｄ (U+FF21..FF24) and ａ..ｄ */
    const char *t = b.ptr;
    int letter = -1;
    size_t n = strlen(t), k = 0;
    uint32_t cp = n ? S_cp(t, n, 0, &k) : 0;
    if (cp >= 'A' && cp <= 'D')
        letter = (int)(cp - 'A');
    else if (cp >= 'a' && cp <= 'd')
        letter = (int)(cp - 'a');
    else if (cp >= 0xFF21 && cp <= 0xFF24)
        letter = (int)(cp - 0xFF21);
    else if (cp >= 0xFF41 && cp <= 0xFF44)
        letter = (int)(cp - 0xFF41);
    const char *rest = t + k;
    int ok = letter >= 0 && (!*rest || strcmp(rest, "类") == 0 || strcmp(rest, "类。") == 0);
    gw_buf_free(&b);
    return ok ? abcd[letter] : s;
}

static int S_days_in(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return days[m - 1];
}

/* Reads 1..maxd ASCII digits; returns the number or -1. */
static int S_num(const char **p, int mind, int maxd)
{
    int v = 0, k = 0;
    while (**p >= '0' && **p <= '9' && k < maxd) {
        v = v * 10 + (**p - '0');
        (*p)++;
        k++;
    }
    return k >= mind ? v : -1;
}

/* Accepts one separator at *p: returns its kind ('-', '/', '.', 'Y' 年,
 * 'M' 月) or 0. */
static char S_sep(const char **p)
{
    while (**p == ' ')
        (*p)++;
    char c = **p;
    char kind = 0;
    if (c == '-' || c == '/' || c == '.') {
        (*p)++;
        kind = c;
    } else if (strncmp(*p, "年", 3) == 0) {
        *p += 3;
        kind = 'Y';
    } else if (strncmp(*p, "月", 3) == 0) {
        *p += 3;
        kind = 'M';
    }
    while (**p == ' ')
        (*p)++;
    return kind;
}

int gw_reply_date(const char *s, char value[11], char text[32])
{
    if (!s)
        return -1;
    gw_buf b = {0};
    S_ascii_digits(s, &b);
    const char *p = b.ptr;
    while (*p == ' ')
        p++;
    int y, m, dd;
    const char *start = p;
    y = S_num(&p, 4, 4);
    if (y >= 0 && p - start == 4 && *p >= '0' && *p <= '9') {
        /* 20250717 */
        m = S_num(&p, 2, 2);
        dd = S_num(&p, 2, 2);
    } else {
        char s1 = S_sep(&p);
        m = S_num(&p, 1, 2);
        char s2 = S_sep(&p);
        dd = S_num(&p, 1, 2);
        int ok = s1 && ((s1 == 'Y' && s2 == 'M') || (s1 != 'Y' && s2 == s1));
        if (!ok)
            y = -1;
        if (s1 == 'Y' && strncmp(p, "日", 3) == 0)
            p += 3;
        else if (s1 == 'Y' && strncmp(p, "号", 3) == 0)
            p += 3;
    }
    /* a trailing time of day, as spreadsheets write it: " 0:00", " 00:00:00" */
    if (*p == ' ' || *p == 'T') {
        const char *q = p;
        while (*q == ' ' || *q == 'T')
            q++;
        while ((*q >= '0' && *q <= '9') || *q == ':' || *q == '.')
            q++;
        if (*q == '\0' && strchr(p, ':'))
            p = q;
    }
    while (*p == ' ')
        p++;
    int ok = y >= 1900 && y <= 2199 && m >= 1 && m <= 12 && dd >= 1 && *p == '\0' &&
             dd <= S_days_in(y, m);
    gw_buf_free(&b);
    if (!ok)
        return -1;
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, dd);
    memcpy(value, tmp, 11); /* the ranges checked above make it 10 characters */
    snprintf(tmp, sizeof tmp, "%d年%d月%d日", y, m, dd);
    memcpy(text, tmp, strlen(tmp) + 1);
    return 0;
}

char *gw_reply_filename(const char *category, const char *number)
{
    gw_buf b = {0};
    char *raw = gw_xasprintf("%s-%s", category ? category : "", number ? number : "");
    size_t n = strlen(raw);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)raw[i];
        if (c < 0x20 || c == 0x7F || strchr("/\\:*?\"<>|", (int)c))
            gw_buf_putc(&b, '_');
        else if (c == '.' && b.len == 0)
            gw_buf_putc(&b, '_'); /* no hidden files */
        else
            gw_buf_putc(&b, (char)c);
    }
    free(raw);
    /* keep the name (plus .docx and the temporary suffix) under 255 bytes */
    if (b.len > 200) {
        size_t cut = 200;
        while (cut > 0 && ((unsigned char)b.ptr[cut] & 0xC0) == 0x80)
            cut--;
        b.len = cut;
        b.ptr[cut] = '\0';
    }
    gw_buf_puts(&b, ".docx");
    return gw_buf_detach(&b);
}

/* A 提出人 that names a body rather than a person: 民盟市委、九三学社市委会、
 * 教育界别、第三代表团 … (four characters or more, ending in a unit word). */
static int S_is_unit(const char *s)
{
    static const char *const ends[] = {"委", "会", "党", "社", "界", "组", "团", "联",
                                       "盟", "别", "部", "局", "办", "院", "所"};
    static const char *const has[] = {"界别", "代表团", "党派", "委员会", "学社"};
    for (size_t i = 0; i < sizeof has / sizeof has[0]; i++)
        if (strstr(s, has[i]))
            return 1;
    if (gw_utf8_count(s, strlen(s)) < 4)
        return 0;
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++)
        if (S_ends(s, ends[i]))
            return 1;
    return 0;
}

char *gw_reply_salutation(const char *category, const char *proposer)
{
    if (!proposer || !*proposer)
        return NULL;
    char *p = gw_xstrdup(proposer);
    /* a trailing colon typed into the cell */
    while (S_ends(p, "：") || S_ends(p, ":")) {
        size_t n = strlen(p);
        p[n - (S_ends(p, ":") ? 1 : 3)] = '\0';
    }
    if (S_ends(p, "代表") || S_ends(p, "委员") || S_ends(p, "同志") || S_is_unit(p) || !category)
        return p;
    const char *suffix = strcmp(category, "提案") == 0 ? "委员" : "代表";
    char *s = gw_xasprintf("%s%s", p, suffix);
    free(p);
    return s;
}

/* ------------------------------------------------------------------------ */
/* The list                                                                 */

static const char *const S_col_names[GW_RC_MAX] = {
    "编号", "类别", "会议", "提出人", "标题", "办理结果", "承办单位", "会办单位",
    "签发人", "联系人", "联系电话", "公开属性", "成文日期", "发文字号", "抄送", "正文"};

/* The <reply> field each column fills (NULL: none). */
static const char *const S_col_field[GW_RC_MAX] = {
    "number", "category", "session", "proposer", "subject", "result", "handler",
    "co-handler", "signer", "contact", "phone", "disclosure", NULL, NULL, NULL, NULL};

const char *gw_reply_col_name(gw_reply_col c)
{
    return c < GW_RC_MAX ? S_col_names[c] : "";
}

/* Per data row: its CSV line and, for a damaged record, where the unclosed
 * quote opened. */
typedef struct S_rowinfo {
    int line, bad, bad_line, bad_col;
} S_rowinfo;

struct gw_reply_list {
    char *name;           /* the list's path, for diagnostics */
    char *dir;            /* its folder, for body paths */
    const char *encoding; /* static string from source.c */
    int header_line;
    int col[GW_RC_MAX];   /* cell index of each column, -1 when absent */
    size_t nrows, cap;
    S_rowinfo *rows;      /* per data row: CSV line, damage */
    size_t *voff;         /* nrows * GW_RC_MAX offsets into vals */
    int *pos;             /* nrows * GW_RC_MAX (line, col) of each cell; col 0: absent */
    gw_buf vals;          /* the cleaned values, each NUL-terminated */
};

/* ---- parsing: a sink for S_csv_scan that keeps only what the list needs ---- */

typedef struct S_lcell {
    size_t off; /* cleaned text in S_lparse.cells */
    int line, col;
    int blank;
} S_lcell;

typedef struct S_lparse {
    S_csv_sink k;
    gw_reply_list *l;
    const char *name;
    gw_diags *ld;     /* the list's own diagnostics, in order */
    int state;        /* 0 before the header, 1 rows, 2 failed (scan on for the warnings) */
    size_t hdr_n;     /* cells of the header record */
    S_lcell *rec;     /* the record being read */
    size_t n, cap;
    gw_buf cells;     /* its cleaned cell texts */
} S_lparse;

static void S_lp_cell(S_csv_sink *k, const char *text, size_t len, int line, int col)
{
    S_lparse *p = (S_lparse *)k;
    if (p->state == 2)
        return;
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 32;
        p->rec = gw_xrealloc(p->rec, p->cap * sizeof *p->rec);
    }
    S_lcell *c = &p->rec[p->n++];
    c->off = p->cells.len;
    c->line = line;
    c->col = col;
    size_t before = p->cells.len;
    S_clean_put(&p->cells, text, len);
    c->blank = p->cells.len == before;
    gw_buf_putc(&p->cells, '\0');
}

static int S_lp_blank(const S_lparse *p)
{
    for (size_t i = 0; i < p->n; i++)
        if (!p->rec[i].blank)
            return 0;
    return 1;
}

static void S_lp_header(S_lparse *p, int line, int bad, int bad_line, int bad_col)
{
    gw_reply_list *l = p->l;
    const char *name = p->name;
    gw_diags *d = p->ld;
    l->header_line = line;
    if (bad) {
        gw_diags_add(d, GW_ERROR, name, bad_line, bad_col,
                     "表头的引号没有闭合：从这里到文件末尾都成了一个单元格");
        p->state = 2;
        return;
    }
    p->hdr_n = p->n;
    for (size_t i = 0; i < p->n; i++) {
        const char *t = p->cells.ptr + p->rec[i].off;
        int found = -1;
        for (int c = 0; c < GW_RC_MAX; c++)
            if (strcmp(t, S_col_names[c]) == 0)
                found = c;
        if (found < 0) {
            if (*t)
                gw_diags_add(d, GW_WARNING, name, p->rec[i].line, p->rec[i].col,
                             "表头“%s”不是答复清单的列，这一列不使用", t);
        } else if (l->col[found] >= 0) {
            gw_diags_add(d, GW_WARNING, name, p->rec[i].line, p->rec[i].col,
                         "表头“%s”出现了两次，只使用第一列", t);
        } else {
            l->col[found] = (int)i;
        }
    }
    int missing = 0;
    static const gw_reply_col required[] = {GW_RC_NUMBER, GW_RC_CATEGORY, GW_RC_BODY};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        if (l->col[required[i]] < 0) {
            gw_diags_add(d, GW_ERROR, name, line, 0, "表头缺少“%s”列（必需）",
                         S_col_names[required[i]]);
            missing = 1;
        }
    }
    if (l->col[GW_RC_SUBJECT] < 0 && l->col[GW_RC_SESSION] < 0) {
        gw_diags_add(d, GW_ERROR, name, line, 0,
                     "表头要有“标题”列或“会议”列（用来确定答复函的标题）");
        missing = 1;
    }
    if (missing) {
        p->state = 2;
        return;
    }
    /* Columns that print in the letter: say once that they are absent. */
    static const gw_reply_col shown[] = {GW_RC_PROPOSER, GW_RC_RESULT,  GW_RC_HANDLER,
                                         GW_RC_SIGNER,   GW_RC_CONTACT, GW_RC_PHONE,
                                         GW_RC_DISCLOSURE, GW_RC_DATE,  GW_RC_DOCNUMBER};
    for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++)
        if (l->col[shown[i]] < 0)
            gw_diags_add(d, GW_WARNING, name, line, 0,
                         "表头没有“%s”列：正文未写明时，各答复函的这一项显示%s",
                         S_col_names[shown[i]], S_PENDING);
    p->state = 1;
}

static void S_lp_row(S_lparse *p, int line, int bad, int bad_line, int bad_col)
{
    gw_reply_list *l = p->l;
    if (l->nrows == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->rows = gw_xrealloc(l->rows, l->cap * sizeof *l->rows);
        l->voff = gw_xrealloc(l->voff, l->cap * GW_RC_MAX * sizeof *l->voff);
        l->pos = gw_xrealloc(l->pos, l->cap * GW_RC_MAX * 2 * sizeof *l->pos);
    }
    size_t row = l->nrows++;
    l->rows[row] = (S_rowinfo){line, bad, bad_line, bad_col};
    for (int c = 0; c < GW_RC_MAX; c++) {
        int ci = l->col[c];
        const S_lcell *cell = ci >= 0 && (size_t)ci < p->n ? &p->rec[ci] : NULL;
        int *pc = &l->pos[(row * GW_RC_MAX + (size_t)c) * 2];
        if (!cell || cell->blank) {
            l->voff[row * GW_RC_MAX + (size_t)c] = 0; /* vals starts with "" */
        } else {
            l->voff[row * GW_RC_MAX + (size_t)c] = l->vals.len;
            gw_buf_puts(&l->vals, p->cells.ptr + cell->off);
            gw_buf_putc(&l->vals, '\0');
        }
        pc[0] = cell ? cell->line : line;
        pc[1] = cell ? cell->col : 0;
    }
    if (p->n > p->hdr_n) {
        const S_lcell *extra = &p->rec[p->hdr_n];
        int nonempty = 0;
        for (size_t k = p->hdr_n; k < p->n; k++)
            nonempty |= !p->rec[k].blank;
        if (nonempty)
            gw_diags_add(p->ld, GW_WARNING, p->name, extra->line, extra->col,
                         "这一行有 %zu 格，比表头多 %zu 格；多出的格不使用", p->n, p->n - p->hdr_n);
    }
}

static void S_lp_end(S_csv_sink *k, int line, int bad, int bad_line, int bad_col)
{
    S_lparse *p = (S_lparse *)k;
    if (p->state == 0 && !S_lp_blank(p))
        S_lp_header(p, line, bad, bad_line, bad_col);
    else if (p->state == 1 && (bad || !S_lp_blank(p)))
        S_lp_row(p, line, bad, bad_line, bad_col);
    p->n = 0;
    gw_buf_clear(&p->cells);
}

static char *S_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return gw_xstrdup(".");
    if (slash == path)
        return gw_xstrdup("/");
    return gw_xstrndup(path, (size_t)(slash - path));
}

gw_reply_list *gw_reply_list_parse(const char *name, const char *bytes, size_t len, gw_diags *d)
{
    if (!name)
        name = "<list>";
    gw_buf text = {0};
    const char *enc = gw_source_decode(name, bytes, len, &text, d);
    if (!enc) {
        gw_buf_free(&text);
        return NULL;
    }
    gw_reply_list *l = gw_xcalloc(1, sizeof *l);
    l->name = gw_xstrdup(name);
    l->dir = S_dirname(name);
    l->encoding = enc;
    for (int c = 0; c < GW_RC_MAX; c++)
        l->col[c] = -1;
    gw_buf_put(&l->vals, "", 1); /* offset 0: the empty value */
    /* The reader's warnings go out first, then the list's own diagnostics;
     * the error of a damaged record is reported by gw_reply_model (or by
     * S_lp_header, for the header). */
    gw_diags *cd = gw_diags_new();
    S_lparse p;
    memset(&p, 0, sizeof p);
    p.k.cell = S_lp_cell;
    p.k.end = S_lp_end;
    p.l = l;
    p.name = name;
    p.ld = gw_diags_new();
    S_csv_scan(name, text.ptr ? text.ptr : "", text.len, cd, &p.k);
    gw_buf_free(&text);
    free(p.rec);
    gw_buf_free(&p.cells);
    for (size_t i = 0; i < gw_diags_count(cd); i++) {
        const gw_diag *g = gw_diags_get(cd, i);
        if (g->sev != GW_ERROR)
            gw_diags_add(d, g->sev, g->file, g->line, g->col, "%s", g->msg);
    }
    gw_diags_free(cd);
    if (p.state == 0)
        gw_diags_add(p.ld, GW_ERROR, name, 0, 0,
                     "答复清单是空的：第一行应是表头（编号,类别,会议,提出人,标题,…,正文）");
    gw_diags_move(d, p.ld);
    gw_diags_free(p.ld);
    if (p.state != 1) {
        gw_reply_list_free(l);
        return NULL;
    }
    /* give back the slack of the growth */
    if (l->nrows && l->nrows < l->cap) {
        l->rows = gw_xrealloc(l->rows, l->nrows * sizeof *l->rows);
        l->voff = gw_xrealloc(l->voff, l->nrows * GW_RC_MAX * sizeof *l->voff);
        l->pos = gw_xrealloc(l->pos, l->nrows * GW_RC_MAX * 2 * sizeof *l->pos);
        l->cap = l->nrows;
    }
    if (l->vals.cap > l->vals.len + 1) {
        l->vals.ptr = gw_xrealloc(l->vals.ptr, l->vals.len + 1);
        l->vals.cap = l->vals.len + 1;
    }
    return l;
}

void gw_reply_list_free(gw_reply_list *l)
{
    if (!l)
        return;
    free(l->rows);
    free(l->voff);
    free(l->pos);
    gw_buf_free(&l->vals);
    free(l->name);
    free(l->dir);
    free(l);
}

const char *gw_reply_list_encoding(const gw_reply_list *l)
{
    return l ? l->encoding : NULL;
}

size_t gw_reply_list_count(const gw_reply_list *l)
{
    return l ? l->nrows : 0;
}

int gw_reply_list_line(const gw_reply_list *l, size_t row)
{
    return l && row < l->nrows ? l->rows[row].line : 0;
}

int gw_reply_list_bad(const gw_reply_list *l, size_t row)
{
    return l && row < l->nrows ? l->rows[row].bad : 0;
}

const char *gw_reply_list_get(const gw_reply_list *l, size_t row, gw_reply_col c)
{
    if (!l || row >= l->nrows || c >= GW_RC_MAX)
        return "";
    return l->vals.ptr + l->voff[row * GW_RC_MAX + c];
}

void gw_reply_list_pos(const gw_reply_list *l, size_t row, gw_reply_col c, int *line, int *col)
{
    *line = gw_reply_list_line(l, row);
    *col = 0;
    if (!l || row >= l->nrows || c >= GW_RC_MAX || l->col[c] < 0)
        return;
    if (!l->pos)
        return;
    const int *pc = &l->pos[(row * GW_RC_MAX + c) * 2];
    if (pc[1] > 0) {
        *line = pc[0];
        *col = pc[1];
    }
}

int gw_reply_list_has(const gw_reply_list *l, gw_reply_col c)
{
    return l && c < GW_RC_MAX && l->col[c] >= 0;
}

/* ------------------------------------------------------------------------ */
/* One reply model                                                          */

/* The body path as written in the cell, with \ turned into /.  Caller frees. */
static char *S_body_rel(const gw_reply_list *l, size_t row)
{
    char *p = gw_xstrdup(gw_reply_list_get(l, row, GW_RC_BODY));
    for (char *s = p; *s; s++)
        if (*s == '\\')
            *s = '/';
    return p;
}

char *gw_reply_list_body_path(const gw_reply_list *l, size_t row)
{
    char *rel = S_body_rel(l, row);
    if (!rel[0] || rel[0] == '/' || strcmp(l->dir, ".") == 0)
        return rel;
    char *p = gw_xasprintf("%s/%s", l->dir, rel);
    free(rel);
    return p;
}

static void S_drop_all(xmlNodePtr parent, const char *name)
{
    xmlNodePtr c = gw_model_first(parent, name);
    while (c) {
        xmlNodePtr next = gw_model_next(c, name);
        xmlUnlinkNode(c);
        xmlFreeNode(c);
        c = next;
    }
}

/* 1 when parent has a child element name with some text. */
static int S_has_text(xmlNodePtr parent, const char *name)
{
    xmlNodePtr n = gw_model_first(parent, name);
    char *t = gw_model_text(n);
    int yes = t && *t;
    free(t);
    return yes;
}

/* A 标题 cell that is already the letter's title. */
static int S_is_reply_title(const char *s)
{
    return strstr(s, "答复") || strstr(s, "复函") || strstr(s, "办理意见") ||
           strstr(s, "会办意见");
}

/* One row being built.  Warnings about its cells are collected per column
 * and emitted in column order, so they read left to right like the row. */
typedef struct S_row {
    const gw_reply_list *l;
    size_t row;
    const char *label;         /* "第0017号提案" for messages */
    char *pending[GW_RC_MAX];  /* one warning per column (owned) */
} S_row;

static void S_row_warn(S_row *r, gw_reply_col c, const char *fmt, ...) GW_PRINTF(3, 4);
static void S_row_warn(S_row *r, gw_reply_col c, const char *fmt, ...)
{
    if (r->pending[c])
        return;
    gw_buf b = {0};
    gw_buf_printf(&b, "%s：", r->label);
    va_list ap;
    va_start(ap, fmt);
    gw_buf_vprintf(&b, fmt, ap);
    va_end(ap);
    r->pending[c] = gw_buf_detach(&b);
}

/* A value the letter prints is missing: the renderer shows 【待补】. */
static void S_row_missing(S_row *r, gw_reply_col c, const char *what)
{
    if (gw_reply_list_has(r->l, c)) /* else said once, at the header */
        S_row_warn(r, c, "“%s”为空，%s显示%s", S_col_names[c], what, S_PENDING);
}

static void S_row_flush(S_row *r, gw_diags *d)
{
    for (int c = 0; c < GW_RC_MAX; c++) {
        if (!r->pending[c])
            continue;
        int line, col;
        gw_reply_list_pos(r->l, r->row, (gw_reply_col)c, &line, &col);
        gw_diags_add(d, GW_WARNING, r->l->name, line, col, "%s", r->pending[c]);
        free(r->pending[c]);
        r->pending[c] = NULL;
    }
}

/* The reply fields: the row's cells, else what extraction read from the
 * body's own title and salutation. */
static void S_reply_fields(gw_model *m, const S_row *r, const char *category, const char *result)
{
    xmlNodePtr root = gw_model_root(m);
    char *old[GW_RC_MAX] = {0};
    xmlNodePtr reply = gw_model_first(root, "reply");
    for (xmlNodePtr f = gw_model_first(reply, "field"); f; f = gw_model_next(f, "field")) {
        char *fname = gw_model_attr(f, "name");
        for (int c = 0; fname && c < GW_RC_MAX; c++)
            if (S_col_field[c] && strcmp(S_col_field[c], fname) == 0 && !old[c])
                old[c] = gw_model_text(f);
        free(fname);
    }
    S_drop_all(root, "reply");
    reply = gw_model_child(m, root, "reply", 1);
    static const gw_reply_col order[] = {
        GW_RC_CATEGORY, GW_RC_NUMBER,  GW_RC_SESSION,   GW_RC_PROPOSER,
        GW_RC_SUBJECT,  GW_RC_RESULT,  GW_RC_HANDLER,   GW_RC_COHANDLER,
        GW_RC_SIGNER,   GW_RC_CONTACT, GW_RC_PHONE,     GW_RC_DISCLOSURE};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        gw_reply_col c = order[i];
        const char *v = gw_reply_list_get(r->l, r->row, c);
        if (c == GW_RC_CATEGORY)
            v = category;
        else if (c == GW_RC_RESULT)
            v = result;
        else if (c == GW_RC_SUBJECT && S_is_reply_title(v))
            v = ""; /* the letter's title, not the proposal's */
        if (!*v)
            v = old[c] ? old[c] : "";
        if (*v) {
            xmlNodePtr f = gw_model_add(m, reply, "field", v, 0, 0);
            gw_model_set_attr(f, "name", S_col_field[c]);
        }
    }
    for (int c = 0; c < GW_RC_MAX; c++)
        free(old[c]);
}

gw_model *gw_reply_model(const gw_reply_list *l, size_t row, gw_diags *d)
{
    if (!l || row >= l->nrows)
        return NULL;
    const char *name = l->name;
    int line = gw_reply_list_line(l, row);
    if (gw_reply_list_bad(l, row)) {
        const S_rowinfo *rec = &l->rows[row];
        gw_diags_add(d, GW_ERROR, name, rec->bad_line, rec->bad_col,
                     "引号没有闭合：从这里到文件末尾都成了一个单元格，请检查这一格的引号"
                     "（格内的引号要写成两个 \"\"）；未生成答复函");
        return NULL;
    }
    const char *number = gw_reply_list_get(l, row, GW_RC_NUMBER);
    const char *cat_raw = gw_reply_list_get(l, row, GW_RC_CATEGORY);
    const char *session = gw_reply_list_get(l, row, GW_RC_SESSION);
    const char *subject = gw_reply_list_get(l, row, GW_RC_SUBJECT);
    const char *body = gw_reply_list_get(l, row, GW_RC_BODY);
    const char *category = gw_reply_category(cat_raw);
    int bad = 0, pl, pc;
    if (!*number) {
        gw_reply_list_pos(l, row, GW_RC_NUMBER, &pl, &pc);
        gw_diags_add(d, GW_ERROR, name, pl, pc, "“编号”为空，未生成答复函");
        bad = 1;
    }
    if (!*cat_raw) {
        gw_reply_list_pos(l, row, GW_RC_CATEGORY, &pl, &pc);
        gw_diags_add(d, GW_ERROR, name, pl, pc, "“类别”为空（应为建议、提案或议案），未生成答复函");
        bad = 1;
    } else if (!category) {
        gw_reply_list_pos(l, row, GW_RC_CATEGORY, &pl, &pc);
        gw_diags_add(d, GW_ERROR, name, pl, pc, "“类别”是“%s”，应为建议、提案或议案；未生成答复函",
                     cat_raw);
        bad = 1;
    }
    if (!*subject && !*session) {
        gw_diags_add(d, GW_ERROR, name, line, 0,
                     "“标题”和“会议”都为空，无法确定答复函的标题；未生成答复函");
        bad = 1;
    }
    if (!*body) {
        gw_reply_list_pos(l, row, GW_RC_BODY, &pl, &pc);
        gw_diags_add(d, GW_ERROR, name, pl, pc, "“正文”为空（应为正文文件 .txt 或 .md 的路径），未生成答复函");
        bad = 1;
    } else if (!gw_is_draft_name(body)) {
        gw_reply_list_pos(l, row, GW_RC_BODY, &pl, &pc);
        gw_diags_add(d, GW_ERROR, name, pl, pc, "正文文件“%s”不是 .txt 或 .md 文件，未生成答复函", body);
        bad = 1;
    }
    if (bad)
        return NULL;

    /* the body */
    char *path = gw_reply_list_body_path(l, row);
    gw_diags *bd = gw_diags_new();
    gw_source *src = gw_source_load(path, GW_FMT_AUTO, bd);
    gw_model *m = NULL;
    if (src) {
        gw_extract_opts eo = {"reply"};
        m = gw_extract(src, &eo, bd);
    }
    /* Errors about the body become errors of the row (list.csv:17); notes
     * and warnings keep pointing into the body file. */
    gw_reply_list_pos(l, row, GW_RC_BODY, &pl, &pc);
    for (size_t i = 0; i < gw_diags_count(bd); i++) {
        const gw_diag *g = gw_diags_get(bd, i);
        if (g->sev == GW_ERROR) {
            char where[32] = "";
            if (g->line)
                snprintf(where, sizeof where, "第%d行", g->line);
            gw_diags_add(d, GW_ERROR, name, pl, pc, "正文文件“%s”%s：%s；未生成答复函", body,
                         where, g->msg);
        } else
            gw_diags_add(d, g->sev, g->file, g->line, g->col, "%s", g->msg);
    }
    gw_diags_free(bd);
    gw_source_free(src);
    free(path);
    if (!m)
        return NULL;
    xmlNodePtr root = gw_model_root(m);
    xmlNodePtr bnode = gw_model_first(root, "body");
    int has_body = 0;
    for (xmlNodePtr c = bnode ? bnode->children : NULL; c; c = c->next)
        has_body |= c->type == XML_ELEMENT_NODE;
    if (!has_body) {
        gw_diags_add(d, GW_ERROR, name, pl, pc, "正文文件“%s”没有正文内容，未生成答复函", body);
        gw_model_free(m);
        return NULL;
    }

    gw_model_set_kind(m, "reply");
    char *rel = S_body_rel(l, row);
    gw_model_set_attr(root, "source", rel); /* the same for a UTF-8 and a GBK list */
    free(rel);
    char *label = gw_xasprintf("第%s号%s", number, category);
    S_row r = {l, row, label, {0}};

    /* 标题 */
    if (S_is_reply_title(subject)) {
        S_drop_all(root, "title");
        gw_model_add(m, root, "title", subject, 0, 0);
    } else if (*session) {
        char *t = gw_xasprintf("关于对%s第%s号%s的答复", session, number, category);
        S_drop_all(root, "title");
        gw_model_add(m, root, "title", t, 0, 0);
        free(t);
    } else if (!S_has_text(root, "title")) {
        S_drop_all(root, "title");
        S_row_warn(&r, gw_reply_list_has(l, GW_RC_SESSION) ? GW_RC_SESSION : GW_RC_SUBJECT,
                   "“会议”为空，“标题”也不是答复函的标题（关于对…的答复），"
                   "无法组成标题，标题显示%s",
                   S_PENDING);
    }

    /* 称呼 (主送) */
    const char *proposer = gw_reply_list_get(l, row, GW_RC_PROPOSER);
    char *sal = gw_reply_salutation(category, proposer);
    if (sal) {
        S_drop_all(root, "recipients");
        xmlNodePtr rn = gw_model_add(m, root, "recipients", NULL, 0, 0);
        gw_model_set_attr(rn, "text", sal);
        gw_model_add(m, rn, "recipient", sal, 0, 0);
        free(sal);
    } else if (!gw_model_first(root, "recipients")) {
        S_row_missing(&r, GW_RC_PROPOSER, "称呼");
    }

    /* 发文字号 */
    const char *docnum = gw_reply_list_get(l, row, GW_RC_DOCNUMBER);
    xmlNodePtr head = gw_model_first(root, "head");
    if (*docnum) {
        head = gw_model_child(m, root, "head", 1);
        S_drop_all(head, "doc-number");
        gw_model_add(m, head, "doc-number", docnum, 0, 0);
    } else if (!S_has_text(head, "doc-number")) {
        S_row_missing(&r, GW_RC_DOCNUMBER, "发文字号");
    }

    /* 署名 and 发文机关标志: the 承办单位 writes the reply */
    const char *handler = gw_reply_list_get(l, row, GW_RC_HANDLER);
    if (*handler) {
        S_drop_all(root, "signature");
        gw_model_add(m, root, "signature", handler, 0, 0);
        if (!S_has_text(head, "issuer-mark")) {
            head = gw_model_child(m, root, "head", 1);
            S_drop_all(head, "issuer-mark");
            gw_model_add(m, head, "issuer-mark", handler, 0, 0);
        }
    } else if (!S_has_text(root, "signature") || !S_has_text(head, "issuer-mark")) {
        S_row_missing(&r, GW_RC_HANDLER, "发文机关标志和署名");
    }

    /* 成文日期 */
    const char *date = gw_reply_list_get(l, row, GW_RC_DATE);
    char dv[11], dt[32];
    if (*date && gw_reply_date(date, dv, dt) == 0) {
        S_drop_all(root, "date");
        xmlNodePtr dn = gw_model_add(m, root, "date", dt, 0, 0);
        gw_model_set_attr(dn, "value", dv);
    } else if (*date) {
        int keep = S_has_text(root, "date");
        S_row_warn(&r, GW_RC_DATE,
                   "“成文日期”是“%s”，不是有效日期（可写 2025-07-17、2025/7/17 或 "
                   "2025年7月17日）；%s",
                   date, keep ? "沿用正文文件中的日期" : "成文日期显示" S_PENDING);
    } else if (!S_has_text(root, "date")) {
        S_row_missing(&r, GW_RC_DATE, "成文日期");
    }

    /* 抄送 (optional: no warning when absent) */
    const char *cc = gw_reply_list_get(l, row, GW_RC_CC);
    if (*cc) {
        xmlNodePtr col = gw_model_child(m, root, "colophon", 1);
        S_drop_all(col, "cc");
        gw_model_add(m, col, "cc", cc, 0, 0);
    }

    /* <reply> fields */
    const char *result_raw = gw_reply_list_get(l, row, GW_RC_RESULT);
    const char *result = gw_reply_result(result_raw);
    if (*result_raw && (strlen(result) != 1 || result[0] < 'A' || result[0] > 'D')) {
        S_row_warn(&r, GW_RC_RESULT, "“办理结果”是“%s”，不是 A、B、C、D 之一；照原样使用",
                   result_raw);
    }
    S_reply_fields(m, &r, category, result);
    xmlNodePtr reply = gw_model_first(root, "reply");
    static const struct {
        const char *field;
        gw_reply_col col;
        const char *what;
    } shown[] = {
        {"result", GW_RC_RESULT, "办理结果（A/B/C/D）"},
        {"signer", GW_RC_SIGNER, NULL},
        {"contact", GW_RC_CONTACT, "联系人"},
        {"phone", GW_RC_PHONE, "联系电话"},
        {"disclosure", GW_RC_DISCLOSURE, "公开属性"},
    };
    for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++) {
        int have = 0;
        for (xmlNodePtr f = gw_model_first(reply, "field"); f && !have; f = gw_model_next(f, "field")) {
            char *fname = gw_model_attr(f, "name");
            have = fname && strcmp(fname, shown[i].field) == 0;
            free(fname);
        }
        if (have)
            continue;
        if (shown[i].what)
            S_row_missing(&r, shown[i].col, shown[i].what);
        else if (gw_reply_list_has(l, shown[i].col)) /* recorded, not printed on the letter */
            S_row_warn(&r, shown[i].col, "“%s”为空（答复须经承办单位负责人签发）",
                       S_col_names[shown[i].col]);
    }
    S_row_flush(&r, d);
    free(label);
    return m;
}

/* ------------------------------------------------------------------------ */
/* The summary                                                              */

typedef struct S_count {
    const char *name; /* borrowed from the list, or a static string */
    size_t n;
} S_count;

typedef struct S_counts {
    S_count *v;
    size_t n, cap;
} S_counts;

static void S_count_add(S_counts *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++) {
        if (strcmp(c->v[i].name, name) == 0) {
            c->v[i].n++;
            return;
        }
    }
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->v = gw_xrealloc(c->v, c->cap * sizeof *c->v);
    }
    c->v[c->n].name = name;
    c->v[c->n++].n = 1;
}

static const char S_unfilled[] = "未填写";

/* Count desc, then name; 未填写 last. */
static int S_count_cmp(const void *a, const void *b)
{
    const S_count *x = a, *y = b;
    int ux = x->name == S_unfilled, uy = y->name == S_unfilled;
    if (ux != uy)
        return ux - uy;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return strcmp(x->name, y->name);
}

static size_t S_pct(size_t n, size_t total)
{
    return total ? (n * 200 + total) / (2 * total) : 0;
}

static void S_put_count(gw_buf *b, const char *name, const char *suffix, size_t n, size_t total)
{
    if (b->len)
        gw_buf_puts(b, "；");
    gw_buf_printf(b, "%s%s%zu件，占%zu%%", name, suffix, n, S_pct(n, total));
}

static void S_add_row(gw_model *m, xmlNodePtr table, int header, const char *const *cells,
                      size_t n)
{
    xmlNodePtr row = gw_model_add(m, table, "row", NULL, 0, 0);
    if (header)
        gw_model_set_attr(row, "header", "1");
    for (size_t i = 0; i < n; i++)
        gw_model_add(m, row, "cell", cells[i] ? cells[i] : "", 0, 0);
}

/* The 答复清单's data rows for gw_render_docx: row r is list row idx[r]. */
typedef struct S_listrows {
    const gw_reply_list *l;
    int withcat;
    size_t idx[];
} S_listrows;

static const char *S_listrow_cell(void *ctx, size_t r, size_t c)
{
    const S_listrows *lr = ctx;
    size_t i = lr->idx[r];
    switch (c + !lr->withcat) {
    case 0: return gw_reply_category(gw_reply_list_get(lr->l, i, GW_RC_CATEGORY));
    case 1: return gw_reply_list_get(lr->l, i, GW_RC_NUMBER);
    case 2: return gw_reply_list_get(lr->l, i, GW_RC_PROPOSER);
    case 3: return gw_reply_list_get(lr->l, i, GW_RC_SUBJECT);
    case 4: return gw_reply_result(gw_reply_list_get(lr->l, i, GW_RC_RESULT));
    default: return gw_reply_list_get(lr->l, i, GW_RC_HANDLER);
    }
}

gw_model *gw_reply_summary(const gw_reply_list *l, const int *made, const char *const *reasons,
                           gw_rowsrc *rows)
{
    if (rows)
        memset(rows, 0, sizeof *rows);
    static const char *const cats[] = {"议案", "建议", "提案"};
    size_t ncat[3] = {0}, total = 0, failed = 0;
    size_t n = gw_reply_list_count(l);
    const char *session = NULL;
    int same_session = 1;
    for (size_t i = 0; i < n; i++) {
        if (!made[i]) {
            failed++;
            continue;
        }
        total++;
        const char *cat = gw_reply_category(gw_reply_list_get(l, i, GW_RC_CATEGORY));
        for (int k = 0; k < 3; k++)
            if (cat && strcmp(cat, cats[k]) == 0)
                ncat[k]++;
        const char *s = gw_reply_list_get(l, i, GW_RC_SESSION);
        if (!session)
            session = s;
        else if (strcmp(session, s) != 0)
            same_session = 0;
    }
    int kinds = (ncat[0] > 0) + (ncat[1] > 0) + (ncat[2] > 0);

    gw_model *m = gw_model_new("plan", NULL);
    xmlNodePtr root = gw_model_root(m);
    gw_buf b = {0};
    if (session && *session && same_session)
        gw_buf_puts(&b, session);
    for (int k = 0; k < 3; k++)
        if (ncat[k])
            gw_buf_puts(&b, cats[k]);
    if (!kinds)
        gw_buf_puts(&b, "建议提案");
    gw_buf_puts(&b, "办理情况汇总");
    gw_model_add(m, root, "title", b.ptr, 0, 0);
    gw_buf_clear(&b);

    xmlNodePtr body = gw_model_first(root, "body");
    if (failed)
        gw_buf_printf(&b,
                      "清单共%zu件，已生成答复函%zu件，未生成%zu件（见“四、未生成的答复函”）；"
                      "以下统计只计已生成的%zu件。",
                      total + failed, total, failed, total);
    gw_buf_printf(&b, "本批共答复%s%zu件", kinds == 1 ? cats[ncat[0] ? 0 : ncat[1] ? 1 : 2] : "",
                  total);
    if (kinds > 1) {
        gw_buf_puts(&b, "，其中");
        int first = 1;
        for (int k = 0; k < 3; k++) {
            if (!ncat[k])
                continue;
            gw_buf_printf(&b, "%s%s%zu件", first ? "" : "、", cats[k], ncat[k]);
            first = 0;
        }
    }
    gw_buf_puts(&b, "。");
    gw_model_add(m, body, "p", b.ptr, 0, 0);
    gw_buf_clear(&b);

    /* 一、办理结果 */
    xmlNodePtr h = gw_model_add(m, body, "heading", "一、按办理结果统计", 0, 0);
    gw_model_set_attr(h, "level", "1");
    gw_model_set_attr(h, "label", "一、");
    S_counts res = {0};
    static const char *const abcd[] = {"A", "B", "C", "D"};
    for (int k = 0; k < 4; k++) {
        S_count_add(&res, abcd[k]);
        res.v[k].n = 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (!made[i])
            continue;
        const char *rv = gw_reply_result(gw_reply_list_get(l, i, GW_RC_RESULT));
        S_count_add(&res, *rv ? rv : S_unfilled);
    }
    if (res.n > 4)
        qsort(res.v + 4, res.n - 4, sizeof *res.v, S_count_cmp);
    for (size_t k = 0; k < res.n; k++)
        S_put_count(&b, res.v[k].name, k < 4 ? "类" : "", res.v[k].n, total);
    gw_buf_puts(&b, "。");
    gw_model_add(m, body, "p", b.ptr, 0, 0);
    gw_buf_clear(&b);
    free(res.v);

    /* 二、承办单位 */
    h = gw_model_add(m, body, "heading", "二、按承办单位统计", 0, 0);
    gw_model_set_attr(h, "level", "1");
    gw_model_set_attr(h, "label", "二、");
    S_counts units = {0};
    for (size_t i = 0; i < n; i++) {
        if (!made[i])
            continue;
        const char *u = gw_reply_list_get(l, i, GW_RC_HANDLER);
        S_count_add(&units, *u ? u : S_unfilled);
    }
    if (units.n)
        qsort(units.v, units.n, sizeof *units.v, S_count_cmp);
    for (size_t k = 0; k < units.n; k++)
        S_put_count(&b, units.v[k].name, "", units.v[k].n, total);
    gw_buf_puts(&b, units.n ? "。" : "无。");
    gw_model_add(m, body, "p", b.ptr, 0, 0);
    gw_buf_clear(&b);
    free(units.v);

    /* 三、答复清单 */
    h = gw_model_add(m, body, "heading", "三、答复清单", 0, 0);
    gw_model_set_attr(h, "level", "1");
    gw_model_set_attr(h, "label", "三、");
    if (total) {
        xmlNodePtr table = gw_model_add(m, body, "table", NULL, 0, 0);
        int withcat = kinds > 1;
        const char *hdr[] = {"类别", "编号", "提出人", "标题", "办理结果", "承办单位"};
        size_t ncols = 6 - (size_t)!withcat;
        S_add_row(m, table, 1, hdr + !withcat, ncols);
        S_listrows *lr = gw_xmalloc(sizeof *lr + total * sizeof lr->idx[0]);
        lr->l = l;
        lr->withcat = withcat;
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (made[i])
                lr->idx[k++] = i;
        if (rows) {
            *rows = (gw_rowsrc){table, total, ncols, S_listrow_cell, lr};
        } else {
            const char *cells[6];
            for (size_t r = 0; r < total; r++) {
                for (size_t c = 0; c < ncols; c++)
                    cells[c] = S_listrow_cell(lr, r, c);
                S_add_row(m, table, 0, cells, ncols);
            }
            free(lr);
        }
    } else {
        gw_model_add(m, body, "p", "没有生成任何答复函。", 0, 0);
    }

    /* 四、未生成 */
    if (failed) {
        h = gw_model_add(m, body, "heading", "四、未生成的答复函", 0, 0);
        gw_model_set_attr(h, "level", "1");
        gw_model_set_attr(h, "label", "四、");
        xmlNodePtr table = gw_model_add(m, body, "table", NULL, 0, 0);
        const char *hdr[] = {"清单行号", "类别", "编号", "原因"};
        S_add_row(m, table, 1, hdr, 4);
        for (size_t i = 0; i < n; i++) {
            if (made[i])
                continue;
            char lbuf[24];
            snprintf(lbuf, sizeof lbuf, "%d", gw_reply_list_line(l, i));
            const char *cat = gw_reply_category(gw_reply_list_get(l, i, GW_RC_CATEGORY));
            const char *cells[4] = {lbuf, cat ? cat : gw_reply_list_get(l, i, GW_RC_CATEGORY),
                                    gw_reply_list_get(l, i, GW_RC_NUMBER),
                                    reasons && reasons[i] ? reasons[i] : ""};
            S_add_row(m, table, 0, cells, 4);
        }
    }
    gw_buf_free(&b);
    return m;
}

/* ------------------------------------------------------------------------ */
/* The batch                                                                */

/* mkdir -p */
static int S_mkdir_p(const char *dir, gw_diags *d)
{
    char *p = gw_xstrdup(dir);
    size_t n = strlen(p);
    for (size_t i = 1; i <= n; i++) {
        if (p[i] != '/' && p[i] != '\0')
            continue;
        char save = p[i];
        p[i] = '\0';
        struct stat st;
        if (stat(p, &st) != 0) {
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                gw_diags_add(d, GW_ERROR, p, 0, 0, "无法创建文件夹：%s", strerror(errno));
                free(p);
                return -1;
            }
        } else if (!S_ISDIR(st.st_mode)) {
            gw_diags_add(d, GW_ERROR, p, 0, 0, "不是文件夹，无法在其中写入答复函");
            free(p);
            return -1;
        }
        p[i] = save;
    }
    free(p);
    return 0;
}

/* A set of file names (open addressing; names are borrowed). */
typedef struct S_names {
    const char **v;
    int *row;
    size_t cap;
} S_names;

static size_t S_hash(const char *s)
{
    size_t h = 1469598103934665603ULL & (size_t)-1;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * (size_t)1099511628211ULL;
    return h;
}

/* Adds name for row; returns the row that had it already, or -1. */
static int S_names_add(S_names *t, const char *name, int row)
{
    size_t i = S_hash(name) & (t->cap - 1);
    while (t->v[i]) {
        if (strcmp(t->v[i], name) == 0)
            return t->row[i];
        i = (i + 1) & (t->cap - 1);
    }
    t->v[i] = name;
    t->row[i] = row;
    return -1;
}

static double S_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void S_progress(gw_progress mode, size_t i, size_t n, const char *what, int ok, double t0)
{
    if (mode == GW_PROGRESS_LINES) {
        fprintf(stderr, "[%zu/%zu] %s%s\n", i, n, what, ok ? "" : "（未生成）");
    } else if (mode == GW_PROGRESS_BAR) {
        double el = S_now() - t0;
        double rate = el > 0 ? (double)i / el : 0;
        double left = rate > 0 ? (double)(n - i) / rate : 0;
        int width = 30, fill = n ? (int)((double)width * (double)i / (double)n) : width;
        fprintf(stderr, "\r[%.*s%*s] %zu/%zu  %.0f/s  剩余 %.0fs ", fill,
                "##############################", width - fill, "", i, n, rate, left);
        if (i == n)
            fputc('\n', stderr);
    }
}

/* Moves the diagnostics of one row into d: those about the row as a whole
 * (no line, or no file, or the body file without a line) get the row's CSV
 * line.  The renderer's "缺少…【待补】" warnings are dropped: gw_reply_model
 * has already warned about each value the letter lacks, with the CSV cell's
 * line:col and column name (or once, at the header, for an absent column),
 * covering every field the letter template requires. */
static void S_move_row_diags(gw_diags *d, gw_diags *rd, const char *list, const char *body,
                             int line)
{
    for (size_t i = 0; i < gw_diags_count(rd); i++) {
        const gw_diag *g = gw_diags_get(rd, i);
        int whole = g->line == 0 &&
                    (!g->file || strcmp(g->file, list) == 0 || (body && strcmp(g->file, body) == 0));
        if (whole && g->sev == GW_WARNING && body && g->file && strcmp(g->file, body) == 0 &&
            strstr(g->msg, S_PENDING))
            continue;
        if (whole)
            gw_diags_add(d, g->sev, list, line, 0, "%s", g->msg);
        else
            gw_diags_add(d, g->sev, g->file, g->line, g->col, "%s", g->msg);
    }
    gw_diags_clear(rd);
}

/* The first error message in rd, without the "未生成答复函" every row error
 * ends with, or "" (caller frees). */
static char *S_first_error(const gw_diags *rd)
{
    static const char *const tails[] = {"；未生成答复函", "，未生成答复函"};
    for (size_t i = 0; i < gw_diags_count(rd); i++) {
        const gw_diag *g = gw_diags_get(rd, i);
        if (g->sev != GW_ERROR)
            continue;
        char *m = gw_xstrdup(g->msg);
        for (size_t k = 0; k < sizeof tails / sizeof tails[0]; k++)
            if (S_ends(m, tails[k]))
                m[strlen(m) - strlen(tails[k])] = '\0';
        return m;
    }
    return gw_xstrdup("");
}

/* ---- the letters, on several threads ----
 *
 * Rows are made (model, validation, rendering in memory) by the calling
 * thread and up to S_MAXTHREADS - 1 workers, each with its own template
 * (a gw_template is not shared between threads), taking rows in order from
 * a shared counter.  The calling thread is also the coordinator: it writes
 * the finished letters in row order into an atomic batch (util.h:
 * gw_wbatch, one durable commit per S_COMMIT files instead of one fsync per
 * file), and once a batch is committed it reports those rows in order:
 * their diagnostics, progress and failures come out exactly as one thread
 * would have produced them.  Workers stay within S_WINDOW rows of the next
 * row to be written, which bounds the memory held by finished letters. */

#define S_COMMIT 256
#define S_WINDOW (2 * S_COMMIT)
#define S_MAXTHREADS 8
#define S_MINROWS 16 /* fewer rows: one thread (a template costs a few letters) */

typedef struct S_letter {
    gw_diags *rd; /* the row's diagnostics */
    gw_buf out;   /* the rendered letter, until it is written */
    char *body;   /* the body path as diagnostics name it */
    int skip;     /* a duplicate: diagnosed already, nothing to make */
    int ready;    /* made (under S_pool.lock) */
    int made;     /* set by the batch once the file is in place */
} S_letter;

typedef struct S_pool {
    const gw_replies_opts *o;
    const gw_reply_list *l;
    char **fnames;
    S_letter *rows;
    size_t n;
    size_t next;    /* the next row to make */
    size_t written; /* rows before this one are written (the window's base) */
    pthread_mutex_t lock;
    pthread_cond_t cond; /* a row became ready, or written moved on */
} S_pool;

static void S_letter_make(S_pool *p, gw_template *tpl, size_t i)
{
    S_letter *r = &p->rows[i];
    if (r->skip)
        return;
    gw_render_opts ro = {GW_KIND_REPLY, p->o->epoch, NULL};
    gw_model *m = gw_reply_model(p->l, i, r->rd);
    if (m && p->fnames[i] && gw_model_validate(m, r->body, r->rd) == 0 &&
        gw_render_docx(tpl, m, &ro, r->body, &r->out, r->rd) != 0)
        gw_buf_free(&r->out);
    gw_model_free(m);
    /* up to S_WINDOW letters wait here to be written: only their bytes */
    if (r->out.cap > r->out.len + 64) {
        r->out.ptr = gw_xrealloc(r->out.ptr, r->out.len + 1);
        r->out.cap = r->out.len + 1;
    }
}

/* Takes the next row within the window; n when there is none (wait: 1
 * blocks until there is one or all are taken). */
static size_t S_pool_take(S_pool *p, int wait)
{
    pthread_mutex_lock(&p->lock);
    while (wait && p->next < p->n && p->next >= p->written + S_WINDOW)
        pthread_cond_wait(&p->cond, &p->lock);
    size_t i = p->n;
    if (p->next < p->n && p->next < p->written + S_WINDOW)
        i = p->next++;
    pthread_mutex_unlock(&p->lock);
    return i;
}

static void S_pool_done(S_pool *p, size_t i)
{
    pthread_mutex_lock(&p->lock);
    p->rows[i].ready = 1;
    pthread_cond_broadcast(&p->cond);
    pthread_mutex_unlock(&p->lock);
}

static void *S_worker(void *arg)
{
    S_pool *p = arg;
    gw_diags *scratch = gw_diags_new();
    gw_template *tpl = p->o->template_path ? gw_template_load(p->o->template_path, scratch)
                                           : gw_template_builtin(GW_KIND_REPLY, scratch);
    gw_diags_free(scratch);
    for (size_t i; tpl && (i = S_pool_take(p, 1)) < p->n;) {
        S_letter_make(p, tpl, i);
        S_pool_done(p, i);
    }
    gw_template_free(tpl);
    gw_rules_thread_done();
    return NULL;
}

/* An interrupted run (kill -9) may have left the temporaries of its last
 * uncommitted letters: NAME.docx.tmpXXXXXX beside NAME.docx, with NAME one
 * of this list's letters or 汇总.  They are removed before the run. */
static void S_remove_stale(const char *outdir, const S_names *names)
{
    DIR *dp = opendir(outdir);
    if (!dp)
        return;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 4 + 6 || memcmp(e->d_name + len - 10, ".tmp", 4) != 0)
            continue;
        char *base = gw_xstrndup(e->d_name, len - 10);
        int ours = strcmp(base, "汇总.docx") == 0;
        for (size_t i = S_hash(base) & (names->cap - 1); !ours && names->v[i];
             i = (i + 1) & (names->cap - 1))
            ours = strcmp(names->v[i], base) == 0;
        if (ours) {
            char *path = gw_xasprintf("%s/%s", outdir, e->d_name);
            unlink(path);
            free(path);
        }
        free(base);
    }
    closedir(dp);
}

static int S_threads(size_t n)
{
    if (n < S_MINROWS)
        return 1;
    long c = sysconf(_SC_NPROCESSORS_ONLN);
    return c < 1 ? 1 : c > S_MAXTHREADS ? S_MAXTHREADS : (int)c;
}

/* Reports rows [from, to) in order: their fate, diagnostics and progress. */
static void S_report_rows(S_pool *p, gw_diags *d, int *made, char **reasons, size_t *failed,
                          size_t from, size_t to, double t0)
{
    const gw_replies_opts *o = p->o;
    for (size_t i = from; i < to; i++) {
        S_letter *r = &p->rows[i];
        int line = gw_reply_list_line(p->l, i);
        made[i] = r->made;
        if (!r->made) {
            (*failed)++;
            reasons[i] = S_first_error(r->rd);
        }
        S_move_row_diags(d, r->rd, o->list, r->body, line);
        gw_diags_free(r->rd);
        r->rd = NULL;
        free(r->body);
        r->body = NULL;
        char *shown = p->fnames[i] ? NULL : gw_xasprintf("第%d行", line);
        S_progress(o->progress, i + 1, p->n, p->fnames[i] ? p->fnames[i] : shown, r->made, t0);
        free(shown);
    }
}

/* Keeps only the values 汇总.docx needs (the letters are done): the other
 * columns read "" from here on, and the cell positions are gone. */
static void S_list_keep_summary(gw_reply_list *l)
{
    static const gw_reply_col keep[] = {GW_RC_NUMBER,  GW_RC_CATEGORY, GW_RC_SESSION, GW_RC_PROPOSER,
                                        GW_RC_SUBJECT, GW_RC_RESULT,   GW_RC_HANDLER};
    gw_buf v = {0};
    gw_buf_put(&v, "", 1);
    for (size_t r = 0; r < l->nrows; r++) {
        size_t *off = &l->voff[r * GW_RC_MAX];
        for (int c = 0; c < GW_RC_MAX; c++) {
            int kept = 0;
            for (size_t k = 0; k < sizeof keep / sizeof keep[0]; k++)
                kept |= keep[k] == (gw_reply_col)c;
            const char *s = l->vals.ptr + off[c];
            if (!kept || !*s) {
                off[c] = 0;
                continue;
            }
            off[c] = v.len;
            gw_buf_put(&v, s, strlen(s) + 1);
        }
    }
    gw_buf_free(&l->vals);
    if (v.cap > v.len + 1)
        v.ptr = gw_xrealloc(v.ptr, v.len + 1);
    v.cap = v.len + 1;
    l->vals = v;
    free(l->pos);
    l->pos = NULL;
}

int gw_replies(const gw_replies_opts *o, gw_diags *d)
{
    size_t errors_before = gw_diags_errors(d);
    gw_buf raw = {0};
    if (gw_read_file(o->list, &raw, d) != 0) {
        gw_buf_free(&raw);
        return -1;
    }
    gw_reply_list *l = gw_reply_list_parse(o->list, raw.ptr, raw.len, d);
    gw_buf_free(&raw);
    if (!l)
        return -1;
    if (S_mkdir_p(o->outdir, d) != 0) {
        gw_reply_list_free(l);
        return -1;
    }
    gw_template *tpl = o->template_path ? gw_template_load(o->template_path, d)
                                        : gw_template_builtin(GW_KIND_REPLY, d);
    if (!tpl) {
        gw_reply_list_free(l);
        return -1;
    }
    size_t n = gw_reply_list_count(l);
    if (n == 0)
        gw_diags_add(d, GW_WARNING, o->list, 0, 0, "答复清单只有表头，没有数据行");
    int *made = gw_xcalloc(n ? n : 1, sizeof *made);
    char **reasons = gw_xcalloc(n ? n : 1, sizeof *reasons);
    char **fnames = gw_xcalloc(n ? n : 1, sizeof *fnames);
    S_letter *rows = gw_xcalloc(n ? n : 1, sizeof *rows);
    S_names names = {0};
    names.cap = 16;
    while (names.cap < 2 * n)
        names.cap *= 2;
    names.v = gw_xcalloc(names.cap, sizeof *names.v);
    names.row = gw_xcalloc(names.cap, sizeof *names.row);
    size_t failed = 0;
    double t0 = S_now();

    /* file names and duplicates, in row order */
    for (size_t i = 0; i < n; i++) {
        S_letter *r = &rows[i];
        r->rd = gw_diags_new();
        r->body = gw_reply_list_body_path(l, i);
        const char *cat = gw_reply_category(gw_reply_list_get(l, i, GW_RC_CATEGORY));
        const char *num = gw_reply_list_get(l, i, GW_RC_NUMBER);
        if (cat && *num) {
            fnames[i] = gw_reply_filename(cat, num);
            int prev = S_names_add(&names, fnames[i], (int)i);
            if (prev >= 0) {
                gw_diags_add(r->rd, GW_ERROR, o->list, gw_reply_list_line(l, i), 0,
                             "%s-%s 与第%d行重复（输出文件 %s 相同），未生成答复函", cat, num,
                             gw_reply_list_line(l, (size_t)prev), fnames[i]);
                r->skip = 1;
            }
        }
    }
    S_remove_stale(o->outdir, &names);
    free(names.v);
    free(names.row);

    S_pool p;
    memset(&p, 0, sizeof p);
    p.o = o;
    p.l = l;
    p.fnames = fnames;
    p.rows = rows;
    p.n = n;
    pthread_mutex_init(&p.lock, NULL);
    pthread_cond_init(&p.cond, NULL);
    int nth = S_threads(n);
    pthread_t th[S_MAXTHREADS];
    int started = 0;
    if (nth > 1) {
        xmlInitParser(); /* libxml2 must be set up before threads use it */
        for (int k = 1; k < nth; k++)
            if (pthread_create(&th[started], NULL, S_worker, &p) == 0)
                started++;
    }

    /* Rows [reported, issued) are in the batch being committed on its own
     * thread (or made no letter), rows [issued, written) in the pending
     * batch; a row is reported once its batch is in place. */
    gw_wbatch *wb = gw_wbatch_new(S_COMMIT);
    size_t written = 0, reported = 0, issued = 0;
    while (reported < n) {
        /* the finished letters, in row order, into the pending batch */
        size_t before = written;
        int full = 0;
        for (;;) {
            pthread_mutex_lock(&p.lock);
            int ready = written < n && rows[written].ready;
            pthread_mutex_unlock(&p.lock);
            if (!ready)
                break;
            if (gw_wbatch_pending(wb) == S_COMMIT) {
                full = 1;
                break;
            }
            S_letter *r = &rows[written];
            if (r->out.len) {
                char *path = gw_xasprintf("%s/%s", o->outdir, fnames[written]);
                gw_wbatch_add(wb, path, r->out.ptr, r->out.len, &r->made, r->rd);
                free(path);
            }
            gw_buf_free(&r->out);
            written++;
        }
        if (written > before) {
            pthread_mutex_lock(&p.lock);
            p.written = written;
            pthread_cond_broadcast(&p.cond);
            pthread_mutex_unlock(&p.lock);
        }
        int last = written == n;
        if (full || last || (issued == reported && reported < written && gw_wbatch_pending(wb) == 0)) {
            if (full || last) {
                gw_wbatch_wait(wb); /* the previous batch is in place */
                S_report_rows(&p, d, made, reasons, &failed, reported, issued, t0);
                reported = issued;
                if (last)
                    gw_wbatch_commit(wb);
                else
                    gw_wbatch_commit_async(wb);
                issued = written;
                if (!last)
                    continue;
            }
            /* nothing in flight: what is written is settled */
            S_report_rows(&p, d, made, reasons, &failed, reported, written, t0);
            reported = issued = written;
            continue;
        }
        /* make a row here, or wait for the next one in order */
        size_t i = S_pool_take(&p, 0);
        if (i < n) {
            S_letter_make(&p, tpl, i);
            S_pool_done(&p, i);
            continue;
        }
        pthread_mutex_lock(&p.lock);
        while (!rows[written].ready)
            pthread_cond_wait(&p.cond, &p.lock);
        pthread_mutex_unlock(&p.lock);
    }
    for (int k = 0; k < started; k++)
        pthread_join(th[k], NULL);
    gw_wbatch_free(wb);
    pthread_cond_destroy(&p.cond);
    pthread_mutex_destroy(&p.lock);
    gw_template_free(tpl);
    free(rows);
    for (size_t i = 0; i < n; i++)
        free(fnames[i]);
    free(fnames);

    /* 汇总.docx */
    S_list_keep_summary(l);
#ifdef __GLIBC__
    /* The letters' memory is free now, much of it in the workers' arenas;
     * give it back before the summary, the largest single allocation. */
    malloc_trim(0);
#endif
    gw_diags *rd = gw_diags_new();
    gw_buf out = {0};
    int summary_ok = 0;
    gw_rowsrc listrows;
    gw_model *sm = gw_reply_summary(l, made, (const char *const *)reasons, &listrows);
    char *spath = gw_xasprintf("%s/汇总.docx", o->outdir);
    if (gw_model_validate(sm, spath, rd) == 0) {
        gw_template *pt = gw_template_builtin(GW_KIND_PLAN, rd);
        gw_render_opts po = {GW_KIND_PLAN, o->epoch, &listrows};
        if (pt && gw_render_docx(pt, sm, &po, spath, &out, rd) == 0) {
            gw_model_free(sm);
            sm = NULL;
            gw_template_free(pt);
            pt = NULL;
            if (gw_write_file_atomic(spath, out.ptr, out.len, rd) == 0)
                summary_ok = 1;
        }
        gw_template_free(pt);
    }
    gw_diags_move(d, rd);
    if (o->progress == GW_PROGRESS_LINES)
        fprintf(stderr, "%s %s\n", summary_ok ? "[汇总]" : "[汇总未生成]", spath);
    if (o->progress != GW_PROGRESS_NONE)
        fprintf(stderr, "gongwen replies: %zu 封答复函已生成，%zu 行未生成（共 %zu 行，%.2f 秒）\n",
                n - failed, failed, n, S_now() - t0);
    free(spath);
    gw_model_free(sm);
    free(listrows.ctx);
    gw_buf_free(&out);
    gw_diags_free(rd);
    for (size_t i = 0; i < n; i++)
        free(reasons[i]);
    free(reasons);
    free(made);
    gw_reply_list_free(l);
    return failed || !summary_ok || gw_diags_errors(d) > errors_before ? -1 : 0;
}
