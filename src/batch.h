/*
 * batch.h — stage 6: many documents at once.
 *
 * gw_build renders every draft under a folder into an output folder that
 * mirrors it (gongwen build, make run).  gw_replies writes one reply letter
 * per row of a CSV list plus a summary (gongwen replies).
 *
 * Both load each template once for the whole run, report progress on
 * standard error as they go (the only printing outside cli.c: progress is
 * the CLI's own output, passed in as a mode), collect per-document problems
 * in the diagnostics list with file:line, keep going after a failed
 * document, and return -1 when anything failed.
 *
 * gw_build is incremental, parallel and interrupt-safe (see batch.c): a
 * manifest OUTPUTS/.gongwen-manifest records what each output was made
 * from, so a re-run rebuilds only what changed and removes the outputs of
 * drafts that are gone; a folder's gongwen.conf may set the kind and the
 * template of its drafts.  After the drafts it writes the cross-draft task
 * summary and 督办台账 (summary.h) from every draft that has tasks, rebuilt
 * only when one of those drafts changed, came or went (gongwen.conf:
 * summary = off|NAME, ledger = off|NAME).  gw_build installs SIGINT/SIGTERM handlers for
 * its duration (the first signal stops the run cleanly, a second one kills)
 * and starts its own worker threads: call gw_rules_init() before it.
 */
#ifndef GW_BATCH_H
#define GW_BATCH_H

#include "util.h"

typedef enum gw_progress {
    GW_PROGRESS_NONE,
    GW_PROGRESS_LINES, /* one plain line per document (not a terminal) */
    GW_PROGRESS_BAR,   /* a redrawn bar with count, rate and time left */
    GW_PROGRESS_MAX
} gw_progress;

typedef struct gw_build_opts {
    const char *inputs;   /* folder (or a single draft) */
    const char *outputs;  /* output folder, created when missing */
    int jobs;             /* workers; 0 = number of cores */
    int force;            /* rebuild everything */
    int dry_run;          /* only say what would be built */
    long long epoch;      /* SOURCE_DATE_EPOCH or -1 */
    gw_progress progress;
} gw_build_opts;

/* Returns 0 when every document was built (or was up to date), else -1
 * (also when the run was interrupted: the next run finishes the job). */
int gw_build(const gw_build_opts *o, gw_diags *d);

/* The 64-bit content hash the build manifest records (XXH64 of data with
 * the given seed; gw_hash64("", 0, 0) == 0xEF46DB3751D8E999). */
uint64_t gw_hash64(const void *data, size_t len, uint64_t seed);

typedef struct gw_replies_opts {
    const char *list;          /* the CSV list */
    const char *outdir;        /* output folder, created when missing */
    const char *template_path; /* letter template, NULL for the built-in one */
    long long epoch;
    gw_progress progress;
} gw_replies_opts;

/* Returns 0 when every row gave a letter and the summary was written, else
 * -1 (failed rows are reported with their CSV line and skipped). */
int gw_replies(const gw_replies_opts *o, gw_diags *d);

#endif
