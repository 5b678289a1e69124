/*
 * source.c — stage 1: reading a draft (see source.h for the contract).
 *
 * Pipeline for one draft:
 *   1. S_decode: detect the encoding and decode to UTF-8.  Order of tests:
 *      UTF-8 BOM (stripped), UTF-16LE/BE BOM (decoded, surrogate pairs
 *      joined), valid UTF-8 (preferred whenever the bytes are valid), then
 *      GB18030 through iconv (covers GBK/GB2312).  Bytes that fit none of
 *      these give an error at file:line:col of the first byte that is not
 *      valid UTF-8 (plus a note where the GB18030 reading failed, when that
 *      is further on).  Damaged UTF-16 (odd length, lone surrogates) and NUL
 *      bytes are replaced by U+FFFD with a warning; nothing is fatal there.
 *   2. S_normalize: CRLF and CR become LF.
 *   3. Lines: plain text is split per physical line (S_text_lines);
 *      Markdown goes through cmark with CMARK_OPT_SOURCEPOS and the tree is
 *      walked with cmark_iter (S_md_*).
 *
 * CJK emphasis.  cmark's flanking rules reject "**《制度》**是" and mis-pair
 * "**《制度》**是**重要**" (it makes "是" the strong text).  So before cmark
 * every unescaped run of exactly two '*' (or '_') is replaced by two
 * sentinel noncharacters (U+FDD0 for '*', U+FDD1 for '_'), invisible to
 * cmark's emphasis code.  After cmark, the sentinels left in the text of a
 * paragraph or heading are paired left to right (an opener is not followed
 * by white space, a closer not preceded by it; for "__" also not inside an
 * ASCII word): paired delimiters are removed and their content becomes a
 * bold span; unpaired ones, and those in code, are turned back into "**".
 * If the draft itself contains a sentinel character the pre-pass is skipped
 * and cmark's own emphasis rules apply.
 *
 * Ownership: a gw_source owns its name, decoded text, line array, each
 * line's text and span array; all are freed by gw_source_free.  All memory
 * comes from gw_x* (abort on OOM); cmark and iconv use their own allocators
 * internally and everything they return is released here.
 */
#define _POSIX_C_SOURCE 200809L
#include "source.h"

#include <cmark.h>
#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gw_source {
    char *name;
    const char *encoding; /* static string */
    gw_format fmt;
    char *text; /* decoded UTF-8, LF line endings */
    size_t len;
    char *arena; /* plain text: a copy of text with each LF a NUL, holding
                  * every line's text (not freed line by line) */
    gw_line *lines;
    size_t nlines, cap;
};

/* ------------------------------------------------------------------ */
/* small helpers                                                       */

static int S_int(size_t v)
{
    return v > (size_t)INT_MAX ? INT_MAX : (int)v;
}

/* Offset of the first byte that does not start a valid UTF-8 sequence, or n. */
static size_t S_utf8_first_bad(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        /* eight ASCII bytes at a time */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        /* three-byte sequences whose lead byte rules out overlong forms
         * and surrogates (E1–EC, EE, EF): most Chinese text */
        unsigned char c = (unsigned char)s[i];
        if (i + 3 <= n && ((c >= 0xE1 && c <= 0xEC) || c >= 0xEE) && c <= 0xEF &&
            ((unsigned char)s[i + 1] & 0xC0) == 0x80 && ((unsigned char)s[i + 2] & 0xC0) == 0x80) {
            i += 3;
            continue;
        }
        uint32_t cp;
        size_t k = gw_utf8_decode(s + i, n - i, &cp);
        if (!k)
            return i;
        i += k;
    }
    return n;
}

/* 1-based line and character column of byte off in s, counting LF, CR and
 * CRLF as one line end each; invalid bytes count as one character. */
static void S_locate(const char *s, size_t off, int *line, int *col)
{
    size_t ln = 1, start = 0;
    for (size_t i = 0; i < off; i++) {
        if (s[i] == '\n' || s[i] == '\r') {
            if (s[i] == '\r' && i + 1 < off && s[i + 1] == '\n')
                i++;
            ln++;
            start = i + 1;
        }
    }
    *line = S_int(ln);
    *col = S_int(gw_utf8_count(s + start, off - start) + 1);
}

/* White space for the purpose of blank lines and emphasis flanking. */
static int S_is_space_cp(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\v' || cp == '\f' || cp == '\r' ||
           cp == '\n' || cp == 0xA0 || cp == 0x3000 || (cp >= 0x2000 && cp <= 0x200B) ||
           cp == 0x202F || cp == 0x205F || cp == 0xFEFF;
}

static int S_is_blank(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = gw_utf8_decode(s + i, n - i, &cp);
        if (!k || !S_is_space_cp(cp))
            return 0;
        i += k;
    }
    return 1;
}

static void S_push_line(gw_source *s, const char *text, size_t len, int line, int col,
                        gw_line_kind kind, int level, unsigned flags, gw_span *bold,
                        size_t nbold)
{
    if (s->nlines == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 64;
        s->lines = gw_xrealloc(s->lines, s->cap * sizeof *s->lines);
    }
    gw_line *l = &s->lines[s->nlines++];
    l->text = gw_xstrndup(text, len);
    l->len = len;
    l->line = line;
    l->col = col;
    l->kind = kind;
    l->level = level;
    l->flags = flags;
    l->bold = nbold ? bold : NULL;
    l->nbold = nbold;
    if (!nbold)
        free(bold);
}

/* ------------------------------------------------------------------ */
/* decoding                                                            */

/* Decodes UTF-16 (after the BOM).  Lone surrogates and a dangling odd byte
 * become U+FFFD; *nbad counts them and *first_bad is the output offset of
 * the first one. */
static void S_utf16(const unsigned char *p, size_t n, int le, gw_buf *out, size_t *nbad,
                    size_t *first_bad)
{
    size_t i = 0;
    *nbad = 0;
    gw_buf_grow(out, n + n / 2);
    while (i + 1 < n) {
        uint32_t u = le ? (uint32_t)(p[i] | p[i + 1] << 8) : (uint32_t)(p[i] << 8 | p[i + 1]);
        i += 2;
        uint32_t cp = u;
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < n) {
            uint32_t v = le ? (uint32_t)(p[i] | p[i + 1] << 8)
                            : (uint32_t)(p[i] << 8 | p[i + 1]);
            if (v >= 0xDC00 && v <= 0xDFFF) {
                cp = 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00);
                i += 2;
            } else {
                cp = 0xFFFD;
            }
        } else if (u >= 0xD800 && u <= 0xDFFF) {
            cp = 0xFFFD;
        }
        if (cp == 0xFFFD && u != 0xFFFD) {
            if (!(*nbad)++)
                *first_bad = out->len;
        }
        gw_utf8_put(out, cp);
    }
    if (i < n) { /* odd length */
        if (!(*nbad)++)
            *first_bad = out->len;
        gw_utf8_put(out, 0xFFFD);
    }
}

/* GB18030 -> UTF-8 through iconv.  Returns 0, or -1 with *bad_off the input
 * offset where decoding stopped (*avail = 0 when iconv lacks GB18030). */
static int S_gb18030(const char *in, size_t n, gw_buf *out, size_t *bad_off, int *avail)
{
    *avail = 1;
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1) {
        *avail = 0;
        *bad_off = 0;
        return -1;
    }
    char *ip = (char *)in;
    size_t il = n;
    int rc = 0;
    gw_buf_put(out, "", 0);
    while (il > 0) {
        gw_buf_grow(out, il * 4 + 16);
        char *op = out->ptr + out->len;
        size_t ol = out->cap - out->len - 1;
        size_t r = iconv(cd, &ip, &il, &op, &ol);
        out->len = (size_t)(op - out->ptr);
        out->ptr[out->len] = '\0';
        if (r == (size_t)-1 && errno != E2BIG) {
            *bad_off = (size_t)(ip - in);
            rc = -1;
            break;
        }
    }
    iconv_close(cd);
    return rc;
}

/* Decodes raw into out (UTF-8, line endings untouched).  Returns the
 * encoding name, or NULL after appending an error diagnostic. */
static const char *S_decode(const char *name, const char *raw, size_t n, gw_buf *out,
                            gw_diags *d)
{
    const unsigned char *u = (const unsigned char *)raw;
    int line, col;
    gw_buf_put(out, "", 0);

    if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        size_t bad = S_utf8_first_bad(raw + 3, n - 3);
        if (bad < n - 3) {
            S_locate(raw + 3, bad, &line, &col);
            gw_diags_add(d, GW_ERROR, name, line, col,
                         "这一行含有无法识别的字符（字节 0x%02X）：文件开头标明是 UTF-8（带 BOM），"
                         "但这里不是有效的 UTF-8，文件可能已损坏；请在编辑器中检查此处后"
                         "“另存为”UTF-8 编码再试",
                         u[3 + bad]);
            return NULL;
        }
        gw_buf_put(out, raw + 3, n - 3);
        return "UTF-8 (BOM)";
    }
    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        int le = u[0] == 0xFF;
        size_t nbad = 0, first = 0;
        S_utf16(u + 2, n - 2, le, out, &nbad, &first);
        if (nbad) {
            S_locate(out->ptr, first, &line, &col);
            gw_diags_add(d, GW_WARNING, name, line, col,
                         "文件按 UTF-16 保存，但有 %zu 处字节不成字（可能文件不完整或已损坏），"
                         "已替换为“\xEF\xBF\xBD”，第一处在这里",
                         nbad);
        }
        return le ? "UTF-16LE" : "UTF-16BE";
    }

    size_t bad = S_utf8_first_bad(raw, n);
    if (bad == n) {
        gw_buf_put(out, raw, n);
        return "UTF-8";
    }

    size_t gbbad = 0;
    int avail = 1;
    if (S_gb18030(raw, n, out, &gbbad, &avail) == 0)
        return "GB18030";

    S_locate(raw, bad, &line, &col);
    gw_diags_add(d, GW_ERROR, name, line, col,
                 "这一行含有无法识别的字符（字节 0x%02X）：既不是 UTF-8，也不是 GB18030/GBK "
                 "或带 BOM 的 UTF-16%s；请在编辑器中“另存为”UTF-8 编码后再试",
                 u[bad], avail ? "" : "（本机的 iconv 不支持 GB18030，无法按 GBK 读取）");
    if (avail && gbbad > bad) {
        int gl, gc;
        S_locate(out->ptr, out->len, &gl, &gc);
        gw_diags_add(d, GW_NOTE, name, gl, gc,
                     "如果按 GB18030/GBK 读取，第一个无法识别的字节（0x%02X）在这里",
                     u[gbbad]);
    }
    gw_buf_free(out);
    return NULL;
}

/* CRLF/CR -> LF and NUL -> U+FFFD (with a warning). */
static void S_normalize(const char *name, const char *in, size_t n, gw_buf *out, gw_diags *d)
{
    size_t nnul = 0, first = 0;
    gw_buf_grow(out, n);
    gw_buf_put(out, "", 0);
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && in[j] != '\r' && in[j] != '\0')
            j++;
        gw_buf_put(out, in + i, j - i);
        if (j == n)
            break;
        if (in[j] == '\r') {
            gw_buf_putc(out, '\n');
            if (j + 1 < n && in[j + 1] == '\n')
                j++;
        } else {
            if (!nnul++)
                first = out->len;
            gw_buf_put(out, "\xEF\xBF\xBD", 3);
        }
        i = j + 1;
    }
    if (nnul) {
        int line, col;
        S_locate(out->ptr, first, &line, &col);
        gw_diags_add(d, GW_WARNING, name, line, col,
                     "文件中有 %zu 个空字符（字节 0x00），已替换为“\xEF\xBF\xBD”，第一个在这里；"
                     "文件可能已损坏，或是没有 BOM 的 UTF-16 文件",
                     nnul);
    }
}

/* ------------------------------------------------------------------ */
/* plain text                                                          */

static void S_text_lines(gw_source *s)
{
    size_t i = 0, ln = 1, count = 0;
    for (const char *p = s->text; (p = memchr(p, '\n', s->len - (size_t)(p - s->text))) != NULL; p++)
        count++;
    s->cap = count + 1;
    s->lines = gw_xmalloc(s->cap * sizeof *s->lines);
    s->arena = gw_xmalloc(s->len + 1);
    memcpy(s->arena, s->text, s->len + 1);
    while (i < s->len) {
        char *p = s->arena + i;
        char *e = memchr(p, '\n', s->len - i);
        size_t n = e ? (size_t)(e - p) : s->len - i;
        p[n] = '\0';
        gw_line *l = &s->lines[s->nlines++];
        l->text = p;
        l->len = n;
        l->line = S_int(ln);
        l->col = 1;
        l->kind = S_is_blank(p, n) ? GW_LINE_BLANK : GW_LINE_TEXT;
        l->level = 0;
        l->flags = 0;
        l->bold = NULL;
        l->nbold = 0;
        i += n + 1;
        ln++;
    }
}

/* ------------------------------------------------------------------ */
/* Markdown                                                            */

#define S_SENT_STAR "\xEF\xB7\x90" /* U+FDD0 stands for '*' */
#define S_SENT_UND "\xEF\xB7\x91"  /* U+FDD1 stands for '_' */
#define S_SENT_LEN 3

/* If p is at a sentinel, returns the character it stands for, else 0. */
static char S_sentinel_at(const char *p, size_t n)
{
    if (n < S_SENT_LEN || (unsigned char)p[0] != 0xEF || (unsigned char)p[1] != 0xB7)
        return 0;
    if ((unsigned char)p[2] == 0x90)
        return '*';
    if ((unsigned char)p[2] == 0x91)
        return '_';
    return 0;
}

/* Appends s with every sentinel turned back into its character. */
static void S_put_restored(gw_buf *b, const char *s, size_t n)
{
    size_t i = 0, run = 0;
    while (i < n) {
        char c = S_sentinel_at(s + i, n - i);
        if (c) {
            gw_buf_put(b, s + run, i - run);
            gw_buf_putc(b, c);
            i += S_SENT_LEN;
            run = i;
        } else {
            i++;
        }
    }
    gw_buf_put(b, s + run, n - run);
}

/* The pre-pass: unescaped runs of exactly two '*' or '_' -> sentinels. */
static void S_mark_delims(const char *t, size_t n, gw_buf *out)
{
    gw_buf_put(out, "", 0);
    size_t i = 0;
    while (i < n) {
        if (t[i] != '*' && t[i] != '_') {
            gw_buf_putc(out, t[i++]);
            continue;
        }
        char c = t[i];
        size_t j = i;
        while (j < n && t[j] == c)
            j++;
        size_t bs = 0;
        while (bs < i && t[i - 1 - bs] == '\\')
            bs++;
        size_t start = i + (bs & 1); /* an odd number of backslashes escapes the first */
        gw_buf_put(out, t + i, start - i);
        if (j - start == 2) {
            gw_buf_puts(out, c == '*' ? S_SENT_STAR S_SENT_STAR : S_SENT_UND S_SENT_UND);
        } else {
            gw_buf_put(out, t + start, j - start);
        }
        i = j;
    }
}

/* A "**"/"__" candidate delimiter in a line under construction. */
typedef struct S_cand {
    size_t off; /* byte offset of the two sentinels in the line text */
    char ch;    /* '*' or '_' */
    int paired; /* set by S_pair */
} S_cand;

/* A line under construction (one per soft/hard break of a block). */
typedef struct S_pline {
    gw_buf text;
    int line, col;
    gw_line_kind kind;
    int level;
    unsigned flags;
    int fresh; /* started by a break, no text yet: line number may be corrected */
    gw_span *sp;
    size_t nsp, csp;
    S_cand *cd;
    size_t ncd, ccd;
} S_pline;

typedef struct S_md {
    gw_source *s;
    const char *src; /* the Markdown given to cmark (with sentinels) */
    size_t srclen;
    size_t *ls; /* byte offset of each source line; ls[k] = line k+1 */
    size_t nls;
    int sent;   /* the sentinel pre-pass was applied */
    int quote;  /* block-quote depth */
    int item;   /* a list item waits for its first line */
    char marker[24];
    int item_line, item_col;
    S_pline *pl; /* the current block's lines */
    size_t npl, cpl;
    int bdepth; /* strong/emph nesting */
    size_t bstart;
    int last_line; /* source line of the last emitted line */
    int nosep;     /* the last line is a list marker: no separator after it */
} S_md;

static void S_md_srcline(const S_md *m, int line, const char **p, size_t *n)
{
    if (line < 1 || (size_t)line > m->nls) {
        *p = "";
        *n = 0;
        return;
    }
    size_t a = m->ls[line - 1];
    size_t b = (size_t)line < m->nls ? m->ls[line] - 1 : m->srclen;
    *p = m->src + a;
    *n = b - a;
}

/* cmark's 1-based byte column -> 1-based character column. */
static int S_md_col(const S_md *m, int line, int bytecol)
{
    const char *p;
    size_t n;
    S_md_srcline(m, line, &p, &n);
    size_t b = bytecol > 1 ? (size_t)(bytecol - 1) : 0;
    if (b > n)
        b = n;
    return S_int(gw_utf8_count(p, b) + 1);
}

/* Column of the text of a continuation line: after indentation and the
 * block-quote markers of the current depth. */
static int S_md_cont_col(const S_md *m, int line)
{
    const char *p;
    size_t n, i = 0;
    S_md_srcline(m, line, &p, &n);
    while (i < n && (p[i] == ' ' || p[i] == '\t'))
        i++;
    for (int q = 0; q < m->quote && i < n && p[i] == '>'; q++) {
        i++;
        while (i < n && (p[i] == ' ' || p[i] == '\t'))
            i++;
    }
    return S_int(gw_utf8_count(p, i) + 1);
}

static unsigned S_md_flags(const S_md *m)
{
    return m->quote > 0 ? GW_LINE_F_QUOTE : 0u;
}

static void S_md_emit(S_md *m, const char *text, size_t len, int line, int col,
                      gw_line_kind kind, int level, unsigned flags, gw_span *sp, size_t nsp)
{
    S_push_line(m->s, text, len, line, col, kind, level, flags, sp, nsp);
    m->nosep = 0;
    if (line > m->last_line)
        m->last_line = line;
}

static int S_md_last_is_blank(const S_md *m)
{
    if (!m->s->nlines)
        return 1; /* nothing to separate from */
    const gw_line *l = &m->s->lines[m->s->nlines - 1];
    return l->kind == GW_LINE_BLANK && !(l->flags & GW_LINE_F_CODE);
}

static void S_md_separator(S_md *m, int next_line)
{
    if (m->nosep || S_md_last_is_blank(m))
        return;
    int line = m->last_line + 1;
    if (next_line > 0 && line > next_line)
        line = next_line;
    S_md_emit(m, "", 0, line, 1, GW_LINE_BLANK, 0, 0, NULL, 0);
}

/* A list item whose first block is not a paragraph (or that is empty):
 * an ordered item's marker becomes a line of its own, directly followed by
 * the item's content; a bullet item has nothing to show. */
static void S_md_flush_item(S_md *m)
{
    if (!m->item)
        return;
    m->item = 0;
    if (!m->marker[0])
        return;
    S_md_separator(m, m->item_line);
    S_md_emit(m, m->marker, strlen(m->marker), m->item_line, m->item_col, GW_LINE_ITEM, 0,
              S_md_flags(m), NULL, 0);
    m->nosep = 1;
}

static void S_md_item_enter(S_md *m, cmark_node *item)
{
    S_md_flush_item(m);
    m->item = 1;
    m->marker[0] = '\0';
    m->item_line = cmark_node_get_start_line(item);
    m->item_col = S_md_col(m, m->item_line, cmark_node_get_start_column(item));
    cmark_node *list = cmark_node_parent(item);
    if (!list || cmark_node_get_list_type(list) != CMARK_ORDERED_LIST)
        return;
    /* the marker as written ("3." / "3)"), else as cmark numbers it */
    const char *p;
    size_t n, b = (size_t)(cmark_node_get_start_column(item) - 1), k = 0;
    S_md_srcline(m, m->item_line, &p, &n);
    while (b + k < n && k < 9 && p[b + k] >= '0' && p[b + k] <= '9')
        k++;
    if (k > 0 && b + k < n && (p[b + k] == '.' || p[b + k] == ')')) {
        memcpy(m->marker, p + b, k + 1);
        m->marker[k + 1] = '\0';
        return;
    }
    int num = cmark_node_get_list_start(list);
    for (cmark_node *c = cmark_node_previous(item); c; c = cmark_node_previous(c))
        num++;
    snprintf(m->marker, sizeof m->marker, "%d%c", num,
             cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM ? ')' : '.');
}

static S_pline *S_md_cur(S_md *m)
{
    return &m->pl[m->npl - 1];
}

static S_pline *S_md_newline(S_md *m, int line, int col, gw_line_kind kind, int level,
                             unsigned flags)
{
    if (m->npl == m->cpl) {
        m->cpl = m->cpl ? m->cpl * 2 : 8;
        m->pl = gw_xrealloc(m->pl, m->cpl * sizeof *m->pl);
    }
    S_pline *p = &m->pl[m->npl++];
    memset(p, 0, sizeof *p);
    gw_buf_put(&p->text, "", 0);
    p->line = line;
    p->col = col;
    p->kind = kind;
    p->level = level;
    p->flags = flags;
    return p;
}

static void S_pl_span(S_pline *p, size_t a, size_t b)
{
    if (b <= a)
        return;
    if (p->nsp == p->csp) {
        p->csp = p->csp ? p->csp * 2 : 4;
        p->sp = gw_xrealloc(p->sp, p->csp * sizeof *p->sp);
    }
    p->sp[p->nsp].off = a;
    p->sp[p->nsp].len = b - a;
    p->nsp++;
}

/* Appends text-node content, recording sentinel pairs as candidates. */
static void S_pl_text(const S_md *m, S_pline *p, const char *s, size_t n)
{
    size_t i = 0;
    if (!m->sent) {
        gw_buf_put(&p->text, s, n);
        return;
    }
    while (i < n) {
        char c = S_sentinel_at(s + i, n - i);
        if (c && S_sentinel_at(s + i + S_SENT_LEN, n - i - S_SENT_LEN) == c) {
            if (p->ncd == p->ccd) {
                p->ccd = p->ccd ? p->ccd * 2 : 4;
                p->cd = gw_xrealloc(p->cd, p->ccd * sizeof *p->cd);
            }
            p->cd[p->ncd].off = p->text.len;
            p->cd[p->ncd].ch = c;
            p->cd[p->ncd].paired = 0;
            p->ncd++;
            gw_buf_put(&p->text, s + i, 2 * S_SENT_LEN);
            i += 2 * S_SENT_LEN;
        } else {
            gw_buf_putc(&p->text, s[i++]);
        }
    }
}

/* Starts a leaf block: separator, pending list item, first line. */
static void S_md_block_begin(S_md *m, cmark_node *node, gw_line_kind kind, int level)
{
    int line = cmark_node_get_start_line(node);
    int bcol = cmark_node_get_start_column(node);
    int col = S_md_col(m, line, bcol);
    unsigned flags = S_md_flags(m);
    if (kind == GW_LINE_HEADING) {
        S_md_flush_item(m);
        S_md_separator(m, line);
        /* ATX: the text starts after the '#'s and spaces */
        const char *p;
        size_t n, b = (size_t)(bcol > 1 ? bcol - 1 : 0), i;
        S_md_srcline(m, line, &p, &n);
        i = b;
        while (i < n && p[i] == '#')
            i++;
        if (i > b && i - b <= 6 && (i == n || p[i] == ' ' || p[i] == '\t')) {
            while (i < n && (p[i] == ' ' || p[i] == '\t'))
                i++;
            col = S_int(gw_utf8_count(p, i) + 1);
        }
        S_md_newline(m, line, col, kind, level, flags);
    } else if (m->item) {
        m->item = 0;
        S_md_separator(m, m->item_line);
        S_pline *p = S_md_newline(m, line, col, GW_LINE_ITEM, 0, flags);
        if (m->marker[0]) {
            gw_buf_puts(&p->text, m->marker);
            p->col = m->item_col;
        }
    } else {
        S_md_separator(m, line);
        S_md_newline(m, line, col, kind, level, flags);
    }
    m->bdepth = 0;
    m->bstart = 0;
}

static void S_md_break(S_md *m)
{
    S_pline *c = S_md_cur(m);
    if (m->bdepth > 0)
        S_pl_span(c, m->bstart, c->text.len);
    m->bstart = 0;
    int line = c->line + 1;
    gw_line_kind kind = c->kind == GW_LINE_HEADING ? GW_LINE_HEADING : GW_LINE_TEXT;
    S_pline *n = S_md_newline(m, line, S_md_cont_col(m, line), kind, c->level,
                              (c->flags & ~GW_LINE_F_CONT) | GW_LINE_F_CONT);
    n->fresh = 1;
}

/* Before appending a leaf inline: trust cmark's line when it is further on
 * (a multi-line code span or link moved us down without a break node). */
static S_pline *S_md_leaf(S_md *m, cmark_node *node)
{
    S_pline *c = S_md_cur(m);
    if (c->fresh) {
        int l = cmark_node_get_start_line(node);
        if (l > c->line && (size_t)l <= m->nls) {
            c->line = l;
            c->col = S_md_cont_col(m, l);
        }
        c->fresh = 0;
    }
    return c;
}

static int S_span_cmp(const void *a, const void *b)
{
    const gw_span *x = a, *y = b;
    return x->off < y->off ? -1 : x->off > y->off;
}

static uint32_t S_cp_before(const char *s, size_t off)
{
    if (off == 0)
        return ' ';
    size_t i = off - 1;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    uint32_t cp;
    return gw_utf8_decode(s + i, off - i, &cp) ? cp : 0xFFFD;
}

static uint32_t S_cp_after(const char *s, size_t n, size_t off)
{
    if (off >= n)
        return ' ';
    uint32_t cp;
    return gw_utf8_decode(s + off, n - off, &cp) ? cp : 0xFFFD;
}

static int S_is_alnum_ascii(uint32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Pairs the candidates of the whole block left to right; adds spans. */
static void S_md_pair(S_md *m)
{
    size_t oline[2] = {0, 0}, oidx[2] = {0, 0};
    int open[2] = {0, 0};
    for (size_t li = 0; li < m->npl; li++) {
        S_pline *p = &m->pl[li];
        for (size_t k = 0; k < p->ncd; k++) {
            S_cand *c = &p->cd[k];
            int t = c->ch == '_';
            uint32_t before = S_cp_before(p->text.ptr, c->off);
            uint32_t after = S_cp_after(p->text.ptr, p->text.len, c->off + 2 * S_SENT_LEN);
            int can_open = !S_is_space_cp(after) && !(t && S_is_alnum_ascii(before));
            int can_close = !S_is_space_cp(before) && !(t && S_is_alnum_ascii(after));
            if (open[t] && can_close) {
                S_pline *q = &m->pl[oline[t]];
                S_cand *o = &q->cd[oidx[t]];
                o->paired = c->paired = 1;
                open[t] = 0;
                size_t a = o->off + 2 * S_SENT_LEN;
                if (oline[t] == li) {
                    S_pl_span(p, a, c->off);
                } else {
                    S_pl_span(q, a, q->text.len);
                    for (size_t j = oline[t] + 1; j < li; j++)
                        S_pl_span(&m->pl[j], 0, m->pl[j].text.len);
                    S_pl_span(p, 0, c->off);
                }
            } else if (can_open) {
                open[t] = 1;
                oline[t] = li;
                oidx[t] = k;
            }
        }
    }
}

/* Removes paired delimiters, restores the rest, maps and merges spans,
 * and emits the line. */
static void S_md_finish_line(S_md *m, S_pline *p)
{
    size_t n = p->text.len;
    size_t *map = gw_xmalloc((n + 1) * sizeof *map);
    gw_buf out = {0};
    gw_buf_put(&out, "", 0);
    size_t i = 0, k = 0;
    while (i < n) {
        if (k < p->ncd && p->cd[k].off == i) {
            for (size_t j = 0; j < 2 * S_SENT_LEN; j++)
                map[i + j] = out.len;
            if (!p->cd[k].paired) {
                gw_buf_putc(&out, p->cd[k].ch);
                gw_buf_putc(&out, p->cd[k].ch);
            }
            i += 2 * S_SENT_LEN;
            k++;
            continue;
        }
        char c = m->sent ? S_sentinel_at(p->text.ptr + i, n - i) : 0;
        if (c) {
            for (size_t j = 0; j < S_SENT_LEN; j++)
                map[i + j] = out.len;
            gw_buf_putc(&out, c);
            i += S_SENT_LEN;
            continue;
        }
        map[i] = out.len;
        gw_buf_putc(&out, p->text.ptr[i++]);
    }
    map[n] = out.len;

    /* map, sort, merge */
    size_t ns = 0;
    for (size_t j = 0; j < p->nsp; j++) {
        size_t a = map[p->sp[j].off], b = map[p->sp[j].off + p->sp[j].len];
        if (b > a) {
            p->sp[ns].off = a;
            p->sp[ns].len = b - a;
            ns++;
        }
    }
    free(map);
    if (ns > 1)
        qsort(p->sp, ns, sizeof *p->sp, S_span_cmp);
    size_t w = 0;
    for (size_t j = 0; j < ns; j++) {
        if (w > 0 && p->sp[j].off <= p->sp[w - 1].off + p->sp[w - 1].len) {
            size_t end = p->sp[j].off + p->sp[j].len;
            if (end > p->sp[w - 1].off + p->sp[w - 1].len)
                p->sp[w - 1].len = end - p->sp[w - 1].off;
        } else {
            p->sp[w++] = p->sp[j];
        }
    }
    gw_line_kind kind = p->kind;
    if (kind == GW_LINE_TEXT && S_is_blank(out.ptr, out.len))
        kind = GW_LINE_BLANK;
    S_md_emit(m, out.ptr, out.len, p->line, p->col, kind, p->level, p->flags, p->sp, w);
    p->sp = NULL;
    gw_buf_free(&out);
}

static void S_md_block_end(S_md *m)
{
    if (!m->npl)
        return;
    S_pline *c = S_md_cur(m);
    if (m->bdepth > 0)
        S_pl_span(c, m->bstart, c->text.len);
    m->bdepth = 0;
    S_md_pair(m);
    for (size_t i = 0; i < m->npl; i++) {
        S_md_finish_line(m, &m->pl[i]);
        gw_buf_free(&m->pl[i].text);
        free(m->pl[i].sp);
        free(m->pl[i].cd);
    }
    m->npl = 0;
}

/* Code and HTML blocks: one line per literal line. */
static void S_md_literal_block(S_md *m, cmark_node *node, unsigned flags)
{
    S_md_flush_item(m);
    int line = cmark_node_get_start_line(node);
    int bcol = cmark_node_get_start_column(node);
    S_md_separator(m, line);
    if (cmark_node_get_type(node) == CMARK_NODE_CODE_BLOCK) {
        const char *p;
        size_t n, i = (size_t)(bcol > 1 ? bcol - 1 : 0);
        S_md_srcline(m, line, &p, &n);
        if (i + 3 <= n && (memcmp(p + i, "```", 3) == 0 || memcmp(p + i, "~~~", 3) == 0))
            line++; /* fenced: the content starts below the fence */
    }
    const char *lit = cmark_node_get_literal(node);
    size_t len = lit ? strlen(lit) : 0;
    size_t i = 0;
    gw_buf b = {0};
    while (i < len) {
        const char *e = memchr(lit + i, '\n', len - i);
        size_t n = e ? (size_t)(e - (lit + i)) : len - i;
        const char *sp;
        size_t sn;
        S_md_srcline(m, line, &sp, &sn);
        int col = S_md_col(m, line, bcol);
        if (n == 0)
            col = 1;
        else if (n <= sn && memcmp(sp + sn - n, lit + i, n) == 0)
            col = S_int(gw_utf8_count(sp, sn - n) + 1);
        gw_buf_clear(&b);
        gw_buf_put(&b, "", 0);
        if (m->sent)
            S_put_restored(&b, lit + i, n);
        else
            gw_buf_put(&b, lit + i, n);
        S_md_emit(m, b.ptr, b.len, line, col,
                  S_is_blank(b.ptr, b.len) ? GW_LINE_BLANK : GW_LINE_TEXT, 0,
                  flags | S_md_flags(m), NULL, 0);
        i += n + 1;
        line++;
    }
    gw_buf_free(&b);
}

static void S_md_walk(S_md *m, cmark_node *doc)
{
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        int enter = ev == CMARK_EVENT_ENTER;
        switch (cmark_node_get_type(node)) {
        case CMARK_NODE_BLOCK_QUOTE:
            m->quote += enter ? 1 : -1;
            break;
        case CMARK_NODE_ITEM:
            if (enter)
                S_md_item_enter(m, node);
            else
                S_md_flush_item(m);
            break;
        case CMARK_NODE_PARAGRAPH:
            if (enter)
                S_md_block_begin(m, node, GW_LINE_TEXT, 0);
            else
                S_md_block_end(m);
            break;
        case CMARK_NODE_HEADING:
            if (enter)
                S_md_block_begin(m, node, GW_LINE_HEADING, cmark_node_get_heading_level(node));
            else
                S_md_block_end(m);
            break;
        case CMARK_NODE_CODE_BLOCK:
            S_md_literal_block(m, node, GW_LINE_F_CODE);
            break;
        case CMARK_NODE_HTML_BLOCK:
            S_md_literal_block(m, node, 0);
            break;
        case CMARK_NODE_THEMATIC_BREAK:
            S_md_flush_item(m);
            if (!S_md_last_is_blank(m))
                S_md_emit(m, "", 0, cmark_node_get_start_line(node), 1, GW_LINE_BLANK, 0, 0,
                          NULL, 0);
            break;
        case CMARK_NODE_TEXT:
            if (m->npl) {
                const char *t = cmark_node_get_literal(node);
                S_pl_text(m, S_md_leaf(m, node), t, t ? strlen(t) : 0);
            }
            break;
        case CMARK_NODE_CODE:
            if (m->npl) {
                const char *t = cmark_node_get_literal(node);
                S_pline *c = S_md_leaf(m, node);
                if (m->sent)
                    S_put_restored(&c->text, t, t ? strlen(t) : 0);
                else
                    gw_buf_put(&c->text, t, t ? strlen(t) : 0);
            }
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            if (m->npl)
                S_md_break(m);
            break;
        case CMARK_NODE_EMPH:
        case CMARK_NODE_STRONG:
            if (!m->npl)
                break;
            if (enter) {
                if (m->bdepth++ == 0)
                    m->bstart = S_md_cur(m)->text.len;
            } else if (m->bdepth > 0 && --m->bdepth == 0) {
                S_pline *c = S_md_cur(m);
                S_pl_span(c, m->bstart, c->text.len);
            }
            break;
        default: /* document, list, links/images (children give the text), inline HTML */
            break;
        }
    }
    cmark_iter_free(it);
    S_md_flush_item(m);
}

static int S_md_lines(gw_source *s, gw_diags *d)
{
    S_md m;
    memset(&m, 0, sizeof m);
    m.s = s;
    gw_buf marked = {0};
    int has_sentinel = 0;
    for (size_t i = 0; i + S_SENT_LEN <= s->len && !has_sentinel; i++)
        has_sentinel = S_sentinel_at(s->text + i, s->len - i) != 0;
    m.sent = !has_sentinel;
    if (m.sent)
        S_mark_delims(s->text, s->len, &marked);
    else
        gw_buf_put(&marked, s->text, s->len);
    m.src = marked.ptr;
    m.srclen = marked.len;

    size_t nl = 1;
    for (size_t i = 0; i < m.srclen; i++)
        nl += m.src[i] == '\n';
    m.ls = gw_xmalloc(nl * sizeof *m.ls);
    m.ls[m.nls++] = 0;
    for (size_t i = 0; i < m.srclen; i++)
        if (m.src[i] == '\n')
            m.ls[m.nls++] = i + 1;

    cmark_node *doc = cmark_parse_document(m.src, m.srclen, CMARK_OPT_SOURCEPOS);
    int rc = 0;
    if (!doc) {
        gw_diags_add(d, GW_ERROR, s->name, 0, 0, "无法解析这份 Markdown 文稿");
        rc = -1;
    } else {
        S_md_walk(&m, doc);
        cmark_node_free(doc);
    }
    S_md_block_end(&m); /* no-op unless the tree was malformed */
    free(m.pl);
    free(m.ls);
    gw_buf_free(&marked);
    return rc;
}

/* ------------------------------------------------------------------ */
/* public API                                                          */

int gw_is_draft_name(const char *name)
{
    return gw_has_ext(name, ".txt") || gw_has_ext(name, ".md") || gw_has_ext(name, ".markdown");
}

gw_format gw_format_from_name(const char *path)
{
    if (!path)
        return GW_FMT_TEXT;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot)
        return GW_FMT_TEXT;
    static const char *const exts[] = {"md", "markdown"};
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        const char *a = dot + 1, *b = exts[i];
        while (*a && *b) {
            char c = *a;
            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            if (c != *b)
                break;
            a++;
            b++;
        }
        if (!*a && !*b)
            return GW_FMT_MARKDOWN;
    }
    return GW_FMT_TEXT;
}

gw_source *gw_source_from_memory(const char *name, const char *bytes, size_t len,
                                 gw_format fmt, gw_diags *d)
{
    if (!name)
        name = "<memory>";
    gw_buf norm = {0};
    const char *enc = gw_source_decode(name, bytes, len, &norm, d);
    if (!enc) {
        gw_buf_free(&norm);
        return NULL;
    }
    gw_source *s = gw_xcalloc(1, sizeof *s);
    s->name = gw_xstrdup(name);
    s->encoding = enc;
    if (fmt <= GW_FMT_AUTO || fmt >= GW_FMT_MAX)
        fmt = gw_format_from_name(name);
    s->fmt = fmt;
    s->len = norm.len;
    s->text = gw_buf_detach(&norm);
    if (fmt == GW_FMT_MARKDOWN) {
        if (S_md_lines(s, d) != 0) {
            gw_source_free(s);
            return NULL;
        }
    } else {
        S_text_lines(s);
    }
    return s;
}

const char *gw_source_decode(const char *name, const char *bytes, size_t len, gw_buf *out,
                             gw_diags *d)
{
    if (!name)
        name = "<memory>";
    if (!bytes)
        len = 0;
    gw_buf dec = {0};
    const char *enc = S_decode(name, bytes ? bytes : "", len, &dec, d);
    if (enc)
        S_normalize(name, dec.ptr, dec.len, out, d);
    gw_buf_free(&dec);
    return enc;
}

gw_source *gw_source_load(const char *path, gw_format fmt, gw_diags *d)
{
    gw_buf raw = {0};
    if (gw_read_file(path, &raw, d) != 0) {
        gw_buf_free(&raw);
        return NULL;
    }
    if (fmt <= GW_FMT_AUTO || fmt >= GW_FMT_MAX)
        fmt = strcmp(path, "-") == 0 ? GW_FMT_TEXT : gw_format_from_name(path);
    gw_source *s = gw_source_from_memory(path, raw.ptr, raw.len, fmt, d);
    gw_buf_free(&raw);
    return s;
}

void gw_source_free(gw_source *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nlines; i++) {
        if (!s->arena)
            free((char *)s->lines[i].text);
        free((gw_span *)s->lines[i].bold);
    }
    free(s->lines);
    free(s->arena);
    free(s->text);
    free(s->name);
    free(s);
}

const char *gw_source_name(const gw_source *s)
{
    return s ? s->name : NULL;
}

const char *gw_source_encoding(const gw_source *s)
{
    return s ? s->encoding : NULL;
}

gw_format gw_source_format(const gw_source *s)
{
    return s ? s->fmt : GW_FMT_AUTO;
}

const char *gw_source_text(const gw_source *s, size_t *len)
{
    if (len)
        *len = s ? s->len : 0;
    return s ? s->text : NULL;
}

size_t gw_source_nlines(const gw_source *s)
{
    return s ? s->nlines : 0;
}

const gw_line *gw_source_line(const gw_source *s, size_t i)
{
    return s && i < s->nlines ? &s->lines[i] : NULL;
}
