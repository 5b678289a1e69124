/*
 * batch.c — gongwen build: every draft and reply list under a folder into
 * DOCX, incrementally, in parallel, surviving interruptions.
 *
 * The run, in order:
 *   1. Lock OUTPUTS (flock on the folder: one build at a time per folder),
 *      remove the temporaries an interrupted run left behind
 *      (NAME.docx.tmpXXXXXX, .gongwen-manifest.tmpXXXXXX — the names
 *      gw_write_file_atomic gives; nothing else is touched), read the
 *      manifest.
 *   2. Walk INPUTS in sorted order (not into OUTPUTS, hidden entries or
 *      symlinked folders).  Each folder may hold a gongwen.conf that sets
 *      `kind` and `template` for its drafts and its subfolders' (and
 *      `summary`, `ledger`: S_conf_summary).  A .csv
 *      whose header names the reply columns is a reply list; the drafts it
 *      names as letter bodies are not documents of their own.
 *   3. Judge every output against its manifest record with stat() only:
 *      same options hash, every dependency with the same size, mtime, ctime
 *      and inode, every output file present with its recorded size → up to
 *      date, nothing read.  A dependency whose stat changed is re-hashed by
 *      a worker first, and the output is rebuilt only when the content
 *      changed.
 *   4. Run the jobs on -j workers.  The main thread is worker 0 and also the
 *      coordinator: it takes results off a queue, draws the progress, updates
 *      the manifest in memory and appends each finished record to the
 *      journal (OUTPUTS/.gongwen-journal: one write() per document, each
 *      entry closed by a hash of its lines, so a kill can only cut off the
 *      last one).  The next run replays a journal it finds.
 *   4b. The cross-draft summary, OUTPUTS/任务汇总.docx and 督办台账.xlsx, from
 *      the tasks of every draft that has some, judged now that the drafts
 *      are done (see "The summary" below: S_sum_plan, S_sum_run).
 *   5. Remove the outputs recorded in the manifest whose draft is gone (only
 *      files the manifest lists), write the manifest atomically (also after
 *      SIGINT/SIGTERM), delete the journal, print the summary.
 *
 * Parallel model: POSIX threads, not processes.  Jobs share read-only state
 * (the plan, the compiled rules, libxml2 initialised once) and hand results
 * back through one mutex-protected queue, so there is no serialisation of
 * results, and a crash cannot corrupt anything: outputs and the manifest are
 * only ever replaced by rename.  Each worker loads its own templates (a
 * gw_template must not be shared between threads, package.h) once for the
 * whole run.  Rules match data is thread-local (rules.h); gw_rules_init()
 * must have run before gw_build.  With -j1 no thread is started.
 *
 * Interrupt safety: every .docx is written to a temporary file and renamed
 * into place once it is durable (drafts in batches per worker, gw_wbatch:
 * one syncfs per batch; the summary with gw_write_file_atomic), so OUTPUTS
 * only ever holds complete old or complete new documents; the manifest and
 * the journal only ever record outputs in place, so after kill -9 the next
 * run rebuilds exactly the unfinished ones.
 *
 * The manifest (OUTPUTS/.gongwen-manifest) is a deterministic text file,
 * records sorted by output name, fields separated by TAB (\\ \t \n \r
 * escaped in names):
 *
 *   gongwen-manifest	1
 *   program	HASH                     version + executable
 *   out	NAME	KIND	OPTS            one record per output; NAME is
 *                                       relative to OUTPUTS, a reply list's
 *                                       folder ends in /
 *   dep	NAME	HASH	SIZE	MTIME	CTIME	INODE
 *                                       what it was made from; NAME relative
 *                                       to OUTPUTS (../inputs/a.txt) or
 *                                       builtin:KIND; times in ns, MTIME 0 =
 *                                       "stat not trusted, hash again"
 *   file	NAME	SIZE	INODE           a file the record made (a different
 *                                       inode: replaced behind our back)
 *
 * A journal entry is the same lines for one record followed by
 * "end	HASH", HASH = gw_hash64 of those lines.
 *
 * OPTS hashes the program hash, the job type, the source's name, the folder
 * settings and SOURCE_DATE_EPOCH.  deps[0] is the source (draft or CSV),
 * deps[1] the template, then (reply lists) the letter bodies.  A record may
 * hold any number of deps: the cross-draft summary is one record (kind
 * summary) whose deps are builtin:plan and the drafts it holds, and whose
 * files are the summary and the ledger (S_HOOK_SUMMARY below).
 *
 * Racy stats: a file changed in the same timestamp tick as the stat that
 * recorded it would look unchanged; a dep whose mtime/ctime is not older than
 * the run's start is therefore recorded with MTIME 0 (hashed next time).
 */
#define _GNU_SOURCE
#include "batch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "extract.h"
#include "model.h"
#include "render.h"
#include "replies.h"
#include "rules.h"
#include "source.h"
#include "summary.h"

#ifndef GW_VERSION
#define GW_VERSION "0.0.0"
#endif

#define S_MANIFEST ".gongwen-manifest"
#define S_CONF "gongwen.conf"
#define S_JOURNAL ".gongwen-journal"
#define S_RACY_NS 50000000LL /* file clocks lag the wall clock by a tick */

/* Rules match data is thread-local (rules.c): a worker thread frees its own
 * with gw_rules_thread_done() before it ends. */
#define S_RULES_THREAD_DONE() gw_rules_thread_done()


/* ------------------------------------------------------------------------ */
/* Hash: XXH64                                                              */

static const uint64_t S_P1 = 0x9E3779B185EBCA87ULL, S_P2 = 0xC2B2AE3D27D4EB4FULL,
                      S_P3 = 0x165667B19E3779F9ULL, S_P4 = 0x85EBCA77C2B2AE63ULL,
                      S_P5 = 0x27D4EB2F165667C5ULL;

static uint64_t S_rotl(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

static uint64_t S_rd64(const unsigned char *p)
{
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24 |
           (uint64_t)p[4] << 32 | (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
           (uint64_t)p[7] << 56;
}

static uint64_t S_rd32(const unsigned char *p)
{
    return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 | (uint64_t)p[3] << 24;
}

static uint64_t S_round(uint64_t acc, uint64_t in)
{
    acc += in * S_P2;
    acc = S_rotl(acc, 31);
    return acc * S_P1;
}

static uint64_t S_merge(uint64_t acc, uint64_t v)
{
    acc ^= S_round(0, v);
    return acc * S_P1 + S_P4;
}

uint64_t gw_hash64(const void *data, size_t len, uint64_t seed)
{
    const unsigned char *p = data, *end = p + len;
    uint64_t h;
    if (len >= 32) {
        uint64_t v1 = seed + S_P1 + S_P2, v2 = seed + S_P2, v3 = seed, v4 = seed - S_P1;
        const unsigned char *limit = end - 32;
        do {
            v1 = S_round(v1, S_rd64(p));
            v2 = S_round(v2, S_rd64(p + 8));
            v3 = S_round(v3, S_rd64(p + 16));
            v4 = S_round(v4, S_rd64(p + 24));
            p += 32;
        } while (p <= limit);
        h = S_rotl(v1, 1) + S_rotl(v2, 7) + S_rotl(v3, 12) + S_rotl(v4, 18);
        h = S_merge(h, v1);
        h = S_merge(h, v2);
        h = S_merge(h, v3);
        h = S_merge(h, v4);
    } else {
        h = seed + S_P5;
    }
    h += (uint64_t)len;
    while (end - p >= 8) {
        h ^= S_round(0, S_rd64(p));
        h = S_rotl(h, 27) * S_P1 + S_P4;
        p += 8;
    }
    if (end - p >= 4) {
        h ^= S_rd32(p) * S_P1;
        h = S_rotl(h, 23) * S_P2 + S_P3;
        p += 4;
    }
    while (p < end) {
        h ^= (uint64_t)*p * S_P5;
        h = S_rotl(h, 11) * S_P1;
        p++;
    }
    h ^= h >> 33;
    h *= S_P2;
    h ^= h >> 29;
    h *= S_P3;
    h ^= h >> 32;
    return h;
}

static uint64_t S_hash_str(const char *s, uint64_t seed)
{
    /* length-prefixed by construction: the NUL is hashed too */
    return gw_hash64(s ? s : "", s ? strlen(s) + 1 : 0, seed);
}

/* ------------------------------------------------------------------------ */
/* Small helpers                                                            */

typedef struct S_strs {
    char **v;
    size_t n, cap;
} S_strs;

static void S_strs_add(S_strs *l, char *s)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 32;
        l->v = gw_xrealloc(l->v, l->cap * sizeof(char *));
    }
    l->v[l->n++] = s;
}

static void S_strs_free(S_strs *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    memset(l, 0, sizeof *l);
}

static int S_strcmp_p(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static double S_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long long S_wall_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int S_is_draft(const char *name)
{
    /* README.md / README.txt in an inputs folder are notes, not drafts */
    if (strncasecmp(name, "readme.", 7) == 0)
        return 0;
    return gw_is_draft_name(name);
}

static char *S_replace_ext(const char *rel, const char *ext)
{
    const char *dot = strrchr(rel, '.');
    const char *slash = strrchr(rel, '/');
    size_t n = (dot && (!slash || dot > slash)) ? (size_t)(dot - rel) : strlen(rel);
    return gw_xasprintf("%.*s%s", (int)n, rel, ext);
}

/* mkdir -p for the parent folders of path (the last component is a file). */
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

/* The lexically normalised path of a (possibly relative) path under the
 * absolute folder base. */
static char *S_join_norm(const char *base, const char *path)
{
    char *j = path[0] == '/' ? gw_xstrdup(path) : gw_xasprintf("%s/%s", base, path);
    gw_buf b = {0};
    S_strs parts = {0};
    char *save = NULL;
    for (char *t = strtok_r(j, "/", &save); t; t = strtok_r(NULL, "/", &save)) {
        if (strcmp(t, ".") == 0)
            continue;
        if (strcmp(t, "..") == 0) {
            if (parts.n)
                free(parts.v[--parts.n]);
            continue;
        }
        S_strs_add(&parts, gw_xstrdup(t));
    }
    for (size_t i = 0; i < parts.n; i++) {
        gw_buf_putc(&b, '/');
        gw_buf_puts(&b, parts.v[i]);
    }
    if (!b.len)
        gw_buf_putc(&b, '/');
    S_strs_free(&parts);
    free(j);
    return gw_buf_detach(&b);
}

/* An absolute path with no ".", ".." or empty components (symlinks in the
 * existing part resolved by realpath). */
static char *S_abspath(const char *path)
{
    char *r = realpath(path, NULL);
    if (r)
        return r;
    char *cwd = getcwd(NULL, 0);
    r = S_join_norm(cwd ? cwd : "/", path);
    free(cwd);
    return r;
}

/* The relative path from folder `from` to `to` (both absolute, normalised). */
static char *S_relpath(const char *from, const char *to)
{
    size_t i = 0, common = 0;
    while (from[i] && to[i] && from[i] == to[i]) {
        if (from[i] == '/')
            common = i;
        i++;
    }
    if ((!from[i] && (to[i] == '/' || !to[i])) || (!to[i] && from[i] == '/'))
        common = i;
    if (strcmp(from, "/") == 0)
        common = 0;
    gw_buf b = {0};
    const char *f = from + common;
    for (; *f; f++)
        if (*f == '/' && f[1])
            gw_buf_puts(&b, b.len ? "/.." : "..");
    const char *t = to + common;
    while (*t == '/')
        t++;
    if (*t) {
        if (b.len)
            gw_buf_putc(&b, '/');
        gw_buf_puts(&b, t);
    }
    if (!b.len)
        gw_buf_putc(&b, '.');
    return gw_buf_detach(&b);
}

/* ------------------------------------------------------------------------ */
/* File identity                                                            */

typedef struct S_stat {
    long long size, mtime, ctime; /* ns */
    unsigned long long ino;
} S_stat;

static void S_stat_from(S_stat *s, const struct stat *st)
{
    s->size = (long long)st->st_size;
    s->mtime = (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
    s->ctime = (long long)st->st_ctim.tv_sec * 1000000000LL + st->st_ctim.tv_nsec;
    s->ino = (unsigned long long)st->st_ino;
}

static int S_stat_same(const S_stat *a, const S_stat *b)
{
    return a->mtime != 0 && a->size == b->size && a->mtime == b->mtime && a->ctime == b->ctime &&
           a->ino == b->ino;
}

/* Reads a whole file, with the stat taken before reading (so any change
 * during or after the read shows as a changed stat next time). */
static int S_read(const char *path, gw_buf *out, S_stat *st, gw_diags *d)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        gw_diags_add(d, GW_ERROR, path, 0, 0, "cannot read: %s", strerror(errno));
        return -1;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        gw_diags_add(d, GW_ERROR, path, 0, 0, "cannot read: %s", strerror(errno));
        close(fd);
        return -1;
    }
    S_stat_from(st, &sb);
    gw_buf_grow(out, (size_t)sb.st_size + 1);
    for (;;) {
        gw_buf_grow(out, 65536);
        ssize_t r = read(fd, out->ptr + out->len, out->cap - out->len - 1);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            gw_diags_add(d, GW_ERROR, path, 0, 0, "cannot read: %s", strerror(errno));
            close(fd);
            return -1;
        }
        if (r == 0)
            break;
        out->len += (size_t)r;
    }
    out->ptr[out->len] = '\0';
    close(fd);
    return 0;
}

/* ------------------------------------------------------------------------ */
/* The manifest                                                             */

typedef struct S_dep {
    char *name;   /* relative to OUTPUTS, or builtin:KIND */
    uint64_t hash;
    S_stat st;    /* st.mtime == 0: not trusted */
} S_dep;

typedef struct S_file {
    char *name;   /* relative to OUTPUTS */
    long long size;
    unsigned long long ino; /* 0: not recorded */
} S_file;

typedef struct S_rec {
    char *out;    /* relative to OUTPUTS; a folder output ends in / */
    char *kind;   /* notice|plan|report|reply|list|summary */
    uint64_t opts;
    S_dep *deps;
    size_t ndeps, capdeps;
    S_file *files;
    size_t nfiles, capfiles;
    int seen;     /* planned by this run */
} S_rec;

typedef struct S_manifest {
    S_rec **v;
    size_t n, cap;
    size_t *slot;  /* open addressing over v: index + 1, 0 = empty */
    size_t nslot;
    int dirty;
} S_manifest;

static void S_rec_free(S_rec *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->ndeps; i++)
        free(r->deps[i].name);
    for (size_t i = 0; i < r->nfiles; i++)
        free(r->files[i].name);
    free(r->deps);
    free(r->files);
    free(r->out);
    free(r->kind);
    free(r);
}

static S_rec *S_rec_new(const char *out, const char *kind, uint64_t opts)
{
    S_rec *r = gw_xcalloc(1, sizeof *r);
    r->out = gw_xstrdup(out);
    r->kind = gw_xstrdup(kind);
    r->opts = opts;
    return r;
}

static S_dep *S_rec_dep(S_rec *r, const char *name, uint64_t hash, const S_stat *st)
{
    if (r->ndeps == r->capdeps) {
        r->capdeps = r->capdeps ? r->capdeps * 2 : 4;
        r->deps = gw_xrealloc(r->deps, r->capdeps * sizeof *r->deps);
    }
    S_dep *d = &r->deps[r->ndeps++];
    d->name = gw_xstrdup(name);
    d->hash = hash;
    if (st)
        d->st = *st;
    else
        memset(&d->st, 0, sizeof d->st);
    return d;
}

static void S_rec_file(S_rec *r, const char *name, long long size, unsigned long long ino)
{
    if (r->nfiles == r->capfiles) {
        r->capfiles = r->capfiles ? r->capfiles * 2 : 2;
        r->files = gw_xrealloc(r->files, r->capfiles * sizeof *r->files);
    }
    r->files[r->nfiles].name = gw_xstrdup(name);
    r->files[r->nfiles].size = size;
    r->files[r->nfiles].ino = ino;
    r->nfiles++;
}

static S_rec *S_rec_dup(const S_rec *o)
{
    S_rec *r = S_rec_new(o->out, o->kind, o->opts);
    for (size_t i = 0; i < o->ndeps; i++)
        S_rec_dep(r, o->deps[i].name, o->deps[i].hash, &o->deps[i].st);
    for (size_t i = 0; i < o->nfiles; i++)
        S_rec_file(r, o->files[i].name, o->files[i].size, o->files[i].ino);
    return r;
}

static size_t S_slot_of(const S_manifest *m, const char *out)
{
    size_t h = (size_t)gw_hash64(out, strlen(out), 0);
    size_t mask = m->nslot - 1, i = h & mask;
    while (m->slot[i] && strcmp(m->v[m->slot[i] - 1]->out, out) != 0)
        i = (i + 1) & mask;
    return i;
}

static void S_man_reindex(S_manifest *m)
{
    size_t want = 64;
    while (want < m->n * 2 + 2)
        want *= 2;
    free(m->slot);
    m->nslot = want;
    m->slot = gw_xcalloc(want, sizeof *m->slot);
    for (size_t i = 0; i < m->n; i++)
        m->slot[S_slot_of(m, m->v[i]->out)] = i + 1;
}

static S_rec *S_man_get(const S_manifest *m, const char *out)
{
    if (!m->nslot)
        return NULL;
    size_t s = m->slot[S_slot_of(m, out)];
    return s ? m->v[s - 1] : NULL;
}

/* Puts r in place of the record with the same name (freed), or adds it. */
static void S_man_put(S_manifest *m, S_rec *r)
{
    if (!m->nslot || (m->n + 1) * 2 > m->nslot)
        S_man_reindex(m);
    size_t i = S_slot_of(m, r->out);
    if (m->slot[i]) {
        S_rec *old = m->v[m->slot[i] - 1];
        r->seen = r->seen || old->seen;
        S_rec_free(old);
        m->v[m->slot[i] - 1] = r;
    } else {
        if (m->n == m->cap) {
            m->cap = m->cap ? m->cap * 2 : 64;
            m->v = gw_xrealloc(m->v, m->cap * sizeof *m->v);
        }
        m->v[m->n++] = r;
        m->slot[i] = m->n;
    }
    m->dirty = 1;
}

static void S_man_free(S_manifest *m)
{
    for (size_t i = 0; i < m->n; i++)
        S_rec_free(m->v[i]);
    free(m->v);
    free(m->slot);
    memset(m, 0, sizeof *m);
}

static void S_put_field(gw_buf *b, const char *s)
{
    gw_buf_putc(b, '\t');
    for (; *s; s++) {
        switch (*s) {
        case '\\': gw_buf_puts(b, "\\\\"); break;
        case '\t': gw_buf_puts(b, "\\t"); break;
        case '\n': gw_buf_puts(b, "\\n"); break;
        case '\r': gw_buf_puts(b, "\\r"); break;
        default: gw_buf_putc(b, *s);
        }
    }
}

static int S_rec_cmp(const void *a, const void *b)
{
    return strcmp((*(S_rec *const *)a)->out, (*(S_rec *const *)b)->out);
}

static void S_rec_write(const S_rec *r, gw_buf *b)
{
    {
        gw_buf_puts(b, "out");
        S_put_field(b, r->out);
        S_put_field(b, r->kind);
        gw_buf_printf(b, "\t%016llx\n", (unsigned long long)r->opts);
        for (size_t k = 0; k < r->ndeps; k++) {
            const S_dep *d = &r->deps[k];
            gw_buf_puts(b, "dep");
            S_put_field(b, d->name);
            gw_buf_printf(b, "\t%016llx\t%lld\t%lld\t%lld\t%llu\n", (unsigned long long)d->hash,
                          d->st.size, d->st.mtime, d->st.ctime, d->st.ino);
        }
        for (size_t k = 0; k < r->nfiles; k++) {
            gw_buf_puts(b, "file");
            S_put_field(b, r->files[k].name);
            gw_buf_printf(b, "\t%lld\t%llu\n", r->files[k].size, r->files[k].ino);
        }
    }
}

static void S_man_write(const S_manifest *m, uint64_t program, gw_buf *b)
{
    S_rec **v = gw_xmalloc((m->n ? m->n : 1) * sizeof *v);
    memcpy(v, m->v, m->n * sizeof *v);
    qsort(v, m->n, sizeof *v, S_rec_cmp);
    gw_buf_printf(b, "gongwen-manifest\t1\nprogram\t%016llx\n", (unsigned long long)program);
    for (size_t i = 0; i < m->n; i++)
        S_rec_write(v[i], b);
    free(v);
}

/* One journal entry: a record followed by "end HASH" over its lines. */
static void S_journal_entry(const S_rec *r, gw_buf *b)
{
    size_t start = b->len;
    S_rec_write(r, b);
    gw_buf_printf(b, "end\t%016llx\n",
                  (unsigned long long)gw_hash64(b->ptr + start, b->len - start, 0));
}

/* Splits one line into TAB-separated fields, unescaping in place. */
static size_t S_split(char *line, char **f, size_t max)
{
    size_t n = 0;
    char *w = line;
    f[n++] = w;
    for (char *s = line; *s; s++) {
        if (*s == '\t') {
            *w++ = '\0';
            if (n == max)
                return n;
            f[n++] = w;
        } else if (*s == '\\' && s[1]) {
            s++;
            *w++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s;
        } else {
            *w++ = *s;
        }
    }
    *w = '\0';
    return n;
}

static int S_parse_u64(const char *s, uint64_t *v)
{
    char *end;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 16);
    if (errno || end == s || *end)
        return -1;
    *v = x;
    return 0;
}

static int S_parse_ll(const char *s, long long *v)
{
    char *end;
    errno = 0;
    long long x = strtoll(s, &end, 10);
    if (errno || end == s || *end)
        return -1;
    *v = x;
    return 0;
}

/* Parses manifest lines (after the header) into m.  A record read later
 * replaces one of the same name.  Returns the number of damaged lines; a
 * damaged line drops its record (its outputs are then rebuilt, and never
 * removed, since nothing records them any more). */
static int S_man_parse(S_manifest *m, char *text)
{
    S_rec *cur = NULL;
    int bad = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *f[8];
        size_t n = S_split(line, f, 8);
        if (strcmp(f[0], "program") == 0)
            continue;
        if (strcmp(f[0], "out") == 0) {
            uint64_t opts;
            if (cur)
                S_man_put(m, cur);
            cur = NULL;
            if (n != 4 || !*f[1] || S_parse_u64(f[3], &opts) != 0) {
                bad++;
                continue;
            }
            cur = S_rec_new(f[1], f[2], opts);
        } else if (strcmp(f[0], "dep") == 0 && cur) {
            S_stat st;
            uint64_t h;
            long long ino;
            if (n != 7 || S_parse_u64(f[2], &h) || S_parse_ll(f[3], &st.size) ||
                S_parse_ll(f[4], &st.mtime) || S_parse_ll(f[5], &st.ctime) ||
                S_parse_ll(f[6], &ino)) {
                S_rec_free(cur);
                cur = NULL;
                bad++;
                continue;
            }
            st.ino = (unsigned long long)ino;
            S_rec_dep(cur, f[1], h, &st);
        } else if (strcmp(f[0], "file") == 0 && cur) {
            long long size, ino = 0;
            if ((n != 3 && n != 4) || S_parse_ll(f[2], &size) || (n == 4 && S_parse_ll(f[3], &ino))) {
                S_rec_free(cur);
                cur = NULL;
                bad++;
                continue;
            }
            S_rec_file(cur, f[1], size, (unsigned long long)ino);
        } else if (!cur && (strcmp(f[0], "dep") == 0 || strcmp(f[0], "file") == 0)) {
            continue; /* belongs to a dropped record */
        } else {
            bad++;
        }
    }
    if (cur)
        S_man_put(m, cur);
    return bad;
}

static int S_read_quiet(const char *path, gw_buf *b)
{
    S_stat st;
    gw_diags *scratch = gw_diags_new();
    int rc = access(path, F_OK) == 0 ? S_read(path, b, &st, scratch) : -1;
    gw_diags_free(scratch);
    return rc;
}

/* Reads the manifest. */
static void S_man_read(S_manifest *m, const char *path, gw_diags *d)
{
    gw_buf b = {0};
    if (S_read_quiet(path, &b) != 0 || !b.len) {
        gw_buf_free(&b);
        return;
    }
    char *nl = strchr(b.ptr, '\n');
    if (!nl || strncmp(b.ptr, "gongwen-manifest\t1\n", (size_t)(nl - b.ptr) + 1) != 0) {
        gw_diags_add(d, GW_WARNING, path, 1, 0,
                     "不是 gongwen 的生成清单（或是更新版本写的），全部公文将重新生成");
        gw_buf_free(&b);
        return;
    }
    int bad = S_man_parse(m, nl + 1);
    if (bad)
        gw_diags_add(d, GW_WARNING, path, 0, 0,
                     "生成清单中有 %d 行已损坏，已忽略，相应的公文将重新生成", bad);
    m->dirty = 0;
    gw_buf_free(&b);
}

/* Replays the journal a run that did not finish left behind: each entry
 * whose hash checks (a kill can cut the last one short) replaces its
 * record.  Returns the number of entries taken. */
static size_t S_journal_replay(S_manifest *m, const char *path)
{
    gw_buf b = {0}, good = {0};
    size_t n = 0;
    if (S_read_quiet(path, &b) != 0 || !b.len) {
        gw_buf_free(&b);
        return 0;
    }
    size_t start = 0, pos = 0;
    while (pos < b.len) {
        char *nl = memchr(b.ptr + pos, '\n', b.len - pos);
        if (!nl)
            break; /* a cut-off last line */
        size_t end = (size_t)(nl - b.ptr) + 1;
        uint64_t h;
        if (strncmp(b.ptr + pos, "end\t", 4) == 0) {
            char hex[17];
            size_t hl = end - pos - 5;
            if (hl == 16) {
                memcpy(hex, b.ptr + pos + 4, 16);
                hex[16] = '\0';
                if (S_parse_u64(hex, &h) == 0 && h == gw_hash64(b.ptr + start, pos - start, 0)) {
                    gw_buf_put(&good, b.ptr + start, pos - start);
                    n++;
                }
            }
            start = end;
        }
        pos = end;
    }
    if (good.len)
        S_man_parse(m, good.ptr);
    gw_buf_free(&good);
    gw_buf_free(&b);
    return n;
}

/* ------------------------------------------------------------------------ */
/* Folder settings (gongwen.conf)                                           */

typedef struct S_conf {
    gw_kind kind;      /* GW_KIND_MAX = inferred from each draft */
    char *tpl;         /* template file (usable path), or NULL = built-in */
    char *tpl_dep;     /* its dep name (relative to OUTPUTS) */
    uint64_t tpl_hash;
    S_stat tpl_st;
    int tpl_bad;       /* it did not load: reported once, its drafts fail */
    int sum_off;       /* its drafts are left out of the summary (summary = off) */
} S_conf;

/* ------------------------------------------------------------------------ */
/* Jobs                                                                     */

typedef enum S_jobtype { S_JOB_DRAFT, S_JOB_LIST, S_JOB_SUMMARY, S_JOB_MAX } S_jobtype;
typedef enum S_need { S_NEED_NONE, S_NEED_CHECK, S_NEED_BUILD } S_need;
typedef enum S_status { S_ST_PENDING, S_ST_BUILT, S_ST_UPTODATE, S_ST_FAILED, S_ST_REMOVED } S_status;

typedef struct S_job {
    S_jobtype type;
    char *in;          /* path of the source as the user names it (diagnostics) */
    char *src;         /* dep name of the source */
    char *out;         /* record name (relative to OUTPUTS) */
    char *outpath;     /* where to write (OUTPUTS/out, no trailing /) */
    const S_conf *conf;
    uint64_t opts;
    S_need need;
    const S_rec *old;  /* previous record (the manifest owns it), or NULL */
    /* result, filled by the worker */
    S_status status;
    S_rec *rec;        /* new record (BUILT, UPTODATE) */
    gw_diags *diags;
    /* drafts, for the summary (S_HOOK_SUMMARY) */
    char *rel;         /* path relative to INPUTS: the plan's name in the summary */
    int sum_cand;      /* its tasks go into the summary */
    const S_dep *sum_dep; /* its dep in the previous summary record, or NULL */
    gw_tasklist tl;    /* its tasks: from the worker that built it, or extracted
                        * again for the summary (then xstate, xhash, xst) */
    int xstate;        /* 0 not extracted again, 1 extracted, -1 failed */
    uint64_t xhash;
    S_stat xst;
    gw_diags *xdiags;
    /* a document waiting in its worker's write batch (S_worker_flush) */
    int wpend;         /* written as a temporary, not yet in place */
    int wok;           /* set by the batch: 1 once it is in place */
    long long wlen;    /* its size */
} S_job;

/* The cross-draft summary: OUTPUTS/任务汇总.docx and OUTPUTS/督办台账.xlsx
 * from the tasks of every draft under INPUTS (S_HOOK_SUMMARY). */
typedef struct S_sum {
    int on;            /* planned this run */
    char *name;        /* the record: 任务汇总.docx */
    char *ledger;      /* 督办台账.xlsx, or NULL (ledger = off) */
    uint64_t opts;
    S_rec *old;        /* previous record (the manifest owns it), or NULL */
    int trusted;       /* old was made with these settings and is complete:
                        * an unchanged draft is in it iff the draft has tasks */
    int poisoned;      /* old was marked incomplete (opts 0) in this run */
    S_need pre;        /* before the drafts run: NONE = certainly up to date */
    S_job *job;        /* progress and diagnostics */
    S_job **cand;      /* the drafts it may cover, sorted by rel */
    size_t ncand;
} S_sum;

typedef struct S_ctx {
    const gw_build_opts *o;
    char *root;        /* INPUTS folder as given (no trailing /) */
    char *out_dir;     /* OUTPUTS as given */
    char *out_abs;     /* OUTPUTS, absolute */
    char *in_abs;      /* INPUTS folder, absolute */
    char *in_prefix;   /* INPUTS relative to OUTPUTS, e.g. ../inputs */
    int single;        /* INPUTS is one draft */
    uint64_t program;
    uint64_t builtin_hash[GW_KIND_MAX];
    long long start_ns; /* wall clock at start (racy stats) */
    dev_t out_dev;
    ino_t out_ino;
    int have_out_id;
    S_manifest man;
    S_conf **confs;
    size_t nconfs;
    S_job **jobs;
    size_t njobs, capjobs;
    size_t plan_failed; /* sources that got no job (two drafts, one output) */
    int journal_fd;     /* appended to as documents finish, or -1 */
    int journal_seen;   /* a journal was there at the start */
    /* summary settings from gongwen.conf */
    int sum_root_off, ledger_off;
    char *sum_name, *ledger_name; /* without extension; NULL = default */
    uint64_t sum_cfg;   /* hash of every summary/ledger setting and its folder */
    S_sum sum;
} S_ctx;

static void S_job_free(S_job *j)
{
    if (!j)
        return;
    free(j->in);
    free(j->src);
    free(j->out);
    free(j->outpath);
    S_rec_free(j->rec);
    gw_diags_free(j->diags);
    free(j->rel);
    gw_tasklist_free(&j->tl);
    gw_diags_free(j->xdiags);
    free(j);
}

static char *S_dep_name_rel(const S_ctx *c, const char *rel)
{
    return gw_xasprintf("%s/%s", c->in_prefix, rel);
}

/* The dep name of a path usable from the current folder (paths under
 * INPUTS give the same names as S_dep_name_rel). */
static char *S_dep_name_path(const S_ctx *c, const char *path)
{
    size_t rl = strlen(c->root);
    char *abs;
    if (strncmp(path, c->root, rl) == 0 && path[rl] == '/') {
        abs = S_join_norm(c->in_abs, path + rl + 1);
    } else if (path[0] == '/') {
        abs = S_join_norm("/", path);
    } else {
        char *cwd = getcwd(NULL, 0);
        abs = S_join_norm(cwd ? cwd : "/", path);
        free(cwd);
    }
    char *r = S_relpath(c->out_abs, abs);
    free(abs);
    return r;
}

/* The path of a dep, usable from the current folder. */
static char *S_dep_path(const S_ctx *c, const char *name)
{
    return gw_xasprintf("%s/%s", c->out_abs, name);
}

static int S_is_builtin(const char *name)
{
    return strncmp(name, "builtin:", 8) == 0;
}

static uint64_t S_builtin_hash(const S_ctx *c, const char *name, int *known)
{
    gw_kind k = gw_kind_from_name(name + 8);
    *known = k != GW_KIND_MAX;
    return *known ? c->builtin_hash[k] : 0;
}

static void S_record_stat(const S_ctx *c, S_stat *st)
{
    /* a stat not older than the run could hide a change made in the same
     * tick: record it as untrusted so the next run hashes the file */
    long long t = st->mtime > st->ctime ? st->mtime : st->ctime;
    long long margin = (st->mtime % 1000000000LL == 0) ? 2000000000LL : S_RACY_NS;
    if (t >= c->start_ns - margin)
        st->mtime = 0;
}

/* ------------------------------------------------------------------------ */
/* Workers                                                                  */

static int S_bsearch_str(const S_strs *s, const char *k);

/* Documents are written in batches (gw_wbatch, util.h): each worker's
 * drafts go to temporaries, and every S_WBATCH of them, or after
 * S_WBATCH_SECS, one syncfs makes them durable and they are renamed into
 * place; only then are they reported as built (and journaled).  One fsync
 * per document cost more than rendering it, and two workers' fsyncs queued
 * behind each other.  A kill leaves at most a batch per worker undone:
 * temporaries the next run removes, and no record, so it builds them. */
#define S_WBATCH 64
#define S_WBATCH_SECS 0.25

typedef struct S_worker {
    const S_ctx *c;
    gw_template *builtin[GW_KIND_MAX];
    const S_conf **custom_conf;
    gw_template **custom;
    size_t ncustom;
    gw_wbatch *wb;      /* its documents not yet in place, */
    S_job **pend;       /* their jobs, */
    size_t npend, cappend;
    double pend_since;  /* and when the first was written */
} S_worker;

static void S_worker_free(S_worker *w)
{
    gw_wbatch_free(w->wb); /* nothing pending by now (S_worker_flush) */
    free(w->pend);
    for (int k = 0; k < GW_KIND_MAX; k++)
        gw_template_free(w->builtin[k]);
    for (size_t i = 0; i < w->ncustom; i++)
        gw_template_free(w->custom[i]);
    free(w->custom);
    free(w->custom_conf);
}

static const gw_template *S_worker_tpl(S_worker *w, const S_conf *conf, gw_kind k, gw_diags *d)
{
    if (conf && conf->tpl) {
        for (size_t i = 0; i < w->ncustom; i++)
            if (w->custom_conf[i] == conf || strcmp(w->custom_conf[i]->tpl, conf->tpl) == 0)
                return w->custom[i];
        gw_template *t = gw_template_load(conf->tpl, d);
        if (!t)
            return NULL;
        w->custom_conf = gw_xrealloc(w->custom_conf, (w->ncustom + 1) * sizeof *w->custom_conf);
        w->custom = gw_xrealloc(w->custom, (w->ncustom + 1) * sizeof *w->custom);
        w->custom_conf[w->ncustom] = conf;
        w->custom[w->ncustom++] = t;
        return t;
    }
    if (!w->builtin[k])
        w->builtin[k] = gw_template_builtin(k, d);
    return w->builtin[k];
}

static void S_add_tpl_dep(const S_ctx *c, S_rec *r, const S_conf *conf, gw_kind k)
{
    if (conf && conf->tpl) {
        S_dep *d = S_rec_dep(r, conf->tpl_dep, conf->tpl_hash, &conf->tpl_st);
        S_record_stat(c, &d->st);
    } else {
        char *name = gw_xasprintf("builtin:%s", gw_kind_name(k));
        S_rec_dep(r, name, c->builtin_hash[k], NULL);
        free(name);
    }
}

/* Hashes the file behind every non-builtin dep of the old record (the
 * source's bytes are given).  Returns a refreshed copy of the record when
 * every hash is unchanged, else NULL. */
static S_rec *S_recheck(const S_ctx *c, const S_rec *old, const gw_buf *src, const S_stat *srcst)
{
    S_rec *r = S_rec_dup(old);
    for (size_t i = 0; i < r->ndeps; i++) {
        S_dep *d = &r->deps[i];
        if (S_is_builtin(d->name)) {
            int known;
            if (S_builtin_hash(c, d->name, &known) != d->hash || !known)
                goto changed;
            continue;
        }
        uint64_t h;
        S_stat st;
        if (i == 0 && src) {
            h = gw_hash64(src->ptr, src->len, 0);
            st = *srcst;
        } else {
            gw_buf b = {0};
            gw_diags *scratch = gw_diags_new();
            char *p = S_dep_path(c, d->name);
            int rc = S_read(p, &b, &st, scratch);
            h = rc == 0 ? gw_hash64(b.ptr, b.len, 0) : 0;
            free(p);
            gw_diags_free(scratch);
            gw_buf_free(&b);
            if (rc != 0)
                goto changed;
        }
        if (h != d->hash)
            goto changed;
        d->st = st;
        S_record_stat(c, &d->st);
    }
    return r;
changed:
    S_rec_free(r);
    return NULL;
}

/* The start of a draft's or a list's job: reads its source (raw, st) and
 * returns 1 when there is something to make.  0: failed (status FAILED,
 * the reason in its diagnostics) or unchanged after all (UPTODATE, the
 * record re-stated: S_recheck). */
static int S_job_start(const S_ctx *c, S_job *j, gw_buf *raw, S_stat *st)
{
    j->status = S_ST_FAILED;
    if (S_read(j->in, raw, st, j->diags) != 0)
        return 0;
    if (j->need == S_NEED_CHECK && j->old) {
        j->rec = S_recheck(c, j->old, raw, st);
        if (j->rec) {
            j->status = S_ST_UPTODATE;
            return 0;
        }
    }
    if (j->conf && j->conf->tpl_bad) {
        gw_diags_add(j->diags, GW_ERROR, j->in, 0, 0, "未生成：本文件夹设置的模板 %s 无法使用",
                     j->conf->tpl);
        return 0;
    }
    return 1;
}

static void S_run_draft(S_worker *w, S_job *j)
{
    const S_ctx *c = w->c;
    gw_diags *dd = j->diags;
    gw_buf raw = {0}, out = {0};
    gw_source *src = NULL;
    gw_model *m = NULL;
    S_stat st;
    if (!S_job_start(c, j, &raw, &st))
        goto done;
    src = gw_source_from_memory(j->in, raw.ptr ? raw.ptr : "", raw.len, gw_format_from_name(j->in),
                                dd);
    if (!src)
        goto done;
    gw_kind forced = j->conf ? j->conf->kind : GW_KIND_MAX;
    gw_extract_opts eo = {forced != GW_KIND_MAX ? gw_kind_name(forced) : NULL};
    m = gw_extract(src, &eo, dd);
    if (!m)
        goto done;
    gw_kind k = forced != GW_KIND_MAX ? forced : gw_render_kind(m);
    const gw_template *t = S_worker_tpl(w, j->conf, k, dd);
    if (!t)
        goto done;
    gw_render_opts ro = {k, c->o->epoch, NULL};
    /* a draft with errors keeps its old output */
    if (gw_render_docx(t, m, &ro, j->in, &out, dd) != 0 || gw_diags_errors(dd) > 0)
        goto done;
    if (S_mkdirs(j->outpath, dd) != 0)
        goto done;
    if (!w->wb)
        w->wb = gw_wbatch_new(S_WBATCH);
    if (gw_wbatch_add(w->wb, j->outpath, out.ptr ? out.ptr : "", out.len, &j->wok, dd) != 0)
        goto done;
    /* the record gets its file once the batch has put it in place */
    j->wpend = 1;
    j->wlen = (long long)out.len;
    S_rec *r = S_rec_new(j->out, gw_kind_name(k), j->opts);
    S_dep *d0 = S_rec_dep(r, j->src, gw_hash64(raw.ptr, raw.len, 0), &st);
    S_record_stat(c, &d0->st);
    S_add_tpl_dep(c, r, j->conf, k);
    j->rec = r;
    j->status = S_ST_BUILT;
    /* its tasks, while the model is here: the summary needs no second
     * extraction of a draft built in this run */
    if (j->sum_cand) {
        gw_tasklist_add(&j->tl, m, j->rel);
        if (!j->tl.ntasks)
            gw_tasklist_free(&j->tl);
    }
done:
    gw_model_free(m);
    gw_source_free(src);
    gw_buf_free(&raw);
    gw_buf_free(&out);
}

/* A folder's files as name → inode, to see which files gw_replies wrote
 * (every atomic write makes a new inode). */
typedef struct S_dirsnap {
    char **names;
    unsigned long long *ino;
    size_t n;
} S_dirsnap;

static void S_dirsnap_take(const char *dir, S_dirsnap *s)
{
    memset(s, 0, sizeof *s);
    DIR *dp = opendir(dir);
    if (!dp)
        return;
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.' || !gw_has_ext(e->d_name, ".docx"))
            continue;
        if (s->n == cap) {
            cap = cap ? cap * 2 : 64;
            s->names = gw_xrealloc(s->names, cap * sizeof *s->names);
            s->ino = gw_xrealloc(s->ino, cap * sizeof *s->ino);
        }
        s->names[s->n] = gw_xstrdup(e->d_name);
        s->ino[s->n++] = (unsigned long long)e->d_ino;
    }
    closedir(dp);
}

static void S_dirsnap_free(S_dirsnap *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->names[i]);
    free(s->names);
    free(s->ino);
}

static int S_dirsnap_has(const S_dirsnap *s, const char *name, unsigned long long ino)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->ino[i] == ino && strcmp(s->names[i], name) == 0)
            return 1;
    return 0;
}

/* The letter bodies a reply list names, as paths usable from here, and
 * (names not NULL) the files gw_replies makes from it: 类别-编号.docx per
 * row and 汇总.docx, sorted. */
static void S_list_bodies(const char *csv, const char *bytes, size_t len, S_strs *out,
                          S_strs *names)
{
    gw_diags *scratch = gw_diags_new();
    gw_reply_list *l = gw_reply_list_parse(csv, bytes, len, scratch);
    gw_diags_free(scratch);
    if (!l)
        return;
    for (size_t r = 0; r < gw_reply_list_count(l); r++) {
        char *b = gw_reply_list_body_path(l, r);
        if (b[0])
            S_strs_add(out, b);
        else
            free(b);
        const char *cat = gw_reply_category(gw_reply_list_get(l, r, GW_RC_CATEGORY));
        const char *num = gw_reply_list_get(l, r, GW_RC_NUMBER);
        if (names && cat && num && *num)
            S_strs_add(names, gw_reply_filename(cat, num));
    }
    if (names) {
        S_strs_add(names, gw_xstrdup("汇总.docx"));
        qsort(names->v, names->n, sizeof *names->v, S_strcmp_p);
    }
    gw_reply_list_free(l);
}

static int S_dep_cmp(const void *a, const void *b)
{
    return strcmp(((const S_dep *)a)->name, ((const S_dep *)b)->name);
}

/* A letter body: its name in the manifest, and its path from here. */
typedef struct S_body {
    char *name;
    const char *path;
} S_body;

static int S_body_cmp(const void *a, const void *b)
{
    return strcmp(((const S_body *)a)->name, ((const S_body *)b)->name);
}

static void S_run_list(S_worker *w, S_job *j)
{
    const S_ctx *c = w->c;
    gw_diags *dd = j->diags;
    gw_buf raw = {0};
    S_stat st;
    if (!S_job_start(c, j, &raw, &st))
        goto done;
    S_rec *r = S_rec_new(j->out, "list", j->opts);
    S_dep *d0 = S_rec_dep(r, j->src, gw_hash64(raw.ptr, raw.len, 0), &st);
    S_record_stat(c, &d0->st);
    S_add_tpl_dep(c, r, j->conf, GW_KIND_REPLY);
    /* the letter bodies, each once, hashed before the letters are made
     * from them (one edited meanwhile is then made again next run) */
    S_strs bodies = {0}, made = {0};
    S_list_bodies(j->in, raw.ptr ? raw.ptr : "", raw.len, &bodies, &made);
    gw_buf_free(&raw); /* gw_replies reads the list itself */
    size_t first = r->ndeps;
    S_body *bv = gw_xmalloc((bodies.n ? bodies.n : 1) * sizeof *bv);
    for (size_t i = 0; i < bodies.n; i++)
        bv[i] = (S_body){S_dep_name_path(c, bodies.v[i]), bodies.v[i]};
    if (bodies.n)
        qsort(bv, bodies.n, sizeof *bv, S_body_cmp);
    for (size_t i = 0; i < bodies.n; i++) {
        if (i == 0 || strcmp(bv[i].name, bv[i - 1].name) != 0) {
            gw_buf b = {0};
            S_stat bst;
            gw_diags *scratch = gw_diags_new();
            if (S_read(bv[i].path, &b, &bst, scratch) == 0) {
                S_dep *d = S_rec_dep(r, bv[i].name, gw_hash64(b.ptr, b.len, 0), &bst);
                S_record_stat(c, &d->st);
            }
            gw_diags_free(scratch);
            gw_buf_free(&b);
        }
    }
    for (size_t i = 0; i < bodies.n; i++)
        free(bv[i].name);
    free(bv);
    S_strs_free(&bodies);
    S_dirsnap before;
    S_dirsnap_take(j->outpath, &before);
    gw_replies_opts ro;
    memset(&ro, 0, sizeof ro);
    ro.list = j->in;
    ro.outdir = j->outpath;
    ro.template_path = j->conf ? j->conf->tpl : NULL;
    ro.epoch = c->o->epoch;
    ro.progress = GW_PROGRESS_NONE;
    size_t errs = gw_diags_errors(dd);
    int rc = gw_replies(&ro, dd);
    if (rc != 0 || gw_diags_errors(dd) > errs) {
        S_dirsnap_free(&before);
        S_strs_free(&made);
        S_rec_free(r);
        goto done;
    }
    if (r->ndeps > first)
        qsort(r->deps + first, r->ndeps - first, sizeof *r->deps, S_dep_cmp);
    /* the files it wrote */
    DIR *dp = opendir(j->outpath);
    S_strs names = {0};
    if (dp) {
        struct dirent *e;
        while ((e = readdir(dp)) != NULL) {
            if (e->d_name[0] == '.' || !gw_has_ext(e->d_name, ".docx"))
                continue;
            if (S_dirsnap_has(&before, e->d_name, (unsigned long long)e->d_ino))
                continue; /* not rewritten: not this run's */
            if (!S_bsearch_str(&made, e->d_name))
                continue; /* not a name the list gives (another job's output) */
            S_strs_add(&names, gw_xstrdup(e->d_name));
        }
        closedir(dp);
    }
    if (names.n)
        qsort(names.v, names.n, sizeof *names.v, S_strcmp_p);
    for (size_t i = 0; i < names.n; i++) {
        char *p = gw_xasprintf("%s/%s", j->outpath, names.v[i]);
        struct stat sb;
        if (stat(p, &sb) == 0) {
            char *fname = gw_xasprintf("%s%s", j->out, names.v[i]);
            S_rec_file(r, fname, (long long)sb.st_size, (unsigned long long)sb.st_ino);
            free(fname);
        }
        free(p);
    }
    S_strs_free(&names);
    S_strs_free(&made);
    S_dirsnap_free(&before);
    j->rec = r;
    j->status = S_ST_BUILT;
done:
    gw_buf_free(&raw);
}

static void S_run_job(S_worker *w, S_job *j)
{
    j->diags = gw_diags_new();
    switch (j->type) {
    case S_JOB_DRAFT: S_run_draft(w, j); break;
    case S_JOB_LIST: S_run_list(w, j); break;
    case S_JOB_SUMMARY: /* made by S_sum_run after the drafts, never a worker's job */
    case S_JOB_MAX:
        gw_diags_add(j->diags, GW_ERROR, j->in, 0, 0, "未生成：这类输出暂不支持");
        j->status = S_ST_FAILED;
        break;
    }
    if (j->status == S_ST_FAILED && gw_diags_errors(j->diags) == 0)
        gw_diags_add(j->diags, GW_ERROR, j->in, 0, 0, "未生成");
}

/* ------------------------------------------------------------------------ */
/* Planning                                                                 */

typedef struct S_walk {
    S_ctx *c;
    S_strs drafts, lists;   /* relative to root */
    const S_conf **draft_conf, **list_conf;
    size_t capdc, caplc;
    gw_diags *d;
} S_walk;

static int S_kind_value(const char *v, gw_kind *k)
{
    static const struct {
        const char *name;
        gw_kind kind;
    } names[] = {{"auto", GW_KIND_MAX},     {"自动", GW_KIND_MAX},   {"notice", GW_KIND_NOTICE},
                 {"通知", GW_KIND_NOTICE},  {"plan", GW_KIND_PLAN},  {"方案", GW_KIND_PLAN},
                 {"report", GW_KIND_REPORT}, {"报告", GW_KIND_REPORT}, {"reply", GW_KIND_REPLY},
                 {"答复", GW_KIND_REPLY}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(v, names[i].name) == 0) {
            *k = names[i].kind;
            return 0;
        }
    return -1;
}

static S_conf *S_conf_copy(const S_conf *p)
{
    S_conf *c = gw_xcalloc(1, sizeof *c);
    c->kind = GW_KIND_MAX;
    if (p) {
        c->kind = p->kind;
        c->tpl = p->tpl ? gw_xstrdup(p->tpl) : NULL;
        c->tpl_dep = p->tpl_dep ? gw_xstrdup(p->tpl_dep) : NULL;
        c->tpl_hash = p->tpl_hash;
        c->tpl_st = p->tpl_st;
        c->tpl_bad = p->tpl_bad;
        c->sum_off = p->sum_off;
    }
    return c;
}

static void S_conf_free(S_conf *c)
{
    if (!c)
        return;
    free(c->tpl);
    free(c->tpl_dep);
    free(c);
}

static char *S_trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* on/off values of the summary and ledger settings: 1 on, 0 off, -1 a name */
static int S_onoff(const char *v)
{
    static const char *const on[] = {"on", "yes", "true", "1", "auto", "开", "是", "生成", "开启", "自动"};
    static const char *const off[] = {"off", "no", "false", "0", "none", "关", "否", "不生成", "关闭", "无"};
    for (size_t i = 0; i < sizeof on / sizeof on[0]; i++)
        if (strcasecmp(v, on[i]) == 0)
            return 1;
    for (size_t i = 0; i < sizeof off / sizeof off[0]; i++)
        if (strcasecmp(v, off[i]) == 0)
            return 0;
    return -1;
}

/* A file name for the summary or the ledger: ext stripped when given, no
 * folder, not hidden.  NULL when unusable. */
static char *S_out_name(const char *v, const char *ext)
{
    size_t n = strlen(v), k = strlen(ext);
    if (n > k && strcasecmp(v + n - k, ext) == 0)
        n -= k;
    if (!n || v[0] == '.' || memchr(v, '/', n) || memchr(v, '\\', n))
        return NULL;
    return gw_xstrndup(v, n);
}

/* summary = off|on|NAME, ledger = off|on|NAME (汇总, 台账): the names and
 * the ledger only at the INPUTS root; summary = off in a subfolder leaves
 * its drafts out of the summary. */
static void S_conf_summary(S_ctx *c, S_conf *conf, const char *rel, const char *path, int line,
                           const char *key, const char *val, gw_diags *d)
{
    int ledger = strcmp(key, "ledger") == 0 || strcmp(key, "台账") == 0;
    int root = !rel[0];
    int v = S_onoff(val);
    c->sum_cfg = S_hash_str(rel, c->sum_cfg);
    c->sum_cfg = S_hash_str(ledger ? "ledger" : "summary", c->sum_cfg);
    c->sum_cfg = S_hash_str(val, c->sum_cfg);
    if (ledger && !root) {
        gw_diags_add(d, GW_WARNING, path, line, 0,
                     "督办台账只有一份，只能在 INPUTS 根文件夹的 gongwen.conf 中设置，已忽略");
        return;
    }
    if (!ledger && v >= 0) {
        conf->sum_off = !v;
        if (root)
            c->sum_root_off = !v;
        return;
    }
    if (ledger && v >= 0) {
        c->ledger_off = !v;
        return;
    }
    if (!root) {
        gw_diags_add(d, GW_WARNING, path, line, 0,
                     "任务汇总只有一份，文件名只能在 INPUTS 根文件夹的 gongwen.conf 中设置；"
                     "本文件夹的草稿照常汇总");
        conf->sum_off = 0;
        return;
    }
    char *name = S_out_name(val, ledger ? ".xlsx" : ".docx");
    if (!name) {
        gw_diags_add(d, GW_ERROR, path, line, 0,
                     "“%s”不能用作文件名（可写 off 不生成，或写一个不含 / 的名称，例如 %s）", val,
                     ledger ? "ledger = 督办台账" : "summary = 任务汇总");
        return;
    }
    char **slot = ledger ? &c->ledger_name : &c->sum_name;
    free(*slot);
    *slot = name;
    if (ledger) {
        c->ledger_off = 0;
    } else {
        conf->sum_off = 0;
        c->sum_root_off = 0;
    }
}

/* Reads dir/gongwen.conf on top of the parent's settings:
 *     # comment
 *     kind = plan            (notice|plan|report|reply|auto, or 通知 方案 报告 答复 自动)
 *     template = 红头.docx   (relative to this folder)
 *     summary = off          (off, on or a name: the cross-draft summary, S_conf_summary)
 *     ledger = 督办台账      (off, on or a name: the ledger written with it)
 * 文种, 模板, 汇总 and 台账 are accepted as key names too.  rel is dir
 * relative to INPUTS ("" for INPUTS itself). */
static S_conf *S_conf_read(S_ctx *c, const char *dir, const char *rel, const S_conf *parent,
                           gw_diags *d)
{
    char *path = gw_xasprintf("%s/%s", dir, S_CONF);
    gw_source *s = gw_source_load(path, GW_FMT_TEXT, d);
    S_conf *conf = S_conf_copy(parent);
    if (!s) {
        free(path);
        return conf;
    }
    for (size_t i = 0; i < gw_source_nlines(s); i++) {
        const gw_line *ln = gw_source_line(s, i);
        char *line = gw_xstrndup(ln->text, ln->len);
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        char *t = S_trim(line);
        if (!*t) {
            free(line);
            continue;
        }
        char *eq = strchr(t, '=');
        if (!eq) {
            gw_diags_add(d, GW_ERROR, path, ln->line, 0, "应写成“名称 = 值”，例如 kind = plan 或 template = 模板.docx");
            free(line);
            continue;
        }
        *eq = '\0';
        char *key = S_trim(t), *val = S_trim(eq + 1);
        if (strcmp(key, "kind") == 0 || strcmp(key, "文种") == 0) {
            gw_kind k;
            if (S_kind_value(val, &k) != 0)
                gw_diags_add(d, GW_ERROR, path, ln->line, 0,
                             "不认识的文种“%s”（可用 notice、plan、report、reply、auto 或 通知、方案、报告、答复、自动）", val);
            else
                conf->kind = k;
        } else if (strcmp(key, "template") == 0 || strcmp(key, "模板") == 0) {
            free(conf->tpl);
            free(conf->tpl_dep);
            conf->tpl = NULL;
            conf->tpl_dep = NULL;
            conf->tpl_bad = 0;
            if (*val && strcmp(val, "builtin") != 0 && strcmp(val, "内置") != 0) {
                conf->tpl = val[0] == '/' ? gw_xstrdup(val) : gw_xasprintf("%s/%s", dir, val);
                conf->tpl_dep = S_dep_name_path(c, conf->tpl);
                gw_buf b = {0};
                gw_diags *td = gw_diags_new();
                gw_template *tp = NULL;
                if (S_read(conf->tpl, &b, &conf->tpl_st, td) == 0) {
                    conf->tpl_hash = gw_hash64(b.ptr, b.len, 0);
                    tp = gw_template_load(conf->tpl, td);
                }
                if (!tp) {
                    conf->tpl_bad = 1;
                    gw_diags_add(d, GW_ERROR, path, ln->line, 0, "模板 %s 无法使用：",
                                 conf->tpl);
                    gw_diags_move(d, td);
                }
                gw_template_free(tp);
                gw_diags_free(td);
                gw_buf_free(&b);
            }
        } else if (strcmp(key, "summary") == 0 || strcmp(key, "汇总") == 0 ||
                   strcmp(key, "ledger") == 0 || strcmp(key, "台账") == 0) {
            S_conf_summary(c, conf, rel, path, ln->line, key, val, d);
        } else {
            gw_diags_add(d, GW_WARNING, path, ln->line, 0,
                         "不认识的设置“%s”，已忽略（可用 kind、template、summary、ledger）", key);
        }
        free(line);
    }
    gw_source_free(s);
    free(path);
    return conf;
}

static void S_walk_add(S_strs *l, const S_conf ***confs, size_t *cap, char *rel, const S_conf *conf)
{
    if (l->n == *cap) {
        *cap = *cap ? *cap * 2 : 32;
        *confs = gw_xrealloc((void *)*confs, *cap * sizeof **confs);
    }
    (*confs)[l->n] = conf;
    S_strs_add(l, rel);
}

typedef struct S_entry {
    char *name;
    char type; /* d(ir), f(ile), ? (look) */
} S_entry;

static int S_entry_cmp(const void *a, const void *b)
{
    return strcmp(((const S_entry *)a)->name, ((const S_entry *)b)->name);
}

static void S_walk_dir(S_walk *w, const char *rel, const S_conf *conf)
{
    S_ctx *c = w->c;
    char *dir = rel[0] ? gw_xasprintf("%s/%s", c->root, rel) : gw_xstrdup(c->root);
    DIR *dp = opendir(dir);
    if (!dp) {
        gw_diags_add(w->d, GW_ERROR, dir, 0, 0, "cannot open folder: %s", strerror(errno));
        free(dir);
        return;
    }
    S_entry *ents = NULL;
    size_t nents = 0, capents = 0;
    int has_conf = 0;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (strcmp(e->d_name, S_CONF) == 0) {
            has_conf = 1;
            continue;
        }
        if (nents == capents) {
            capents = capents ? capents * 2 : 32;
            ents = gw_xrealloc(ents, capents * sizeof *ents);
        }
        ents[nents].name = gw_xstrdup(e->d_name);
        ents[nents++].type = e->d_type == DT_DIR ? 'd' : e->d_type == DT_REG ? 'f' : '?';
    }
    closedir(dp);
    if (has_conf) {
        S_conf *nc = S_conf_read(c, dir, rel, conf, w->d);
        c->confs = gw_xrealloc(c->confs, (c->nconfs + 1) * sizeof *c->confs);
        c->confs[c->nconfs++] = nc;
        conf = nc;
    }
    if (nents)
        qsort(ents, nents, sizeof *ents, S_entry_cmp);
    for (size_t i = 0; i < nents; i++) {
        const char *name = ents[i].name;
        char type = ents[i].type;
        char *r = rel[0] ? gw_xasprintf("%s/%s", rel, name) : gw_xstrdup(name);
        char *full = gw_xasprintf("%s/%s", c->root, r);
        struct stat st;
        memset(&st, 0, sizeof st);
        if (type == 'd' || type == '?') {
            if (lstat(full, &st) != 0) {
                free(full);
                free(r);
                continue;
            }
            if (S_ISLNK(st.st_mode) && stat(full, &st) == 0 && S_ISDIR(st.st_mode)) {
                type = 'l'; /* a symlinked folder: not followed (no cycles) */
            } else {
                type = S_ISDIR(st.st_mode) ? 'd' : 'f';
            }
        }
        if (type == 'd') {
            if (!(c->have_out_id && st.st_dev == c->out_dev && st.st_ino == c->out_ino))
                S_walk_dir(w, r, conf);
            free(r);
        } else if (type == 'f' && S_is_draft(name)) {
            S_walk_add(&w->drafts, &w->draft_conf, &w->capdc, r, conf);
        } else if (type == 'f' && gw_has_ext(name, ".csv")) {
            S_walk_add(&w->lists, &w->list_conf, &w->caplc, r, conf);
        } else {
            free(r);
        }
        free(full);
    }
    for (size_t i = 0; i < nents; i++)
        free(ents[i].name);
    free(ents);
    free(dir);
}

/* A reply list names its columns in the header: 编号 and 正文 or 类别. */
static int S_is_reply_list(const char *name, const char *bytes, size_t len)
{
    gw_diags *scratch = gw_diags_new();
    gw_source *s = gw_source_from_memory(name, bytes, len, GW_FMT_TEXT, scratch);
    gw_diags_free(scratch);
    int yes = 0;
    for (size_t i = 0; s && i < gw_source_nlines(s); i++) {
        const gw_line *ln = gw_source_line(s, i);
        if (ln->kind == GW_LINE_BLANK)
            continue;
        yes = strstr(ln->text, "编号") && (strstr(ln->text, "正文") || strstr(ln->text, "类别"));
        break;
    }
    gw_source_free(s);
    return yes;
}

static void S_add_job(S_ctx *c, S_job *j)
{
    if (c->njobs == c->capjobs) {
        c->capjobs = c->capjobs ? c->capjobs * 2 : 64;
        c->jobs = gw_xrealloc(c->jobs, c->capjobs * sizeof *c->jobs);
    }
    c->jobs[c->njobs++] = j;
}

static uint64_t S_opts_hash(const S_ctx *c, S_jobtype type, const char *src, const S_conf *conf)
{
    uint64_t h = c->program;
    h = gw_hash64(&type, sizeof type, h);
    h = S_hash_str(src, h);
    gw_kind k = conf ? conf->kind : GW_KIND_MAX;
    h = gw_hash64(&k, sizeof k, h);
    h = S_hash_str(conf && conf->tpl_dep ? conf->tpl_dep : "", h);
    long long e = c->o->epoch;
    return gw_hash64(&e, sizeof e, h);
}

/* Every file of record r is where it was written, with its size and inode. */
static int S_files_ok(const S_ctx *c, const S_rec *r)
{
    for (size_t i = 0; i < r->nfiles; i++) {
        struct stat sb;
        char *p = S_dep_path(c, r->files[i].name);
        int ok = stat(p, &sb) == 0 && (long long)sb.st_size == r->files[i].size &&
                 (!r->files[i].ino || r->files[i].ino == (unsigned long long)sb.st_ino);
        free(p);
        if (!ok)
            return 0;
    }
    return 1;
}

/* Decides, with stat() only, whether a job's output is up to date. */
static S_need S_judge(S_ctx *c, const S_job *j, const S_rec *old)
{
    if (c->o->force || !old || old->opts != j->opts || old->ndeps < 1 ||
        strcmp(old->deps[0].name, j->src) != 0 || old->nfiles < 1)
        return S_NEED_BUILD;
    if (!S_files_ok(c, old))
        return S_NEED_BUILD;
    S_need need = S_NEED_NONE;
    for (size_t i = 0; i < old->ndeps; i++) {
        const S_dep *d = &old->deps[i];
        if (S_is_builtin(d->name)) {
            int known;
            if (S_builtin_hash(c, d->name, &known) != d->hash || !known)
                return S_NEED_BUILD;
            continue;
        }
        if (j->conf && j->conf->tpl_dep && strcmp(d->name, j->conf->tpl_dep) == 0) {
            if (d->hash != j->conf->tpl_hash)
                return S_NEED_BUILD;
            continue;
        }
        struct stat sb;
        char *p = S_dep_path(c, d->name);
        int rc = stat(p, &sb);
        free(p);
        if (rc != 0)
            return S_NEED_BUILD;
        S_stat now;
        S_stat_from(&now, &sb);
        if (!S_stat_same(&d->st, &now))
            need = S_NEED_CHECK;
    }
    return need;
}

/* Output names claimed by a job: open addressing over the jobs. */
typedef struct S_claims {
    const S_job **slot;
    size_t nslot, n;
} S_claims;

/* Registers j's output; returns 0, or -1 (with an error) when another
 * source already makes it (a.txt and a.md in one folder). */
static int S_claim(S_claims *cl, const S_job *j, gw_diags *d)
{
    if ((cl->n + 1) * 2 > cl->nslot) {
        size_t nn = cl->nslot ? cl->nslot * 2 : 256;
        const S_job **ns = gw_xcalloc(nn, sizeof *ns);
        for (size_t i = 0; i < cl->nslot; i++) {
            if (!cl->slot[i])
                continue;
            size_t k = (size_t)gw_hash64(cl->slot[i]->out, strlen(cl->slot[i]->out), 0) & (nn - 1);
            while (ns[k])
                k = (k + 1) & (nn - 1);
            ns[k] = cl->slot[i];
        }
        free(cl->slot);
        cl->slot = ns;
        cl->nslot = nn;
    }
    size_t k = (size_t)gw_hash64(j->out, strlen(j->out), 0) & (cl->nslot - 1);
    while (cl->slot[k]) {
        if (strcmp(cl->slot[k]->out, j->out) == 0) {
            gw_diags_add(d, GW_ERROR, j->in, 0, 0, "未生成：%s 已经生成了 %s（同一文件夹里同名的草稿只能有一个）", cl->slot[k]->in,
                         j->out);
            return -1;
        }
        k = (k + 1) & (cl->nslot - 1);
    }
    cl->slot[k] = j;
    cl->n++;
    return 0;
}

static S_job *S_job_new(S_ctx *c, S_jobtype type, const char *rel, const char *out, const S_conf *conf)
{
    S_job *j = gw_xcalloc(1, sizeof *j);
    j->type = type;
    j->in = gw_xasprintf("%s/%s", c->root, rel);
    j->src = S_dep_name_rel(c, rel);
    j->out = gw_xstrdup(out);
    size_t n = strlen(out);
    j->outpath = gw_xasprintf("%s/%.*s", c->out_dir, (int)(n && out[n - 1] == '/' ? n - 1 : n), out);
    j->conf = conf;
    j->opts = S_opts_hash(c, type, j->src, conf);
    j->rel = gw_xstrdup(rel);
    return j;
}

static char *S_dirname(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? gw_xstrndup(path, (size_t)(slash - path)) : gw_xstrdup(".");
}

/* Sorted set of strings for the letter bodies. */
static int S_bsearch_str(const S_strs *s, const char *k)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int cmp = strcmp(s->v[mid], k);
        if (cmp == 0)
            return 1;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static void S_plan(S_ctx *c, S_walk *w, gw_diags *d)
{
    S_claims claimed = {0};
    S_strs bodies = {0}, body_dirs = {0};
    /* reply lists first: their letter bodies are not drafts of their own */
    for (size_t i = 0; i < w->lists.n; i++) {
        const char *rel = w->lists.v[i];
        char *dirrel = S_replace_ext(rel, "/");
        S_job *j = S_job_new(c, S_JOB_LIST, rel, dirrel, w->list_conf[i]);
        free(dirrel);
        const S_rec *old = S_man_get(&c->man, j->out);
        struct stat sb;
        int fast = 0;
        size_t first_body = bodies.n;
        if (old && old->ndeps >= 1 && strcmp(old->deps[0].name, j->src) == 0 &&
            stat(j->in, &sb) == 0) {
            S_stat now;
            S_stat_from(&now, &sb);
            fast = S_stat_same(&old->deps[0].st, &now);
        }
        if (fast) { /* same CSV: the bodies are the ones recorded */
            for (size_t k = 2; k < old->ndeps; k++)
                S_strs_add(&bodies, gw_xstrdup(old->deps[k].name));
        } else {
            gw_buf b = {0};
            S_stat st;
            gw_diags *scratch = gw_diags_new();
            int isl = S_read(j->in, &b, &st, scratch) == 0 &&
                      S_is_reply_list(j->in, b.ptr ? b.ptr : "", b.len);
            gw_diags_free(scratch);
            if (isl) {
                S_strs paths = {0};
                S_list_bodies(j->in, b.ptr ? b.ptr : "", b.len, &paths, NULL);
                for (size_t k = 0; k < paths.n; k++)
                    S_strs_add(&bodies, S_dep_name_path(c, paths.v[k]));
                S_strs_free(&paths);
            }
            gw_buf_free(&b);
            if (!isl) { /* some other table: not ours */
                S_job_free(j);
                continue;
            }
        }
        if (S_claim(&claimed, j, d) != 0) {
            c->plan_failed++;
            S_job_free(j);
            continue;
        }
        /* a folder holding letter bodies (other than the list's own) is a
         * bodies folder: none of its drafts is a document of its own, so a
         * body whose row was deleted does not turn into one */
        char *own = S_dirname(j->src);
        for (size_t k = first_body; k < bodies.n; k++) {
            char *bd = S_dirname(bodies.v[k]);
            if (strcmp(bd, own) != 0)
                S_strs_add(&body_dirs, bd);
            else
                free(bd);
        }
        free(own);
        S_add_job(c, j);
    }
    if (bodies.n)
        qsort(bodies.v, bodies.n, sizeof *bodies.v, S_strcmp_p);
    if (body_dirs.n)
        qsort(body_dirs.v, body_dirs.n, sizeof *body_dirs.v, S_strcmp_p);
    for (size_t i = 0; i < w->drafts.n; i++) {
        const char *rel = w->drafts.v[i];
        char *out = S_replace_ext(rel, ".docx");
        S_job *j = S_job_new(c, S_JOB_DRAFT, rel, out, w->draft_conf[i]);
        free(out);
        char *dir = S_dirname(j->src);
        int body = S_bsearch_str(&bodies, j->src) || S_bsearch_str(&body_dirs, dir);
        free(dir);
        if (body) {
            S_job_free(j);
            continue;
        }
        if (S_claim(&claimed, j, d) != 0) {
            c->plan_failed++;
            S_job_free(j);
            continue;
        }
        S_add_job(c, j);
    }
    /* S_HOOK_SUMMARY: the cross-draft summary is planned by S_sum_plan
     * once these jobs are judged, and made after them (S_sum_run). */
    for (size_t i = 0; i < c->njobs; i++) {
        S_job *j = c->jobs[i];
        S_rec *old = S_man_get(&c->man, j->out);
        if (old)
            old->seen = 1;
        j->old = old;
        j->need = S_judge(c, j, old);
    }
    free(claimed.slot);
    S_strs_free(&bodies);
    S_strs_free(&body_dirs);
}

/* ------------------------------------------------------------------------ */
/* The summary: planning (S_HOOK_SUMMARY)                                   */
/*
 * OUTPUTS/任务汇总.docx and OUTPUTS/督办台账.xlsx (gongwen summary, summary.h)
 * from every draft under INPUTS that has tasks, taken in sorted path order
 * with those paths as the plans' names, so the same drafts always give the
 * same bytes (the same as `gongwen summary` run in INPUTS on those paths).
 * gongwen.conf: summary = off|NAME, ledger = off|NAME at the INPUTS root;
 * summary = off in a subfolder leaves its drafts out.
 *
 * One record: out NAME.docx, kind summary, deps[0] builtin:plan (it is
 * written in the built-in plan template's styles), then the drafts it
 * holds, sorted; files NAME.docx and the ledger.  A record with no draft and
 * no file says "no draft has tasks".  OPTS hashes the program, the names,
 * every summary setting and SOURCE_DATE_EPOCH.
 *
 * Which drafts it holds is decided by their tasks, never by extracting an
 * unchanged draft just to find out: a record made with the current settings
 * is "trusted", and then an unchanged draft has tasks exactly when the
 * record holds it; a draft built in this run brings its tasks from the
 * worker.  So, judged after the drafts:
 *   - up to date unless --force, untrusted, one of its files is missing or
 *     replaced, a draft it holds is gone or changed, or a draft built in
 *     this run has tasks or is in it (a draft only touched is hashed and
 *     not rebuilt, so it does not count);
 *   - when rebuilt, the unchanged drafts it holds (all unchanged ones when
 *     untrusted) are extracted again, in parallel; no draft with tasks: no
 *     summary, and a previous one is removed (the record stays, empty).
 * A draft that failed keeps its old document and counts as unchanged; when
 * the summary must be rebuilt and holds it (or, untrusted, might), the
 * summary fails too and keeps its previous version until the draft is
 * fixed.  Interrupt safety: before the journal records the first draft
 * that changes what the summary holds, the summary's record goes into the
 * journal marked incomplete (OPTS 0: untrusted), so a run cut short before
 * the summary is remade rebuilds it next time; the files are written
 * atomically like every document.
 */

static int S_job_rel_cmp(const void *a, const void *b)
{
    return strcmp((*(S_job *const *)a)->rel, (*(S_job *const *)b)->rel);
}

static int S_deptr_cmp(const void *a, const void *b)
{
    return strcmp((*(const S_dep *const *)a)->name, (*(const S_dep *const *)b)->name);
}


/* Plans the summary once the draft jobs are judged: its name, its previous
 * record, the drafts it may hold, and whether it is certainly up to date
 * (pre = NONE), may change (CHECK: a draft it may hold is to be built) or
 * must be rebuilt (BUILD). */
static void S_sum_plan(S_ctx *c, gw_diags *d)
{
    S_sum *s = &c->sum;
    if (c->single || c->sum_root_off)
        return;
    char *name = gw_xasprintf("%s.docx", c->sum_name ? c->sum_name : "任务汇总");
    for (size_t i = 0; i < c->njobs; i++) {
        if (strcmp(c->jobs[i]->out, name) != 0)
            continue;
        gw_diags_add(d, GW_ERROR, c->jobs[i]->in, 0, 0,
                     "未生成任务汇总：它的文件名 %s 与本草稿的公文相同（可在 %s/%s 中写 summary = 其他名称）",
                     name, c->root, S_CONF);
        c->plan_failed++;
        free(name);
        return;
    }
    s->on = 1;
    s->name = name;
    s->ledger = c->ledger_off ? NULL
                              : gw_xasprintf("%s.xlsx", c->ledger_name ? c->ledger_name : "督办台账");
    S_jobtype type = S_JOB_SUMMARY;
    uint64_t h = gw_hash64(&type, sizeof type, c->program);
    h = S_hash_str(s->name, h);
    h = S_hash_str(s->ledger ? s->ledger : "", h);
    h = gw_hash64(&c->sum_cfg, sizeof c->sum_cfg, h);
    long long e = c->o->epoch;
    s->opts = gw_hash64(&e, sizeof e, h);
    if (s->opts == 0) /* 0 marks an incomplete record */
        s->opts = 1;

    S_job *j = gw_xcalloc(1, sizeof *j);
    j->type = S_JOB_SUMMARY;
    j->out = gw_xstrdup(s->name);
    j->outpath = gw_xasprintf("%s/%s", c->out_dir, s->name);
    j->in = gw_xstrdup(j->outpath);
    j->src = gw_xstrdup("builtin:plan");
    j->opts = s->opts;
    s->job = j;
    S_rec *old = S_man_get(&c->man, s->name);
    if (old && strcmp(old->kind, "summary") == 0) {
        s->old = old;
        old->seen = 1;
    }
    s->trusted = s->old && s->old->opts == s->opts && s->old->ndeps >= 1 &&
                 strcmp(s->old->deps[0].name, "builtin:plan") == 0 &&
                 s->old->deps[0].hash == c->builtin_hash[GW_KIND_PLAN];

    for (size_t i = 0; i < c->njobs; i++) {
        S_job *dj = c->jobs[i];
        if (dj->type != S_JOB_DRAFT || (dj->conf && dj->conf->sum_off))
            continue;
        dj->sum_cand = 1;
        s->cand = gw_xrealloc(s->cand, (s->ncand + 1) * sizeof *s->cand);
        s->cand[s->ncand++] = dj;
    }
    if (s->ncand > 1)
        qsort(s->cand, s->ncand, sizeof *s->cand, S_job_rel_cmp);

    /* the drafts the old record holds, matched to the candidates (their dep
     * names sort like their paths: one prefix) */
    int lost = 0;
    if (s->old) {
        const S_dep **dv = gw_xmalloc((s->old->ndeps + 1) * sizeof *dv);
        size_t nd = 0, k = 0;
        for (size_t i = 0; i < s->old->ndeps; i++)
            if (!S_is_builtin(s->old->deps[i].name))
                dv[nd++] = &s->old->deps[i];
        if (nd > 1)
            qsort(dv, nd, sizeof *dv, S_deptr_cmp);
        for (size_t i = 0; i < s->ncand; i++) {
            while (k < nd && strcmp(dv[k]->name, s->cand[i]->src) < 0) {
                lost = 1; /* gone, or no longer a draft of the summary */
                k++;
            }
            if (k < nd && strcmp(dv[k]->name, s->cand[i]->src) == 0)
                s->cand[i]->sum_dep = dv[k++];
        }
        if (k < nd)
            lost = 1;
        free(dv);
    }

    if (!s->old && !s->ncand) {
        s->pre = S_NEED_NONE; /* nothing to hold, nothing to remove */
    } else if (c->o->force || !s->trusted || lost || !S_files_ok(c, s->old)) {
        s->pre = S_NEED_BUILD;
    } else {
        s->pre = S_NEED_NONE;
        for (size_t i = 0; i < s->ncand && s->pre != S_NEED_BUILD; i++) {
            const S_job *dj = s->cand[i];
            if (dj->need != S_NEED_NONE)
                s->pre = S_NEED_CHECK;
            else if (dj->sum_dep && (!dj->old || dj->old->ndeps < 1 ||
                                     dj->old->deps[0].hash != dj->sum_dep->hash))
                s->pre = S_NEED_BUILD; /* it holds another version of the draft */
        }
    }
}

/* ------------------------------------------------------------------------ */
/* Stray temporaries and stale outputs                                      */

/* NAME.docx.tmpXXXXXX, NAME.xlsx.tmpXXXXXX (the ledger) or
 * .gongwen-manifest.tmpXXXXXX (mkstemp suffix). */
static int S_is_stray(const char *name)
{
    size_t n = strlen(name);
    if (n < 10)
        return 0;
    const char *suf = name + n - 10;
    if (strncmp(suf, ".tmp", 4) != 0)
        return 0;
    for (int i = 4; i < 10; i++) {
        char ch = suf[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')))
            return 0;
    }
    size_t stem = n - 10;
    return (stem > 5 && strncasecmp(name + stem - 5, ".docx", 5) == 0) ||
           (stem > 5 && strncasecmp(name + stem - 5, ".xlsx", 5) == 0) ||
           (stem == strlen(S_MANIFEST) && strncmp(name, S_MANIFEST, stem) == 0);
}

static size_t S_clean_strays(const char *dir, int depth)
{
    DIR *dp = opendir(dir);
    if (!dp || depth > 64) {
        if (dp)
            closedir(dp);
        return 0;
    }
    size_t n = 0;
    struct dirent *e;
    S_strs subdirs = {0};
    while ((e = readdir(dp)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (e->d_type == DT_DIR) {
            if (e->d_name[0] != '.')
                S_strs_add(&subdirs, gw_xasprintf("%s/%s", dir, e->d_name));
            continue;
        }
        if (e->d_type == DT_UNKNOWN) {
            char *p = gw_xasprintf("%s/%s", dir, e->d_name);
            struct stat st;
            if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode) && e->d_name[0] != '.') {
                S_strs_add(&subdirs, p);
                continue;
            }
            free(p);
        }
        if (S_is_stray(e->d_name)) {
            char *p = gw_xasprintf("%s/%s", dir, e->d_name);
            if (unlink(p) == 0)
                n++;
            free(p);
        }
    }
    closedir(dp);
    for (size_t i = 0; i < subdirs.n; i++)
        n += S_clean_strays(subdirs.v[i], depth + 1);
    S_strs_free(&subdirs);
    return n;
}

/* Removes the now-empty folders of an output up to OUTPUTS. */
static void S_rmdirs(const S_ctx *c, const char *name)
{
    char *p = gw_xstrdup(name);
    size_t n = strlen(p);
    while (n && p[n - 1] == '/')
        p[--n] = '\0';
    for (;;) {
        char *slash = strrchr(p, '/');
        if (!slash)
            break;
        *slash = '\0';
        char *full = S_dep_path(c, p);
        int rc = rmdir(full);
        free(full);
        if (rc != 0)
            break;
    }
    free(p);
}

static void S_remove_files(const S_ctx *c, const S_rec *r, const S_rec *keep)
{
    for (size_t i = 0; i < r->nfiles; i++) {
        int kept = 0;
        for (size_t k = 0; keep && k < keep->nfiles && !kept; k++)
            kept = strcmp(keep->files[k].name, r->files[i].name) == 0;
        if (kept)
            continue;
        char *p = S_dep_path(c, r->files[i].name);
        unlink(p);
        free(p);
        S_rmdirs(c, r->files[i].name);
    }
    if (!keep && r->out[0] && r->out[strlen(r->out) - 1] == '/') {
        char *p = S_dep_path(c, r->out);
        rmdir(p);
        free(p);
        S_rmdirs(c, r->out);
    }
}

/* Records not planned this run whose source lies under INPUTS: their
 * draft is gone (or is no longer a document).  A summary record not planned
 * (summary = off, renamed) is judged by the first draft it holds, and is
 * stale when it holds none. */
static int S_is_stale(const S_ctx *c, const S_rec *r)
{
    if (r->seen || c->single)
        return 0;
    int summary = strcmp(r->kind, "summary") == 0;
    size_t n = strlen(c->in_prefix);
    for (size_t i = 0; i < r->ndeps; i++) {
        if (summary && S_is_builtin(r->deps[i].name))
            continue;
        return strncmp(r->deps[i].name, c->in_prefix, n) == 0 && r->deps[i].name[n] == '/';
    }
    return summary;
}

/* ------------------------------------------------------------------------ */
/* Progress                                                                 */

typedef struct S_progress {
    gw_progress mode;
    size_t done, total;
    double t0, last;
    int drawn;
} S_progress;

static void S_progress_draw(S_progress *p, int final)
{
    if (p->mode != GW_PROGRESS_BAR || !p->total)
        return;
    double now = S_now();
    if (!final && now - p->last < 0.1)
        return;
    p->last = now;
    double el = now - p->t0;
    double rate = el > 0 ? (double)p->done / el : 0;
    double left = rate > 0 ? (double)(p->total - p->done) / rate : 0;
    int width = 30;
    int fill = (int)((double)width * (double)p->done / (double)p->total);
    fprintf(stderr, "\r[%.*s%*s] %zu/%zu  %.1f/s  剩余 %.0fs \033[K", fill,
            "##############################", width - fill, "", p->done, p->total, rate, left);
    p->drawn = 1;
    if (final) {
        fputc('\n', stderr);
        p->drawn = 0;
    }
    fflush(stderr);
}

static void S_progress_step(S_progress *p, const S_job *j)
{
    p->done++;
    if (p->mode == GW_PROGRESS_LINES) {
        const char *what = j->status == S_ST_BUILT      ? "built"
                           : j->status == S_ST_UPTODATE ? "unchanged"
                           : j->status == S_ST_REMOVED  ? "removed"
                                                        : "FAILED";
        fprintf(stderr, "[%zu/%zu] %s %s\n", p->done, p->total, what,
                j->status == S_ST_FAILED ? j->in : j->outpath);
    } else {
        S_progress_draw(p, p->done == p->total);
    }
}

/* ------------------------------------------------------------------------ */
/* Running the jobs                                                         */

static volatile sig_atomic_t S_interrupted;

static void S_on_signal(int sig)
{
    S_interrupted = sig;
}

typedef struct S_pool {
    S_ctx *c;
    S_job **todo;
    size_t ntodo, next, finished;
    S_job **doneq;
    size_t ndone;
    int stop;
    pthread_mutex_t mu;
    pthread_cond_t cv;
} S_pool;

typedef struct S_thread {
    S_pool *pool;
    S_worker w;
    pthread_t tid;
} S_thread;

static S_job *S_pool_take(S_pool *p)
{
    S_job *j = NULL;
    pthread_mutex_lock(&p->mu);
    if (!p->stop && p->next < p->ntodo)
        j = p->todo[p->next++];
    pthread_mutex_unlock(&p->mu);
    return j;
}

static void S_pool_post(S_pool *p, S_job *j)
{
    pthread_mutex_lock(&p->mu);
    p->doneq[p->ndone++] = j;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

/* Puts the worker's written documents in place (one durable commit) and
 * hands their jobs to the coordinator: built, or failed with the reason
 * the batch gave. */
static void S_worker_flush(S_pool *p, S_worker *w)
{
    if (!w->npend)
        return;
    gw_wbatch_commit(w->wb);
    for (size_t i = 0; i < w->npend; i++) {
        S_job *j = w->pend[i];
        j->wpend = 0;
        if (j->wok) {
            struct stat ob;
            S_rec_file(j->rec, j->out, j->wlen,
                       stat(j->outpath, &ob) == 0 ? (unsigned long long)ob.st_ino : 0);
        } else {
            S_rec_free(j->rec);
            j->rec = NULL;
            gw_tasklist_free(&j->tl);
            j->status = S_ST_FAILED;
        }
        S_pool_post(p, j);
    }
    w->npend = 0;
}

/* A job the worker has run: to the coordinator now, or with its batch once
 * its document is in place. */
static void S_worker_done(S_pool *p, S_worker *w, S_job *j)
{
    if (!j->wpend) {
        S_pool_post(p, j);
        return;
    }
    if (w->npend == w->cappend) {
        w->cappend = w->cappend ? w->cappend * 2 : S_WBATCH;
        w->pend = gw_xrealloc(w->pend, w->cappend * sizeof *w->pend);
    }
    if (!w->npend)
        w->pend_since = S_now();
    w->pend[w->npend++] = j;
    if (w->npend >= S_WBATCH || S_now() - w->pend_since >= S_WBATCH_SECS)
        S_worker_flush(p, w);
}

/* Before the worker starts a job: a batch that has waited its time goes
 * in place now, not after a long job. */
static void S_worker_due(S_pool *p, S_worker *w)
{
    if (w->npend && S_now() - w->pend_since >= S_WBATCH_SECS)
        S_worker_flush(p, w);
}

static void *S_thread_main(void *arg)
{
    S_thread *t = arg;
    S_job *j;
    while ((j = S_pool_take(t->pool)) != NULL) {
        S_worker_due(t->pool, &t->w);
        S_run_job(&t->w, j);
        S_worker_done(t->pool, &t->w, j);
    }
    S_worker_flush(t->pool, &t->w);
    S_RULES_THREAD_DONE();
    return NULL;
}

static void S_save(S_ctx *c, gw_diags *d)
{
    gw_buf b = {0};
    S_man_write(&c->man, c->program, &b);
    char *p = gw_xasprintf("%s/%s", c->out_dir, S_MANIFEST);
    if (gw_write_file_atomic(p, b.ptr, b.len, d) == 0)
        c->man.dirty = 0;
    free(p);
    gw_buf_free(&b);
}

typedef struct S_counts {
    size_t built, uptodate, failed, removed, left;
} S_counts;

/* Appends a finished record to the journal: one write, no fsync (a killed
 * process loses nothing written; after a power cut a lost entry only means
 * that document is built again). */
static void S_journal_add(S_ctx *c, const S_rec *r)
{
    if (c->journal_fd < 0)
        return;
    gw_buf b = {0};
    S_journal_entry(r, &b);
    const char *p = b.ptr;
    size_t left = b.len;
    while (left > 0) {
        ssize_t w = write(c->journal_fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) { /* disk full …: the manifest at the end still counts */
            close(c->journal_fd);
            c->journal_fd = -1;
            break;
        }
        p += w;
        left -= (size_t)w;
    }
    gw_buf_free(&b);
}

/* The main thread's share of a finished job: counts, progress, manifest. */
static void S_finish(S_ctx *c, S_job *j, S_counts *n, S_progress *pr)
{
    if (j->status == S_ST_BUILT || j->status == S_ST_UPTODATE) {
        S_rec *r = j->rec;
        j->rec = NULL;
        r->seen = 1;
        /* a draft that changes what the summary holds: until the summary is
         * remade its record is incomplete, and the journal says so first */
        S_sum *s = &c->sum;
        if (j->status == S_ST_BUILT && j->sum_cand && (j->tl.ntasks || j->sum_dep) && s->old &&
            !s->poisoned) {
            s->poisoned = 1;
            s->old->opts = 0;
            S_journal_add(c, s->old);
            c->man.dirty = 1;
        }
        /* letters of rows that are gone, before the new record is kept
         * (killed in between, the old record makes the next run redo it) */
        if (j->status == S_ST_BUILT && j->old)
            S_remove_files(c, j->old, r);
        S_journal_add(c, r);
        S_man_put(&c->man, r); /* frees j->old */
        j->old = NULL;
        if (j->status == S_ST_BUILT)
            n->built++;
        else
            n->uptodate++;
    } else {
        n->failed++;
    }
    S_progress_step(pr, j);
}

static void S_execute(S_ctx *c, S_job **todo, size_t ntodo, int nthreads, S_counts *n,
                      S_progress *pr)
{
    S_pool p;
    memset(&p, 0, sizeof p);
    p.c = c;
    p.todo = todo;
    p.ntodo = ntodo;
    p.doneq = gw_xmalloc((ntodo ? ntodo : 1) * sizeof *p.doneq);
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    S_worker w0;
    memset(&w0, 0, sizeof w0);
    w0.c = c;
    S_thread *th = NULL;
    int started = 0;
    if (nthreads > 1) {
        /* workers leave signals to the main thread */
        sigset_t block, old;
        sigemptyset(&block);
        sigaddset(&block, SIGINT);
        sigaddset(&block, SIGTERM);
        sigaddset(&block, SIGHUP);
        pthread_sigmask(SIG_BLOCK, &block, &old);
        th = gw_xcalloc((size_t)nthreads - 1, sizeof *th);
        for (int i = 0; i < nthreads - 1; i++) {
            th[i].pool = &p;
            th[i].w.c = c;
            if (pthread_create(&th[i].tid, NULL, S_thread_main, &th[i]) != 0)
                break;
            started++;
        }
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    }
    S_job **batch = gw_xmalloc((ntodo ? ntodo : 1) * sizeof *batch);
    for (;;) {
        if (S_interrupted) {
            pthread_mutex_lock(&p.mu);
            p.stop = 1;
            pthread_mutex_unlock(&p.mu);
        }
        S_job *j = S_pool_take(&p);
        if (j) {
            S_worker_due(&p, &w0);
            S_run_job(&w0, j);
            S_worker_done(&p, &w0, j);
        } else {
            S_worker_flush(&p, &w0);
        }
        /* take the finished jobs off the queue */
        pthread_mutex_lock(&p.mu);
        if (!j && p.ndone == 0 && p.finished < (p.stop ? p.next : p.ntodo)) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += 100000000L;
            if (ts.tv_nsec >= 1000000000L) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&p.cv, &p.mu, &ts);
        }
        size_t nb = p.ndone;
        memcpy(batch, p.doneq, nb * sizeof *batch);
        p.ndone = 0;
        p.finished += nb;
        int all = p.finished == (p.stop ? p.next : p.ntodo);
        pthread_mutex_unlock(&p.mu);
        for (size_t i = 0; i < nb; i++)
            S_finish(c, batch[i], n, pr);
        S_progress_draw(pr, 0);
        if (all && !j)
            break;
    }
    for (int i = 0; i < started; i++)
        pthread_join(th[i].tid, NULL);
    for (int i = 0; i < nthreads - 1 && th; i++)
        S_worker_free(&th[i].w);
    free(th);
    S_worker_free(&w0);
    n->left += p.ntodo - p.next;
    free(batch);
    free(p.doneq);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.cv);
}

/* ------------------------------------------------------------------------ */
/* The summary: making it                                                   */

/* Extracts the tasks of a draft again (j->tl), with the hash and stat of
 * the bytes read; xstate 1, or -1 with the reasons in xdiags. */
static void S_extract_tasks(S_job *j)
{
    gw_buf raw = {0};
    gw_source *src = NULL;
    gw_model *m = NULL;
    if (!j->xdiags)
        j->xdiags = gw_diags_new();
    j->xstate = -1;
    if (S_read(j->in, &raw, &j->xst, j->xdiags) != 0)
        goto done;
    src = gw_source_from_memory(j->in, raw.ptr ? raw.ptr : "", raw.len, gw_format_from_name(j->in),
                                j->xdiags);
    if (!src)
        goto done;
    gw_kind forced = j->conf ? j->conf->kind : GW_KIND_MAX;
    gw_extract_opts eo = {forced != GW_KIND_MAX ? gw_kind_name(forced) : NULL};
    m = gw_extract(src, &eo, j->xdiags);
    if (!m || gw_diags_errors(j->xdiags) > 0)
        goto done;
    gw_tasklist_free(&j->tl);
    gw_tasklist_add(&j->tl, m, j->rel);
    if (!j->tl.ntasks)
        gw_tasklist_free(&j->tl);
    j->xhash = gw_hash64(raw.ptr, raw.len, 0);
    j->xstate = 1;
done:
    gw_model_free(m);
    gw_source_free(src);
    gw_buf_free(&raw);
}

/* Starts a helper thread with the signals the main thread takes blocked. */
static int S_thread_start(pthread_t *tid, void *(*fn)(void *), void *arg)
{
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    int rc = pthread_create(tid, NULL, fn, arg);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}

typedef struct S_xpool {
    S_job **v;
    size_t n, next;
    pthread_mutex_t mu;
} S_xpool;

static void S_xpool_run(S_xpool *p)
{
    for (;;) {
        pthread_mutex_lock(&p->mu);
        S_job *j = !S_interrupted && p->next < p->n ? p->v[p->next++] : NULL;
        pthread_mutex_unlock(&p->mu);
        if (!j)
            break;
        S_extract_tasks(j);
    }
}

static void *S_xpool_main(void *arg)
{
    S_xpool_run(arg);
    S_RULES_THREAD_DONE();
    return NULL;
}

/* Extracts v[0..n) again on up to nthreads threads (the caller's included);
 * stops early on SIGINT/SIGTERM. */
static void S_extract_all(S_job **v, size_t n, int nthreads)
{
    S_xpool p;
    memset(&p, 0, sizeof p);
    p.v = v;
    p.n = n;
    pthread_mutex_init(&p.mu, NULL);
    size_t nt = nthreads > 1 ? (size_t)nthreads : 1;
    if (nt > n)
        nt = n ? n : 1;
    pthread_t *tids = gw_xcalloc(nt, sizeof *tids);
    size_t started = 0;
    for (size_t i = 0; i + 1 < nt; i++)
        if (S_thread_start(&tids[started], S_xpool_main, &p) == 0)
            started++;
    S_xpool_run(&p);
    for (size_t i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    free(tids);
    pthread_mutex_destroy(&p.mu);
}

/* Appends the tasks of src to dst exactly as gw_tasklist_add would have
 * appended them had dst been filled plan by plan (plan indexes, first
 * task and running numbers continued), and leaves src empty: the strings
 * move, nothing is extracted twice. */
static void S_tasklist_take(gw_tasklist *dst, gw_tasklist *src)
{
    size_t pbase = dst->nplans, tbase = dst->ntasks;
    if (dst->nplans + src->nplans > dst->pcap) {
        dst->pcap = (dst->nplans + src->nplans) * 2;
        dst->plans = gw_xrealloc(dst->plans, dst->pcap * sizeof *dst->plans);
    }
    if (dst->ntasks + src->ntasks > dst->tcap) {
        dst->tcap = (dst->ntasks + src->ntasks) * 2;
        dst->tasks = gw_xrealloc(dst->tasks, dst->tcap * sizeof *dst->tasks);
    }
    for (size_t i = 0; i < src->nplans; i++) {
        gw_splan p = src->plans[i];
        p.first += tbase;
        dst->plans[dst->nplans++] = p;
    }
    for (size_t i = 0; i < src->ntasks; i++) {
        gw_stask t = src->tasks[i];
        t.plan += pbase;
        t.no += tbase;
        dst->tasks[dst->ntasks++] = t;
    }
    free(src->plans);
    free(src->tasks);
    memset(src, 0, sizeof *src);
}

/* Puts the summary's new record in the manifest, removing the files the
 * record it replaces had and this one has not, and journals it. */
static void S_sum_put(S_ctx *c, S_rec *r)
{
    S_sum *s = &c->sum;
    S_rec *prev = S_man_get(&c->man, r->out);
    r->seen = 1;
    if (prev)
        S_remove_files(c, prev, r);
    S_journal_add(c, r);
    S_man_put(&c->man, r); /* frees prev (s->old) */
    s->old = NULL;
    for (size_t i = 0; i < s->ncand; i++)
        s->cand[i]->sum_dep = NULL;
}

/* Up to date: the record is kept, made complete again if a draft built in
 * this run marked it, with the stats of drafts that were hashed again. */
static void S_sum_refresh(S_ctx *c)
{
    S_sum *s = &c->sum;
    if (!s->old)
        return;
    int change = s->old->opts != s->opts;
    S_rec *r = S_rec_dup(s->old);
    r->opts = s->opts;
    for (size_t i = 0; i < s->ncand; i++) {
        const S_job *j = s->cand[i];
        if (!j->sum_dep)
            continue;
        const S_rec *cur = S_man_get(&c->man, j->out);
        S_dep *dep = &r->deps[j->sum_dep - s->old->deps];
        if (cur && cur->ndeps >= 1 && memcmp(&cur->deps[0].st, &dep->st, sizeof dep->st) != 0) {
            dep->st = cur->deps[0].st;
            change = 1;
        }
    }
    if (change)
        S_sum_put(c, r);
    else
        S_rec_free(r);
}

typedef struct S_ledger_job {
    const gw_tasklist *tl;
    gw_summary_opts so;
    gw_buf out;
    gw_diags *d;
    int rc;
} S_ledger_job;

static void *S_ledger_main(void *arg)
{
    S_ledger_job *l = arg;
    l->rc = gw_ledger_xlsx(l->tl, &l->so, &l->out, l->d);
    return NULL;
}

/* Writes one file of the summary and records it. */
static int S_sum_write(S_ctx *c, S_rec *r, const char *name, const gw_buf *b, gw_diags *d)
{
    char *p = gw_xasprintf("%s/%s", c->out_dir, name);
    int rc = gw_write_file_atomic(p, b->ptr ? b->ptr : "", b->len, d);
    struct stat sb;
    if (rc == 0)
        S_rec_file(r, name, (long long)b->len, stat(p, &sb) == 0 ? (unsigned long long)sb.st_ino : 0);
    free(p);
    return rc;
}

typedef enum S_sumout {
    S_SUM_NOTHING,  /* no draft has tasks and there was no summary */
    S_SUM_UPTODATE,
    S_SUM_BUILT,    /* (dry run: would be) */
    S_SUM_REMOVED,  /* no draft has tasks any more (dry run: would be) */
    S_SUM_FAILED,
    S_SUM_LEFT      /* interrupted */
} S_sumout;

/* Judges the summary after the drafts (their status set by the run, or by
 * the dry run's look at them) and, unless dry, makes it. */
static S_sumout S_sum_run(S_ctx *c, int nthreads, int dry)
{
    S_sum *s = &c->sum;
    S_job *sj = s->job;
    if (!sj->diags)
        sj->diags = gw_diags_new();
    gw_diags *dd = sj->diags;
    int had = s->old && s->old->nfiles > 0;
    int rebuild = s->pre == S_NEED_BUILD;
    const S_job *blocker = NULL;
    for (size_t i = 0; i < s->ncand; i++) {
        const S_job *j = s->cand[i];
        if (j->status == S_ST_BUILT) {
            if (j->tl.ntasks || j->sum_dep)
                rebuild = 1;
        } else if (j->status == S_ST_FAILED) {
            if (!blocker && (j->sum_dep || (!s->trusted && S_man_get(&c->man, j->out))))
                blocker = j;
        } else if (s->trusted && j->sum_dep) {
            const S_rec *cur = S_man_get(&c->man, j->out);
            if (!cur || cur->ndeps < 1 || cur->deps[0].hash != j->sum_dep->hash)
                rebuild = 1;
        }
    }
    if (!rebuild) {
        if (!dry)
            S_sum_refresh(c);
        return had ? S_SUM_UPTODATE : S_SUM_NOTHING;
    }
    if (blocker && !dry) {
        gw_diags_add(dd, GW_ERROR, sj->in, 0, 0,
                     "未更新：%s 未能生成（原因见其报错），改正后再运行一次即可更新任务汇总，现有的保持不变",
                     blocker->in);
        return S_SUM_FAILED;
    }
    /* the unchanged drafts to read again */
    S_job **x = gw_xmalloc((s->ncand ? s->ncand : 1) * sizeof *x);
    size_t nx = 0;
    int any = 0;
    for (size_t i = 0; i < s->ncand; i++) {
        S_job *j = s->cand[i];
        if (j->status == S_ST_BUILT)
            any |= j->tl.ntasks > 0;
        else if (j->status != S_ST_FAILED && (!s->trusted || j->sum_dep))
            x[nx++] = j;
    }
    if (dry) { /* would it hold anything? read until one draft has tasks */
        if (s->trusted && nx)
            any = 1;
        for (size_t i = 0; i < nx && !any; i++) {
            S_extract_tasks(x[i]);
            any = x[i]->tl.ntasks > 0;
        }
        free(x);
        return any ? S_SUM_BUILT : had ? S_SUM_REMOVED : S_SUM_NOTHING;
    }
    S_extract_all(x, nx, nthreads);
    if (S_interrupted) {
        free(x);
        return S_SUM_LEFT;
    }
    int bad = 0;
    for (size_t i = 0; i < nx; i++) {
        if (x[i]->xstate < 0) {
            gw_diags_move(dd, x[i]->xdiags);
            bad = 1;
        }
    }
    free(x);
    if (bad) {
        gw_diags_add(dd, GW_ERROR, sj->in, 0, 0, "未更新：读取上面的草稿时出错，现有的任务汇总保持不变");
        return S_SUM_FAILED;
    }

    /* the task list, in path order, and the new record */
    gw_tasklist tl;
    memset(&tl, 0, sizeof tl);
    S_rec *r = S_rec_new(s->name, "summary", s->opts);
    S_rec_dep(r, "builtin:plan", c->builtin_hash[GW_KIND_PLAN], NULL);
    for (size_t i = 0; i < s->ncand; i++) {
        S_job *j = s->cand[i];
        if (!j->tl.ntasks)
            continue;
        if (j->status == S_ST_BUILT) {
            const S_rec *cur = S_man_get(&c->man, j->out);
            S_rec_dep(r, j->src, cur->deps[0].hash, &cur->deps[0].st);
        } else {
            S_dep *dep = S_rec_dep(r, j->src, j->xhash, &j->xst);
            S_record_stat(c, &dep->st);
        }
        S_tasklist_take(&tl, &j->tl);
    }
    if (!tl.ntasks) { /* no draft has tasks: no summary (any old one goes) */
        S_sum_put(c, r);
        return had ? S_SUM_REMOVED : S_SUM_NOTHING;
    }

    /* the document here, the ledger beside it on a second thread */
    /* the document's deflating gets the threads the ledger leaves */
    gw_summary_opts so = {c->o->epoch, nthreads > 2 || (nthreads == 2 && !s->ledger) ? nthreads - 1 : 1};
    gw_buf doc = {0};
    S_ledger_job lj;
    memset(&lj, 0, sizeof lj);
    lj.tl = &tl;
    lj.so = so;
    lj.d = gw_diags_new();
    pthread_t tid;
    int threaded = s->ledger && nthreads > 1 && S_thread_start(&tid, S_ledger_main, &lj) == 0;
    int rc = gw_summary_docx(&tl, &so, &doc, dd);
    if (threaded)
        pthread_join(tid, NULL);
    else if (s->ledger)
        S_ledger_main(&lj);
    gw_diags_move(dd, lj.d);
    gw_diags_free(lj.d);
    if (rc != 0 || (s->ledger && lj.rc != 0) || S_sum_write(c, r, s->name, &doc, dd) != 0 ||
        (s->ledger && S_sum_write(c, r, s->ledger, &lj.out, dd) != 0)) {
        S_rec_free(r);
        rc = -1;
    } else {
        S_sum_put(c, r);
    }
    gw_buf_free(&doc);
    gw_buf_free(&lj.out);
    gw_tasklist_free(&tl);
    return rc == 0 ? S_SUM_BUILT : S_SUM_FAILED;
}

/* Counts a real run's summary outcome and shows it in the progress. */
static void S_sum_account(S_ctx *c, S_sumout o, S_counts *n, S_progress *pr)
{
    S_job *sj = c->sum.job;
    switch (o) {
    case S_SUM_NOTHING:
        if (pr->total)
            pr->total--;
        if (pr->drawn && pr->done == pr->total)
            S_progress_draw(pr, 1);
        return;
    case S_SUM_LEFT: n->left++; return;
    case S_SUM_UPTODATE: sj->status = S_ST_UPTODATE; n->uptodate++; break;
    case S_SUM_BUILT: sj->status = S_ST_BUILT; n->built++; break;
    case S_SUM_REMOVED: sj->status = S_ST_REMOVED; n->removed++; break;
    case S_SUM_FAILED: sj->status = S_ST_FAILED; n->failed++; break;
    }
    S_progress_step(pr, sj);
}

/* ------------------------------------------------------------------------ */
/* gw_build                                                                 */

static uint64_t S_program_hash(void)
{
    uint64_t h = S_hash_str(GW_VERSION, 0x676f6e6777656eULL);
    /* the executable itself: any rebuild of gongwen rebuilds the outputs */
    int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        unsigned char *buf = gw_xmalloc(1 << 16);
        ssize_t r;
        while ((r = read(fd, buf, 1 << 16)) > 0)
            h = gw_hash64(buf, (size_t)r, h);
        free(buf);
        close(fd);
    }
    return h;
}

static void S_ctx_free(S_ctx *c)
{
    for (size_t i = 0; i < c->njobs; i++)
        S_job_free(c->jobs[i]);
    free(c->jobs);
    for (size_t i = 0; i < c->nconfs; i++)
        S_conf_free(c->confs[i]);
    free(c->confs);
    S_man_free(&c->man);
    free(c->root);
    free(c->out_dir);
    free(c->out_abs);
    free(c->in_abs);
    free(c->in_prefix);
    free(c->sum_name);
    free(c->ledger_name);
    free(c->sum.name);
    free(c->sum.ledger);
    free(c->sum.cand);
    S_job_free(c->sum.job);
}

static char *S_strip_slashes(const char *p)
{
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/')
        n--;
    return gw_xstrndup(p, n);
}

int gw_build(const gw_build_opts *o, gw_diags *d)
{
    S_ctx c;
    memset(&c, 0, sizeof c);
    c.journal_fd = -1;
    c.o = o;
    c.start_ns = S_wall_ns();
    size_t errors_before = gw_diags_errors(d);
    int rc = -1, lockfd = -1;
    S_walk w;
    memset(&w, 0, sizeof w);
    w.c = &c;
    w.d = d;
    struct sigaction sa, old_int, old_term, old_hup;
    int handlers = 0;

    struct stat st;
    if (!o->inputs || stat(o->inputs, &st) != 0) {
        gw_diags_add(d, GW_ERROR, o->inputs ? o->inputs : "", 0, 0, "找不到这个文件或文件夹");
        return -1;
    }
    c.out_dir = S_strip_slashes(o->outputs && *o->outputs ? o->outputs : "outputs");
    if (S_ISDIR(st.st_mode)) {
        c.root = S_strip_slashes(o->inputs);
    } else {
        const char *slash = strrchr(o->inputs, '/');
        c.root = slash ? gw_xstrndup(o->inputs, slash == o->inputs ? 1 : (size_t)(slash - o->inputs))
                       : gw_xstrdup(".");
        c.single = 1;
    }
    /* OUTPUTS: created (not on a dry run), locked, its identity known */
    if (!o->dry_run) {
        char *probe = gw_xasprintf("%s/x", c.out_dir);
        int mk = S_mkdirs(probe, d);
        free(probe);
        if (mk != 0)
            goto out;
        lockfd = open(c.out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (lockfd < 0) {
            gw_diags_add(d, GW_ERROR, c.out_dir, 0, 0, "cannot open output folder: %s", strerror(errno));
            goto out;
        }
        if (flock(lockfd, LOCK_EX | LOCK_NB) != 0) {
            gw_diags_add(d, GW_ERROR, c.out_dir, 0, 0,
                         "另一个 gongwen build 正在写入这个文件夹，请等它结束后再试");
            goto out;
        }
    }
    if (stat(c.out_dir, &st) == 0) {
        c.out_dev = st.st_dev;
        c.out_ino = st.st_ino;
        c.have_out_id = 1;
    }
    c.out_abs = S_abspath(c.out_dir);
    c.in_abs = S_abspath(c.root);
    if (strcmp(c.in_abs, c.out_abs) == 0) {
        gw_diags_add(d, GW_ERROR, c.out_dir, 0, 0, "输出文件夹不能就是输入文件夹");
        goto out;
    }
    c.in_prefix = S_relpath(c.out_abs, c.in_abs);
    c.program = S_program_hash();
    {
        for (int k = 0; k < GW_KIND_MAX; k++) {
            size_t tl;
            const char *tn;
            const unsigned char *tb = gw_template_builtin_bytes((gw_kind)k, &tl, &tn);
            c.builtin_hash[k] = gw_hash64(tb, tl, 0);
        }
    }
    if (!o->dry_run) {
        size_t strays = S_clean_strays(c.out_dir, 0);
        if (strays)
            gw_diags_add(d, GW_NOTE, c.out_dir, 0, 0,
                         "已删除上次中断留下的 %zu 个未写完的临时文件", strays);
    }
    {
        char *mp = gw_xasprintf("%s/%s", c.out_dir, S_MANIFEST);
        char *jp = gw_xasprintf("%s/%s", c.out_dir, S_JOURNAL);
        S_man_read(&c.man, mp, d);
        c.journal_seen = access(jp, F_OK) == 0;
        if (c.journal_seen && S_journal_replay(&c.man, jp))
            c.man.dirty = 1; /* an interrupted run's finished documents */
        free(mp);
        free(jp);
    }

    /* what there is to do */
    if (c.single) {
        const char *slash = strrchr(o->inputs, '/');
        const char *base = slash ? slash + 1 : o->inputs;
        if (gw_has_ext(base, ".csv"))
            S_walk_add(&w.lists, &w.list_conf, &w.caplc, gw_xstrdup(base), NULL);
        else
            S_walk_add(&w.drafts, &w.draft_conf, &w.capdc, gw_xstrdup(base), NULL);
    } else {
        S_walk_dir(&w, "", NULL);
    }
    S_plan(&c, &w, d);
    S_sum_plan(&c, d);
    /* the summary is counted when it may change, or as up to date when it
     * certainly has not and exists */
    int sum_pending = c.sum.on && c.sum.pre != S_NEED_NONE;

    S_counts n;
    memset(&n, 0, sizeof n);
    n.failed = c.plan_failed;
    S_job **todo = gw_xmalloc((c.njobs ? c.njobs : 1) * sizeof *todo);
    size_t ntodo = 0;
    for (size_t i = 0; i < c.njobs; i++) {
        if (c.jobs[i]->need == S_NEED_NONE)
            n.uptodate++;
        else
            todo[ntodo++] = c.jobs[i];
    }
    S_progress pr;
    memset(&pr, 0, sizeof pr);
    pr.mode = o->progress;
    pr.total = ntodo + (sum_pending ? 1 : 0);
    if (c.sum.on && !sum_pending && c.sum.old && c.sum.old->nfiles)
        n.uptodate++;
    pr.t0 = pr.last = S_now();

    if (o->dry_run) {
        size_t would = 0, removed = 0;
        int sum_tasks = 0;
        for (size_t i = 0; i < ntodo; i++) {
            S_job *j = todo[i];
            if (j->need == S_NEED_CHECK) { /* hash the changed files now */
                gw_buf raw = {0};
                S_stat sst;
                gw_diags *scratch = gw_diags_new();
                S_rec *r = S_read(j->in, &raw, &sst, scratch) == 0 ? S_recheck(&c, j->old, &raw, &sst)
                                                                    : NULL;
                gw_diags_free(scratch);
                gw_buf_free(&raw);
                if (r) {
                    S_rec_free(r);
                    n.uptodate++;
                    j->status = S_ST_UPTODATE;
                    continue;
                }
            }
            would++;
            j->status = S_ST_BUILT;
            /* its tasks, for the summary's verdict: until one draft to be
             * built has tasks (the summary is then rebuilt, whatever the
             * others hold) */
            if (sum_pending && j->sum_cand && !sum_tasks) {
                S_extract_tasks(j);
                if (j->xstate < 0)
                    j->status = S_ST_FAILED;
                sum_tasks = j->tl.ntasks > 0;
            }
            if (o->progress != GW_PROGRESS_NONE)
                fprintf(stderr, "would build %s/%s\n", c.out_dir, j->out);
        }
        if (sum_pending) {
            S_sumout so = S_sum_run(&c, 1, 1);
            if (so == S_SUM_UPTODATE)
                n.uptodate++;
            if (so == S_SUM_BUILT)
                would++;
            if (so == S_SUM_REMOVED)
                removed++;
            if ((so == S_SUM_BUILT || so == S_SUM_REMOVED) && o->progress != GW_PROGRESS_NONE)
                fprintf(stderr, "would %s %s/%s\n", so == S_SUM_BUILT ? "build" : "remove", c.out_dir,
                        c.sum.name);
        }
        for (size_t i = 0; i < c.man.n; i++) {
            if (!S_is_stale(&c, c.man.v[i]))
                continue;
            removed++;
            if (o->progress != GW_PROGRESS_NONE)
                fprintf(stderr, "would remove %s/%s\n", c.out_dir, c.man.v[i]->out);
        }
        if (o->progress != GW_PROGRESS_NONE)
            fprintf(stderr, "gongwen build --dry-run: %zu would be built, %zu up to date, %zu would be removed\n",
                    would, n.uptodate, removed);
        free(todo);
        rc = 0;
        goto out;
    }

    /* run */
    int nthreads = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (nthreads < 1)
        nthreads = 1;
    if (nthreads > 256)
        nthreads = 256;
    int sum_threads = nthreads;
    if ((size_t)nthreads > ntodo)
        nthreads = ntodo ? (int)ntodo : 1;
    xmlInitParser(); /* before any thread touches libxml2 */
    S_interrupted = 0;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = S_on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND | SA_RESTART; /* a second signal kills */
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGHUP, &sa, &old_hup);
    handlers = 1;
    if (ntodo || sum_pending) {
        char *jp = gw_xasprintf("%s/%s", c.out_dir, S_JOURNAL);
        c.journal_fd = open(jp, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
        if (c.journal_fd >= 0)
            c.journal_seen = 1;
        free(jp);
    }
    if (ntodo)
        S_execute(&c, todo, ntodo, nthreads, &n, &pr);
    free(todo);
    /* the summary, from the drafts as they now are */
    if (sum_pending)
        S_sum_account(&c, S_interrupted ? S_SUM_LEFT : S_sum_run(&c, sum_threads, 0), &n, &pr);
    if (pr.drawn)
        S_progress_draw(&pr, 1);

    /* outputs whose draft is gone */
    if (!S_interrupted) {
        size_t keep = 0;
        /* a summary renamed keeps the ledger's name: the file is the new one's */
        const S_rec *sumrec = c.sum.on ? S_man_get(&c.man, c.sum.name) : NULL;
        if (sumrec && (strcmp(sumrec->kind, "summary") != 0 || !sumrec->seen))
            sumrec = NULL;
        for (size_t i = 0; i < c.man.n; i++) {
            S_rec *r = c.man.v[i];
            if (S_is_stale(&c, r)) {
                S_remove_files(&c, r, strcmp(r->kind, "summary") == 0 ? sumrec : NULL);
                if (o->progress == GW_PROGRESS_LINES)
                    fprintf(stderr, "removed %s/%s\n", c.out_dir, r->out);
                S_rec_free(r);
                n.removed++;
            } else {
                c.man.v[keep++] = r;
            }
        }
        if (keep != c.man.n) {
            c.man.n = keep;
            c.man.dirty = 1;
            S_man_reindex(&c.man);
        }
    }
    if (c.man.dirty)
        S_save(&c, d);
    if (c.journal_fd >= 0)
        close(c.journal_fd);
    c.journal_fd = -1;
    if (!c.man.dirty && c.journal_seen) { /* all in the manifest now */
        char *jp = gw_xasprintf("%s/%s", c.out_dir, S_JOURNAL);
        unlink(jp);
        free(jp);
    }

    /* diagnostics in the order of the jobs (deterministic) */
    for (size_t i = 0; i < c.njobs; i++)
        if (c.jobs[i]->diags)
            gw_diags_move(d, c.jobs[i]->diags);
    if (c.sum.job && c.sum.job->diags)
        gw_diags_move(d, c.sum.job->diags);
    if (S_interrupted)
        gw_diags_add(d, GW_ERROR, c.out_dir, 0, 0,
                     "已中断（interrupted）：还有 %zu 份公文没有生成，再运行一次 gongwen build 即可补齐",
                     n.left);
    if (o->progress != GW_PROGRESS_NONE) {
        fprintf(stderr, "gongwen build: %zu built, %zu up to date, %zu failed", n.built, n.uptodate,
                n.failed);
        if (n.removed)
            fprintf(stderr, ", %zu removed", n.removed);
        if (S_interrupted)
            fprintf(stderr, ", %zu not started (interrupted)", n.left);
        fputc('\n', stderr);
    }
    rc = n.failed || S_interrupted ? -1 : 0;

out:
    if (handlers) {
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
        sigaction(SIGHUP, &old_hup, NULL);
    }
    if (lockfd >= 0)
        close(lockfd);
    S_strs_free(&w.drafts);
    S_strs_free(&w.lists);
    free((void *)w.draft_conf);
    free((void *)w.list_conf);
    S_ctx_free(&c);
    if (gw_diags_errors(d) > errors_before)
        rc = -1;
    return rc;
}
