/*
 * summary.h — what an office keeps once a plan is issued:
 *
 *   gongwen summary DRAFT... -o OUT.docx   the task summary (summary.c): a
 *       portrait part with statistics, native Word charts, deadlines by
 *       month and a 责任清单 per unit, and a landscape attachment, the
 *       任务分解表, whose header row repeats on every page;
 *   --xlsx FILE                            the 督办台账 (ledger.c), written
 *       with libxlsxwriter: one row per task, one sheet per lead unit.
 *
 * diff.h (gongwen diff) builds on the same task list and DOCX shell.
 *
 * Task list.  gw_tasklist_add reads the <tasks> of a model exactly as
 * `gongwen tasks` exports them (export.h): the same tasks in the same order,
 * units in the same order, so every count here equals that export.  Each
 * task also gets a running number (序号) over all plans, a "core" text (the
 * text without its list marker and without a trailing parenthesis that only
 * repeats units or the deadline) and a brief (its first sentence) for lists.
 *
 * Owners.  Statistics "per lead unit" count a task for its 牵头单位; a task
 * that names no 牵头单位 counts for its 责任单位 instead (many plans name
 * only 责任单位), and the document says so.  gw_task_owners gives that list.
 *
 * Determinism.  Output depends only on the inputs and the epoch
 * (SOURCE_DATE_EPOCH, or 1980-01-01): parts in a fixed order, template parts
 * copied raw, lists in first-appearance order (so an edit changes only what
 * it touches), statistics sorted by count with first appearance breaking
 * ties.
 *
 * Ownership.  A gw_tasklist is zero-initialised by the caller, filled with
 * gw_tasklist_add (which copies everything it keeps: the model may be freed
 * afterwards) and released with gw_tasklist_free.  Strings returned by
 * gw_task_* are newly allocated (free()).  gw_unit_stats returns an array
 * the caller frees with free(); its names point into the task list.  The
 * DOCX/XLSX writers append to out and return 0, or return -1 with an error
 * diagnostic (out is then unchanged).  Allocation: gw_x* (abort on OOM).
 */
#ifndef GW_SUMMARY_H
#define GW_SUMMARY_H

#include <stddef.h>

#include "model.h"
#include "util.h"

/* ---- the task list ---- */

typedef enum gw_role { GW_ROLE_LEAD, GW_ROLE_RESP, GW_ROLE_SUPP, GW_ROLE_MAX } gw_role;

typedef struct gw_units {
    char **v;
    size_t n;
} gw_units;

typedef struct gw_stask {
    size_t plan;          /* index into gw_tasklist.plans */
    size_t no;            /* 序号: 1-based over all plans */
    char *id;             /* the model's id ("二/（一）/1"); "" when absent */
    char *text;           /* the text as in the model */
    char *core;           /* text without list marker and unit/deadline parenthesis */
    char *brief;          /* first sentence of core, at most 60 characters */
    gw_units units[GW_ROLE_MAX];
    char *deadline;       /* normalised value (YYYY-MM … ONGOING), or NULL */
    char *deadline_text;  /* the deadline as written, or NULL */
    int line;
} gw_stask;

typedef struct gw_splan {
    char *name;   /* the file name given */
    char *title;  /* the plan's title (X of "关于印发《X》的通知"); "" if none */
    size_t first; /* index of its first task */
    size_t count; /* number of its tasks */
} gw_splan;

typedef struct gw_tasklist {
    gw_stask *tasks;
    size_t ntasks, tcap;
    gw_splan *plans;
    size_t nplans, pcap;
} gw_tasklist;

/* Appends the tasks of m (a plan called name) to tl. */
void gw_tasklist_add(gw_tasklist *tl, gw_model *m, const char *name);
void gw_tasklist_free(gw_tasklist *tl); /* leaves tl zeroed */

/* The units a task is counted for "per lead unit": its 牵头单位, or when it
 * names none its 责任单位 (may be empty). */
const gw_units *gw_task_owners(const gw_stask *t);

/* The text without a leading list marker (1. （一） (二) 一、) and without
 * trailing parentheses that hold unit assignments or deadline_text (may be
 * NULL).  Never empty when text is not. */
char *gw_task_core(const char *text, const char *deadline_text);
/* The first sentence of core (without its 。；), cut at maxchars characters
 * with "…". */
char *gw_task_brief(const char *core, size_t maxchars);

/* Appends a deadline value as Chinese text: 2025-10 → 2025年10月底前,
 * 2025-10-15 → 2025年10月15日前, 2025 → 2025年底前, A..B → A—B,
 * ONGOING → 长期坚持; nothing for NULL or "". */
void gw_deadline_label(const char *value, gw_buf *out);
/* The month a deadline falls due, as a sort key: "YYYY-MM"; "YYYY-13" for a
 * whole year; "9999-98" for ONGOING; "9999-99" for none.  A range falls due
 * at its end. */
void gw_deadline_bucket(const char *value, char *key, size_t keysz);
/* 2025-10 → 2025年10月, YYYY-13 → YYYY年内, 长期坚持, 未明确时限. */
void gw_bucket_label(const char *key, gw_buf *out);

/* ---- statistics ---- */

typedef struct gw_unitstat {
    const char *name;           /* points into the task list */
    size_t count[GW_ROLE_MAX];  /* tasks naming it in each role */
    size_t owner;               /* tasks it owns (see gw_task_owners) */
    size_t total;               /* distinct tasks naming it in any role */
} gw_unitstat;

/* Every unit named by any task, in order of first appearance (task order,
 * then 牵头/责任/配合). */
gw_unitstat *gw_unit_stats(const gw_tasklist *tl, size_t *n);

typedef struct gw_month {
    char key[16];  /* gw_deadline_bucket */
    size_t count;
} gw_month;

/* Deadline buckets with their task counts, sorted by key. */
gw_month *gw_month_stats(const gw_tasklist *tl, size_t *n);

/* ---- outputs ---- */

typedef struct gw_summary_opts {
    long long epoch; /* document date (SOURCE_DATE_EPOCH); -1: 1980-01-01 */
    int threads;     /* > 1: deflate the document on that many helper threads
                      * (same bytes for any number) */
} gw_summary_opts;

/* The summary document (see the top of summary.c for its parts). */
int gw_summary_docx(const gw_tasklist *tl, const gw_summary_opts *o, gw_buf *out, gw_diags *d);

/* ledger.c: the 督办台账 workbook. */
int gw_ledger_xlsx(const gw_tasklist *tl, const gw_summary_opts *o, gw_buf *out, gw_diags *d);

/* ledger.c: a one-sheet workbook (Sheet1: A1 cat_head, B1 series, then one
 * row per category) holding a chart's data, embedded in the DOCX so Word
 * and WPS can edit the chart's data. */
int gw_chart_workbook(const char *cat_head, const char *series, const char *const *cats,
                      const size_t *vals, size_t n, long long epoch, gw_buf *out, gw_diags *d);

/* ---- the DOCX shell, shared with diff.c ----
 * Body XML is built with the gw_sum_* helpers below; gw_sumdoc_finish wraps
 * it in word/document.xml and writes the package from the built-in plan
 * template's styles, fonts, settings and portrait footers (summary.c shows
 * the parts). */

/* Widths (twips) of the 版心: portrait 156 mm, landscape 225 mm. */
#define GW_SUM_PORTRAIT_W 8844
#define GW_SUM_LANDSCAPE_W 12756

typedef struct gw_sumchart {
    const char *title;          /* shown in the chart */
    const char *cat_head;       /* header of the category column */
    const char *series;         /* series name */
    const char *const *cats;    /* n category labels */
    const size_t *vals;         /* n values */
    size_t n;
    int horizontal;             /* 1: bars (long labels); 0: columns */
    long cx, cy;                /* size in EMU */
} gw_sumchart;

/* A paragraph in a style (NULL: Normal), jc NULL to keep the style's.
 * text may be NULL (empty paragraph). */
void gw_sum_para(gw_buf *b, const char *style, const char *jc, const char *text);
/* Opens a paragraph (no </w:p>): extra is raw pPr content or NULL. */
void gw_sum_para_open(gw_buf *b, const char *style, const char *jc, const char *extra);
/* One run; bold adds <w:b/>. */
void gw_sum_run(gw_buf *b, const char *text, int bold);
/* A fixed-layout table in GwTable, n columns of widths w (twips). */
void gw_sum_table_open(gw_buf *b, const int *w, size_t n);
/* A row; header rows repeat on every page; rows of short cells (up to 60
 * characters) are kept on one page, longer ones may split.  Cells are text
 * with a jc each (jc may be NULL: the style's). */
void gw_sum_text_row(gw_buf *b, const char *const *cells, const char *const *jc, const int *w,
                     size_t n, int header);
/* Row and cell pieces for custom cells: header rows repeat and never split;
 * other rows split across pages unless keep; vmerge 0 none, 1 restart,
 * 2 continue; span > 1 merges columns; xml is complete paragraphs (NULL:
 * one empty). */
void gw_sum_tr_open(gw_buf *b, int header, int keep);
void gw_sum_tc(gw_buf *b, int w, int vmerge, int span, const char *xml);
void gw_sum_tr_close(gw_buf *b);
void gw_sum_table_close(gw_buf *b);
/* An inline chart (index 1..n of the charts given to gw_sum_package). */
void gw_sum_chart_para(gw_buf *b, const gw_sumchart *c, int index);
/* The landscape section properties (225 × 156 mm 版心, page numbers per
 * GB/T 9704 §9), to end the body or a paragraph's pPr. */
void gw_sum_landscape_sectpr(gw_buf *b);
/* A document on the built-in plan template: opened once per document,
 * its body handed over in pieces as it is written (deflated on the way, on
 * `threads` helper threads when > 1), then finished. */
typedef struct gw_sumdoc gw_sumdoc;
gw_sumdoc *gw_sumdoc_open(int threads, gw_diags *d); /* NULL with an error diagnostic */
void gw_sumdoc_free(gw_sumdoc *s);       /* NULL-safe */
/* The template's own (portrait) section properties, verbatim. */
const char *gw_sumdoc_portrait_sectpr(const gw_sumdoc *s);
/* Appends b (whole elements of the inside of <w:body>) to the document and
 * empties b. */
void gw_sumdoc_body(gw_sumdoc *s, gw_buf *b);
/* Writes the package once the whole body (ending in a sectPr) was handed
 * over: charts are written as parts chart1..n with their data workbooks.
 * Warns when a style the body uses is missing from the template. */
int gw_sumdoc_finish(gw_sumdoc *s, const char *title, const gw_sumchart *charts, size_t ncharts,
                     long long epoch, gw_buf *out, gw_diags *d);

#endif
