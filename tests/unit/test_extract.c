/* Unit tests of the extract stage: deadline normalisation, unit lists,
 * and a whole draft through gw_extract into a schema-valid model. */
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "export.h"
#include "rules.h"
#include "unit.h"
#include "unit_model.h"

static const char *S_dl(const char *s, int year)
{
    static char out[64];
    if (!gw_deadline_normalize(s, strlen(s), year, out, sizeof out))
        return "";
    return out;
}

TEST(deadline_forms)
{
    CHECK_STR(S_dl("2021年3月底完成", 0), "2021-03");
    CHECK_STR(S_dl("6月底前", 2020), "2020-06");
    CHECK_STR(S_dl("6月底前", 0), "");
    CHECK_STR(S_dl("年底前", 2022), "2022-12");
    CHECK_STR(S_dl("上半年", 2022), "2022-01..2022-06");
    CHECK_STR(S_dl("下半年", 2022), "2022-07..2022-12");
    CHECK_STR(S_dl("第三季度", 2022), "2022-07..2022-09");
    CHECK_STR(S_dl("2020年6—10月", 0), "2020-06..2020-10");
    CHECK_STR(S_dl("2021年4-9月", 0), "2021-04..2021-09");
    CHECK_STR(S_dl("2021年8月底至2023年12月底", 0), "2021-08..2023-12");
    CHECK_STR(S_dl("全年", 2021), "2021");
    CHECK_STR(S_dl("长期坚持", 0), "ONGOING");
    CHECK_STR(S_dl("持续推进", 0), "ONGOING");
    CHECK_STR(S_dl("2020年5月23日", 0), "2020-05-23");
    CHECK_STR(S_dl("二〇一二年三月一日", 0), "2012-03-01");
    CHECK_STR(S_dl("二〇二三年十二月三十一日", 0), "2023-12-31");
    CHECK_STR(S_dl("２０２４年５月", 0), "2024-05");
}

TEST(deadline_damaged)
{
    CHECK_STR(S_dl("202110月底前完成", 0), "2021-10");
    CHECK_STR(S_dl("20214月底完成", 0), "2021-04");
    CHECK_STR(S_dl("2021329", 0), "2021-03-29");
    CHECK_STR(S_dl("20211026", 0), "2021-10-26");
    CHECK_STR(S_dl("2025115117日", 0), "2025-01-15..2025-01-17");
    CHECK_STR(S_dl("2025年1月15—17日", 0), "2025-01-15..2025-01-17");
    CHECK_STR(S_dl("2021年2月30日", 0), "2021-02"); /* no such day: the month is still right */
    CHECK_STR(S_dl("没有日期", 2021), "");
}

static const char *S_units(const char *s)
{
    static char out[512];
    gw_buf b = {0};
    gw_units_normalize(s, strlen(s), &b);
    snprintf(out, sizeof out, "%s", b.ptr ? b.ptr : "");
    gw_buf_free(&b);
    return out;
}

TEST(units)
{
    CHECK_STR(S_units("区发改局、区财政局，区商务局,区统计局"), "区发改局、区财政局、区商务局、区统计局");
    CHECK_STR(S_units("各县（市、区）政府、市水务局"), "各县（市、区）政府、市水务局");
    CHECK_STR(S_units("区财政局等部门"), "区财政局");
    CHECK_STR(S_units("区委组织部分别牵头"), "区委组织部");
    CHECK_STR(S_units("区人社局（按职责分工负责）"), "区人社局");
    CHECK_STR(S_units("区 人力\n资源局"), "区人力资源局");
    CHECK_STR(S_units("区政府办（金融办）"), "区政府办（金融办）");
    CHECK_STR(S_units("相关街道"), "相关街道");
}

TEST(extract_model_valid)
{
    const char *draft =
        "某某区人民政府办公室文件\n\n某政办〔2024〕3号\n\n关于印发某某方案的通知\n\n各街道：\n\n"
        "现印发给你们。\n\n某某区人民政府办公室\n\n2024年1月5日\n\n某某方案\n\n一、任务\n\n"
        "1.建立台账。（牵头单位：区民政局；责任单位：各街道；3月底前）\n\n组长：张三 区长\n成员：李四 副区长\n";
    gw_diags *d = gw_diags_new();
    gw_source *src = gw_source_from_memory("t.txt", draft, strlen(draft), GW_FMT_TEXT, d);
    CHECK(src != NULL);
    gw_model *m = gw_extract(src, NULL, d);
    CHECK(m != NULL);
    CHECK_INT(gw_model_validate(m, "t.txt", d), 0);
    CHECK_STR(gw_model_kind(m), "notice");
    gw_buf b = {0};
    gw_export_tasks(m, GW_EXPORT_TSV, &b);
    CHECK(strstr(b.ptr, "一/1\t区民政局\t各街道\t\t2024-03\t") != NULL);
    gw_buf_clear(&b);
    gw_export_roster(m, GW_EXPORT_CSV, &b);
    CHECK(memcmp(b.ptr, "\xEF\xBB\xBFrole,name,title,line\r\n", 25) == 0);
    gw_buf_clear(&b);
    gw_export_meta(m, GW_EXPORT_JSON, &b);
    CHECK(strstr(b.ptr, "{\"key\": \"docnumber\", \"value\": \"某政办〔2024〕3号\"}") != NULL);
    gw_buf_free(&b);
    /* every task carries its source line */
    xmlNodePtr t = gw_model_first(gw_model_first(gw_model_root(m), "tasks"), "task");
    CHECK_INT(gw_model_line(t), 19);
    gw_model_free(m);
    gw_source_free(src);
    gw_diags_free(d);
}

/* The model of a draft given as text (a .txt draft named name); checks it
 * against the schema.  The caller frees it. */
static gw_model *S_model_of(const char *name, const char *draft, size_t len)
{
    gw_diags *d = gw_diags_new();
    gw_source *src = gw_source_from_memory(name, draft, len, GW_FMT_TEXT, d);
    gw_model *m = src ? gw_extract(src, NULL, d) : NULL;
    CHECK(m != NULL);
    if (m)
        CHECK_INT(gw_model_validate(m, name, d), 0);
    gw_source_free(src);
    gw_diags_free(d);
    return m;
}


/* Checks reply fields: want[k] = {name, value}. */
#define S_check_fields(m, want, n)                                                                         \
    do {                                                                                                   \
        for (size_t k_ = 0; k_ < (n); k_++) {                                                              \
            char *v_ = unit_reply_field((m), (want)[k_][0]);                                                  \
            CHECK_STR(v_ ? v_ : "(none)", (want)[k_][1]);                                                  \
            free(v_);                                                                                      \
        }                                                                                                  \
    } while (0)

/* A reply's 答复类别 and 公开属性 above the title and its contact note
 * under the date become reply fields (the letter prints them in their
 * places); the note is not kept a second time as a 附注. */
TEST(reply_head_fields_and_contact)
{
    const char *draft = "某区民政局\n\n答复类别：A\n公开属性：主动公开\n\n关于区人大五次会议第0032号建议的答复\n\n"
                        "赵磊代表：\n\n您的建议收悉。\n\n某区民政局\n2025年5月6日\n\n（联系人：钱明；联系电话：12345678）\n";
    gw_model *m = S_model_of("r.txt", draft, strlen(draft));
    CHECK_STR(gw_model_kind(m), "reply");
    const char *want[][2] = {{"result", "A"}, {"disclosure", "主动公开"}, {"contact", "钱明"}, {"phone", "12345678"},
                             {"number", "0032"}, {"proposer", "赵磊"}};
    S_check_fields(m, want, sizeof want / sizeof want[0]);
    CHECK(gw_model_first(gw_model_root(m), "note") == NULL);
    char *title = gw_model_text(gw_model_first(gw_model_root(m), "title"));
    CHECK_STR(title ? title : "", "关于区人大五次会议第0032号建议的答复");
    free(title);
    gw_model_free(m);
}

/* 办理结果：, 主办单位：, 会办单位： in the head and the contact on two lines
 * of its own under the date. */
TEST(reply_handler_fields_and_contact_lines)
{
    const char *draft = "某区城管局\n\n某城管复〔2026〕8号　　　签发人：包拯\n\n办理结果：B\n建 议 号：第0021号\n"
                        "主办单位：某区城管局\n会办单位：某区交警大队、某区财政局\n\n"
                        "关于区五届人大二次会议第0021号建议的答复\n\n展昭代表：\n\n您的建议收悉。\n\n"
                        "某区城管局\n2026年6月1日\n\n联系人：公孙策\n联系电话：12345678\n";
    gw_model *m = S_model_of("r.txt", draft, strlen(draft));
    const char *want[][2] = {{"result", "B"}, {"handler", "某区城管局"}, {"co-handler", "某区交警大队、某区财政局"},
                             {"contact", "公孙策"}, {"phone", "12345678"}, {"number", "0021"}};
    S_check_fields(m, want, sizeof want / sizeof want[0]);
    gw_model_free(m);
}

/* 主办单位：/承办单位： above a plan's text are not reply fields: the lines
 * stay in the body, first, in order (review: they vanished). */
TEST(head_field_lines_stay_in_a_plan)
{
    const char *draft = "某区2026年宣传活动方案\n主办单位：某区委宣传部\n承办单位：某区文化馆\n\n一、目标\n\n办好活动。\n";
    gw_model *m = S_model_of("p.txt", draft, strlen(draft));
    CHECK_STR(gw_model_kind(m), "plan");
    CHECK(gw_model_first(gw_model_root(m), "reply") == NULL);
    xmlNodePtr p1 = gw_model_first(gw_model_first(gw_model_root(m), "body"), "p");
    char *t1 = gw_model_text(p1);
    char *t2 = gw_model_text(gw_model_next(p1, "p"));
    CHECK_STR(t1 ? t1 : "", "主办单位：某区委宣传部");
    CHECK_STR(t2 ? t2 : "", "承办单位：某区文化馆");
    free(t1);
    free(t2);
    gw_model_free(m);
}

/* 名称：… is web-page chrome only in an information box above the text; in
 * the body it is the draft's own line (review: it was dropped). */
TEST(info_lines_only_at_the_top_are_chrome)
{
    gw_buf b = {0};
    gw_buf_puts(&b, "名　　称：某区2026年整治方案\n\n某区2026年整治方案\n\n");
    for (int i = 0; i < 14; i++)
        gw_buf_printf(&b, "第%d段正文。\n\n", i + 1);
    gw_buf_puts(&b, "名称：某区智慧社区建设项目\n");
    gw_model *m = S_model_of("i.txt", b.ptr, b.len);
    gw_buf out = {0};
    gw_model_write(m, &out);
    CHECK(strstr(out.ptr, "名称：某区智慧社区建设项目") != NULL);
    CHECK(strstr(out.ptr, "名　　称") == NULL);
    gw_buf_free(&out);
    gw_buf_free(&b);
    gw_model_free(m);
}

TEST(rules_have_names)
{
    char *msg = NULL;
    CHECK_INT(gw_rules_init(&msg), 0);
    for (int r = 0; r < GW_R_MAX; r++) {
        CHECK(gw_rule_name((gw_rule)r) && *gw_rule_name((gw_rule)r));
        CHECK(gw_rule_desc((gw_rule)r) && *gw_rule_desc((gw_rule)r));
    }
    free(msg);
}

int main(void)
{
    RUN(rules_have_names);
    RUN(deadline_forms);
    RUN(deadline_damaged);
    RUN(units);
    RUN(extract_model_valid);
    RUN(reply_head_fields_and_contact);
    RUN(reply_handler_fields_and_contact_lines);
    RUN(head_field_lines_stay_in_a_plan);
    RUN(info_lines_only_at_the_top_are_chrome);
    gw_rules_free();
    xmlCleanupParser();
    return unit_done();
}
