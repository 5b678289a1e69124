/*
 * diff.h — gongwen diff: the 修改对照表 between two versions of a plan.
 *
 * Tasks are paired by what they say, not by their number: the core texts
 * (summary.h: without list marker and unit/deadline parenthesis) are
 * compared by character-bigram similarity, best pairs first, so a task that
 * moved or was renumbered is still found.  Each pair is then compared field
 * by field:
 *
 *   renumbered  the id changed (id), other than by the shift that tasks
 *               added or removed before it in the same group cause (3 → 2
 *               after task 2 was deleted): such shifts are only counted
 *               (shifted), as they follow from the listed additions and
 *               removals
 *   changed     text, lead, responsible, support or deadline changed
 *   added       a task of the new version with no partner
 *   removed     a task of the old version with no partner
 *
 * One gw_change per field, in the order of the new version (removed tasks
 * where they stood).  TSV: "change old_id new_id field old new", values as
 * in the model (units joined by 、, deadlines normalised).  DOCX: a
 * landscape 修改对照表, old and new side by side, one row per task.
 *
 * Ownership: gw_diff_tasks fills a gw_diff the caller releases with
 * gw_diff_free; its changes point at tasks of the two lists, which must
 * outlive it.
 */
#ifndef GW_DIFF_H
#define GW_DIFF_H

#include <stddef.h>

#include "summary.h"
#include "util.h"

typedef enum gw_change_kind {
    GW_CHANGE_ADDED,
    GW_CHANGE_REMOVED,
    GW_CHANGE_RENUMBERED,
    GW_CHANGE_CHANGED,
    GW_CHANGE_MAX
} gw_change_kind;

typedef struct gw_change {
    gw_change_kind kind;
    const gw_stask *old; /* NULL for added */
    const gw_stask *cur; /* NULL for removed */
    const char *field;   /* task id text lead responsible support deadline */
    char *before;        /* old value ("" when none) */
    char *after;         /* new value ("" when none) */
} gw_change;

typedef struct gw_diff {
    gw_change *v;
    size_t n, cap;
    size_t *pair_of_old; /* old index → new index, or (size_t)-1 */
    size_t nold;
    size_t shifted;      /* pairs whose id changed only by such a shift */
} gw_diff;

/* added / removed / renumbered / changed */
const char *gw_change_kind_name(gw_change_kind k);

/* Compares the tasks of a (old) and b (new).  out is overwritten. */
void gw_diff_tasks(const gw_tasklist *a, const gw_tasklist *b, gw_diff *out);
void gw_diff_free(gw_diff *df); /* leaves df zeroed */

/* Similarity of two texts, 0..1000 (Dice coefficient of character bigrams,
 * punctuation and spaces ignored). */
int gw_text_similarity(const char *x, const char *y);

void gw_diff_tsv(const gw_diff *df, gw_buf *out);
int gw_diff_docx(const gw_diff *df, const gw_tasklist *a, const gw_tasklist *b, const gw_summary_opts *o,
                 gw_buf *out, gw_diags *d);

#endif
