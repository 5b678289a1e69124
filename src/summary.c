/*
 * summary.c — the task summary of one or more plans (gongwen summary), the
 * task list the summary, the ledger and the diff share, and the DOCX shell
 * that summary and diff documents are written in.
 *
 * The document.  Styles, fonts, settings and the portrait page (margins,
 * grid, odd/even page-number footers) come from the built-in plan template
 * (templates/plan.docx, built into the binary), whose parts are copied
 * raw; only the body is new:
 *
 *   portrait section (the template's own sectPr)
 *     标题 工作任务分解汇总, 副标题 the plans it is based on
 *     一、总体情况       counts
 *     二、任务统计       tasks per lead unit (table + bar chart), per month
 *                        (table + column chart), the units with most tasks
 *     三、按月完成时限   every task under the month it falls due
 *     四、责任清单       per unit: the tasks it leads, then those it shares
 *     附件：任务分解表
 *   landscape section (225 × 156 mm 版心)
 *     附件 / 任务分解表: 序号 工作任务 牵头单位 责任单位 配合单位 完成时限,
 *     header row repeated (w:tblHeader), fixed widths summing to 12756
 *
 * Page numbers on the landscape pages (GB/T 9704 §9, ../shared/spec
 * gbt9704.md): the number stays where it is on the portrait sheet, and the
 * table head faces the binding edge, i.e. the landscape page is the
 * portrait sheet turned a quarter-turn clockwise.  So the portrait bottom
 * edge becomes the landscape left edge and the number is drawn there in
 * vertical text (rotated like the sheet): odd pages at the lower left, its
 * end 26 mm + 1 字 above the bottom edge (the portrait right margin); even
 * pages at the upper left, starting 28 mm + 1 字 below the top edge (the
 * portrait left margin); its centre line 28 mm from the left edge (the
 * dash 7 mm outside the 版心 as on portrait pages).  The landscape section
 * has its own odd/even footers holding only that text box (a wps shape
 * with bodyPr vert="vert", VML fallback), positioned relative to the page.
 * The landscape margins are the portrait ones rotated the same way: top
 * 28 mm, right 37 mm, bottom 26 mm, left 35 mm.
 *
 * Package parts, in the order written (gw_package: fixed order and times):
 *
 *   OUT.docx
 *   ├── [Content_Types].xml            template's, plus footers, charts, xlsx
 *   ├── _rels/.rels                    template (raw copy)
 *   ├── docProps/core.xml              new: title, dates from the epoch
 *   ├── docProps/app.xml               template (raw copy)
 *   ├── word/document.xml              new
 *   ├── word/styles.xml                template (raw copy)
 *   ├── word/settings.xml              template (raw copy; evenAndOddHeaders)
 *   ├── word/fontTable.xml             template (raw copy)
 *   ├── word/footer1.xml, footer2.xml  template (raw copy; portrait pages)
 *   ├── word/_rels/document.xml.rels   template's, plus footers and charts
 *   ├── word/footer-landscape-odd.xml  new: page number, lower left, vertical
 *   ├── word/footer-landscape-even.xml new: page number, upper left, vertical
 *   ├── word/charts/chart1.xml         new: c:barChart with str/numCache
 *   ├── word/charts/_rels/chart1.xml.rels   → ../embeddings/chart1-data.xlsx
 *   ├── word/embeddings/chart1-data.xlsx    the chart's data (libxlsxwriter)
 *   └── … chart2 likewise
 *
 * (Template parts are taken in the template's own order, whatever they are;
 * the tree shows the current plan template.)
 *
 * Ownership: see summary.h.  Nothing here prints; problems are diagnostics.
 */
#define _GNU_SOURCE /* memmem */
#include "summary.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "package.h"
#include "render.h"

/* The plan template built into the binary (Makefile EMBEDDED). */

#define S_W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define S_R_NS "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define S_WP_NS "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
#define S_A_NS "http://schemas.openxmlformats.org/drawingml/2006/main"
#define S_C_NS "http://schemas.openxmlformats.org/drawingml/2006/chart"
#define S_WPS_NS "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
#define S_MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define S_REL_TYPE "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

#define S_CT_FOOTER "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
#define S_CT_CHART "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
#define S_CT_XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* 1 mm in EMU */
#define S_MM 36000L

/* ------------------------------------------------------------------ */
/* small text helpers                                                  */

static int S_is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0x3000 || c == 0xA0;
}

static int S_is_cn_digit(uint32_t c)
{
    static const uint32_t cn[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B,
                                  0x4E5D, 0x5341, 0x767E, 0x96F6, 0x3007, 0x4E24};
    for (size_t i = 0; i < sizeof cn / sizeof cn[0]; i++)
        if (c == cn[i])
            return 1;
    return 0;
}

static int S_is_digit(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

/* Decodes the code point at s[i] (n bytes in all); 0 at the end or on a bad
 * byte (whose length is then 1). */
static uint32_t S_cp(const char *s, size_t n, size_t i, size_t *len)
{
    uint32_t c = 0;
    size_t k = i < n ? gw_utf8_decode(s + i, n - i, &c) : 0;
    *len = k ? k : 1;
    return k ? c : 0;
}

/* Trims spaces (ASCII, U+3000) from both ends of s[*off, *off + *n). */
static void S_trim(const char *s, size_t *off, size_t *n)
{
    size_t k;
    while (*n > 0 && S_is_space(S_cp(s, *off + *n, *off, &k))) {
        *off += k;
        *n -= k;
    }
    while (*n > 0) {
        /* step back over one code point */
        size_t j = *off + *n - 1;
        while (j > *off && ((unsigned char)s[j] & 0xC0) == 0x80)
            j--;
        if (!S_is_space(S_cp(s, *off + *n, j, &k)))
            break;
        *n = j - *off;
    }
}

/* Bytes of a leading list marker: 1. 1、 1） （一） (1) 一、; 0 for none. */
static size_t S_marker_len(const char *s, size_t n)
{
    size_t k, i = 0, digits = 0;
    uint32_t c = S_cp(s, n, 0, &k);
    if (c == '(' || c == 0xFF08) {
        i = k;
        while (i < n && (S_is_cn_digit(c = S_cp(s, n, i, &k)) || S_is_digit(c))) {
            i += k;
            digits++;
        }
        if (digits == 0 || digits > 4)
            return 0;
        c = S_cp(s, n, i, &k);
        return (c == ')' || c == 0xFF09) ? i + k : 0;
    }
    if (S_is_digit(c)) {
        while (i < n && S_is_digit(c = S_cp(s, n, i, &k))) {
            i += k;
            digits++;
        }
        if (digits > 3)
            return 0;
        if (c == '.' || c == 0xFF0E) {
            size_t k2;
            uint32_t after = S_cp(s, n, i + k, &k2);
            return S_is_digit(after) ? 0 : i + k; /* 1.2万 is a number */
        }
        return (c == 0x3001 || c == ')' || c == 0xFF09) ? i + k : 0;
    }
    if (S_is_cn_digit(c)) {
        while (i < n && S_is_cn_digit(c = S_cp(s, n, i, &k))) {
            i += k;
            digits++;
        }
        return (digits <= 4 && c == 0x3001) ? i + k : 0;
    }
    return 0;
}

/* Does the text inside a trailing parenthesis only restate who does the
 * task or by when? */
static int S_assign_content(const char *s, size_t n, const char *deadline_text)
{
    static const char *const kw[] = {"牵头", "责任单位", "责任部门", "配合", "负责", "协助", "协办",
                                     "参与单位", "主办单位", "完成时限"};
    char *c = gw_xstrndup(s, n);
    int yes = 0;
    for (size_t i = 0; i < sizeof kw / sizeof kw[0] && !yes; i++)
        yes = strstr(c, kw[i]) != NULL;
    if (!yes && deadline_text && *deadline_text)
        yes = strstr(c, deadline_text) != NULL;
    free(c);
    return yes;
}

char *gw_task_core(const char *text, const char *deadline_text)
{
    if (!text)
        return gw_xstrdup("");
    size_t off = 0, n = strlen(text);
    S_trim(text, &off, &n);
    size_t full_off = off, full_n = n;
    size_t m = S_marker_len(text + off, n);
    if (m > 0 && m < n) {
        off += m;
        n -= m;
        S_trim(text, &off, &n);
    }
    /* trailing parentheses holding units or the deadline */
    for (int round = 0; round < 4 && n > 0; round++) {
        const char *s = text + off;
        size_t i = 0, k, open = (size_t)-1, close_end = 0;
        int depth = 0;
        while (i < n) {
            uint32_t c = S_cp(s, n, i, &k);
            if (c == '(' || c == 0xFF08) {
                if (depth++ == 0)
                    open = i;
            } else if ((c == ')' || c == 0xFF09) && depth > 0) {
                if (--depth == 0)
                    close_end = i + k;
            }
            i += k;
        }
        if (depth != 0 || close_end != n || open == (size_t)-1 || open == 0)
            break;
        size_t ok;
        (void)S_cp(s, n, open, &ok);
        size_t inner = open + ok;
        /* the closing parenthesis is the last code point */
        size_t j = n - 1;
        while (j > inner && ((unsigned char)s[j] & 0xC0) == 0x80)
            j--;
        if (!S_assign_content(s + inner, j - inner, deadline_text))
            break;
        n = open;
        S_trim(text, &off, &n);
    }
    if (n == 0) {
        off = full_off;
        n = full_n;
    }
    return gw_xstrndup(text + off, n);
}

char *gw_task_brief(const char *core, size_t maxchars)
{
    if (!core)
        return gw_xstrdup("");
    size_t n = strlen(core), i = 0, k, chars = 0, cut = n;
    while (i < n) {
        uint32_t c = S_cp(core, n, i, &k);
        if ((c == 0x3002 || c == 0xFF1B || c == ';' || c == 0xFF01 || c == 0xFF1F) && chars >= 4) {
            cut = i;
            break;
        }
        i += k;
        chars++;
    }
    /* cut at maxchars characters */
    size_t count = 0;
    i = 0;
    while (i < cut && count < maxchars) {
        (void)S_cp(core, cut, i, &k);
        i += k;
        count++;
    }
    if (i < cut && maxchars > 1) {
        /* one character less, then the ellipsis */
        size_t j = i - 1;
        while (j > 0 && ((unsigned char)core[j] & 0xC0) == 0x80)
            j--;
        char *r = gw_xmalloc(j + 4);
        memcpy(r, core, j);
        memcpy(r + j, "…", 4); /* 3 bytes + NUL */
        return r;
    }
    return gw_xstrndup(core, cut);
}

/* ------------------------------------------------------------------ */
/* deadlines                                                           */

/* Parses YYYY[-MM[-DD]]; returns the number of parts (0 on failure). */
static int S_date_parts(const char *s, size_t n, int *y, int *m, int *d)
{
    *y = *m = *d = 0;
    if (n < 4)
        return 0;
    for (size_t i = 0; i < 4; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    if (n == 4)
        return 1;
    if (n < 7 || s[4] != '-' || s[5] < '0' || s[5] > '9' || s[6] < '0' || s[6] > '9')
        return 0;
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    if (n == 7)
        return 2;
    if (n != 10 || s[7] != '-' || s[8] < '0' || s[8] > '9' || s[9] < '0' || s[9] > '9')
        return 0;
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    return 3;
}

/* One date of a range; skip_year omits the year (same year as before). */
static void S_date_text(gw_buf *out, int parts, int y, int m, int d, int skip_year)
{
    if (!skip_year || parts == 1) {
        gw_buf_put_long(out, y);
        gw_buf_puts(out, "年");
    }
    if (parts >= 2) {
        gw_buf_put_long(out, m);
        gw_buf_puts(out, "月");
    }
    if (parts == 3) {
        gw_buf_put_long(out, d);
        gw_buf_puts(out, "日");
    }
}

void gw_deadline_label(const char *value, gw_buf *out)
{
    if (!value || !*value)
        return;
    if (strcmp(value, "ONGOING") == 0) {
        gw_buf_puts(out, "长期坚持");
        return;
    }
    const char *dots = strstr(value, "..");
    int y, m, d;
    if (dots) {
        int y2, m2, d2;
        int p1 = S_date_parts(value, (size_t)(dots - value), &y, &m, &d);
        int p2 = S_date_parts(dots + 2, strlen(dots + 2), &y2, &m2, &d2);
        if (!p1 || !p2) {
            gw_buf_puts(out, value);
            return;
        }
        S_date_text(out, p1, y, m, d, 0);
        gw_buf_puts(out, "—");
        S_date_text(out, p2, y2, m2, d2, y2 == y && p1 > 1 && p2 > 1);
        return;
    }
    int p = S_date_parts(value, strlen(value), &y, &m, &d);
    if (p >= 1 && p <= 3) {
        S_date_text(out, p, y, m, d, 0); /* 2025年 / 2025年10月 / 2025年10月15日 */
        gw_buf_puts(out, p == 3 ? "前" : "底前");
    } else {
        gw_buf_puts(out, value);
    }
}

void gw_deadline_bucket(const char *value, char *key, size_t keysz)
{
    if (!value || !*value) {
        snprintf(key, keysz, "9999-99");
        return;
    }
    if (strcmp(value, "ONGOING") == 0) {
        snprintf(key, keysz, "9999-98");
        return;
    }
    const char *dots = strstr(value, "..");
    const char *v = dots ? dots + 2 : value;
    int y, m, d;
    int p = S_date_parts(v, strlen(v), &y, &m, &d);
    if (p == 1)
        snprintf(key, keysz, "%04d-13", y);
    else if (p >= 2)
        snprintf(key, keysz, "%04d-%02d", y, m);
    else
        snprintf(key, keysz, "9999-99");
}

void gw_bucket_label(const char *key, gw_buf *out)
{
    if (strcmp(key, "9999-98") == 0) {
        gw_buf_puts(out, "长期坚持");
        return;
    }
    if (strcmp(key, "9999-99") == 0) {
        gw_buf_puts(out, "未明确时限");
        return;
    }
    int y = atoi(key), m = strlen(key) >= 7 ? atoi(key + 5) : 0;
    if (m == 13)
        gw_buf_printf(out, "%d年内", y);
    else
        gw_buf_printf(out, "%d年%d月", y, m);
}

/* ------------------------------------------------------------------ */
/* the task list                                                       */

static void S_units_read(gw_units *u, xmlNodePtr role)
{
    for (xmlNodePtr x = gw_model_first(role, "unit"); x; x = gw_model_next(x, "unit")) {
        char *t = gw_model_text(x);
        if (t && *t) {
            u->v = gw_xrealloc(u->v, (u->n + 1) * sizeof *u->v);
            u->v[u->n++] = t;
        } else {
            free(t);
        }
    }
}

/* The plan's own title: X of a covering notice's "关于印发《X》的通知" or
 * "关于印发X的通知", else the document title ("" when none). */
static char *S_plan_title(gw_model *m)
{
    char *t = gw_export_meta_value(m, "title");
    const char *p = strstr(t, "印发《");
    const char *q = p ? strstr(p, "》") : NULL;
    if (p && q && q > p + strlen("印发《")) {
        p += strlen("印发《");
        char *r = gw_xstrndup(p, (size_t)(q - p));
        free(t);
        return r;
    }
    p = strstr(t, "印发");
    size_t n = strlen(t);
    const char *suffix = "的通知";
    if (p && n > strlen(suffix) && strcmp(t + n - strlen(suffix), suffix) == 0 &&
        t + n - strlen(suffix) > p + strlen("印发")) {
        p += strlen("印发");
        char *r = gw_xstrndup(p, (size_t)(t + n - strlen(suffix) - p));
        free(t);
        return r;
    }
    return t;
}

void gw_tasklist_add(gw_tasklist *tl, gw_model *m, const char *name)
{
    if (tl->nplans == tl->pcap) {
        tl->pcap = tl->pcap ? tl->pcap * 2 : 4;
        tl->plans = gw_xrealloc(tl->plans, tl->pcap * sizeof *tl->plans);
    }
    gw_splan *p = &tl->plans[tl->nplans++];
    p->name = gw_xstrdup(name ? name : "");
    p->title = S_plan_title(m);
    p->first = tl->ntasks;
    p->count = 0;
    xmlNodePtr tasks = gw_model_first(gw_model_root(m), "tasks");
    static const char *const roles[GW_ROLE_MAX] = {"lead", "responsible", "support"};
    for (xmlNodePtr k = gw_model_first(tasks, "task"); k; k = gw_model_next(k, "task")) {
        if (tl->ntasks == tl->tcap) {
            tl->tcap = tl->tcap ? tl->tcap * 2 : 32;
            tl->tasks = gw_xrealloc(tl->tasks, tl->tcap * sizeof *tl->tasks);
        }
        gw_stask *t = &tl->tasks[tl->ntasks];
        memset(t, 0, sizeof *t);
        t->plan = tl->nplans - 1;
        t->no = tl->ntasks + 1;
        t->id = gw_model_attr(k, "id");
        if (!t->id)
            t->id = gw_xstrdup("");
        t->text = gw_model_text(gw_model_first(k, "text"));
        if (!t->text)
            t->text = gw_xstrdup("");
        for (int r = 0; r < GW_ROLE_MAX; r++)
            S_units_read(&t->units[r], gw_model_first(k, roles[r]));
        xmlNodePtr dl = gw_model_first(k, "deadline");
        t->deadline = gw_model_attr(dl, "value");
        if (t->deadline && !*t->deadline) {
            free(t->deadline);
            t->deadline = NULL;
        }
        t->deadline_text = gw_model_text(dl);
        t->core = gw_task_core(t->text, t->deadline_text);
        t->brief = gw_task_brief(t->core, 60);
        t->line = gw_model_line(k);
        tl->ntasks++;
        p->count++;
    }
}

void gw_tasklist_free(gw_tasklist *tl)
{
    if (!tl)
        return;
    for (size_t i = 0; i < tl->ntasks; i++) {
        gw_stask *t = &tl->tasks[i];
        free(t->id);
        free(t->text);
        free(t->core);
        free(t->brief);
        for (int r = 0; r < GW_ROLE_MAX; r++) {
            for (size_t j = 0; j < t->units[r].n; j++)
                free(t->units[r].v[j]);
            free(t->units[r].v);
        }
        free(t->deadline);
        free(t->deadline_text);
    }
    for (size_t i = 0; i < tl->nplans; i++) {
        free(tl->plans[i].name);
        free(tl->plans[i].title);
    }
    free(tl->tasks);
    free(tl->plans);
    memset(tl, 0, sizeof *tl);
}

const gw_units *gw_task_owners(const gw_stask *t)
{
    return t->units[GW_ROLE_LEAD].n ? &t->units[GW_ROLE_LEAD] : &t->units[GW_ROLE_RESP];
}

/* Unit names → their index in a gw_unitstat array: open addressing with
 * FNV-1a, so the statistics stay linear in the number of tasks. */
static size_t S_strhash(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return (size_t)(h ^ h >> 29);
}

typedef struct S_names {
    const char **key;
    size_t *val;
    size_t cap, n;
} S_names;

static void S_names_free(S_names *h)
{
    free(h->key);
    free(h->val);
}

/* The index of name, or (size_t)-1; with add, adds it as idx when absent
 * and returns idx. */
static size_t S_names_get(S_names *h, const char *name, int add, size_t idx)
{
    if (add && (h->n + 1) * 2 > h->cap) {
        S_names g = {NULL, NULL, h->cap ? h->cap * 2 : 64, 0};
        g.key = gw_xcalloc(g.cap, sizeof *g.key);
        g.val = gw_xcalloc(g.cap, sizeof *g.val);
        for (size_t i = 0; i < h->cap; i++)
            if (h->key[i]) {
                size_t at = S_strhash(h->key[i]) & (g.cap - 1);
                while (g.key[at])
                    at = (at + 1) & (g.cap - 1);
                g.key[at] = h->key[i];
                g.val[at] = h->val[i];
                g.n++;
            }
        S_names_free(h);
        *h = g;
    }
    if (!h->cap)
        return (size_t)-1;
    size_t at = S_strhash(name) & (h->cap - 1);
    while (h->key[at]) {
        if (strcmp(h->key[at], name) == 0)
            return h->val[at];
        at = (at + 1) & (h->cap - 1);
    }
    if (!add)
        return (size_t)-1;
    h->key[at] = name;
    h->val[at] = idx;
    h->n++;
    return idx;
}

gw_unitstat *gw_unit_stats(const gw_tasklist *tl, size_t *n)
{
    gw_unitstat *v = NULL;
    size_t nv = 0, cap = 0;
    S_names h = {0};
    for (size_t i = 0; i < tl->ntasks; i++) {
        const gw_stask *t = &tl->tasks[i];
        for (int r = 0; r < GW_ROLE_MAX; r++)
            for (size_t j = 0; j < t->units[r].n; j++) {
                const char *name = t->units[r].v[j];
                size_t at = S_names_get(&h, name, 1, nv);
                if (at == nv) {
                    if (nv == cap) {
                        cap = cap ? cap * 2 : 16;
                        v = gw_xrealloc(v, cap * sizeof *v);
                    }
                    memset(&v[nv], 0, sizeof v[nv]);
                    v[nv++].name = name;
                }
                /* a unit named twice in one role of a task counts once */
                int dup = 0;
                for (size_t q = 0; q < j && !dup; q++)
                    dup = strcmp(t->units[r].v[q], name) == 0;
                if (!dup)
                    v[at].count[r]++;
            }
    }
    /* distinct tasks per unit: stamp[u] is the last task (+1) counted */
    size_t *stamp = gw_xcalloc(nv ? nv : 1, sizeof *stamp);
    size_t *ostamp = gw_xcalloc(nv ? nv : 1, sizeof *ostamp);
    for (size_t i = 0; i < tl->ntasks; i++) {
        const gw_stask *t = &tl->tasks[i];
        for (int r = 0; r < GW_ROLE_MAX; r++)
            for (size_t j = 0; j < t->units[r].n; j++) {
                size_t a = S_names_get(&h, t->units[r].v[j], 0, 0);
                if (stamp[a] != i + 1) {
                    stamp[a] = i + 1;
                    v[a].total++;
                }
            }
        const gw_units *o = gw_task_owners(t);
        for (size_t j = 0; j < o->n; j++) {
            size_t a = S_names_get(&h, o->v[j], 0, 0);
            if (ostamp[a] != i + 1) {
                ostamp[a] = i + 1;
                v[a].owner++;
            }
        }
    }
    free(stamp);
    free(ostamp);
    S_names_free(&h);
    *n = nv;
    return v;
}

static int S_month_cmp(const void *a, const void *b)
{
    return strcmp(((const gw_month *)a)->key, ((const gw_month *)b)->key);
}

gw_month *gw_month_stats(const gw_tasklist *tl, size_t *n)
{
    gw_month *v = NULL;
    size_t nv = 0;
    for (size_t i = 0; i < tl->ntasks; i++) {
        char key[16];
        gw_deadline_bucket(tl->tasks[i].deadline, key, sizeof key);
        size_t at = 0;
        while (at < nv && strcmp(v[at].key, key) != 0)
            at++;
        if (at == nv) {
            v = gw_xrealloc(v, (nv + 1) * sizeof *v);
            memset(&v[nv], 0, sizeof v[nv]);
            snprintf(v[nv].key, sizeof v[nv].key, "%s", key);
            nv++;
        }
        v[at].count++;
    }
    if (nv > 1)
        qsort(v, nv, sizeof *v, S_month_cmp);
    *n = nv;
    return v;
}

/* ------------------------------------------------------------------ */
/* WordprocessingML helpers                                            */

static void S_esc(gw_buf *b, const char *s)
{
    if (s)
        gw_buf_put_xml_escaped(b, s, strlen(s));
}

void gw_sum_para_open(gw_buf *b, const char *style, const char *jc, const char *extra)
{
    gw_buf_puts(b, "<w:p>");
    if (!style && !jc && !extra)
        return;
    gw_buf_puts(b, "<w:pPr>");
    if (style) {
        gw_buf_puts(b, "<w:pStyle w:val=\"");
        gw_buf_puts(b, style);
        gw_buf_puts(b, "\"/>");
    }
    if (extra)
        gw_buf_puts(b, extra);
    if (jc) {
        gw_buf_puts(b, "<w:jc w:val=\"");
        gw_buf_puts(b, jc);
        gw_buf_puts(b, "\"/>");
    }
    gw_buf_puts(b, "</w:pPr>");
}

void gw_sum_run(gw_buf *b, const char *text, int bold)
{
    if (!text || !*text)
        return;
    gw_buf_puts(b, "<w:r><w:rPr><w:rFonts w:hint=\"eastAsia\"/>");
    if (bold)
        gw_buf_puts(b, "<w:b/><w:bCs/>");
    /* xml:space only where Word would otherwise drop spaces */
    size_t n = strlen(text);
    int keep_space = text[0] == ' ' || text[n - 1] == ' ' || strstr(text, "  ") || strchr(text, '\t') ||
                     strchr(text, '\n');
    gw_buf_puts(b, keep_space ? "</w:rPr><w:t xml:space=\"preserve\">" : "</w:rPr><w:t>");
    gw_buf_put_xml_escaped(b, text, n);
    gw_buf_puts(b, "</w:t></w:r>");
}

void gw_sum_para(gw_buf *b, const char *style, const char *jc, const char *text)
{
    gw_sum_para_open(b, style, jc, NULL);
    gw_sum_run(b, text, 0);
    gw_buf_puts(b, "</w:p>");
}

void gw_sum_table_open(gw_buf *b, const int *w, size_t n)
{
    int total = 0;
    for (size_t i = 0; i < n; i++)
        total += w[i];
    gw_buf_printf(b,
                  "<w:tbl><w:tblPr><w:tblStyle w:val=\"GwTable\"/><w:tblW w:w=\"%d\" w:type=\"dxa\"/>"
                  "<w:jc w:val=\"center\"/><w:tblLayout w:type=\"fixed\"/>"
                  "<w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" "
                  "w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
                  total);
    for (size_t i = 0; i < n; i++)
        gw_buf_printf(b, "<w:gridCol w:w=\"%d\"/>", w[i]);
    gw_buf_puts(b, "</w:tblGrid>");
}

void gw_sum_tr_open(gw_buf *b, int header, int keep)
{
    gw_buf_puts(b, header ? "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"
                          : keep ? "<w:tr><w:trPr><w:cantSplit/></w:trPr>" : "<w:tr>");
}

/* <w:tc><w:tcPr> up to the width. */
static void S_tc_open(gw_buf *b, int w)
{
    char num[16];
    size_t k = sizeof num;
    unsigned v = w > 0 ? (unsigned)w : 0;
    do
        num[--k] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    gw_buf_puts(b, "<w:tc><w:tcPr><w:tcW w:w=\"");
    gw_buf_put(b, num + k, sizeof num - k);
    gw_buf_puts(b, "\" w:type=\"dxa\"/>");
}

void gw_sum_tc(gw_buf *b, int w, int vmerge, int span, const char *xml)
{
    S_tc_open(b, w);
    if (span > 1)
        gw_buf_printf(b, "<w:gridSpan w:val=\"%d\"/>", span);
    if (vmerge == 1)
        gw_buf_puts(b, "<w:vMerge w:val=\"restart\"/>");
    else if (vmerge == 2)
        gw_buf_puts(b, "<w:vMerge/>");
    gw_buf_puts(b, "<w:vAlign w:val=\"center\"/></w:tcPr>");
    gw_buf_puts(b, xml && *xml ? xml : "<w:p><w:pPr><w:pStyle w:val=\"GwTableText\"/></w:pPr></w:p>");
    gw_buf_puts(b, "</w:tc>");
}

void gw_sum_tr_close(gw_buf *b)
{
    gw_buf_puts(b, "</w:tr>");
}

void gw_sum_table_close(gw_buf *b)
{
    gw_buf_puts(b, "</w:tbl>");
}

void gw_sum_text_row(gw_buf *b, const char *const *cells, const char *const *jc, const int *w,
                     size_t n, int header)
{
    int keep = 1;
    for (size_t i = 0; i < n && keep; i++)
        keep = !cells[i] || gw_utf8_count(cells[i], strlen(cells[i])) <= 60;
    gw_sum_tr_open(b, header, keep);
    for (size_t i = 0; i < n; i++) {
        /* as gw_sum_tc with one paragraph, written in place */
        S_tc_open(b, w[i]);
        gw_buf_puts(b, "<w:vAlign w:val=\"center\"/></w:tcPr>");
        gw_sum_para(b, header ? "GwTableHead" : "GwTableText", jc ? jc[i] : NULL, cells[i]);
        gw_buf_puts(b, "</w:tc>");
    }
    gw_sum_tr_close(b);
}

void gw_sum_chart_para(gw_buf *b, const gw_sumchart *c, int index)
{
    gw_buf_printf(b,
                  "<w:p><w:pPr><w:keepNext w:val=\"0\"/><w:snapToGrid w:val=\"0\"/>"
                  "<w:spacing w:before=\"120\" w:after=\"120\" w:line=\"240\" w:lineRule=\"auto\"/>"
                  "<w:ind w:firstLine=\"0\" w:firstLineChars=\"0\"/><w:jc w:val=\"center\"/></w:pPr>"
                  "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">"
                  "<wp:extent cx=\"%ld\" cy=\"%ld\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>"
                  "<wp:docPr id=\"%d\" name=\"图表 %d\"/><wp:cNvGraphicFramePr/>"
                  "<a:graphic xmlns:a=\"" S_A_NS "\"><a:graphicData uri=\"" S_C_NS "\">"
                  "<c:chart xmlns:c=\"" S_C_NS "\" r:id=\"rIdGwChart%d\"/>"
                  "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>",
                  c->cx, c->cy, index, index, index);
}

/* Landscape A4 with the portrait margins turned a quarter-turn clockwise
 * (see the top of the file): 版心 225 × 156 mm. */
void gw_sum_landscape_sectpr(gw_buf *b)
{
    gw_buf_puts(b, "<w:sectPr>"
                   "<w:footerReference w:type=\"default\" r:id=\"rIdGwFooterLOdd\"/>"
                   "<w:footerReference w:type=\"even\" r:id=\"rIdGwFooterLEven\"/>"
                   "<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>"
                   "<w:pgMar w:top=\"1587\" w:right=\"2098\" w:bottom=\"1474\" w:left=\"1984\" "
                   "w:header=\"851\" w:footer=\"567\" w:gutter=\"0\"/>"
                   "<w:cols w:space=\"425\"/>"
                   "<w:docGrid w:type=\"lines\" w:linePitch=\"579\"/>"
                   "</w:sectPr>");
}

/* ------------------------------------------------------------------ */
/* chart parts                                                         */

static void S_chart_txpr(gw_buf *b, int sz, int bold)
{
    gw_buf_printf(b,
                  "<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"%d\" b=\"%d\">"
                  "<a:solidFill><a:srgbClr val=\"000000\"/></a:solidFill>"
                  "<a:latin typeface=\"宋体\"/><a:ea typeface=\"宋体\"/></a:defRPr></a:pPr>"
                  "<a:endParaRPr lang=\"zh-CN\"/></a:p></c:txPr>",
                  sz, bold);
}

static void S_chart_xml(gw_buf *b, const gw_sumchart *c)
{
    size_t n = c->n;
    gw_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                   "<c:chartSpace xmlns:c=\"" S_C_NS "\" xmlns:a=\"" S_A_NS "\" xmlns:r=\"" S_R_NS "\">"
                   "<c:date1904 val=\"0\"/><c:lang val=\"zh-CN\"/><c:roundedCorners val=\"0\"/>"
                   "<c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr>"
                   "<a:defRPr sz=\"1400\" b=\"0\"><a:latin typeface=\"黑体\"/><a:ea typeface=\"黑体\"/>"
                   "</a:defRPr></a:pPr><a:r><a:rPr lang=\"zh-CN\" altLang=\"en-US\" sz=\"1400\" b=\"0\">"
                   "<a:latin typeface=\"黑体\"/><a:ea typeface=\"黑体\"/></a:rPr><a:t>");
    S_esc(b, c->title);
    gw_buf_printf(b,
                  "</a:t></a:r></a:p></c:rich></c:tx><c:overlay val=\"0\"/></c:title>"
                  "<c:autoTitleDeleted val=\"0\"/><c:plotArea><c:layout/>"
                  "<c:barChart><c:barDir val=\"%s\"/><c:grouping val=\"clustered\"/>"
                  "<c:varyColors val=\"0\"/><c:ser><c:idx val=\"0\"/><c:order val=\"0\"/>"
                  "<c:tx><c:strRef><c:f>Sheet1!$B$1</c:f><c:strCache><c:ptCount val=\"1\"/>"
                  "<c:pt idx=\"0\"><c:v>",
                  c->horizontal ? "bar" : "col");
    S_esc(b, c->series);
    gw_buf_puts(b, "</c:v></c:pt></c:strCache></c:strRef></c:tx>"
                   "<c:spPr><a:solidFill><a:srgbClr val=\"2F5597\"/></a:solidFill></c:spPr>"
                   "<c:invertIfNegative val=\"0\"/>"
                   "<c:dLbls><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>");
    S_chart_txpr(b, 1000, 0);
    gw_buf_puts(b, "<c:showLegendKey val=\"0\"/><c:showVal val=\"1\"/><c:showCatName val=\"0\"/>"
                   "<c:showSerName val=\"0\"/><c:showPercent val=\"0\"/><c:showBubbleSize val=\"0\"/>"
                   "</c:dLbls>");
    gw_buf_printf(b, "<c:cat><c:strRef><c:f>Sheet1!$A$2:$A$%zu</c:f><c:strCache><c:ptCount val=\"%zu\"/>",
                  n + 1, n);
    for (size_t i = 0; i < n; i++) {
        gw_buf_printf(b, "<c:pt idx=\"%zu\"><c:v>", i);
        S_esc(b, c->cats[i]);
        gw_buf_puts(b, "</c:v></c:pt>");
    }
    gw_buf_printf(b,
                  "</c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f>Sheet1!$B$2:$B$%zu</c:f>"
                  "<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val=\"%zu\"/>",
                  n + 1, n);
    size_t max = 0;
    for (size_t i = 0; i < n; i++) {
        gw_buf_printf(b, "<c:pt idx=\"%zu\"><c:v>%zu</c:v></c:pt>", i, c->vals[i]);
        if (c->vals[i] > max)
            max = c->vals[i];
    }
    gw_buf_puts(b, "</c:numCache></c:numRef></c:val></c:ser>"
                   "<c:gapWidth val=\"60\"/><c:axId val=\"50010001\"/><c:axId val=\"50010002\"/>"
                   "</c:barChart>");
    /* category axis: for bars, first category on top (maxMin) */
    gw_buf_printf(b,
                  "<c:catAx><c:axId val=\"50010001\"/><c:scaling><c:orientation val=\"%s\"/></c:scaling>"
                  "<c:delete val=\"0\"/><c:axPos val=\"%s\"/><c:numFmt formatCode=\"General\" sourceLinked=\"0\"/>"
                  "<c:majorTickMark val=\"none\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>"
                  "<c:spPr><a:ln w=\"6350\"><a:solidFill><a:srgbClr val=\"808080\"/></a:solidFill></a:ln></c:spPr>",
                  c->horizontal ? "maxMin" : "minMax", c->horizontal ? "l" : "b");
    S_chart_txpr(b, 1000, 0);
    gw_buf_puts(b, "<c:crossAx val=\"50010002\"/><c:crosses val=\"autoZero\"/><c:auto val=\"1\"/>"
                   "<c:lblAlgn val=\"ctr\"/><c:lblOffset val=\"100\"/><c:noMultiLvlLbl val=\"0\"/></c:catAx>");
    /* value axis: whole numbers from 0 */
    size_t unit = max <= 10 ? 1 : max <= 20 ? 2 : max <= 50 ? 5 : max <= 100 ? 10 : 0;
    gw_buf_printf(b,
                  "<c:valAx><c:axId val=\"50010002\"/><c:scaling><c:orientation val=\"minMax\"/>"
                  "<c:min val=\"0\"/></c:scaling><c:delete val=\"0\"/><c:axPos val=\"%s\"/>"
                  "<c:majorGridlines><c:spPr><a:ln w=\"6350\"><a:solidFill><a:srgbClr val=\"D9D9D9\"/>"
                  "</a:solidFill></a:ln></c:spPr></c:majorGridlines>"
                  "<c:numFmt formatCode=\"0\" sourceLinked=\"0\"/><c:majorTickMark val=\"none\"/>"
                  "<c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/>"
                  "<c:spPr><a:ln><a:noFill/></a:ln></c:spPr>",
                  c->horizontal ? "b" : "l");
    S_chart_txpr(b, 1000, 0);
    gw_buf_printf(b, "<c:crossAx val=\"50010001\"/><c:crosses val=\"%s\"/><c:crossBetween val=\"between\"/>",
                  c->horizontal ? "max" : "autoZero");
    if (unit)
        gw_buf_printf(b, "<c:majorUnit val=\"%zu\"/>", unit);
    gw_buf_puts(b, "</c:valAx><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr></c:plotArea>"
                   "<c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart>"
                   "<c:spPr><a:solidFill><a:srgbClr val=\"FFFFFF\"/></a:solidFill><a:ln><a:noFill/></a:ln></c:spPr>");
    S_chart_txpr(b, 1000, 0);
    gw_buf_puts(b, "<c:externalData r:id=\"rId1\"><c:autoUpdate val=\"0\"/></c:externalData>"
                   "</c:chartSpace>\n");
}

/* ------------------------------------------------------------------ */
/* landscape page-number footers                                       */

/* One footer: the page number in a vertical text box at the left edge of
 * the landscape page (see the top of the file).  In vertical text jc
 * "right" puts the number at the box's bottom end (odd pages), "left" at
 * its top end (even pages). */
static void S_footer_landscape(gw_buf *b, int odd)
{
    /* box: 10 × 40 mm, centre line 28 mm from the left edge */
    const long x = 23 * S_MM, w = 10 * S_MM, h = 40 * S_MM;
    /* odd: ends 26 mm + 1 字 (280 twips = 4.94 mm) above the bottom edge;
     * even: starts 28 mm + 1 字 below the top edge */
    const long y = odd ? (210 * S_MM - 26 * S_MM - 177800L - h) : (28 * S_MM + 177800L);
    const char *style = odd ? "GwPageNumberOdd" : "GwPageNumberEven";
    const char *jc = odd ? "right" : "left";
    gw_buf txbx = {0};
    gw_buf_printf(&txbx,
                  "<w:txbxContent><w:p><w:pPr><w:pStyle w:val=\"%s\"/><w:ind w:left=\"0\" w:right=\"0\"/>"
                  "<w:jc w:val=\"%s\"/></w:pPr>"
                  "<w:r><w:rPr><w:rFonts w:hint=\"eastAsia\"/></w:rPr><w:t xml:space=\"preserve\">— </w:t></w:r>"
                  "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
                  "<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
                  "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
                  "<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
                  "<w:r><w:rPr><w:rFonts w:hint=\"eastAsia\"/></w:rPr><w:t xml:space=\"preserve\"> —</w:t></w:r>"
                  "</w:p></w:txbxContent>",
                  style, jc);
    gw_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                   "<w:ftr xmlns:w=\"" S_W_NS "\" xmlns:r=\"" S_R_NS "\" xmlns:wp=\"" S_WP_NS "\" "
                   "xmlns:a=\"" S_A_NS "\" xmlns:wps=\"" S_WPS_NS "\" xmlns:mc=\"" S_MC_NS "\" "
                   "xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\">"
                   "<w:p><w:pPr><w:snapToGrid w:val=\"0\"/>"
                   "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"20\" w:lineRule=\"exact\"/>"
                   "<w:rPr><w:sz w:val=\"2\"/><w:szCs w:val=\"2\"/></w:rPr></w:pPr>"
                   "<w:r><w:rPr><w:sz w:val=\"2\"/><w:szCs w:val=\"2\"/></w:rPr>"
                   "<mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>");
    gw_buf_printf(b,
                  "<wp:anchor distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\" simplePos=\"0\" "
                  "relativeHeight=\"251659264\" behindDoc=\"0\" locked=\"0\" layoutInCell=\"1\" allowOverlap=\"1\">"
                  "<wp:simplePos x=\"0\" y=\"0\"/>"
                  "<wp:positionH relativeFrom=\"page\"><wp:posOffset>%ld</wp:posOffset></wp:positionH>"
                  "<wp:positionV relativeFrom=\"page\"><wp:posOffset>%ld</wp:posOffset></wp:positionV>"
                  "<wp:extent cx=\"%ld\" cy=\"%ld\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>"
                  "<wp:wrapNone/><wp:docPr id=\"%d\" name=\"页码 %s\"/><wp:cNvGraphicFramePr/>"
                  "<a:graphic><a:graphicData uri=\"" S_WPS_NS "\"><wps:wsp><wps:cNvSpPr txBox=\"1\"/>"
                  "<wps:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"%ld\" cy=\"%ld\"/></a:xfrm>"
                  "<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln>"
                  "</wps:spPr><wps:txbx>",
                  x, y, w, h, odd ? 9001 : 9002, odd ? "odd" : "even", w, h);
    gw_buf_put(b, txbx.ptr, txbx.len);
    gw_buf_puts(b, "</wps:txbx><wps:bodyPr rot=\"0\" vert=\"vert\" wrap=\"square\" lIns=\"0\" tIns=\"0\" "
                   "rIns=\"0\" bIns=\"0\" anchor=\"ctr\" anchorCtr=\"0\"><a:noAutofit/></wps:bodyPr>"
                   "</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
                   "<mc:Fallback><w:pict>");
    /* VML: the same box in points */
    gw_buf_printf(b,
                  "<v:rect id=\"GwPageNumber%s\" o:spid=\"_x0000_s%d\" style=\"position:absolute;"
                  "margin-left:%.2fpt;margin-top:%.2fpt;width:%.2fpt;height:%.2fpt;z-index:251659264;"
                  "mso-position-horizontal-relative:page;mso-position-vertical-relative:page;"
                  "layout-flow:vertical\" filled=\"f\" stroked=\"f\">"
                  "<v:textbox style=\"layout-flow:vertical\" inset=\"0,0,0,0\">",
                  odd ? "Odd" : "Even", odd ? 9001 : 9002, x / 12700.0, y / 12700.0, w / 12700.0,
                  h / 12700.0);
    gw_buf_put(b, txbx.ptr, txbx.len);
    gw_buf_puts(b, "</v:textbox></v:rect></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p></w:ftr>\n");
    gw_buf_free(&txbx);
}

/* ------------------------------------------------------------------ */
/* the document shell                                                  */

struct gw_sumdoc {
    gw_zipin *z;
    gw_buf ct, rels, styles;
    char *sectpr;   /* the template's final sectPr, verbatim */
    gw_partw *doc;  /* word/document.xml, deflated as the body is written */
    char **seen;    /* styles the body refers to, in order of first use */
    size_t nseen, last_seen; /* last_seen: the one last referred to */
};

static const char *const S_default_sectpr =
    "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
    "<w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\" w:header=\"851\" "
    "w:footer=\"1418\" w:gutter=\"0\"/><w:cols w:space=\"425\"/>"
    "<w:docGrid w:type=\"lines\" w:linePitch=\"579\"/></w:sectPr>";

static int S_read_part(gw_zipin *z, const char *name, gw_buf *out, gw_diags *d)
{
    long i = gw_zipin_find(z, name);
    if (i < 0) {
        gw_diags_add(d, GW_ERROR, "plan.docx", 0, 0, "内置模板缺少部件 %s", name);
        return -1;
    }
    return gw_zipin_read(z, (size_t)i, out, d);
}

gw_sumdoc *gw_sumdoc_open(int threads, gw_diags *d)
{
    size_t tpl_len;
    const char *tpl_name;
    const unsigned char *tpl = gw_template_builtin_bytes(GW_KIND_PLAN, &tpl_len, &tpl_name);
    gw_zipin *z = gw_zipin_open_memory(tpl_name, tpl, tpl_len, d);
    if (!z)
        return NULL;
    gw_sumdoc *s = gw_xcalloc(1, sizeof *s);
    s->z = z;
    gw_buf doc = {0};
    if (S_read_part(z, "[Content_Types].xml", &s->ct, d) != 0 ||
        S_read_part(z, "word/_rels/document.xml.rels", &s->rels, d) != 0 ||
        S_read_part(z, "word/styles.xml", &s->styles, d) != 0 ||
        S_read_part(z, "word/document.xml", &doc, d) != 0 || !strstr(s->ct.ptr, "</Types>") ||
        !strstr(s->rels.ptr, "</Relationships>")) {
        if (!gw_diags_errors(d))
            gw_diags_add(d, GW_ERROR, "plan.docx", 0, 0, "内置模板的包结构无法识别");
        gw_buf_free(&doc);
        gw_sumdoc_free(s);
        return NULL;
    }
    /* the last <w:sectPr …>…</w:sectPr> of the body */
    const char *p = doc.ptr, *last = NULL;
    while ((p = strstr(p, "<w:sectPr")) != NULL) {
        last = p;
        p += 9;
    }
    const char *end = last ? strstr(last, "</w:sectPr>") : NULL;
    s->sectpr = end ? gw_xstrndup(last, (size_t)(end + 11 - last)) : gw_xstrdup(S_default_sectpr);
    gw_buf_free(&doc);
    s->doc = gw_partw_new(threads);
    gw_partw_puts(s->doc, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                          "<w:document xmlns:w=\"" S_W_NS "\" xmlns:r=\"" S_R_NS "\" xmlns:wp=\"" S_WP_NS "\">"
                          "<w:body>");
    return s;
}

void gw_sumdoc_free(gw_sumdoc *s)
{
    if (!s)
        return;
    gw_zipin_free(s->z);
    gw_buf_free(&s->ct);
    gw_buf_free(&s->rels);
    gw_buf_free(&s->styles);
    free(s->sectpr);
    gw_partw_free(s->doc);
    for (size_t i = 0; i < s->nseen; i++)
        free(s->seen[i]);
    free(s->seen);
    free(s);
}

const char *gw_sumdoc_portrait_sectpr(const gw_sumdoc *s)
{
    return s->sectpr;
}

/* Inserts text before the first occurrence of marker in src into out. */
static void S_insert_before(gw_buf *out, const gw_buf *src, const char *marker, const char *text)
{
    const char *at = strstr(src->ptr, marker);
    size_t pre = (size_t)(at - src->ptr);
    gw_buf_put(out, src->ptr, pre);
    gw_buf_puts(out, text);
    gw_buf_put(out, at, src->len - pre);
}

static void S_core_xml(gw_buf *b, const char *title, long long epoch)
{
    char stamp[40] = "1980-01-01T00:00:00Z";
    if (epoch >= 0) {
        int y, m, d;
        gw_civil_date(epoch / 86400, &y, &m, &d);
        long long secs = epoch % 86400;
        snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, (int)(secs / 3600),
                 (int)(secs / 60 % 60), (int)(secs % 60));
    }
    gw_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                   "<cp:coreProperties "
                   "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
                   "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
                   "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" "
                   "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">");
    if (title && *title) {
        gw_buf_puts(b, "<dc:title>");
        S_esc(b, title);
        gw_buf_puts(b, "</dc:title>");
    }
    gw_buf_printf(b,
                  "<cp:lastModifiedBy>gongwen</cp:lastModifiedBy>"
                  "<dcterms:created xsi:type=\"dcterms:W3CDTF\">%s</dcterms:created>"
                  "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">%s</dcterms:modified>"
                  "</cp:coreProperties>\n",
                  stamp, stamp);
}

/* Notes the style s->seen[] a style reference names, once.  References
 * mostly repeat the one before (row after row of GwTableText): that one is
 * looked at first. */
static void S_seen_style(gw_sumdoc *s, const char *id, size_t n)
{
    if (s->nseen) {
        const char *last = s->seen[s->last_seen];
        if (strncmp(last, id, n) == 0 && last[n] == '\0')
            return;
    }
    for (size_t i = 0; i < s->nseen; i++)
        if (strncmp(s->seen[i], id, n) == 0 && s->seen[i][n] == '\0') {
            s->last_seen = i;
            return;
        }
    s->seen = gw_xrealloc(s->seen, (s->nseen + 1) * sizeof *s->seen);
    s->last_seen = s->nseen;
    s->seen[s->nseen++] = gw_xstrndup(id, n);
}

/* Notes the styles a piece of body (whole elements) refers to, in one pass:
 * <w:pStyle w:val="…"/> and <w:tblStyle w:val="…"/>. */
static void S_scan_styles(gw_sumdoc *s, const char *body, size_t len)
{
    static const char ref[] = "Style w:val=\"";
    const size_t rl = sizeof ref - 1;
    const char *end = body + len;
    const char *p = body;
    while ((p = memmem(p, (size_t)(end - p), ref, rl)) != NULL) {
        const char *tag = p;
        p += rl;
        int known = (tag - body >= 4 && memcmp(tag - 4, "<w:p", 4) == 0) ||
                    (tag - body >= 6 && memcmp(tag - 6, "<w:tbl", 6) == 0);
        const char *q = memchr(p, '"', (size_t)(end - p));
        if (!q)
            break;
        if (known)
            S_seen_style(s, p, (size_t)(q - p));
        p = q;
    }
}

/* Warns once for each style the body refers to that the template lacks. */
static void S_check_styles(gw_sumdoc *s, gw_diags *d)
{
    static const char *const own[] = {"GwPageNumberOdd", "GwPageNumberEven"};
    for (size_t i = 0; i < sizeof own / sizeof own[0]; i++)
        S_seen_style(s, own[i], strlen(own[i]));
    for (size_t i = 0; i < s->nseen; i++) {
        char *pat = gw_xasprintf("w:styleId=\"%s\"", s->seen[i]);
        if (!strstr(s->styles.ptr, pat))
            gw_diags_add(d, GW_WARNING, "plan.docx", 0, 0, "模板中没有样式 %s，相关段落按正文样式显示",
                         s->seen[i]);
        free(pat);
    }
}

void gw_sumdoc_body(gw_sumdoc *s, gw_buf *b)
{
    if (!b->len)
        return;
    S_scan_styles(s, b->ptr, b->len);
    gw_partw_write(s->doc, b->ptr, b->len);
    gw_buf_clear(b);
}

int gw_sumdoc_finish(gw_sumdoc *s, const char *title, const gw_sumchart *charts, size_t ncharts,
                     long long epoch, gw_buf *out, gw_diags *d)
{
    S_check_styles(s, d);
    /* embedded chart workbooks first: they are the only step that can fail */
    gw_buf *xlsx = gw_xcalloc(ncharts ? ncharts : 1, sizeof *xlsx);
    int rc = 0;
    for (size_t i = 0; i < ncharts && rc == 0; i++)
        rc = gw_chart_workbook(charts[i].cat_head, charts[i].series, charts[i].cats, charts[i].vals,
                               charts[i].n, epoch, &xlsx[i], d);
    gw_buf ct = {0}, rels = {0}, add = {0}, core = {0}, part = {0};
    gw_package *pkg = NULL;
    if (rc != 0)
        goto done;

    gw_buf_puts(&add, "<Default Extension=\"xlsx\" ContentType=\"" S_CT_XLSX "\"/>"
                      "<Override PartName=\"/word/footer-landscape-odd.xml\" ContentType=\"" S_CT_FOOTER "\"/>"
                      "<Override PartName=\"/word/footer-landscape-even.xml\" ContentType=\"" S_CT_FOOTER "\"/>");
    for (size_t i = 0; i < ncharts; i++)
        gw_buf_printf(&add, "<Override PartName=\"/word/charts/chart%zu.xml\" ContentType=\"" S_CT_CHART "\"/>",
                      i + 1);
    S_insert_before(&ct, &s->ct, "</Types>", add.ptr);

    gw_buf_clear(&add);
    gw_buf_puts(&add, "<Relationship Id=\"rIdGwFooterLOdd\" Type=\"" S_REL_TYPE "footer\" "
                      "Target=\"footer-landscape-odd.xml\"/>"
                      "<Relationship Id=\"rIdGwFooterLEven\" Type=\"" S_REL_TYPE "footer\" "
                      "Target=\"footer-landscape-even.xml\"/>");
    for (size_t i = 0; i < ncharts; i++)
        gw_buf_printf(&add, "<Relationship Id=\"rIdGwChart%zu\" Type=\"" S_REL_TYPE "chart\" "
                            "Target=\"charts/chart%zu.xml\"/>",
                      i + 1, i + 1);
    S_insert_before(&rels, &s->rels, "</Relationships>", add.ptr);

    gw_partw_puts(s->doc, "</w:body></w:document>\n");
    S_core_xml(&core, title, epoch);

    pkg = gw_package_new();
    gw_package_add(pkg, "[Content_Types].xml", ct.ptr, ct.len);
    for (size_t i = 0; i < gw_zipin_count(s->z); i++) {
        const char *name = gw_zipin_name(s->z, i);
        if (strcmp(name, "[Content_Types].xml") == 0)
            continue;
        else if (strcmp(name, "word/document.xml") == 0 && s->doc) {
            gw_package_add_part(pkg, name, s->doc); /* consumed */
            s->doc = NULL;
        }
        else if (strcmp(name, "word/_rels/document.xml.rels") == 0)
            gw_package_add(pkg, name, rels.ptr, rels.len);
        else if (strcmp(name, "docProps/core.xml") == 0)
            gw_package_add(pkg, name, core.ptr, core.len);
        else
            gw_package_copy(pkg, s->z, i);
    }
    gw_buf_clear(&part);
    S_footer_landscape(&part, 1);
    gw_package_add(pkg, "word/footer-landscape-odd.xml", part.ptr, part.len);
    gw_buf_clear(&part);
    S_footer_landscape(&part, 0);
    gw_package_add(pkg, "word/footer-landscape-even.xml", part.ptr, part.len);
    for (size_t i = 0; i < ncharts; i++) {
        char name[64];
        gw_buf_clear(&part);
        S_chart_xml(&part, &charts[i]);
        snprintf(name, sizeof name, "word/charts/chart%zu.xml", i + 1);
        gw_package_add(pkg, name, part.ptr, part.len);
        gw_buf_clear(&part);
        gw_buf_printf(&part,
                      "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                      "<Relationship Id=\"rId1\" Type=\"" S_REL_TYPE "package\" "
                      "Target=\"../embeddings/chart%zu-data.xlsx\"/></Relationships>\n",
                      i + 1);
        snprintf(name, sizeof name, "word/charts/_rels/chart%zu.xml.rels", i + 1);
        gw_package_add(pkg, name, part.ptr, part.len);
        snprintf(name, sizeof name, "word/embeddings/chart%zu-data.xlsx", i + 1);
        gw_package_add(pkg, name, xlsx[i].ptr, xlsx[i].len);
    }
    gw_buf zip = {0};
    rc = gw_package_finish(pkg, &zip, d);
    if (rc == 0)
        gw_buf_put(out, zip.ptr, zip.len);
    gw_buf_free(&zip);
done:
    gw_package_free(pkg);
    for (size_t i = 0; i < ncharts; i++)
        gw_buf_free(&xlsx[i]);
    free(xlsx);
    gw_buf_free(&ct);
    gw_buf_free(&rels);
    gw_buf_free(&add);
    gw_buf_free(&core);
    gw_buf_free(&part);
    return rc;
}

/* ------------------------------------------------------------------ */
/* the summary document                                                */

/* 1 → 一, 12 → 十二, 35 → 三十五, 104 → 一百零四 (n < 1000). */
static void S_cn_num(gw_buf *b, size_t n)
{
    static const char *const dig[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (n >= 1000) {
        gw_buf_printf(b, "%zu", n);
        return;
    }
    size_t h = n / 100, t = n / 10 % 10, u = n % 10;
    if (h) {
        gw_buf_printf(b, "%s百", dig[h]);
        if (t == 0 && u)
            gw_buf_puts(b, "零");
    }
    if (t) {
        if (!(t == 1 && !h))
            gw_buf_puts(b, dig[t]);
        gw_buf_puts(b, "十");
    }
    if (u || n == 0)
        gw_buf_puts(b, dig[u]);
}

/* Units joined by 、 into b (cleared first); returns b->ptr or "". */
static const char *S_join(gw_buf *b, const gw_units *u)
{
    gw_buf_clear(b);
    for (size_t i = 0; i < u->n; i++) {
        if (i)
            gw_buf_puts(b, "、");
        gw_buf_puts(b, u->v[i]);
    }
    return b->ptr ? b->ptr : "";
}

static const char *S_label(gw_buf *b, const char *deadline)
{
    gw_buf_clear(b);
    gw_deadline_label(deadline, b);
    return b->ptr ? b->ptr : "";
}

static const char *S_numstr(char *buf, size_t sz, size_t v)
{
    snprintf(buf, sz, "%zu", v);
    return buf;
}

typedef struct S_sum {
    const gw_tasklist *tl;
    gw_unitstat *units;
    size_t nunits;
    gw_month *months;
    size_t nmonths;
    size_t *task_month;  /* per task, the index of its month in months */
    size_t *owner_order; /* indices into units with owner > 0, by owner count */
    size_t nowners;
    gw_buf b;            /* the body not yet handed to doc (S_flush) */
    gw_sumdoc *doc;
    gw_buf t1, t2;       /* scratch */
    char title_u[96], title_m[96]; /* chart titles */
} S_sum;

/* Hands the body written so far to the document once it is long (called
 * between table rows), so a summary of thousands of tasks is never held
 * whole: it is deflated as it goes. */
static void S_flush(S_sum *s)
{
    if (s->b.len >= ((size_t)1 << 20))
        gw_sumdoc_body(s->doc, &s->b);
}

/* Ranking: by count, descending; first appearance breaks ties. */
typedef struct S_rank {
    size_t key, idx;
} S_rank;

static int S_rank_cmp(const void *pa, const void *pb)
{
    const S_rank *a = pa, *b = pb;
    if (a->key != b->key)
        return a->key > b->key ? -1 : 1;
    return a->idx < b->idx ? -1 : a->idx > b->idx;
}

/* Indices of the units with a non-zero count (owner or total), ranked;
 * returns how many (the array has room for all units). */
static size_t S_ranked(const S_sum *s, int by_total, size_t *order)
{
    S_rank *r = gw_xmalloc((s->nunits ? s->nunits : 1) * sizeof *r);
    size_t n = 0;
    for (size_t i = 0; i < s->nunits; i++) {
        size_t key = by_total ? s->units[i].total : s->units[i].owner;
        if (key)
            r[n++] = (S_rank){key, i};
    }
    if (n > 1)
        qsort(r, n, sizeof *r, S_rank_cmp);
    for (size_t i = 0; i < n; i++)
        order[i] = r[i].idx;
    free(r);
    return n;
}

static void S_heading(S_sum *s, const char *style, size_t n, const char *text)
{
    gw_buf_clear(&s->t1);
    if (strcmp(style, "GwHeading1") == 0) {
        S_cn_num(&s->t1, n);
        gw_buf_puts(&s->t1, "、");
    } else {
        gw_buf_puts(&s->t1, "（");
        S_cn_num(&s->t1, n);
        gw_buf_puts(&s->t1, "）");
    }
    gw_buf_puts(&s->t1, text);
    gw_sum_para(&s->b, style, NULL, s->t1.ptr);
}

static void S_overview(S_sum *s, size_t *sec)
{
    const gw_tasklist *tl = s->tl;
    size_t dated = 0, ongoing = 0, none = 0, nolead = 0;
    for (size_t i = 0; i < tl->ntasks; i++) {
        const char *v = tl->tasks[i].deadline;
        if (!v)
            none++;
        else if (strcmp(v, "ONGOING") == 0)
            ongoing++;
        else
            dated++;
        nolead += tl->tasks[i].units[GW_ROLE_LEAD].n == 0;
    }
    S_heading(s, "GwHeading1", ++*sec, "总体情况");
    gw_buf_clear(&s->t1);
    gw_buf_printf(&s->t1, "共梳理工作任务%zu项，涉及单位%zu个，其中牵头（主责）单位%zu个。", tl->ntasks,
                  s->nunits, s->nowners);
    if (tl->ntasks) {
        gw_buf_printf(&s->t1, "已明确完成时限的%zu项", dated);
        if (ongoing)
            gw_buf_printf(&s->t1, "，长期坚持的%zu项", ongoing);
        if (none)
            gw_buf_printf(&s->t1, "，未明确完成时限的%zu项", none);
        gw_buf_puts(&s->t1, "。");
    }
    if (nolead)
        gw_buf_printf(&s->t1, "未明确牵头单位的%zu项，统计时按责任单位计。", nolead);
    gw_buf_puts(&s->t1, "任务明细见附件。");
    gw_sum_para(&s->b, "GwBody", NULL, s->t1.ptr);
    if (tl->nplans > 1) {
        gw_buf_clear(&s->t1);
        gw_buf_puts(&s->t1, "其中：");
        for (size_t p = 0; p < tl->nplans; p++) {
            const gw_splan *pl = &tl->plans[p];
            if (p)
                gw_buf_puts(&s->t1, "；");
            if (*pl->title)
                gw_buf_printf(&s->t1, "《%s》", pl->title);
            else
                gw_buf_puts(&s->t1, pl->name);
            gw_buf_printf(&s->t1, "%zu项（序号%zu—%zu）", pl->count, pl->first + 1,
                          pl->first + pl->count);
        }
        gw_buf_puts(&s->t1, "。");
        gw_sum_para(&s->b, "GwBody", NULL, s->t1.ptr);
    }
}

/* 二、任务统计: per lead unit, per month, units with most tasks; fills the
 * two chart descriptions (their arrays are owned by the caller). */
static void S_statistics(S_sum *s, size_t *sec, gw_sumchart *ch, const char **cats_u, size_t *vals_u,
                         const char **cats_m, size_t *vals_m, char **labels_m, size_t *nch)
{
    const gw_tasklist *tl = s->tl;
    char n1[24], n2[24], n3[24], n4[24], pct[24];
    size_t sub = 0;
    S_heading(s, "GwHeading1", ++*sec, "任务统计");

    /* per lead unit */
    S_heading(s, "GwHeading2", ++sub, "各牵头单位任务数");
    gw_sum_para(&s->b, "GwBody", NULL,
                "按牵头单位统计；一项任务有几个牵头单位，分别计入各单位；未明确牵头单位的任务计入其责任单位。");
    static const int w1[] = {900, 5244, 1350, 1350};
    static const char *const h1[] = {"序号", "牵头（主责）单位", "任务数", "占比"};
    static const char *const j1[] = {"center", "left", "center", "center"};
    gw_sum_table_open(&s->b, w1, 4);
    gw_sum_text_row(&s->b, h1, NULL, w1, 4, 1);
    for (size_t k = 0; k < s->nowners; k++) {
        const gw_unitstat *u = &s->units[s->owner_order[k]];
        size_t permille = tl->ntasks ? (u->owner * 1000 + tl->ntasks / 2) / tl->ntasks : 0;
        snprintf(pct, sizeof pct, "%zu.%zu%%", permille / 10, permille % 10);
        const char *row[] = {S_numstr(n1, sizeof n1, k + 1), u->name, S_numstr(n2, sizeof n2, u->owner), pct};
        gw_sum_text_row(&s->b, row, j1, w1, 4, 0);
        S_flush(s);
    }
    gw_sum_table_close(&s->b);
    size_t nu = s->nowners < 15 ? s->nowners : 15;
    if (nu > 0) {
        for (size_t k = 0; k < nu; k++) {
            cats_u[k] = s->units[s->owner_order[k]].name;
            vals_u[k] = s->units[s->owner_order[k]].owner;
        }
        gw_sumchart *c = &ch[(*nch)++];
        memset(c, 0, sizeof *c);
        snprintf(s->title_u, sizeof s->title_u, "图%zu　各牵头单位任务数%s", *nch,
                 s->nowners > nu ? "（前15位）" : "");
        c->title = s->title_u;
        c->cat_head = "牵头单位";
        c->series = "任务数";
        c->cats = cats_u;
        c->vals = vals_u;
        c->n = nu;
        c->horizontal = 1;
        c->cx = 156 * S_MM;
        c->cy = (long)(28 + 9 * (long)nu) * S_MM;
        if (c->cy < 60 * S_MM)
            c->cy = 60 * S_MM;
        gw_sum_chart_para(&s->b, c, (int)*nch);
    }

    /* per month */
    S_heading(s, "GwHeading2", ++sub, "完成时限分布");
    static const int w2[] = {2200, 1200, 5444};
    static const char *const h2[] = {"完成时限", "任务数", "任务序号"};
    static const char *const j2[] = {"center", "center", "left"};
    gw_sum_table_open(&s->b, w2, 3);
    gw_sum_text_row(&s->b, h2, NULL, w2, 3, 1);
    for (size_t k = 0; k < s->nmonths; k++) {
        gw_buf_clear(&s->t1);
        gw_bucket_label(s->months[k].key, &s->t1);
        labels_m[k] = gw_xstrdup(s->t1.ptr);
        gw_buf_clear(&s->t2);
        for (size_t i = 0; i < tl->ntasks; i++)
            if (s->task_month[i] == k) {
                if (s->t2.len)
                    gw_buf_puts(&s->t2, "、");
                gw_buf_puts(&s->t2, S_numstr(n1, sizeof n1, tl->tasks[i].no));
            }
        const char *row[] = {labels_m[k], S_numstr(n1, sizeof n1, s->months[k].count), s->t2.ptr};
        gw_sum_text_row(&s->b, row, j2, w2, 3, 0);
        S_flush(s);
        cats_m[k] = labels_m[k];
        vals_m[k] = s->months[k].count;
    }
    gw_sum_table_close(&s->b);
    if (s->nmonths > 0) {
        gw_sumchart *c = &ch[(*nch)++];
        memset(c, 0, sizeof *c);
        snprintf(s->title_m, sizeof s->title_m, "图%zu　各月到期任务数", *nch);
        c->title = s->title_m;
        c->cat_head = "完成时限";
        c->series = "任务数";
        c->cats = cats_m;
        c->vals = vals_m;
        c->n = s->nmonths;
        c->horizontal = 0;
        c->cx = 156 * S_MM;
        c->cy = 85 * S_MM;
        gw_sum_chart_para(&s->b, c, (int)*nch);
    }

    /* units with the most tasks */
    S_heading(s, "GwHeading2", ++sub, "任务较多的单位");
    size_t *order = gw_xmalloc((s->nunits ? s->nunits : 1) * sizeof *order);
    size_t ranked = S_ranked(s, 1, order);
    size_t top = ranked < 10 ? ranked : 10;
    gw_buf_clear(&s->t1);
    gw_buf_printf(&s->t1, "按牵头、责任、配合合计，承担任务最多的%zu个单位如下（一项任务只计一次）。", top);
    gw_sum_para(&s->b, "GwBody", NULL, s->t1.ptr);
    static const int w3[] = {850, 3594, 1100, 1100, 1100, 1100};
    static const char *const h3[] = {"序号", "单位", "牵头", "责任", "配合", "合计"};
    static const char *const j3[] = {"center", "left", "center", "center", "center", "center"};
    gw_sum_table_open(&s->b, w3, 6);
    gw_sum_text_row(&s->b, h3, NULL, w3, 6, 1);
    for (size_t k = 0; k < top; k++) {
        const gw_unitstat *u = &s->units[order[k]];
        char n5[24];
        const char *row[] = {S_numstr(n1, sizeof n1, k + 1),
                             u->name,
                             S_numstr(n2, sizeof n2, u->count[GW_ROLE_LEAD]),
                             S_numstr(n3, sizeof n3, u->count[GW_ROLE_RESP]),
                             S_numstr(n4, sizeof n4, u->count[GW_ROLE_SUPP]),
                             S_numstr(n5, sizeof n5, u->total)};
        gw_sum_text_row(&s->b, row, j3, w3, 6, 0);
        S_flush(s);
    }
    gw_sum_table_close(&s->b);
    free(order);
}

/* 三、按月完成时限: every task under the month it falls due. */
static void S_by_month(S_sum *s, size_t *sec)
{
    const gw_tasklist *tl = s->tl;
    S_heading(s, "GwHeading1", ++*sec, "按月完成时限");
    static const int w[] = {1700, 850, 4194, 2100};
    static const char *const h[] = {"完成时限", "序号", "工作任务", "牵头（主责）单位"};
    gw_sum_table_open(&s->b, w, 4);
    gw_sum_text_row(&s->b, h, NULL, w, 4, 1);
    gw_buf cell = {0};
    char n1[24];
    for (size_t k = 0; k < s->nmonths; k++) {
        size_t row = 0;
        for (size_t i = 0; i < tl->ntasks; i++) {
            const gw_stask *t = &tl->tasks[i];
            if (s->task_month[i] != k)
                continue;
            gw_sum_tr_open(&s->b, 0, 1);
            gw_buf_clear(&cell);
            if (row == 0) {
                gw_buf_clear(&s->t1);
                gw_bucket_label(s->months[k].key, &s->t1);
                gw_sum_para(&cell, "GwTableText", "center", s->t1.ptr);
            }
            gw_sum_tc(&s->b, w[0], s->months[k].count > 1 ? (row == 0 ? 1 : 2) : 0, 1, cell.ptr);
            gw_buf_clear(&cell);
            gw_sum_para(&cell, "GwTableText", "center", S_numstr(n1, sizeof n1, t->no));
            gw_sum_tc(&s->b, w[1], 0, 1, cell.ptr);
            gw_buf_clear(&cell);
            gw_sum_para_open(&cell, "GwTableText", NULL, NULL);
            gw_sum_run(&cell, t->brief, 0);
            const char *lab = S_label(&s->t1, t->deadline);
            if (*lab && t->deadline && strcmp(t->deadline, "ONGOING") != 0) {
                gw_buf_clear(&s->t2);
                gw_buf_printf(&s->t2, "（%s）", lab);
                gw_sum_run(&cell, s->t2.ptr, 0);
            }
            gw_buf_puts(&cell, "</w:p>");
            gw_sum_tc(&s->b, w[2], 0, 1, cell.ptr);
            gw_buf_clear(&cell);
            gw_sum_para(&cell, "GwTableText", "center", S_join(&s->t1, gw_task_owners(t)));
            gw_sum_tc(&s->b, w[3], 0, 1, cell.ptr);
            gw_sum_tr_close(&s->b);
            S_flush(s);
            row++;
        }
    }
    gw_sum_table_close(&s->b);
    gw_buf_free(&cell);
}

/* Every unit's tasks, in task order, each with the strongest role the
 * unit has in it: duty[first[u] .. first[u+1]). */
typedef struct S_duty {
    size_t task;
    int role;
} S_duty;

typedef struct S_duties_ix {
    S_duty *duty;
    size_t *first;
} S_duties_ix;

static void S_duties_index(const S_sum *s, S_duties_ix *ix)
{
    const gw_tasklist *tl = s->tl;
    size_t nu = s->nunits;
    S_names h = {0};
    for (size_t u = 0; u < nu; u++)
        S_names_get(&h, s->units[u].name, 1, u);
    size_t *stamp = gw_xcalloc(nu ? nu : 1, sizeof *stamp);
    ix->first = gw_xcalloc(nu + 1, sizeof *ix->first);
    /* two passes over the tasks: count, then place */
    S_duty *duty = NULL;
    size_t *fill = NULL;
    for (int pass = 0; pass < 2; pass++) {
        memset(stamp, 0, (nu ? nu : 1) * sizeof *stamp);
        for (size_t i = 0; i < tl->ntasks; i++) {
            const gw_stask *t = &tl->tasks[i];
            for (int r = 0; r < GW_ROLE_MAX; r++)
                for (size_t q = 0; q < t->units[r].n; q++) {
                    size_t u = S_names_get(&h, t->units[r].v[q], 0, 0);
                    if (u == (size_t)-1 || stamp[u] == i + 1)
                        continue;
                    stamp[u] = i + 1;
                    if (pass == 0) {
                        ix->first[u + 1]++;
                    } else {
                        duty[fill[u]].task = i;
                        duty[fill[u]++].role = r;
                    }
                }
        }
        if (pass == 0) {
            for (size_t u = 0; u < nu; u++)
                ix->first[u + 1] += ix->first[u];
            duty = gw_xcalloc(ix->first[nu] ? ix->first[nu] : 1, sizeof *duty);
            fill = gw_xmalloc((nu ? nu : 1) * sizeof *fill);
            memcpy(fill, ix->first, nu * sizeof *fill);
        }
    }
    ix->duty = duty;
    free(fill);
    free(stamp);
    S_names_free(&h);
}

/* 四、责任清单: per unit, the tasks it leads, then those it shares. */
static void S_duties(S_sum *s, size_t *sec)
{
    const gw_tasklist *tl = s->tl;
    static const char *const role_name[GW_ROLE_MAX] = {"牵头", "责任", "配合"};
    S_heading(s, "GwHeading1", ++*sec, "责任清单");
    gw_sum_para(&s->b, "GwBody", NULL,
                "按单位列出其牵头的任务和参与（责任、配合）的任务，单位按在方案中首次出现的顺序排列，序号与附件一致。");
    static const int w[] = {850, 5094, 1100, 1800};
    static const char *const h[] = {"序号", "工作任务", "职责", "完成时限"};
    static const char *const j[] = {"center", "both", "center", "center"};
    char n1[24];
    S_duties_ix ix;
    S_duties_index(s, &ix);
    for (size_t u = 0; u < s->nunits; u++) {
        const gw_unitstat *us = &s->units[u];
        S_heading(s, "GwHeading2", u + 1, us->name);
        size_t shares = us->total - us->count[GW_ROLE_LEAD];
        gw_buf_clear(&s->t1);
        gw_buf_printf(&s->t1, "牵头%zu项，参与%zu项。", us->count[GW_ROLE_LEAD],
                      us->total >= us->count[GW_ROLE_LEAD] ? shares : 0);
        gw_sum_para_open(&s->b, "GwBody", NULL, "<w:keepNext/>");
        gw_sum_run(&s->b, s->t1.ptr, 0);
        gw_buf_puts(&s->b, "</w:p>");
        gw_sum_table_open(&s->b, w, 4);
        gw_sum_text_row(&s->b, h, NULL, w, 4, 1);
        /* leads first, then shares; each task once, in its strongest role */
        const S_duty *dv = ix.duty + ix.first[u];
        size_t nd = ix.first[u + 1] - ix.first[u];
        for (int pass = 0; pass < 2; pass++)
            for (size_t k = 0; k < nd; k++) {
                int role = dv[k].role;
                if ((pass == 0) != (role == GW_ROLE_LEAD))
                    continue;
                const gw_stask *t = &tl->tasks[dv[k].task];
                const char *row[] = {S_numstr(n1, sizeof n1, t->no), t->brief, role_name[role],
                                     S_label(&s->t2, t->deadline)};
                gw_sum_text_row(&s->b, row, j, w, 4, 0);
                S_flush(s);
            }
        gw_sum_table_close(&s->b);
    }
    free(ix.duty);
    free(ix.first);
}

/* Width of s in half-字 (CJK 2, ASCII 1). */
static size_t S_halfwidths(const char *s)
{
    size_t n = strlen(s), i = 0, w = 0;
    while (i < n) {
        size_t k;
        uint32_t c = S_cp(s, n, i, &k);
        w += c >= 0x1100 ? 2 : 1;
        i += k;
    }
    return w;
}

/* Estimated lines of a cell of hw half-字 in a column w twips wide (4号:
 * 140 twips a half-字, 170 of cell margins). */
static size_t S_cell_lines(size_t hw, int w)
{
    size_t cap = (size_t)(w - 170) / 140;
    return hw == 0 ? 1 : (hw + cap - 1) / cap;
}

/* Widths of the 任务分解表 (twips, 12756 = 225 mm in all).  序号 850 holds
 * two characters, 完成时限 1800 holds "2025年10月".  The other 10106 go to
 * 工作任务 (at least 4000) and the three unit columns (at least 1400 each,
 * so 工作任务 is always the widest): the 1906 left over after the minimums
 * are shared out in steps of 100 so that the table is as short as
 * possible (estimated lines, summed over rows); ties keep the most for
 * 工作任务. */
#define GW_SUM_WIDTH_SAMPLE 1024

static void S_breakdown_widths(const gw_tasklist *tl, int w[6])
{
    static const int minw[4] = {4000, 1400, 1400, 1400};
    const int spare = GW_SUM_LANDSCAPE_W - 850 - 1800 - (4000 + 1400 * 3), steps = spare / 100;
    size_t n = tl->ntasks;
    size_t *hw = gw_xcalloc((n ? n : 1) * 4, sizeof *hw);
    gw_buf u = {0};
    for (size_t i = 0; i < n; i++) {
        const gw_stask *t = &tl->tasks[i];
        hw[i * 4] = S_halfwidths(t->core);
        for (int r = 0; r < GW_ROLE_MAX; r++)
            hw[i * 4 + 1 + r] = S_halfwidths(S_join(&u, &t->units[r]));
    }
    gw_buf_free(&u);
    /* Every split is tried (1,540 of them).  A long table is judged on an
     * evenly spread sample of GW_SUM_WIDTH_SAMPLE rows, which decides the
     * same split for any realistic table and keeps this linear in rows. */
    size_t ns = n > GW_SUM_WIDTH_SAMPLE ? GW_SUM_WIDTH_SAMPLE : n;
    int best[4] = {steps, 0, 0, 0};
    size_t best_lines = (size_t)-1;
    for (int a = steps; a >= 0; a--)
        for (int b = steps - a; b >= 0; b--)
            for (int c = steps - a - b; c >= 0; c--) {
                int e[4] = {a, b, c, steps - a - b - c};
                size_t lines = 0;
                for (size_t j = 0; j < ns && lines < best_lines; j++) {
                    size_t i = ns == n ? j : j * n / ns;
                    size_t rowl = 1;
                    for (int k = 0; k < 4; k++) {
                        size_t l = S_cell_lines(hw[i * 4 + k], minw[k] + e[k] * 100);
                        rowl = l > rowl ? l : rowl;
                    }
                    lines += rowl;
                }
                if (lines < best_lines) {
                    best_lines = lines;
                    memcpy(best, e, sizeof best);
                }
            }
    free(hw);
    w[0] = 850;
    w[5] = 1800;
    for (int k = 0; k < 4; k++)
        w[1 + k] = minw[k] + best[k] * 100;
    w[1] += spare - steps * 100; /* the remainder below one step */
}

/* The attachment: 任务分解表 on landscape pages. */
static void S_breakdown(S_sum *s, const char *title)
{
    const gw_tasklist *tl = s->tl;
    int w[6];
    S_breakdown_widths(tl, w);
    static const char *const h[] = {"序号", "工作任务", "牵头单位", "责任单位", "配合单位", "完成时限"};
    static const char *const j[] = {"center", "both", "center", "center", "center", "center"};
    gw_sum_para_open(&s->b, "GwAttachLabel", NULL, "<w:pageBreakBefore w:val=\"0\"/>");
    gw_sum_run(&s->b, "附件", 0);
    gw_buf_puts(&s->b, "</w:p>");
    gw_sum_para(&s->b, "GwAttachTitle", NULL, title);
    gw_sum_para(&s->b, NULL, NULL, NULL);
    gw_sum_table_open(&s->b, w, 6);
    gw_sum_text_row(&s->b, h, NULL, w, 6, 1);
    gw_buf u1 = {0}, u2 = {0}, u3 = {0}, cell = {0};
    char n1[24];
    for (size_t p = 0; p < tl->nplans; p++) {
        const gw_splan *pl = &tl->plans[p];
        if (tl->nplans > 1) {
            gw_buf_clear(&s->t1);
            if (*pl->title)
                gw_buf_printf(&s->t1, "《%s》（%zu项）", pl->title, pl->count);
            else
                gw_buf_printf(&s->t1, "%s（%zu项）", pl->name, pl->count);
            gw_buf_clear(&cell);
            gw_sum_para_open(&cell, "GwTableHead", "left", "<w:keepNext/>");
            gw_sum_run(&cell, s->t1.ptr, 0);
            gw_buf_puts(&cell, "</w:p>");
            gw_sum_tr_open(&s->b, 0, 1);
            gw_sum_tc(&s->b, GW_SUM_LANDSCAPE_W, 0, 6, cell.ptr);
            gw_sum_tr_close(&s->b);
            S_flush(s);
        }
        for (size_t i = pl->first; i < pl->first + pl->count; i++) {
            const gw_stask *t = &tl->tasks[i];
            const char *row[] = {S_numstr(n1, sizeof n1, t->no),
                                 t->core,
                                 S_join(&u1, &t->units[GW_ROLE_LEAD]),
                                 S_join(&u2, &t->units[GW_ROLE_RESP]),
                                 S_join(&u3, &t->units[GW_ROLE_SUPP]),
                                 S_label(&s->t2, t->deadline)};
            gw_sum_text_row(&s->b, row, j, w, 6, 0);
            S_flush(s);
        }
    }
    gw_sum_table_close(&s->b);
    gw_buf_free(&u1);
    gw_buf_free(&u2);
    gw_buf_free(&u3);
    gw_buf_free(&cell);
}

int gw_summary_docx(const gw_tasklist *tl, const gw_summary_opts *o, gw_buf *out, gw_diags *d)
{
    gw_sumdoc *doc = gw_sumdoc_open(o ? o->threads : 0, d);
    if (!doc)
        return -1;
    S_sum s;
    memset(&s, 0, sizeof s);
    s.doc = doc;
    s.tl = tl;
    s.units = gw_unit_stats(tl, &s.nunits);
    s.months = gw_month_stats(tl, &s.nmonths);
    s.task_month = gw_xmalloc((tl->ntasks ? tl->ntasks : 1) * sizeof *s.task_month);
    for (size_t i = 0; i < tl->ntasks; i++) {
        gw_month key;
        gw_deadline_bucket(tl->tasks[i].deadline, key.key, sizeof key.key);
        const gw_month *m = bsearch(&key, s.months, s.nmonths, sizeof *s.months, S_month_cmp);
        s.task_month[i] = m ? (size_t)(m - s.months) : (size_t)-1;
    }
    s.owner_order = gw_xmalloc((s.nunits ? s.nunits : 1) * sizeof *s.owner_order);
    s.nowners = S_ranked(&s, 0, s.owner_order);

    /* title and the plans it is based on */
    const char *single = tl->nplans == 1 && *tl->plans[0].title ? tl->plans[0].title : NULL;
    char *title = gw_xstrdup("工作任务分解汇总");
    char *attach_title = single ? gw_xasprintf("%s任务分解表", single) : gw_xstrdup("任务分解表");
    gw_sum_para(&s.b, "GwTitle", NULL, title);
    gw_buf_clear(&s.t1);
    for (size_t p = 0; p < tl->nplans; p++) {
        if (p)
            gw_buf_puts(&s.t1, "、");
        if (*tl->plans[p].title)
            gw_buf_printf(&s.t1, "《%s》", tl->plans[p].title);
        else
            gw_buf_puts(&s.t1, tl->plans[p].name);
    }
    if (s.t1.len) {
        char *sub = gw_xasprintf("（依据%s整理）", s.t1.ptr);
        gw_sum_para(&s.b, "GwSubtitle", NULL, sub);
        free(sub);
    }
    gw_sum_para(&s.b, NULL, NULL, NULL);

    size_t sec = 0, nch = 0;
    gw_sumchart ch[2];
    size_t nc = s.nunits ? s.nunits : 1, nm = s.nmonths ? s.nmonths : 1;
    const char **cats_u = gw_xcalloc(nc, sizeof *cats_u);
    size_t *vals_u = gw_xcalloc(nc, sizeof *vals_u);
    const char **cats_m = gw_xcalloc(nm, sizeof *cats_m);
    size_t *vals_m = gw_xcalloc(nm, sizeof *vals_m);
    char **labels_m = gw_xcalloc(nm, sizeof *labels_m);
    S_overview(&s, &sec);
    if (tl->ntasks) {
        S_statistics(&s, &sec, ch, cats_u, vals_u, cats_m, vals_m, labels_m, &nch);
        S_by_month(&s, &sec);
        S_duties(&s, &sec);
    }
    /* 附件说明, closing the portrait section */
    /* the sectPr belongs at the end of pPr: open by hand */
    gw_buf_puts(&s.b, "<w:p><w:pPr><w:pStyle w:val=\"GwAttachNote\"/><w:spacing w:before=\"579\"/>");
    gw_buf_puts(&s.b, gw_sumdoc_portrait_sectpr(doc));
    gw_buf_puts(&s.b, "</w:pPr>");
    char *note = gw_xasprintf("附件：%s", attach_title);
    gw_sum_run(&s.b, note, 0);
    free(note);
    gw_buf_puts(&s.b, "</w:p>");

    S_breakdown(&s, attach_title);
    gw_sum_landscape_sectpr(&s.b);

    if (tl->ntasks == 0)
        gw_diags_add(d, GW_WARNING, tl->nplans ? tl->plans[0].name : NULL, 0, 0,
                     "没有识别出任务，汇总只有表头");
    char *core_title = single ? gw_xasprintf("%s任务分解汇总", single) : gw_xstrdup(title);
    gw_sumdoc_body(doc, &s.b);
    int rc = gw_sumdoc_finish(doc, core_title, ch, nch, o ? o->epoch : -1, out, d);

    free(core_title);
    for (size_t k = 0; k < s.nmonths; k++)
        free(labels_m[k]);
    free(labels_m);
    free(cats_u);
    free(vals_u);
    free(cats_m);
    free(vals_m);
    free(title);
    free(attach_title);
    free(s.units);
    free(s.months);
    free(s.task_month);
    free(s.owner_order);
    gw_buf_free(&s.b);
    gw_buf_free(&s.t1);
    gw_buf_free(&s.t2);
    gw_sumdoc_free(doc);
    return rc;
}
