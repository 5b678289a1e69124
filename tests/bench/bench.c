/*
 * bench.c — in-process timings for `make bench` (tests/bench/bench.py).
 *
 *   gw-bench parse FILE...     read every draft into memory, then time
 *                              decoding + line splitting (source) and
 *                              extraction (extract) over all of them
 *   gw-bench render FILE...    the same plus rendering to DOCX in memory
 *                              (one template per kind, loaded once)
 *   gw-bench letters LIST.csv  one reply model per row rendered to DOCX in
 *                              memory, the letter template loaded once
 *   gw-bench load [-j N] DIR   parsing as issue 6 means it: every .txt/.md
 *                              under DIR read from disk, decoded and
 *                              extracted into its model (gw_source_load +
 *                              gw_extract), on N threads (default 1), the
 *                              whole corpus at least once and for 1 s
 *   gw-bench run CMD ARG...    runs CMD and prints (to standard error, last
 *                              line) its wall time, CPU time, peak RSS and
 *                              exit status, measured from this small
 *                              process: a child forked by Python inherits
 *                              the interpreter's RSS as its high-water mark
 *
 * Each mode repeats the whole set until at least 0.5 s have passed and
 * prints "key value" lines: docs, bytes, seconds, and per mode the split.
 * Nothing is written to disk, so these are the CPU costs without the file
 * system (compare with the end-to-end figures of gongwen build).
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* wait4 */
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "extract.h"
#include "model.h"
#include "render.h"
#include "replies.h"
#include "rules.h"
#include "source.h"
#include "util.h"

static double S_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct S_doc {
    char *name;
    gw_buf bytes;
} S_doc;

static int S_load(int n, char **paths, S_doc **out, size_t *total)
{
    S_doc *docs = gw_xcalloc((size_t)n, sizeof *docs);
    gw_diags *d = gw_diags_new();
    *total = 0;
    for (int i = 0; i < n; i++) {
        docs[i].name = paths[i];
        if (gw_read_file(paths[i], &docs[i].bytes, d) != 0) {
            fprintf(stderr, "gw-bench: cannot read %s\n", paths[i]);
            return -1;
        }
        *total += docs[i].bytes.len;
    }
    gw_diags_free(d);
    *out = docs;
    return 0;
}

static int S_parse_render(int n, char **paths, int render)
{
    S_doc *docs;
    size_t total;
    if (S_load(n, paths, &docs, &total) != 0)
        return 1;
    gw_template *tpl[GW_KIND_MAX] = {0};
    double t_src = 0, t_ext = 0, t_ren = 0, t0 = S_now();
    size_t rounds = 0, out_bytes = 0;
    gw_buf out = {0};
    do {
        for (int i = 0; i < n; i++) {
            gw_diags *d = gw_diags_new();
            double a = S_now();
            gw_source *s = gw_source_from_memory(docs[i].name, docs[i].bytes.ptr, docs[i].bytes.len,
                                                 gw_format_from_name(docs[i].name), d);
            double b = S_now();
            gw_model *m = s ? gw_extract(s, NULL, d) : NULL;
            double c = S_now();
            t_src += b - a;
            t_ext += c - b;
            if (render && m) {
                gw_kind k = gw_kind_from_name(gw_model_kind(m));
                if (k == GW_KIND_MAX)
                    k = GW_KIND_PLAN;
                if (!tpl[k])
                    tpl[k] = gw_template_builtin(k, d);
                gw_render_opts ro = {k, -1, NULL};
                gw_buf_clear(&out);
                if (tpl[k])
                    gw_render_docx(tpl[k], m, &ro, docs[i].name, &out, d);
                out_bytes += out.len;
                t_ren += S_now() - c;
            }
            gw_model_free(m);
            gw_source_free(s);
            gw_diags_free(d);
        }
        rounds++;
    } while (S_now() - t0 < 0.5);
    size_t ndocs = rounds * (size_t)n;
    printf("docs %zu\nbytes %zu\nsource_s %.6f\nextract_s %.6f\n", ndocs, rounds * total, t_src,
           t_ext);
    printf("parse_mb_s %.2f\nparse_ms_per_doc %.4f\n",
           (double)(rounds * total) / 1e6 / (t_src + t_ext), (t_src + t_ext) * 1e3 / (double)ndocs);
    if (render)
        printf("render_s %.6f\nrender_ms_per_doc %.4f\ntotal_ms_per_doc %.4f\nout_bytes %zu\n", t_ren,
               t_ren * 1e3 / (double)ndocs, (t_src + t_ext + t_ren) * 1e3 / (double)ndocs,
               out_bytes / rounds);
    for (int k = 0; k < GW_KIND_MAX; k++)
        gw_template_free(tpl[k]);
    gw_buf_free(&out);
    for (int i = 0; i < n; i++)
        gw_buf_free(&docs[i].bytes);
    free(docs);
    return 0;
}

static int S_letters(const char *list)
{
    gw_buf raw = {0};
    gw_diags *d = gw_diags_new();
    if (gw_read_file(list, &raw, d) != 0)
        return 1;
    gw_reply_list *l = gw_reply_list_parse(list, raw.ptr, raw.len, d);
    if (!l) {
        fprintf(stderr, "gw-bench: %s is not a reply list\n", list);
        return 1;
    }
    gw_template *t = gw_template_builtin(GW_KIND_REPLY, d);
    size_t n = gw_reply_list_count(l), rounds = 0, made = 0;
    double t_model = 0, t_ren = 0, t0 = S_now();
    gw_buf out = {0};
    gw_render_opts ro = {GW_KIND_REPLY, -1, NULL};
    do {
        for (size_t i = 0; i < n; i++) {
            gw_diags *rd = gw_diags_new();
            double a = S_now();
            gw_model *m = gw_reply_model(l, i, rd);
            double b = S_now();
            gw_buf_clear(&out);
            if (m && gw_render_docx(t, m, &ro, list, &out, rd) == 0)
                made++;
            t_model += b - a;
            t_ren += S_now() - b;
            gw_model_free(m);
            gw_diags_free(rd);
        }
        rounds++;
    } while (S_now() - t0 < 0.5 && n > 0);
    size_t total = rounds * n;
    printf("letters %zu\nmade %zu\nmodel_ms_per_letter %.4f\nrender_ms_per_letter %.4f\n"
           "total_ms_per_letter %.4f\n",
           total, made, t_model * 1e3 / (double)(total ? total : 1),
           t_ren * 1e3 / (double)(total ? total : 1),
           (t_model + t_ren) * 1e3 / (double)(total ? total : 1));
    gw_buf_free(&out);
    gw_template_free(t);
    gw_reply_list_free(l);
    gw_buf_free(&raw);
    gw_diags_free(d);
    return 0;
}

/* ---- load: read + decode + extract over a corpus ---- */

typedef struct S_files {
    char **v;
    size_t n, cap;
} S_files;

static int S_strcmp_p(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void S_walk(const char *dir, S_files *f)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char *p = gw_xasprintf("%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
            S_walk(p, f);
            free(p);
            continue;
        }
        size_t n = strlen(p);
        if (!(n > 4 && strcmp(p + n - 4, ".txt") == 0) && !(n > 3 && strcmp(p + n - 3, ".md") == 0)) {
            free(p);
            continue;
        }
        if (f->n == f->cap) {
            f->cap = f->cap ? f->cap * 2 : 256;
            f->v = gw_xrealloc(f->v, f->cap * sizeof *f->v);
        }
        f->v[f->n++] = p;
    }
    closedir(dp);
}

typedef struct S_loader {
    const S_files *f;
    size_t next; /* shared: the next file (under lock) */
    size_t stop; /* files to do in this pass */
    pthread_mutex_t lock;
    size_t bytes, docs, failed;
    double tree_s; /* copying and freeing the models' libxml2 trees alone */
} S_loader;

static void *S_load_worker(void *arg)
{
    S_loader *L = arg;
    size_t bytes = 0, docs = 0, failed = 0;
    double tree_s = 0;
    for (;;) {
        pthread_mutex_lock(&L->lock);
        size_t i = L->next < L->stop ? L->next++ : (size_t)-1;
        pthread_mutex_unlock(&L->lock);
        if (i == (size_t)-1)
            break;
        const char *path = L->f->v[i % L->f->n];
        gw_diags *d = gw_diags_new();
        gw_source *s = gw_source_load(path, GW_FMT_AUTO, d);
        gw_model *m = s ? gw_extract(s, NULL, d) : NULL;
        if (m) {
            /* The floor a libxml2 model puts under parsing: a tree of the
             * same elements, attributes and text made and freed again,
             * with nothing to find.  Timed apart from the load. */
            double t0 = S_now();
            xmlDocPtr copy = xmlCopyDoc(gw_model_doc(m), 1);
            xmlFreeDoc(copy);
            tree_s += S_now() - t0;
        } else {
            failed++;
        }
        struct stat st;
        if (stat(path, &st) == 0)
            bytes += (size_t)st.st_size;
        docs++;
        gw_model_free(m);
        gw_source_free(s);
        gw_diags_free(d);
    }
    pthread_mutex_lock(&L->lock);
    L->bytes += bytes;
    L->docs += docs;
    L->failed += failed;
    L->tree_s += tree_s;
    pthread_mutex_unlock(&L->lock);
    gw_rules_thread_done();
    return NULL;
}

static int S_load_corpus(int jobs, const char *dir)
{
    S_files f = {0};
    S_walk(dir, &f);
    if (!f.n) {
        fprintf(stderr, "gw-bench: no .txt/.md under %s\n", dir);
        return 1;
    }
    qsort(f.v, f.n, sizeof *f.v, S_strcmp_p);
    xmlInitParser();
    S_loader L;
    memset(&L, 0, sizeof L);
    L.f = &f;
    pthread_mutex_init(&L.lock, NULL);
    /* a warm-up pass over a tenth (page cache, JIT), not counted */
    L.stop = f.n / 10 + 1;
    S_load_worker(&L);
    L.bytes = L.docs = L.failed = 0;
    L.tree_s = 0;
    double t0 = S_now(), el;
    size_t passes = 0;
    do {
        L.next = 0;
        L.stop = f.n;
        pthread_t th[64];
        int started = 0;
        for (int k = 1; k < jobs && k < 64; k++)
            if (pthread_create(&th[started], NULL, S_load_worker, &L) == 0)
                started++;
        S_load_worker(&L);
        for (int k = 0; k < started; k++)
            pthread_join(th[k], NULL);
        passes++;
        el = S_now() - t0 - L.tree_s / jobs;
    } while (el < 1.0);
    /* tree_mb_s: draft bytes per second of making and freeing the models'
     * trees alone (xmlCopyDoc + xmlFreeDoc), per thread */
    printf("files %zu\npasses %zu\njobs %d\ndocs %zu\nbytes %zu\nfailed %zu\nseconds %.6f\n"
           "load_mb_s %.2f\nload_ms_per_doc %.4f\ntree_s %.6f\ntree_mb_s %.2f\n",
           f.n, passes, jobs, L.docs, L.bytes, L.failed, el, (double)L.bytes / 1e6 / el,
           el * 1e3 / (double)L.docs * jobs, L.tree_s, (double)L.bytes / 1e6 / (L.tree_s > 0 ? L.tree_s : 1e-9));
    pthread_mutex_destroy(&L.lock);
    for (size_t i = 0; i < f.n; i++)
        free(f.v[i]);
    free(f.v);
    return 0;
}

/* ---- run: a child's wall time, CPU time and peak RSS ---- */

static int S_run(char **argv)
{
    double t0 = S_now();
    pid_t pid = fork();
    if (pid < 0) {
        perror("gw-bench: fork");
        return 1;
    }
    if (pid == 0) {
        execvp(argv[0], argv);
        perror("gw-bench: exec");
        _exit(127);
    }
    int status;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) != pid) {
        perror("gw-bench: wait4");
        return 1;
    }
    double wall = S_now() - t0;
    double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
                 (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
    int rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    fprintf(stderr, "gw-bench-run: wall %.6f cpu %.6f maxrss_kib %ld status %d\n", wall, cpu,
            ru.ru_maxrss, rc);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "run") == 0)
        return S_run(argv + 2);
    /* set up as the program is (cli.c main) */
    gw_alloc_init();
    gw_model_setup();
    if (argc < 3) {
        fputs("usage: gw-bench parse|render FILE... | letters LIST.csv | load [-j N] DIR | run CMD...\n",
              stderr);
        return 2;
    }
    char *msg = NULL;
    if (gw_rules_init(&msg) != 0 || gw_rules_check(&msg) != 0) {
        fprintf(stderr, "gw-bench: %s\n", msg);
        return 1;
    }
    int rc;
    if (strcmp(argv[1], "parse") == 0)
        rc = S_parse_render(argc - 2, argv + 2, 0);
    else if (strcmp(argv[1], "render") == 0)
        rc = S_parse_render(argc - 2, argv + 2, 1);
    else if (strcmp(argv[1], "letters") == 0)
        rc = S_letters(argv[2]);
    else if (strcmp(argv[1], "load") == 0 && argc == 5 && strcmp(argv[2], "-j") == 0)
        rc = S_load_corpus(atoi(argv[3]) > 0 ? atoi(argv[3]) : 1, argv[4]);
    else if (strcmp(argv[1], "load") == 0)
        rc = S_load_corpus(1, argv[2]);
    else
        rc = 2;
    gw_rules_free();
    xmlCleanupParser();
    gw_small_flush();
    return rc;
}
