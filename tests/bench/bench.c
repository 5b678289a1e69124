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
 *
 * Each mode repeats the whole set until at least 0.5 s have passed and
 * prints "key value" lines: docs, bytes, seconds, and per mode the split.
 * Nothing is written to disk, so these are the CPU costs without the file
 * system (compare with the end-to-end figures of gongwen build).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
                gw_render_opts ro = {k, -1};
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
    gw_render_opts ro = {GW_KIND_REPLY, -1};
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

int main(int argc, char **argv)
{
    if (argc < 3) {
        fputs("usage: gw-bench parse|render FILE... | letters LIST.csv\n", stderr);
        return 2;
    }
    char *msg = NULL;
    if (gw_rules_init(&msg) != 0) {
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
    else
        rc = 2;
    gw_rules_free();
    xmlCleanupParser();
    return rc;
}
