/*
 * export.h — tabular views of a model (part of the model stage): the task,
 * roster and metadata exports of `gongwen tasks|roster|meta`.
 *
 * They read the same model that rendering uses, so what a clerk exports is
 * exactly what the documents show.  Formats:
 *   TSV  — a header line, tab-separated, tabs/newlines in values become spaces;
 *   CSV  — for spreadsheets: UTF-8 with BOM, RFC 4180 quoting, CRLF;
 *   JSON — an array of objects.
 * Several units are joined by 、.  Output is appended to out.
 */
#ifndef GW_EXPORT_H
#define GW_EXPORT_H

#include "model.h"
#include "util.h"

typedef enum gw_export_format { GW_EXPORT_TSV, GW_EXPORT_CSV, GW_EXPORT_JSON, GW_EXPORT_MAX } gw_export_format;

/* "tsv"/"csv"/"json" → format; GW_EXPORT_MAX for anything else. */
gw_export_format gw_export_format_from_name(const char *name);

/* Columns: id lead responsible support deadline text line. */
void gw_export_tasks(gw_model *m, gw_export_format f, gw_buf *out);
/* Columns: role name title line. */
void gw_export_roster(gw_model *m, gw_export_format f, gw_buf *out);
/* Columns: key value — title, issuer, docnumber, date, recipients, kind. */
void gw_export_meta(gw_model *m, gw_export_format f, gw_buf *out);
/* Columns: line col rule text — lines that look like assignments but gave no task. */
void gw_export_residue(gw_model *m, gw_export_format f, gw_buf *out);

/* The value of one metadata key (newly allocated; "" when absent). */
char *gw_export_meta_value(gw_model *m, const char *key);

#endif
