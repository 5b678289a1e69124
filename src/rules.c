/*
 * rules.c — the table of extraction rules (PCRE2, UTF + UCP, JIT).
 *
 * One row per rule: enum id, name, pattern, description.  The names appear
 * in warnings ("rule role-group"), in --warnings output and in the spec
 * tests under tests/spec/.  Patterns are compiled on first use and
 * JIT-compiled once they have been used S_JIT_AFTER times (see S_get).
 * Match limits are set so pathological input fails cleanly (treated as no
 * match) instead of running away.
 */
#define _POSIX_C_SOURCE 200809L
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rules.h"

#include <pcre2.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Building blocks shared by several patterns. */
#define CN "[一二三四五六七八九十]"
#define OP "[（(]"
#define CP "[）)]"
#define COLON "[:：]"
/* role labels, also typed with stray spaces (牵 头 单 位) */
#define ROLE                                                                                              \
    "(?:(?:主\\s*要|其\\s*他)?\\s*(?:牵\\s*头|主\\s*办|主\\s*责|责\\s*任|配\\s*合|协\\s*办|会\\s*办|参\\s*与|协\\s*同)\\s*" \
    "(?:单\\s*位|部\\s*门|科\\s*室|处\\s*室|主\\s*体)(?:\\s*[（(](?:单位|部门)[）)])?|"                      \
    "(?:牵\\s*头|责\\s*任|分\\s*管|包\\s*保)\\s*领\\s*导)"
#define DATE_AR "\\d(?:\\s?\\d){3}\\s*年\\s*\\d(?:\\s?\\d)?\\s*月\\s*\\d(?:\\s?\\d)?\\s*日" /* 2025年4月 1 0 日 too */
#define DATE_CN "[〇○零一二三四五六七八九]{4}\\s*年\\s*[一二三四五六七八九十]{1,3}\\s*月\\s*[一二三四五六七八九十]{1,3}\\s*日"
#define DATE_ISO "\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}"
#define DATE_RAW "(?:19|20)\\d{5,6}"
#define DOCTYPE "(?:通知|方案|报告|意见|决定|答复|答复函|复函|函|请示|批复|通报|纪要|规划|办法|规定|细则|公告|通告|计划|要点|议案|建议|提案|总结|打算)"

typedef struct {
    const char *name;
    const char *pattern;
    const char *desc;
} S_rule_def;

/* NOTE: most rules have a prefilter in S_may_match below; change it with
 * the pattern (GONGWEN_CHECK_RULES=1 make test verifies them). */
static const S_rule_def S_defs[GW_R_MAX] = {
    [GW_R_LABEL1] = {"label-1", "^\\s*(" CN "{1,3})\\s*[、，,．.]\\s*", "一级标题序号 一、"},
    [GW_R_LABEL2] = {"label-2", "^\\s*" OP "\\s*(" CN "{1,3})\\s*" CP "\\s*", "二级标题序号 （一）"},
    [GW_R_LABEL3] = {"label-3", "^\\s*(\\d{1,2})\\s*(?:[.．、](?!\\d)|[.．、](?=\\d{4}年)|\\s+(?=[^\\s\\d年月日号个项件%％]))\\s*",
                     "三级标题序号 1."},
    [GW_R_LABEL4] = {"label-4", "^\\s*" OP "\\s*(\\d{1,2})\\s*" CP "\\s*", "四级标题序号 （1）"},
    [GW_R_LABEL5] = {"label-5", "^\\s*([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\\s*", "五级序号 ①"},
    [GW_R_DOCNUMBER] = {"doc-number",
                        "^\\s*([\\p{Han}A-Za-z]{1,14})\\s*[〔\\[［【(（]\\s*((?:19|20|１９|２０)\\d{2})\\s*"
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
                     "责任编辑|当前位置|主题分类\\s*[:：]|发文机关\\s*[:：]|首页\\s*[>＞|｜]|如二维码|\\[\\s*打印|.*相关权利归属|.*公网安备|.*ICP备|"
                     ".*微信公众号\\s*$|.*在手机上查看|\\|?\\s*索\\s*引\\s*号|\\|?\\s*分\\s*类\\s*\\||\\|?\\s*发布机构|"
                     "\\|\\s*(?:文\\s*号|发文字号)\\s*\\|\\s*[^|]*号\\s*\\|\\s*(?:发布|成文|主题|发文)|"
                     "\\|?\\s*-{3})",
                     "web-page chrome that is not part of the document"},
    [GW_R_META_DATE] = {"meta-date",
                        "(?:发布时间|发布日期|发文日期|成文日期)\\s*[:：|]?\\s*\\|?\\s*(\\d{4})[-./年](\\d{1,2})[-./月](\\d{1,2})",
                        "publication date printed by a web page"},
    [GW_R_META_ISSUER] = {"meta-issuer",
                          "(?:(?:发布机构|信息来源|发文机关|发布单位)\\s*[:：|]?|来源\\s*[:：])\\s*\\|?\\s*([^|\\s](?:[^|\\s]| (?! ))*)",
                          "publishing agency printed by a web page"},
    [GW_R_META_DOCNUMBER] = {"meta-docnumber",
                             "(?:^|\\||\\s)\\s*(?:文\\s*号|发文字号)\\s*[:：|]\\s*\\|?\\s*([\\p{Han}A-Za-z]{1,14})\\s*[〔\\[［【(（]\\s*"
                             "((?:19|20|１９|２０)\\d{2})\\s*[〕\\]］】)）]\\s*第?\\s*(\\d{1,5})\\s*号",
                             "文号 printed by a web page"},
    [GW_R_ROLE_GROUP] = {"role-group", ROLE "\\s*" COLON, "labelled units in a parenthesis"},
    [GW_R_ROLE_LABEL] = {"role-label", "(" ROLE ")\\s*" COLON "\\s*", "one unit label"},
    [GW_R_ROLE_LINE] = {"role-line", "^\\s*(?:—{1,2}|-{1,2})?\\s*[（(〔]?\\s*(" ROLE ")\\s*" COLON,
                        "unit label on its own line (——牵头单位： too)"},
    [GW_R_INVERTED] = {"inverted",
                       "^\\s*(?:([^，,；;。]+?)\\s*(?:分别)?牵头(?:\\s*[，,；;、]\\s*(?:((?:(?!负责)[^；;。])+?)\\s*(?:配合|协助|参与|协办)|"
                       "([^；;。]+?)\\s*(?:按职责分工负责|按职责负责|分别负责|负责)))?|"
                       "(?!\\s*(?:由|具体|按|各自))([^，,；;。]+?)\\s*(?:按职责分工负责|按职责负责|分别负责|负责))"
                       "(?:\\s*[，,]\\s*([^，,；;。]+?))?\\s*[。；;，,]?\\s*$",
                       "X牵头，Y配合 / X牵头，Y按职责分工负责 / X、Y按职责分工负责 (，deadline)"},
    [GW_R_STAGE] = {"stage", "阶段", "stage item with a period in its heading"},
    [GW_R_DEADLINE_TEXT] = {"deadline-text",
                            "((?:\\d{4}\\s*年\\s*)?(?:\\d{1,2}\\s*月\\s*(?:底|末|\\d{1,2}\\s*日)?|年底|年内|上半年|下半年|"
                            "第?[一二三四]季度末?)\\s*(?:前|之前|以前)\\s*(?:完成|办结|到位|建成))",
                            "a completion date in a task's text"},
    [GW_R_TIME_LABEL] = {"time-label", "(?:完\\s*成\\s*时\\s*限|完成时间|完成期限|时间节点|时限要求|办结时限|整改时限|时间要求|时间安排)\\s*" COLON "\\s*([^；;）)]+)",
                         "完成时限：…"},
    [GW_R_ROSTER_ROLE] = {"roster-role",
                          "^\\s*(?:[-•·*]\\s*)?((?:常\\s*务\\s*)?副?\\s*组\\s*长|副?\\s*专\\s*班\\s*长|成\\s*员|副?\\s*主\\s*任|副?\\s*指\\s*挥\\s*长|"
                          "副?\\s*召\\s*集\\s*人|顾\\s*问|秘\\s*书\\s*长|(?:领导小组|工作专班|指挥部)?\\s*办\\s*公\\s*室\\s*(?:副\\s*)?主\\s*任)(?!单位|名单)"
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
                           "^(?:序号|编号|工作任务|重点任务|任务|任务名称|工作内容|主要内容|具体措施|工作措施|具体举措|工作举措|事项|项目|"
                           "牵头单位|牵头部门|"
                           "主办单位|责任单位|责任部门|责任科室|配合单位|配合部门|协办单位|会办单位|参与单位|完成时限|"
                           "完成时间|时间节点|时间安排|时限|备注|姓名|职务|单位职务|工作单位及职务|单位及职务|现任职务)"
                           "(?:[（(][^）)]*[）)])?$",
                           "a header cell of a task table"},
    [GW_R_DL_ONGOING] = {"dl-ongoing",
                         "长期坚持|长期推进|持续推进|持续开展|长期开展|常态化|长期执行|持续实施|长期|"
                         "^\\s*(?:每(?:个)?(?:年|半年|季度|季|月|旬|周)|按(?:年|半年|季度|季|月|旬|周)(?!底|末|初))|即时办理|即时",
                         "ongoing (长期坚持, 每季度末) → ONGOING"},
    [GW_R_DL_RANGE_YM] = {"dl-range-ym",
                          "(\\d{4})年(\\d{1,2})月(?:底|末|份|\\d{1,2}日)?(?:前|之前)?(?:至|到|—+|–|-|－|~|～)(?:(\\d{4})年)?(\\d{1,2})月"
                          "(?!\\d{1,2}日)",
                          "2021年8月底至2023年12月底 → 2021-08..2023-12"},
    [GW_R_DL_RANGE_MM] = {"dl-range-mm", "(?:(\\d{4})年)?(\\d{1,2})(?:月)?(?:—+|–|-|－|~|～|至|到)(\\d{1,2})月",
                          "2020年6—10月 → 2020-06..2020-10"},
    [GW_R_DL_RANGE_DD] = {"dl-range-dd",
                          "(?:(\\d{4})年)?(\\d{1,2})月(\\d{1,2})(?:日)?(?:—+|–|-|－|~|～|至|到)(?:(\\d{4})年)?(?:(\\d{1,2})月)?"
                          "(\\d{1,2})日",
                          "2025年1月15—17日 → 2025-01-15..2025-01-17; 3月15日—4月10日"},
    [GW_R_DL_RANGE_LIST] = {"dl-range-list", "(?:(\\d{4})年)?(\\d{1,2})月(?:、\\d{1,2}月)*、(\\d{1,2})月",
                            "2025年6月、12月底前分两批 → 2025-06..2025-12"},
    [GW_R_DL_RANGE_YY] = {"dl-range-yy", "(\\d{4})年?(?:—+|–|-|－|~|～|至|到)(\\d{4})年", "2021—2023年 → 2021..2023"},
    [GW_R_DL_YMD] = {"dl-ymd", "(?:(\\d{4})年)?(\\d{1,2})月(\\d{1,2})日", "2020年5月23日 / 5月20日"},
    [GW_R_DL_ISO] = {"dl-iso", "(?<!\\d)(\\d{4})[-./](\\d{1,2})[-./](\\d{1,2})(?!\\d)", "2021-03-29"},
    [GW_R_DL_MD_DOT] = {"dl-md-dot", "(?<![\\d.])()(\\d{1,2})[.．](\\d{1,2})\\s*(?:日)?\\s*(?:前|之前|以前)", "6.30前 → YYYY-06-30"},
    [GW_R_DL_YM] = {"dl-ym", "(?:(\\d{4})年)?(\\d{1,2})月", "2021年6月底 / 6月底前"},
    [GW_R_DL_DAMAGED_YM] = {"dl-damaged-ym", "(?<!\\d)((?:19|20)\\d{2})(1[0-2]|0?[1-9])月", "202110月底 → 2021-10"},
    [GW_R_DL_RAW] = {"dl-raw", "(?<!\\d)((?:19|20)\\d{2})(\\d{3,6})(?:日)?(?!\\d)", "2021329 → 2021-03-29"},
    [GW_R_DL_HALF] = {"dl-half", "(?:(\\d{4})年)?([上下])半年", "上半年 → YYYY-01..YYYY-06"},
    [GW_R_DL_QUARTER] = {"dl-quarter", "(?:(\\d{4})年)?(?:第)?([一二三四1-4])季度(末)?",
                         "第三季度 → YYYY-07..YYYY-09, 第二季度末 → YYYY-06"},
    [GW_R_DL_FESTIVAL] = {"dl-festival", "(?:(\\d{4})年)?春节(?:前|之前|以前)", "2026年春节前 → 2026-02"},
    [GW_R_DL_YEAR_END] = {"dl-year-end", "(?:(\\d{4})年)?(?:年底|年末|底)", "年底前 → YYYY-12"},
    [GW_R_DL_WHOLE_YEAR] = {"dl-whole-year", "(?:(\\d{4})年)?(?:全年|年内|年度内)", "全年 → YYYY"},
    [GW_R_DL_YEAR] = {"dl-year", "(?<!\\d)(\\d{4})年(?!\\d)", "2021年 → 2021"},
    [GW_R_REPLY_FIELD] = {"reply-field",
                          "^\\s*(答复类别|办理结果类别|办理结果|办理类别|公开属性|公开方式|建\\s*议\\s*号|提\\s*案\\s*号|议\\s*案\\s*号|"
                          "主办单位|承办单位|会办单位|协办单位)\\s*" COLON "\\s*(\\S.{0,60}?)\\s*$|"
                          "^\\s*[（(]?\\s*([A-DＡ-Ｄ])\\s*类\\s*[）)]?\\s*$",
                          "答复类别：A, A类, 公开属性：, 主办单位：, 建议号： above a reply's title"},
    [GW_R_NOTE_CONTACT] = {"note-contact",
                           "^\\s*[（(]?\\s*(?:联系人\\s*" COLON "\\s*([^，,；;:：）)]+?)\\s*[，,；;、\\s]\\s*(?:联系)?电话\\s*" COLON
                           "\\s*([^，,；;:：）)]+?)|联系人\\s*" COLON "\\s*([^，,；;:：）)]+?)|(?:联系)?电话\\s*" COLON
                           "\\s*([^，,；;:：）)]+?))\\s*[）)]?\\s*$",
                           "（联系人：张三；联系电话：1234）, or each on a line of its own, under a reply"},
    [GW_R_PART] = {"part", "^\\s*(第[一二三四五六七八九十]{1,3}(?:部分|章|篇))(?:\\s+|\\s*[：:、.．]\\s*|$)",
                   "第三部分 重点任务: a part above the 一、 headings"},
    [GW_R_INFO_LINE] = {"info-line", "^\\s*(?:名\\s*称|文\\s*号|标\\s*题)\\s*[:：]",
                        "名称：/文号： of a web page's information box (near the top only)"},
    [GW_R_TABLE_RULE] = {"table-rule",
                         "^\\s*\\|\\s*:?-+:?\\s*(?:\\|\\s*:?-+:?\\s*)*\\|?\\s*$|"
                         "^\\s*:?-+:?\\s*(?:\\|\\s*:?-+:?\\s*)+\\|?\\s*$|^\\s*:?-{3,}:?\\s*$",
                         "|---|---|, |:-:|:-:|"},
};

/* Compiled rules, created on first use (a single-document run compiles only
 * the rules it needs).  Each starts interpreted; after S_JIT_AFTER matches a
 * JIT-compiled copy replaces it, so batches run JIT code while short runs
 * never pay for JIT compilation.  The slots are atomic pointers: the copy
 * is built aside and published with one store, and the interpreted code it
 * replaces stays alive (S_old) until gw_rules_free, because another thread
 * may still be matching with it. */
#define S_JIT_AFTER 8u

static _Atomic(pcre2_code *) S_code[GW_R_MAX];
static pcre2_code *S_old[GW_R_MAX];
static atomic_uint S_uses[GW_R_MAX];
static atomic_int S_promoted[GW_R_MAX]; /* a JIT copy was made (or tried) */
static pcre2_match_context *S_mctx;
static _Thread_local pcre2_match_data *S_md;
static atomic_int S_inited;
static atomic_int S_nojit; /* GONGWEN_NO_JIT set: interpreter only (profiling) */
static atomic_int S_check; /* GONGWEN_CHECK_RULES set: verify every prefilter "no" */

static void S_oom(void)
{
    fputs("gongwen: out of memory\n", stderr);
    abort();
}

/* Compiles rule i; NULL with *msg (caller frees) when it does not compile. */
static pcre2_code *S_compile(int i, char **msg)
{
    int err;
    PCRE2_SIZE off;
    pcre2_code *c = pcre2_compile((PCRE2_SPTR)S_defs[i].pattern, PCRE2_ZERO_TERMINATED,
                                  PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK, &err, &off, NULL);
    if (!c && msg) {
        PCRE2_UCHAR buf[256];
        pcre2_get_error_message(err, buf, sizeof buf);
        *msg = gw_xasprintf("rule %s: %s at offset %zu", S_defs[i].name, (char *)buf, (size_t)off);
    }
    return c;
}

/* The compiled code of rule r, compiling it on first use. */
static pcre2_code *S_get(int r)
{
    pcre2_code *c = atomic_load_explicit(&S_code[r], memory_order_acquire);
    if (c)
        return c;
    char *msg = NULL;
    pcre2_code *fresh = S_compile(r, &msg);
    if (!fresh) {
        /* the patterns are constants: this is a programming error */
        fprintf(stderr, "gongwen: internal error: %s\n", msg ? msg : "rule");
        abort();
    }
    pcre2_code *expected = NULL;
    if (atomic_compare_exchange_strong_explicit(&S_code[r], &expected, fresh, memory_order_acq_rel,
                                                memory_order_acquire))
        return fresh;
    pcre2_code_free(fresh); /* another thread compiled it first */
    return expected;
}

/* Publishes a JIT-compiled copy of rule r (once per rule) and returns the
 * code to use from now on. */
static pcre2_code *S_promote(int r, pcre2_code *c)
{
    if (atomic_load_explicit(&S_nojit, memory_order_relaxed) ||
        atomic_exchange_explicit(&S_promoted[r], 1, memory_order_acq_rel))
        return atomic_load_explicit(&S_code[r], memory_order_acquire);
    pcre2_code *j = pcre2_code_copy(c);
    if (!j)
        S_oom();
    if (pcre2_jit_compile(j, PCRE2_JIT_COMPLETE) != 0) {
        pcre2_code_free(j); /* no JIT on this platform: stay interpreted */
        return c;
    }
    S_old[r] = c;
    atomic_store_explicit(&S_code[r], j, memory_order_release);
    return j;
}

/* Called on every match until the rule is promoted: the thread that makes
 * the S_JIT_AFTER-th match publishes a JIT-compiled copy. */
static void S_count_use(int r, pcre2_code *c)
{
    unsigned n = atomic_fetch_add_explicit(&S_uses[r], 1, memory_order_relaxed) + 1;
    if (n == S_JIT_AFTER)
        S_promote(r, c);
}

int gw_rules_init(char **msg)
{
    (void)msg; /* patterns compile on first use (see S_get) */
    if (atomic_load(&S_inited))
        return 0;
    if (!S_mctx) {
        S_mctx = pcre2_match_context_create(NULL);
        if (!S_mctx)
            S_oom();
        pcre2_set_match_limit(S_mctx, 1000000);
        pcre2_set_depth_limit(S_mctx, 10000);
    }
    const char *nj = getenv("GONGWEN_NO_JIT");
    atomic_store(&S_nojit, nj && *nj && strcmp(nj, "0") != 0);
    const char *ck = getenv("GONGWEN_CHECK_RULES");
    atomic_store(&S_check, ck && *ck && strcmp(ck, "0") != 0);
    atomic_store(&S_inited, 1);
    return 0;
}

int gw_rules_check(char **msg)
{
    for (int i = 0; i < GW_R_MAX; i++) {
        pcre2_code *c = S_compile(i, msg);
        if (!c)
            return -1;
        pcre2_code_free(c);
    }
    return 0;
}


void gw_rules_free(void)
{
    for (int i = 0; i < GW_R_MAX; i++) {
        pcre2_code_free(atomic_exchange(&S_code[i], NULL));
        pcre2_code_free(S_old[i]);
        S_old[i] = NULL;
        atomic_store(&S_uses[i], 0);
        atomic_store(&S_promoted[i], 0);
    }
    pcre2_match_context_free(S_mctx);
    S_mctx = NULL;
    pcre2_match_data_free(S_md);
    S_md = NULL;
    atomic_store(&S_inited, 0);
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


/* ---- prefilters ----
 * Most calls do not match, and most of them can be told cheaply: each
 * function below is a necessary condition for its rule to match s[start..n)
 * (a literal the pattern cannot match without, or the set of characters a
 * ^-anchored pattern can start with after its leading \s*).  They only ever
 * answer "cannot match" when the pattern could not; any doubt runs PCRE2.
 * Keep them in step with the patterns above (the spec tests exercise both
 * sides of every rule). */

/* Decodes the code point at s[i] (0xFFFD for a bad byte); *k its length. */
static uint32_t S_cp_at(const char *s, size_t n, size_t i, size_t *k)
{
    uint32_t cp;
    *k = gw_utf8_decode(s + i, n - i, &cp);
    if (!*k) {
        *k = 1;
        return 0xFFFD;
    }
    return cp;
}

/* A superset of what \s matches in UCP mode (skipping too much only makes
 * a prefilter answer "maybe"). */
static int S_space(uint32_t c)
{
    return c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           c == 0x180E || (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 ||
           c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

/* The first character after leading white space (0 at the end). */
static uint32_t S_first(const char *s, size_t n, size_t *at)
{
    size_t i = 0, k;
    while (i < n) {
        uint32_t c = S_cp_at(s, n, i, &k);
        if (!S_space(c)) {
            if (at)
                *at = i + k;
            return c;
        }
        i += k;
    }
    return 0;
}

/* Does s[0..n) contain lit?  The literals are a few bytes of UTF-8: look
 * for their last byte with memchr (a continuation byte, rare in text) and
 * compare the rest (cheaper than memmem's set-up on short lines). */
static int S_has(const char *s, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    if (k == 0 || k > n)
        return k == 0;
    char last = lit[k - 1];
    const char *p = s + k - 1, *end = s + n;
    while (p < end && (p = memchr(p, last, (size_t)(end - p))) != NULL) {
        if (memcmp(p - (k - 1), lit, k - 1) == 0)
            return 1;
        p++;
    }
    return 0;
}

/* Is c one of the characters of set (UTF-8)?  The sets are short. */
static int S_in(uint32_t c, const char *set)
{
    if (!c)
        return 0;
    char t[5];
    size_t k;
    if (c < 0x80) {
        t[0] = (char)c;
        k = 1;
    } else if (c < 0x800) {
        t[0] = (char)(0xC0 | (c >> 6));
        t[1] = (char)(0x80 | (c & 0x3F));
        k = 2;
    } else if (c < 0x10000) {
        t[0] = (char)(0xE0 | (c >> 12));
        t[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        t[2] = (char)(0x80 | (c & 0x3F));
        k = 3;
    } else {
        return 0; /* no set holds one */
    }
    t[k] = '\0';
    return strstr(set, t) != NULL;
}

/* May c be matched by \d?  In UCP mode that is any decimal digit: ASCII,
 * ０-９ and other scripts' digits.  This superset leaves out what Chinese
 * text is made of (U+2000..U+A61F: punctuation, kana, Han; U+AC00..U+FF0F:
 * Hangul, compatibility forms, full-width punctuation), where Unicode has no
 * decimal digit. */
static int S_digit(uint32_t c)
{
    if (c < 0x80)
        return c >= '0' && c <= '9';
    return (c >= 0x660 && c < 0x2000) || (c >= 0xA620 && c < 0xAC00) || (c >= 0xFF10 && c <= 0xFF19) ||
           c >= 0x10000;
}

/* 1 when rule r may match s[start..n) (s[0..n) for ^-anchored rules). */
static int S_may_match(gw_rule r, const char *s, size_t n, size_t start)
{
    const char *u = s + start; /* the part an unanchored pattern searches */
    size_t un = n - start;
    uint32_t c;
    switch (r) {
    case GW_R_LABEL1:
        return S_in(S_first(s, n, NULL), "一二三四五六七八九十");
    case GW_R_LABEL2:
    case GW_R_LABEL4:
        c = S_first(s, n, NULL);
        return c == 0xFF08 || c == '(';
    case GW_R_LABEL3:
        return S_digit(S_first(s, n, NULL));
    case GW_R_LABEL5:
        c = S_first(s, n, NULL);
        return c >= 0x2460 && c <= 0x2473; /* ①..⑳ */
    case GW_R_DOCNUMBER:
        return S_has(s, n, "号");
    case GW_R_SIGNER:
        return S_has(u, un, "签");
    case GW_R_DATE_LINE:
        c = S_first(s, n, NULL);
        return S_digit(c) || S_in(c, "〇○零一二三四五六七八九");
    case GW_R_RECIPIENTS:
    case GW_R_SALUTATION:
        return memchr(s, ':', n) || S_has(s, n, "：");
    case GW_R_CHROME: {
        size_t at = 0;
        c = S_first(s, n, &at);
        if (S_in(c, "栏来发信浏访字【扫分打关责当首如[|索-主"))
            return 1;
        return S_has(s, n, "相关权利归属") || S_has(s, n, "公网安备") || S_has(s, n, "ICP备") ||
               S_has(s, n, "微信公众号") || S_has(s, n, "在手机上查看");
    }
    case GW_R_META_DATE:
        return S_has(u, un, "日期") || S_has(u, un, "发布时间");
    case GW_R_META_ISSUER:
        return S_has(u, un, "发布") || S_has(u, un, "来源") || S_has(u, un, "发文机关");
    case GW_R_META_DOCNUMBER:
        return S_has(u, un, "号") && (S_has(u, un, "文") || S_has(u, un, "字"));
    case GW_R_ROLE_GROUP:
    case GW_R_ROLE_LABEL:
        return memchr(u, ':', un) || S_has(u, un, "：");
    case GW_R_ROLE_LINE:
        return S_in(S_first(s, n, NULL), "（(〔牵主责配协会参其分包—-") &&
               (memchr(s, ':', n) || S_has(s, n, "："));
    case GW_R_INVERTED:
        return S_has(s, n, "牵头") || S_has(s, n, "负责");
    case GW_R_DEADLINE_TEXT:
        return S_has(u, un, "前");
    case GW_R_TIME_LABEL:
        return S_has(u, un, "时") || S_has(u, un, "完成期限");
    case GW_R_ROSTER_ROLE: {
        size_t at = 0;
        c = S_first(s, n, &at);
        if (c == '-' || c == 0x2022 || c == 0xB7 || c == '*')
            c = S_first(s + at, n - at, NULL);
        return S_in(c, "常副组成主指召顾秘办领工专");
    }
    case GW_R_ATTACH_NOTE:
    case GW_R_ATTACH_LABEL:
        return S_first(s, n, NULL) == 0x9644; /* 附 */
    case GW_R_CC:
        return S_first(s, n, NULL) == 0x6284; /* 抄 */
    case GW_R_PRINTER:
        return S_has(s, n, "印");
    case GW_R_SUBTITLE:
        c = S_first(s, n, NULL);
        return c == 0x2014 || c == 0xFF0D || c == '-';
    case GW_R_NOTE:
        c = S_first(s, n, NULL);
        return (c == 0xFF08 || c == '(') && S_has(s, n, "联系人");
    case GW_R_TABLE_ROW:
    case GW_R_TABLE_CELL:
        return memchr(s, '|', n) != NULL;
    case GW_R_TABLE_RULE:
        return memchr(s, '-', n) && (memchr(s, '|', n) || S_has(s, n, "---"));
    case GW_R_DL_ONGOING:
        /* 长期…, 持续…, 常态化, 每…, 按…, 即时: one of these must occur */
        return S_has(u, un, "长期") || S_has(u, un, "持续") || S_has(u, un, "常态化") || S_has(u, un, "每") ||
               S_has(u, un, "按") || S_has(u, un, "即时");
    case GW_R_INFO_LINE:
        return S_in(S_first(s, n, NULL), "名文标");
    case GW_R_PART:
        return S_first(s, n, NULL) == 0x7B2C; /* 第 */
    case GW_R_NOTE_CONTACT:
        return S_has(s, n, "联系人") || S_has(s, n, "电话");
    case GW_R_REPLY_FIELD:
        c = S_first(s, n, NULL);
        return S_in(c, "答办公建提议主承会协ABCDＡＢＣＤ（(");
    default:
        return 1;
    }
}

int gw_rule_match(gw_rule r, const char *s, size_t len, size_t start, gw_match *m)
{
    if ((unsigned)r >= GW_R_MAX)
        return 0;
    if (!atomic_load_explicit(&S_inited, memory_order_relaxed) && gw_rules_init(NULL) != 0)
        return 0;
    if (!S_md) {
        S_md = pcre2_match_data_create(GW_RULE_MAXGROUPS, NULL);
        if (!S_md)
            S_oom();
    }
    if (start > len)
        return 0;
    int may = S_may_match(r, s, len, start);
    if (!may && !atomic_load_explicit(&S_check, memory_order_relaxed))
        return 0;
    pcre2_code *code = S_get((int)r);
    if (atomic_load_explicit(&S_uses[r], memory_order_relaxed) < S_JIT_AFTER)
        S_count_use((int)r, code);
    int rc = pcre2_match(code, (PCRE2_SPTR)s, len, start, PCRE2_NO_UTF_CHECK, S_md, S_mctx);
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT) {
        /* The interpreter gave up where the JIT (which every match used
         * before rules were compiled lazily) may not: ask the JIT. */
        pcre2_code *j = S_promote((int)r, code);
        if (j != code)
            rc = pcre2_match(j, (PCRE2_SPTR)s, len, start, PCRE2_NO_UTF_CHECK, S_md, S_mctx);
    }
    if (!may && rc > 0) {
        fprintf(stderr, "gongwen: internal error: the prefilter of rule %s rejects a match: %.*s\n",
                S_defs[r].name, (int)(len - start), s + start);
        abort();
    }
    if (!may)
        return 0;
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
