/*
 * replies.h — the pieces of gongwen replies (batch.h: gw_replies) below the
 * batch loop, exposed for the unit tests: an RFC 4180 CSV reader that keeps
 * each record's physical line, the reply list (header columns by name), one
 * reply model per row, and the summary model.
 *
 * Text: gw_reply_list_parse takes the raw bytes of the list; they are
 * decoded like a draft (source.h: UTF-8 with or without BOM, GB18030/GBK,
 * UTF-16 with BOM; CRLF/CR become LF).  gw_csv_parse takes UTF-8 text.
 *
 * Ownership: gw_csv_parse fills a gw_csv the caller releases with
 * gw_csv_free.  gw_reply_list_parse returns a list freed with
 * gw_reply_list_free; the strings it hands out belong to it.  Models are
 * freed with gw_model_free, other returned strings with free().
 */
#ifndef GW_REPLIES_H
#define GW_REPLIES_H

#include <stddef.h>

#include "model.h"
#include "render.h"
#include "util.h"

/* ---- CSV (RFC 4180) ---- */

typedef struct gw_csv_cell {
    char *text;   /* unquoted, "" unescaped, NUL-terminated; may hold LF */
    size_t len;
    int line;     /* physical line (1-based) where the cell starts */
    int col;      /* its column in characters (1-based) */
} gw_csv_cell;

typedef struct gw_csv_record {
    gw_csv_cell *cells;
    size_t n;
    int line;     /* physical line where the record starts */
    int bad;      /* 1 when the record is damaged (an unclosed quote) … */
    int bad_line, bad_col; /* … opened here */
} gw_csv_record;

typedef struct gw_csv {
    gw_csv_record *recs;
    size_t n;
} gw_csv;

/* Parses UTF-8 text (LF, CRLF or CR record ends; a leading BOM is skipped).
 * Quoted fields may hold commas, "" and line breaks.  A stray quote inside
 * an unquoted field is kept; text after a closing quote is kept with a
 * warning; an unclosed quote is an error at the line where it opened (the
 * record is marked bad).  Returns 0, or -1 when anything was an error. */
int gw_csv_parse(const char *name, const char *text, size_t len, gw_csv *out, gw_diags *d);
void gw_csv_free(gw_csv *c);

/* ---- the reply list ---- */

typedef enum gw_reply_col {
    GW_RC_NUMBER,     /* 编号 */
    GW_RC_CATEGORY,   /* 类别 */
    GW_RC_SESSION,    /* 会议 */
    GW_RC_PROPOSER,   /* 提出人 */
    GW_RC_SUBJECT,    /* 标题 */
    GW_RC_RESULT,     /* 办理结果 */
    GW_RC_HANDLER,    /* 承办单位 */
    GW_RC_COHANDLER,  /* 会办单位 */
    GW_RC_SIGNER,     /* 签发人 */
    GW_RC_CONTACT,    /* 联系人 */
    GW_RC_PHONE,      /* 联系电话 */
    GW_RC_DISCLOSURE, /* 公开属性 */
    GW_RC_DATE,       /* 成文日期 */
    GW_RC_DOCNUMBER,  /* 发文字号 */
    GW_RC_CC,         /* 抄送 */
    GW_RC_BODY,       /* 正文 */
    GW_RC_MAX
} gw_reply_col;

/* The column's header name (编号 …). */
const char *gw_reply_col_name(gw_reply_col c);

typedef struct gw_reply_list gw_reply_list;

/* Decodes and parses a list.  name is used in diagnostics and to resolve
 * body paths (relative to its folder).  Returns NULL with an error when
 * the bytes cannot be decoded, there is no header row, or a required column
 * (编号, 类别, 正文, and 标题 or 会议) is absent; unknown columns give a
 * warning.  A damaged data record is kept as a row (gw_reply_list_bad) and
 * its error is left to gw_reply_model, so it is reported once. */
gw_reply_list *gw_reply_list_parse(const char *name, const char *bytes, size_t len,
                                   gw_diags *d);
void gw_reply_list_free(gw_reply_list *l); /* NULL-safe */

/* "UTF-8", "UTF-8 (BOM)", "GB18030" … as source.h names them. */
const char *gw_reply_list_encoding(const gw_reply_list *l);
/* Data rows (blank records are dropped). */
size_t gw_reply_list_count(const gw_reply_list *l);
int gw_reply_list_line(const gw_reply_list *l, size_t row); /* CSV line */
int gw_reply_list_bad(const gw_reply_list *l, size_t row);
/* The cell of row under column c, trimmed, line breaks joined; "" when the
 * column or the cell is absent.  Category and result come back as written;
 * gw_reply_category/gw_reply_result normalise them. */
const char *gw_reply_list_get(const gw_reply_list *l, size_t row, gw_reply_col c);
/* Position of that cell (col 0 when it is absent). */
void gw_reply_list_pos(const gw_reply_list *l, size_t row, gw_reply_col c, int *line, int *col);
/* 1 when the header has column c. */
int gw_reply_list_has(const gw_reply_list *l, gw_reply_col c);
/* The path of row's body file as it is opened: the 正文 cell (\ read as /)
 * relative to the list's folder, or "" when the cell is empty.  gw_build
 * uses it to leave the bodies of a list out of the drafts.  Caller frees. */
char *gw_reply_list_body_path(const gw_reply_list *l, size_t row);

/* ---- values ---- */

/* 建议 / 提案 / 议案 for a 类别 cell (代表建议 → 建议 …), or NULL. */
const char *gw_reply_category(const char *s);
/* "A".."D" for A, a, Ａ, A类 …; otherwise s itself (trimmed by the list). */
const char *gw_reply_result(const char *s);
/* Reads 2025-07-17, 2025/7/17, 2025.7.17, 2025年7月17日 (full-width digits,
 * a trailing time such as " 0:00" allowed).  Writes value "YYYY-MM-DD" and
 * text "2025年7月17日"; returns 0, or -1 when s is not a valid date. */
int gw_reply_date(const char *s, char value[11], char text[32]);
/* "<category>-<number>.docx" with characters file systems refuse
 * (/ \ : * ? " < > | and controls) replaced by _.  Caller frees. */
char *gw_reply_filename(const char *category, const char *number);
/* The salutation (recipients text, no colon): 张三代表 / 李四委员; a unit
 * or a name already ending in 代表/委员 is kept as it is.  Caller frees. */
char *gw_reply_salutation(const char *category, const char *proposer);

/* ---- models ---- */

/* Builds the reply model of one row: reads and extracts the body file, then
 * sets the title, salutation, 发文字号, signature, date, 抄送 and the
 * <reply> fields from the row.  Errors (a required cell empty, body file
 * missing or empty, bad 类别) are reported at the row's CSV line and give
 * NULL; missing optional values give a warning at line:col and are left
 * out (the renderer prints 【待补】). */
gw_model *gw_reply_model(const gw_reply_list *l, size_t row, gw_diags *d);

/* The summary (kind plan): counts per 办理结果 and per 承办单位 over the
 * rows with made[row] != 0, the table of those rows (答复清单), and the rows
 * that were not made with reasons[row] (may be NULL).
 *
 * rows NULL: every row of the 答复清单 is in the model.  Otherwise the model
 * holds only its header row and *rows supplies the others to gw_render_docx
 * (gw_render_opts.rows), so a 汇总 of 10,000 letters is rendered without a
 * model of its 60,000 cells; they read l and made, which must outlive the
 * render.  rows->ctx is then owned by the caller (free()); it is NULL when
 * the table has no rows to supply. */
gw_model *gw_reply_summary(const gw_reply_list *l, const int *made,
                           const char *const *reasons, gw_rowsrc *rows);

#endif
