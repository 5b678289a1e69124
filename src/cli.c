/*
 * cli.c — the gongwen command line.  The only module that prints.
 *
 *   gongwen parse DRAFT [-o FILE] [--kind K]
 *   gongwen render INPUT [--kind K] [-t TEMPLATE] -o OUT.docx
 *   gongwen tasks|roster|meta DRAFT [--format tsv|csv|json] [-o FILE] [--warnings]
 *   gongwen check MODEL.xml
 *   gongwen replies LIST.csv -o DIR [-t TEMPLATE]
 *   gongwen summary PLAN... -o OUT.docx [--xlsx LEDGER.xlsx]
 *   gongwen diff OLD NEW -o OUT.docx | --format tsv [-o FILE]
 *   gongwen build [INPUTS] [-o OUTPUTS] [-j N] [--force] [--dry-run]
 *
 * Exit status: 0 success; 1 an input could not be turned into a document
 * (bad input, I/O error, failed rows); 2 usage error.
 */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "diff.h"
#include "export.h"
#include "extract.h"
#include "model.h"
#include "render.h"
#include "rules.h"
#include "source.h"
#include "summary.h"
#include "util.h"

#ifndef GW_VERSION
#define GW_VERSION "0.0.0"
#endif

enum { EXIT_OK = 0, EXIT_INPUT = 1, EXIT_USAGE = 2 };

static const char *S_usage =
    "用法 / usage: gongwen VERB [options]\n"
    "\n"
    "  parse DRAFT [-o FILE] [--kind K]         write the XML model of a draft\n"
    "  render INPUT -o OUT.docx [--kind K] [-t TEMPLATE]\n"
    "                                           render a draft or a model file as DOCX\n"
    "  tasks DRAFT [--format tsv|csv|json] [--warnings]\n"
    "                                           the tasks: id lead responsible support deadline text line\n"
    "  roster DRAFT [--format tsv|csv|json]     the leadership roster: role name title\n"
    "  meta DRAFT [--format tsv|csv|json]       title issuer docnumber date recipients kind\n"
    "  check MODEL.xml                          validate a model file against the schema\n"
    "  replies LIST.csv -o DIR [-t TEMPLATE]    one reply letter per row, plus 汇总.docx\n"
    "  summary PLAN... -o OUT.docx [--xlsx LEDGER.xlsx]\n"
    "                                           task summary (statistics, charts, 责任清单,\n"
    "                                           landscape 任务分解表) and the 督办台账 workbook\n"
    "  diff OLD NEW -o OUT.docx | --format tsv  修改对照表: tasks added, removed, renumbered, changed\n"
    "  build [INPUTS] [-o OUTPUTS] [-j N] [--force] [--dry-run]\n"
    "                                           render every draft under INPUTS (default inputs/)\n"
    "\n"
    "  KIND is notice, plan, report or reply (default: inferred from the draft).\n"
    "  -o - writes to standard output.  DRAFT may be .txt or .md, or - for standard input.\n"
    "  --help, --version\n"
    "\n"
    "Exit status: 0 success, 1 an input could not be processed, 2 usage error.\n";

static int S_quiet;

static void S_print_diags(gw_diags *d)
{
    gw_buf b = {0};
    for (size_t i = 0; i < gw_diags_count(d); i++) {
        const gw_diag *g = gw_diags_get(d, i);
        if (S_quiet && g->sev != GW_ERROR)
            continue;
        gw_buf_clear(&b);
        gw_diag_format(g, &b);
        fprintf(stderr, "%s\n", b.ptr);
    }
    gw_buf_free(&b);
    gw_diags_clear(d);
}

static int S_usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "gongwen: ");
    fprintf(stderr, fmt, arg ? arg : "");
    fprintf(stderr, "\n(see gongwen --help)\n");
    return EXIT_USAGE;
}

static int S_is_model_file(const char *path)
{
    size_t n = strlen(path);
    return n > 4 && strcmp(path + n - 4, ".xml") == 0;
}

/* Loads a model from a draft (.txt/.md) or a model file (.xml). */
static gw_model *S_load(const char *path, const char *kind, gw_diags *d)
{
    if (S_is_model_file(path)) {
        gw_model *m = gw_model_load(path, d);
        if (m && kind)
            gw_model_set_kind(m, kind);
        return m;
    }
    gw_source *src = gw_source_load(path, GW_FMT_AUTO, d);
    if (!src)
        return NULL;
    gw_extract_opts o = {kind};
    gw_model *m = gw_extract(src, &o, d);
    gw_source_free(src);
    return m;
}

static long long S_epoch(void)
{
    const char *e = getenv("SOURCE_DATE_EPOCH");
    if (!e || !*e)
        return -1;
    char *end;
    long long v = strtoll(e, &end, 10);
    return (*end || v < 0) ? -1 : v;
}

typedef struct S_opts {
    const char *out;
    const char *kind;
    const char *tpl;
    const char *format;
    const char *xlsx;
    int warnings;
    int jobs;
    int force;
    int dry_run;
    int argc;
    char **argv;
} S_opts;

static int S_parse_opts(int argc, char **argv, S_opts *o)
{
    static const struct option lo[] = {
        {"output", required_argument, NULL, 'o'}, {"kind", required_argument, NULL, 'k'},
        {"template", required_argument, NULL, 't'}, {"format", required_argument, NULL, 'f'},
        {"warnings", no_argument, NULL, 'w'},      {"jobs", required_argument, NULL, 'j'},
        {"force", no_argument, NULL, 'F'},         {"dry-run", no_argument, NULL, 'n'},
        {"quiet", no_argument, NULL, 'q'},         {"help", no_argument, NULL, 'h'},
        {"xlsx", required_argument, NULL, 'x'},
        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    optind = 1;
    opterr = 0;
    int ch;
    while ((ch = getopt_long(argc, argv, "o:k:t:f:j:qh", lo, NULL)) != -1) {
        switch (ch) {
        case 'o': o->out = optarg; break;
        case 'k': o->kind = optarg; break;
        case 't': o->tpl = optarg; break;
        case 'f': o->format = optarg; break;
        case 'w': o->warnings = 1; break;
        case 'j': o->jobs = atoi(optarg); if (o->jobs < 1) return S_usage_error("-j needs a positive number, not '%s'", optarg); break;
        case 'F': o->force = 1; break;
        case 'n': o->dry_run = 1; break;
        case 'x': o->xlsx = optarg; break;
        case 'q': S_quiet = 1; break;
        case 'h': fputs(S_usage, stdout); exit(EXIT_OK);
        default:
            return S_usage_error("unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    o->argc = argc - optind;
    o->argv = argv + optind;
    if (o->kind && gw_kind_from_name(o->kind) == GW_KIND_MAX)
        return S_usage_error("unknown --kind '%s' (use notice, plan, report or reply)", o->kind);
    return -1;
}

static int S_need_one(const S_opts *o, const char *verb)
{
    if (o->argc != 1) {
        fprintf(stderr, "gongwen %s: needs exactly one input file (see gongwen --help)\n", verb);
        return EXIT_USAGE;
    }
    return -1;
}

static int S_write(const char *out, gw_buf *b, gw_diags *d)
{
    return gw_write_file_atomic(out ? out : "-", b->ptr ? b->ptr : "", b->len, d);
}

static int S_cmd_parse(const S_opts *o, gw_diags *d)
{
    int rc = S_need_one(o, "parse");
    if (rc >= 0)
        return rc;
    gw_model *m = S_load(o->argv[0], o->kind, d);
    if (!m)
        return EXIT_INPUT;
    gw_buf b = {0};
    gw_model_write(m, &b);
    rc = gw_model_validate(m, o->argv[0], d) == 0 && S_write(o->out, &b, d) == 0 ? EXIT_OK : EXIT_INPUT;
    gw_buf_free(&b);
    gw_model_free(m);
    return rc;
}

static int S_cmd_check(const S_opts *o, gw_diags *d)
{
    int rc = S_need_one(o, "check");
    if (rc >= 0)
        return rc;
    gw_model *m = gw_model_load(o->argv[0], d);
    if (!m)
        return EXIT_INPUT;
    gw_model_free(m);
    return EXIT_OK;
}

static int S_cmd_export(const S_opts *o, const char *verb, gw_diags *d)
{
    int rc = S_need_one(o, verb);
    if (rc >= 0)
        return rc;
    gw_export_format f = gw_export_format_from_name(o->format ? o->format : "tsv");
    if (f == GW_EXPORT_MAX)
        return S_usage_error("unknown --format '%s' (use tsv, csv or json)", o->format);
    gw_model *m = S_load(o->argv[0], o->kind, d);
    if (!m)
        return EXIT_INPUT;
    gw_buf b = {0};
    if (strcmp(verb, "tasks") == 0)
        gw_export_tasks(m, f, &b);
    else if (strcmp(verb, "roster") == 0)
        gw_export_roster(m, f, &b);
    else
        gw_export_meta(m, f, &b);
    if (o->warnings && strcmp(verb, "tasks") == 0) {
        xmlNodePtr r = gw_model_first(gw_model_root(m), "residue");
        for (xmlNodePtr k = gw_model_first(r, "line"); k; k = gw_model_next(k, "line")) {
            char *rule = gw_model_attr(k, "rule");
            char *text = gw_model_text(k);
            /* quote at most 30 characters, cut on a character boundary */
            size_t cut = 0, chars = 0, tn = text ? strlen(text) : 0;
            while (cut < tn && chars < 30) {
                uint32_t cp;
                size_t step = gw_utf8_decode(text + cut, tn - cut, &cp);
                cut += step ? step : 1;
                chars++;
            }
            gw_diags_add(d, GW_WARNING, o->argv[0], gw_model_line(k), gw_model_col(k),
                         "这一行含有“%s”，像是分工或时限，但没有识别出任务：%.*s%s", rule ? rule : "",
                         (int)cut, text ? text : "", cut < tn ? "…" : "");
            free(rule);
            free(text);
        }
    }
    rc = S_write(o->out, &b, d) == 0 ? EXIT_OK : EXIT_INPUT;
    gw_buf_free(&b);
    gw_model_free(m);
    return rc;
}

static int S_cmd_render(const S_opts *o, gw_diags *d)
{
    int rc = S_need_one(o, "render");
    if (rc >= 0)
        return rc;
    if (!o->out)
        return S_usage_error("render needs -o OUT.docx%s", "");
    gw_model *m = S_load(o->argv[0], o->kind, d);
    if (!m)
        return EXIT_INPUT;
    gw_kind kind = o->kind ? gw_kind_from_name(o->kind) : gw_render_kind(m);
    if (kind == GW_KIND_MAX)
        kind = GW_KIND_PLAN;
    gw_template *t = o->tpl ? gw_template_load(o->tpl, d) : gw_template_builtin(kind, d);
    if (!t) {
        gw_model_free(m);
        return EXIT_INPUT;
    }
    gw_render_opts ro = {kind, S_epoch(), NULL};
    gw_buf b = {0};
    rc = EXIT_INPUT;
    if (gw_render_docx(t, m, &ro, o->argv[0], &b, d) == 0 && gw_write_file_atomic(o->out, b.ptr, b.len, d) == 0)
        rc = EXIT_OK;
    gw_buf_free(&b);
    gw_template_free(t);
    gw_model_free(m);
    return rc;
}

static int S_cmd_build(const S_opts *o, gw_diags *d)
{
    gw_build_opts bo;
    memset(&bo, 0, sizeof bo);
    bo.inputs = o->argc >= 1 ? o->argv[0] : "inputs";
    bo.outputs = o->out ? o->out : "outputs";
    bo.jobs = o->jobs;
    bo.force = o->force;
    bo.dry_run = o->dry_run;
    bo.epoch = S_epoch();
    bo.progress = isatty(STDERR_FILENO) ? GW_PROGRESS_BAR : GW_PROGRESS_LINES;
    if (S_quiet)
        bo.progress = GW_PROGRESS_NONE;
    if (o->argc > 1)
        return S_usage_error("build takes one input folder, not several (%s …)", o->argv[1]);
    return gw_build(&bo, d) == 0 ? EXIT_OK : EXIT_INPUT;
}

/* Ctrl-C or kill during `gongwen replies`: the letters not yet committed
 * are temporaries (util.h: gw_wbatch); remove them, then die of the signal
 * as before.  The outputs hold only complete documents either way. */
static void S_replies_signal(int sig)
{
    gw_wbatch_unlink_pending();
    signal(sig, SIG_DFL);
    raise(sig);
}

static int S_cmd_replies(const S_opts *o, gw_diags *d)
{
    int rc = S_need_one(o, "replies");
    if (rc >= 0)
        return rc;
    if (!o->out)
        return S_usage_error("replies needs -o DIR%s", "");
    gw_replies_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.list = o->argv[0];
    ro.outdir = o->out;
    ro.template_path = o->tpl;
    ro.epoch = S_epoch();
    ro.progress = isatty(STDERR_FILENO) ? GW_PROGRESS_BAR : GW_PROGRESS_LINES;
    if (S_quiet)
        ro.progress = GW_PROGRESS_NONE;
    signal(SIGINT, S_replies_signal);
    signal(SIGTERM, S_replies_signal);
    signal(SIGHUP, S_replies_signal);
    return gw_replies(&ro, d) == 0 ? EXIT_OK : EXIT_INPUT;
}

/* summary PLAN... -o OUT.docx [--xlsx FILE]: the task summary and the 督办台账,
 * from the same tasks `gongwen tasks` exports. */
static int S_cmd_summary(const S_opts *o, gw_diags *d)
{
    if (o->argc < 1) {
        fprintf(stderr, "gongwen summary: needs one or more plans (see gongwen --help)\n");
        return EXIT_USAGE;
    }
    if (!o->out && !o->xlsx)
        return S_usage_error("summary needs -o OUT.docx and/or --xlsx LEDGER.xlsx%s", "");
    gw_tasklist tl;
    memset(&tl, 0, sizeof tl);
    int rc = EXIT_OK;
    for (int i = 0; i < o->argc; i++) {
        gw_model *m = S_load(o->argv[i], o->kind, d);
        if (!m) {
            rc = EXIT_INPUT;
            continue;
        }
        gw_tasklist_add(&tl, m, o->argv[i]);
        gw_model_free(m);
    }
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    gw_summary_opts so = {S_epoch(), ncpu > 1 ? (int)(ncpu < 16 ? ncpu : 16) : 1};
    gw_buf b = {0};
    if (rc == EXIT_OK && o->out &&
        (gw_summary_docx(&tl, &so, &b, d) != 0 || gw_write_file_atomic(o->out, b.ptr, b.len, d) != 0))
        rc = EXIT_INPUT;
    gw_buf_free(&b);
    if (rc == EXIT_OK && o->xlsx &&
        (gw_ledger_xlsx(&tl, &so, &b, d) != 0 || gw_write_file_atomic(o->xlsx, b.ptr, b.len, d) != 0))
        rc = EXIT_INPUT;
    gw_buf_free(&b);
    gw_tasklist_free(&tl);
    return rc;
}

/* diff OLD NEW -o OUT.docx | --format tsv: the 修改对照表 of two versions. */
static int S_cmd_diff(const S_opts *o, gw_diags *d)
{
    if (o->argc != 2) {
        fprintf(stderr, "gongwen diff: needs two versions of a plan, OLD NEW (see gongwen --help)\n");
        return EXIT_USAGE;
    }
    const char *fmt = o->format ? o->format : "docx";
    int tsv = strcmp(fmt, "tsv") == 0;
    if (!tsv && strcmp(fmt, "docx") != 0)
        return S_usage_error("unknown --format '%s' for diff (use docx or tsv)", fmt);
    if (!tsv && !o->out)
        return S_usage_error("diff needs -o OUT.docx (or --format tsv)%s", "");
    gw_tasklist v[2];
    memset(v, 0, sizeof v);
    int rc = EXIT_OK;
    for (int i = 0; i < 2; i++) {
        gw_model *m = S_load(o->argv[i], o->kind, d);
        if (!m) {
            rc = EXIT_INPUT;
            continue;
        }
        gw_tasklist_add(&v[i], m, o->argv[i]);
        gw_model_free(m);
    }
    if (rc == EXIT_OK) {
        gw_diff df;
        gw_diff_tasks(&v[0], &v[1], &df);
        gw_summary_opts so = {S_epoch(), 1};
        gw_buf b = {0};
        if (tsv) {
            gw_diff_tsv(&df, &b);
            rc = S_write(o->out, &b, d) == 0 ? EXIT_OK : EXIT_INPUT;
        } else if (gw_diff_docx(&df, &v[0], &v[1], &so, &b, d) != 0 ||
                   gw_write_file_atomic(o->out, b.ptr, b.len, d) != 0) {
            rc = EXIT_INPUT;
        }
        gw_buf_free(&b);
        gw_diff_free(&df);
    }
    gw_tasklist_free(&v[0]);
    gw_tasklist_free(&v[1]);
    return rc;
}

int main(int argc, char **argv)
{
    gw_alloc_init();
    gw_model_setup();
    if (argc < 2) {
        fputs(S_usage, stderr);
        return EXIT_USAGE;
    }
    const char *verb = argv[1];
    if (strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0 || strcmp(verb, "help") == 0) {
        fputs(S_usage, stdout);
        return EXIT_OK;
    }
    if (strcmp(verb, "--version") == 0 || strcmp(verb, "version") == 0) {
        printf("gongwen %s\n", GW_VERSION);
        return EXIT_OK;
    }
    char *msg = NULL;
    if (gw_rules_init(&msg) != 0) {
        fprintf(stderr, "gongwen: internal error: %s\n", msg);
        free(msg);
        return EXIT_INPUT;
    }
    S_opts o;
    int rc = S_parse_opts(argc - 1, argv + 1, &o);
    if (rc >= 0)
        return rc;
    gw_diags *d = gw_diags_new();
    if (strcmp(verb, "parse") == 0)
        rc = S_cmd_parse(&o, d);
    else if (strcmp(verb, "render") == 0)
        rc = S_cmd_render(&o, d);
    else if (strcmp(verb, "tasks") == 0 || strcmp(verb, "roster") == 0 || strcmp(verb, "meta") == 0)
        rc = S_cmd_export(&o, verb, d);
    else if (strcmp(verb, "check") == 0)
        rc = S_cmd_check(&o, d);
    else if (strcmp(verb, "build") == 0)
        rc = S_cmd_build(&o, d);
    else if (strcmp(verb, "replies") == 0)
        rc = S_cmd_replies(&o, d);
    else if (strcmp(verb, "summary") == 0)
        rc = S_cmd_summary(&o, d);
    else if (strcmp(verb, "diff") == 0)
        rc = S_cmd_diff(&o, d);
    else
        rc = S_usage_error("unknown verb '%s'", verb);
    S_print_diags(d);
    if (rc == EXIT_OK && gw_diags_errors(d))
        rc = EXIT_INPUT;
    gw_diags_free(d);
    gw_rules_free();
    xmlCleanupParser();
    gw_small_flush();
    return rc;
}
