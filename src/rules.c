/*
 * rules.c — the table of extraction rules (PCRE2, UTF + UCP, JIT).
 *
 * One row per rule: enum id, name, pattern, description.  The names appear
 * in warnings ("rule role-group"), in --warnings output and in the spec
 * tests under tests/spec/.  Patterns are compiled once by gw_rules_init().
 * Match limits are set so pathological input fails cleanly (treated as no
 * match) instead of running away.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rules.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Building blocks shared by several patterns. */
#define CN "[一二三四五六七八九十]"
#define OP "[（(]"
#define CP "[）)]"
#define COLON "[:：]"
#define ROLE "(?:牵头|主办|主责|责任|配合|协办|会办|参与|协同)(?:单位|部门|科室|处室)"
#define DATE_AR "\\d{4}\\s*年\\s*\\d{1,2}\\s*月\\s*\\d{1,2}\\s*日"
#define DATE_CN "[〇○零一二三四五六七八九]{4}\\s*年\\s*[一二三四五六七八九十]{1,3}\\s*月\\s*[一二三四五六七八九十]{1,3}\\s*日"
#define DATE_ISO "\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}"
#define DATE_RAW "(?:19|20)\\d{5,6}"
#define DOCTYPE "(?:通知|方案|报告|意见|决定|答复|答复函|复函|函|请示|批复|通报|纪要|规划|办法|规定|细则|公告|通告|计划|要点|议案|建议|提案|总结)"

typedef struct {
    const char *name;
    const char *pattern;
    const char *desc;
} S_rule_def;

static const S_rule_def S_defs[GW_R_MAX] = {
    [GW_R_LABEL1] = {"label-1", "^\\s*(" CN "{1,3})\\s*[、，,．.]\\s*", "一级标题序号 一、"},
    [GW_R_LABEL2] = {"label-2", "^\\s*" OP "\\s*(" CN "{1,3})\\s*" CP "\\s*", "二级标题序号 （一）"},
    [GW_R_LABEL3] = {"label-3", "^\\s*(\\d{1,2})\\s*(?:[.．、](?!\\d)|[.．、](?=\\d{4}年)|\\s+(?=[^\\s\\d年月日号个项件%％]))\\s*",
                     "三级标题序号 1."},
    [GW_R_LABEL4] = {"label-4", "^\\s*" OP "\\s*(\\d{1,2})\\s*" CP "\\s*", "四级标题序号 （1）"},
    [GW_R_LABEL5] = {"label-5", "^\\s*([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\\s*", "五级序号 ①"},
    [GW_R_DOCNUMBER] = {"doc-number",
                        "^\\s*([\\p{Han}A-Za-z]{1,14})\\s*[〔\\[［【(（]\\s*((?:19|20)\\d{2})\\s*"
                        "[〕\\]］】)）]\\s*第?\\s*(\\d{1,5})\\s*号\\s*(.*)$",
                        "发文字号 东政办〔2020〕10号 on a line of its own"},
    [GW_R_SIGNER] = {"signer", "签\\s*发\\s*人\\s*" COLON "\\s*(.+?)\\s*$", "签发人：姓名"},
    [GW_R_DATE_LINE] = {"date-line",
                        "^\\s*(" DATE_AR "|" DATE_CN "|" DATE_ISO "|" DATE_RAW ")\\s*$",
                        "成文日期 on a line of its own"},
    [GW_R_TITLE] = {"title", "^\\s*(\\S.*?" DOCTYPE "(?:》)?(?:\\s*[（(](?:试行|暂行|征求意见稿|草案|送审稿|修订稿|讨论稿|代拟稿)[）)])?)\\s*$",
                    "a title ending in a document type"},
    [GW_R_RECIPIENTS] = {"recipients", "^\\s*(\\S.{1,}?)\\s*" COLON "\\s*$", "主送机关 ending in a colon"},
    [GW_R_SALUTATION] = {"salutation",
                         "^\\s*(\\S{1,16}?(?:代表|委员|同志|主任|先生|女士|同志们|各位委员))\\s*" COLON "\\s*$",
                         "reply or report salutation"},
    [GW_R_CHROME] = {"chrome",
                     "^\\s*(?:栏目\\s*[:：]|来源\\s*[:：]|发布(?:时间|日期)\\s*[:：]|信息来源|浏览(?:次数)?\\s*[:：]|"
                     "访问量|字体\\s*[:：]|【\\s*(?:打印|关闭|字体|大|中|小)|扫一扫|扫描二维码|分享到|打印本页|关闭窗口|"
                     "责任编辑|当前位置|首页\\s*[>＞]|如二维码|\\[\\s*打印|.*相关权利归属|.*公网安备|.*ICP备|"
                     ".*微信公众号\\s*$|.*在手机上查看|\\|?\\s*索\\s*引\\s*号|\\|?\\s*分\\s*类\\s*\\||\\|?\\s*发布机构|"
                     "\\|?\\s*-{3})",
                     "web-page chrome that is not part of the document"},
    [GW_R_META_DATE] = {"meta-date",
                        "(?:发布时间|发布日期|发文日期|成文日期)\\s*[:：|]?\\s*\\|?\\s*(\\d{4})[-./年](\\d{1,2})[-./月](\\d{1,2})",
                        "publication date printed by a web page"},
    [GW_R_META_ISSUER] = {"meta-issuer",
                          "(?:发布机构|信息来源|发文机关|发布单位)\\s*[:：|]?\\s*\\|?\\s*([^|\\s][^|]*?)\\s*(?:\\||$)",
                          "publishing agency printed by a web page"},
    [GW_R_ROLE_GROUP] = {"role-group", ROLE "\\s*" COLON, "labelled units in a parenthesis"},
    [GW_R_ROLE_LABEL] = {"role-label", "(" ROLE ")\\s*" COLON "\\s*", "one unit label"},
    [GW_R_ROLE_LINE] = {"role-line", "^\\s*[（(〔]?\\s*(" ROLE ")\\s*" COLON, "unit label on its own line"},
    [GW_R_INVERTED] = {"inverted", "^\\s*([^，,；;。]+?)\\s*牵头(?:\\s*[，,；;、]\\s*([^；;。]+?)\\s*(?:配合|协助|参与|协办))?\\s*[。；;，,]?\\s*$",
                       "X牵头，Y配合"},
    [GW_R_STAGE] = {"stage", "阶段", "stage item with a period in its heading"},
    [GW_R_DEADLINE_TEXT] = {"deadline-text",
                            "((?:\\d{4}\\s*年\\s*)?(?:\\d{1,2}\\s*月\\s*(?:底|末|\\d{1,2}\\s*日)?|年底|年内|上半年|下半年|"
                            "第?[一二三四]季度末?)\\s*(?:前|之前|以前)\\s*(?:完成|办结|到位|建成))",
                            "a completion date in a task's text"},
    [GW_R_TIME_LABEL] = {"time-label", "(?:完成时限|完成时间|完成期限|时间节点|时限要求|办结时限|时间要求|时间安排)\\s*" COLON "\\s*([^；;）)]+)",
                         "完成时限：…"},
    [GW_R_ROSTER_ROLE] = {"roster-role",
                          "^\\s*(?:[-•·*]\\s*)?((?:常\\s*务\\s*)?副?\\s*组\\s*长|成\\s*员|副?\\s*主\\s*任|副?\\s*指\\s*挥\\s*长|"
                          "副?\\s*召\\s*集\\s*人|顾\\s*问|秘\\s*书\\s*长|办\\s*公\\s*室\\s*主\\s*任)(?!单位|名单)"
                          "\\s*(?:" COLON "|(?=\\s+\\p{Han}))\\s*(.*?)\\s*$",
                          "组长：/副组长：/成员： roster line"},
    [GW_R_ROSTER_TITLE] = {"roster-title", "(?:组成人员|成员|人员)名单\\s*$", "heading of a roster"},
    [GW_R_ATTACH_NOTE] = {"attach-note", "^\\s*附\\s*件\\s*" COLON "\\s*(.*?)\\s*$", "附件说明"},
    [GW_R_ATTACH_LABEL] = {"attach-label", "^\\s*附\\s*件\\s*(\\d{0,2})\\s*$", "附件 label opening an attachment"},
    [GW_R_CC] = {"cc", "^\\s*抄\\s*送\\s*" COLON "\\s*(.+?)\\s*$", "抄送：…"},
    [GW_R_PRINTER] = {"printer", "^\\s*(\\S.*?)\\s+(" DATE_AR ")\\s*印\\s*发\\s*$", "×× 2020年5月23日印发"},
    [GW_R_SUBTITLE] = {"subtitle", "^\\s*(?:——|—|－－|--)\\s*(\\S.*?)\\s*$", "——…在…会议上"},
    [GW_R_NOTE] = {"note", "^\\s*[（(]\\s*(联系人\\s*[:：].*?)\\s*[）)]\\s*$", "附注（联系人：…）"},
    [GW_R_RESIDUE] = {"residue", "牵头|负责|责任单位|责任部门|配合|协办|月底前|年底前|前完成|完成时限",
                      "looks like an assignment or a deadline"},
    [GW_R_TABLE_ROW] = {"table-row", "^\\s*\\|(.*?)\\|?\\s*$|^[^|]*\\S[^|]*\\|[^|]*\\S[^|]*\\|", "| cell | cell | or cell | cell |"},
    [GW_R_TABLE_CELL] = {"table-cell", "^\\s*([^|]*?\\S)\\s*\\|\\s*$", "a flattened table: cell |"},
    [GW_R_TABLE_HEADER] = {"table-header",
                           "^(?:序号|编号|工作任务|重点任务|任务|工作内容|主要内容|具体措施|工作措施|事项|项目|牵头单位|牵头部门|"
                           "主办单位|责任单位|责任部门|责任科室|配合单位|配合部门|协办单位|会办单位|参与单位|完成时限|"
                           "完成时间|时间节点|时限|备注)$",
                           "a header cell of a task table"},
    [GW_R_DL_ONGOING] = {"dl-ongoing", "长期坚持|长期推进|持续推进|持续开展|长期开展|常态化|长期执行|持续实施|长期", "ongoing → ONGOING"},
    [GW_R_DL_RANGE_YM] = {"dl-range-ym",
                          "(\\d{4})年(\\d{1,2})月(?:底|末|份|\\d{1,2}日)?(?:前|之前)?(?:至|到|—+|–|-|－|~|～)(?:(\\d{4})年)?(\\d{1,2})月",
                          "2021年8月底至2023年12月底 → 2021-08..2023-12"},
    [GW_R_DL_RANGE_MM] = {"dl-range-mm", "(?:(\\d{4})年)?(\\d{1,2})(?:月)?(?:—+|–|-|－|~|～|至|到)(\\d{1,2})月",
                          "2020年6—10月 → 2020-06..2020-10"},
    [GW_R_DL_RANGE_DD] = {"dl-range-dd", "(?:(\\d{4})年)?(\\d{1,2})月(\\d{1,2})(?:日)?(?:—+|–|-|－|~|～|至|到)(\\d{1,2})日",
                          "2025年1月15—17日 → 2025-01-15..2025-01-17"},
    [GW_R_DL_RANGE_YY] = {"dl-range-yy", "(\\d{4})年?(?:—+|–|-|－|~|～|至|到)(\\d{4})年", "2021—2023年 → 2021..2023"},
    [GW_R_DL_YMD] = {"dl-ymd", "(?:(\\d{4})年)?(\\d{1,2})月(\\d{1,2})日", "2020年5月23日 / 5月20日"},
    [GW_R_DL_ISO] = {"dl-iso", "(?<!\\d)(\\d{4})[-./](\\d{1,2})[-./](\\d{1,2})(?!\\d)", "2021-03-29"},
    [GW_R_DL_YM] = {"dl-ym", "(?:(\\d{4})年)?(\\d{1,2})月", "2021年6月底 / 6月底前"},
    [GW_R_DL_DAMAGED_YM] = {"dl-damaged-ym", "(?<!\\d)((?:19|20)\\d{2})(1[0-2]|0?[1-9])月", "202110月底 → 2021-10"},
    [GW_R_DL_RAW] = {"dl-raw", "(?<!\\d)((?:19|20)\\d{2})(\\d{3,6})(?:日)?(?!\\d)", "2021329 → 2021-03-29"},
    [GW_R_DL_HALF] = {"dl-half", "(?:(\\d{4})年)?([上下])半年", "上半年 → YYYY-01..YYYY-06"},
    [GW_R_DL_QUARTER] = {"dl-quarter", "(?:(\\d{4})年)?(?:第)?([一二三四1-4])季度", "第三季度 → YYYY-07..YYYY-09"},
    [GW_R_DL_YEAR_END] = {"dl-year-end", "(?:(\\d{4})年)?(?:年底|年末|底)", "年底前 → YYYY-12"},
    [GW_R_DL_WHOLE_YEAR] = {"dl-whole-year", "(?:(\\d{4})年)?(?:全年|年内|年度内)", "全年 → YYYY"},
    [GW_R_DL_YEAR] = {"dl-year", "(?<!\\d)(\\d{4})年(?!\\d)", "2021年 → 2021"},
    [GW_R_TABLE_RULE] = {"table-rule", "^\\s*\\|?\\s*:?-{3,}:?\\s*(?:\\|\\s*:?-{3,}:?\\s*)*\\|?\\s*$", "|---|---|"},
};

static pcre2_code *S_code[GW_R_MAX];
static pcre2_match_context *S_mctx;
static _Thread_local pcre2_match_data *S_md;
static int S_inited;

int gw_rules_init(char **msg)
{
    if (S_inited)
        return 0;
    for (int i = 0; i < GW_R_MAX; i++) {
        int err;
        PCRE2_SIZE off;
        S_code[i] = pcre2_compile((PCRE2_SPTR)S_defs[i].pattern, PCRE2_ZERO_TERMINATED,
                                  PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK, &err, &off, NULL);
        if (!S_code[i]) {
            PCRE2_UCHAR buf[256];
            pcre2_get_error_message(err, buf, sizeof buf);
            if (msg)
                *msg = gw_xasprintf("rule %s: %s at offset %zu", S_defs[i].name, (char *)buf,
                                    (size_t)off);
            gw_rules_free();
            return -1;
        }
        /* JIT where available; the interpreter is used otherwise. */
        (void)pcre2_jit_compile(S_code[i], PCRE2_JIT_COMPLETE);
    }
    S_mctx = pcre2_match_context_create(NULL);
    if (!S_mctx) {
        fputs("gongwen: out of memory\n", stderr);
        abort();
    }
    pcre2_set_match_limit(S_mctx, 1000000);
    pcre2_set_depth_limit(S_mctx, 10000);
    S_inited = 1;
    return 0;
}

void gw_rules_free(void)
{
    for (int i = 0; i < GW_R_MAX; i++) {
        pcre2_code_free(S_code[i]);
        S_code[i] = NULL;
    }
    pcre2_match_context_free(S_mctx);
    S_mctx = NULL;
    pcre2_match_data_free(S_md);
    S_md = NULL;
    S_inited = 0;
}

void gw_rules_thread_done(void)
{
    pcre2_match_data_free(S_md);
    S_md = NULL;
}

const char *gw_rule_name(gw_rule r)
{
    return (unsigned)r < GW_R_MAX ? S_defs[r].name : "?";
}

const char *gw_rule_desc(gw_rule r)
{
    return (unsigned)r < GW_R_MAX ? S_defs[r].desc : "?";
}

int gw_rule_match(gw_rule r, const char *s, size_t len, size_t start, gw_match *m)
{
    if ((unsigned)r >= GW_R_MAX)
        return 0;
    if (!S_inited && gw_rules_init(NULL) != 0)
        return 0;
    if (!S_md) {
        S_md = pcre2_match_data_create(GW_RULE_MAXGROUPS, NULL);
        if (!S_md) {
            fputs("gongwen: out of memory\n", stderr);
            abort();
        }
    }
    if (start > len)
        return 0;
    int rc = pcre2_match(S_code[r], (PCRE2_SPTR)s, len, start, PCRE2_NO_UTF_CHECK, S_md, S_mctx);
    if (rc <= 0)
        return 0;
    if (m) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(S_md);
        uint32_t n = pcre2_get_ovector_count(S_md);
        if (n > GW_RULE_MAXGROUPS)
            n = GW_RULE_MAXGROUPS;
        for (uint32_t i = 0; i < 2 * n; i++)
            m->ov[i] = ov[i];
        for (uint32_t i = 2 * n; i < 2 * GW_RULE_MAXGROUPS; i++)
            m->ov[i] = PCRE2_UNSET;
        /* Groups beyond rc did not take part. */
        for (int i = rc; i < (int)n; i++)
            m->ov[2 * i] = m->ov[2 * i + 1] = PCRE2_UNSET;
        m->n = (int)n;
    }
    return 1;
}

int gw_match_set(const gw_match *m, int g)
{
    return g >= 0 && g < GW_RULE_MAXGROUPS && m->ov[2 * g] != PCRE2_UNSET;
}

size_t gw_match_start(const gw_match *m, int g)
{
    return gw_match_set(m, g) ? m->ov[2 * g] : 0;
}

size_t gw_match_len(const gw_match *m, int g)
{
    return gw_match_set(m, g) ? m->ov[2 * g + 1] - m->ov[2 * g] : 0;
}
