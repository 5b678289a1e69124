/*
 * batch.c — gongwen build: every draft under a folder into DOCX.
 *
 * The input tree is walked in sorted order (so runs are reproducible); each
 * .txt/.md draft is read, extracted and rendered with the built-in template
 * of its kind (each template loaded once per run) into OUTPUTS/<same
 * path>.docx, written atomically.  A .csv file whose header names the reply
 * columns (编号, 标题 …) is a reply list: its letters go to OUTPUTS/<name>/.
 * A failing draft is reported and the others are still built.
 */
#define _POSIX_C_SOURCE 200809L
#include "batch.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "extract.h"
#include "model.h"
#include "render.h"
#include "source.h"

typedef struct S_list {
    char **v;
    size_t n, cap;
} S_list;

static void S_list_add(S_list *l, char *s)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 32;
        l->v = gw_xrealloc(l->v, l->cap * sizeof(char *));
    }
    l->v[l->n++] = s;
}

static void S_list_free(S_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

static int S_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int S_has_ext(const char *name, const char *ext)
{
    size_t n = strlen(name), k = strlen(ext);
    if (n <= k)
        return 0;
    for (size_t i = 0; i < k; i++) {
        char c = name[n - k + i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != ext[i])
            return 0;
    }
    return 1;
}

static int S_is_draft(const char *name)
{
    return S_has_ext(name, ".txt") || S_has_ext(name, ".md") || S_has_ext(name, ".markdown");
}

/* Collects paths relative to root, sorted. */
static void S_walk(const char *root, const char *rel, S_list *drafts, S_list *lists, gw_diags *d)
{
    char *dir = rel[0] ? gw_xasprintf("%s/%s", root, rel) : gw_xstrdup(root);
    DIR *dp = opendir(dir);
    if (!dp) {
        gw_diags_add(d, GW_ERROR, dir, 0, 0, "cannot open folder: %s", strerror(errno));
        free(dir);
        return;
    }
    S_list names = {0};
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        S_list_add(&names, gw_xstrdup(e->d_name));
    }
    closedir(dp);
    if (names.n)
        qsort(names.v, names.n, sizeof(char *), S_cmp);
    for (size_t i = 0; i < names.n; i++) {
        char *r = rel[0] ? gw_xasprintf("%s/%s", rel, names.v[i]) : gw_xstrdup(names.v[i]);
        char *full = gw_xasprintf("%s/%s", root, r);
        struct stat st;
        if (stat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
            S_walk(root, r, drafts, lists, d);
            free(r);
        } else if (S_is_draft(names.v[i])) {
            S_list_add(drafts, r);
        } else if (S_has_ext(names.v[i], ".csv")) {
            S_list_add(lists, r);
        } else {
            free(r);
        }
        free(full);
    }
    S_list_free(&names);
    free(dir);
}

/* mkdir -p for the parent folders of path. */
static int S_mkdirs(const char *path, gw_diags *d)
{
    char *p = gw_xstrdup(path);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            gw_diags_add(d, GW_ERROR, p, 0, 0, "cannot create folder: %s", strerror(errno));
            free(p);
            return -1;
        }
        *s = '/';
    }
    free(p);
    return 0;
}

static char *S_replace_ext(const char *rel, const char *ext)
{
    const char *dot = strrchr(rel, '.');
    const char *slash = strrchr(rel, '/');
    size_t n = (dot && (!slash || dot > slash)) ? (size_t)(dot - rel) : strlen(rel);
    return gw_xasprintf("%.*s%s", (int)n, rel, ext);
}

static void S_progress(const gw_build_opts *o, size_t i, size_t n, const char *what, double t0)
{
    if (o->progress == GW_PROGRESS_NONE)
        return;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double el = (double)ts.tv_sec + ts.tv_nsec / 1e9 - t0;
    if (o->progress == GW_PROGRESS_LINES) {
        fprintf(stderr, "[%zu/%zu] %s\n", i, n, what);
        return;
    }
    double rate = el > 0 ? (double)i / el : 0;
    double left = rate > 0 ? (double)(n - i) / rate : 0;
    int width = 30, fill = n ? (int)((double)width * (double)i / (double)n) : width;
    fprintf(stderr, "\r[%.*s%*s] %zu/%zu  %.1f/s  剩余 %.0fs ", fill,
            "##############################", width - fill, "", i, n, rate, left);
    if (i == n)
        fputc('\n', stderr);
}

int gw_build(const gw_build_opts *o, gw_diags *d)
{
    S_list drafts = {0}, lists = {0};
    struct stat st;
    size_t errors_before = gw_diags_errors(d);
    if (stat(o->inputs, &st) != 0) {
        gw_diags_add(d, GW_ERROR, o->inputs, 0, 0, "no such file or folder");
        return -1;
    }
    char *root;
    if (S_ISDIR(st.st_mode)) {
        root = gw_xstrdup(o->inputs);
        S_walk(root, "", &drafts, &lists, d);
    } else {
        const char *slash = strrchr(o->inputs, '/');
        root = slash ? gw_xstrndup(o->inputs, (size_t)(slash - o->inputs)) : gw_xstrdup(".");
        S_list_add(&drafts, gw_xstrdup(slash ? slash + 1 : o->inputs));
    }
    gw_template *tpl[GW_KIND_MAX] = {0};
    size_t built = 0, failed = 0;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double t0 = (double)ts.tv_sec + ts.tv_nsec / 1e9;
    size_t total = drafts.n + lists.n;
    for (size_t i = 0; i < drafts.n; i++) {
        char *in = gw_xasprintf("%s/%s", root, drafts.v[i]);
        char *rel = S_replace_ext(drafts.v[i], ".docx");
        char *out = gw_xasprintf("%s/%s", o->outputs, rel);
        gw_diags *dd = gw_diags_new();
        int ok = 0;
        gw_source *src = gw_source_load(in, GW_FMT_AUTO, dd);
        gw_model *m = NULL;
        if (src)
            m = gw_extract(src, NULL, dd);
        if (m) {
            gw_kind k = gw_kind_from_name(gw_model_kind(m));
            if (k == GW_KIND_MAX)
                k = GW_KIND_PLAN;
            if (!tpl[k])
                tpl[k] = gw_template_builtin(k, dd);
            gw_buf b = {0};
            gw_render_opts ro = {k, o->epoch};
            if (o->dry_run) {
                ok = 1;
            } else if (tpl[k] && gw_render_docx(tpl[k], m, &ro, in, &b, dd) == 0 && S_mkdirs(out, dd) == 0 &&
                       gw_write_file_atomic(out, b.ptr, b.len, dd) == 0) {
                ok = 1;
            }
            gw_buf_free(&b);
        }
        if (ok)
            built++;
        else
            failed++;
        S_progress(o, i + 1, total, out, t0);
        gw_diags_move(d, dd);
        gw_diags_free(dd);
        gw_model_free(m);
        gw_source_free(src);
        free(in);
        free(rel);
        free(out);
    }
    for (size_t i = 0; i < lists.n; i++) {
        char *in = gw_xasprintf("%s/%s", root, lists.v[i]);
        char *dir = S_replace_ext(lists.v[i], "");
        char *out = gw_xasprintf("%s/%s", o->outputs, dir);
        gw_replies_opts ro = {in, out, NULL, o->epoch, GW_PROGRESS_NONE};
        int ok = o->dry_run || gw_replies(&ro, d) == 0;
        if (ok)
            built++;
        else
            failed++;
        S_progress(o, drafts.n + i + 1, total, out, t0);
        free(in);
        free(dir);
        free(out);
    }
    for (int k = 0; k < GW_KIND_MAX; k++)
        gw_template_free(tpl[k]);
    if (o->progress != GW_PROGRESS_NONE)
        fprintf(stderr, "gongwen build: %zu built, %zu failed\n", built, failed);
    S_list_free(&drafts);
    S_list_free(&lists);
    free(root);
    return failed || gw_diags_errors(d) > errors_before ? -1 : 0;
}
