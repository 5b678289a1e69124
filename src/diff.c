/*
 * diff.c — the 修改对照表 between two versions of a plan (gongwen diff).
 *
 * Pairing (see diff.h): every old/new pair whose core texts are similar
 * enough is a candidate; candidates are taken best first (similarity, then
 * the same id, then the nearer relative position, then old and new order,
 * so the result never depends on sort stability) and each task is paired at
 * most once.  A pair needs a similarity of at least 50%, or 30% when both
 * carry the same id (a task rewritten in place).
 *
 * The DOCX is one landscape section in the summary's shell (summary.h):
 *   标题 《…》修改对照表, 副标题 (原稿 / 修改稿), a sentence of counts, and
 *   the table 序号 | 修改类型 | 原稿 | 修改稿 (widths 850/2000/4953/4953 =
 *   225 mm), header repeated; each side shows the task's id and text and
 *   its units and deadline, the changed lines in bold.
 *
 * Ownership: see diff.h.  Nothing here prints.
 */
#include "diff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define S_NONE ((size_t)-1)

const char *gw_change_kind_name(gw_change_kind k)
{
    static const char *const names[GW_CHANGE_MAX] = {"added", "removed", "renumbered", "changed"};
    return k >= 0 && k < GW_CHANGE_MAX ? names[k] : "";
}

/* ------------------------------------------------------------------ */
/* similarity                                                          */

static int S_is_punct(uint32_t c)
{
    if (c < 0x80)
        return !((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
    return (c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF0F) ||
           (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65);
}

static int S_u64_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Sorted character bigrams of s (punctuation dropped); *n of them. */
static uint64_t *S_bigrams(const char *s, size_t *n)
{
    size_t len = strlen(s), i = 0, ncp = 0;
    uint32_t *cp = gw_xmalloc((len + 1) * sizeof *cp);
    while (i < len) {
        uint32_t c;
        size_t k = gw_utf8_decode(s + i, len - i, &c);
        if (!k) {
            i++;
            continue;
        }
        i += k;
        if (!S_is_punct(c))
            cp[ncp++] = c;
    }
    uint64_t *v = gw_xmalloc((ncp ? ncp : 1) * sizeof *v);
    size_t nv = 0;
    if (ncp == 1)
        v[nv++] = (uint64_t)cp[0] << 32;
    for (size_t j = 0; j + 1 < ncp; j++)
        v[nv++] = ((uint64_t)cp[j] << 32) | cp[j + 1];
    if (nv > 1)
        qsort(v, nv, sizeof *v, S_u64_cmp);
    free(cp);
    *n = nv;
    return v;
}

static int S_dice(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
    if (na == 0 && nb == 0)
        return 1000;
    size_t i = 0, j = 0, common = 0;
    while (i < na && j < nb) {
        if (a[i] == b[j]) {
            common++;
            i++;
            j++;
        } else if (a[i] < b[j]) {
            i++;
        } else {
            j++;
        }
    }
    return (int)(2000 * common / (na + nb));
}

int gw_text_similarity(const char *x, const char *y)
{
    size_t na, nb;
    uint64_t *a = S_bigrams(x ? x : "", &na);
    uint64_t *b = S_bigrams(y ? y : "", &nb);
    int r = S_dice(a, na, b, nb);
    free(a);
    free(b);
    return r;
}

/* ------------------------------------------------------------------ */
/* pairing                                                             */

typedef struct S_cand {
    size_t i, j;
    int score;    /* 0..1000 */
    int same_id;
    long long dist; /* |i/na - j/nb| scaled */
} S_cand;

static int S_cand_cmp(const void *pa, const void *pb)
{
    const S_cand *a = pa, *b = pb;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    if (a->same_id != b->same_id)
        return a->same_id > b->same_id ? -1 : 1;
    if (a->dist != b->dist)
        return a->dist < b->dist ? -1 : 1;
    if (a->i != b->i)
        return a->i < b->i ? -1 : 1;
    return a->j < b->j ? -1 : a->j > b->j;
}

static void S_push(gw_diff *df, gw_change_kind kind, const gw_stask *o, const gw_stask *c, const char *field,
                   const char *before, const char *after)
{
    if (df->n == df->cap) {
        df->cap = df->cap ? df->cap * 2 : 16;
        df->v = gw_xrealloc(df->v, df->cap * sizeof *df->v);
    }
    gw_change *g = &df->v[df->n++];
    g->kind = kind;
    g->old = o;
    g->cur = c;
    g->field = field;
    g->before = gw_xstrdup(before ? before : "");
    g->after = gw_xstrdup(after ? after : "");
}

static char *S_join(const gw_units *u)
{
    gw_buf b = {0};
    for (size_t i = 0; i < u->n; i++) {
        if (i)
            gw_buf_puts(&b, "、");
        gw_buf_puts(&b, u->v[i]);
    }
    return b.ptr ? gw_buf_detach(&b) : gw_xstrdup("");
}

static void S_compare(gw_diff *df, const gw_stask *o, const gw_stask *c, int shift_only)
{
    static const char *const roles[GW_ROLE_MAX] = {"lead", "responsible", "support"};
    if (strcmp(o->id, c->id) != 0) {
        if (shift_only)
            df->shifted++;
        else
            S_push(df, GW_CHANGE_RENUMBERED, o, c, "id", o->id, c->id);
    }
    if (strcmp(o->core, c->core) != 0)
        S_push(df, GW_CHANGE_CHANGED, o, c, "text", o->core, c->core);
    for (int r = 0; r < GW_ROLE_MAX; r++) {
        char *x = S_join(&o->units[r]), *y = S_join(&c->units[r]);
        if (strcmp(x, y) != 0)
            S_push(df, GW_CHANGE_CHANGED, o, c, roles[r], x, y);
        free(x);
        free(y);
    }
    const char *x = o->deadline ? o->deadline : "", *y = c->deadline ? c->deadline : "";
    if (strcmp(x, y) != 0)
        S_push(df, GW_CHANGE_CHANGED, o, c, "deadline", x, y);
}

/* The last component of an id as a number: "3", "（三）", "十二、" → 3, 3, 12;
 * -1 when it is none.  *parent_len: bytes before that component's '/'. */
static long S_id_num(const char *id, size_t *parent_len)
{
    const char *slash = strrchr(id, '/');
    const char *s = slash ? slash + 1 : id;
    *parent_len = slash ? (size_t)(slash - id) : 0;
    size_t n = strlen(s), i = 0;
    long value = 0, cur = 0;
    int digits = 0;
    while (i < n) {
        uint32_t c;
        size_t k = gw_utf8_decode(s + i, n - i, &c);
        if (!k)
            return -1;
        i += k;
        static const uint32_t cn[] = {0x96F6, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D};
        long d = -1;
        if (c >= '0' && c <= '9')
            d = (long)(c - '0');
        for (long q = 0; q < 10 && d < 0; q++)
            if (c == cn[q] || (q == 0 && c == 0x3007))
                d = q;
        if (c >= '0' && c <= '9') {
            cur = cur * 10 + d;
            digits++;
        } else if (d >= 0) {
            cur = d;
            digits++;
        } else if (c == 0x5341) { /* 十 */
            value += (cur ? cur : 1) * 10;
            cur = 0;
            digits++;
        } else if (c == 0x767E) { /* 百 */
            value += cur * 100;
            cur = 0;
            digits++;
        } else if (!(c == '(' || c == ')' || c == 0xFF08 || c == 0xFF09 || c == '.' || c == 0x3001 ||
                     c == 0xFF0E)) {
            return -1;
        }
    }
    return digits ? value + cur : -1;
}

/* Is the pair's change of id only the shift caused by tasks added or
 * removed before it in the same group (same parent id)? */
static int S_shift_only(const gw_tasklist *a, const gw_tasklist *b, size_t i, size_t j, const size_t *a2b,
                        const size_t *b2a)
{
    const char *x = a->tasks[i].id, *y = b->tasks[j].id;
    size_t px, py;
    long nx = S_id_num(x, &px), ny = S_id_num(y, &py);
    if (nx < 0 || ny < 0 || px != py || strncmp(x, y, px) != 0)
        return 0;
    long expect = 0;
    size_t pq;
    for (size_t k = 0; k < i; k++)
        if (a2b[k] == S_NONE && S_id_num(a->tasks[k].id, &pq) >= 0 && pq == px &&
            strncmp(a->tasks[k].id, x, px) == 0)
            expect--;
    for (size_t k = 0; k < j; k++)
        if (b2a[k] == S_NONE && S_id_num(b->tasks[k].id, &pq) >= 0 && pq == py &&
            strncmp(b->tasks[k].id, y, py) == 0)
            expect++;
    return ny - nx == expect;
}

void gw_diff_tasks(const gw_tasklist *a, const gw_tasklist *b, gw_diff *out)
{
    memset(out, 0, sizeof *out);
    size_t na = a->ntasks, nb = b->ntasks;
    uint64_t **ga = gw_xcalloc(na ? na : 1, sizeof *ga), **gb = gw_xcalloc(nb ? nb : 1, sizeof *gb);
    size_t *la = gw_xcalloc(na ? na : 1, sizeof *la), *lb = gw_xcalloc(nb ? nb : 1, sizeof *lb);
    for (size_t i = 0; i < na; i++)
        ga[i] = S_bigrams(a->tasks[i].core, &la[i]);
    for (size_t j = 0; j < nb; j++)
        gb[j] = S_bigrams(b->tasks[j].core, &lb[j]);

    S_cand *cand = NULL;
    size_t nc = 0, cap = 0;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++) {
            int same_id = strcmp(a->tasks[i].id, b->tasks[j].id) == 0;
            int score = strcmp(a->tasks[i].core, b->tasks[j].core) == 0 ? 1000 : S_dice(ga[i], la[i], gb[j], lb[j]);
            if (score < 500 && !(same_id && score >= 300))
                continue;
            if (nc == cap) {
                cap = cap ? cap * 2 : 64;
                cand = gw_xrealloc(cand, cap * sizeof *cand);
            }
            long long pi = (long long)i * 1000000 / (long long)na, pj = (long long)j * 1000000 / (long long)nb;
            cand[nc++] = (S_cand){i, j, score, same_id, pi > pj ? pi - pj : pj - pi};
        }
    if (nc > 1)
        qsort(cand, nc, sizeof *cand, S_cand_cmp);
    size_t *a2b = gw_xmalloc((na ? na : 1) * sizeof *a2b), *b2a = gw_xmalloc((nb ? nb : 1) * sizeof *b2a);
    for (size_t i = 0; i < na; i++)
        a2b[i] = S_NONE;
    for (size_t j = 0; j < nb; j++)
        b2a[j] = S_NONE;
    for (size_t k = 0; k < nc; k++)
        if (a2b[cand[k].i] == S_NONE && b2a[cand[k].j] == S_NONE) {
            a2b[cand[k].i] = cand[k].j;
            b2a[cand[k].j] = cand[k].i;
        }

    /* changes in the order of the new version; removed tasks where they stood */
    size_t next_old = 0;
    for (size_t j = 0; j < nb; j++) {
        const gw_stask *c = &b->tasks[j];
        size_t i = b2a[j];
        if (i != S_NONE) {
            for (; next_old < i; next_old++)
                if (a2b[next_old] == S_NONE)
                    S_push(out, GW_CHANGE_REMOVED, &a->tasks[next_old], NULL, "task",
                           a->tasks[next_old].core, "");
            if (next_old <= i)
                next_old = i + 1;
            S_compare(out, &a->tasks[i], c, S_shift_only(a, b, i, j, a2b, b2a));
        } else {
            S_push(out, GW_CHANGE_ADDED, NULL, c, "task", "", c->core);
        }
    }
    for (; next_old < na; next_old++)
        if (a2b[next_old] == S_NONE)
            S_push(out, GW_CHANGE_REMOVED, &a->tasks[next_old], NULL, "task", a->tasks[next_old].core, "");

    out->pair_of_old = a2b;
    out->nold = na;
    free(b2a);
    free(cand);
    for (size_t i = 0; i < na; i++)
        free(ga[i]);
    for (size_t j = 0; j < nb; j++)
        free(gb[j]);
    free(ga);
    free(gb);
    free(la);
    free(lb);
}

void gw_diff_free(gw_diff *df)
{
    if (!df)
        return;
    for (size_t i = 0; i < df->n; i++) {
        free(df->v[i].before);
        free(df->v[i].after);
    }
    free(df->v);
    free(df->pair_of_old);
    memset(df, 0, sizeof *df);
}

/* ------------------------------------------------------------------ */
/* TSV                                                                 */

static void S_tsv(gw_buf *out, const char *v)
{
    for (; v && *v; v++)
        gw_buf_putc(out, (*v == '\t' || *v == '\n' || *v == '\r') ? ' ' : *v);
}

void gw_diff_tsv(const gw_diff *df, gw_buf *out)
{
    gw_buf_puts(out, "change\told_id\tnew_id\tfield\told\tnew\n");
    for (size_t k = 0; k < df->n; k++) {
        const gw_change *g = &df->v[k];
        gw_buf_puts(out, gw_change_kind_name(g->kind));
        gw_buf_putc(out, '\t');
        S_tsv(out, g->old ? g->old->id : "");
        gw_buf_putc(out, '\t');
        S_tsv(out, g->cur ? g->cur->id : "");
        gw_buf_putc(out, '\t');
        gw_buf_puts(out, g->field);
        gw_buf_putc(out, '\t');
        S_tsv(out, g->before);
        gw_buf_putc(out, '\t');
        S_tsv(out, g->after);
        gw_buf_putc(out, '\n');
    }
}

/* ------------------------------------------------------------------ */
/* DOCX                                                                */

enum { S_F_ID = 1, S_F_TEXT = 2, S_F_LEAD = 4, S_F_RESP = 8, S_F_SUPP = 16, S_F_DEADLINE = 32 };

static unsigned S_field_bit(const char *field)
{
    static const char *const names[] = {"id", "text", "lead", "responsible", "support", "deadline"};
    for (unsigned i = 0; i < 6; i++)
        if (strcmp(field, names[i]) == 0)
            return 1u << i;
    return 0;
}

/* One side of a row: id and text, then units and deadline; lines whose
 * field is in bold_mask are bold.  show_mask: which unit/deadline lines
 * to show (shown on both sides when either side has them). */
static void S_side(gw_buf *cell, const gw_stask *t, unsigned bold_mask, unsigned show_mask)
{
    gw_buf_clear(cell);
    if (!t) {
        gw_sum_para(cell, "GwTableText", "center", "—");
        return;
    }
    gw_buf line = {0};
    gw_sum_para_open(cell, "GwTableText", NULL, NULL);
    gw_buf_printf(&line, "【%s】", *t->id ? t->id : "—");
    gw_sum_run(cell, line.ptr, (bold_mask & S_F_ID) != 0);
    gw_sum_run(cell, t->core, (bold_mask & S_F_TEXT) != 0);
    gw_buf_puts(cell, "</w:p>");
    static const char *const label[GW_ROLE_MAX] = {"牵头单位：", "责任单位：", "配合单位："};
    for (int r = 0; r < GW_ROLE_MAX; r++) {
        unsigned bit = (unsigned)S_F_LEAD << r;
        if (!(show_mask & bit))
            continue;
        gw_buf_clear(&line);
        gw_buf_puts(&line, label[r]);
        for (size_t i = 0; i < t->units[r].n; i++) {
            if (i)
                gw_buf_puts(&line, "、");
            gw_buf_puts(&line, t->units[r].v[i]);
        }
        if (t->units[r].n == 0)
            gw_buf_puts(&line, "—");
        gw_sum_para_open(cell, "GwTableText", NULL, NULL);
        gw_sum_run(cell, line.ptr, (bold_mask & bit) != 0);
        gw_buf_puts(cell, "</w:p>");
    }
    if (show_mask & S_F_DEADLINE) {
        gw_buf_clear(&line);
        gw_buf_puts(&line, "完成时限：");
        size_t before = line.len;
        gw_deadline_label(t->deadline, &line);
        if (line.len == before)
            gw_buf_puts(&line, "—");
        gw_sum_para_open(cell, "GwTableText", NULL, NULL);
        gw_sum_run(cell, line.ptr, (bold_mask & S_F_DEADLINE) != 0);
        gw_buf_puts(cell, "</w:p>");
    }
    gw_buf_free(&line);
}

static unsigned S_show(const gw_stask *t)
{
    unsigned m = 0;
    if (!t)
        return 0;
    for (int r = 0; r < GW_ROLE_MAX; r++)
        if (t->units[r].n)
            m |= (unsigned)S_F_LEAD << r;
    if (t->deadline)
        m |= S_F_DEADLINE;
    return m;
}

static const char *S_plan_title(const gw_tasklist *tl)
{
    for (size_t p = 0; p < tl->nplans; p++)
        if (*tl->plans[p].title)
            return tl->plans[p].title;
    return NULL;
}

/* The file name without its folders. */
static const char *S_plan_name(const gw_tasklist *tl)
{
    const char *n = tl->nplans ? tl->plans[0].name : "";
    const char *slash = strrchr(n, '/');
    return slash && slash[1] ? slash + 1 : n;
}

int gw_diff_docx(const gw_diff *df, const gw_tasklist *a, const gw_tasklist *b, const gw_summary_opts *o,
                 gw_buf *out, gw_diags *d)
{
    gw_sumdoc *doc = gw_sumdoc_open(o ? o->threads : 0, d);
    if (!doc)
        return -1;
    gw_buf body = {0}, t = {0}, cell = {0};
    const char *title = S_plan_title(b);
    if (!title)
        title = S_plan_title(a);
    char *head = title ? gw_xasprintf("《%s》修改对照表", title) : gw_xstrdup("修改对照表");
    gw_sum_para(&body, "GwTitle", NULL, head);
    gw_buf_printf(&t, "（原稿：%s；修改稿：%s）", S_plan_name(a), S_plan_name(b));
    gw_sum_para(&body, "GwSubtitle", NULL, t.ptr);
    gw_sum_para(&body, NULL, NULL, NULL);

    /* counts */
    size_t added = 0, removed = 0, renumbered = 0, changed_tasks = 0;
    size_t ftext = 0, funits = 0, fdead = 0;
    for (size_t k = 0; k < df->n; k++) {
        const gw_change *g = &df->v[k];
        added += g->kind == GW_CHANGE_ADDED;
        removed += g->kind == GW_CHANGE_REMOVED;
        renumbered += g->kind == GW_CHANGE_RENUMBERED;
        if (g->kind == GW_CHANGE_CHANGED) {
            unsigned bit = S_field_bit(g->field);
            ftext += bit == S_F_TEXT;
            funits += bit == S_F_LEAD || bit == S_F_RESP || bit == S_F_SUPP;
            fdead += bit == S_F_DEADLINE;
            /* one task counted once: the first CHANGED entry of its run */
            int first = 1;
            for (size_t q = k; q-- > 0 && df->v[q].cur == g->cur && df->v[q].old == g->old;)
                if (df->v[q].kind == GW_CHANGE_CHANGED)
                    first = 0;
            changed_tasks += first;
        }
    }
    gw_buf_clear(&t);
    if (df->n == 0) {
        gw_buf_printf(&t, "两稿共%zu项任务，逐项比对，没有修改。", b->ntasks);
    } else {
        gw_buf_printf(&t, "原稿共%zu项任务，修改稿共%zu项。与原稿相比，", a->ntasks, b->ntasks);
        static const char *const what[] = {"新增", "删除", "调整序号", "修改"};
        const size_t count[] = {added, removed, renumbered, changed_tasks};
        int any = 0;
        for (int i = 0; i < 4; i++)
            if (count[i]) {
                gw_buf_printf(&t, "%s%s%zu项", any ? "，" : "", what[i], count[i]);
                any = 1;
            }
        if (changed_tasks)
            gw_buf_printf(&t, "（涉及任务内容%zu处、承担单位%zu处、完成时限%zu处）", ftext, funits, fdead);
        gw_buf_puts(&t, "。修改处在下表中以粗体标出。");
        if (df->shifted)
            gw_buf_printf(&t, "因增删任务而顺延序号的%zu项，内容未变，不再列出。", df->shifted);
    }
    gw_sum_para(&body, "GwBody", NULL, t.ptr);

    if (df->n > 0) {
        static const int w[] = {850, 2000, 4953, 4953};
        static const char *const h[] = {"序号", "修改类型", "原稿", "修改稿"};
        gw_sum_para(&body, NULL, NULL, NULL);
        gw_sum_table_open(&body, w, 4);
        gw_sum_text_row(&body, h, NULL, w, 4, 1);
        size_t row = 0;
        for (size_t k = 0; k < df->n;) {
            /* one row per task: the run of changes with the same pair */
            size_t e = k;
            unsigned bold = 0;
            while (e < df->n && df->v[e].old == df->v[k].old && df->v[e].cur == df->v[k].cur) {
                bold |= S_field_bit(df->v[e].field);
                e++;
            }
            const gw_change *g = &df->v[k];
            gw_buf_clear(&t);
            if (g->kind == GW_CHANGE_ADDED) {
                gw_buf_puts(&t, "新增任务");
            } else if (g->kind == GW_CHANGE_REMOVED) {
                gw_buf_puts(&t, "删除任务");
            } else {
                static const char *const what[] = {"调整序号", "修改任务内容", "修改牵头单位",
                                                   "修改责任单位", "修改配合单位", "修改完成时限"};
                for (unsigned i = 0; i < 6; i++)
                    if (bold & (1u << i))
                        gw_buf_printf(&t, "%s%s", t.len ? "；" : "", what[i]);
            }
            char num[24];
            snprintf(num, sizeof num, "%zu", ++row);
            gw_sum_tr_open(&body, 0, 0);
            gw_buf_clear(&cell);
            gw_sum_para(&cell, "GwTableText", "center", num);
            gw_sum_tc(&body, w[0], 0, 1, cell.ptr);
            gw_buf_clear(&cell);
            gw_sum_para(&cell, "GwTableText", "center", t.ptr);
            gw_sum_tc(&body, w[1], 0, 1, cell.ptr);
            unsigned show = S_show(g->old) | S_show(g->cur);
            unsigned marks = g->kind == GW_CHANGE_ADDED || g->kind == GW_CHANGE_REMOVED ? 0 : bold;
            S_side(&cell, g->old, marks, show);
            gw_sum_tc(&body, w[2], 0, 1, cell.ptr);
            S_side(&cell, g->cur, marks, show);
            gw_sum_tc(&body, w[3], 0, 1, cell.ptr);
            gw_sum_tr_close(&body);
            k = e;
        }
        gw_sum_table_close(&body);
    }
    gw_sum_landscape_sectpr(&body);
    gw_sumdoc_body(doc, &body);
    int rc = gw_sumdoc_finish(doc, head, NULL, 0, o ? o->epoch : -1, out, d);
    free(head);
    gw_buf_free(&body);
    gw_buf_free(&t);
    gw_buf_free(&cell);
    gw_sumdoc_free(doc);
    return rc;
}
