/* Unit tests of the summary, ledger and diff modules: task texts, deadline
 * labels and buckets, the task list and its statistics, the DOCX and XLSX
 * packages (parts present, counts, determinism) and the pairing of tasks
 * between two versions of a plan. */
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "extract.h"
#include "package.h"
#include "rules.h"
#include "source.h"
#include "summary.h"
#include "unit.h"

/* A small plan of our own: 7 tasks, one without a 牵头单位, one without a
 * deadline, one long-term. */
static const char *S_plan =
    "白沙镇2026年河湖长制工作方案\n"
    "\n"
    "一、主要任务\n"
    "\n"
    "（一）水域岸线管护\n"
    "\n"
    "1.开展河道“清四乱”专项行动，拆除违建12处。（牵头单位：镇水务站；责任单位：各村委会；配合单位：镇综合执法队；2026年4月底前完成）\n"
    "\n"
    "2.划定河道管理范围并设立界桩。（牵头单位：镇自然资源所；配合单位：镇水务站；2026年6月底前完成）\n"
    "\n"
    "3.建立河湖巡查日志，实行每周一巡。（牵头单位：镇水务站；责任单位：各村委会；长期坚持）\n"
    "\n"
    "（二）水污染防治\n"
    "\n"
    "1.完成入河排污口排查溯源。（牵头单位：镇生态环境办；配合单位：镇水务站、镇农业服务中心；2026年6月底前完成）\n"
    "\n"
    "2.推进畜禽养殖粪污资源化利用。（责任单位：镇农业服务中心、各村委会；2026年9月底前完成）\n"
    "\n"
    "3.整治农村黑臭水塘5处。（牵头单位：镇生态环境办；责任单位：各村委会）\n"
    "\n"
    "4.建设生态缓冲带2公里。（牵头单位：镇水务站；配合单位：镇自然资源所；2026年11月底前完成）\n"
    "\n"
    "二、工作要求\n"
    "\n"
    "各单位每月5日前报送进展。\n";

static gw_model *S_model(const char *text, gw_diags *d)
{
    gw_source *src = gw_source_from_memory("plan.txt", text, strlen(text), GW_FMT_TEXT, d);
    if (!src)
        return NULL;
    gw_extract_opts o = {"plan"};
    gw_model *m = gw_extract(src, &o, d);
    gw_source_free(src);
    return m;
}

static void S_list(gw_tasklist *tl, const char *text, const char *name)
{
    gw_diags *d = gw_diags_new();
    gw_model *m = S_model(text, d);
    memset(tl, 0, sizeof *tl);
    if (m)
        gw_tasklist_add(tl, m, name);
    gw_model_free(m);
    gw_diags_free(d);
}

/* Replaces the first occurrence of a in s by b (newly allocated). */
static char *S_replace(const char *s, const char *a, const char *b)
{
    const char *p = strstr(s, a);
    if (!p)
        return gw_xstrdup(s);
    gw_buf out = {0};
    gw_buf_put(&out, s, (size_t)(p - s));
    gw_buf_puts(&out, b);
    gw_buf_puts(&out, p + strlen(a));
    return gw_buf_detach(&out);
}

/* Reads part name of a zip in memory; NULL when absent. */
static char *S_part(const gw_buf *zip, const char *name)
{
    gw_diags *d = gw_diags_new();
    gw_zipin *z = gw_zipin_open_memory("t", zip->ptr, zip->len, d);
    char *r = NULL;
    long i = z ? gw_zipin_find(z, name) : -1;
    if (i >= 0) {
        gw_buf b = {0};
        if (gw_zipin_read(z, (size_t)i, &b, d) == 0)
            r = b.ptr ? gw_buf_detach(&b) : gw_xstrdup("");
        gw_buf_free(&b);
    }
    gw_zipin_free(z);
    gw_diags_free(d);
    return r;
}

static size_t S_count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; p && (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

static char *S_core(const char *text, const char *dl)
{
    static char buf[512];
    char *c = gw_task_core(text, dl);
    snprintf(buf, sizeof buf, "%s", c);
    free(c);
    return buf;
}

TEST(core_text)
{
    CHECK_STR(S_core("1.完成供水管线更新。（牵头单位：区住建局；责任单位：各街道；2025年10月底前完成）", NULL),
              "完成供水管线更新。");
    CHECK_STR(S_core("2.整治道路。(区城管局牵头,各街道配合;8月底前)", NULL), "整治道路。");
    CHECK_STR(S_core("(二)办理阶段(2021年4-9月)", "2021年4-9月"), "办理阶段");
    CHECK_STR(S_core("（一）部署阶段", NULL), "部署阶段");
    CHECK_STR(S_core("三、强化督办", NULL), "强化督办");
    CHECK_STR(S_core("1.2万户完成改造", NULL), "1.2万户完成改造");
    CHECK_STR(S_core("2025年完成清单编制", NULL), "2025年完成清单编制");
    CHECK_STR(S_core("完善项目清单（2021年版）", NULL), "完善项目清单（2021年版）");
    CHECK_STR(S_core("完善项目清单（含旧改）。（责任单位：区商务局）", NULL), "完善项目清单（含旧改）。");
    CHECK_STR(S_core("（牵头单位：区商务局）", NULL), "（牵头单位：区商务局）");
    CHECK_STR(S_core("", NULL), "");
}

TEST(brief_text)
{
    char *b = gw_task_brief("加强组织领导,完善工作机制。成立指挥部,负责总体设计。", 60);
    CHECK_STR(b, "加强组织领导,完善工作机制");
    free(b);
    b = gw_task_brief("一二三四五六七八九十", 5);
    CHECK_STR(b, "一二三四…");
    free(b);
    b = gw_task_brief("短。", 60);
    CHECK_STR(b, "短。");
    free(b);
}

static const char *S_lab(const char *v)
{
    static char out[128];
    gw_buf b = {0};
    gw_deadline_label(v, &b);
    snprintf(out, sizeof out, "%s", b.ptr ? b.ptr : "");
    gw_buf_free(&b);
    return out;
}

static const char *S_bucket(const char *v)
{
    static char key[16];
    gw_deadline_bucket(v, key, sizeof key);
    return key;
}

TEST(deadlines)
{
    CHECK_STR(S_lab("2025-10"), "2025年10月底前");
    CHECK_STR(S_lab("2025-10-15"), "2025年10月15日前");
    CHECK_STR(S_lab("2025"), "2025年底前");
    CHECK_STR(S_lab("2025-01..2025-06"), "2025年1月—6月");
    CHECK_STR(S_lab("2025-11..2026-02"), "2025年11月—2026年2月");
    CHECK_STR(S_lab("ONGOING"), "长期坚持");
    CHECK_STR(S_lab("2025-03-01..2025-03-20"), "2025年3月1日—3月20日");
    CHECK_STR(S_lab("明年"), "明年"); /* not a value: as it is */
    CHECK_STR(S_lab(NULL), "");
    gw_buf n = {0};
    gw_buf_put_long(&n, 0);
    gw_buf_puts(&n, " ");
    gw_buf_put_long(&n, -305);
    gw_buf_puts(&n, " ");
    gw_buf_put_long(&n, 2147483647L);
    gw_buf_puts(&n, " ");
    gw_buf_put_long(&n, LONG_MIN);
    char want[96];
    snprintf(want, sizeof want, "0 -305 2147483647 %ld", LONG_MIN);
    CHECK_STR(n.ptr, want);
    gw_buf_free(&n);
    CHECK_STR(S_bucket("2025-10-15"), "2025-10");
    CHECK_STR(S_bucket("2025-01..2025-06"), "2025-06");
    CHECK_STR(S_bucket("2025"), "2025-13");
    CHECK_STR(S_bucket("ONGOING"), "9999-98");
    CHECK_STR(S_bucket(NULL), "9999-99");
    gw_buf b = {0};
    gw_bucket_label("2025-13", &b);
    CHECK_STR(b.ptr, "2025年内");
    gw_buf_clear(&b);
    gw_bucket_label("2026-04", &b);
    CHECK_STR(b.ptr, "2026年4月");
    gw_buf_free(&b);
}

TEST(task_list_and_stats)
{
    gw_tasklist tl;
    S_list(&tl, S_plan, "plan.txt");
    CHECK_INT(tl.ntasks, 7);
    CHECK_INT(tl.nplans, 1);
    CHECK_STR(tl.plans[0].title, "白沙镇2026年河湖长制工作方案");
    if (tl.ntasks == 7) {
        CHECK_INT(tl.tasks[6].no, 7);
        CHECK_STR(tl.tasks[0].core, "开展河道“清四乱”专项行动，拆除违建12处。");
        /* no 牵头单位: owned by its 责任单位 */
        const gw_units *own = gw_task_owners(&tl.tasks[4]);
        CHECK_INT(own->n, 2);
        CHECK(own->n == 2 && strcmp(own->v[0], "镇农业服务中心") == 0);
        CHECK_STR(tl.tasks[2].deadline, "ONGOING");
        CHECK(tl.tasks[5].deadline == NULL);
    }
    size_t nu = 0;
    gw_unitstat *us = gw_unit_stats(&tl, &nu);
    CHECK(nu >= 6);
    CHECK_STR(us[0].name, "镇水务站"); /* first appearance */
    CHECK_INT(us[0].count[GW_ROLE_LEAD], 3);
    CHECK_INT(us[0].count[GW_ROLE_SUPP], 2);
    CHECK_INT(us[0].total, 5);
    CHECK_INT(us[0].owner, 3);
    free(us);
    size_t nm = 0;
    gw_month *ms = gw_month_stats(&tl, &nm);
    size_t sum = 0;
    for (size_t i = 0; i < nm; i++)
        sum += ms[i].count;
    CHECK_INT(sum, 7);
    CHECK_STR(ms[0].key, "2026-04");
    CHECK_STR(ms[nm - 1].key, "9999-99");
    free(ms);
    gw_tasklist_free(&tl);
    CHECK(tl.tasks == NULL && tl.ntasks == 0);
}

TEST(summary_docx)
{
    gw_tasklist tl;
    S_list(&tl, S_plan, "plan.txt");
    gw_summary_opts o = {-1, 1};
    gw_diags *d = gw_diags_new();
    gw_buf a = {0}, b = {0};
    CHECK_INT(gw_summary_docx(&tl, &o, &a, d), 0);
    CHECK_INT(gw_summary_docx(&tl, &o, &b, d), 0);
    CHECK_INT(gw_diags_errors(d), 0);
    CHECK(a.len > 0 && a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0);
    char *doc = S_part(&a, "word/document.xml");
    char *ct = S_part(&a, "[Content_Types].xml");
    char *rels = S_part(&a, "word/_rels/document.xml.rels");
    char *chart = S_part(&a, "word/charts/chart1.xml");
    char *chart2 = S_part(&a, "word/charts/chart2.xml");
    char *crel = S_part(&a, "word/charts/_rels/chart1.xml.rels");
    char *xl = S_part(&a, "word/embeddings/chart1-data.xlsx");
    char *core = S_part(&a, "docProps/core.xml");
    CHECK(doc && ct && rels && chart && chart2 && crel && xl && core);
    if (doc) {
        /* the breakdown is the last table: header + 7 rows, header repeated */
        const char *last = doc, *p = doc;
        while ((p = strstr(p, "<w:tbl>")) != NULL)
            last = p++;
        CHECK_INT(S_count(last, "<w:tr>"), 8);
        CHECK_INT(S_count(last, "<w:tblHeader/>"), 1);
        CHECK(strstr(last, "w:orient=\"landscape\"") != NULL);
        /* grid columns sum to 225 mm */
        int sum = 0;
        for (const char *g = strstr(last, "<w:gridCol w:w=\""); g; g = strstr(g + 1, "<w:gridCol w:w=\""))
            sum += atoi(g + strlen("<w:gridCol w:w=\""));
        CHECK_INT(sum, GW_SUM_LANDSCAPE_W);
        CHECK(strstr(doc, "共梳理工作任务7项") != NULL);
        CHECK(strstr(doc, "drawingml/2006/chart") != NULL);
        CHECK(strstr(doc, "附件：白沙镇2026年河湖长制工作方案任务分解表") != NULL);
        CHECK(strstr(doc, "rIdFooterOdd") != NULL); /* portrait footers of the template */
    }
    if (ct) {
        CHECK(strstr(ct, "/word/charts/chart1.xml") != NULL);
        CHECK(strstr(ct, "drawingml.chart+xml") != NULL);
        CHECK(strstr(ct, "Extension=\"xlsx\"") != NULL);
    }
    if (chart) {
        CHECK(strstr(chart, "<c:barChart>") != NULL);
        CHECK(strstr(chart, "<c:strCache>") != NULL && strstr(chart, "<c:numCache>") != NULL);
        CHECK(strstr(chart, "镇水务站") != NULL);
    }
    if (chart2) /* per month: values sum to the number of tasks */ {
        size_t sum = 0;
        const char *nc = strstr(chart2, "<c:numCache>");
        for (const char *v = nc ? strstr(nc, "<c:v>") : NULL; v; v = strstr(v + 1, "<c:v>"))
            sum += (size_t)atoi(v + 5);
        CHECK_INT(sum, 7);
    }
    if (core)
        CHECK(strstr(core, "1980-01-01T00:00:00Z") != NULL);
    if (xl)
        CHECK(xl[0] == 'P' && xl[1] == 'K');
    /* the epoch reaches docProps and nothing else changes size */
    gw_summary_opts o2 = {86400 * 365, 1};
    gw_buf c = {0};
    CHECK_INT(gw_summary_docx(&tl, &o2, &c, d), 0);
    char *core2 = S_part(&c, "docProps/core.xml");
    CHECK(core2 && strstr(core2, "1971-01-01T00:00:00Z") != NULL);
    free(core2);
    gw_buf_free(&c);
    free(doc);
    free(ct);
    free(rels);
    free(chart);
    free(chart2);
    free(crel);
    free(xl);
    free(core);
    gw_buf_free(&a);
    gw_buf_free(&b);
    gw_diags_free(d);
    gw_tasklist_free(&tl);
}

TEST(summary_empty)
{
    gw_tasklist tl;
    S_list(&tl, "某某工作方案\n\n一、总体要求\n\n认真做好各项工作。\n", "empty.txt");
    CHECK_INT(tl.ntasks, 0);
    gw_summary_opts o = {-1, 1};
    gw_diags *d = gw_diags_new();
    gw_buf a = {0};
    CHECK_INT(gw_summary_docx(&tl, &o, &a, d), 0);
    CHECK_INT(gw_diags_errors(d), 0);
    CHECK(gw_diags_count(d) >= 1); /* a warning: no tasks */
    char *chart = S_part(&a, "word/charts/chart1.xml");
    CHECK(chart == NULL);
    free(chart);
    gw_buf_free(&a);
    gw_buf la = {0};
    CHECK_INT(gw_ledger_xlsx(&tl, &o, &la, d), 0);
    gw_buf_free(&la);
    gw_diags_free(d);
    gw_tasklist_free(&tl);
}

TEST(ledger_xlsx)
{
    gw_tasklist tl;
    S_list(&tl, S_plan, "plan.txt");
    gw_summary_opts o = {-1, 1};
    gw_diags *d = gw_diags_new();
    gw_buf a = {0}, b = {0};
    CHECK_INT(gw_ledger_xlsx(&tl, &o, &a, d), 0);
    CHECK_INT(gw_ledger_xlsx(&tl, &o, &b, d), 0);
    CHECK(a.len > 0 && a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0);
    char *wb = S_part(&a, "xl/workbook.xml");
    char *s1 = S_part(&a, "xl/worksheets/sheet1.xml");
    char *core = S_part(&a, "docProps/core.xml");
    CHECK(wb && s1 && core);
    if (wb) {
        /* 督办台账 + one sheet per owner: 镇水务站 镇自然资源所 镇生态环境办
         * 镇农业服务中心 各村委会 */
        CHECK_INT(S_count(wb, "<sheet "), 6);
        CHECK(strstr(wb, "name=\"督办台账\"") != NULL);
        CHECK(strstr(wb, "name=\"镇水务站\"") != NULL);
        CHECK(strstr(wb, "_xlnm._FilterDatabase") != NULL);
    }
    if (s1) {
        CHECK(strstr(s1, "<pane ySplit=\"1\"") != NULL);  /* frozen header */
        CHECK(strstr(s1, "<autoFilter ref=\"A1:H8\"") != NULL);
        CHECK_INT(S_count(s1, "<row "), 8);
    }
    if (core)
        CHECK(strstr(core, "1980-01-01T00:00:00Z") != NULL);
    free(wb);
    free(s1);
    free(core);
    gw_buf_free(&a);
    gw_buf_free(&b);
    gw_diags_free(d);
    gw_tasklist_free(&tl);
}

TEST(similarity)
{
    CHECK_INT(gw_text_similarity("开展河道清四乱专项行动", "开展河道清四乱专项行动"), 1000);
    CHECK_INT(gw_text_similarity("开展河道清四乱专项行动", "开展河道，清四乱专项行动。"), 1000);
    CHECK(gw_text_similarity("开展河道清四乱专项行动", "开展河道清四乱专项整治行动") > 700);
    CHECK(gw_text_similarity("开展河道清四乱专项行动", "建设生态缓冲带2公里") < 200);
}

static void S_diff(const char *old_text, const char *new_text, gw_diff *df, gw_tasklist *a, gw_tasklist *b)
{
    S_list(a, old_text, "old.txt");
    S_list(b, new_text, "new.txt");
    gw_diff_tasks(a, b, df);
}

TEST(diff_three_changes)
{
    /* one deadline changed, one unit added, one task deleted (the next one
     * renumbered by the clerk: a shift, not a change of its own) */
    char *t1 = S_replace(S_plan, "2026年6月底前完成）\n\n3.建立", "2026年8月底前完成）\n\n3.建立");
    char *t2 = S_replace(t1, "配合单位：镇水务站、镇农业服务中心", "配合单位：镇水务站、镇农业服务中心、各村委会");
    char *t3 = S_replace(t2, "2.推进畜禽养殖粪污资源化利用。（责任单位：镇农业服务中心、各村委会；2026年9月底前完成）\n\n", "");
    char *t4 = S_replace(t3, "3.整治农村黑臭水塘", "2.整治农村黑臭水塘");
    char *t5 = S_replace(t4, "4.建设生态缓冲带", "3.建设生态缓冲带");
    gw_tasklist a, b;
    gw_diff df;
    S_diff(S_plan, t5, &df, &a, &b);
    CHECK_INT(df.n, 3);
    if (df.n == 3) {
        CHECK_INT(df.v[0].kind, GW_CHANGE_CHANGED);
        CHECK_STR(df.v[0].field, "deadline");
        CHECK_STR(df.v[0].before, "2026-06");
        CHECK_STR(df.v[0].after, "2026-08");
        CHECK_INT(df.v[1].kind, GW_CHANGE_CHANGED);
        CHECK_STR(df.v[1].field, "support");
        CHECK_STR(df.v[1].after, "镇水务站、镇农业服务中心、各村委会");
        CHECK_INT(df.v[2].kind, GW_CHANGE_REMOVED);
        CHECK_STR(df.v[2].old->id, "一/（二）/2");
    }
    CHECK_INT(df.shifted, 2);
    gw_buf tsv = {0};
    gw_diff_tsv(&df, &tsv);
    CHECK(strncmp(tsv.ptr, "change\told_id\tnew_id\tfield\told\tnew\n", 35) == 0);
    CHECK_INT(S_count(tsv.ptr, "\n"), 4);
    gw_buf_free(&tsv);
    gw_summary_opts o = {-1, 1};
    gw_diags *d = gw_diags_new();
    gw_buf x = {0}, y = {0};
    CHECK_INT(gw_diff_docx(&df, &a, &b, &o, &x, d), 0);
    CHECK_INT(gw_diff_docx(&df, &a, &b, &o, &y, d), 0);
    CHECK(x.len > 0 && x.len == y.len && memcmp(x.ptr, y.ptr, x.len) == 0);
    char *doc = S_part(&x, "word/document.xml");
    CHECK(doc && strstr(doc, "修改对照表") && strstr(doc, "删除任务") && strstr(doc, "修改完成时限"));
    CHECK(doc && S_count(doc, "<w:tblHeader/>") == 1);
    free(doc);
    gw_buf_free(&x);
    gw_buf_free(&y);
    gw_diags_free(d);
    gw_diff_free(&df);
    gw_tasklist_free(&a);
    gw_tasklist_free(&b);
    free(t1);
    free(t2);
    free(t3);
    free(t4);
    free(t5);
}

TEST(diff_moves_and_edits)
{
    /* task 一/（一）/3 moved to the end of （二） and reworded slightly; a
     * new task added */
    const char *moved = "3.建立河湖巡查日志，实行每周一巡。（牵头单位：镇水务站；责任单位：各村委会；长期坚持）\n\n";
    char *t1 = S_replace(S_plan, moved, "");
    char *t2 = S_replace(t1, "二、工作要求",
                         "5.建立河湖巡查日志，坚持实行每周一巡。（牵头单位：镇水务站；责任单位：各村委会；长期坚持）\n\n"
                         "6.开展水生态修复试点。（牵头单位：镇生态环境办；2026年12月底前完成）\n\n二、工作要求");
    gw_tasklist a, b;
    gw_diff df;
    S_diff(S_plan, t2, &df, &a, &b);
    int renum = 0, text = 0, added = 0, removed = 0;
    for (size_t i = 0; i < df.n; i++) {
        renum += df.v[i].kind == GW_CHANGE_RENUMBERED;
        text += df.v[i].kind == GW_CHANGE_CHANGED && strcmp(df.v[i].field, "text") == 0;
        added += df.v[i].kind == GW_CHANGE_ADDED;
        removed += df.v[i].kind == GW_CHANGE_REMOVED;
    }
    CHECK_INT(renum, 1);
    CHECK_INT(text, 1);
    CHECK_INT(added, 1);
    CHECK_INT(removed, 0);
    CHECK_INT(df.n, 3);
    gw_diff_free(&df);
    /* identical versions: nothing */
    gw_diff same;
    gw_diff_tasks(&a, &a, &same);
    CHECK_INT(same.n, 0);
    gw_diff_free(&same);
    gw_tasklist_free(&a);
    gw_tasklist_free(&b);
    free(t1);
    free(t2);
}

/* More lead units than the ledger streams: every unit still gets its
 * sheet (the workbook is then kept in memory), and a streamed ledger has
 * the same sheets and rows. */
TEST(ledger_many_units)
{
    gw_tasklist tl[2];
    for (int big = 0; big < 2; big++) {
        gw_buf t = {0};
        static const char *const part[] = {"一", "二", "三", "四", "五"};
        gw_buf_puts(&t, "测试镇2026年专项工作方案\n\n");
        int n = big ? 230 : 20; /* in five parts: items are numbered 1–46 */
        for (int i = 1; i <= n; i++) {
            if ((i - 1) % (n / 5) == 0)
                gw_buf_printf(&t, "%s、第%s部分任务\n\n", part[(i - 1) / (n / 5)], part[(i - 1) / (n / 5)]);
            gw_buf_printf(&t, "%d.完成第%d项整治任务。（牵头单位：第%d工作组；2026年6月底前完成）\n\n",
                          (i - 1) % (n / 5) + 1, i, i);
        }
        S_list(&tl[big], t.ptr, "plan.txt");
        CHECK_INT((int)tl[big].ntasks, n);
        gw_buf_free(&t);
        gw_summary_opts o = {-1, 1};
        gw_diags *d = gw_diags_new();
        gw_buf a = {0};
        CHECK_INT(gw_ledger_xlsx(&tl[big], &o, &a, d), 0);
        char *wb = S_part(&a, "xl/workbook.xml");
        char *last = NULL;
        char name[64];
        snprintf(name, sizeof name, "xl/worksheets/sheet%d.xml", n + 1);
        last = S_part(&a, name);
        CHECK(wb && last);
        if (wb) {
            CHECK_INT(S_count(wb, "<sheet "), n + 1);
            snprintf(name, sizeof name, "name=\"第%d工作组\"", n);
            CHECK(strstr(wb, name) != NULL);
        }
        if (last) {
            CHECK_INT(S_count(last, "<row "), 2); /* header + its one task */
            /* its text: in the cell when streamed, else a shared string */
            char *sst = S_part(&a, "xl/sharedStrings.xml");
            snprintf(name, sizeof name, "完成第%d项整治任务", n);
            CHECK(strstr(big ? (sst ? sst : "") : last, name) != NULL);
            CHECK(big ? sst != NULL : sst == NULL);
            free(sst);
        }
        free(wb);
        free(last);
        gw_buf_free(&a);
        gw_diags_free(d);
        gw_tasklist_free(&tl[big]);
    }
}

int main(void)
{
    char *msg = NULL;
    if (gw_rules_init(&msg) != 0) {
        printf("not ok - rules: %s\n", msg ? msg : "");
        free(msg);
        return 1;
    }
    RUN(core_text);
    RUN(brief_text);
    RUN(deadlines);
    RUN(task_list_and_stats);
    RUN(summary_docx);
    RUN(summary_empty);
    RUN(ledger_xlsx);
    RUN(ledger_many_units);
    RUN(similarity);
    RUN(diff_three_changes);
    RUN(diff_moves_and_edits);
    gw_rules_free();
    xmlCleanupParser();
    return unit_done();
}
