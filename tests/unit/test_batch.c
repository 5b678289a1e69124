/*
 * test_batch.c — unit tests for the batch stage (src/batch.c): the manifest
 * hash, and gw_build through its API on a small folder (first build,
 * no-change re-run, an edit, a removed draft, a dry run, a failing draft).
 * tests/build_test.sh covers the command line, reply lists, folder
 * settings, -j and interrupts.
 */
#define _POSIX_C_SOURCE 200809L

#include "batch.h"
#include "rules.h"
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>

TEST(hash_vectors)
{
    /* reference values of XXH64 (seed 0) */
    CHECK(gw_hash64("", 0, 0) == 0xEF46DB3751D8E999ULL);
    CHECK(gw_hash64("a", 1, 0) == 0xD24EC4F1A98C6E5BULL);
    CHECK(gw_hash64("abc", 3, 0) == 0x44BC2CF5AD770999ULL);
    const char *s = "Nobody inspects the spammish repetition"; /* ≥ 32 bytes: the stripe loop */
    CHECK(gw_hash64(s, strlen(s), 0) == 0xFBCEA83C8A378BF1ULL);
    CHECK(gw_hash64("abc", 3, 1) != gw_hash64("abc", 3, 0));
}

static char S_dir[256];

static void S_write(const char *rel, const char *text)
{
    char p[512];
    snprintf(p, sizeof p, "%s/%s", S_dir, rel);
    FILE *f = fopen(p, "w");
    fputs(text, f);
    fclose(f);
}

static int S_exists(const char *rel)
{
    char p[512];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", S_dir, rel);
    return stat(p, &st) == 0;
}

static int S_build(int force, int dry, size_t *errors)
{
    char in[300], out[300];
    snprintf(in, sizeof in, "%s/in", S_dir);
    snprintf(out, sizeof out, "%s/out", S_dir);
    gw_build_opts o;
    memset(&o, 0, sizeof o);
    o.inputs = in;
    o.outputs = out;
    o.jobs = 2;
    o.force = force;
    o.dry_run = dry;
    o.epoch = 1735689600;
    o.progress = GW_PROGRESS_NONE;
    gw_diags *d = gw_diags_new();
    int rc = gw_build(&o, d);
    *errors = gw_diags_errors(d);
    gw_diags_free(d);
    return rc;
}

static long long S_mtime(const char *rel)
{
    char p[512];
    struct stat st;
    snprintf(p, sizeof p, "%s/%s", S_dir, rel);
    if (stat(p, &st) != 0)
        return -1;
    return (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
}

static const char *S_plan =
    "江北区2025年河道保洁工作方案\n\n为做好河道保洁工作，制定本方案。\n\n一、重点任务\n\n"
    "1.建立河道巡查制度，每周巡查一次。（牵头单位：区水务局；2025年6月底前完成）\n";

TEST(build_roundtrip)
{
    snprintf(S_dir, sizeof S_dir, "%s/gw-test-batch.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    CHECK(mkdtemp(S_dir) != NULL);
    char p[512];
    snprintf(p, sizeof p, "%s/in", S_dir);
    mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/in/sub", S_dir);
    mkdir(p, 0777);
    S_write("in/a.txt", S_plan);
    S_write("in/sub/b.md", S_plan);
    S_write("in/README.md", "notes, not a draft\n");
    size_t errs;

    CHECK_INT(S_build(0, 1, &errs), 0); /* dry run: nothing written */
    CHECK(!S_exists("out"));

    CHECK_INT(S_build(0, 0, &errs), 0);
    CHECK_INT(errs, 0);
    CHECK(S_exists("out/a.docx"));
    CHECK(S_exists("out/sub/b.docx"));
    CHECK(!S_exists("out/README.docx"));
    CHECK(S_exists("out/.gongwen-manifest"));

    sleep(1); /* out of the racy-stat window, and mtimes would differ */
    long long ma = S_mtime("out/a.docx"), mb = S_mtime("out/sub/b.docx");
    CHECK_INT(S_build(0, 0, &errs), 0);
    CHECK(S_mtime("out/a.docx") == ma); /* nothing rebuilt */

    S_write("in/a.txt", "江北区2025年河道保洁工作方案\n\n全文修改。\n");
    CHECK_INT(S_build(0, 0, &errs), 0);
    CHECK(S_mtime("out/a.docx") != ma);
    CHECK(S_mtime("out/sub/b.docx") == mb);

    snprintf(p, sizeof p, "%s/in/sub/b.md", S_dir);
    unlink(p);
    CHECK_INT(S_build(0, 0, &errs), 0);
    CHECK(!S_exists("out/sub/b.docx"));
    CHECK(!S_exists("out/sub")); /* its folder, now empty, too */

    S_write("in/c.txt", "标题\n坏字节\x80\x80\xff\n");
    CHECK_INT(S_build(0, 0, &errs), -1);
    CHECK(errs >= 1);
    CHECK(!S_exists("out/c.docx"));
    CHECK(S_exists("out/a.docx"));

    CHECK_INT(S_build(1, 0, &errs), -1); /* --force: still fails on c.txt */

    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", S_dir);
    CHECK_INT(system(cmd), 0);
}

int main(void)
{
    char *msg = NULL;
    if (gw_rules_init(&msg) != 0) {
        printf("not ok - rules: %s\n", msg);
        return 1;
    }
    RUN(hash_vectors);
    RUN(build_roundtrip);
    gw_rules_free();
    xmlCleanupParser();
    return unit_done();
}
