/*
 * rules.h — the extraction rules, in one table (part of the extract stage).
 *
 * Every regular expression gongwen uses to read a draft lives in the table
 * in rules.c, with a name (used in warnings, --warnings output and tests)
 * and a one-line description.  Patterns are PCRE2 (UTF mode).  Each is
 * compiled on its first use and JIT-compiled (where the platform supports
 * it) after it has been used a few hundred times, so a single-document run
 * compiles only what it needs and never waits for the JIT, while batches
 * run JIT code.  Both steps are thread-safe.  gw_rules_init() sets up the
 * shared match settings; the CLI calls it before any worker thread starts.
 * GONGWEN_NO_JIT=1 in the environment keeps every rule interpreted (for
 * profilers such as valgrind that do not follow JIT code).
 *
 * Most rules have a prefilter in rules.c (S_may_match): a cheap necessary
 * condition (a literal the pattern needs, the characters an anchored
 * pattern can start with) that spares PCRE2 the lines that cannot match.
 * Whoever changes a pattern updates its prefilter; GONGWEN_CHECK_RULES=1
 * runs PCRE2 anyway and aborts when a prefilter rejected a match (run the
 * test suite with it after changing a rule).
 */
#ifndef GW_RULES_H
#define GW_RULES_H

#include <stddef.h>

typedef enum gw_rule {
    GW_R_LABEL1,        /* 一、 heading */
    GW_R_LABEL2,        /* （一） heading */
    GW_R_LABEL3,        /* 1. heading / item */
    GW_R_LABEL4,        /* （1） item */
    GW_R_LABEL5,        /* ①  item */
    GW_R_DOCNUMBER,     /* 东政办〔2020〕10号 as a line of its own */
    GW_R_SIGNER,        /* 签发人：张三 */
    GW_R_DATE_LINE,     /* a line that is only a date (成文日期) */
    GW_R_TITLE,         /* a document title: …关于…的通知 */
    GW_R_RECIPIENTS,    /* 主送机关 line ending in a colon */
    GW_R_SALUTATION,    /* 某某代表： / 主任、各位副主任： */
    GW_R_CHROME,        /* web-page chrome: 发布时间, 来源, 打印, 扫一扫 … */
    GW_R_META_DATE,     /* 发布时间 / 发文日期 / 发布日期 with a date */
    GW_R_META_ISSUER,   /* 发布机构 / 信息来源 */
    GW_R_META_DOCNUMBER, /* 文号 | 某政发〔2025〕5号 printed by a web page */
    GW_R_ROLE_GROUP,    /* （牵头单位：…；责任单位：…） */
    GW_R_ROLE_LABEL,    /* one 牵头单位：/责任单位：/配合单位： label */
    GW_R_ROLE_LINE,     /* a line starting with a role label */
    GW_R_INVERTED,      /* （X牵头，Y配合） */
    GW_R_STAGE,         /* （一）部署阶段（2020年5月） */
    GW_R_DEADLINE_TEXT, /* 2021年6月底前完成 inside a task's text */
    GW_R_TIME_LABEL,    /* 完成时限：… */
    GW_R_ROSTER_ROLE,   /* 组长：/副组长：/成员： */
    GW_R_ROSTER_TITLE,  /* 领导小组组成人员名单 */
    GW_R_ATTACH_NOTE,   /* 附件：1.×× */
    GW_R_ATTACH_LABEL,  /* 附件1 (start of an attachment) */
    GW_R_CC,            /* 抄送：… */
    GW_R_PRINTER,       /* ×× 2020年5月23日印发 */
    GW_R_SUBTITLE,      /* ——2021年7月16日在…会议上 / （…通过） */
    GW_R_NOTE,          /* （联系人：…，联系电话：…） 附注 */
    GW_R_RESIDUE,       /* looks like an assignment or a deadline */
    GW_R_TABLE_ROW,     /* | a | b |  or  a | b | */
    GW_R_TABLE_CELL,    /* a flattened table: one cell per line, "cell |" */
    GW_R_TABLE_HEADER,  /* a header cell: 序号, 责任单位, 完成时限 … */
    GW_R_DL_ONGOING,    /* deadlines, tried in this order (ONGOING: see gw_deadline_normalize): */
    GW_R_DL_RANGE_YM,
    GW_R_DL_RANGE_MM,
    GW_R_DL_RANGE_DD,
    GW_R_DL_RANGE_LIST, /* 6月、12月底前分两批 → 06..12 */
    GW_R_DL_RANGE_YY,
    GW_R_DL_YMD,
    GW_R_DL_ISO,
    GW_R_DL_MD_DOT,     /* 6.30前 → the document's year */
    GW_R_DL_DAMAGED_YM,
    GW_R_DL_YM,
    GW_R_DL_RAW,
    GW_R_DL_HALF,
    GW_R_DL_QUARTER,
    GW_R_DL_FESTIVAL,   /* 春节前 → the month of that year's Spring Festival */
    GW_R_DL_YEAR_END,
    GW_R_DL_WHOLE_YEAR,
    GW_R_DL_YEAR,
    GW_R_TABLE_RULE,    /* |---|---| */
    GW_R_REPLY_FIELD,   /* 答复类别：A / 公开属性：主动公开 in a reply's head */
    GW_R_NOTE_CONTACT,  /* （联系人：张三；联系电话：1234） */
    GW_R_PART,          /* 第三部分 / 第二章: a part above 一、 */
    GW_R_INFO_LINE,     /* 名称：/文号： of a web page's information box */
    GW_R_MAX
} gw_rule;

#define GW_RULE_MAXGROUPS 12

/* Offsets of a match: ov[2*i], ov[2*i+1] for group i (PCRE2_UNSET if the
 * group did not take part). */
typedef struct gw_match {
    size_t ov[2 * GW_RULE_MAXGROUPS];
    int n; /* number of pairs set */
} gw_match;

/* Prepares the rules (idempotent; patterns compile lazily, and one that
 * does not compile aborts with an internal error when first used).
 * Returns 0; msg is kept for compatibility and never set. */
int gw_rules_init(char **msg);
/* Compiles every pattern once (for tests): 0, or -1 when one does not
 * compile (msg receives the rule name and PCRE2's message, caller frees). */
int gw_rules_check(char **msg);
/* Frees the compiled rules (for leak checkers). */
void gw_rules_free(void);
/* Frees the calling thread's match data; a worker thread calls it before
 * it ends (the main thread's is freed by gw_rules_free). */
void gw_rules_thread_done(void);

const char *gw_rule_name(gw_rule r);
const char *gw_rule_desc(gw_rule r);

/* Matches rule r against s[0..len) starting at byte start.  Returns 1 and
 * fills m on a match, 0 on no match (also on a match-limit error, which is
 * treated as no match). */
int gw_rule_match(gw_rule r, const char *s, size_t len, size_t start, gw_match *m);

/* Length and start of group g of m (0 length when unset). */
size_t gw_match_len(const gw_match *m, int g);
size_t gw_match_start(const gw_match *m, int g);
int gw_match_set(const gw_match *m, int g);

#endif
