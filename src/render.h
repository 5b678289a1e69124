/*
 * render.h — stage 4: turning a model into a DOCX from a template.
 *
 * A template is a Word-editable .docx (templates/NAME.docx) whose named
 * paragraph styles carry the look and whose text holds tags such as
 * {{title}} or {{body}}; templates/README.md documents the tag syntax.
 * Tags may be split across runs by an editor: they are found in the
 * paragraph's text, not in single runs.
 *
 * gw_template_load parses and checks the template once, so a batch renders
 * many documents from one load.  gw_render_docx then fills a copy of it from
 * a model: inline tags take escaped text, block tags take generated
 * paragraphs in the template's styles, and parts that need no change are
 * copied into the output without recompressing (see package.h).
 *
 * Missing required fields (发文字号, 成文日期, …) are never invented: the
 * output shows 【待补】 and a warning diagnostic names the field.
 *
 * Ownership: gw_template_load returns an object freed with
 * gw_template_free.  gw_render_docx appends the .docx bytes to out; on
 * failure it returns -1 with an error diagnostic and out is unchanged.
 */
#ifndef GW_RENDER_H
#define GW_RENDER_H

#include "model.h"
#include "util.h"

typedef enum gw_kind {
    GW_KIND_NOTICE,
    GW_KIND_PLAN,
    GW_KIND_REPORT,
    GW_KIND_REPLY,
    GW_KIND_MAX
} gw_kind;

/* "notice" -> GW_KIND_NOTICE …; returns GW_KIND_MAX for an unknown name. */
gw_kind gw_kind_from_name(const char *name);
const char *gw_kind_name(gw_kind k);
/* The layout model m is rendered in: its kind (plan when unknown), except
 * that a plan (a 方案 or 意见 issued alone) carrying a 发文字号 is a 文件
 * and takes the notice's 版头. */
gw_kind gw_render_kind(gw_model *m);

typedef struct gw_template gw_template;

/* Loads a template file.  Returns NULL with an error diagnostic
 * (file:line:col for malformed tags) when it cannot be used. */
gw_template *gw_template_load(const char *path, gw_diags *d);
/* The bytes of the template built into the binary for a kind (owned by the
 * program, never freed), its file name in *name; NULL for an unknown kind. */
const unsigned char *gw_template_builtin_bytes(gw_kind kind, size_t *len, const char **name);
/* Loads the template built into the binary for a kind. */
gw_template *gw_template_builtin(gw_kind kind, gw_diags *d);
void gw_template_free(gw_template *t); /* NULL-safe */

/* Rows of a model table that the caller supplies instead of the model: a
 * generated table of thousands of rows (the 答复清单 of a 10,000-letter
 * 汇总) is then written without 60,000 cells of model nodes in memory.
 * They follow the table's own rows (at least its header row, so the model
 * stays valid).  cell() returns the text of a cell (NULL or "" for an empty
 * one); the strings must stay valid until gw_render_docx returns. */
typedef struct gw_rowsrc {
    xmlNodePtr table;  /* the model's <table> the rows belong to */
    size_t nrows, ncols;
    const char *(*cell)(void *ctx, size_t row, size_t col);
    void *ctx;
} gw_rowsrc;

typedef struct gw_render_opts {
    gw_kind kind;         /* layout to produce */
    long long epoch;      /* fallback document date (SOURCE_DATE_EPOCH), -1 if none */
    const gw_rowsrc *rows; /* NULL, or more rows for one table (above) */
} gw_render_opts;

/* Renders model m with template t.  name is used in diagnostics. */
int gw_render_docx(const gw_template *t, gw_model *m, const gw_render_opts *o,
                   const char *name, gw_buf *out, gw_diags *d);

#endif
