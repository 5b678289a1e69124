/*
 * ledger.c — the 督办台账 (gongwen summary --xlsx) and the small workbooks
 * that hold the data behind the summary's charts, written with
 * libxlsxwriter.
 *
 * The ledger:
 *   督办台账            every task: 序号 任务 牵头单位 责任单位 配合单位 完成时限
 *                       进展 备注 (plus 所属方案 when several plans are given);
 *                       header frozen, filters on, widths for Chinese text,
 *                       printed landscape on A4, one page wide, header
 *                       repeated
 *   one sheet per lead unit, in order of first appearance, same columns,
 *                       the tasks it owns (its 牵头 tasks, or 责任 tasks when
 *                       a task names no 牵头单位: gw_task_owners)
 *   未明确牵头单位      tasks that name neither, when there are any
 * 序号 is the task's running number, the same in every sheet and in the
 * summary's 任务分解表.
 *
 * Bytes, not files.  libxlsxwriter writes to a file name; so that output is
 * atomic, can go to standard output and can be embedded in a DOCX, each
 * workbook is written to a private temporary file (mkstemp in $TMPDIR or
 * /tmp), read back and removed; the caller writes the bytes.
 * libxlsxwriter gives its zip entries fixed 1980 times, and the creation
 * time in docProps/core.xml is set from the epoch (SOURCE_DATE_EPOCH, else
 * 1980-01-01), so the same tasks always give the same bytes.
 *
 * Ownership: see summary.h.  Nothing here prints.
 */
#define _POSIX_C_SOURCE 200809L
#include "summary.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <xlsxwriter.h>

/* At most this many sheets, and as many files free for them besides
 * S_FD_RESERVE under the process's limit: the ledger is written in constant
 * memory (one open temporary file per sheet). */
#define S_STREAM_SHEETS 200
#define S_FD_RESERVE 64

/* 1980-01-01T00:00:00Z */
#define S_EPOCH_1980 315532800LL

typedef int (*S_fill_fn)(lxw_workbook *wb, const void *arg);

/* Runs fill on a new workbook and appends the finished file's bytes to out.
 * stream: libxlsxwriter's constant_memory mode, in which each row goes to
 * the sheet's temporary file as soon as the next one starts (rows must come
 * in order, strings are stored in their cells): a ledger of 100,000 tasks
 * otherwise holds every cell in memory, ~35 MB per 1,000 plans.  It keeps
 * one open temporary file per sheet until the end. */
static int S_workbook(S_fill_fn fill, const void *arg, int stream, const char *title, long long epoch,
                      gw_buf *out, gw_diags *d)
{
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    char *path = gw_xasprintf("%s/gongwen-xlsx-XXXXXX", dir);
    int fd = mkstemp(path);
    if (fd < 0) {
        gw_diags_add(d, GW_ERROR, path, 0, 0, "无法创建临时文件以生成电子表格");
        free(path);
        return -1;
    }
    close(fd);
    char *tmpdir = gw_xstrdup(dir);
    char *title_c = gw_xstrdup(title ? title : "");
    char *author = gw_xstrdup("gongwen");
    lxw_workbook_options opt;
    memset(&opt, 0, sizeof opt);
    opt.tmpdir = tmpdir;
    opt.constant_memory = stream ? LXW_TRUE : LXW_FALSE;
    int rc = -1;
    lxw_workbook *wb = workbook_new_opt(path, &opt);
    if (!wb) {
        gw_diags_add(d, GW_ERROR, path, 0, 0, "libxlsxwriter 无法创建电子表格");
        goto done;
    }
    lxw_doc_properties props;
    memset(&props, 0, sizeof props);
    props.title = title_c;
    props.author = author;
    props.created = (time_t)(epoch >= 0 ? epoch : S_EPOCH_1980);
    workbook_set_properties(wb, &props);
    int filled = fill(wb, arg);
    lxw_error e = workbook_close(wb); /* frees wb */
    if (e != LXW_NO_ERROR) {
        gw_diags_add(d, GW_ERROR, NULL, 0, 0, "libxlsxwriter 写电子表格失败：%s", lxw_strerror(e));
        goto done;
    }
    if (filled != 0) {
        gw_diags_add(d, GW_ERROR, NULL, 0, 0, "libxlsxwriter 写工作表失败");
        goto done;
    }
    gw_buf bytes = {0};
    if (gw_read_file(path, &bytes, d) == 0) {
        gw_buf_put(out, bytes.ptr, bytes.len);
        rc = 0;
    }
    gw_buf_free(&bytes);
done:
    unlink(path);
    free(path);
    free(tmpdir);
    free(title_c);
    free(author);
    return rc;
}

/* ------------------------------------------------------------------ */
/* chart data                                                          */

typedef struct S_chart_arg {
    const char *cat_head, *series;
    const char *const *cats;
    const size_t *vals;
    size_t n;
} S_chart_arg;

static int S_fill_chart(lxw_workbook *wb, const void *arg)
{
    const S_chart_arg *a = arg;
    lxw_worksheet *ws = workbook_add_worksheet(wb, "Sheet1");
    if (!ws)
        return -1;
    int bad = 0;
    bad |= worksheet_set_column(ws, 0, 0, 24, NULL) != LXW_NO_ERROR;
    bad |= worksheet_write_string(ws, 0, 0, a->cat_head ? a->cat_head : "", NULL) != LXW_NO_ERROR;
    bad |= worksheet_write_string(ws, 0, 1, a->series ? a->series : "", NULL) != LXW_NO_ERROR;
    for (size_t i = 0; i < a->n; i++) {
        bad |= worksheet_write_string(ws, (lxw_row_t)(i + 1), 0, a->cats[i], NULL) != LXW_NO_ERROR;
        bad |= worksheet_write_number(ws, (lxw_row_t)(i + 1), 1, (double)a->vals[i], NULL) != LXW_NO_ERROR;
    }
    return bad ? -1 : 0;
}

int gw_chart_workbook(const char *cat_head, const char *series, const char *const *cats,
                      const size_t *vals, size_t n, long long epoch, gw_buf *out, gw_diags *d)
{
    S_chart_arg a = {cat_head, series, cats, vals, n};
    return S_workbook(S_fill_chart, &a, 0, series, epoch, out, d);
}

/* ------------------------------------------------------------------ */
/* the ledger                                                          */

typedef struct S_ledger {
    const gw_tasklist *tl;
    lxw_format *head, *text, *center;
    int plans_col; /* 1 when a 所属方案 column is added */
} S_ledger;

/* Excel sheet names: at most 31 characters, none of []:*?/\, not starting
 * or ending with an apostrophe.  Writes a cleaned copy of name to out. */
static void S_sheet_name(const char *name, gw_buf *out)
{
    size_t n = strlen(name), i = 0, chars = 0;
    gw_buf_clear(out);
    while (i < n && chars < 31) {
        uint32_t c;
        size_t k = gw_utf8_decode(name + i, n - i, &c);
        if (!k) {
            i++;
            continue;
        }
        if (strchr("[]:*?/\\", (int)c) && c < 0x80)
            gw_buf_putc(out, '_');
        else if (c == '\'' && (chars == 0 || i + k >= n || chars == 30))
            gw_buf_putc(out, '_');
        else
            gw_buf_put(out, name + i, k);
        i += k;
        chars++;
    }
    if (out->len == 0)
        gw_buf_puts(out, "单位");
}

static void S_units_join(gw_buf *b, const gw_units *u)
{
    gw_buf_clear(b);
    for (size_t i = 0; i < u->n; i++) {
        if (i)
            gw_buf_puts(b, "、");
        gw_buf_puts(b, u->v[i]);
    }
}

/* One sheet: the header row, then every task (unit NULL, unowned 0), the
 * tasks unit owns, or (unowned 1) the tasks that name no owner. */
static int S_sheet(const S_ledger *l, lxw_worksheet *ws, const char *unit, int unowned)
{
    static const char *const head[] = {"序号", "任务", "牵头单位", "责任单位", "配合单位",
                                       "完成时限", "进展", "备注", "所属方案"};
    static const double width[] = {6, 60, 20, 24, 20, 16, 30, 16, 28};
    lxw_col_t ncols = (lxw_col_t)(8 + l->plans_col);
    int bad = 0;
    for (lxw_col_t c = 0; c < ncols; c++) {
        bad |= worksheet_set_column(ws, c, c, width[c], c == 0 ? l->center : l->text) != LXW_NO_ERROR;
        bad |= worksheet_write_string(ws, 0, c, head[c], l->head) != LXW_NO_ERROR;
    }
    bad |= worksheet_set_row(ws, 0, 22, NULL) != LXW_NO_ERROR;
    gw_buf u = {0}, lab = {0};
    lxw_row_t row = 0;
    for (size_t i = 0; i < l->tl->ntasks; i++) {
        const gw_stask *t = &l->tl->tasks[i];
        const gw_units *own = gw_task_owners(t);
        int want = 1;
        if (unit) {
            want = 0;
            for (size_t k = 0; k < own->n && !want; k++)
                want = strcmp(own->v[k], unit) == 0;
        } else if (unowned) {
            want = own->n == 0;
        }
        if (!want)
            continue;
        row++;
        bad |= worksheet_write_number(ws, row, 0, (double)t->no, l->center) != LXW_NO_ERROR;
        bad |= worksheet_write_string(ws, row, 1, t->core, l->text) != LXW_NO_ERROR;
        for (int r = 0; r < GW_ROLE_MAX; r++) {
            S_units_join(&u, &t->units[r]);
            bad |= worksheet_write_string(ws, row, (lxw_col_t)(2 + r), u.ptr ? u.ptr : "", l->text) !=
                   LXW_NO_ERROR;
        }
        gw_buf_clear(&lab);
        gw_deadline_label(t->deadline, &lab);
        bad |= worksheet_write_string(ws, row, 5, lab.ptr ? lab.ptr : "", l->center) != LXW_NO_ERROR;
        bad |= worksheet_write_blank(ws, row, 6, l->text) != LXW_NO_ERROR;
        bad |= worksheet_write_blank(ws, row, 7, l->text) != LXW_NO_ERROR;
        if (l->plans_col) {
            const gw_splan *p = &l->tl->plans[t->plan];
            bad |= worksheet_write_string(ws, row, 8, *p->title ? p->title : p->name, l->text) != LXW_NO_ERROR;
        }
    }
    gw_buf_free(&u);
    gw_buf_free(&lab);
    worksheet_freeze_panes(ws, 1, 0);
    bad |= worksheet_autofilter(ws, 0, 0, row, (lxw_col_t)(ncols - 1)) != LXW_NO_ERROR;
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    bad |= worksheet_repeat_rows(ws, 0, 0) != LXW_NO_ERROR;
    bad |= worksheet_set_footer(ws, "&C第 &P 页，共 &N 页") != LXW_NO_ERROR;
    return bad ? -1 : 0;
}

static int S_fill_ledger(lxw_workbook *wb, const void *arg)
{
    S_ledger l = *(const S_ledger *)arg;
    l.head = workbook_add_format(wb);
    format_set_bold(l.head);
    format_set_font_name(l.head, "黑体");
    format_set_font_size(l.head, 11);
    format_set_align(l.head, LXW_ALIGN_CENTER);
    format_set_align(l.head, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(l.head);
    format_set_bg_color(l.head, 0xD9E1F2);
    format_set_border(l.head, LXW_BORDER_THIN);
    l.text = workbook_add_format(wb);
    format_set_font_name(l.text, "宋体");
    format_set_font_size(l.text, 11);
    format_set_align(l.text, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(l.text);
    format_set_border(l.text, LXW_BORDER_THIN);
    l.center = workbook_add_format(wb);
    format_set_font_name(l.center, "宋体");
    format_set_font_size(l.center, 11);
    format_set_align(l.center, LXW_ALIGN_CENTER);
    format_set_align(l.center, LXW_ALIGN_VERTICAL_CENTER);
    format_set_text_wrap(l.center);
    format_set_border(l.center, LXW_BORDER_THIN);

    lxw_worksheet *all = workbook_add_worksheet(wb, "督办台账");
    if (!all)
        return -1;
    int bad = S_sheet(&l, all, NULL, 0);
    worksheet_set_header(all, "&C督办台账");

    /* one sheet per lead (owning) unit, in order of first appearance */
    size_t nu = 0;
    gw_unitstat *us = gw_unit_stats(l.tl, &nu);
    gw_buf name = {0}, try = {0};
    char **used = gw_xcalloc(nu + 2, sizeof *used);
    size_t nused = 0;
    int unowned = 0;
    for (size_t i = 0; i < l.tl->ntasks; i++)
        unowned |= gw_task_owners(&l.tl->tasks[i])->n == 0;
    for (size_t i = 0; i <= nu && !bad; i++) {
        const char *unit = i < nu ? us[i].name : NULL;
        if (unit && us[i].owner == 0)
            continue;
        if (!unit && !unowned)
            break;
        S_sheet_name(unit ? unit : "未明确牵头单位", &name);
        /* unique (Excel compares case-insensitively; ours are Chinese) */
        gw_buf_clear(&try);
        gw_buf_puts(&try, name.ptr);
        for (int k = 2;; k++) {
            int clash = strcmp(try.ptr, "督办台账") == 0;
            for (size_t q = 0; q < nused && !clash; q++)
                clash = strcmp(used[q], try.ptr) == 0;
            if (!clash && workbook_validate_sheet_name(wb, try.ptr) == LXW_NO_ERROR)
                break;
            gw_buf_clear(&try);
            char suffix[16];
            snprintf(suffix, sizeof suffix, "(%d)", k);
            /* keep within 31 characters */
            size_t keep = 0, chars = 0, len = strlen(name.ptr);
            while (keep < len && chars + strlen(suffix) < 31) {
                uint32_t c;
                size_t step = gw_utf8_decode(name.ptr + keep, len - keep, &c);
                keep += step ? step : 1;
                chars++;
            }
            gw_buf_put(&try, name.ptr, keep);
            gw_buf_puts(&try, suffix);
        }
        used[nused++] = gw_xstrdup(try.ptr);
        lxw_worksheet *ws = workbook_add_worksheet(wb, try.ptr);
        if (!ws) {
            bad = 1;
            break;
        }
        bad |= S_sheet(&l, ws, unit, unit == NULL);
        /* page header: & is the header codes' escape character */
        gw_buf_clear(&try);
        gw_buf_puts(&try, "&C");
        for (const char *c = unit ? unit : "未明确牵头单位的任务"; *c; c++)
            gw_buf_puts(&try, *c == '&' ? "&&" : (char[2]){*c, 0});
        gw_buf_puts(&try, "督办台账");
        worksheet_set_header(ws, try.ptr);
    }
    for (size_t q = 0; q < nused; q++)
        free(used[q]);
    free(used);
    free(us);
    gw_buf_free(&name);
    gw_buf_free(&try);
    return bad ? -1 : 0;
}

int gw_ledger_xlsx(const gw_tasklist *tl, const gw_summary_opts *o, gw_buf *out, gw_diags *d)
{
    S_ledger l;
    memset(&l, 0, sizeof l);
    l.tl = tl;
    l.plans_col = tl->nplans > 1;
    /* rows stream to the sheets' files unless there are so many sheets
     * that their open files could run into the process's limit (with room
     * for what the rest of a build has open meanwhile) */
    size_t nu = 0, sheets = 2;
    gw_unitstat *us = gw_unit_stats(tl, &nu);
    for (size_t i = 0; i < nu; i++)
        sheets += us[i].owner > 0;
    free(us);
    struct rlimit rl;
    int stream = sheets <= S_STREAM_SHEETS && getrlimit(RLIMIT_NOFILE, &rl) == 0 &&
                 (rl.rlim_cur == RLIM_INFINITY || (rlim_t)sheets + S_FD_RESERVE <= rl.rlim_cur);
    return S_workbook(S_fill_ledger, &l, stream, "督办台账", o ? o->epoch : -1, out, d);
}
