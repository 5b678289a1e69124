/*
 * extract.c — stage 2: from decoded lines to the XML model.
 *
 * Passes:
 *   1. paragraphs: source lines are trimmed, web-page chrome is set aside
 *      (its 发布日期/发布机构 kept as fallbacks), and lines a draft broke in
 *      the middle of a sentence are joined again;
 *   2. front matter: 发文机关标志, 发文字号 (+签发人), title, subtitles,
 *      author, 主送机关 or salutation;
 *   3. the main body up to 署名 + 成文日期, then the issued plan (enclosure),
 *      附件说明, attachments and the 版记;
 *   4. inside every body: the heading hierarchy, tables, rosters, and tasks
 *      (labelled parentheticals, labels on their own lines, X牵头/Y配合,
 *      stage items with a period), with normalised deadlines.
 * Every pattern is a named rule in rules.c.
 */
#define _GNU_SOURCE
#include "extract.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

/* ------------------------------------------------------------------ */
/* text helpers                                                         */

static int S_is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0x3000 || c == 0xA0 ||
           c == 0xFEFF || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F;
}

/* Trims Unicode whitespace at both ends of s[0..*n); returns new start. */
static const char *S_trim(const char *s, size_t *n)
{
    size_t b = 0, e = *n;
    while (b < e) {
        uint32_t c;
        size_t k = gw_utf8_decode(s + b, e - b, &c);
        if (!k || !S_is_space(c))
            break;
        b += k;
    }
    while (e > b) {
        size_t k = 1;
        while (k < 4 && e - k > b && (((unsigned char)s[e - k]) & 0xC0) == 0x80)
            k++;
        uint32_t c;
        if (gw_utf8_decode(s + e - k, k, &c) != k || !S_is_space(c))
            break;
        e -= k;
    }
    *n = e - b;
    return s + b;
}

/* Appends s[0..n) without any whitespace (and without bytes that are not
 * UTF-8); runs without either are copied at once. */
static void S_put_squashed(gw_buf *b, const char *s, size_t n)
{
    size_t i = 0, run = 0;
    gw_buf_grow(b, n);
    while (i < n) {
        uint32_t c;
        size_t k = gw_utf8_decode(s + i, n - i, &c);
        if (k && !S_is_space(c)) {
            i += k;
            continue;
        }
        gw_buf_put(b, s + run, i - run);
        i += k ? k : 1;
        run = i;
    }
    gw_buf_put(b, s + run, i - run);
}

static char *S_squash(const char *s, size_t n)
{
    gw_buf b = {0};
    S_put_squashed(&b, s, n);
    return gw_buf_detach(&b);
}

static int S_ends(const char *s, size_t n, const char *suffix)
{
    size_t k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* Last code point of s[0..n), 0 if none. */
static uint32_t S_last_cp(const char *s, size_t n)
{
    if (!n)
        return 0;
    size_t k = 1;
    while (k < 4 && k < n && (((unsigned char)s[n - k]) & 0xC0) == 0x80)
        k++;
    uint32_t c = 0;
    if (gw_utf8_decode(s + n - k, k, &c) != k)
        return 0;
    return c;
}

static uint32_t S_first_cp(const char *s, size_t n)
{
    uint32_t c = 0;
    if (!gw_utf8_decode(s, n, &c))
        return 0;
    return c;
}

static int S_is_open(uint32_t c)
{
    return c == 0xFF08 /* （ */ || c == '(' || c == 0x3014 /* 〔 */ || c == '[' || c == 0x3010;
}

static int S_is_close(uint32_t c)
{
    return c == 0xFF09 || c == ')' || c == 0x3015 || c == ']' || c == 0x3011;
}

/* Sentence-ending punctuation that closes a paragraph. */
static int S_is_terminal(uint32_t c)
{
    return c == 0x3002 /* 。 */ || c == 0xFF01 || c == 0xFF1F || c == 0xFF1B /* ； */ ||
           c == 0xFF1A /* ： */ || c == ':' || c == ';' || c == '!' || c == '?' || c == 0x2026 ||
           c == 0xFF09 || c == ')' || c == 0x201D /* ” */ || c == 0x300B /* 》 */ || c == '.' ||
           c == 0xFF0E;
}

/* Net count of open parentheses in s[0..n). */
static int S_paren_balance(const char *s, size_t n)
{
    int depth = 0;
    size_t i = 0;
    while (i < n) {
        uint32_t c;
        size_t k = gw_utf8_decode(s + i, n - i, &c);
        if (!k) {
            i++;
            continue;
        }
        if (c == 0xFF08 || c == '(')
            depth++;
        else if ((c == 0xFF09 || c == ')') && depth > 0)
            depth--;
        i += k;
    }
    return depth;
}

/* Chinese numeral (一…九十百, 〇/零) to a number; -1 if not one. */
static long S_cn_value(const char *s, size_t n)
{
    static const char *const digits[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    long total = 0, cur = 0;
    int any = 0;
    size_t i = 0;
    while (i < n) {
        int d = -1;
        for (int k = 0; k < 10; k++) {
            size_t L = strlen(digits[k]);
            if (i + L <= n && memcmp(s + i, digits[k], L) == 0) {
                d = k;
                i += L;
                break;
            }
        }
        if (d < 0 && i + 3 <= n && (memcmp(s + i, "零", 3) == 0 || memcmp(s + i, "○", 3) == 0)) {
            d = 0;
            i += 3;
        }
        if (d >= 0) {
            cur = d;
            any = 1;
            continue;
        }
        if (i + 3 <= n && memcmp(s + i, "十", 3) == 0) {
            total += (cur ? cur : 1) * 10;
            cur = 0;
            any = 1;
            i += 3;
            continue;
        }
        if (i + 3 <= n && memcmp(s + i, "百", 3) == 0) {
            total += (cur ? cur : 1) * 100;
            cur = 0;
            any = 1;
            i += 3;
            continue;
        }
        return -1;
    }
    return any ? total + cur : -1;
}

/* ------------------------------------------------------------------ */
/* deadlines                                                            */

/* Rewrites s for date parsing: no whitespace, full-width digits and
 * dashes to ASCII, Chinese-numeral dates (二〇一二年三月一日) to Arabic. */
static void S_date_prepare(const char *s, size_t n, gw_buf *out)
{
    static const char *const cnd = "〇○零一二三四五六七八九十";
    size_t i = 0;
    while (i < n) {
        uint32_t c;
        size_t k = gw_utf8_decode(s + i, n - i, &c);
        if (!k) {
            i++;
            continue;
        }
        if (S_is_space(c)) {
            i += k;
            continue;
        }
        if (c >= 0xFF10 && c <= 0xFF19) {
            gw_buf_putc(out, (char)('0' + (c - 0xFF10)));
            i += k;
            continue;
        }
        /* a run of Chinese numerals */
        size_t j = i;
        while (j < n) {
            uint32_t c2;
            size_t k2 = gw_utf8_decode(s + j, n - j, &c2);
            char tmp[5] = {0};
            if (!k2 || k2 > 4)
                break;
            memcpy(tmp, s + j, k2);
            if (!strstr(cnd, tmp))
                break;
            j += k2;
        }
        if (j > i) {
            const char *after = s + j;
            size_t rest = n - j;
            int unit = rest >= 3 && (memcmp(after, "年", 3) == 0 || memcmp(after, "月", 3) == 0 ||
                                     memcmp(after, "日", 3) == 0);
            if (unit && memcmp(after, "年", 3) == 0 && gw_utf8_count(s + i, j - i) == 4 &&
                !memmem(s + i, j - i, "十", 3)) {
                for (size_t p = i; p < j;) {
                    uint32_t c3;
                    size_t k3 = gw_utf8_decode(s + p, j - p, &c3);
                    long v = S_cn_value(s + p, k3);
                    gw_buf_putc(out, (char)('0' + (v < 0 ? 0 : v)));
                    p += k3;
                }
                i = j;
                continue;
            }
            if (unit && memcmp(after, "年", 3) != 0) {
                long v = S_cn_value(s + i, j - i);
                if (v > 0 && v <= 31) {
                    gw_buf_printf(out, "%ld", v);
                    i = j;
                    continue;
                }
            }
            gw_buf_put(out, s + i, j - i);
            i = j;
            continue;
        }
        if (c == 0x2014 || c == 0x2013 || c == 0xFF0D || c == 0x2012 || c == 0x2015) {
            gw_buf_putc(out, '-');
            i += k;
            continue;
        }
        gw_buf_put(out, s + i, k);
        i += k;
    }
    if (!out->ptr)
        gw_buf_put(out, "", 0);
}

static long S_num(const char *s, const gw_match *m, int g)
{
    if (!gw_match_set(m, g) || gw_match_len(m, g) == 0)
        return -1;
    long v = 0;
    const char *p = s + gw_match_start(m, g);
    for (size_t i = 0; i < gw_match_len(m, g); i++) {
        if (p[i] >= '0' && p[i] <= '9')
            v = v * 10 + (p[i] - '0');
        else
            return -1;
    }
    return v;
}

static int S_valid_ym(long y, long mo)
{
    return y >= 1900 && y <= 2199 && mo >= 1 && mo <= 12;
}

static int S_valid_ymd(long y, long mo, long d)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return S_valid_ym(y, mo) && d >= 1 && d <= mdays[mo - 1];
}

/* Splits raw digits after a year (329, 1026, 115117) into month/day pairs:
 * returns the number of (m, d) pairs written (1 or 2), 0 if none fits. */
static int S_split_raw(long y, const char *d, size_t n, long md[4])
{
    for (int mlen = 1; mlen <= 2; mlen++) {
        if ((size_t)mlen >= n)
            continue;
        long mo = 0;
        for (int i = 0; i < mlen; i++)
            mo = mo * 10 + (d[i] - '0');
        if (mo < 1 || mo > 12 || d[0] == '0')
            continue;
        size_t rest = n - (size_t)mlen;
        for (int dlen = 2; dlen >= 1; dlen--) {
            if ((size_t)dlen > rest)
                continue;
            long dd = 0;
            for (int i = 0; i < dlen; i++)
                dd = dd * 10 + (d[mlen + i] - '0');
            if (!S_valid_ymd(y, mo, dd) || d[mlen] == '0')
                continue;
            if ((size_t)dlen == rest) {
                md[0] = mo;
                md[1] = dd;
                return 1;
            }
            long sub[4];
            if (S_split_raw(y, d + mlen + dlen, rest - (size_t)dlen, sub) == 1) {
                md[0] = mo;
                md[1] = dd;
                md[2] = sub[0];
                md[3] = sub[1];
                return 2;
            }
        }
    }
    return 0;
}

/* The month of the Spring Festival (春节), 2000–2050. */
static int S_spring_festival_month(long y)
{
    /* one bit per year from 2000: set when the festival falls in January */
    static const unsigned long long jan = (1ull << 1) | (1ull << 4) | (1ull << 6) | (1ull << 9) | (1ull << 12) |
                                          (1ull << 14) | (1ull << 17) | (1ull << 20) | (1ull << 23) | (1ull << 25) |
                                          (1ull << 28) | (1ull << 31) | (1ull << 33) | (1ull << 36) | (1ull << 39) |
                                          (1ull << 42) | (1ull << 44) | (1ull << 47) | (1ull << 50);
    if (y < 2000 || y > 2050)
        return 0;
    return (jan >> (y - 2000)) & 1 ? 1 : 2;
}

int gw_deadline_normalize(const char *text, size_t len, int year, char *out, size_t outsz)
{
    gw_buf b = {0};
    S_date_prepare(text, len, &b);
    const char *s = b.ptr;
    size_t n = b.len;
    gw_match m;
    int ok = 0;
    char res[128] = "";
    /* 长期坚持, 每季度末 … give ONGOING, unless a date of month or day
     * precision comes before the phrase (6月底前完成并长期坚持 → 06) */
    size_t ongoing = (size_t)-1;
    if (gw_rule_match(GW_R_DL_ONGOING, s, n, 0, &m))
        ongoing = gw_match_start(&m, 0);
    for (int r = GW_R_DL_ONGOING + 1; r <= GW_R_DL_YEAR && !ok; r++) {
        if (ongoing != (size_t)-1 && (r == GW_R_DL_WHOLE_YEAR || r == GW_R_DL_YEAR))
            break;
        size_t start = 0;
        while (!ok && gw_rule_match((gw_rule)r, s, n, start, &m)) {
            if (gw_match_start(&m, 0) >= ongoing)
                break;
            long y = S_num(s, &m, 1), a, c, e;
            if (y < 0)
                y = year > 0 ? year : -1;
            switch ((gw_rule)r) {
            case GW_R_DL_FESTIVAL:
                if (S_spring_festival_month(y)) {
                    snprintf(res, sizeof res, "%04ld-%02d", y, S_spring_festival_month(y));
                    ok = 1;
                }
                break;
            case GW_R_DL_RANGE_YM: {
                long y2 = S_num(s, &m, 3);
                a = S_num(s, &m, 2);
                c = S_num(s, &m, 4);
                if (y2 < 0)
                    y2 = y;
                if (S_valid_ym(y, a) && S_valid_ym(y2, c)) {
                    snprintf(res, sizeof res, "%04ld-%02ld..%04ld-%02ld", y, a, y2, c);
                    ok = 1;
                }
                break;
            }
            case GW_R_DL_RANGE_LIST:
            case GW_R_DL_RANGE_MM:
                a = S_num(s, &m, 2);
                c = S_num(s, &m, 3);
                if (S_valid_ym(y, a) && S_valid_ym(y, c) && a < c) {
                    snprintf(res, sizeof res, "%04ld-%02ld..%04ld-%02ld", y, a, y, c);
                    ok = 1;
                }
                break;
            case GW_R_DL_RANGE_DD: {
                /* groups: 1 year, 2 month, 3 day, then 4 year, 5 month, 6 day of the end */
                a = S_num(s, &m, 2);
                c = S_num(s, &m, 3);
                long y2 = gw_match_set(&m, 4) ? S_num(s, &m, 4) : y;
                long a2 = gw_match_set(&m, 5) ? S_num(s, &m, 5) : a;
                e = S_num(s, &m, 6);
                if (S_valid_ymd(y, a, c) && S_valid_ymd(y2, a2, e) &&
                    (y2 > y || (y2 == y && (a2 > a || (a2 == a && c < e))))) {
                    snprintf(res, sizeof res, "%04ld-%02ld-%02ld..%04ld-%02ld-%02ld", y, a, c, y2, a2, e);
                    ok = 1;
                }
                break;
            }
            case GW_R_DL_RANGE_YY:
                a = S_num(s, &m, 2);
                if (S_valid_ym(y, 1) && S_valid_ym(a, 1) && y < a) {
                    snprintf(res, sizeof res, "%04ld..%04ld", y, a);
                    ok = 1;
                }
                break;
            case GW_R_DL_YMD:
            case GW_R_DL_ISO:
            case GW_R_DL_MD_DOT:
                a = S_num(s, &m, 2);
                c = S_num(s, &m, 3);
                if (S_valid_ymd(y, a, c)) {
                    snprintf(res, sizeof res, "%04ld-%02ld-%02ld", y, a, c);
                    ok = 1;
                }
                break;
            case GW_R_DL_DAMAGED_YM:
            case GW_R_DL_YM:
                a = S_num(s, &m, 2);
                if (S_valid_ym(y, a)) {
                    snprintf(res, sizeof res, "%04ld-%02ld", y, a);
                    ok = 1;
                }
                break;
            case GW_R_DL_RAW: {
                long md[4];
                int k = S_split_raw(y, s + gw_match_start(&m, 2), gw_match_len(&m, 2), md);
                if (k == 1) {
                    snprintf(res, sizeof res, "%04ld-%02ld-%02ld", y, md[0], md[1]);
                    ok = 1;
                } else if (k == 2) {
                    snprintf(res, sizeof res, "%04ld-%02ld-%02ld..%04ld-%02ld-%02ld", y, md[0], md[1],
                             y, md[2], md[3]);
                    ok = 1;
                }
                break;
            }
            case GW_R_DL_HALF:
                if (y > 0) {
                    int first = memcmp(s + gw_match_start(&m, 2), "上", 3) == 0;
                    snprintf(res, sizeof res, "%04ld-%02d..%04ld-%02d", y, first ? 1 : 7, y,
                             first ? 6 : 12);
                    ok = 1;
                }
                break;
            case GW_R_DL_QUARTER:
                if (y > 0) {
                    const char *q = s + gw_match_start(&m, 2);
                    int qn = (*q >= '1' && *q <= '4') ? *q - '0' : (int)S_cn_value(q, gw_match_len(&m, 2));
                    if (qn >= 1 && qn <= 4 && gw_match_set(&m, 3)) { /* 第二季度末: the quarter's last month */
                        snprintf(res, sizeof res, "%04ld-%02d", y, qn * 3);
                        ok = 1;
                    } else if (qn >= 1 && qn <= 4) {
                        snprintf(res, sizeof res, "%04ld-%02d..%04ld-%02d", y, qn * 3 - 2, y, qn * 3);
                        ok = 1;
                    }
                }
                break;
            case GW_R_DL_YEAR_END:
                if (y > 0) {
                    snprintf(res, sizeof res, "%04ld-12", y);
                    ok = 1;
                }
                break;
            case GW_R_DL_WHOLE_YEAR:
            case GW_R_DL_YEAR:
                if (y > 0) {
                    snprintf(res, sizeof res, "%04ld", y);
                    ok = 1;
                }
                break;
            default:
                break;
            }
            size_t next = m.ov[1] > m.ov[0] ? m.ov[1] : m.ov[0] + 1;
            if (next <= start)
                next = start + 1;
            start = next;
        }
    }
    if (!ok && ongoing != (size_t)-1) {
        snprintf(res, sizeof res, "ONGOING");
        ok = 1;
    }
    gw_buf_free(&b);
    if (ok && out && outsz) {
        snprintf(out, outsz, "%s", res);
    }
    return ok;
}

/* ------------------------------------------------------------------ */
/* units                                                                */

static const char *const S_unit_tail_noise[] = {
    "等有关部门", "等相关部门", "等有关单位", "等相关单位", "等部门", "等单位", "等", "分别牵头",
    "共同牵头", "牵头", "负责", "配合", "参与", "协助", "按职责分工负责", NULL};

static const char *const S_editorial[] = {"牵头", "负责", "配合", "分工", "排名", "列第", "按职责",
                                          "为准", "下同", "排序", "协助", NULL};

/* Cleans one unit name in place (a squashed copy) and appends it to out
 * when something is left. */
static int S_unit_clean_put(const char *s, size_t n, gw_buf *out)
{
    gw_buf u = {0};
    S_put_squashed(&u, s, n);
    /* editorial parentheticals: （按职责分工负责） (列第一位为牵头) */
    for (;;) {
        int changed = 0;
        size_t i = 0;
        while (i < u.len) {
            uint32_t c;
            size_t k = gw_utf8_decode(u.ptr + i, u.len - i, &c);
            if (!k) {
                i++;
                continue;
            }
            if (c == 0xFF08 || c == '(') {
                size_t j = i + k;
                int depth = 1;
                while (j < u.len && depth > 0) {
                    uint32_t c2;
                    size_t k2 = gw_utf8_decode(u.ptr + j, u.len - j, &c2);
                    if (!k2) {
                        j++;
                        continue;
                    }
                    if (c2 == 0xFF08 || c2 == '(')
                        depth++;
                    else if (c2 == 0xFF09 || c2 == ')')
                        depth--;
                    j += k2;
                }
                int editorial = 0;
                for (int e = 0; S_editorial[e]; e++)
                    if (memmem(u.ptr + i, j - i, S_editorial[e], strlen(S_editorial[e])))
                        editorial = 1;
                if (editorial) {
                    memmove(u.ptr + i, u.ptr + j, u.len - j + 1);
                    u.len -= j - i;
                    changed = 1;
                    break;
                }
                i = j;
                continue;
            }
            i += k;
        }
        if (!changed)
            break;
    }
    /* trailing punctuation and noise words */
    for (;;) {
        int changed = 0;
        if (!u.len)
            break;
        uint32_t c = S_last_cp(u.ptr, u.len);
        if (c == 0x3002 || c == 0xFF1B || c == ';' || c == 0xFF0C || c == ',' || c == 0x3001 ||
            c == '.' || c == 0xFF1A || c == ':') {
            size_t k = c < 0x80 ? 1 : 3;
            u.len -= k;
            u.ptr[u.len] = '\0';
            changed = 1;
        }
        for (int e = 0; S_unit_tail_noise[e]; e++) {
            if (S_ends(u.ptr, u.len, S_unit_tail_noise[e]) && u.len > strlen(S_unit_tail_noise[e])) {
                u.len -= strlen(S_unit_tail_noise[e]);
                u.ptr[u.len] = '\0';
                changed = 1;
                break;
            }
        }
        /* 按职责分工负责… / 按照职责… anywhere: cut there */
        const char *p = u.len ? strstr(u.ptr, "按职责") : NULL;
        if (!p && u.len)
            p = strstr(u.ptr, "按照职责");
        if (p && p > u.ptr) {
            u.len = (size_t)(p - u.ptr);
            u.ptr[u.len] = '\0';
            changed = 1;
        }
        if (!changed)
            break;
    }
    /* a hint among the units (列第一位的为牵头单位, 市发改委为牵头单位): cut
     * there, and a unit left empty, or only a role word, is none */
    static const char *const hints[] = {"列第", "为牵头", "排名第一", "排在第一", "下同", NULL};
    for (int e = 0; hints[e] && u.len; e++) {
        char *h = strstr(u.ptr, hints[e]);
        if (h) {
            u.len = (size_t)(h - u.ptr);
            u.ptr[u.len] = '\0';
        }
    }
    static const char *const roles[] = {"配合", "牵头", "负责", "参与", "协助", "协办", NULL};
    for (int e = 0; roles[e] && u.len; e++)
        if (strcmp(u.ptr, roles[e]) == 0)
            u.len = 0;
    int put = 0;
    if (u.len && !(u.len == 3 && memcmp(u.ptr, "等", 3) == 0)) {
        if (out->len)
            gw_buf_puts(out, "、");
        gw_buf_put(out, u.ptr, u.len);
        put = 1;
    }
    gw_buf_free(&u);
    return put;
}

int gw_units_normalize(const char *s, size_t n, gw_buf *out)
{
    int count = 0, depth = 0;
    size_t i = 0, start = 0;
    if (!out->ptr)
        gw_buf_put(out, "", 0);
    while (i <= n) {
        uint32_t c = 0;
        size_t k = 1;
        if (i < n) {
            k = gw_utf8_decode(s + i, n - i, &c);
            if (!k) {
                i++;
                continue;
            }
        }
        if (c == 0xFF08 || c == '(')
            depth++;
        else if ((c == 0xFF09 || c == ')') && depth > 0)
            depth--;
        int sep = i == n || (depth == 0 && (c == 0x3001 || c == 0xFF0C || c == ','));
        if (sep) {
            count += S_unit_clean_put(s + start, i - start, out);
            start = i + k;
        }
        i += k;
    }
    return count;
}

/* ------------------------------------------------------------------ */
/* paragraphs                                                           */

typedef struct S_para {
    char *text; /* trimmed, owned */
    size_t len;
    int line, col;
    int md_heading; /* Markdown heading level, 0 otherwise */
    int blank_before;
    int bullet;  /* a list item: a "- " / "• " prefix was removed, or Markdown's */
    int chrome;  /* web-page chrome */
    gw_span *bold;
    size_t nbold;
} S_para;

typedef struct S_paras {
    S_para *v;
    size_t n, cap;
} S_paras;

static void S_paras_free(S_paras *ps)
{
    for (size_t i = 0; i < ps->n; i++) {
        free(ps->v[i].text);
        free(ps->v[i].bold);
    }
    free(ps->v);
}

static int S_label_level(const char *t, size_t n, gw_match *m)
{
    if (gw_rule_match(GW_R_LABEL1, t, n, 0, m))
        return 1;
    if (gw_rule_match(GW_R_LABEL2, t, n, 0, m))
        return 2;
    if (gw_rule_match(GW_R_LABEL3, t, n, 0, m))
        return 3;
    if (gw_rule_match(GW_R_LABEL4, t, n, 0, m))
        return 4;
    if (gw_rule_match(GW_R_LABEL5, t, n, 0, m))
        return 5;
    return 0;
}

static int S_has_sentence_punct(const char *t, size_t n)
{
    return memmem(t, n, "。", 3) || memmem(t, n, "；", 3) || memmem(t, n, "！", 3) ||
           memmem(t, n, "？", 3);
}

/* Does the line start something of its own (a label, a role or roster
 * line, a table row, a date line, an attachment label)? */
static int S_starts_structure(const char *cur, size_t curlen)
{
    gw_match m;
    return S_label_level(cur, curlen, &m) || gw_rule_match(GW_R_ROLE_LINE, cur, curlen, 0, &m) ||
           gw_rule_match(GW_R_TABLE_ROW, cur, curlen, 0, &m) || gw_rule_match(GW_R_ROSTER_ROLE, cur, curlen, 0, &m) ||
           gw_rule_match(GW_R_DATE_LINE, cur, curlen, 0, &m) || gw_rule_match(GW_R_ATTACH_LABEL, cur, curlen, 0, &m) ||
           gw_rule_match(GW_R_ATTACH_NOTE, cur, curlen, 0, &m);
}

/* Does line text cur continue paragraph prev (a line the draft broke)? */
static int S_continues(const S_para *prev, const char *cur, size_t curlen, int blank_between)
{
    gw_match m;
    if (!prev || prev->chrome || prev->md_heading)
        return 0;
    if (S_paren_balance(prev->text, prev->len) > 0)
        return 1;
    uint32_t first = S_first_cp(cur, curlen);
    uint32_t last = S_last_cp(prev->text, prev->len);
    if (S_is_terminal(last))
        return 0;
    /* the next line starts with punctuation that cannot start a paragraph */
    if (first == 0x3001 || first == 0xFF0C || first == 0x3002 || first == 0xFF1B || first == 0xFF09 ||
        first == 0x201D || first == 0x300B || first == ',' || first == ')')
        return 1;
    if (S_starts_structure(cur, curlen))
        return 0;
    /* a list broken after its separator: 配合单位：甲、乙、\n丙 */
    if ((last == 0x3001 || last == 0xFF0C) && !blank_between)
        return !gw_rule_match(GW_R_TIME_LABEL, cur, curlen, 0, &m);
    /* a unit label broken inside a name: 牵头单位：市住房和城乡\n建设局 */
    if (gw_rule_match(GW_R_ROLE_LINE, prev->text, prev->len, 0, &m) && !S_has_sentence_punct(cur, curlen) &&
        gw_utf8_count(cur, curlen) <= 20 && !memchr(cur, ':', curlen) && !memmem(cur, curlen, "：", 3))
        return 1;
    /* a labelled heading without sentence punctuation is a heading */
    int lvl = S_label_level(prev->text, prev->len, &m);
    if (lvl && (lvl <= 2 || gw_utf8_count(prev->text, prev->len) < 20) &&
        !S_has_sentence_punct(prev->text, prev->len))
        return 0;
    if (!lvl)
        return 0; /* only numbered items are known to be long enough to wrap */
    /* a wrapped line is nearly a full line long and already inside a
     * sentence (it has a comma); a short numbered title is not wrapped */
    if (gw_utf8_count(prev->text, prev->len) < 24 ||
        !(memmem(prev->text, prev->len, "，", 3) || memmem(prev->text, prev->len, ",", 1) ||
          memmem(prev->text, prev->len, "、", 3)))
        return 0;
    (void)blank_between;
    return 1;
}

static void S_para_append(S_para *p, const gw_line *ln, const char *t, size_t n)
{
    size_t base = p->len;
    p->text = gw_xrealloc(p->text, p->len + n + 1);
    memcpy(p->text + p->len, t, n);
    p->len += n;
    p->text[p->len] = '\0';
    size_t off = (size_t)(t - ln->text);
    for (size_t i = 0; i < ln->nbold; i++) {
        const gw_span *sp = &ln->bold[i];
        if (sp->off + sp->len <= off || sp->off >= off + n)
            continue;
        size_t b = sp->off < off ? off : sp->off;
        size_t e = sp->off + sp->len > off + n ? off + n : sp->off + sp->len;
        p->bold = gw_xrealloc(p->bold, (p->nbold + 1) * sizeof(gw_span));
        p->bold[p->nbold].off = base + (b - off);
        p->bold[p->nbold].len = e - b;
        p->nbold++;
    }
}

/* A table typed as text: its cells separated by tabs (a table copied out
 * of Word or WPS) or, in a line without tabs, by runs of spaces at least
 * two characters wide (ASCII spaces count one, U+3000 two).  Splits t into
 * at most max cells; returns their number, 0 if there are more. */
enum { S_TEXT_COLS_MAX = 16 };

static size_t S_text_cells(const char *t, size_t n, size_t *off, size_t *len, size_t max)
{
    /* most lines have nothing that could separate cells: one cell */
    int tabs = 0, sep = 0;
    /* t is NUL-terminated (at or after t + n): strcspn jumps to the next
     * byte that may start a separator */
    for (size_t k = strcspn(t, "\t \xe3\xc2"); k < n && !tabs; k += 1 + strcspn(t + k + 1, "\t \xe3\xc2")) {
        unsigned char b = (unsigned char)t[k];
        if (b == '\t')
            tabs = 1;
        else if ((b == ' ' && k + 1 < n && t[k + 1] == ' ') || (b == 0xE3 && k + 2 < n && t[k + 1] == '\x80' &&
                 t[k + 2] == '\x80') || (b == 0xC2 && k + 1 < n && t[k + 1] == '\xa0'))
            sep = 1;
    }
    if (!tabs && !sep) {
        off[0] = 0;
        len[0] = n;
        return max ? 1 : 0;
    }
    size_t nc = 0, i = 0, cs = 0;
    for (;;) {
        size_t se = i, w = 0; /* a separator [i, se) of width w */
        if (i < n && tabs) {
            if (t[i] == '\t') {
                se = i + 1;
                w = 2;
            }
        } else if (i < n) {
            while (se < n) {
                if (t[se] == ' ') {
                    se++;
                    w++;
                } else if (se + 3 <= n && memcmp(t + se, "\xe3\x80\x80", 3) == 0) {
                    se += 3;
                    w += 2;
                } else if (se + 2 <= n && memcmp(t + se, "\xc2\xa0", 2) == 0) {
                    se += 2;
                    w++;
                } else {
                    break;
                }
            }
        }
        if (i == n || w >= 2) {
            if (nc == max)
                return 0;
            size_t cl = i - cs;
            const char *c = S_trim(t + cs, &cl);
            off[nc] = (size_t)(c - t);
            len[nc] = cl;
            nc++;
            if (i == n)
                return nc;
            i = cs = se;
            continue;
        }
        i = se > i ? se : i + 1;
    }
}

/* Is the text line a header row of a task table (two or more cells, at
 * least half of them, and at least two, known column names)?  Returns the
 * number of columns, or 0. */
/* A text table being read: its columns and, when they are aligned with
 * spaces, where each starts (in display columns: a Chinese character is
 * two, an ASCII one one). */
typedef struct S_ttable {
    size_t ncols; /* 0: no table */
    int spaced;   /* aligned with spaces, not tabs */
    size_t start[S_TEXT_COLS_MAX];
} S_ttable;

static size_t S_display_width(const char *s, size_t n)
{
    size_t w = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80 || (b >= 0xC0 && b < 0xE0)) /* ASCII, U+00A0 … */
            w++;
        else if (b >= 0xE0) /* CJK and full-width forms */
            w += 2;
    }
    return w;
}

/* Opens table tt when t (indented by indent display columns) is its header
 * row; returns the number of columns or 0. */
static size_t S_text_table_header(const char *t, size_t n, size_t indent, S_ttable *tt)
{
    size_t off[S_TEXT_COLS_MAX], len[S_TEXT_COLS_MAX];
    size_t nc = S_text_cells(t, n, off, len, S_TEXT_COLS_MAX), known = 0;
    if (nc < 2)
        return 0;
    for (size_t k = 0; k < nc; k++) {
        char *cell = S_squash(t + off[k], len[k]);
        known += gw_rule_match(GW_R_TABLE_HEADER, cell, strlen(cell), 0, NULL) ? 1 : 0;
        free(cell);
    }
    if (known < 2 || 2 * known < nc)
        return 0;
    tt->ncols = nc;
    tt->spaced = !memchr(t, '\t', n);
    for (size_t k = 0; k < nc; k++)
        tt->start[k] = indent + S_display_width(t, off[k]);
    return nc;
}

/* The header column a cell starting at display column at is under: the
 * one whose start is nearest, if within two columns; -1 if none (the row
 * is not aligned with the header). */
static int S_ttable_col_at(const S_ttable *tt, size_t at)
{
    size_t best = 0, bd = (size_t)-1;
    for (size_t j = 0; j < tt->ncols; j++) {
        size_t d = at > tt->start[j] ? at - tt->start[j] : tt->start[j] - at;
        if (d < bd) {
            bd = d;
            best = j;
        }
    }
    return bd <= 2 ? (int)best : -1;
}

static void S_put_cell(gw_buf *out, const char *s, size_t n)
{
    for (size_t b = 0; b < n; b++) {
        if (s[b] == '|')
            gw_buf_puts(out, "｜");
        else
            gw_buf_putc(out, s[b]);
    }
}

/* Rewrites a row of text table tt as a "| a | b |" row (a cell's own bars
 * become full-width ones).  Cells go to the columns in order, missing ones
 * at the end empty; in a table aligned with spaces whose row has fewer cells
 * than the header and starts each of them under a header column, each goes
 * to its column (an empty cell leaves a gap).  Returns 0 when the line is
 * not a row of the table. */
static int S_text_table_row(const char *t, size_t n, size_t indent, const S_ttable *tt, gw_buf *out)
{
    size_t ncols = tt->ncols;
    size_t off[S_TEXT_COLS_MAX], len[S_TEXT_COLS_MAX];
    size_t nc = S_text_cells(t, n, off, len, S_TEXT_COLS_MAX);
    if (nc < 2 || nc > ncols)
        return 0;
    /* "\t二、保障措施": a heading indented with a tab is not a row */
    size_t filled = 0, last = 0;
    for (size_t k = 0; k < nc; k++)
        if (len[k]) {
            filled++;
            last = k;
        }
    gw_match m;
    if (filled == 1 && S_label_level(t + off[last], len[last], &m))
        return 0;
    int col[S_TEXT_COLS_MAX];
    int placed = tt->spaced && nc < ncols && !memchr(t, '\t', n);
    for (size_t k = 0; placed && k < nc; k++) {
        col[k] = S_ttable_col_at(tt, indent + S_display_width(t, off[k]));
        if (col[k] < 0 || (k > 0 && col[k] <= col[k - 1]))
            placed = 0;
    }
    for (size_t j = 0; j < ncols; j++) {
        gw_buf_puts(out, "| ");
        for (size_t k = 0; k < nc; k++)
            if (placed ? (size_t)col[k] == j : k == j)
                S_put_cell(out, t + off[k], len[k]);
        gw_buf_putc(out, ' ');
    }
    gw_buf_puts(out, "|");
    return 1;
}

/* A line of one cell under a column other than the first of a table aligned
 * with spaces: the rest of a cell of the row above, which is rewritten in
 * prev (a "| a | b |" row) with the text appended.  Returns 0 otherwise. */
static int S_text_table_wrap(const char *t, size_t n, size_t indent, const S_ttable *tt, S_para *prev)
{
    size_t off[S_TEXT_COLS_MAX], len[S_TEXT_COLS_MAX];
    gw_match m;
    if (!tt->spaced || !prev || prev->len < 2 || prev->text[0] != '|' || memchr(t, '\t', n) ||
        S_text_cells(t, n, off, len, S_TEXT_COLS_MAX) != 1 || S_label_level(t, n, &m) ||
        S_has_sentence_punct(t, n) || gw_rule_match(GW_R_DATE_LINE, t, n, 0, &m))
        return 0;
    int j = S_ttable_col_at(tt, indent);
    if (j <= 0)
        return 0;
    /* find column j in prev: after its (j+1)th bar */
    size_t bars = 0, at = 0;
    for (size_t i = 0; i < prev->len; i++)
        if (prev->text[i] == '|' && ++bars == (size_t)j + 2) {
            at = i;
            break;
        }
    if (!at)
        return 0;
    while (at > 0 && prev->text[at - 1] == ' ')
        at--;
    gw_buf b = {0};
    gw_buf_put(&b, prev->text, at);
    S_put_cell(&b, t, n);
    gw_buf_put(&b, prev->text + at, prev->len - at);
    free(prev->text);
    prev->len = b.len;
    prev->text = gw_buf_detach(&b);
    return 1;
}

static void S_build_paras(const gw_source *src, S_paras *ps)
{
    int blank = 0;
    S_ttable tt = {0}; /* the text table being read */
    gw_buf row = {0};
    size_t nl = gw_source_nlines(src);
    for (size_t i = 0; i < nl; i++) {
        const gw_line *ln = gw_source_line(src, i);
        size_t n = ln->len;
        const char *t = S_trim(ln->text, &n);
        if (ln->kind == GW_LINE_BLANK || n == 0) {
            blank = 1;
            tt.ncols = 0;
            continue;
        }
        /* a table typed as text: its rows are read as "| a | b |" rows */
        gw_line plain;
        if (ln->kind == GW_LINE_TEXT && !(ln->flags & GW_LINE_F_CODE) && !memchr(t, '|', n)) {
            /* tab-separated: a leading tab is an empty first cell */
            const char *tx = t;
            size_t tn = n;
            if (memchr(ln->text, '\t', ln->len)) {
                tx = ln->text;
                tn = ln->len;
                while (tn > 0 && (tx[tn - 1] == '\t' || tx[tn - 1] == ' ' || tx[tn - 1] == '\r'))
                    tn--;
                while (tn > 0 && *tx == ' ') {
                    tx++;
                    tn--;
                }
            }
            size_t indent = S_display_width(ln->text, (size_t)(tx - ln->text));
            if (tt.ncols && ps->n && S_text_table_wrap(tx, tn, indent, &tt, &ps->v[ps->n - 1]))
                continue;
            if (!tt.ncols)
                S_text_table_header(tx, tn, indent, &tt);
            row.len = 0;
            if (tt.ncols && S_text_table_row(tx, tn, indent, &tt, &row)) {
                plain = *ln;
                plain.nbold = 0;
                plain.text = row.ptr;
                plain.len = row.len;
                ln = &plain;
                t = row.ptr;
                n = row.len;
            } else {
                tt.ncols = 0;
            }
        } else {
            tt.ncols = 0;
        }
        int bullet = 0;
        if (!ln->kind && n > 2 && (t[0] == '-' || t[0] == '*') && t[1] == ' ') {
            t += 2;
            n -= 2;
            t = S_trim(t, &n);
            bullet = 1;
        } else if (n > 3 && (memcmp(t, "•", 3) == 0 || memcmp(t, "·", 2) == 0)) {
            size_t k = memcmp(t, "•", 3) == 0 ? 3 : 2;
            t += k;
            n -= k;
            t = S_trim(t, &n);
            bullet = 1;
        }
        S_para *prev = ps->n ? &ps->v[ps->n - 1] : NULL;
        gw_match m;
        int chrome = gw_rule_match(GW_R_CHROME, t, n, 0, &m);
        if (!chrome && prev && !bullet && ln->kind != GW_LINE_HEADING &&
            ((ln->flags & GW_LINE_F_CONT) && !S_starts_structure(t, n) ? 1 : S_continues(prev, t, n, blank))) {
            S_para_append(prev, ln, t, n);
            blank = 0;
            continue;
        }
        if (ps->n == ps->cap) {
            ps->cap = ps->cap ? ps->cap * 2 : 64;
            ps->v = gw_xrealloc(ps->v, ps->cap * sizeof(S_para));
        }
        S_para *p = &ps->v[ps->n++];
        memset(p, 0, sizeof *p);
        p->line = ln->line;
        p->col = ln->col + (int)gw_utf8_count(ln->text, (size_t)(t - ln->text));
        p->md_heading = ln->kind == GW_LINE_HEADING ? ln->level : 0;
        p->blank_before = blank;
        p->bullet = bullet || ln->kind == GW_LINE_ITEM; /* Markdown list items too */
        p->chrome = chrome;
        S_para_append(p, ln, t, n);
        blank = 0;
    }
    gw_buf_free(&row);
}

/* ------------------------------------------------------------------ */
/* the extraction context                                               */

typedef struct S_task {
    xmlNodePtr node;
    gw_buf lead, resp, supp;
    char deadline[64];
    char *deadline_text;
    int has_units;
} S_task;

/* Reply fields a draft prints outside the title (head lines, contact
 * note), in the order they are added to <reply>. */
enum { S_RF_RESULT, S_RF_HANDLER, S_RF_COHANDLER, S_RF_CONTACT, S_RF_PHONE, S_RF_DISCLOSURE, S_RF_MAX };
static const char *const S_rf_names[S_RF_MAX] = {"result", "handler", "co-handler", "contact", "phone", "disclosure"};

/* Keeps group g of match m in paragraph p as reply field f. */
static void S_rf_keep(S_para *f, const S_para *p, const gw_match *m, int g)
{
    *f = *p;
    f->text = p->text + gw_match_start(m, g);
    f->len = gw_match_len(m, g);
    f->col = p->col + (int)gw_utf8_count(p->text, gw_match_start(m, g));
}

typedef struct S_ctx {
    const gw_source *src;
    const char *name;
    gw_model *m;
    gw_diags *d;
    S_paras ps;
    int year;
    char meta_date[40];
    /* a reply's 答复类别：, 公开属性： and the 联系人/联系电话 of its 附注
     * (text borrowed from ps) */
    S_para reply[6]; /* by S_RF_*; text NULL when the draft has none */
    const S_para *head_fields[8]; /* the lines they came from, given back to */
    size_t nhead_fields;          /* the body when the draft is no reply */
    char *meta_issuer;
    char *meta_docnum;        /* 文号 printed by a web page, 〔〕 normalised */
    S_para head_sig, head_date; /* 纪要: 印发机关 and date on one line in the head (text borrowed) */
    const S_para *meta_docnum_at;
    xmlNodePtr tasks;
    xmlNodePtr roster;
    xmlNodePtr residue;
    /* the open task (labels on following lines attach to it) */
    S_task cur;
    int cur_open;
    int cur_far; /* prose has come between the open task and this paragraph */
    const struct S_para *cur_para; /* the labelled paragraph of the open task */
} S_ctx;

static int S_para_is_date(const S_para *p, char *iso, size_t isosz, int year)
{
    gw_match m;
    if (!gw_rule_match(GW_R_DATE_LINE, p->text, p->len, 0, &m))
        return 0;
    char tmp[64];
    if (!gw_deadline_normalize(p->text, p->len, year, tmp, sizeof tmp))
        return 0;
    if (strlen(tmp) != 10)
        return 0;
    if (iso)
        snprintf(iso, isosz, "%s", tmp);
    return 1;
}

/* A short line without sentence punctuation that names an agency. */
static int S_is_agency_line(const S_para *p)
{
    size_t cps = gw_utf8_count(p->text, p->len);
    if (cps < 2 || cps > 40)
        return 0;
    if (memmem(p->text, p->len, "。", 3) || memmem(p->text, p->len, "，", 3) ||
        memmem(p->text, p->len, "：", 3) || memmem(p->text, p->len, ":", 1) ||
        memmem(p->text, p->len, ",", 1) || memmem(p->text, p->len, "|", 1))
        return 0;
    gw_match m;
    if (S_label_level(p->text, p->len, &m))
        return 0;
    static const char *const ends[] = {"政府", "办公室", "办公厅", "委员会", "局", "厅", "部", "委", "院",
                                       "中心", "小组", "公司", "街道", "办事处", "管委会", "办", "会",
                                       "处", "室", "署", "所", "站", "队", "社", "馆", "组", NULL};
    for (int i = 0; ends[i]; i++)
        if (S_ends(p->text, p->len, ends[i]))
            return 1;
    return 0;
}

static void S_add_residue(S_ctx *c, const S_para *p)
{
    gw_match m;
    if (!gw_rule_match(GW_R_RESIDUE, p->text, p->len, 0, &m))
        return;
    if (!c->residue)
        c->residue = gw_model_child(c->m, gw_model_root(c->m), "residue", 1);
    char *t = gw_xstrndup(p->text, p->len);
    xmlNodePtr ln = gw_model_add(c->m, c->residue, "line", t, p->line, p->col);
    char *word = gw_xstrndup(p->text + gw_match_start(&m, 0), gw_match_len(&m, 0));
    gw_model_set_attr(ln, "rule", word);
    free(word);
    free(t);
}

/* ---- tasks ---- */

static void S_task_reset(S_task *t)
{
    gw_buf_free(&t->lead);
    gw_buf_free(&t->resp);
    gw_buf_free(&t->supp);
    free(t->deadline_text);
    memset(t, 0, sizeof *t);
}

/* End of the item starting at p in a 、-joined list (the 、 at depth 0, or
 * end): gw_units_normalize keeps 、 inside parentheses. */
static const char *S_item_end(const char *p, const char *end)
{
    int depth = 0;
    while (p < end) {
        uint32_t ch;
        size_t k = gw_utf8_decode(p, (size_t)(end - p), &ch);
        if (!k) {
            p++;
            continue;
        }
        if (ch == 0xFF08 || ch == '(')
            depth++;
        else if ((ch == 0xFF09 || ch == ')') && depth > 0)
            depth--;
        else if (ch == 0x3001 && depth == 0)
            return p;
        p += k;
    }
    return end;
}

/* Adds one element named elem per item of a 、-joined list; returns them
 * counted. */
static int S_add_items(S_ctx *c, xmlNodePtr parent, const char *elem, const char *list, size_t len, int line)
{
    const char *p = list, *end = list + len;
    int n = 0;
    while (p < end) {
        const char *cut = S_item_end(p, end);
        char *it = gw_xstrndup(p, (size_t)(cut - p));
        gw_model_add(c->m, parent, elem, it, line, 0);
        free(it);
        n++;
        p = cut < end ? cut + 3 : end;
    }
    return n;
}

static void S_put_units(S_ctx *c, xmlNodePtr task, const char *role, gw_buf *units)
{
    if (!units->len)
        return;
    xmlNodePtr r = gw_model_add(c->m, task, role, NULL, 0, 0);
    S_add_items(c, r, "unit", units->ptr, units->len, 0);
}

/* Writes the open task's units and deadline into its node. */
static void S_task_close(S_ctx *c)
{
    if (!c->cur_open)
        return;
    S_task *t = &c->cur;
    xmlNodePtr text = t->node->children; /* <text> was added first; re-order after */
    xmlUnlinkNode(text);
    S_put_units(c, t->node, "lead", &t->lead);
    S_put_units(c, t->node, "responsible", &t->resp);
    S_put_units(c, t->node, "support", &t->supp);
    if (t->deadline[0]) {
        xmlNodePtr dl = gw_model_add(c->m, t->node, "deadline", t->deadline_text ? t->deadline_text : "", 0, 0);
        gw_model_set_attr(dl, "value", t->deadline);
    }
    xmlAddChild(t->node, text);
    S_task_reset(t);
    c->cur_open = 0;
}

static void S_task_end(S_ctx *c);

static void S_task_open(S_ctx *c, const char *id, const S_para *p)
{
    S_task_end(c);
    if (!c->tasks)
        c->tasks = gw_model_child(c->m, gw_model_root(c->m), "tasks", 1);
    xmlNodePtr t = gw_model_add(c->m, c->tasks, "task", NULL, p->line, p->col);
    gw_model_set_attr(t, "id", id);
    char *txt = S_squash(p->text, p->len);
    gw_model_add(c->m, t, "text", txt, 0, 0);
    free(txt);
    c->cur.node = t;
    c->cur_open = 1;
    c->cur_far = 0;
}

/* The end of a normalised deadline (2024-03..2024-05 → 2024-05). */
static const char *S_dl_end(const char *v)
{
    const char *r = strstr(v, "..");
    return r ? r + 2 : v;
}

/* Normalises a deadline; of several dated clauses (2024年6月底前开工，12月底
 * 前完工) the latest is the deadline, a clause without a year taking the
 * year of the clause before it. */
static int S_deadline_clauses(const char *s, size_t n, int year, char *out, size_t outsz)
{
    char v[64];
    int found = 0, y = year;
    size_t i = 0, cs = 0;
    for (;;) {
        int comma = i < n && (s[i] == ',' || (i + 3 <= n && memcmp(s + i, "，", 3) == 0));
        if (i < n && !comma) {
            i++;
            continue;
        }
        if (gw_deadline_normalize(s + cs, i - cs, y, v, sizeof v)) {
            int ongoing = strcmp(v, "ONGOING") == 0;
            /* a later clause wins, but a bare year (2026年巩固提升) does not
             * override a month or a day */
            int bare = strlen(S_dl_end(v)) == 4, out_bare = found && strlen(S_dl_end(out)) == 4;
            if (!found || (!ongoing && strcmp(out, "ONGOING") != 0 && strcmp(S_dl_end(v), S_dl_end(out)) > 0 &&
                           (!bare || out_bare)))
                snprintf(out, outsz, "%s", v);
            found = 1;
            if (!ongoing)
                y = atoi(S_dl_end(v));
        }
        if (i >= n)
            return found;
        i += s[i] == ',' ? 1 : 3;
        cs = i;
    }
}

/* Gives the open task the deadline v, normalised from text s, unless it
 * has one. */
static void S_keep_deadline(S_ctx *c, const char *v, const char *s, size_t n)
{
    if (c->cur.deadline[0])
        return;
    snprintf(c->cur.deadline, sizeof c->cur.deadline, "%s", v);
    free(c->cur.deadline_text);
    size_t tn = n;
    const char *t = S_trim(s, &tn);
    c->cur.deadline_text = S_squash(t, tn);
}

static void S_set_deadline(S_ctx *c, const char *s, size_t n)
{
    char v[64];
    if (!c->cur.deadline[0] && S_deadline_clauses(s, n, c->year, v, sizeof v))
        S_keep_deadline(c, v, s, n);
}

enum { S_ROLE_LEAD, S_ROLE_RESP, S_ROLE_SUPP, S_ROLE_NONE };

static int S_role_of(const char *label, size_t n)
{
    if (S_ends(label, n, "领导"))
        return S_ROLE_NONE; /* 牵头领导：a person, not a unit */
    /* 主要责任单位 leads, 其他责任单位 are responsible */
    if (n >= 6 && memcmp(label, "主要", 6) == 0)
        return S_ROLE_LEAD;
    if (n >= 6 && memcmp(label, "其他", 6) == 0) {
        label += 6;
        n -= 6;
    }
    if (n >= 6 && (memcmp(label, "牵头", 6) == 0 || memcmp(label, "主办", 6) == 0))
        return S_ROLE_LEAD;
    if (n >= 6 && (memcmp(label, "责任", 6) == 0 || memcmp(label, "主责", 6) == 0))
        return S_ROLE_RESP;
    return S_ROLE_SUPP;
}

/* Adds a unit list to a role of the open task; a date glued to the end of
 * the list (区商务局202110月底前完成) becomes the deadline. */
static void S_task_units(S_ctx *c, int role, const char *s, size_t n)
{
    if (role == S_ROLE_NONE)
        return;
    /* 责任科室：水生态环境科，各县（区）分局配合: the tail is support */
    if (role != S_ROLE_SUPP) {
        const char *cm = NULL;
        for (const char *q = s; q < s + n; q++)
            if (*q == ',' || (q + 3 <= s + n && memcmp(q, "，", 3) == 0))
                cm = q;
        if (cm) {
            size_t w = *cm == ',' ? 1 : 3, tn = (size_t)(s + n - cm) - w;
            const char *tail = cm + w;
            if (S_ends(tail, tn, "配合") || S_ends(tail, tn, "协助") || S_ends(tail, tn, "参与") ||
                S_ends(tail, tn, "协办")) {
                S_task_units(c, S_ROLE_SUPP, tail, tn);
                n = (size_t)(cm - s);
            }
        }
    }
    size_t cut = n;
    /* find a trailing date: 4 digits, or N月, or 年底 … */
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)s[i];
        if ((ch >= '0' && ch <= '9') || (i + 6 <= n && (memcmp(s + i, "年底", 6) == 0 ||
                                                        memcmp(s + i, "长期", 6) == 0 ||
                                                        memcmp(s + i, "持续", 6) == 0))) {
            char v[64];
            if (gw_deadline_normalize(s + i, n - i, c->year, v, sizeof v)) {
                /* only when no unit character follows the date expression */
                cut = i;
                S_set_deadline(c, s + i, n - i);
            }
            break;
        }
    }
    gw_buf *b = role == S_ROLE_LEAD ? &c->cur.lead : role == S_ROLE_RESP ? &c->cur.resp : &c->cur.supp;
    gw_buf tmp = {0};
    if (gw_units_normalize(s, cut, &tmp) > 0) {
        if (b->len)
            gw_buf_puts(b, "、");
        gw_buf_put(b, tmp.ptr, tmp.len);
        c->cur.has_units = 1;
    }
    gw_buf_free(&tmp);
}

/* Parses the content of a labelled group: 牵头单位：A；责任单位：B；2021年6月底前. */
static int S_parse_labels(S_ctx *c, const char *s, size_t n)
{
    gw_match m;
    size_t pos = 0;
    int found = 0;
    /* text before the first label may be a deadline */
    size_t first = n;
    if (gw_rule_match(GW_R_ROLE_LABEL, s, n, 0, &m))
        first = gw_match_start(&m, 0);
    else
        return 0;
    if (first > 0)
        S_set_deadline(c, s, first);
    pos = first;
    while (pos < n && gw_rule_match(GW_R_ROLE_LABEL, s, n, pos, &m)) {
        size_t lab = gw_match_start(&m, 1), labn = gw_match_len(&m, 1);
        size_t vstart = m.ov[1];
        gw_match m2;
        size_t vend = n;
        if (gw_rule_match(GW_R_ROLE_LABEL, s, n, vstart, &m2))
            vend = gw_match_start(&m2, 0);
        /* a value ends at ；; a following unlabelled segment may be a deadline */
        size_t seg_end = vend, k = 0;
        for (size_t i = vstart; i < vend; i++) {
            if (s[i] == ';' || (i + 3 <= vend && memcmp(s + i, "；", 3) == 0)) {
                seg_end = i;
                k = s[i] == ';' ? 1 : 3;
                break;
            }
        }
        /* …县住房和城乡建设局　完成时限：… with only a space before the label */
        gw_match tl0;
        if (gw_rule_match(GW_R_TIME_LABEL, s, seg_end, vstart, &tl0)) {
            seg_end = gw_match_start(&tl0, 0);
            k = 0;
        }
        char *lsq = S_squash(s + lab, labn); /* 牵 头 单 位 */
        int role = S_role_of(lsq, strlen(lsq));
        free(lsq);
        S_task_units(c, role, s + vstart, seg_end - vstart);
        if (seg_end < vend) {
            gw_match tm;
            if (gw_rule_match(GW_R_TIME_LABEL, s + seg_end + k, vend - seg_end - k, 0, &tm))
                S_set_deadline(c, s + seg_end + k + gw_match_start(&tm, 1), gw_match_len(&tm, 1));
            else
                S_set_deadline(c, s + seg_end + k, vend - seg_end - k);
        }
        found = 1;
        pos = vend;
    }
    return found;
}

/* Finds labelled or inverted-form groups in parentheses within s. */
static int S_parse_groups(S_ctx *c, const char *s, size_t n)
{
    int found = 0;
    size_t i = 0;
    while (i < n) {
        uint32_t ch;
        size_t k = gw_utf8_decode(s + i, n - i, &ch);
        if (!k) {
            i++;
            continue;
        }
        if (!S_is_open(ch)) {
            i += k;
            continue;
        }
        /* find the matching close */
        size_t j = i + k;
        int depth = 1;
        size_t close = n;
        while (j < n) {
            uint32_t c2;
            size_t k2 = gw_utf8_decode(s + j, n - j, &c2);
            if (!k2) {
                j++;
                continue;
            }
            if (S_is_open(c2))
                depth++;
            else if (S_is_close(c2) && --depth == 0) {
                close = j;
                break;
            }
            j += k2;
        }
        const char *in = s + i + k;
        size_t inn = (close < n ? close : n) - (i + k);
        gw_match m;
        if (gw_rule_match(GW_R_ROLE_GROUP, in, inn, 0, &m)) {
            found |= S_parse_labels(c, in, inn);
        } else {
            /* X牵头，Y配合 — possibly followed by ；deadline */
            size_t segs = 0;
            int inv = 0;
            while (segs <= inn) {
                size_t sege = segs;
                while (sege < inn && in[sege] != ';' && !(sege + 3 <= inn && memcmp(in + sege, "；", 3) == 0))
                    sege++;
                if (!inv && gw_rule_match(GW_R_INVERTED, in + segs, sege - segs, 0, &m)) {
                    /* groups: 1 X牵头, 2 Y配合, 3 Y负责, 4 X、Y按职责分工负责 (no
                     * lead), 5 a deadline after a comma */
                    static const int roles[] = {0, S_ROLE_LEAD, S_ROLE_SUPP, S_ROLE_RESP, S_ROLE_RESP};
                    for (int g = 1; g <= 4; g++)
                        if (gw_match_set(&m, g))
                            S_task_units(c, roles[g], in + segs + gw_match_start(&m, g), gw_match_len(&m, g));
                    if (gw_match_set(&m, 5)) {
                        /* a deadline, or one more group of units: …，区税务局负责 */
                        const char *g5 = in + segs + gw_match_start(&m, 5);
                        size_t n5 = gw_match_len(&m, 5);
                        char dl[64];
                        if (S_deadline_clauses(g5, n5, c->year, dl, sizeof dl))
                            S_keep_deadline(c, dl, g5, n5);
                        else if (S_ends(g5, n5, "负责"))
                            S_task_units(c, S_ROLE_RESP, g5, n5);
                        else if (S_ends(g5, n5, "配合") || S_ends(g5, n5, "协助") || S_ends(g5, n5, "参与") ||
                                 S_ends(g5, n5, "协办"))
                            S_task_units(c, S_ROLE_SUPP, g5, n5);
                    }
                    inv = 1;
                } else if (inv) {
                    S_set_deadline(c, in + segs, sege - segs);
                }
                if (sege >= inn)
                    break;
                segs = sege + (in[sege] == ';' ? 1 : 3);
            }
            found |= inv;
        }
        if (close >= n)
            break;
        uint32_t cc;
        i = close + gw_utf8_decode(s + close, n - close, &cc);
    }
    return found;
}

/* A parenthesised period in the heading part (before the first 。) of a
 * labelled paragraph: （一）部署阶段（2020年5月）. */
static int S_stage_period(S_ctx *c, const char *s, size_t n, char *v, size_t vsz, char **vtext)
{
    const char *stop = memmem(s, n, "。", 3);
    size_t hn = stop ? (size_t)(stop - s) : n;
    /* skip the label's own parenthesis */
    gw_match m;
    size_t from = 0;
    if (S_label_level(s, hn, &m))
        from = m.ov[1];
    size_t i = from;
    while (i < hn) {
        uint32_t ch;
        size_t k = gw_utf8_decode(s + i, hn - i, &ch);
        if (!k) {
            i++;
            continue;
        }
        if (ch == 0xFF08 || ch == '(') {
            size_t j = i + k;
            while (j < hn) {
                uint32_t c2;
                size_t k2 = gw_utf8_decode(s + j, hn - j, &c2);
                if (!k2) {
                    j++;
                    continue;
                }
                if (c2 == 0xFF09 || c2 == ')')
                    break;
                j += k2;
            }
            if (j < hn) {
                const char *in = s + i + k;
                size_t inn = j - (i + k);
                int has_digit = 0;
                for (size_t q = 0; q < inn; q++)
                    if (isdigit((unsigned char)in[q]))
                        has_digit = 1;
                if ((has_digit || memmem(in, inn, "月", 3)) && inn < 80 &&
                    gw_deadline_normalize(in, inn, c->year, v, vsz)) {
                    *vtext = S_squash(in, inn);
                    return 1;
                }
            }
            i = j;
            continue;
        }
        i += k;
    }
    return 0;
}

/* ---- headings and paths ---- */

typedef struct S_path {
    char part[48]; /* 第三部分: above 一、, empty if none */
    char label[5][48];
} S_path;

/* Full-width digits (０–９) to ASCII, in place: ids and 字号 are written
 * with Arabic numerals however the draft typed them. */
static void S_halfwidth_digits(char *s)
{
    char *w = s;
    for (const char *r = s; *r;) {
        if ((unsigned char)r[0] == 0xEF && (unsigned char)r[1] == 0xBC && (unsigned char)r[2] >= 0x90 &&
            (unsigned char)r[2] <= 0x99) {
            *w++ = (char)('0' + ((unsigned char)r[2] - 0x90));
            r += 3;
        } else {
            *w++ = *r++;
        }
    }
    *w = '\0';
}

static void S_path_set(S_path *p, int level, const char *t, const gw_match *m)
{
    /* normalised label: （一） with full-width parens; 一, 1 without punctuation */
    const char *num = t + gw_match_start(m, 1);
    size_t nn = gw_match_len(m, 1);
    char *lab = p->label[level - 1];
    if (level == 2 || level == 4)
        snprintf(lab, 48, "（%.*s）", (int)nn, num);
    else
        snprintf(lab, 48, "%.*s", (int)nn, num);
    S_halfwidth_digits(lab);
    for (int i = level; i < 5; i++)
        p->label[i][0] = '\0';
}

static void S_path_id(const S_path *p, int level, gw_buf *out)
{
    gw_buf_clear(out);
    if (p->part[0])
        gw_buf_puts(out, p->part);
    for (int i = 0; i < level; i++) {
        if (!p->label[i][0])
            continue;
        if (out->len)
            gw_buf_putc(out, '/');
        gw_buf_puts(out, p->label[i]);
    }
    if (!out->ptr)
        gw_buf_put(out, "", 0);
}

static void S_add_inline(S_ctx *c, xmlNodePtr node, const S_para *p, size_t from)
{
    size_t pos = from;
    for (size_t i = 0; i < p->nbold; i++) {
        const gw_span *sp = &p->bold[i];
        if (sp->off + sp->len <= from)
            continue;
        size_t b = sp->off < from ? from : sp->off;
        if (b > pos)
            gw_model_add_text(node, p->text + pos, b - pos);
        gw_model_add(c->m, node, "b", NULL, 0, 0);
        gw_model_add_text(node->last, p->text + b, sp->off + sp->len - b);
        pos = sp->off + sp->len;
    }
    if (pos < p->len)
        gw_model_add_text(node, p->text + pos, p->len - pos);
}

/* ---- rosters ---- */

static int S_is_single_han(const char *s, size_t n)
{
    uint32_t c;
    return n == 3 && gw_utf8_decode(s, n, &c) == 3 && c >= 0x4E00 && c <= 0x9FFF;
}

/* Parses "李 丽 区委常委、副区长" / "陈敏  副市长" / "张三、李四" into
 * members of role; returns the count. */
static int S_roster_tokens(S_ctx *c, const char *role, const char **tok, const size_t *tl, int nt,
                           const S_para *p);
static int S_is_post_title(const char *s, size_t n);
static int S_roster_members_spaced(S_ctx *c, const char *role, const char *s, size_t n, const S_para *p);

/* 韩立松，区人民政府副区长: the byte offset of the comma that parts a name
 * (2–4 characters, spaced or not) from its title; 0 if none does. */
static size_t S_name_comma(const char *s, size_t n)
{
    const char *c1 = memmem(s, n, "，", 3), *c2 = memchr(s, ',', n);
    const char *cm = c1 && (!c2 || c1 < c2) ? c1 : c2;
    if (!cm || cm == s)
        return 0;
    size_t k = (size_t)(cm - s), w = *cm == ',' ? 1 : 3;
    char *name = S_squash(s, k);
    size_t nl = gw_utf8_count(name, strlen(name));
    int named = nl >= 2 && nl <= 4 && !strstr(name, "、") && !S_is_post_title(name, strlen(name));
    free(name);
    size_t rn = n - k - w;
    const char *r = S_trim(s + k + w, &rn);
    if (!named || rn == 0 || !S_is_post_title(r, rn) || memmem(r, rn, "，", 3) || memchr(r, ',', rn))
        return 0;
    return k;
}

static int S_roster_members(S_ctx *c, const char *role, const char *s, size_t n, const S_para *p)
{
    /* 韩立松，区人民政府副区长: read the comma as the space it stands for */
    char *spaced = NULL;
    size_t nc = S_name_comma(s, n);
    if (nc) {
        spaced = gw_xstrndup(s, n);
        size_t w = spaced[nc] == ',' ? 1 : 3;
        memset(spaced + nc, ' ', w);
        s = spaced;
    }
    int count = S_roster_members_spaced(c, role, s, n, p);
    free(spaced);
    return count;
}

static int S_roster_members_spaced(S_ctx *c, const char *role, const char *s, size_t n, const S_para *p)
{
    /* tokens split on whitespace */
    const char *tok[64];
    size_t tl[64];
    int nt = 0;
    size_t i = 0;
    while (i < n && nt < 64) {
        uint32_t ch;
        size_t k = gw_utf8_decode(s + i, n - i, &ch);
        if (!k) {
            i++;
            continue;
        }
        if (S_is_space(ch)) {
            i += k;
            continue;
        }
        size_t j = i;
        while (j < n) {
            size_t k2 = gw_utf8_decode(s + j, n - j, &ch);
            if (!k2 || S_is_space(ch))
                break;
            j += k2;
        }
        tok[nt] = s + i;
        tl[nt] = j - i;
        nt++;
        i = j;
    }
    if (!nt)
        return 0;
    /* a two-character name spaced out to the width of three (马　超,
     * 郑  洁) is one token, also when a title in parentheses follows */
    char *joined = gw_xmalloc(n + 1);
    size_t jn = 0;
    int w = 0;
    for (int r = 0; r < nt; r++) {
        /* 沈 嘉 禾　街道党工委书记: three spaced characters before a title */
        if (r + 3 < nt && S_is_single_han(tok[r], tl[r]) && S_is_single_han(tok[r + 1], tl[r + 1]) &&
            S_is_single_han(tok[r + 2], tl[r + 2]) && !S_is_single_han(tok[r + 3], tl[r + 3]) && r == 0) {
            memcpy(joined + jn, tok[r], 3);
            memcpy(joined + jn + 3, tok[r + 1], 3);
            memcpy(joined + jn + 6, tok[r + 2], 3);
            tok[w] = joined + jn;
            tl[w] = 9;
            jn += 9;
            w++;
            r += 2;
            continue;
        }
        if (r + 1 < nt && S_is_single_han(tok[r], tl[r]) &&
            (S_is_single_han(tok[r + 1], tl[r + 1]) ||
             (tl[r + 1] > 3 && S_is_single_han(tok[r + 1], 3) &&
              (tok[r + 1][3] == '(' || (tl[r + 1] >= 6 && memcmp(tok[r + 1] + 3, "（", 3) == 0))))) {
            memcpy(joined + jn, tok[r], tl[r]);
            memcpy(joined + jn + tl[r], tok[r + 1], tl[r + 1]);
            tok[w] = joined + jn;
            tl[w] = tl[r] + tl[r + 1];
            jn += tl[w];
            w++;
            r++;
            continue;
        }
        tok[w] = tok[r];
        tl[w] = tl[r];
        w++;
    }
    nt = w;
    int count = S_roster_tokens(c, role, tok, tl, nt, p);
    free(joined);
    return count;
}

/* A title rather than a name: ends the way post titles end (副县长, 办公室主任,
 * 区委常委) or names an office (局, 政府). */
static int S_is_post_title(const char *s, size_t n)
{
    static const char *const ends[] = {"长", "主任", "书记", "委员", "常委", "主席", "助理", "秘书", "调研员",
                                       "巡视员", "负责人", "总监", "经理", "专员", "干事", "主管"};
    static const char *const has[] = {"局", "厅", "政府", "办公室"};
    for (size_t k = 0; k < sizeof ends / sizeof ends[0]; k++)
        if (S_ends(s, n, ends[k]))
            return 1;
    for (size_t k = 0; k < sizeof has / sizeof has[0]; k++)
        if (memmem(s, n, has[k], strlen(has[k])))
            return 1;
    return 0;
}

static int S_roster_tokens(S_ctx *c, const char *role, const char **tok, const size_t *tl, int nt,
                           const S_para *p)
{
    int count = 0;
    /* 张三（区委书记、区长）: a name and its title in parentheses */
    const char *op0 = nt == 1 ? memmem(tok[0], tl[0], "（", 3) : NULL;
    if (!op0 && nt == 1)
        op0 = memchr(tok[0], '(', tl[0]);
    int paren_title = op0 && op0 > tok[0] && (S_ends(tok[0], tl[0], "）") || S_ends(tok[0], tl[0], ")")) &&
                      !memmem(tok[0], (size_t)(op0 - tok[0]), "、", 3) &&
                      !memmem(tok[0], (size_t)(op0 - tok[0]), "，", 3);
    /* several names in one token: 张三、李四, or 张三、李四（副区长） sharing
     * the title; units (区财政局分管负责同志) are not people */
    if (nt == 1 && !paren_title && (memmem(tok[0], tl[0], "、", 3) || memmem(tok[0], tl[0], "，", 3))) {
        size_t nl = tl[0];
        char *shared = NULL;
        if (op0 && op0 > tok[0] && (S_ends(tok[0], tl[0], "）") || S_ends(tok[0], tl[0], ")"))) {
            size_t ol = *op0 == '(' ? 1 : 3, cl = S_ends(tok[0], tl[0], ")") ? 1 : 3;
            nl = (size_t)(op0 - tok[0]);
            shared = gw_xstrndup(op0 + ol, tl[0] - nl - ol - cl);
        }
        gw_buf names = {0};
        gw_units_normalize(tok[0], nl, &names);
        char *save = names.ptr;
        char *q = names.ptr;
        while (q && *q) {
            char *e = strstr(q, "、");
            size_t len = e ? (size_t)(e - q) : strlen(q);
            size_t k = gw_utf8_count(q, len);
            if (k >= 2 && k <= 4 && !S_is_post_title(q, len) && !S_ends(q, len, "同志")) {
                char *nm = gw_xstrndup(q, len);
                xmlNodePtr mem = gw_model_add(c->m, c->roster, "member", NULL, p->line, p->col);
                gw_model_set_attr(mem, "role", role);
                gw_model_set_attr(mem, "name", nm);
                if (shared && *shared)
                    gw_model_set_attr(mem, "title", shared);
                free(nm);
                count++;
            }
            q = e ? e + 3 : NULL;
        }
        free(save);
        free(shared);
        return count;
    }
    /* 张三（区长） */
    if (nt == 1) {
        const char *op = memmem(tok[0], tl[0], "（", 3);
        size_t ol = 3;
        if (!op) {
            op = memchr(tok[0], '(', tl[0]);
            ol = 1;
        }
        if (op && op > tok[0]) {
            const char *e = tok[0] + tl[0];
            size_t cl = (S_ends(tok[0], tl[0], "）") ? 3 : S_ends(tok[0], tl[0], ")") ? 1 : 0);
            char *nm = gw_xstrndup(tok[0], (size_t)(op - tok[0]));
            char *ti = gw_xstrndup(op + ol, (size_t)(e - cl - (op + ol)));
            xmlNodePtr mem = gw_model_add(c->m, c->roster, "member", NULL, p->line, p->col);
            gw_model_set_attr(mem, "role", role);
            gw_model_set_attr(mem, "name", nm);
            if (*ti)
                gw_model_set_attr(mem, "title", ti);
            free(nm);
            free(ti);
            return 1;
        }
    }
    /* 区委副书记、区长　欧阳明: the title first, the name after it (one
     * member or several on a line: 区发改委主任　王五　区财政局局长　赵六) */
    size_t ln = nt >= 2 ? gw_utf8_count(tok[nt - 1], tl[nt - 1]) : 0;
    if (nt >= 2 && ln >= 2 && ln <= 4 && !S_is_post_title(tok[nt - 1], tl[nt - 1]) &&
        (gw_utf8_count(tok[0], tl[0]) > 4 || S_is_post_title(tok[0], tl[0]))) {
        gw_buf title = {0};
        for (int q = 0; q < nt; q++) {
            size_t k = gw_utf8_count(tok[q], tl[q]);
            if (k >= 2 && k <= 4 && !S_is_post_title(tok[q], tl[q]) && title.len) {
                char *nm = gw_xstrndup(tok[q], tl[q]);
                xmlNodePtr mem = gw_model_add(c->m, c->roster, "member", NULL, p->line, p->col);
                gw_model_set_attr(mem, "role", role);
                gw_model_set_attr(mem, "name", nm);
                gw_model_set_attr(mem, "title", title.ptr);
                free(nm);
                count++;
                gw_buf_clear(&title);
                continue;
            }
            if (title.len)
                gw_buf_putc(&title, ' ');
            gw_buf_put(&title, tok[q], tl[q]);
        }
        gw_buf_free(&title);
        return count;
    }
    int t = 0;
    while (t < nt) {
        gw_buf name = {0};
        if (t + 1 < nt && S_is_single_han(tok[t], tl[t]) && S_is_single_han(tok[t + 1], tl[t + 1])) {
            gw_buf_put(&name, tok[t], tl[t]);
            gw_buf_put(&name, tok[t + 1], tl[t + 1]);
            t += 2;
        } else {
            gw_buf_put(&name, tok[t], tl[t]);
            t++;
        }
        /* the title: the next token unless it is another short name */
        gw_buf title = {0};
        int more_names = 1;
        for (int q = t; q < nt; q++)
            if (gw_utf8_count(tok[q], tl[q]) > 4 || S_is_post_title(tok[q], tl[q]))
                more_names = 0;
        if (t < nt && !more_names) {
            for (; t < nt; t++) {
                if (title.len)
                    gw_buf_putc(&title, ' ');
                gw_buf_put(&title, tok[t], tl[t]);
            }
        }
        /* 吴海燕、郑国平　副区长: one title for several names */
        for (char *nm = name.ptr; nm;) {
            char *sep = strstr(nm, "、");
            if (sep)
                *sep = '\0';
            xmlNodePtr mem = gw_model_add(c->m, c->roster, "member", NULL, p->line, p->col);
            gw_model_set_attr(mem, "role", role);
            gw_model_set_attr(mem, "name", nm);
            if (title.len)
                gw_model_set_attr(mem, "title", title.ptr);
            count++;
            nm = sep ? sep + 3 : NULL;
        }
        gw_buf_free(&name);
        gw_buf_free(&title);
    }
    return count;
}

/* A line that continues a roster: a name (2–4 characters, or two spaced
 * single characters) followed by a title, or a list of names. */
static int S_roster_cont(const S_para *p)
{
    if (p->len > 200 || S_has_sentence_punct(p->text, p->len) || memmem(p->text, p->len, "：", 3))
        return 0;
    gw_match m;
    if (S_label_level(p->text, p->len, &m))
        return 0;
    uint32_t c0 = S_first_cp(p->text, p->len);
    if (c0 < 0x4E00 || c0 > 0x9FFF)
        return 0;
    /* 邱立新、潘国庆、阮志刚: names of 2–4 characters separated by 、 */
    if (memmem(p->text, p->len, "、", 3)) {
        size_t q = 0, names = 0;
        while (q <= p->len) {
            const char *e = memmem(p->text + q, p->len - q, "、", 3);
            size_t end = e ? (size_t)(e - p->text) : p->len;
            size_t k = gw_utf8_count(p->text + q, end - q);
            if (k < 2 || k > 4)
                break;
            names++;
            if (!e) {
                if (names >= 2)
                    return 1;
                break;
            }
            q = end + 3;
        }
    }
    /* 白若冰，区发展和改革局副局长 */
    if (S_name_comma(p->text, p->len))
        return 1;
    /* 宋丽华（副县长）: a name of 2–4 characters, its title in parentheses */
    const char *op = memmem(p->text, p->len, "（", 3);
    if (op && S_ends(p->text, p->len, "）")) {
        size_t nl = gw_utf8_count(p->text, (size_t)(op - p->text));
        if (nl >= 2 && nl <= 4)
            return 1;
    }
    /* must contain whitespace separating name and title, or 、 between names */
    size_t i = 0;
    while (i < p->len) {
        uint32_t ch;
        size_t k = gw_utf8_decode(p->text + i, p->len - i, &ch);
        if (!k)
            return 0;
        if (S_is_space(ch))
            return 1;
        i += k;
    }
    return 0;
}

/* ---- bodies ---- */

typedef struct S_body_state {
    S_path path;
    char roster_role[32];
    int in_roster;
    xmlNodePtr table;
} S_body_state;

static void S_table_row(S_ctx *c, S_body_state *st, xmlNodePtr body, const S_para *p, const gw_match *m)
{
    (void)m;
    if (!st->table)
        st->table = gw_model_add(c->m, body, "table", NULL, p->line, p->col);
    xmlNodePtr row = gw_model_add(c->m, st->table, "row", NULL, p->line, p->col);
    /* one bar at each end: "|  | 孟凡 |" keeps its empty first cell */
    const char *s = p->text, *e = p->text + p->len;
    while (s < e && *s == ' ')
        s++;
    if (s < e && *s == '|')
        s++;
    while (e > s && e[-1] == ' ')
        e--;
    if (e > s && e[-1] == '|')
        e--;
    const char *q = s;
    while (q <= e) {
        const char *bar = memchr(q, '|', (size_t)(e - q));
        const char *end = bar ? bar : e;
        size_t n = (size_t)(end - q);
        const char *t = S_trim(q, &n);
        char *cell = gw_xstrndup(t, n);
        gw_model_add(c->m, row, "cell", cell, 0, 0);
        free(cell);
        if (!bar)
            break;
        q = bar + 1;
    }
}

/* Turns rows of a table whose header names a unit column into tasks. */
/* A table's rows as cell texts (owned), the header first. */
typedef struct S_rows {
    char *(*cell)[32];
    int *ncell, *line;
    size_t n;
} S_rows;

static void S_rows_read(xmlNodePtr tbl, S_rows *r)
{
    memset(r, 0, sizeof *r);
    size_t cap = 0;
    for (xmlNodePtr row = gw_model_first(tbl, "row"); row; row = gw_model_next(row, "row")) {
        if (r->n == cap) {
            cap = cap ? cap * 2 : 16;
            r->cell = gw_xrealloc(r->cell, cap * sizeof *r->cell);
            r->ncell = gw_xrealloc(r->ncell, cap * sizeof *r->ncell);
            r->line = gw_xrealloc(r->line, cap * sizeof *r->line);
        }
        int nc = 0;
        for (xmlNodePtr cell = gw_model_first(row, "cell"); cell && nc < 32; cell = gw_model_next(cell, "cell")) {
            char *t = gw_model_text(cell);
            r->cell[r->n][nc++] = t ? t : gw_xstrdup("");
        }
        r->ncell[r->n] = nc;
        r->line[r->n] = gw_model_line(row);
        r->n++;
    }
}

static void S_rows_free(S_rows *r)
{
    for (size_t i = 0; i < r->n; i++)
        for (int k = 0; k < r->ncell[i]; k++)
            free(r->cell[i][k]);
    free(r->cell);
    free(r->ncell);
    free(r->line);
}

static const char *S_row_cell(const S_rows *r, size_t i, int col)
{
    return col >= 0 && col < r->ncell[i] ? r->cell[i][col] : "";
}

/* A row whose 序号 cell is empty continues the row above (a long task
 * spilt over two rows): its cells are appended to those above. */
static void S_rows_merge_spills(S_rows *r, int col_id)
{
    size_t w = 1;
    for (size_t i = 1; i < r->n; i++) {
        if (col_id >= 0 && w > 1 && !*S_row_cell(r, i, col_id)) {
            size_t up = w - 1;
            for (int k = 0; k < r->ncell[i]; k++) {
                if (k >= r->ncell[up]) {
                    r->cell[up][k] = gw_xstrdup("");
                    r->ncell[up] = k + 1;
                }
                char *joined = gw_xasprintf("%s%s", r->cell[up][k], r->cell[i][k]);
                free(r->cell[up][k]);
                r->cell[up][k] = joined;
                free(r->cell[i][k]);
            }
            continue;
        }
        if (w != i) {
            memcpy(r->cell[w], r->cell[i], sizeof r->cell[i]);
            r->ncell[w] = r->ncell[i];
            r->line[w] = r->line[i];
        }
        w++;
    }
    if (r->n > 0)
        r->n = w;
}

/* A roster laid out as a table: 职务 | 姓名 | 单位职务 (an empty 职务 keeps
 * the one above). */
static void S_table_roster(S_ctx *c, const S_rows *r, int col_role, int col_name, int col_title)
{
    char role[64] = "";
    for (size_t i = 1; i < r->n; i++) {
        char *nm = S_squash(S_row_cell(r, i, col_name), strlen(S_row_cell(r, i, col_name)));
        char *ro = S_squash(S_row_cell(r, i, col_role), strlen(S_row_cell(r, i, col_role)));
        if (*ro)
            snprintf(role, sizeof role, "%s", ro);
        if (*nm && *role) {
            if (!c->roster) {
                c->roster = gw_model_child(c->m, gw_model_root(c->m), "roster", 1);
                gw_model_set_int(c->roster, "line", r->line[i]);
            }
            xmlNodePtr mem = gw_model_add(c->m, c->roster, "member", NULL, r->line[i], 1);
            gw_model_set_attr(mem, "role", role);
            gw_model_set_attr(mem, "name", nm);
            char *ti = S_squash(S_row_cell(r, i, col_title), strlen(S_row_cell(r, i, col_title)));
            if (col_title >= 0 && *ti)
                gw_model_set_attr(mem, "title", ti);
            free(ti);
        }
        free(nm);
        free(ro);
    }
}

/* Turns the rows of a table whose header names a unit column into tasks,
 * and those of a table with a 姓名 column into roster members. */
static void S_table_tasks(S_ctx *c, S_body_state *st)
{
    xmlNodePtr tbl = st->table;
    st->table = NULL;
    if (!tbl)
        return;
    xmlNodePtr hdr = gw_model_first(tbl, "row");
    if (!hdr)
        return;
    int col_id = -1, col_text = -1, col_lead = -1, col_resp = -1, col_supp = -1, col_dl = -1, ncol = 0;
    int col_name = -1, col_role = -1, col_title = -1;
    for (xmlNodePtr cell = gw_model_first(hdr, "cell"); cell; cell = gw_model_next(cell, "cell"), ncol++) {
        char *t = gw_model_text(cell);
        char *sq = t ? S_squash(t, strlen(t)) : gw_xstrdup("");
        /* 责任单位（第一个为牵头单位）: the column is named before the
         * parenthesis; what follows is a hint, not a label */
        char *hint = strstr(sq, "（");
        if (!hint)
            hint = strchr(sq, '(');
        if (hint && hint > sq)
            *hint = '\0';
        if (strstr(sq, "序号") || strcmp(sq, "编号") == 0)
            col_id = ncol;
        else if (strcmp(sq, "姓名") == 0)
            col_name = ncol;
        else if (strstr(sq, "职务") && (strstr(sq, "单位") || strstr(sq, "现任")))
            col_title = ncol;
        else if (strstr(sq, "职务") || strcmp(sq, "职责") == 0)
            col_role = ncol;
        else if (strstr(sq, "牵头") || strstr(sq, "主办"))
            col_lead = ncol;
        else if (strstr(sq, "责任") || strstr(sq, "主责"))
            col_resp = ncol;
        else if (strstr(sq, "配合") || strstr(sq, "协办") || strstr(sq, "会办") || strstr(sq, "参与"))
            col_supp = ncol;
        else if (strstr(sq, "时限") || strstr(sq, "时间") || strstr(sq, "完成"))
            col_dl = ncol;
        else if (col_text < 0 && (strstr(sq, "任务") || strstr(sq, "内容") || strstr(sq, "事项") || strstr(sq, "措施")))
            col_text = ncol;
        free(sq);
        free(t);
    }
    int tasks = col_lead >= 0 || col_resp >= 0 || col_supp >= 0;
    int roster = !tasks && col_name >= 0 && col_role >= 0;
    if (!tasks && !roster)
        return;
    xmlSetProp(hdr, BAD_CAST "header", BAD_CAST "1");
    S_rows r;
    S_rows_read(tbl, &r);
    if (roster) {
        S_table_roster(c, &r, col_role, col_name, col_title);
        S_rows_free(&r);
        return;
    }
    S_rows_merge_spills(&r, col_id);
    gw_buf id = {0};
    for (size_t i = 1; i < r.n; i++) {
        S_para fake = {0};
        fake.line = r.line[i];
        fake.col = 1;
        const char *txt = S_row_cell(&r, i, col_text);
        fake.text = (char *)txt;
        fake.len = strlen(txt);
        S_path_id(&st->path, 5, &id);
        char num[32];
        const char *rid = *S_row_cell(&r, i, col_id) ? S_row_cell(&r, i, col_id) : NULL;
        if (!rid) {
            snprintf(num, sizeof num, "%zu", i);
            rid = num;
        }
        if (id.len)
            gw_buf_putc(&id, '/');
        gw_buf_puts(&id, rid);
        S_halfwidth_digits(id.ptr);
        id.len = strlen(id.ptr);
        S_task_open(c, id.ptr, &fake);
        if (col_lead >= 0)
            S_task_units(c, S_ROLE_LEAD, S_row_cell(&r, i, col_lead), strlen(S_row_cell(&r, i, col_lead)));
        if (col_resp >= 0)
            S_task_units(c, S_ROLE_RESP, S_row_cell(&r, i, col_resp), strlen(S_row_cell(&r, i, col_resp)));
        if (col_supp >= 0)
            S_task_units(c, S_ROLE_SUPP, S_row_cell(&r, i, col_supp), strlen(S_row_cell(&r, i, col_supp)));
        if (col_dl >= 0)
            S_set_deadline(c, S_row_cell(&r, i, col_dl), strlen(S_row_cell(&r, i, col_dl)));
        S_task_end(c);
    }
    gw_buf_free(&id);
    S_rows_free(&r);
}

/* Ends the open task: kept when it got units or a period, else dropped
 * (and its paragraph checked for residue). */
static void S_task_end(S_ctx *c)
{
    if (!c->cur_open)
        return;
    if (c->cur.has_units || c->cur.deadline[0]) {
        S_task_close(c);
        return;
    }
    xmlNodePtr t = c->cur.node;
    S_task_reset(&c->cur);
    c->cur_open = 0;
    xmlUnlinkNode(t);
    xmlFreeNode(t);
    if (c->cur_para)
        S_add_residue(c, c->cur_para);
    c->cur_para = NULL;
}

/* Processes paragraphs [from, to) into body. */
static void S_body(S_ctx *c, xmlNodePtr body, size_t from, size_t to)
{
    S_body_state st;
    memset(&st, 0, sizeof st);
    gw_buf id = {0};
    for (size_t i = from; i < to; i++) {
        const S_para *p = &c->ps.v[i];
        gw_match m;
        if (p->chrome)
            continue;
        /* a table flattened to one "cell |" line per cell: the header
         * cells give the number of columns */
        if (gw_rule_match(GW_R_TABLE_CELL, p->text, p->len, 0, &m)) {
            size_t j = i, ncols = 0;
            while (j < to && gw_rule_match(GW_R_TABLE_CELL, c->ps.v[j].text, c->ps.v[j].len, 0, &m))
                j++;
            while (i + ncols < j) {
                const S_para *h = &c->ps.v[i + ncols];
                gw_rule_match(GW_R_TABLE_CELL, h->text, h->len, 0, &m);
                char *cell = S_squash(h->text + gw_match_start(&m, 1), gw_match_len(&m, 1));
                int is_header = gw_rule_match(GW_R_TABLE_HEADER, cell, strlen(cell), 0, NULL);
                free(cell);
                if (!is_header)
                    break;
                ncols++;
            }
            if (ncols >= 2) {
                S_task_end(c);
                for (size_t r = i; r < j; r += ncols) {
                    gw_buf row = {0};
                    for (size_t k = r; k < r + ncols && k < j; k++) {
                        const S_para *cp = &c->ps.v[k];
                        gw_rule_match(GW_R_TABLE_CELL, cp->text, cp->len, 0, &m);
                        gw_buf_puts(&row, "| ");
                        gw_buf_put(&row, cp->text + gw_match_start(&m, 1), gw_match_len(&m, 1));
                        gw_buf_putc(&row, ' ');
                    }
                    gw_buf_puts(&row, "|");
                    S_para rp = c->ps.v[r];
                    rp.text = row.ptr;
                    rp.len = row.len;
                    S_table_row(c, &st, body, &rp, &m);
                    gw_buf_free(&row);
                }
                i = j - 1;
                continue;
            }
        }
        /* tables */
        if (gw_rule_match(GW_R_TABLE_ROW, p->text, p->len, 0, &m)) {
            S_task_end(c);
            if (gw_rule_match(GW_R_TABLE_RULE, p->text, p->len, 0, &m))
                continue;
            S_table_row(c, &st, body, p, &m);
            continue;
        }
        if (st.table)
            S_table_tasks(c, &st);
        /* rosters */
        if (gw_rule_match(GW_R_ROSTER_ROLE, p->text, p->len, 0, &m)) {
            S_task_end(c);
            char *role = S_squash(p->text + gw_match_start(&m, 1), gw_match_len(&m, 1));
            snprintf(st.roster_role, sizeof st.roster_role, "%s", role);
            free(role);
            if (!c->roster) {
                c->roster = gw_model_child(c->m, gw_model_root(c->m), "roster", 1);
                gw_model_set_int(c->roster, "line", p->line);
            }
            st.in_roster = 1;
            S_roster_members(c, st.roster_role, p->text + gw_match_start(&m, 2), gw_match_len(&m, 2), p);
            xmlNodePtr para = gw_model_add(c->m, body, "p", NULL, p->line, p->col);
            gw_model_set_attr(para, "role", "roster");
            S_add_inline(c, para, p, 0);
            continue;
        }
        /* a title the drafter broke: 县数据资源管理局局长、县政务服务中心 / 主任 */
        if (st.in_roster && c->roster && c->roster->last && gw_utf8_count(p->text, p->len) <= 6 &&
            S_is_post_title(p->text, p->len) && !memchr(p->text, ' ', p->len) && !S_has_sentence_punct(p->text, p->len) &&
            !p->md_heading && !S_label_level(p->text, p->len, &m)) {
            char *ti = gw_model_attr(c->roster->last, "title");
            if (ti) {
                char *sq = S_squash(p->text, p->len);
                char *joined = gw_xasprintf("%s%s", ti, sq);
                gw_model_set_attr(c->roster->last, "title", joined);
                free(joined);
                free(sq);
                free(ti);
                xmlNodePtr para = gw_model_add(c->m, body, "p", NULL, p->line, p->col);
                gw_model_set_attr(para, "role", "roster");
                S_add_inline(c, para, p, 0);
                continue;
            }
        }
        if (st.in_roster && S_roster_cont(p)) {
            S_roster_members(c, st.roster_role, p->text, p->len, p);
            xmlNodePtr para = gw_model_add(c->m, body, "p", NULL, p->line, p->col);
            gw_model_set_attr(para, "role", "roster");
            S_add_inline(c, para, p, 0);
            continue;
        }
        st.in_roster = 0;
        /* labels on their own line after a task */
        if (gw_rule_match(GW_R_ROLE_LINE, p->text, p->len, 0, &m) && c->cur_open) {
            if (S_is_open(S_first_cp(p->text, p->len)))
                S_parse_groups(c, p->text, p->len);
            else
                S_parse_labels(c, p->text, p->len);
            xmlNodePtr para = gw_model_add(c->m, body, "p", NULL, p->line, p->col);
            S_add_inline(c, para, p, 0);
            continue;
        }
        /* （X牵头，Y配合；…） alone, after the item's own paragraphs */
        if (c->cur_open && !c->cur.has_units && S_first_cp(p->text, p->len) == 0xFF08 &&
            S_last_cp(p->text, p->len) == 0xFF09 && !S_label_level(p->text, p->len, &m) &&
            S_parse_groups(c, p->text, p->len)) {
            xmlNodePtr para = gw_model_add(c->m, body, "p", NULL, p->line, p->col);
            S_add_inline(c, para, p, 0);
            continue;
        }
        if (gw_rule_match(GW_R_TIME_LABEL, p->text, p->len, 0, &m) && c->cur_open &&
            (!c->cur_far || c->cur.has_units) && gw_match_start(&m, 0) < 6) {
            S_set_deadline(c, p->text + gw_match_start(&m, 1), gw_match_len(&m, 1));
            xmlNodePtr para = gw_model_add(c->m, body, "p", NULL, p->line, p->col);
            S_add_inline(c, para, p, 0);
            continue;
        }
        /* 第三部分 重点任务: a part; its label heads the ids under it */
        if (gw_rule_match(GW_R_PART, p->text, p->len, 0, &m) && !S_has_sentence_punct(p->text, p->len)) {
            S_task_end(c);
            memset(&st.path, 0, sizeof st.path);
            snprintf(st.path.part, sizeof st.path.part, "%.*s", (int)gw_match_len(&m, 1),
                     p->text + gw_match_start(&m, 1));
            xmlNodePtr h = gw_model_add(c->m, body, "heading", NULL, p->line, p->col);
            gw_model_set_int(h, "level", 1);
            gw_model_set_attr(h, "label", st.path.part);
            S_add_inline(c, h, p, m.ov[1]);
            continue;
        }
        int level = S_label_level(p->text, p->len, &m);
        if (level && level <= 5) {
            S_task_end(c);
            S_path_set(&st.path, level, p->text, &m);
            size_t after = m.ov[1];
            xmlNodePtr h = gw_model_add(c->m, body, "heading", NULL, p->line, p->col);
            /* ① items are laid out like （1） items (GB/T 9704 has four levels) */
            gw_model_set_int(h, "level", level > 4 ? 4 : level);
            char *label = gw_xstrndup(p->text + gw_match_start(&m, 0), after - gw_match_start(&m, 0));
            size_t ln = strlen(label);
            const char *lt = S_trim(label, &ln);
            char *lab2 = gw_xstrndup(lt, ln);
            gw_model_set_attr(h, "label", lab2);
            free(lab2);
            free(label);
            S_add_inline(c, h, p, after);
            /* a task? */
            S_path_id(&st.path, level, &id);
            S_task_open(c, id.ptr, p);
            int units = S_parse_groups(c, p->text, p->len);
            if (!units) {
                /* labels written inline without parentheses, after the
                 * task's first sentence: …。牵头单位：甲；责任单位：乙。 */
                gw_match lm;
                if (gw_rule_match(GW_R_ROLE_LABEL, p->text, p->len, after, &lm) && gw_match_start(&lm, 0) > after)
                    units = S_parse_labels(c, p->text + gw_match_start(&lm, 0), p->len - gw_match_start(&lm, 0));
            }
            if (units) {
                if (!c->cur.deadline[0]) {
                    gw_match dm;
                    if (gw_rule_match(GW_R_DEADLINE_TEXT, p->text, p->len, 0, &dm))
                        S_set_deadline(c, p->text + gw_match_start(&dm, 1), gw_match_len(&dm, 1));
                }
                continue; /* stays open: labels may follow on their own lines */
            }
            char v[64];
            char *vt = NULL;
            if (S_stage_period(c, p->text, p->len, v, sizeof v, &vt)) {
                snprintf(c->cur.deadline, sizeof c->cur.deadline, "%s", v);
                c->cur.deadline_text = vt;
                continue;
            }
            /* no units yet: keep it open in case labels follow; dropped if not */
            c->cur_para = p;
            continue;
        }
        /* an item's labels at the end of a later paragraph of it:
         * …遇突发情况随时报告。（县应急管理局牵头，县气象局配合） */
        if (c->cur_open && !c->cur.has_units && !c->cur_far && S_last_cp(p->text, p->len) == 0xFF09 &&
            S_parse_groups(c, p->text, p->len)) {
            xmlNodePtr para = gw_model_add(c->m, body, "p", NULL, p->line, p->col);
            S_add_inline(c, para, p, 0);
            continue;
        }
        /* plain paragraph: ends the open task, except that an item still
         * waiting for its labels may be described first (the labels follow
         * the description), and list items under an item belong to it */
        if (c->cur_open && (!c->cur.has_units || p->bullet))
            c->cur_far = 1;
        else
            S_task_end(c);
        xmlNodePtr para = gw_model_add(c->m, body, "p", NULL, p->line, p->col);
        S_add_inline(c, para, p, 0);
        S_add_residue(c, p);
    }
    if (st.table)
        S_table_tasks(c, &st);
    S_task_end(c);
    gw_buf_free(&id);
}

/* ------------------------------------------------------------------ */
/* document structure                                                   */

static int S_is_title(const S_para *p)
{
    gw_match m;
    if (p->chrome || p->len > 400)
        return 0;
    if (S_label_level(p->text, p->len, &m))
        return 0;
    if (S_has_sentence_punct(p->text, p->len))
        return 0;
    return gw_rule_match(GW_R_TITLE, p->text, p->len, 0, &m);
}

static xmlNodePtr S_add_squashed(S_ctx *c, xmlNodePtr parent, const char *name, const S_para *p)
{
    char *t = S_squash(p->text, p->len);
    xmlNodePtr n = gw_model_add(c->m, parent, name, t, p->line, p->col);
    free(t);
    return n;
}

static xmlNodePtr S_add_plain(S_ctx *c, xmlNodePtr parent, const char *name, const S_para *p)
{
    char *t = gw_xstrndup(p->text, p->len);
    xmlNodePtr n = gw_model_add(c->m, parent, name, t, p->line, p->col);
    free(t);
    return n;
}

/* 主送机关 / salutation: the text before the colon, its items split. */
static void S_add_recipients(S_ctx *c, const S_para *p, size_t textlen)
{
    char *raw = S_squash(p->text, textlen);
    xmlNodePtr r = gw_model_add(c->m, gw_model_root(c->m), "recipients", NULL, p->line, p->col);
    gw_model_set_attr(r, "text", raw);
    gw_buf items = {0};
    gw_units_normalize(raw, strlen(raw), &items);
    S_add_items(c, r, "recipient", items.ptr, items.len, 0);
    gw_buf_free(&items);
    free(raw);
}

/* The text of p before a final colon (full- or half-width). */
static size_t S_before_colon(const S_para *p)
{
    if (S_ends(p->text, p->len, "："))
        return p->len - 3;
    if (S_ends(p->text, p->len, ":"))
        return p->len - 1;
    return p->len;
}

static int S_is_salutation(const S_para *p)
{
    gw_match m;
    if (p->len > 300 || S_has_sentence_punct(p->text, p->len))
        return 0;
    if (gw_rule_match(GW_R_ROSTER_ROLE, p->text, p->len, 0, &m) ||
        gw_rule_match(GW_R_ATTACH_NOTE, p->text, p->len, 0, &m) ||
        gw_rule_match(GW_R_ROLE_LINE, p->text, p->len, 0, &m) || S_label_level(p->text, p->len, &m))
        return 0;
    if (!gw_rule_match(GW_R_RECIPIENTS, p->text, p->len, 0, &m))
        return 0;
    /* an opening sentence ending in a colon is not an addressee list */
    static const char *const verbs[] = {"如下", "为了", "根据", "按照", "现将", "现就", "制定", "特制", "要求",
                                        "经研究", "为进一步", "为加快", "为深入", "为切实", NULL};
    for (int i = 0; verbs[i]; i++)
        if (memmem(p->text, p->len, verbs[i], strlen(verbs[i])))
            return 0;
    /* every item is a name, not a clause */
    size_t start = 0, i = 0;
    while (i <= p->len) {
        uint32_t ch = 0;
        size_t k = 1;
        if (i < p->len && !(k = gw_utf8_decode(p->text + i, p->len - i, &ch)))
            return 0;
        if (i == p->len || ch == 0x3001 || ch == 0xFF0C || ch == ',') {
            if (gw_utf8_count(p->text + start, i - start) > 30)
                return 0;
            start = i + k;
        }
        i += k;
    }
    return 1;
}

static void S_date_node(S_ctx *c, xmlNodePtr parent, const char *name, const S_para *p)
{
    char iso[16] = "";
    xmlNodePtr dn = S_add_squashed(c, parent, name, p);
    if (S_para_is_date(p, iso, sizeof iso, c->year))
        gw_model_set_attr(dn, "value", iso);
}

/* 附件说明: "附件：1.××" and the numbered lines after it. Returns the index
 * after the last line used. */
static size_t S_attachment_notes(S_ctx *c, size_t i, size_t end)
{
    const S_para *p = &c->ps.v[i];
    gw_match m;
    if (!gw_rule_match(GW_R_ATTACH_NOTE, p->text, p->len, 0, &m))
        return i;
    xmlNodePtr notes = gw_model_child(c->m, gw_model_root(c->m), "attachment-notes", 1);
    if (!gw_model_line(notes))
        gw_model_set_int(notes, "line", p->line);
    size_t vs = gw_match_start(&m, 1), vn = gw_match_len(&m, 1);
    size_t j = i + 1;
    if (vn) {
        S_para tmp = *p;
        tmp.text = p->text + vs;
        tmp.len = vn;
        gw_match lm;
        xmlNodePtr an;
        if (gw_rule_match(GW_R_LABEL3, tmp.text, tmp.len, 0, &lm)) {
            char *num = gw_xstrndup(tmp.text + gw_match_start(&lm, 1), gw_match_len(&lm, 1));
            tmp.text += lm.ov[1];
            tmp.len -= lm.ov[1];
            an = S_add_squashed(c, notes, "attachment-note", &tmp);
            gw_model_set_attr(an, "n", num);
            free(num);
            /* following numbered lines */
            while (j < end && gw_rule_match(GW_R_LABEL3, c->ps.v[j].text, c->ps.v[j].len, 0, &lm) &&
                   !S_has_sentence_punct(c->ps.v[j].text, c->ps.v[j].len)) {
                S_para t2 = c->ps.v[j];
                char *n2 = gw_xstrndup(t2.text + gw_match_start(&lm, 1), gw_match_len(&lm, 1));
                t2.text += lm.ov[1];
                t2.len -= lm.ov[1];
                an = S_add_squashed(c, notes, "attachment-note", &t2);
                gw_model_set_attr(an, "n", n2);
                free(n2);
                j++;
            }
        } else {
            S_add_squashed(c, notes, "attachment-note", &tmp);
        }
    }
    if (!gw_model_first(notes, "attachment-note")) {
        /* "附件：" with nothing after it (a web page's empty attachment list) */
        xmlUnlinkNode(notes);
        xmlFreeNode(notes);
    }
    return j;
}

/* Finds the 署名 + 成文日期 that close the main text: a date line, possibly
 * preceded by an agency line.  Returns the index of the date line or -1. */
static long S_find_close(S_ctx *c, size_t from, size_t end)
{
    for (size_t i = from; i < end; i++)
        if (!c->ps.v[i].chrome && S_para_is_date(&c->ps.v[i], NULL, 0, c->year))
            return (long)i;
    return -1;
}

static int S_infer_year(S_ctx *c)
{
    for (size_t i = 0; i < c->ps.n; i++) {
        char iso[16];
        if (S_para_is_date(&c->ps.v[i], iso, sizeof iso, 0))
            return atoi(iso);
    }
    /* a report delivered at a meeting: ——2024年4月25日在…会议上 */
    for (size_t i = 0; i < c->ps.n && i < 12; i++) {
        gw_match m, y;
        const S_para *p = &c->ps.v[i];
        if (gw_rule_match(GW_R_SUBTITLE, p->text, p->len, 0, &m) &&
            gw_rule_match(GW_R_DL_YMD, p->text, p->len, 0, &y) && gw_match_set(&y, 1))
            return atoi(p->text + gw_match_start(&y, 1));
    }
    for (size_t i = 0; i < c->ps.n; i++) {
        gw_match m;
        if (gw_rule_match(GW_R_DOCNUMBER, c->ps.v[i].text, c->ps.v[i].len, 0, &m)) {
            char *yr = gw_xstrndup(c->ps.v[i].text + gw_match_start(&m, 2), gw_match_len(&m, 2));
            S_halfwidth_digits(yr); /* 〔２０２５〕 */
            int y = atoi(yr);
            free(yr);
            if (y > 0)
                return y;
        }
    }
    if (c->meta_date[0])
        return atoi(c->meta_date);
    for (size_t i = 0; i < c->ps.n; i++) {
        gw_match m;
        if (gw_rule_match(GW_R_DL_YEAR, c->ps.v[i].text, c->ps.v[i].len, 0, &m))
            return atoi(c->ps.v[i].text + gw_match_start(&m, 1));
    }
    return 0;
}

/* The lines that continue paragraph i of the head with no blank line
 * between (a title or subtitle the drafter broke): appends them to jb, which
 * holds paragraph i's text, and returns how many there are.  A title takes
 * a line when the two still read as a title; a subtitle until it ends the
 * way subtitles end (…会议上, …通过, a closing parenthesis). */
static size_t S_broken_run(const S_ctx *c, size_t i, gw_buf *jb, int title)
{
    size_t k = i + 1;
    for (; k < c->ps.n; k++) {
        const S_para *q = &c->ps.v[k];
        gw_match m;
        if (q->blank_before || q->chrome || gw_utf8_count(q->text, q->len) > 40 ||
            S_has_sentence_punct(q->text, q->len) || memmem(q->text, q->len, "：", 3) ||
            S_label_level(q->text, q->len, &m) || gw_rule_match(GW_R_DOCNUMBER, q->text, q->len, 0, &m) ||
            gw_rule_match(GW_R_DATE_LINE, q->text, q->len, 0, &m) ||
            gw_rule_match(GW_R_SUBTITLE, q->text, q->len, 0, &m))
            break;
        if (title) {
            S_para t = *q;
            size_t keep = jb->len;
            gw_buf_put(jb, q->text, q->len);
            t.text = jb->ptr;
            t.len = jb->len;
            if (!S_is_title(&t)) {
                jb->len = keep;
                jb->ptr[keep] = '\0';
                break;
            }
        } else {
            if (S_ends(jb->ptr, jb->len, "上") || S_ends(jb->ptr, jb->len, "通过") ||
                S_ends(jb->ptr, jb->len, "）") || S_ends(jb->ptr, jb->len, ")"))
                break;
            gw_buf_put(jb, q->text, q->len);
        }
    }
    return k - i - 1;
}

/* Adds element name to parent with the text of paragraphs [i, i + count)
 * joined and squashed (a masthead, title or subtitle the drafter broke),
 * then with the lines that continue it when run is 1 (a title) or 0 (a
 * subtitle; -1: none).  Returns the element; *taken is how many paragraphs
 * it used. */
static xmlNodePtr S_add_joined(S_ctx *c, xmlNodePtr parent, const char *name, size_t i, size_t count, int run,
                               size_t *taken)
{
    gw_buf jb = {0};
    for (size_t q = 0; q < count; q++)
        gw_buf_put(&jb, c->ps.v[i + q].text, c->ps.v[i + q].len);
    if (run >= 0)
        count += S_broken_run(c, i + count - 1, &jb, run);
    S_para j = c->ps.v[i];
    j.text = jb.ptr;
    j.len = jb.len;
    xmlNodePtr el = S_add_squashed(c, parent, name, &j);
    gw_buf_free(&jb);
    *taken = count;
    return el;
}

/* Does a title follow paragraph i, after at most seven lines of the
 * head's fields (答复类别：, 公开属性：, 签发人：, a 字号)?  A reply in
 * 信函格式 starts with its agency's name over such lines. */
static int S_title_after_fields(S_ctx *c, size_t i)
{
    for (size_t j = i; j < c->ps.n && j < i + 8; j++) {
        const S_para *q = &c->ps.v[j];
        gw_match m;
        if (q->chrome || gw_rule_match(GW_R_REPLY_FIELD, q->text, q->len, 0, &m) ||
            gw_rule_match(GW_R_DOCNUMBER, q->text, q->len, 0, &m) ||
            gw_rule_match(GW_R_SIGNER, q->text, q->len, 0, &m))
            continue;
        return j > i && S_is_title(q);
    }
    return 0;
}

static const char *S_infer_kind(const char *title, int has_docnum)
{
    if (!title)
        return "plan";
    if (strstr(title, "答复") || strstr(title, "复函") || strstr(title, "办理意见") ||
        strstr(title, "会办意见"))
        return "reply";
    size_t n = strlen(title);
    if (S_ends(title, n, "报告") || S_ends(title, n, "报告》") || S_ends(title, n, "总结") ||
        S_ends(title, n, "打算") || S_ends(title, n, "请示"))
        return "report"; /* 工作总结, 工作总结和明年工作打算 */
    /* an 意见 or a 方案 issued without a 通知 cover is a plan (it renders
     * with a 版头 when it carries a 字号: gw_render_kind) */
    if (strstr(title, "印发") || strstr(title, "转发") || S_ends(title, n, "通知") || S_ends(title, n, "决定") ||
        S_ends(title, n, "通报") || S_ends(title, n, "批复"))
        return "notice";
    (void)has_docnum;
    return "plan";
}

static void S_reply_fields(S_ctx *c, const char *title)
{
    xmlNodePtr root = gw_model_root(c->m);
    xmlNodePtr reply = gw_model_child(c->m, root, "reply", 1);
    const char *cat = strstr(title, "提案") ? "提案" : strstr(title, "议案") ? "议案" : strstr(title, "建议") ? "建议" : NULL;
    if (cat) {
        xmlNodePtr f = gw_model_add(c->m, reply, "field", cat, 0, 0);
        gw_model_set_attr(f, "name", "category");
    }
    /* 第701号 / 第20190017号 */
    const char *d = strstr(title, "第");
    while (d) {
        const char *q = d + 3;
        size_t k = 0;
        while (q[k] >= '0' && q[k] <= '9')
            k++;
        if (k && strncmp(q + k, "号", 3) == 0) {
            char *num = gw_xstrndup(q, k);
            xmlNodePtr f = gw_model_add(c->m, reply, "field", num, 0, 0);
            gw_model_set_attr(f, "name", "number");
            free(num);
            /* the session: text between 关于/对 and 第 */
            const char *st = title;
            const char *a = strstr(title, "关于对");
            if (a && a < d)
                st = a + 9;
            else if ((a = strstr(title, "关于")) && a < d)
                st = a + 6;
            else if ((a = strstr(title, "对")) && a < d)
                st = a + 3;
            if (d > st) {
                char *sess = gw_xstrndup(st, (size_t)(d - st));
                xmlNodePtr f2 = gw_model_add(c->m, reply, "field", sess, 0, 0);
                gw_model_set_attr(f2, "name", "session");
                free(sess);
            }
            break;
        }
        d = strstr(d + 3, "第");
    }
    xmlNodePtr rec = gw_model_first(root, "recipients");
    if (rec) {
        char *t = gw_model_attr(rec, "text");
        if (t) {
            size_t n = strlen(t);
            if (S_ends(t, n, "代表") || S_ends(t, n, "委员")) {
                t[n - 6] = '\0';
                xmlNodePtr f = gw_model_add(c->m, reply, "field", t, 0, 0);
                gw_model_set_attr(f, "name", "proposer");
            }
            free(t);
        }
    }
    /* 答复类别：A, 主办单位：…, 联系人：… printed outside the title */
    for (int k = 0; k < S_RF_MAX; k++) {
        if (!c->reply[k].text)
            continue;
        xmlNodePtr f = S_add_squashed(c, reply, "field", &c->reply[k]);
        gw_model_set_attr(f, "name", S_rf_names[k]);
    }
    if (!reply->children) {
        xmlUnlinkNode(reply);
        xmlFreeNode(reply);
    }
}

static void S_colophon(S_ctx *c, size_t i)
{
    const S_para *p = &c->ps.v[i];
    gw_match m;
    xmlNodePtr root = gw_model_root(c->m);
    if (gw_rule_match(GW_R_CC, p->text, p->len, 0, &m)) {
        xmlNodePtr col = gw_model_child(c->m, root, "colophon", 1);
        S_para t = *p;
        t.text = p->text + gw_match_start(&m, 1);
        t.len = gw_match_len(&m, 1);
        while (t.len && (S_ends(t.text, t.len, "。") || S_ends(t.text, t.len, ".")))
            t.len -= S_ends(t.text, t.len, "。") ? 3 : 1;
        S_add_plain(c, col, "cc", &t);
    } else if (gw_rule_match(GW_R_PRINTER, p->text, p->len, 0, &m)) {
        xmlNodePtr col = gw_model_child(c->m, root, "colophon", 1);
        S_para t = *p;
        t.text = p->text + gw_match_start(&m, 1);
        t.len = gw_match_len(&m, 1);
        S_add_squashed(c, col, "printer", &t);
        t.text = p->text + gw_match_start(&m, 2);
        t.len = gw_match_len(&m, 2);
        S_date_node(c, col, "print-date", &t);
    }
}

static int S_is_colophon(const S_para *p)
{
    gw_match m;
    return gw_rule_match(GW_R_CC, p->text, p->len, 0, &m) || gw_rule_match(GW_R_PRINTER, p->text, p->len, 0, &m);
}

/* The plan a notice issues: its title (maybe over two lines), subtitle
 * lines (adoption dates), body, 附件说明, attachments. */
static void S_rest(S_ctx *c, size_t i, size_t end, int enclosure)
{
    xmlNodePtr root = gw_model_root(c->m);
    xmlNodePtr parent = root;
    xmlNodePtr body = gw_model_first(root, "body");
    while (i < end && c->ps.v[i].chrome)
        i++;
    if (enclosure && i < end) {
        xmlNodePtr enc = gw_model_add(c->m, root, "enclosure", NULL, c->ps.v[i].line, c->ps.v[i].col);
        parent = enc;
        /* title: up to three short lines ending with a document type */
        size_t j = i;
        gw_buf t = {0};
        for (size_t k = i; k < end && k < i + 3; k++) {
            const S_para *p = &c->ps.v[k];
            if (p->chrome || S_has_sentence_punct(p->text, p->len) || gw_utf8_count(p->text, p->len) > 60)
                break;
            gw_match m;
            if (S_label_level(p->text, p->len, &m))
                break;
            S_put_squashed(&t, p->text, p->len);
            if (S_is_title(p)) {
                j = k + 1;
                break;
            }
        }
        if (j > i) {
            xmlNodePtr tn = gw_model_add(c->m, enc, "title", t.ptr, c->ps.v[i].line, c->ps.v[i].col);
            (void)tn;
            i = j;
        }
        gw_buf_free(&t);
        /* subtitles: adoption lines (2021年3月23日在…通过), （…） lines */
        while (i < end) {
            const S_para *p = &c->ps.v[i];
            gw_match m;
            int sub = 0;
            if (p->chrome) {
                i++;
                continue;
            }
            if (!S_has_sentence_punct(p->text, p->len) && gw_utf8_count(p->text, p->len) < 60 &&
                !S_label_level(p->text, p->len, &m) &&
                (memmem(p->text, p->len, "通过", 6) || memmem(p->text, p->len, "会议上", 9) ||
                 gw_rule_match(GW_R_SUBTITLE, p->text, p->len, 0, &m) ||
                 (S_first_cp(p->text, p->len) == 0xFF08 && S_last_cp(p->text, p->len) == 0xFF09)))
                sub = 1;
            /* a subtitle broken over two lines: "…常委会" / "40次会议上通过" */
            if (!sub && i + 1 < end && !S_has_sentence_punct(p->text, p->len) &&
                gw_utf8_count(p->text, p->len) < 60 && !S_label_level(p->text, p->len, &m) &&
                memmem(c->ps.v[i + 1].text, c->ps.v[i + 1].len, "通过", 6) &&
                gw_utf8_count(c->ps.v[i + 1].text, c->ps.v[i + 1].len) < 30) {
                S_para joined = *p;
                gw_buf jb = {0};
                gw_buf_put(&jb, p->text, p->len);
                gw_buf_put(&jb, c->ps.v[i + 1].text, c->ps.v[i + 1].len);
                joined.text = jb.ptr;
                joined.len = jb.len;
                S_add_squashed(c, enc, "subtitle", &joined);
                gw_buf_free(&jb);
                i += 2;
                continue;
            }
            if (!sub)
                break;
            S_add_squashed(c, enc, "subtitle", p);
            i++;
        }
        body = gw_model_add(c->m, enc, "body", NULL, 0, 0);
    }
    /* split off attachments (附件1 / 附件 on a line of its own) and the 版记 */
    size_t k = i;
    while (k < end) {
        const S_para *p = &c->ps.v[k];
        gw_match m;
        if (gw_rule_match(GW_R_ATTACH_LABEL, p->text, p->len, 0, &m) || S_is_colophon(p))
            break;
        k++;
    }
    /* 附件说明 inside the range closes the body */
    size_t body_end = k;
    for (size_t q = i; q < k; q++) {
        gw_match m;
        if (gw_rule_match(GW_R_ATTACH_NOTE, c->ps.v[q].text, c->ps.v[q].len, 0, &m) && q + 1 >= k - 3) {
            body_end = q;
            break;
        }
        if (gw_rule_match(GW_R_ATTACH_NOTE, c->ps.v[q].text, c->ps.v[q].len, 0, &m) &&
            gw_match_len(&m, 1) > 0) {
            body_end = q;
            break;
        }
    }
    S_body(c, body, i, body_end);
    size_t q = body_end;
    while (q < k) {
        size_t nq = S_attachment_notes(c, q, k);
        if (nq == q) {
            /* leftovers after the notes stay in the body */
            xmlNodePtr para = gw_model_add(c->m, body, "p", NULL, c->ps.v[q].line, c->ps.v[q].col);
            S_add_inline(c, para, &c->ps.v[q], 0);
            nq = q + 1;
        }
        q = nq;
    }
    (void)parent;
    /* attachments */
    while (k < end) {
        const S_para *p = &c->ps.v[k];
        gw_match m;
        if (S_is_colophon(p)) {
            S_colophon(c, k);
            k++;
            continue;
        }
        if (!gw_rule_match(GW_R_ATTACH_LABEL, p->text, p->len, 0, &m)) {
            k++;
            continue;
        }
        xmlNodePtr att = gw_model_add(c->m, root, "attachment", NULL, p->line, p->col);
        if (gw_match_len(&m, 1)) {
            char *n = gw_xstrndup(p->text + gw_match_start(&m, 1), gw_match_len(&m, 1));
            gw_model_set_attr(att, "n", n);
            free(n);
        }
        size_t a = k + 1;
        while (a < end && c->ps.v[a].chrome)
            a++;
        if (a < end && !S_has_sentence_punct(c->ps.v[a].text, c->ps.v[a].len) &&
            gw_utf8_count(c->ps.v[a].text, c->ps.v[a].len) < 80 && !S_label_level(c->ps.v[a].text, c->ps.v[a].len, &m)) {
            S_add_squashed(c, att, "title", &c->ps.v[a]);
            a++;
        }
        size_t e = a;
        while (e < end && !gw_rule_match(GW_R_ATTACH_LABEL, c->ps.v[e].text, c->ps.v[e].len, 0, &m) &&
               !S_is_colophon(&c->ps.v[e]))
            e++;
        xmlNodePtr ab = gw_model_add(c->m, att, "body", NULL, 0, 0);
        S_body(c, ab, a, e);
        k = e;
    }
}

gw_model *gw_extract(const gw_source *src, const gw_extract_opts *o, gw_diags *d)
{
    char *msg = NULL;
    if (gw_rules_init(&msg) != 0) {
        gw_diags_add(d, GW_ERROR, NULL, 0, 0, "internal error: %s", msg ? msg : "rules");
        free(msg);
        return NULL;
    }
    S_ctx c;
    memset(&c, 0, sizeof c);
    c.src = src;
    c.name = gw_source_name(src);
    c.d = d;
    S_build_paras(src, &c.ps);
    /* 名称：/文号： lines of a web page's information box, above the text */
    for (size_t i = 0; i < c.ps.n && i < 12; i++) {
        gw_match m;
        if (gw_rule_match(GW_R_INFO_LINE, c.ps.v[i].text, c.ps.v[i].len, 0, &m))
            c.ps.v[i].chrome = 1;
    }
    /* web-page metadata */
    for (size_t i = 0; i < c.ps.n; i++) {
        const S_para *p = &c.ps.v[i];
        gw_match m;
        if (!c.meta_date[0] && gw_rule_match(GW_R_META_DATE, p->text, p->len, 0, &m)) {
            long y = S_num(p->text, &m, 1), mo = S_num(p->text, &m, 2), dd = S_num(p->text, &m, 3);
            if (S_valid_ymd(y, mo, dd))
                snprintf(c.meta_date, sizeof c.meta_date, "%04ld-%02ld-%02ld", y, mo, dd);
        }
        if (!c.meta_issuer && (i < 12 || p->chrome) && gw_rule_match(GW_R_META_ISSUER, p->text, p->len, 0, &m))
            c.meta_issuer = S_squash(p->text + gw_match_start(&m, 1), gw_match_len(&m, 1));
        if (!c.meta_docnum && gw_rule_match(GW_R_META_DOCNUMBER, p->text, p->len, 0, &m)) {
            c.meta_docnum = gw_xasprintf("%.*s〔%.*s〕%.*s号", (int)gw_match_len(&m, 1), p->text + gw_match_start(&m, 1),
                                         (int)gw_match_len(&m, 2), p->text + gw_match_start(&m, 2),
                                         (int)gw_match_len(&m, 3), p->text + gw_match_start(&m, 3));
            S_halfwidth_digits(c.meta_docnum);
            c.meta_docnum_at = p;
        }
    }
    c.year = S_infer_year(&c);
    c.m = gw_model_new("plan", c.name);
    xmlNodePtr root = gw_model_root(c.m);
    if (gw_source_encoding(src))
        gw_model_set_attr(root, "encoding", gw_source_encoding(src));
    if (c.year > 0)
        gw_model_set_int(root, "year", c.year);

    /* ---- front matter ---- */
    size_t i = 0, n = c.ps.n;
    char *title = NULL;
    int have_docnum = 0;
    xmlNodePtr head = NULL;
    for (; i < n; i++) {
        S_para *p = &c.ps.v[i];
        gw_match m;
        if (p->chrome)
            continue;
        if (gw_rule_match(GW_R_DOCNUMBER, p->text, p->len, 0, &m) && !have_docnum &&
            gw_match_start(&m, 0) == 0) {
            if (!head)
                head = gw_model_child(c.m, root, "head", 1);
            S_para t = *p;
            t.len = gw_match_start(&m, 4);
            size_t tl = t.len;
            t.text = (char *)S_trim(t.text, &tl);
            t.len = tl;
            /* normalise the brackets to 〔〕 */
            gw_buf dn = {0};
            gw_buf_put(&dn, p->text + gw_match_start(&m, 1), gw_match_len(&m, 1));
            /* 〔2025〕第12号 keeps its 第 */
            int di = memmem(p->text + m.ov[5], gw_match_start(&m, 3) - m.ov[5], "第", 3) != NULL;
            gw_buf_printf(&dn, "〔%.*s〕%s%.*s号", (int)gw_match_len(&m, 2), p->text + gw_match_start(&m, 2), di ? "第" : "",
                          (int)gw_match_len(&m, 3), p->text + gw_match_start(&m, 3));
            char *sq = S_squash(dn.ptr, dn.len);
            S_halfwidth_digits(sq);
            gw_model_add(c.m, head, "doc-number", sq, p->line, p->col);
            free(sq);
            gw_buf_free(&dn);
            have_docnum = 1;
            gw_match sm;
            if (gw_rule_match(GW_R_SIGNER, p->text, p->len, 0, &sm)) {
                /* 签发人：甲 乙 */
                const char *s = p->text + gw_match_start(&sm, 1);
                size_t sn = gw_match_len(&sm, 1);
                gw_buf names = {0};
                gw_units_normalize(s, sn, &names);
                S_add_items(&c, head, "signer", names.ptr, names.len, p->line);
                gw_buf_free(&names);
            }
            continue;
        }
        if (gw_rule_match(GW_R_SIGNER, p->text, p->len, 0, &m) && gw_match_start(&m, 0) == 0) {
            if (!head)
                head = gw_model_child(c.m, root, "head", 1);
            S_para t = *p;
            t.text = p->text + gw_match_start(&m, 1);
            t.len = gw_match_len(&m, 1);
            S_add_squashed(&c, head, "signer", &t);
            continue;
        }
        if (!title && !c.head_sig.text) {
            /* 纪要: 青溪区人民政府办公室　　　2025年6月12日 under the 字号 */
            size_t off[S_TEXT_COLS_MAX], len[S_TEXT_COLS_MAX];
            if (S_text_cells(p->text, p->len, off, len, S_TEXT_COLS_MAX) == 2) {
                S_para a = *p, dt = *p;
                a.text = p->text + off[0];
                a.len = len[0];
                dt.text = p->text + off[1];
                dt.len = len[1];
                dt.col = p->col + (int)gw_utf8_count(p->text, off[1]);
                if (S_is_agency_line(&a) && S_para_is_date(&dt, NULL, 0, c.year)) {
                    c.head_sig = a;
                    c.head_date = dt;
                    continue;
                }
            }
        }
        if (!gw_model_first(root, "recipients") && c.nhead_fields < 8 &&
            gw_rule_match(GW_R_REPLY_FIELD, p->text, p->len, 0, &m)) {
            c.head_fields[c.nhead_fields++] = p;
            /* 答复类别：A / 公开属性：… (groups 1, 2) or A类 alone (group 3) */
            int g = gw_match_set(&m, 2) ? 2 : 3;
            const char *lab = g == 2 ? p->text + gw_match_start(&m, 1) : "";
            int k = g == 3 || memcmp(lab, "答复", 6) == 0 || memcmp(lab, "办理", 6) == 0 ? S_RF_RESULT
                    : memcmp(lab, "公开", 6) == 0                                          ? S_RF_DISCLOSURE
                    : memcmp(lab, "主办", 6) == 0 || memcmp(lab, "承办", 6) == 0          ? S_RF_HANDLER
                    : memcmp(lab, "会办", 6) == 0 || memcmp(lab, "协办", 6) == 0          ? S_RF_COHANDLER
                                                                                             : -1;
            if (k >= 0) /* (建议号：第0147号: the title gives the number) */
                S_rf_keep(&c.reply[k], p, &m, g);
            continue;
        }
        if (!title) {
            gw_match m2;
            /* the masthead (发文机关标志), in paragraphs [i, i + nm): a
             * masthead over two lines (甲局 / 乙局　文件, 某区人民政府 / 专题会议纪要);
             * 某区人民政府常务会议纪要 over its 字号; agency lines (two or three
             * for a joint letter) over the 字号; ××文件; an agency line over a
             * reply's head fields and title */
            const S_para *nx = i + 1 < n ? &c.ps.v[i + 1] : NULL;
            size_t nm = 0, na = 0, taken;
            while (na < 3 && i + na < n && S_is_agency_line(&c.ps.v[i + na]))
                na++;
            if (S_is_agency_line(p) && nx && !S_has_sentence_punct(nx->text, nx->len) &&
                ((S_ends(nx->text, nx->len, "文件") && gw_utf8_count(nx->text, nx->len) <= 40) ||
                 (S_ends(nx->text, nx->len, "纪要") && gw_utf8_count(nx->text, nx->len) <= 10)))
                nm = 2;
            else if (S_ends(p->text, p->len, "纪要") && gw_utf8_count(p->text, p->len) <= 24 && nx &&
                     gw_rule_match(GW_R_DOCNUMBER, nx->text, nx->len, 0, &m2))
                nm = 1;
            else if (na >= 1 && i + na < n &&
                     gw_rule_match(GW_R_DOCNUMBER, c.ps.v[i + na].text, c.ps.v[i + na].len, 0, &m2))
                nm = na;
            else if ((S_ends(p->text, p->len, "文件") && gw_utf8_count(p->text, p->len) <= 40 &&
                      !S_has_sentence_punct(p->text, p->len)) ||
                     (S_is_agency_line(p) && S_title_after_fields(&c, i + 1)))
                nm = 1;
            if (nm) {
                if (!head)
                    head = gw_model_child(c.m, root, "head", 1);
                S_add_joined(&c, head, "issuer-mark", i, nm, -1, &taken);
                i += taken - 1;
                continue;
            }
            /* the title, on one line or broken over two (某局 / 关于…的通知)
             * or more (…行动方案 / （2025—2027年）的通知) */
            int two = !S_is_title(p) && i + 1 < n && !p->chrome && gw_utf8_count(p->text, p->len) < 40 &&
                      !S_has_sentence_punct(p->text, p->len) && S_is_title(&c.ps.v[i + 1]) &&
                      !S_label_level(p->text, p->len, &m2) && !S_is_salutation(p);
            if (two || S_is_title(p)) {
                xmlNodePtr tn = S_add_joined(&c, root, "title", i, two ? 2 : 1, 1, &taken);
                title = gw_model_text(tn);
                i += taken - 1;
                continue;
            }
            if (p->md_heading == 1) {
                xmlNodePtr tn = S_add_squashed(&c, root, "title", p);
                title = gw_model_text(tn);
                continue;
            }
            break; /* no title: the body starts here */
        }
        /* after the title: a masthead (××文件) means the title seen so far
         * was a web page's, printed above the document itself */
        if (S_ends(p->text, p->len, "文件") && gw_utf8_count(p->text, p->len) <= 40 &&
            !S_has_sentence_punct(p->text, p->len) && !gw_model_first(root, "recipients")) {
            xmlNodePtr tn = gw_model_first(root, "title");
            xmlUnlinkNode(tn);
            xmlFreeNode(tn);
            free(title);
            title = NULL;
            i--;
            continue;
        }
        /* after the title */
        {
            char *sq = S_squash(p->text, p->len);
            int dup = strcmp(sq, title) == 0;
            free(sq);
            if (dup)
                continue;
        }
        if (gw_rule_match(GW_R_SUBTITLE, p->text, p->len, 0, &m) && !S_has_sentence_punct(p->text, p->len)) {
            size_t taken;
            S_add_joined(&c, root, "subtitle", i, 1, 0, &taken);
            i += taken - 1;
            continue;
        }
        /* （区人民政府副区长　许清源　作报告）: a line in parentheses under the
         * title or the author */
        if (!S_has_sentence_punct(p->text, p->len) && gw_utf8_count(p->text, p->len) < 60 &&
            S_first_cp(p->text, p->len) == 0xFF08 && S_last_cp(p->text, p->len) == 0xFF09) {
            S_add_squashed(&c, root, "subtitle", p);
            continue;
        }
        if (S_is_salutation(p)) {
            S_add_recipients(&c, p, S_before_colon(p));
            i++;
            break;
        }
        if (S_is_agency_line(p) && !gw_model_first(root, "author")) {
            S_add_squashed(&c, root, "author", p);
            continue;
        }
        break;
    }
    if (!have_docnum && c.meta_docnum) {
        /* the 文号 a web page prints in its information table */
        head = gw_model_child(c.m, root, "head", 1);
        gw_model_add(c.m, head, "doc-number", c.meta_docnum, c.meta_docnum_at->line, c.meta_docnum_at->col);
        have_docnum = 1;
    }
    const char *kind = o && o->kind ? o->kind : S_infer_kind(title, have_docnum);
    gw_model_set_kind(c.m, kind);

    /* ---- main text up to 署名/成文日期 ---- */
    xmlNodePtr body = gw_model_first(root, "body");
    size_t end = n;
    while (end > i && (c.ps.v[end - 1].chrome || S_is_colophon(&c.ps.v[end - 1])))
        end--;
    long close = S_find_close(&c, i, end);
    /* a report delivered at a meeting names its author and date at the top;
     * one that is submitted (工作总结, 情况报告) is signed and dated at the end */
    int signed_at_end = strcmp(kind, "report") != 0 || !gw_model_first(root, "subtitle");
    if (close >= 0 && signed_at_end) {
        size_t sig = (size_t)close;
        /* 署名 lines just above the date (one or two agencies) */
        while (sig > i && S_is_agency_line(&c.ps.v[sig - 1]) && (size_t)close - sig < 3)
            sig--;
        /* 附件说明 before the signature */
        size_t body_end = sig;
        for (size_t q = i; q < sig; q++) {
            gw_match m;
            if (gw_rule_match(GW_R_ATTACH_NOTE, c.ps.v[q].text, c.ps.v[q].len, 0, &m)) {
                body_end = q;
                break;
            }
        }
        S_body(&c, body, i, body_end);
        for (size_t q = body_end; q < sig;) {
            size_t nq = S_attachment_notes(&c, q, sig);
            if (nq == q) {
                xmlNodePtr para = gw_model_add(c.m, body, "p", NULL, c.ps.v[q].line, c.ps.v[q].col);
                S_add_inline(&c, para, &c.ps.v[q], 0);
                nq = q + 1;
            }
            q = nq;
        }
        for (size_t q = sig; q < (size_t)close; q++) {
            /* two agencies side by side on one line (联合发文): one each */
            const S_para *sp = &c.ps.v[q];
            size_t off[S_TEXT_COLS_MAX], len[S_TEXT_COLS_MAX];
            size_t nc = S_text_cells(sp->text, sp->len, off, len, S_TEXT_COLS_MAX);
            if (nc < 2) {
                S_add_squashed(&c, root, "signature", sp);
                continue;
            }
            for (size_t k = 0; k < nc; k++) {
                S_para one = *sp;
                one.text = sp->text + off[k];
                one.len = len[k];
                one.col = sp->col + (int)gw_utf8_count(sp->text, off[k]);
                S_add_squashed(&c, root, "signature", &one);
            }
        }
        S_date_node(&c, root, "date", &c.ps.v[close]);
        size_t after = (size_t)close + 1;
        /* 附注 right after the date */
        while (after < end) {
            gw_match m;
            const S_para *np = &c.ps.v[after];
            if (strcmp(kind, "reply") == 0 && gw_rule_match(GW_R_NOTE_CONTACT, np->text, np->len, 0, &m)) {
                /* a reply's contact note: the letter's own 联系人/联系电话
                 * line (both in one note, groups 1 2, or one a line: 3, 4) */
                int gc = gw_match_set(&m, 1) ? 1 : gw_match_set(&m, 3) ? 3 : 0;
                int gp = gw_match_set(&m, 2) ? 2 : gw_match_set(&m, 4) ? 4 : 0;
                if (gc)
                    S_rf_keep(&c.reply[S_RF_CONTACT], np, &m, gc);
                if (gp)
                    S_rf_keep(&c.reply[S_RF_PHONE], np, &m, gp);
                after++;
                continue;
            }
            if (gw_rule_match(GW_R_NOTE, np->text, np->len, 0, &m)) {
                S_add_plain(&c, root, "note", np);
                after++;
                continue;
            }
            size_t nq = S_attachment_notes(&c, after, end);
            if (nq != after) {
                after = nq;
                continue;
            }
            break;
        }
        int enclosure = strcmp(kind, "notice") == 0 && after < end;
        S_rest(&c, after, n, enclosure);
    } else {
        S_rest(&c, i, n, 0);
    }

    /* ---- fallbacks from the web page ---- */
    if (!gw_model_first(root, "date") && c.meta_date[0] && strcmp(kind, "report") != 0) {
        /* a report's date is its meeting date; others fall back to the
         * publication date printed on the page */
        xmlNodePtr dn = gw_model_add(c.m, root, "date", c.meta_date, 0, 0);
        gw_model_set_attr(dn, "value", c.meta_date);
    }
    if (!gw_model_first(root, "date") && strcmp(kind, "report") == 0) {
        /* a report delivered at a meeting is dated by the meeting:
         * ——2021年7月16日在…会议上 */
        for (xmlNodePtr sub = gw_model_first(root, "subtitle"); sub; sub = gw_model_next(sub, "subtitle")) {
            char *t = gw_model_text(sub);
            char v[64];
            gw_match m;
            if (t && gw_rule_match(GW_R_DL_YMD, t, strlen(t), 0, &m) && gw_match_set(&m, 1) &&
                gw_deadline_normalize(t + m.ov[0], m.ov[1] - m.ov[0], 0, v, sizeof v) && strlen(v) == 10) {
                xmlNodePtr dn = gw_model_add(c.m, root, "date", NULL, gw_model_line(sub), 0);
                gw_model_add_text(dn, t + m.ov[0], m.ov[1] - m.ov[0]);
                gw_model_set_attr(dn, "value", v);
                free(t);
                break;
            }
            free(t);
        }
    }
    if (c.head_sig.text && !gw_model_first(root, "signature") && !gw_model_first(root, "author")) {
        /* a 纪要 names its issuing office and date in its head, not at the end */
        S_add_squashed(&c, root, "signature", &c.head_sig);
        if (!gw_model_first(root, "date"))
            S_date_node(&c, root, "date", &c.head_date);
    }
    if (!gw_model_first(root, "signature") && !gw_model_first(root, "author") && c.meta_issuer && *c.meta_issuer)
        gw_model_add(c.m, root, "signature", c.meta_issuer, 0, 0); /* 发布机构 printed by the page */
    if (strcmp(kind, "reply") == 0 && title) {
        S_reply_fields(&c, title);
    } else if (c.nhead_fields) {
        /* 主办单位：… above a plan's text: not a reply's fields, so the lines
         * stay in the text, first */
        xmlNodePtr first = body ? body->children : NULL;
        for (size_t k = 0; k < c.nhead_fields; k++) {
            const S_para *hp = c.head_fields[k];
            xmlNodePtr para = gw_model_add(c.m, body, "p", NULL, hp->line, hp->col);
            S_add_inline(&c, para, hp, 0);
            if (first && para != first) {
                xmlUnlinkNode(para);
                xmlAddPrevSibling(first, para);
            }
        }
    }

    free(title);
    free(c.meta_issuer);
    free(c.meta_docnum);
    S_task_reset(&c.cur);
    S_paras_free(&c.ps);
    return c.m;
}
