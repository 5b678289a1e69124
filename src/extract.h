/*
 * extract.h — stage 2: reading the structure and the facts out of a draft.
 *
 * gw_extract walks the lines of a gw_source and builds the XML model
 * (model.h): 版头 fields, title, 主送机关, the body with its heading
 * hierarchy (一、 （一） 1. （1）), 附件说明, 署名 and 成文日期, the plan a
 * notice issues (enclosure), attachments, 版记, and the extracted data:
 * tasks with their units by role and normalised deadlines, leadership
 * rosters, reply fields, and the residue (lines that look like assignments
 * or deadlines but gave no task).  All patterns come from the rule table
 * in rules.c.
 *
 * Ownership: gw_extract returns a new model the caller frees with
 * gw_model_free.  It returns NULL only for internal errors (with a
 * diagnostic); a draft it cannot understand still gives a model (all text
 * as paragraphs) plus warnings.
 */
#ifndef GW_EXTRACT_H
#define GW_EXTRACT_H

#include "model.h"
#include "source.h"
#include "util.h"

typedef struct gw_extract_opts {
    const char *kind; /* force the kind (notice|plan|report|reply), or NULL to infer */
} gw_extract_opts;

gw_model *gw_extract(const gw_source *src, const gw_extract_opts *o, gw_diags *d);

/* Normalises the first deadline expression in text (UTF-8, len bytes) to
 * YYYY-MM-DD, YYYY-MM, YYYY, A..B or ONGOING, using year for dates that
 * print no year (0 = unknown: such dates are not normalised).  Writes the
 * result to out (NUL-terminated) and returns 1, or returns 0 when text holds
 * no deadline. */
int gw_deadline_normalize(const char *text, size_t len, int year, char *out, size_t outsz);

/* Splits a unit list (、 ， , outside parentheses), cleans each name
 * (whitespace, 等部门, 分别牵头, editorial parentheticals …) and appends the
 * names joined by 、 to out.  Returns the number of units. */
int gw_units_normalize(const char *text, size_t len, gw_buf *out);

#endif
