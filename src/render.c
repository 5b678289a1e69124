/*
 * render.c — stage 4: filling a DOCX template from a model.
 *
 * Two phases, so that a batch renders hundreds of documents from one load:
 *
 * gw_template_load / gw_template_builtin (once)
 *   Opens the template zip (package.h) and scans every story part that may
 *   hold tags (word/document.xml, word/header*.xml, word/footer*.xml,
 *   word/footnotes.xml, word/endnotes.xml).  The scan is a small XML
 *   tokenizer over the part's bytes (libxml2 checks well-formedness first):
 *   it follows w:p, w:t and w:tr elements, concatenates the text of each
 *   paragraph's w:t elements and finds the tags in that text, so a tag that
 *   Word split over several runs is still one tag.  Each templated part
 *   becomes a list of operations over its own bytes:
 *       LIT  a byte range of the part, copied as is
 *       STR  a fixed string (xml:space="preserve" added to a w:t)
 *       FIELD/BLOCK  escaped text / generated paragraphs
 *       IF … END  a paragraph or table row dropped when a field is empty
 *       SIGNER … END  the paragraph holding {{signer}}, replaced by
 *                 generated lines when there are more than two 签发人
 *   Tag errors carry the template path, the part and line:col in the part.
 *   word/styles.xml is read for the ids of the styles the generated
 *   paragraphs use (looked up by id, else by their 公文… display name, since
 *   LibreOffice renumbers ids when it saves; missing ones give a warning) and
 *   for the sizes of the 发文机关标志 and table text styles.  The scan also
 *   notes whether a paragraph with text follows {{signature}} (the reply
 *   letter's contact line), which the 成文日期 then keeps with.
 *
 * gw_render_docx (per document)
 *   Computes the field values from the model, streams each templated part's
 *   operations into a buffer, writes docProps/core.xml, and copies every
 *   other part of the template zip with its compressed bytes untouched
 *   (gw_package_copy).  The template is never re-parsed.  Generated body
 *   paragraphs only reference the template's named styles (GwBody,
 *   GwHeading1 …); direct formatting is limited to what depends on the text
 *   (indents of the signature block and the attachment note, condensing a
 *   long 发文机关标志, table widths, tab stops of several 签发人,
 *   keep-with-next of long headings and of the closing block).
 *
 * Layout decisions made here (templates/README.md explains them to users):
 *   - the closing block (last body paragraph → 附件说明 → 署名 → 成文日期 →
 *     附注, and in a reply letter on to the 版记) is chained with keepNext;
 *   - table columns get widths from their cells (S_col_widths);
 *   - three or more 签发人 are set two a line, the 发文字号 on the last line;
 *   - the line naming a roster is the centred title of the roster table.
 *   The 版记 is not forced onto an even page: that needs the page layout.
 *
 * Tag language (templates/README.md has the user-facing description):
 *   {{name}}          inline field, replaced by the XML-escaped value
 *   {{?name}}         drop the enclosing paragraph when the field is empty
 *   {{?name:row}}     drop the enclosing table row when the field is empty
 *                     (a table left without rows is dropped as a whole)
 *   {{body}} …        block tag, alone in its paragraph, replaced by
 *                     generated paragraphs and tables (document.xml only)
 *
 * Missing required fields are never invented: the output shows 【待补】 and
 * one warning per field names what is missing.  Output is deterministic:
 * docProps/core.xml takes its dates from the model's 成文日期, else
 * SOURCE_DATE_EPOCH (opts->epoch), else 1980-01-01.
 *
 * Ownership: see render.h.  Everything allocated here goes through gw_x*.
 */
#include "render.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "package.h"

/* Templates built into the binary (Makefile EMBEDDED, tools/bin2c). */
extern const unsigned char gw_tpl_notice[];
extern const size_t gw_tpl_notice_len;
extern const unsigned char gw_tpl_plan[];
extern const size_t gw_tpl_plan_len;
extern const unsigned char gw_tpl_report[];
extern const size_t gw_tpl_report_len;
extern const unsigned char gw_tpl_letter[];
extern const size_t gw_tpl_letter_len;

#define S_MISSING "【待补】"
#define S_W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

/* Width of the 版心 (156 mm) in twips, and 1 字 of 3号 text. */
#define S_TEXT_WIDTH 8844
#define S_CHAR 320
#define S_HALF 160

/* ------------------------------------------------------------------ */
/* Kinds                                                               */
/* ------------------------------------------------------------------ */

static const char *const S_kind_names[GW_KIND_MAX] = {"notice", "plan", "report", "reply"};

gw_kind gw_kind_from_name(const char *name)
{
    if (!name)
        return GW_KIND_MAX;
    for (int k = 0; k < GW_KIND_MAX; k++)
        if (strcmp(name, S_kind_names[k]) == 0)
            return (gw_kind)k;
    if (strcmp(name, "letter") == 0)
        return GW_KIND_REPLY;
    return GW_KIND_MAX;
}

gw_kind gw_render_kind(gw_model *m)
{
    gw_kind k = gw_kind_from_name(gw_model_kind(m));
    if (k == GW_KIND_MAX)
        k = GW_KIND_PLAN;
    if (k == GW_KIND_PLAN && gw_model_first(gw_model_first(gw_model_root(m), "head"), "doc-number"))
        k = GW_KIND_NOTICE;
    return k;
}

const char *gw_kind_name(gw_kind k)
{
    return k >= 0 && k < GW_KIND_MAX ? S_kind_names[k] : "unknown";
}

/* ------------------------------------------------------------------ */
/* Fields and blocks                                                   */
/* ------------------------------------------------------------------ */

#define S_K(k) (1u << (k))
#define S_K_NOTICE S_K(GW_KIND_NOTICE)
#define S_K_PLAN S_K(GW_KIND_PLAN)
#define S_K_REPORT S_K(GW_KIND_REPORT)
#define S_K_REPLY S_K(GW_KIND_REPLY)

typedef enum S_field {
    S_F_TITLE,
    S_F_ISSUER_MARK,
    S_F_DOC_NUMBER,
    S_F_SIGNER,
    S_F_RECIPIENTS,
    S_F_AUTHOR,
    S_F_COPY_NUMBER,
    S_F_SECRECY,
    S_F_URGENCY,
    S_F_SIGNATURE,
    S_F_DATE,
    S_F_CC,
    S_F_PRINTER,
    S_F_PRINT_DATE,
    S_F_RESULT,
    S_F_CONTACT,
    S_F_PHONE,
    S_F_DISCLOSURE,
    /* reply.<name>: every field of <reply>, in schema order */
    S_F_REPLY_FIRST,
    S_F_MAX = S_F_REPLY_FIRST + 12
} S_field;

typedef struct S_field_def {
    const char *name;   /* tag name */
    unsigned required;  /* kinds for which a missing value is 【待补】 + warning */
    const char *what;   /* the field in words a clerk understands */
} S_field_def;

static const S_field_def S_fields[S_F_REPLY_FIRST] = {
    [S_F_TITLE] = {"title", S_K_NOTICE | S_K_PLAN | S_K_REPORT | S_K_REPLY, "标题"},
    [S_F_ISSUER_MARK] = {"issuer-mark", S_K_NOTICE | S_K_REPORT | S_K_REPLY, "发文机关标志"},
    [S_F_DOC_NUMBER] = {"doc-number", S_K_NOTICE | S_K_REPORT | S_K_REPLY, "发文字号"},
    [S_F_SIGNER] = {"signer", S_K_REPORT, "签发人"},
    [S_F_RECIPIENTS] = {"recipients", S_K_REPLY, "主送（称呼）"},
    [S_F_AUTHOR] = {"author", 0, "作者"},
    [S_F_COPY_NUMBER] = {"copy-number", 0, "份号"},
    [S_F_SECRECY] = {"secrecy", 0, "密级"},
    [S_F_URGENCY] = {"urgency", 0, "紧急程度"},
    [S_F_SIGNATURE] = {"issuer", S_K_NOTICE | S_K_REPORT | S_K_REPLY, "发文机关署名"},
    [S_F_DATE] = {"date", S_K_NOTICE | S_K_REPORT | S_K_REPLY, "成文日期"},
    [S_F_CC] = {"cc", 0, "抄送机关"},
    [S_F_PRINTER] = {"printer", S_K_NOTICE, "印发机关"},
    [S_F_PRINT_DATE] = {"print-date", S_K_NOTICE, "印发日期"},
    [S_F_RESULT] = {"result", S_K_REPLY, "办理结果类别（A/B/C/D）"},
    [S_F_CONTACT] = {"contact", S_K_REPLY, "联系人"},
    [S_F_PHONE] = {"phone", S_K_REPLY, "联系电话"},
    [S_F_DISCLOSURE] = {"disclosure", S_K_REPLY, "公开属性"},
};

/* The <field name> values of <reply>, in schema order (reply.<name>). */
static const char *const S_reply_names[12] = {
    "category", "number",  "session", "proposer",   "subject", "result",
    "handler",  "co-handler", "signer", "contact", "phone",   "disclosure"};

typedef enum S_block {
    S_B_HEAD,
    S_B_BODY,
    S_B_SUBTITLES,
    S_B_ATTACHMENT_NOTES,
    S_B_SIGNATURE,
    S_B_NOTES,
    S_B_ENCLOSURES,
    S_B_ATTACHMENTS,
    S_B_MAX
} S_block;

static const char *const S_block_names[S_B_MAX] = {
    "head", "body", "subtitles", "attachment-notes", "signature", "notes", "enclosures", "attachments"};

/* Styles the generated content refers to.  A template saved by LibreOffice
 * (or another editor) may have renumbered the style ids ("Style26"), so each
 * is looked up by id first and then by its display name. */
typedef enum S_style {
    S_ST_BODY,
    S_ST_BODY_CHAR,
    S_ST_H1,
    S_ST_H2,
    S_ST_H3,
    S_ST_H4,
    S_ST_SUBTITLE,
    S_ST_ATTACH_NOTE,
    S_ST_SIGNATURE,
    S_ST_DATE,
    S_ST_NOTE,
    S_ST_ENCLOSURE_TITLE,
    S_ST_ATTACH_LABEL,
    S_ST_ATTACH_TITLE,
    S_ST_TABLE_TEXT,
    S_ST_TABLE_HEAD,
    S_ST_TABLE,
    S_ST_COPY_NUMBER,
    S_ST_HEAD_INFO,
    S_ST_TABLE_TITLE,
    S_ST_SIGNER_NAME,
    S_ST_MAX
} S_style;

/* optional: styles added after the first templates; a template without
 * them loads without a warning and gets direct formatting instead */
static const struct S_style_def {
    const char *id;
    const char *name;
    int optional;
} S_styles[S_ST_MAX] = {
    [S_ST_BODY] = {"GwBody", "公文正文"},
    [S_ST_BODY_CHAR] = {"GwBodyChar", "公文正文字符"},
    [S_ST_H1] = {"GwHeading1", "公文一级标题"},
    [S_ST_H2] = {"GwHeading2", "公文二级标题"},
    [S_ST_H3] = {"GwHeading3", "公文三级标题"},
    [S_ST_H4] = {"GwHeading4", "公文四级标题"},
    [S_ST_SUBTITLE] = {"GwSubtitle", "公文副标题"},
    [S_ST_ATTACH_NOTE] = {"GwAttachNote", "公文附件说明"},
    [S_ST_SIGNATURE] = {"GwSignature", "公文发文机关署名"},
    [S_ST_DATE] = {"GwDate", "公文成文日期"},
    [S_ST_NOTE] = {"GwNote", "公文附注"},
    [S_ST_ENCLOSURE_TITLE] = {"GwEnclosureTitle", "公文印发文件标题"},
    [S_ST_ATTACH_LABEL] = {"GwAttachLabel", "公文附件标识"},
    [S_ST_ATTACH_TITLE] = {"GwAttachTitle", "公文附件标题"},
    [S_ST_TABLE_TEXT] = {"GwTableText", "公文表格文字"},
    [S_ST_TABLE_HEAD] = {"GwTableHead", "公文表头文字"},
    [S_ST_TABLE] = {"GwTable", "公文表格"},
    [S_ST_COPY_NUMBER] = {"GwCopyNumber", "公文份号"},
    [S_ST_HEAD_INFO] = {"GwHeadInfo", "公文密级和紧急程度"},
    [S_ST_TABLE_TITLE] = {"GwTableTitle", "公文表格标题", 1},
    [S_ST_SIGNER_NAME] = {"GwSignerName", "公文签发人姓名", 1},
};

static const char *S_field_name(int f)
{
    if (f < S_F_REPLY_FIRST)
        return S_fields[f].name;
    return S_reply_names[f - S_F_REPLY_FIRST];
}

/* Returns the field for a tag name, or -1. */
static int S_field_lookup(const char *name, size_t n)
{
    for (int f = 0; f < S_F_REPLY_FIRST; f++)
        if (strlen(S_fields[f].name) == n && memcmp(S_fields[f].name, name, n) == 0)
            return f;
    if (n > 6 && memcmp(name, "reply.", 6) == 0)
        for (int i = 0; i < 12; i++)
            if (strlen(S_reply_names[i]) == n - 6 && memcmp(S_reply_names[i], name + 6, n - 6) == 0)
                return S_F_REPLY_FIRST + i;
    return -1;
}

static int S_block_lookup(const char *name, size_t n)
{
    for (int b = 0; b < S_B_MAX; b++)
        if (strlen(S_block_names[b]) == n && memcmp(S_block_names[b], name, n) == 0)
            return b;
    return -1;
}

/* ------------------------------------------------------------------ */
/* Template representation                                             */
/* ------------------------------------------------------------------ */

typedef enum S_opkind { S_OP_LIT, S_OP_STR, S_OP_FIELD, S_OP_BLOCK, S_OP_IF, S_OP_END, S_OP_SIGNER } S_opkind;

typedef struct S_op {
    S_opkind kind;
    int arg;           /* FIELD/BLOCK/IF: field or block; SIGNER: 1 if 发文字号 is on the line */
    int sz;            /* FIELD: w:sz of the paragraph's style, 0 if unknown */
    size_t a, b;       /* LIT: byte range; IF, SIGNER: index of the matching END */
    const char *str;   /* STR: static text */
} S_op;

typedef struct S_part {
    size_t index;      /* entry in the template zip */
    char *name;        /* owned */
    char *xml;         /* the part's bytes, owned; LIT ranges point here */
    size_t len;
    S_op *ops;         /* owned */
    size_t nops;
} S_part;

struct gw_template {
    char *path;             /* owned; for diagnostics */
    gw_zipin *zip;          /* owned */
    S_part *parts;          /* templated parts, owned */
    size_t nparts;
    long core;              /* zip index of docProps/core.xml, -1 if none */
    char *sid[S_ST_MAX];    /* the template's id of each generated style, owned */
    int has_block[S_B_MAX]; /* the blocks the template uses */
    int sig_then_text;      /* a paragraph with text follows {{signature}} */
    char signer_style[64];  /* w:pStyle of the paragraph holding {{signer}} */
    int table_cw;           /* twips of a 字 of table text (GwTableText size) */
    int enc_title_sz, att_title_sz; /* half-points of the title styles, 0 if unknown */
    long content_types;     /* zip index of [Content_Types].xml */
};

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

static int S_is_space(const char *s, size_t n, size_t *len)
{
    if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r')) {
        *len = 1;
        return 1;
    }
    if (n >= 3 && memcmp(s, "\xE3\x80\x80", 3) == 0) { /* U+3000 */
        *len = 3;
        return 1;
    }
    return 0;
}

/* Trims ASCII white space and U+3000 at both ends: sets *n. */
static const char *S_trim(const char *s, size_t *n)
{
    size_t l;
    while (*n > 0 && S_is_space(s, *n, &l)) {
        s += l;
        *n -= l;
    }
    for (;;) {
        if (*n >= 1 && (s[*n - 1] == ' ' || s[*n - 1] == '\t' || s[*n - 1] == '\n' || s[*n - 1] == '\r'))
            (*n)--;
        else if (*n >= 3 && memcmp(s + *n - 3, "\xE3\x80\x80", 3) == 0)
            *n -= 3;
        else
            break;
    }
    return s;
}

static int S_starts(const char *s, size_t n, const char *prefix)
{
    size_t p = strlen(prefix);
    return n >= p && memcmp(s, prefix, p) == 0;
}

static int S_ends(const char *s, size_t n, const char *suffix)
{
    size_t p = strlen(suffix);
    return n >= p && memcmp(s + n - p, suffix, p) == 0;
}

/* Line and column (1-based, column in characters) of byte pos in s. */
static void S_linecol(const char *s, size_t pos, int *line, int *col)
{
    int l = 1;
    size_t bol = 0;
    for (size_t i = 0; i < pos; i++)
        if (s[i] == '\n') {
            l++;
            bol = i + 1;
        }
    *line = l;
    *col = (int)gw_utf8_count(s + bol, pos - bol) + 1;
}

/* Width in half-字 units: CJK and full-width characters 2, others 1. */
static size_t S_halfwidths(const char *s, size_t n)
{
    size_t w = 0, i = 0;
    while (i < n) {
        uint32_t cp;
        size_t l = gw_utf8_decode(s + i, n - i, &cp);
        if (l == 0) {
            l = 1;
            cp = '?';
        }
        w += cp >= 0x2E80 ? 2 : 1;
        i += l;
    }
    return w;
}

/* Nominal width in twips of 3号 text (320 per 字, 160 per half-width). */
static int S_twips(const char *s)
{
    return (int)S_halfwidths(s, strlen(s)) * S_HALF;
}

/* Appends s[0..n) as XML character data: & < > " escaped, characters XML
 * 1.0 forbids dropped, invalid UTF-8 replaced by U+FFFD.  In run mode a
 * line feed becomes a w:br and a tab a w:tab (we are inside an open w:t);
 * otherwise both become a space. */
enum { S_ESC_PLAIN, S_ESC_RUN };

static void S_put_esc(gw_buf *b, const char *s, size_t n, int mode)
{
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t l = gw_utf8_decode(s + i, n - i, &cp);
        if (l == 0) {
            gw_buf_puts(b, "\xEF\xBF\xBD");
            i++;
            continue;
        }
        if (cp == '\r' && i + 1 < n && s[i + 1] == '\n') {
            i++;
            continue;
        }
        if (cp == '\n' || cp == '\r') {
            gw_buf_puts(b, mode == S_ESC_RUN ? "</w:t><w:br/><w:t xml:space=\"preserve\">" : " ");
        } else if (cp == '\t') {
            gw_buf_puts(b, mode == S_ESC_RUN ? "</w:t><w:tab/><w:t xml:space=\"preserve\">" : " ");
        } else if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            /* not allowed in XML 1.0: dropped */
        } else if (cp == '&' || cp == '<' || cp == '>' || cp == '"') {
            gw_buf_put_xml_escaped(b, s + i, 1);
        } else {
            gw_buf_put(b, s + i, l);
        }
        i += l;
    }
}

static void S_put_esc_str(gw_buf *b, const char *s)
{
    S_put_esc(b, s, strlen(s), S_ESC_PLAIN);
}

/* ------------------------------------------------------------------ */
/* Template scanning                                                   */
/* ------------------------------------------------------------------ */

typedef enum S_el { S_EL_OTHER, S_EL_P, S_EL_T, S_EL_TR, S_EL_R, S_EL_PPR } S_el;

typedef struct S_seg {
    size_t start, end;  /* text content of a w:t */
    size_t gt;          /* offset of the '>' closing the w:t start tag */
    int preserve;       /* start tag has xml:space */
} S_seg;

typedef struct S_para {
    size_t start;       /* offset of '<' of the w:p start tag */
    S_seg *segs;
    size_t nsegs, cap;
    long row;           /* index into the row stack, -1 if not in a table row */
    char style[64];     /* w:pStyle value, "" if none */
} S_para;

typedef struct S_row {
    size_t start;
    int *conds;         /* fields of {{?x:row}} tags in this row */
    size_t nconds, cap;
} S_row;

typedef enum S_editkind { S_E_END, S_E_IF, S_E_STR, S_E_DEL, S_E_FIELD, S_E_BLOCK, S_E_SIGNER } S_editkind;

typedef struct S_edit {
    size_t pos, end;    /* bytes [pos, end) are replaced (end == pos: insertion) */
    S_editkind kind;
    int arg, sz;
    int prio;           /* order of edits at the same position */
    size_t seq;
    const char *str;
} S_edit;

typedef struct S_scan {
    char *file;         /* "tpl(part)", owned */
    const char *x;      /* part bytes (NUL-terminated) */
    size_t n;
    int is_document;
    char pfx[64];       /* prefix of the WordprocessingML namespace ("w") */
    int have_root;
    S_el *stack;
    size_t depth, stack_cap;
    S_para *paras;      /* open paragraphs (innermost last) */
    size_t np, pcap;
    S_row *rows;        /* open table rows */
    size_t nr, rcap;
    S_edit *edits;
    size_t nedits, ecap;
    size_t seq;
    size_t t_gt;        /* the current w:t: offset of its start tag's '>' */
    int t_preserve;     /* … and whether that tag has xml:space */
    int errors;
    gw_diags *d;
    const char *styles; /* word/styles.xml text, may be NULL */
    size_t styles_len;
    int after_sig;      /* the last top-level paragraph was {{signature}} */
    char signer_style[64]; /* w:pStyle of the paragraph holding {{signer}} */
    int sig_then_text;  /* a paragraph with text follows {{signature}} */
} S_scan;

static void S_error_at(S_scan *s, size_t pos, const char *fmt, ...) GW_PRINTF(3, 4);

static void S_error_at(S_scan *s, size_t pos, const char *fmt, ...)
{
    int line, col;
    S_linecol(s->x, pos, &line, &col);
    va_list ap;
    va_start(ap, fmt);
    gw_diags_vadd(s->d, GW_ERROR, s->file, line, col, fmt, ap);
    va_end(ap);
    s->errors++;
}

static void S_add_edit(S_scan *s, size_t pos, size_t end, S_editkind kind, int arg, int sz,
                       const char *str)
{
    if (s->nedits == s->ecap) {
        s->ecap = s->ecap ? s->ecap * 2 : 64;
        s->edits = gw_xrealloc(s->edits, s->ecap * sizeof *s->edits);
    }
    S_edit *e = &s->edits[s->nedits++];
    e->pos = pos;
    e->end = end;
    e->kind = kind;
    e->arg = arg;
    e->sz = sz;
    e->str = str;
    e->seq = s->seq++;
    e->prio = kind == S_E_END ? 0 : kind == S_E_IF || kind == S_E_SIGNER ? 1 : 2;
}

/* Is the qualified name [q, q+ql) the WordprocessingML element local? */
static int S_is_w(const S_scan *s, const char *q, size_t ql, const char *local)
{
    size_t pl = strlen(s->pfx), ll = strlen(local);
    if (pl == 0)
        return ql == ll && memcmp(q, local, ll) == 0;
    return ql == pl + 1 + ll && memcmp(q, s->pfx, pl) == 0 && q[pl] == ':' &&
           memcmp(q + pl + 1, local, ll) == 0;
}

/* Finds attribute name in the start tag [tag, tag+tl) and returns its value
 * range (without quotes); 0 if absent. */
static int S_tag_attr(const char *tag, size_t tl, const char *name, const char **v, size_t *vl)
{
    size_t nl = strlen(name);
    size_t i = 0;
    while (i < tl && tag[i] != ' ' && tag[i] != '\t' && tag[i] != '\n' && tag[i] != '\r' && tag[i] != '>' &&
           tag[i] != '/')
        i++;
    while (i < tl) {
        while (i < tl && (tag[i] == ' ' || tag[i] == '\t' || tag[i] == '\n' || tag[i] == '\r'))
            i++;
        size_t ns = i;
        while (i < tl && tag[i] != '=' && tag[i] != ' ' && tag[i] != '>' && tag[i] != '/')
            i++;
        size_t ne = i;
        while (i < tl && tag[i] != '=' && tag[i] != '>')
            i++;
        if (i >= tl || tag[i] != '=')
            return 0;
        i++;
        while (i < tl && tag[i] != '"' && tag[i] != '\'')
            i++;
        if (i >= tl)
            return 0;
        char q = tag[i++];
        size_t vs = i;
        while (i < tl && tag[i] != q)
            i++;
        if (ne - ns == nl && memcmp(tag + ns, name, nl) == 0) {
            *v = tag + vs;
            *vl = i - vs;
            return 1;
        }
        i++;
    }
    return 0;
}

/* The w:sz of a style in styles.xml (following basedOn), 0 if unknown. */
static int S_style_sz(const char *styles, size_t len, const char *id, int depth)
{
    if (!styles || !id || !*id || depth > 8)
        return 0;
    char key[128];
    snprintf(key, sizeof key, "w:styleId=\"%s\"", id);
    const char *p = strstr(styles, key);
    if (!p || (size_t)(p - styles) >= len)
        return 0;
    const char *end = strstr(p, "</w:style>");
    if (!end)
        return 0;
    const char *sz = strstr(p, "<w:sz ");
    if (sz && sz < end) {
        const char *v = strstr(sz, "w:val=\"");
        if (v && v < end)
            return atoi(v + 7);
    }
    const char *bo = strstr(p, "<w:basedOn ");
    if (bo && bo < end) {
        const char *v = strstr(bo, "w:val=\"");
        if (v && v < end) {
            const char *q = strchr(v + 7, '"');
            if (q && q - (v + 7) < 100) {
                char base[128];
                memcpy(base, v + 7, (size_t)(q - (v + 7)));
                base[q - (v + 7)] = '\0';
                return S_style_sz(styles, len, base, depth + 1);
            }
        }
    }
    return 0;
}

typedef struct S_tag {
    size_t ti, tj;      /* [ti, tj) in the paragraph text, braces included */
    int cond;           /* {{?x}} */
    int row;            /* {{?x:row}} */
    int field;          /* field, or -1 */
    int block;          /* block, or -1 */
} S_tag;

/* Parses the inside of one tag.  Returns 0, or -1 after reporting. */
static int S_parse_tag(S_scan *s, const char *in, size_t n, size_t rawpos, S_tag *t)
{
    in = S_trim(in, &n);
    t->cond = t->row = 0;
    t->field = t->block = -1;
    char shown[160];
    snprintf(shown, sizeof shown, "%.*s", (int)(n < 120 ? n : 120), in);
    if (n > 0 && in[0] == '?') {
        t->cond = 1;
        in++;
        n--;
        if (S_ends(in, n, ":row")) {
            t->row = 1;
            n -= 4;
        }
    }
    for (size_t i = 0; i < n; i++) {
        char c = in[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) {
            S_error_at(s, rawpos, "模板标签写法不对：“{{%s}}”（标签名只能用小写字母、数字、- 和 .）", shown);
            return -1;
        }
    }
    if (n == 0) {
        S_error_at(s, rawpos, "模板标签是空的：“{{%s}}”", shown);
        return -1;
    }
    t->field = S_field_lookup(in, n);
    if (t->field < 0) {
        t->block = S_block_lookup(in, n);
        if (t->block < 0) {
            S_error_at(s, rawpos, "未知的模板标签“{{%s}}”（templates/README.md 列出可用的标签）", shown);
            return -1;
        }
        if (t->cond) {
            S_error_at(s, rawpos, "“{{%s}}”：条件标签只能用于字段，不能用于块标签", shown);
            return -1;
        }
    }
    return 0;
}

/* Called at the end tag of a paragraph: finds its tags and records edits. */
static void S_para_finish(S_scan *s, S_para *p, size_t pend)
{
    size_t total = 0;
    int any = 0;
    for (size_t i = 0; i < p->nsegs; i++) {
        total += p->segs[i].end - p->segs[i].start;
        if (memchr(s->x + p->segs[i].start, '{', p->segs[i].end - p->segs[i].start))
            any = 1;
    }
    if (!any || total < 2)
        return;
    char *txt = gw_xmalloc(total + 1);
    size_t *pos = gw_xmalloc((total + 1) * sizeof *pos);
    size_t *segof = gw_xmalloc((total + 1) * sizeof *segof);
    size_t k = 0;
    for (size_t i = 0; i < p->nsegs; i++)
        for (size_t j = p->segs[i].start; j < p->segs[i].end; j++) {
            txt[k] = s->x[j];
            pos[k] = j;
            segof[k] = i;
            k++;
        }
    txt[total] = '\0';

    S_tag *tags = NULL;
    size_t ntags = 0, tcap = 0;
    int bad = 0;
    size_t i = 0;
    for (;;) {
        char *o = strstr(txt + i, "{{");
        if (!o)
            break;
        size_t ti = (size_t)(o - txt);
        char *c = strstr(txt + ti + 2, "}}");
        if (!c) {
            char shown[80];
            snprintf(shown, sizeof shown, "%.40s", txt + ti);
            S_error_at(s, pos[ti], "模板标签没有闭合：“%s”（缺少 }}）", shown);
            bad = 1;
            break;
        }
        size_t tj = (size_t)(c - txt) + 2;
        S_tag t;
        if (S_parse_tag(s, txt + ti + 2, tj - ti - 4, pos[ti], &t) != 0) {
            bad = 1;
        } else {
            t.ti = ti;
            t.tj = tj;
            if (ntags == tcap) {
                tcap = tcap ? tcap * 2 : 4;
                tags = gw_xrealloc(tags, tcap * sizeof *tags);
            }
            tags[ntags++] = t;
        }
        i = tj;
    }

    for (size_t m = 0; m < ntags && !bad; m++) {
        S_tag *t = &tags[m];
        if (t->block >= 0) {
            /* must be alone in its paragraph, in the main document */
            size_t before = t->ti, after = total - t->tj;
            const char *a = txt, *b2 = txt + t->tj;
            S_trim(a, &before);
            S_trim(b2, &after);
            if (ntags != 1 || before != 0 || after != 0) {
                S_error_at(s, pos[t->ti], "块标签 {{%s}} 必须单独占一个段落", S_block_names[t->block]);
                bad = 1;
            } else if (!s->is_document) {
                S_error_at(s, pos[t->ti], "块标签 {{%s}} 只能用在 word/document.xml 中",
                           S_block_names[t->block]);
                bad = 1;
            } else {
                S_add_edit(s, p->start, pend, S_E_BLOCK, t->block, 0, NULL);
            }
            continue;
        }
        /* delete the tag's characters, run by run; the first piece carries the field */
        int first = 1;
        size_t q = t->ti;
        while (q < t->tj) {
            size_t r = q + 1;
            while (r < t->tj && segof[r] == segof[q] && pos[r] == pos[r - 1] + 1)
                r++;
            if (first && !t->cond) {
                int sz = (t->field == S_F_ISSUER_MARK || t->field == S_F_TITLE)
                             ? S_style_sz(s->styles, s->styles_len, p->style, 0)
                             : 0;
                const S_seg *sg = &p->segs[segof[q]];
                int done = sg->preserve;
                for (size_t e = 0; e < s->nedits && !done; e++)
                    done = s->edits[e].kind == S_E_STR && s->edits[e].pos == sg->gt;
                if (!done)
                    S_add_edit(s, sg->gt, sg->gt, S_E_STR, 0, 0, " xml:space=\"preserve\"");
                S_add_edit(s, pos[q], pos[r - 1] + 1, S_E_FIELD, t->field, sz, NULL);
            } else {
                S_add_edit(s, pos[q], pos[r - 1] + 1, S_E_DEL, 0, 0, NULL);
            }
            first = 0;
            q = r;
        }
        if (t->cond) {
            if (t->row) {
                if (p->row < 0) {
                    S_error_at(s, pos[t->ti], "“{{?%s:row}}” 不在表格行中", S_field_name(t->field));
                    bad = 1;
                } else {
                    S_row *rw = &s->rows[p->row];
                    if (rw->nconds == rw->cap) {
                        rw->cap = rw->cap ? rw->cap * 2 : 2;
                        rw->conds = gw_xrealloc(rw->conds, rw->cap * sizeof *rw->conds);
                    }
                    rw->conds[rw->nconds++] = t->field;
                }
            } else {
                S_add_edit(s, p->start, p->start, S_E_IF, t->field, 0, NULL);
                S_add_edit(s, pend, pend, S_E_END, 0, 0, NULL);
            }
        }
    }
    /* the paragraph holding {{signer}} is replaced by generated lines when
     * the signers need more than one line (two names a line, GB/T 9704
     * 7.2.6); the 发文字号 then goes on the last line (7.2.5) */
    int signer = 0, number = 0;
    for (size_t m = 0; m < ntags && !bad; m++) {
        signer |= tags[m].field == S_F_SIGNER && !tags[m].cond;
        number |= tags[m].field == S_F_DOC_NUMBER && !tags[m].cond;
    }
    if (signer) {
        S_add_edit(s, p->start, p->start, S_E_SIGNER, number, 0, NULL);
        S_add_edit(s, pend, pend, S_E_END, 0, 0, NULL);
        snprintf(s->signer_style, sizeof s->signer_style, "%s", p->style);
    }
    free(tags);
    free(txt);
    free(pos);
    free(segof);
}

static void S_push_el(S_scan *s, S_el el)
{
    if (s->depth == s->stack_cap) {
        s->stack_cap = s->stack_cap ? s->stack_cap * 2 : 32;
        s->stack = gw_xrealloc(s->stack, s->stack_cap * sizeof *s->stack);
    }
    s->stack[s->depth++] = el;
}

/* Finds the prefix bound to the WordprocessingML namespace on the root
 * element (xmlns:w="…"; "" for a default namespace). */
static void S_root_prefix(S_scan *s, const char *tag, size_t tl)
{
    size_t i = 0;
    while (i < tl && tag[i] != ' ' && tag[i] != '\t' && tag[i] != '\n' && tag[i] != '\r')
        i++;
    while (i < tl) {
        while (i < tl && (tag[i] == ' ' || tag[i] == '\t' || tag[i] == '\n' || tag[i] == '\r'))
            i++;
        size_t ns = i;
        while (i < tl && tag[i] != '=' && tag[i] != '>' && tag[i] != ' ')
            i++;
        size_t ne = i;
        while (i < tl && tag[i] != '"' && tag[i] != '\'')
            i++;
        if (i >= tl)
            return;
        char q = tag[i++];
        size_t vs = i;
        while (i < tl && tag[i] != q)
            i++;
        size_t vl = i - vs;
        i++;
        if (vl != strlen(S_W_NS) || memcmp(tag + vs, S_W_NS, vl) != 0)
            continue;
        if (ne - ns == 5 && memcmp(tag + ns, "xmlns", 5) == 0) {
            s->pfx[0] = '\0';
            return;
        }
        if (ne - ns > 6 && ne - ns - 6 < sizeof s->pfx && memcmp(tag + ns, "xmlns:", 6) == 0) {
            memcpy(s->pfx, tag + ns + 6, ne - ns - 6);
            s->pfx[ne - ns - 6] = '\0';
            return;
        }
    }
}

/* Follows the top-level paragraphs of word/document.xml to find out
 * whether a paragraph with text (such as the reply letter's contact line)
 * comes right after {{signature}}: the 成文日期 then keeps with it. */
static void S_note_closing(S_scan *s, const S_para *p, size_t before)
{
    int block = -1;
    for (size_t e = before; e < s->nedits; e++)
        if (s->edits[e].kind == S_E_BLOCK && s->edits[e].pos == p->start)
            block = s->edits[e].arg;
    if (s->after_sig && block < 0) {
        for (size_t i = 0; i < p->nsegs; i++) {
            size_t n = p->segs[i].end - p->segs[i].start;
            S_trim(s->x + p->segs[i].start, &n);
            if (n > 0)
                s->sig_then_text = 1;
        }
    }
    s->after_sig = block == S_B_SIGNATURE;
}

/* Tokenizes the part and records the edits.  Returns the number of errors. */
static int S_scan_part(S_scan *s)
{
    const char *x = s->x;
    size_t n = s->n, i = 0;
    snprintf(s->pfx, sizeof s->pfx, "w");
    while (i < n) {
        if (x[i] != '<') {
            const char *lt = memchr(x + i, '<', n - i);
            size_t j = lt ? (size_t)(lt - x) : n;
            if (s->depth > 0 && s->stack[s->depth - 1] == S_EL_T && s->np > 0) {
                S_para *p = &s->paras[s->np - 1];
                if (p->nsegs == p->cap) {
                    p->cap = p->cap ? p->cap * 2 : 8;
                    p->segs = gw_xrealloc(p->segs, p->cap * sizeof *p->segs);
                }
                p->segs[p->nsegs++] = (S_seg){i, j, s->t_gt, s->t_preserve};
            }
            i = j;
            continue;
        }
        if (i + 1 < n && x[i + 1] == '?') {
            const char *e = strstr(x + i, "?>");
            i = e ? (size_t)(e - x) + 2 : n;
            continue;
        }
        if (i + 3 < n && memcmp(x + i, "<!--", 4) == 0) {
            const char *e = strstr(x + i, "-->");
            i = e ? (size_t)(e - x) + 3 : n;
            continue;
        }
        if (i + 8 < n && memcmp(x + i, "<![CDATA[", 9) == 0) {
            const char *e = strstr(x + i, "]]>");
            i = e ? (size_t)(e - x) + 3 : n;
            continue;
        }
        if (i + 1 < n && x[i + 1] == '!') {
            const char *e = memchr(x + i, '>', n - i);
            i = e ? (size_t)(e - x) + 1 : n;
            continue;
        }
        /* a start or end tag: find its end, respecting quotes */
        size_t j = i + 1;
        char q = 0;
        while (j < n && (q || x[j] != '>')) {
            if (q && x[j] == q)
                q = 0;
            else if (!q && (x[j] == '"' || x[j] == '\''))
                q = x[j];
            j++;
        }
        if (j >= n)
            break; /* libxml2 already accepted the part; cannot happen */
        size_t tag_end = j + 1;
        if (x[i + 1] == '/') {
            /* well-formed, so the end tag closes the element on top */
            S_el el = s->depth > 0 ? s->stack[--s->depth] : S_EL_OTHER;
            if (el == S_EL_P && s->np > 0) {
                S_para *p = &s->paras[s->np - 1];
                size_t before = s->nedits;
                S_para_finish(s, p, tag_end);
                if (s->is_document && s->np == 1 && p->row < 0)
                    S_note_closing(s, p, before);
                free(p->segs);
                s->np--;
            } else if (el == S_EL_TR && s->nr > 0) {
                S_row *r = &s->rows[s->nr - 1];
                for (size_t c = 0; c < r->nconds; c++) {
                    S_add_edit(s, r->start, r->start, S_E_IF, r->conds[c], 0, NULL);
                    S_add_edit(s, tag_end, tag_end, S_E_END, 0, 0, NULL);
                }
                free(r->conds);
                s->nr--;
            }
            i = tag_end;
            continue;
        }
        int empty = x[j - 1] == '/';
        const char *qn = x + i + 1;
        size_t ql = 0;
        while (qn + ql < x + j && qn[ql] != ' ' && qn[ql] != '\t' && qn[ql] != '\n' && qn[ql] != '\r' &&
               qn[ql] != '/')
            ql++;
        if (!s->have_root) {
            s->have_root = 1;
            S_root_prefix(s, x + i, tag_end - i);
        }
        S_el el = S_EL_OTHER;
        if (S_is_w(s, qn, ql, "p"))
            el = S_EL_P;
        else if (S_is_w(s, qn, ql, "t"))
            el = S_EL_T;
        else if (S_is_w(s, qn, ql, "tr"))
            el = S_EL_TR;
        else if (S_is_w(s, qn, ql, "r"))
            el = S_EL_R;
        else if (S_is_w(s, qn, ql, "pPr"))
            el = S_EL_PPR;
        else if (S_is_w(s, qn, ql, "pStyle") && s->np > 0 && s->depth > 0 && s->stack[s->depth - 1] == S_EL_PPR) {
            const char *v;
            size_t vl;
            char an[80];
            snprintf(an, sizeof an, "%s%sval", s->pfx, s->pfx[0] ? ":" : "");
            if (S_tag_attr(x + i, tag_end - i, an, &v, &vl) &&
                vl < sizeof s->paras[0].style) {
                memcpy(s->paras[s->np - 1].style, v, vl);
                s->paras[s->np - 1].style[vl] = '\0';
            }
        }
        if (el == S_EL_T) {
            const char *v;
            size_t vl;
            s->t_gt = j;
            s->t_preserve = S_tag_attr(x + i, tag_end - i, "xml:space", &v, &vl);
        }
        if (!empty) {
            if (el == S_EL_P) {
                if (s->np == s->pcap) {
                    s->pcap = s->pcap ? s->pcap * 2 : 4;
                    s->paras = gw_xrealloc(s->paras, s->pcap * sizeof *s->paras);
                }
                S_para *p = &s->paras[s->np++];
                memset(p, 0, sizeof *p);
                p->start = i;
                p->row = s->nr > 0 ? (long)s->nr - 1 : -1;
            } else if (el == S_EL_TR) {
                if (s->nr == s->rcap) {
                    s->rcap = s->rcap ? s->rcap * 2 : 4;
                    s->rows = gw_xrealloc(s->rows, s->rcap * sizeof *s->rows);
                }
                S_row *r = &s->rows[s->nr++];
                memset(r, 0, sizeof *r);
                r->start = i;
            }
            S_push_el(s, el);
        }
        i = tag_end;
    }
    return s->errors;
}

static int S_edit_cmp(const void *a, const void *b)
{
    const S_edit *x = a, *y = b;
    if (x->pos != y->pos)
        return x->pos < y->pos ? -1 : 1;
    if (x->prio != y->prio)
        return x->prio < y->prio ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq ? 1 : 0;
}

static void S_push_op(S_part *p, size_t *cap, S_op op)
{
    if (p->nops == *cap) {
        *cap = *cap ? *cap * 2 : 32;
        p->ops = gw_xrealloc(p->ops, *cap * sizeof *p->ops);
    }
    p->ops[p->nops++] = op;
}

/* Turns the sorted edits into the part's operation list.  Returns 0, or -1
 * when edits overlap (a template construct we cannot handle). */
static int S_build_ops(S_scan *s, S_part *p)
{
    qsort(s->edits, s->nedits, sizeof *s->edits, S_edit_cmp);
    size_t cap = 0, cur = 0;
    for (size_t i = 0; i < s->nedits; i++) {
        const S_edit *e = &s->edits[i];
        if (e->pos < cur) {
            S_error_at(s, e->pos, "%s", "模板标签相互重叠，无法处理");
            return -1;
        }
        if (e->pos > cur)
            S_push_op(p, &cap, (S_op){S_OP_LIT, 0, 0, cur, e->pos, NULL});
        switch (e->kind) {
        case S_E_END: S_push_op(p, &cap, (S_op){S_OP_END, 0, 0, 0, 0, NULL}); break;
        case S_E_IF: S_push_op(p, &cap, (S_op){S_OP_IF, e->arg, 0, 0, 0, NULL}); break;
        case S_E_STR: S_push_op(p, &cap, (S_op){S_OP_STR, 0, 0, 0, 0, e->str}); break;
        case S_E_DEL: break;
        case S_E_FIELD: S_push_op(p, &cap, (S_op){S_OP_FIELD, e->arg, e->sz, 0, 0, NULL}); break;
        case S_E_BLOCK: S_push_op(p, &cap, (S_op){S_OP_BLOCK, e->arg, 0, 0, 0, NULL}); break;
        case S_E_SIGNER: S_push_op(p, &cap, (S_op){S_OP_SIGNER, e->arg, 0, 0, 0, NULL}); break;
        }
        cur = e->end > e->pos ? e->end : e->pos;
    }
    if (cur < s->n)
        S_push_op(p, &cap, (S_op){S_OP_LIT, 0, 0, cur, s->n, NULL});
    /* match IF with END */
    size_t *st = gw_xmalloc((p->nops + 1) * sizeof *st);
    size_t sp = 0;
    for (size_t i = 0; i < p->nops; i++) {
        if (p->ops[i].kind == S_OP_IF || p->ops[i].kind == S_OP_SIGNER)
            st[sp++] = i;
        else if (p->ops[i].kind == S_OP_END && sp > 0)
            p->ops[st[--sp]].b = i;
    }
    free(st);
    return 0;
}

static void S_scan_free(S_scan *s)
{
    for (size_t i = 0; i < s->np; i++)
        free(s->paras[i].segs);
    for (size_t i = 0; i < s->nr; i++)
        free(s->rows[i].conds);
    free(s->paras);
    free(s->rows);
    free(s->stack);
    free(s->edits);
    free(s->file);
}

/* Is name a story part that may hold tags? */
static int S_story_part(const char *name)
{
    if (strcmp(name, "word/document.xml") == 0 || strcmp(name, "word/footnotes.xml") == 0 ||
        strcmp(name, "word/endnotes.xml") == 0)
        return 1;
    size_t n = strlen(name);
    if (n < 4 || strcmp(name + n - 4, ".xml") != 0 || strchr(name + 5, '/'))
        return 0;
    return strncmp(name, "word/header", 11) == 0 || strncmp(name, "word/footer", 11) == 0;
}

/* Checks that the part is well-formed XML; reports libxml2's error. */
static int S_wellformed(const char *file, const char *x, size_t n, gw_diags *d)
{
    if (n > (size_t)INT32_MAX) {
        gw_diags_add(d, GW_ERROR, file, 0, 0, "模板部件太大");
        return -1;
    }
    xmlResetLastError();
    xmlDocPtr doc = xmlReadMemory(x, (int)n, file, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_HUGE);
    if (doc) {
        xmlFreeDoc(doc);
        return 0;
    }
    xmlErrorPtr e = xmlGetLastError();
    gw_buf msg = {0};
    if (e && e->message) {
        gw_buf_puts(&msg, e->message);
        while (msg.len > 0 && (msg.ptr[msg.len - 1] == '\n' || msg.ptr[msg.len - 1] == ' '))
            msg.ptr[--msg.len] = '\0';
    }
    gw_diags_add(d, GW_ERROR, file, e ? e->line : 0, e ? e->int2 : 0, "模板部件不是格式正确的 XML：%s",
                 msg.ptr ? msg.ptr : "无法解析");
    gw_buf_free(&msg);
    xmlResetLastError();
    return -1;
}

/* Resolves the generated styles against word/styles.xml (by id, then by
 * display name).  Returns the number of styles not found; those keep their
 * usual id (Word then falls back to Normal). */
static int S_resolve_styles(gw_template *t, const char *xml, size_t len, gw_buf *missing)
{
    xmlDocPtr doc = NULL;
    if (xml && len > 0 && len < (size_t)INT32_MAX)
        doc = xmlReadMemory(xml, (int)len, "styles.xml", NULL,
                            XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    int nmiss = 0;
    for (int k = 0; k < S_ST_MAX; k++) {
        char *by_name = NULL;
        int by_id = 0;
        xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
        for (xmlNodePtr st = root ? root->children : NULL; st && !by_id; st = st->next) {
            if (st->type != XML_ELEMENT_NODE || strcmp((const char *)st->name, "style") != 0)
                continue;
            xmlChar *id = xmlGetNsProp(st, BAD_CAST "styleId", BAD_CAST S_W_NS);
            if (id && strcmp((const char *)id, S_styles[k].id) == 0)
                by_id = 1;
            for (xmlNodePtr nm = st->children; nm && id && !by_id && !by_name; nm = nm->next) {
                if (nm->type != XML_ELEMENT_NODE || strcmp((const char *)nm->name, "name") != 0)
                    continue;
                xmlChar *v = xmlGetNsProp(nm, BAD_CAST "val", BAD_CAST S_W_NS);
                if (v && strcmp((const char *)v, S_styles[k].name) == 0)
                    by_name = gw_xstrdup((const char *)id);
                xmlFree(v);
            }
            xmlFree(id);
        }
        if (by_id || !by_name) {
            free(by_name);
            t->sid[k] = by_id || !S_styles[k].optional ? gw_xstrdup(S_styles[k].id) : NULL;
        } else {
            t->sid[k] = by_name;
        }
        if (!by_id && !by_name && !S_styles[k].optional) {
            gw_buf_printf(missing, "%s%s（%s）", missing->len ? "、" : "", S_styles[k].id, S_styles[k].name);
            nmiss++;
        }
    }
    xmlFreeDoc(doc);
    return nmiss;
}

void gw_template_free(gw_template *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nparts; i++) {
        free(t->parts[i].name);
        free(t->parts[i].xml);
        free(t->parts[i].ops);
    }
    free(t->parts);
    gw_zipin_free(t->zip);
    for (int k = 0; k < S_ST_MAX; k++)
        free(t->sid[k]);
    free(t->path);
    free(t);
}

/* Builds a template from an opened zip (takes ownership of z).  builtin:
 * the bytes compiled into the program, whose parts are not parsed again to
 * prove them well-formed at every start (test_render checks them through
 * the full path, gw_template_load, instead). */
static gw_template *S_template_from_zip(gw_zipin *z, const char *path, int builtin, gw_diags *d)
{
    gw_template *t = gw_xcalloc(1, sizeof *t);
    t->path = gw_xstrdup(path);
    t->zip = z;
    t->core = -1;
    t->content_types = -1;
    int errors = 0, blocks = 0;
    gw_buf styles = {0};
    long si = gw_zipin_find(z, "word/styles.xml");
    if (si >= 0 && gw_zipin_read(z, (size_t)si, &styles, d) != 0)
        errors++;
    if (gw_zipin_find(z, "word/document.xml") < 0) {
        gw_diags_add(d, GW_ERROR, path, 0, 0, "模板里没有 word/document.xml，不是 Word 文档");
        errors++;
    }
    size_t count = gw_zipin_count(z);
    for (size_t i = 0; i < count && errors == 0; i++) {
        const char *name = gw_zipin_name(z, i);
        if (!name)
            continue;
        if (strcmp(name, "[Content_Types].xml") == 0)
            t->content_types = (long)i;
        if (strcmp(name, "docProps/core.xml") == 0)
            t->core = (long)i;
        if (!S_story_part(name))
            continue;
        gw_buf xml = {0};
        if (gw_zipin_read(z, i, &xml, d) != 0) {
            errors++;
            continue;
        }
        if (!xml.ptr)
            gw_buf_puts(&xml, "");
        S_scan s = {0};
        s.file = gw_xasprintf("%s(%s)", path, name);
        s.x = xml.ptr;
        s.n = xml.len;
        s.d = d;
        s.is_document = strcmp(name, "word/document.xml") == 0;
        s.styles = styles.ptr;
        s.styles_len = styles.len;
        if ((!builtin && S_wellformed(s.file, xml.ptr, xml.len, d) != 0) || S_scan_part(&s) != 0) {
            errors++;
        } else if (s.nedits > 0) {
            if (s.is_document)
                t->sig_then_text = s.sig_then_text;
            if (s.signer_style[0])
                memcpy(t->signer_style, s.signer_style, sizeof t->signer_style);
            S_part p = {0};
            p.index = i;
            p.name = gw_xstrdup(name);
            if (S_build_ops(&s, &p) != 0) {
                errors++;
                free(p.name);
                free(p.ops);
            } else {
                for (size_t k = 0; k < p.nops; k++)
                    if (p.ops[k].kind == S_OP_BLOCK) {
                        blocks++;
                        t->has_block[p.ops[k].arg] = 1;
                    }
                p.len = xml.len;
                p.xml = gw_buf_detach(&xml);
                t->parts = gw_xrealloc(t->parts, (t->nparts + 1) * sizeof *t->parts);
                t->parts[t->nparts++] = p;
            }
        }
        S_scan_free(&s);
        gw_buf_free(&xml);
    }
    if (errors == 0 && t->content_types < 0) {
        gw_diags_add(d, GW_ERROR, path, 0, 0, "模板里没有 [Content_Types].xml，不是 Word 文档");
        errors++;
    }
    if (errors == 0) {
        gw_buf miss = {0};
        S_resolve_styles(t, styles.ptr, styles.len, &miss);
        int sz = S_style_sz(styles.ptr, styles.len, t->sid[S_ST_TABLE_TEXT], 0);
        t->table_cw = sz >= 10 && sz <= 144 ? sz * 10 : 280;
        t->enc_title_sz = S_style_sz(styles.ptr, styles.len, t->sid[S_ST_ENCLOSURE_TITLE], 0);
        t->att_title_sz = S_style_sz(styles.ptr, styles.len, t->sid[S_ST_ATTACH_TITLE], 0);
        if (miss.len && blocks > 0)
            gw_diags_add(d, GW_WARNING, path, 0, 0,
                         "模板的 word/styles.xml 缺少样式 %s，相应段落将使用默认样式", miss.ptr);
        gw_buf_free(&miss);
    }
    gw_buf_free(&styles);
    if (errors) {
        gw_template_free(t);
        return NULL;
    }
    return t;
}

gw_template *gw_template_load(const char *path, gw_diags *d)
{
    gw_zipin *z = gw_zipin_open(path, d);
    if (!z)
        return NULL;
    return S_template_from_zip(z, path, 0, d);
}

const unsigned char *gw_template_builtin_bytes(gw_kind kind, size_t *len, const char **name)
{
    switch (kind) {
    case GW_KIND_NOTICE: *len = gw_tpl_notice_len; *name = "notice.docx"; return gw_tpl_notice;
    case GW_KIND_PLAN: *len = gw_tpl_plan_len; *name = "plan.docx"; return gw_tpl_plan;
    case GW_KIND_REPORT: *len = gw_tpl_report_len; *name = "report.docx"; return gw_tpl_report;
    case GW_KIND_REPLY: *len = gw_tpl_letter_len; *name = "letter.docx"; return gw_tpl_letter;
    default: *len = 0; *name = NULL; return NULL;
    }
}

gw_template *gw_template_builtin(gw_kind kind, gw_diags *d)
{
    size_t len;
    const char *name;
    const unsigned char *bytes = gw_template_builtin_bytes(kind, &len, &name);
    if (!bytes) {
        gw_diags_add(d, GW_ERROR, NULL, 0, 0, "没有这种文种的内置模板（%d）", (int)kind);
        return NULL;
    }
    char *label = gw_xasprintf("(内置模板 %s)", name);
    gw_zipin *z = gw_zipin_open_memory(label, bytes, len, d);
    gw_template *t = z ? S_template_from_zip(z, label, 1, d) : NULL;
    free(label);
    return t;
}

/* ------------------------------------------------------------------ */
/* Reading the model                                                   */
/* ------------------------------------------------------------------ */

static int S_is(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           strcmp((const char *)n->ns->href, GW_NS) == 0 && (!name || strcmp((const char *)n->name, name) == 0);
}

static xmlNodePtr S_first(xmlNodePtr parent, const char *name)
{
    for (xmlNodePtr c = parent ? parent->children : NULL; c; c = c->next)
        if (S_is(c, name))
            return c;
    return NULL;
}

static xmlNodePtr S_next(xmlNodePtr n, const char *name)
{
    for (xmlNodePtr c = n ? n->next : NULL; c; c = c->next)
        if (S_is(c, name))
            return c;
    return NULL;
}

typedef struct S_ctx {
    const gw_template *t;
    gw_kind kind;
    long long epoch;
    xmlNodePtr root;
    const char *name;
    gw_diags *d;
    char *val[S_F_MAX];       /* field values, owned; NULL when absent */
    unsigned char warned[S_F_MAX];
    int y, m, dd;             /* 成文日期, 0 when unknown */
    xmlNodePtr roster;        /* <roster> with members, or NULL */
    char **signers;           /* 签发人, owned */
    size_t nsigners;
    int keep_tail;            /* keep the end of the body with the closing block */
    int tail_kept;            /* … and its last paragraph did keep with it */
    int roster_done;
    gw_partw *sink;           /* the part being written (long tables go there in pieces) */
    const gw_rowsrc *rows;    /* rows of one table from the caller, or NULL */
} S_ctx;

/* Text content of a node, trimmed; NULL when absent or empty.  Caller frees. */
static char *S_text(xmlNodePtr n)
{
    if (!n)
        return NULL;
    xmlChar *c = xmlNodeGetContent(n);
    if (!c)
        return NULL;
    size_t len = strlen((const char *)c);
    const char *s = S_trim((const char *)c, &len);
    char *r = len ? gw_xstrndup(s, len) : NULL;
    xmlFree(c);
    return r;
}

static char *S_attr(xmlNodePtr n, const char *name)
{
    if (!n)
        return NULL;
    xmlChar *c = xmlGetNoNsProp(n, BAD_CAST name);
    if (!c)
        return NULL;
    size_t len = strlen((const char *)c);
    const char *s = S_trim((const char *)c, &len);
    char *r = len ? gw_xstrndup(s, len) : NULL;
    xmlFree(c);
    return r;
}

/* Removes a leading label such as "抄送：" (either colon) from v in place. */
static void S_strip_label(char *v, const char *label)
{
    if (!v)
        return;
    size_t l = strlen(label), n = strlen(v);
    if (n < l || memcmp(v, label, l) != 0)
        return;
    size_t k = l;
    if (S_starts(v + k, n - k, "："))
        k += 3;
    else if (v[k] == ':')
        k += 1;
    else
        return;
    size_t rest = n - k;
    const char *s = S_trim(v + k, &rest);
    memmove(v, s, rest);
    v[rest] = '\0';
}

/* Chinese or Arabic numeral token → value; -1 if not a number. */
static int S_cn_number(const uint32_t *cp, size_t n, int digitwise)
{
    static const char *const digits = "〇一二三四五六七八九";
    if (n == 0)
        return -1;
    int val = 0, any = 0;
    if (digitwise) {
        for (size_t i = 0; i < n; i++) {
            int dgt = -1;
            if (cp[i] >= '0' && cp[i] <= '9')
                dgt = (int)(cp[i] - '0');
            else if (cp[i] >= 0xFF10 && cp[i] <= 0xFF19)
                dgt = (int)(cp[i] - 0xFF10);
            else if (cp[i] == 0x96F6 || cp[i] == 0x25CB || cp[i] == 0x3007) /* 零 ○ 〇 */
                dgt = 0;
            else {
                const char *p = digits;
                for (int k = 0; k < 10; k++) {
                    uint32_t c;
                    size_t l = gw_utf8_decode(p, strlen(p), &c);
                    if (c == cp[i])
                        dgt = k;
                    p += l;
                }
            }
            if (dgt < 0)
                return -1;
            val = val * 10 + dgt;
            any = 1;
        }
        return any ? val : -1;
    }
    /* month/day: Arabic digits or 十-based Chinese numerals */
    int arabic = 1;
    for (size_t i = 0; i < n; i++)
        if (!((cp[i] >= '0' && cp[i] <= '9') || (cp[i] >= 0xFF10 && cp[i] <= 0xFF19)))
            arabic = 0;
    if (arabic)
        return S_cn_number(cp, n, 1);
    int tens = 0, unit = 0, seen_ten = 0;
    for (size_t i = 0; i < n; i++) {
        if (cp[i] == 0x5341) { /* 十 */
            tens = unit ? unit : 1;
            unit = 0;
            seen_ten = 1;
            continue;
        }
        uint32_t one = cp[i];
        int dgt = S_cn_number(&one, 1, 1);
        if (dgt < 0)
            return -1;
        unit = dgt;
    }
    return seen_ten ? tens * 10 + unit : unit;
}

/* Reads YYYY-MM-DD, or a date written as 2020年5月23日 / 二〇二〇年五月二十三日. */
static int S_parse_date(const char *value, const char *text, int *y, int *m, int *d)
{
    *y = *m = *d = 0;
    if (value && strlen(value) >= 10) {
        int a, b, c;
        if (sscanf(value, "%4d-%2d-%2d", &a, &b, &c) == 3 && a > 0 && b >= 1 && b <= 12 && c >= 1 && c <= 31) {
            *y = a;
            *m = b;
            *d = c;
            return 0;
        }
    }
    if (!text)
        return -1;
    uint32_t tok[16];
    size_t nt = 0, i = 0, n = strlen(text);
    int got = 0;
    while (i < n) {
        uint32_t cp;
        size_t l = gw_utf8_decode(text + i, n - i, &cp);
        if (l == 0)
            l = 1, cp = '?';
        i += l;
        if (cp == 0x5E74 || cp == 0x6708 || cp == 0x65E5) { /* 年 月 日 */
            int v = S_cn_number(tok, nt, cp == 0x5E74);
            if (cp == 0x5E74 && v >= 1000 && got == 0)
                *y = v, got = 1;
            else if (cp == 0x6708 && v >= 1 && v <= 12 && got == 1)
                *m = v, got = 2;
            else if (cp == 0x65E5 && v >= 1 && v <= 31 && got == 2) {
                *d = v;
                return 0;
            }
            nt = 0;
        } else if (cp == ' ' || cp == 0x3000) {
            continue;
        } else if (nt < 16) {
            tok[nt++] = cp;
        } else {
            nt = 0;
        }
        if (cp != 0x5E74 && cp != 0x6708 && cp != 0x65E5 && nt == 16)
            nt = 0;
    }
    *y = *m = *d = 0;
    return -1;
}

/* "2020年5月23日" from an element with value/text; NULL when absent. */
static char *S_date_field(xmlNodePtr n, int *py, int *pm, int *pd)
{
    if (!n)
        return NULL;
    char *value = S_attr(n, "value");
    char *text = S_text(n);
    int y, m, d;
    char *r = NULL;
    if (S_parse_date(value, text, &y, &m, &d) == 0) {
        r = gw_xasprintf("%d年%d月%d日", y, m, d);
        if (py) {
            *py = y;
            *pm = m;
            *pd = d;
        }
    } else if (text) {
        r = gw_xstrdup(text);
    }
    free(value);
    free(text);
    return r;
}

static void S_set(S_ctx *c, int f, char *v)
{
    free(c->val[f]);
    c->val[f] = v;
    if (v && !*v) {
        free(v);
        c->val[f] = NULL;
    }
}

static void S_ctx_fields(S_ctx *c)
{
    xmlNodePtr r = c->root;
    xmlNodePtr head = S_first(r, "head");
    S_set(c, S_F_TITLE, S_text(S_first(r, "title")));
    S_set(c, S_F_ISSUER_MARK, S_text(S_first(head, "issuer-mark")));
    S_set(c, S_F_DOC_NUMBER, S_text(S_first(head, "doc-number")));
    S_set(c, S_F_COPY_NUMBER, S_text(S_first(head, "copy-number")));
    S_set(c, S_F_SECRECY, S_text(S_first(head, "secrecy")));
    S_set(c, S_F_URGENCY, S_text(S_first(head, "urgency")));
    S_set(c, S_F_AUTHOR, S_text(S_first(r, "author")));
    S_set(c, S_F_SIGNATURE, S_text(S_first(r, "signature")));
    /* 信函格式: the letterhead is the agency's name without 文件 — the
     * agency that signs the letter, as the draft prints it */
    if (c->kind == GW_KIND_REPLY && !c->val[S_F_ISSUER_MARK] && c->val[S_F_SIGNATURE])
        S_set(c, S_F_ISSUER_MARK, gw_xstrdup(c->val[S_F_SIGNATURE]));

    gw_buf b = {0};
    for (xmlNodePtr s = S_first(head, "signer"); s; s = S_next(s, "signer")) {
        char *v = S_text(s);
        if (v) {
            gw_buf_printf(&b, "%s%s", b.len ? "　" : "", v);
            c->signers = gw_xrealloc(c->signers, (c->nsigners + 1) * sizeof *c->signers);
            c->signers[c->nsigners++] = v;
        }
    }
    S_set(c, S_F_SIGNER, b.len ? gw_buf_detach(&b) : NULL);
    gw_buf_free(&b);

    xmlNodePtr rc = S_first(r, "recipients");
    char *rt = S_attr(rc, "text");
    if (!rt && rc) {
        for (xmlNodePtr x = S_first(rc, "recipient"); x; x = S_next(x, "recipient")) {
            char *v = S_text(x);
            if (v) {
                gw_buf_printf(&b, "%s%s", b.len ? "、" : "", v);
                free(v);
            }
        }
        rt = b.len ? gw_buf_detach(&b) : NULL;
        gw_buf_free(&b);
    }
    if (rt) {
        size_t n = strlen(rt);
        while (n > 0 && (rt[n - 1] == ':' || S_ends(rt, n, "："))) {
            n -= rt[n - 1] == ':' ? 1 : 3;
            rt[n] = '\0';
        }
        char *v = n ? gw_xasprintf("%s：", rt) : NULL;
        free(rt);
        rt = v;
    }
    S_set(c, S_F_RECIPIENTS, rt);

    xmlNodePtr date = S_first(r, "date");
    S_set(c, S_F_DATE, S_date_field(date, &c->y, &c->m, &c->dd));

    xmlNodePtr col = S_first(r, "colophon");
    char *cc = S_text(S_first(col, "cc"));
    S_strip_label(cc, "抄送");
    if (cc) {
        size_t n = strlen(cc);
        while (n > 0 && (cc[n - 1] == '.' || cc[n - 1] == ';' || cc[n - 1] == ',' || S_ends(cc, n, "；") ||
                         S_ends(cc, n, "，"))) {
            n -= (cc[n - 1] == '.' || cc[n - 1] == ';' || cc[n - 1] == ',') ? 1 : 3;
            cc[n] = '\0';
        }
        if (n && !S_ends(cc, n, "。")) {
            char *v = gw_xasprintf("%s。", cc);
            free(cc);
            cc = v;
        }
    }
    S_set(c, S_F_CC, cc);
    S_set(c, S_F_PRINTER, S_text(S_first(col, "printer")));
    char *pd = S_date_field(S_first(col, "print-date"), NULL, NULL, NULL);
    if (pd && S_ends(pd, strlen(pd), "印发"))
        pd[strlen(pd) - strlen("印发")] = '\0';
    S_set(c, S_F_PRINT_DATE, pd);

    xmlNodePtr rep = S_first(r, "reply");
    for (xmlNodePtr f = S_first(rep, "field"); f; f = S_next(f, "field")) {
        char *nm = S_attr(f, "name");
        for (int i = 0; nm && i < 12; i++)
            if (strcmp(nm, S_reply_names[i]) == 0 && !c->val[S_F_REPLY_FIRST + i])
                S_set(c, S_F_REPLY_FIRST + i, S_text(f));
        free(nm);
    }
    static const struct { int field, reply; const char *label; } S_alias[] = {
        {S_F_RESULT, 5, "办理结果"}, {S_F_CONTACT, 9, "联系人"}, {S_F_PHONE, 10, "联系电话"},
        {S_F_DISCLOSURE, 11, "公开属性"}};
    for (size_t i = 0; i < sizeof S_alias / sizeof *S_alias; i++) {
        const char *v = c->val[S_F_REPLY_FIRST + S_alias[i].reply];
        char *copy = v ? gw_xstrdup(v) : NULL;
        S_strip_label(copy, S_alias[i].label);
        if (S_alias[i].field == S_F_DISCLOSURE)
            S_strip_label(copy, "公开方式");
        S_set(c, S_alias[i].field, copy);
    }
    if (!c->val[S_F_SIGNER] && c->val[S_F_REPLY_FIRST + 8])
        S_set(c, S_F_SIGNER, gw_xstrdup(c->val[S_F_REPLY_FIRST + 8]));

    xmlNodePtr ro = S_first(r, "roster");
    c->roster = S_first(ro, "member") ? ro : NULL;
}

static int S_required(const S_ctx *c, int f)
{
    return f < S_F_REPLY_FIRST && (S_fields[f].required & S_K(c->kind));
}

/* The value to print for field f: the model's, 【待补】 (with one warning)
 * when the kind requires it, or NULL. */
static const char *S_value(S_ctx *c, int f)
{
    if (c->val[f])
        return c->val[f];
    if (!S_required(c, f))
        return NULL;
    if (!c->warned[f]) {
        c->warned[f] = 1;
        gw_diags_add(c->d, GW_WARNING, c->name, 0, 0, "缺少%s，已在文中标注%s", S_fields[f].what, S_MISSING);
    }
    return S_MISSING;
}

static int S_signature_emits(S_ctx *c);

/* Does the template print the model's 附注 (<note>)? */
static int S_notes_emit(S_ctx *c)
{
    return c->t->has_block[S_B_NOTES] && S_first(c->root, "note");
}

/* Is there a closing block (署名, 成文日期, 附注) after the body?  The end
 * of the body then keeps with it, so that it never stands alone on a page. */
static int S_closing_follows(S_ctx *c)
{
    return (c->t->has_block[S_B_SIGNATURE] && S_signature_emits(c)) || S_notes_emit(c);
}

/* Does the signature block print anything for this document? */
static int S_signature_emits(S_ctx *c)
{
    return S_required(c, S_F_SIGNATURE) || S_required(c, S_F_DATE) || S_first(c->root, "signature") ||
           c->val[S_F_DATE];
}

/* ------------------------------------------------------------------ */
/* Writing WordprocessingML                                            */
/* ------------------------------------------------------------------ */

/* Opens a paragraph.  Optional pieces are written in schema order. */
typedef struct S_ppr {
    const char *style;
    int keep_next;       /* 0: as the style says; -1: switch off; 1: switch on */
    int page_break;
    const char *frame;   /* a complete <w:framePr …/>, or NULL */
    int ind;             /* write w:ind from the fields below */
    int left, right, hanging;
    const char *tabs;    /* a complete <w:tabs>…</w:tabs>, or NULL */
    int center;          /* centred without indents (style missing) */
} S_ppr;

static void S_p_open(gw_buf *b, const S_ppr *p)
{
    gw_buf_puts(b, "<w:p>");
    if (!p)
        return;
    gw_buf_puts(b, "<w:pPr>");
    if (p->style) {
        gw_buf_puts(b, "<w:pStyle w:val=\"");
        S_put_esc_str(b, p->style);
        gw_buf_puts(b, "\"/>");
    }
    if (p->keep_next < 0)
        gw_buf_puts(b, "<w:keepNext w:val=\"0\"/>");
    else if (p->keep_next > 0)
        gw_buf_puts(b, "<w:keepNext/>");
    if (p->page_break)
        gw_buf_puts(b, "<w:pageBreakBefore/>");
    if (p->frame)
        gw_buf_puts(b, p->frame);
    if (p->tabs)
        gw_buf_puts(b, p->tabs);
    if (p->center && !p->ind)
        gw_buf_puts(b, "<w:ind w:left=\"0\" w:right=\"0\" w:firstLineChars=\"0\" w:firstLine=\"0\"/>");
    if (p->ind) {
        gw_buf_puts(b, "<w:ind");
        if (p->left >= 0)
            gw_buf_printf(b, " w:left=\"%d\"", p->left);
        if (p->right >= 0)
            gw_buf_printf(b, " w:right=\"%d\"", p->right);
        if (p->hanging > 0)
            gw_buf_printf(b, " w:hanging=\"%d\"", p->hanging);
        gw_buf_puts(b, "/>");
    }
    if (p->center)
        gw_buf_puts(b, "<w:jc w:val=\"center\"/>");
    gw_buf_puts(b, "</w:pPr>");
}

static void S_p_close(gw_buf *b)
{
    gw_buf_puts(b, "</w:p>");
}

static void S_blank(gw_buf *b)
{
    gw_buf_puts(b, "<w:p/>");
}

/* One run of text.  rstyle may be NULL.  The eastAsia hint makes quotes,
 * dashes and ellipses take the CJK font. */
static void S_run(gw_buf *b, const char *s, size_t n, const char *rstyle, int bold)
{
    if (n == 0)
        return;
    gw_buf_puts(b, "<w:r><w:rPr>");
    if (rstyle) {
        gw_buf_puts(b, "<w:rStyle w:val=\"");
        S_put_esc_str(b, rstyle);
        gw_buf_puts(b, "\"/>");
    }
    gw_buf_puts(b, "<w:rFonts w:hint=\"eastAsia\"/>");
    if (bold)
        gw_buf_puts(b, "<w:b/><w:bCs/>");
    gw_buf_puts(b, "</w:rPr><w:t xml:space=\"preserve\">");
    S_put_esc(b, s, n, S_ESC_RUN);
    gw_buf_puts(b, "</w:t></w:r>");
}

static void S_run_str(gw_buf *b, const char *s)
{
    S_run(b, s, strlen(s), NULL, 0);
}

/* A whole paragraph of plain text in a style. */
static void S_para_text(gw_buf *b, const S_ppr *p, const char *text)
{
    S_p_open(b, p);
    if (text)
        S_run_str(b, text);
    S_p_close(b);
}

/* Inline content of a model p/heading: text and <b> children. */
typedef struct S_iseg {
    const char *s;
    size_t n;
    int bold;
} S_iseg;

typedef struct S_inline {
    S_iseg *v;
    size_t n, cap;
    size_t total;   /* bytes */
} S_inline;

static void S_inline_add(S_inline *in, const char *s, size_t n, int bold)
{
    if (n == 0)
        return;
    if (in->n == in->cap) {
        in->cap = in->cap ? in->cap * 2 : 8;
        in->v = gw_xrealloc(in->v, in->cap * sizeof *in->v);
    }
    in->v[in->n++] = (S_iseg){s, n, bold};
    in->total += n;
}

static void S_inline_collect(S_inline *in, xmlNodePtr node, int bold)
{
    for (xmlNodePtr c = node->children; c; c = c->next) {
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
            S_inline_add(in, (const char *)c->content, strlen((const char *)c->content), bold);
        else if (c->type == XML_ELEMENT_NODE)
            S_inline_collect(in, c, bold || S_is(c, "b"));
    }
}

/* Trims white space at the start of the first and the end of the last segment. */
static void S_inline_trim(S_inline *in)
{
    size_t l;
    while (in->n > 0) {
        S_iseg *f = &in->v[0];
        while (f->n > 0 && S_is_space(f->s, f->n, &l)) {
            f->s += l;
            f->n -= l;
            in->total -= l;
        }
        if (f->n > 0)
            break;
        memmove(in->v, in->v + 1, (in->n - 1) * sizeof *in->v);
        in->n--;
    }
    while (in->n > 0) {
        S_iseg *e = &in->v[in->n - 1];
        size_t before = e->n;
        e->s = S_trim(e->s, &e->n); /* its start is clean already unless it is the first */
        in->total -= before - e->n;
        if (e->n > 0)
            break;
        in->n--;
    }
}

/* Writes the segments as runs; bytes from offset `split` on get rstyle2. */
static void S_inline_runs(gw_buf *b, const S_inline *in, size_t split, const char *rstyle2)
{
    size_t off = 0;
    for (size_t i = 0; i < in->n; i++) {
        const S_iseg *g = &in->v[i];
        if (split > off && split < off + g->n) {
            size_t k = split - off;
            S_run(b, g->s, k, NULL, g->bold);
            S_run(b, g->s + k, g->n - k, rstyle2, g->bold);
        } else {
            S_run(b, g->s, g->n, off >= split ? rstyle2 : NULL, g->bold);
        }
        off += g->n;
    }
}

/* Byte offset just after the first "。" of the content when more text
 * follows it, else 0. */
static size_t S_first_sentence(const S_inline *in)
{
    size_t off = 0;
    for (size_t i = 0; i < in->n; i++) {
        const S_iseg *g = &in->v[i];
        for (size_t k = 0; k + 3 <= g->n; k++)
            if (memcmp(g->s + k, "。", 3) == 0) {
                size_t at = off + k + 3;
                return at < in->total ? at : 0;
            }
        off += g->n;
    }
    return 0;
}

static int S_inline_starts(const S_inline *in, const char *prefix)
{
    return in->n > 0 && S_starts(in->v[0].s, in->v[0].n, prefix);
}

static void S_write_body(S_ctx *c, gw_buf *b, xmlNodePtr body);

/* <heading level label>: label + text in the level's style.  A level 1/2
 * heading that runs on into a sentence keeps the heading font for its
 * first sentence only; long headings do not keep with the next paragraph. */
static void S_write_heading(S_ctx *c, gw_buf *b, xmlNodePtr h, int keep)
{
    char *lv = S_attr(h, "level");
    int level = lv ? atoi(lv) : 1;
    free(lv);
    if (level < 1 || level > 4)
        level = 1;
    char *label = S_attr(h, "label");
    S_inline in = {0};
    S_inline_collect(&in, h, 0);
    S_inline_trim(&in);
    if (label && S_inline_starts(&in, label)) {
        free(label);
        label = NULL;
    }
    size_t split = level <= 2 ? S_first_sentence(&in) : 0;
    size_t chars = (label ? gw_utf8_count(label, strlen(label)) : 0);
    for (size_t i = 0; i < in.n; i++)
        chars += gw_utf8_count(in.v[i].s, in.v[i].n);
    S_ppr p = {c->t->sid[S_ST_H1 + level - 1], 0, 0, NULL, 0, -1, -1, 0, NULL, 0};
    if (keep)
        p.keep_next = 1;
    else if (split || chars > 26)
        p.keep_next = -1;
    S_p_open(b, &p);
    if (label)
        S_run_str(b, label);
    S_inline_runs(b, &in, split ? split : (size_t)-1, c->t->sid[S_ST_BODY_CHAR]);
    S_p_close(b);
    free(in.v);
    free(label);
}

static void S_write_p(gw_buf *b, xmlNodePtr pn, const S_ppr *p)
{
    S_inline in = {0};
    S_inline_collect(&in, pn, 0);
    S_inline_trim(&in);
    S_p_open(b, p);
    S_inline_runs(b, &in, (size_t)-1, NULL);
    S_p_close(b);
    free(in.v);
}

/* ---- tables ---- */

typedef struct S_cell {
    const char *text;   /* may be NULL */
    int vmerge;         /* 0 none, 1 restart, 2 continue */
} S_cell;

/* ---- column widths ----
 *
 * Widths follow the content.  Each cell is measured in twips of table text
 * (GwTableText, 4号 = 280 twips a 字): a CJK or full-width character takes
 * one 字, any other character half a 字 plus a margin, 0.65 字 in all (Latin
 * digits and capitals are wider than half an em in most fonts, and a cell
 * that is a hair too narrow wraps "0012" into "001/2"), plus 0.2 字 where
 * Chinese meets Latin text (LibreOffice's autospace).  A line holds whole
 * 字, since Chinese text breaks between characters.  Every column starts at
 * its minimum (one 字, its longest unbreakable Latin word up to a third of
 * the 版心, half its header text) and the rest of
 * the 版心 width is handed out step by step: each step widens the column
 * where the next width at which one of its cells loses a line saves the
 * most printed lines per twip (a row's height is its tallest cell, so the
 * saving counts row heights first, cell lines second).  Short columns (编号,
 * names, A/B/C) thus get all they need at once, since a few twips save a
 * line in every row, and the long ones share what is left.  When no cell
 * needs to wrap any more, the remaining width is shared out in proportion
 * to the columns' widest lines.  The widths always sum to S_TEXT_WIDTH. */

#define S_CELL_PAD 210 /* cell margins (GwTable: 2 x 85) plus borders and rounding */

typedef struct S_measure {
    size_t nrows, ncols;
    long cw;           /* twips of a 字 */
    long *seg;         /* widths of the lines (split at line feeds) of every cell */
    size_t *first;     /* cell k = r * ncols + c owns seg[first[k] .. first[k + 1]) */
    long *need;        /* per column: its widest line plus padding */
    long *minw;        /* per column: its longest unbreakable word plus padding */
} S_measure;

/* Width in twips of text at cw twips a 字; *word gets the widest run of
 * characters a line cannot break inside (Latin letters and digits). */
static long S_text_twips(const char *s, size_t n, int cw, long *word)
{
    long w = 0, run = 0;
    int prev = 0; /* 1 CJK, 2 Latin letter or digit, 0 other */
    size_t i = 0;
    *word = 0;
    while (i < n) {
        uint32_t cp;
        size_t l = gw_utf8_decode(s + i, n - i, &cp);
        if (l == 0) {
            l = 1;
            cp = '?';
        }
        i += l;
        long cwid = cp >= 0x2E80 ? cw : (long)cw * 13 / 20;
        int latin = cp < 128 && ((cp >= '0' && cp <= '9') || ((cp | 32) >= 'a' && (cp | 32) <= 'z'));
        int cls = cp >= 0x4E00 && cp <= 0x9FFF ? 1 : latin ? 2 : 0;
        if (cls && prev && cls != prev)
            cwid += cw / 5; /* LibreOffice spaces Latin text from Chinese (autospace) */
        prev = cls;
        w += cwid;
        if (cp < 0x2E80 && cp != ' ' && cp != '\t')
            run += cwid;
        else
            run = 0;
        if (run > *word)
            *word = run;
    }
    return w;
}

/* Measures the cells text[r * ncols + c] (NULL for empty).  A header cell
 * (hdr[r] non-zero; hdr may be NULL) may wrap once but not more: its column
 * is at least half its text wide. */
static void S_measure_cells(S_measure *m, const char *const *text, const int *hdr, size_t nrows, size_t ncols, int cw)
{
    m->nrows = nrows;
    m->ncols = ncols;
    m->cw = cw;
    size_t cap = nrows * ncols + 1;
    m->seg = gw_xmalloc(cap * sizeof *m->seg);
    m->first = gw_xmalloc((nrows * ncols + 1) * sizeof *m->first);
    m->need = gw_xcalloc(ncols, sizeof *m->need);
    m->minw = gw_xcalloc(ncols, sizeof *m->minw);
    size_t ns = 0;
    for (size_t k = 0; k < nrows * ncols; k++) {
        m->first[k] = ns;
        const char *s = text[k] ? text[k] : "";
        size_t c = k % ncols;
        for (;;) {
            const char *e = strchr(s, '\n');
            size_t len = e ? (size_t)(e - s) : strlen(s);
            long word;
            long w = S_text_twips(s, len, cw, &word);
            if (ns == cap) {
                cap *= 2;
                m->seg = gw_xrealloc(m->seg, cap * sizeof *m->seg);
            }
            m->seg[ns++] = w;
            if (w + S_CELL_PAD > m->need[c])
                m->need[c] = w + S_CELL_PAD;
            if (word + S_CELL_PAD > m->minw[c])
                m->minw[c] = word + S_CELL_PAD;
            if (hdr && hdr[k / ncols]) {
                long half = ((w + 1) / 2 + cw - 1) / cw * cw; /* whole 字 */
                if (half + S_CELL_PAD > m->minw[c])
                    m->minw[c] = half + S_CELL_PAD;
            }
            if (!e)
                break;
            s = e + 1;
        }
    }
    m->first[nrows * ncols] = ns;
    long one = cw + S_CELL_PAD;
    for (size_t c = 0; c < ncols; c++) {
        if (m->minw[c] > S_TEXT_WIDTH / 3) /* a URL: let it break */
            m->minw[c] = S_TEXT_WIDTH / 3;
        if (m->minw[c] < one)
            m->minw[c] = one;
        if (m->need[c] < m->minw[c])
            m->need[c] = m->minw[c];
    }
}

static void S_measure_free(S_measure *m)
{
    free(m->seg);
    free(m->first);
    free(m->need);
    free(m->minw);
}

/* The part of a column w twips wide that a line of text fills: whole 字,
 * since Chinese text breaks between characters. */
static long S_line_room(const S_measure *m, long w)
{
    long avail = (w - S_CELL_PAD) / m->cw * m->cw;
    return avail < m->cw ? m->cw : avail;
}

/* Printed lines of cell k in a column w twips wide. */
static long S_cell_lines(const S_measure *m, size_t k, long w)
{
    long avail = S_line_room(m, w), n = 0;
    for (size_t i = m->first[k]; i < m->first[k + 1]; i++)
        n += m->seg[i] <= 0 ? 1 : (m->seg[i] + avail - 1) / avail;
    return n > 0 ? n : 1;
}

/* The smallest width above w at which some cell of column c loses a line,
 * or 0 when none wraps at w. */
static long S_next_width(const S_measure *m, size_t c, long w)
{
    long avail = S_line_room(m, w), best = 0;
    for (size_t r = 0; r < m->nrows; r++) {
        size_t k = r * m->ncols + c;
        for (size_t i = m->first[k]; i < m->first[k + 1]; i++) {
            long s = m->seg[i];
            long l = s <= 0 ? 1 : (s + avail - 1) / avail;
            if (l <= 1)
                continue;
            long room = (s + l - 2) / (l - 1); /* ceil(s / (l - 1)) */
            long at = (room + m->cw - 1) / m->cw * m->cw + S_CELL_PAD;
            if (best == 0 || at < best)
                best = at;
        }
    }
    return best;
}

/* Lines saved (row heights weighted above cell lines) when column c goes
 * from w[c] to nw. */
static long long S_saving(const S_measure *m, const long *w, size_t c, long nw)
{
    long long rows = 0, cells = 0;
    for (size_t r = 0; r < m->nrows; r++) {
        long before = 0, after = 0;
        for (size_t j = 0; j < m->ncols; j++) {
            long l = S_cell_lines(m, r * m->ncols + j, w[j]);
            long l2 = j == c ? S_cell_lines(m, r * m->ncols + j, nw) : l;
            before = l > before ? l : before;
            after = l2 > after ? l2 : after;
            cells += l * l - l2 * l2;
        }
        rows += before - after;
    }
    return rows * (long long)(m->ncols + 1) + cells;
}

/* Column widths in twips for the measured cells, summing to total. */
static void S_col_widths(const S_measure *m, long total, int *out)
{
    size_t n = m->ncols;
    long *w = gw_xmalloc(n * sizeof *w);
    long sum = 0;
    for (size_t c = 0; c < n; c++)
        sum += w[c] = m->minw[c];
    if (sum > total) { /* even the minimum does not fit: scale it down */
        long acc = 0;
        for (size_t c = 0; c < n; c++)
            acc += w[c] = (long)((long long)m->minw[c] * total / sum);
        w[n - 1] += total - acc;
        sum = total;
    }
    long left = total - sum;
    while (left > 0) {
        size_t best = n;
        long best_d = 0;
        long long best_s = 0;
        for (size_t c = 0; c < n; c++) {
            long nw = S_next_width(m, c, w[c]);
            if (nw == 0 || nw - w[c] > left)
                continue;
            long long s = S_saving(m, w, c, nw);
            long d = nw - w[c];
            /* the most lines saved per twip; ties go to the leftmost */
            if (s > 0 && (best == n || s * best_d > best_s * d)) {
                best = c;
                best_d = d;
                best_s = s;
            }
        }
        if (best == n)
            break;
        w[best] += best_d;
        left -= best_d;
    }
    if (left > 0) {
        /* share the rest in proportion to the widest lines, among the
         * columns that still wrap if there are any */
        long long weight = 0;
        int wrapping = 0;
        for (size_t c = 0; c < n; c++)
            wrapping |= S_next_width(m, c, w[c]) != 0;
        for (size_t c = 0; c < n; c++)
            if (!wrapping || S_next_width(m, c, w[c]) != 0)
                weight += m->need[c];
        long given = 0;
        size_t last = 0;
        for (size_t c = 0; c < n; c++)
            if (!wrapping || S_next_width(m, c, w[c]) != 0) {
                long add = weight > 0 ? (long)(left * m->need[c] / weight) : 0;
                w[c] += add;
                given += add;
                last = c;
            }
        w[last] += left - given;
    }
    for (size_t c = 0; c < n; c++)
        out[c] = (int)w[c];
    free(w);
}

static void S_table_open(const gw_template *t, gw_buf *b, const int *w, size_t ncols)
{
    gw_buf_puts(b, "<w:tbl><w:tblPr><w:tblStyle w:val=\"");
    S_put_esc_str(b, t->sid[S_ST_TABLE]);
    gw_buf_printf(b,
                  "\"/><w:tblW w:w=\"%d\" w:type=\"dxa\"/>"
                  "<w:jc w:val=\"center\"/><w:tblLayout w:type=\"fixed\"/>"
                  "<w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" "
                  "w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
                  S_TEXT_WIDTH);
    for (size_t i = 0; i < ncols; i++)
        gw_buf_printf(b, "<w:gridCol w:w=\"%d\"/>", w[i]);
    gw_buf_puts(b, "</w:tblGrid>");
}

static void S_table_row(const gw_template *t, gw_buf *b, const S_cell *cells, size_t ncols, const int *w,
                        int header)
{
    gw_buf_puts(b, "<w:tr><w:trPr><w:cantSplit/>");
    if (header)
        gw_buf_puts(b, "<w:tblHeader/>");
    gw_buf_puts(b, "</w:trPr>");
    for (size_t i = 0; i < ncols; i++) {
        gw_buf_printf(b, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/>", w[i]);
        if (cells[i].vmerge == 1)
            gw_buf_puts(b, "<w:vMerge w:val=\"restart\"/>");
        else if (cells[i].vmerge == 2)
            gw_buf_puts(b, "<w:vMerge/>");
        gw_buf_puts(b, "<w:vAlign w:val=\"center\"/></w:tcPr>");
        S_ppr p = {t->sid[header ? S_ST_TABLE_HEAD : S_ST_TABLE_TEXT], 0, 0, NULL, 0, -1, -1, 0, NULL, 0};
        S_para_text(b, &p, cells[i].vmerge == 2 ? NULL : cells[i].text);
        gw_buf_puts(b, "</w:tc>");
    }
    gw_buf_puts(b, "</w:tr>");
}

static void S_table_close(gw_buf *b)
{
    gw_buf_puts(b, "</w:tbl>");
}

/* <table>: a real Word table, 156 mm wide, header rows repeated. */
static void S_drop_empty_tables(gw_buf *b);

/* Cell (r, c) of a row source as the model would give it: *text borrowed
 * (*own 0) or a copy to free (*own 1). */
static void S_src_cell(const gw_rowsrc *rs, size_t r, size_t c, const char **text, unsigned char *own)
{
    const char *s = rs->cell(rs->ctx, r, c);
    if (!s)
        s = "";
    char *norm = gw_model_text_as_added(s);
    *text = norm ? norm : s;
    *own = norm != NULL;
}

static void S_write_table(const gw_template *t, gw_buf *b, xmlNodePtr tn, const gw_rowsrc *rs,
                          gw_partw *sink)
{
    size_t nmodel = 0, ncols = 0;
    for (xmlNodePtr r = S_first(tn, "row"); r; r = S_next(r, "row")) {
        size_t k = 0;
        for (xmlNodePtr cl = S_first(r, "cell"); cl; cl = S_next(cl, "cell"))
            k++;
        ncols = k > ncols ? k : ncols;
        nmodel++;
    }
    if (rs && rs->table != tn)
        rs = NULL;
    size_t nsrc = rs ? rs->nrows : 0;
    if (rs && rs->ncols > ncols)
        ncols = rs->ncols;
    size_t nrows = nmodel + nsrc;
    if (nrows == 0 || ncols == 0)
        return;
    /* the model's texts are copies (freed here); the source's are borrowed,
     * or copies (own[]) where they would not read back from a model as
     * they are (gw_model_text_as_added: forbidden characters, line breaks
     * at the ends), so both give the same document */
    const char **text = gw_xcalloc(nrows * ncols, sizeof *text);
    unsigned char *own = nsrc ? gw_xcalloc(nsrc * ncols, 1) : NULL;
    int *hdr = gw_xcalloc(nrows, sizeof *hdr);
    size_t ri = 0;
    for (xmlNodePtr r = S_first(tn, "row"); r; r = S_next(r, "row"), ri++) {
        char *h = S_attr(r, "header");
        hdr[ri] = h && strcmp(h, "1") == 0;
        free(h);
        size_t ci = 0;
        for (xmlNodePtr cl = S_first(r, "cell"); cl; cl = S_next(cl, "cell"), ci++) {
            text[ri * ncols + ci] = S_text(cl);
        }
    }
    for (size_t r = 0; r < nsrc; r++)
        for (size_t ci = 0; ci < rs->ncols; ci++)
            S_src_cell(rs, r, ci, &text[(nmodel + r) * ncols + ci], &own[r * ncols + ci]);
    int *w = gw_xmalloc(ncols * sizeof *w);
    S_measure ms;
    S_measure_cells(&ms, text, hdr, nrows, ncols, t->table_cw);
    S_col_widths(&ms, S_TEXT_WIDTH, w);
    S_measure_free(&ms);
    /* the texts were needed all at once for the widths only: the model's
     * rows are read again one at a time as they are written */
    for (size_t i = 0; i < nmodel * ncols; i++) {
        free((char *)text[i]);
        text[i] = NULL;
    }
    for (size_t i = 0; i < nsrc * ncols; i++)
        if (own[i]) { /* own[i] stays set: copied again when written */
            free((char *)text[nmodel * ncols + i]);
            text[nmodel * ncols + i] = NULL;
        }
    S_cell *cells = gw_xcalloc(ncols, sizeof *cells);
    S_table_open(t, b, w, ncols);
    xmlNodePtr rn = S_first(tn, "row");
    for (size_t r = 0; r < nrows; r++) {
        const char **row = text + r * ncols;
        if (r < nmodel) {
            size_t ci = 0;
            for (xmlNodePtr cl = S_first(rn, "cell"); cl && ci < ncols; cl = S_next(cl, "cell"), ci++)
                row[ci] = S_text(cl);
            rn = S_next(rn, "row");
        } else {
            for (size_t ci = 0; ci < rs->ncols; ci++)
                if (own[(r - nmodel) * ncols + ci]) /* copied again for writing */
                    S_src_cell(rs, r - nmodel, ci, &row[ci], &own[(r - nmodel) * ncols + ci]);
        }
        for (size_t k = 0; k < ncols; k++)
            cells[k] = (S_cell){row[k], 0};
        /* only a leading run of header rows repeats */
        int leading = hdr[r];
        for (size_t q = 0; q < r && leading; q++)
            leading = hdr[q];
        S_table_row(t, b, cells, ncols, w, leading);
        for (size_t k = 0; k < ncols; k++) {
            if (r < nmodel || own[(r - nmodel) * ncols + k]) {
                free((char *)row[k]);
                row[k] = NULL;
            }
        }
        /* a long table (a 汇总 of thousands of letters) goes to the part
         * as it is written: b then holds only the rows since the last
         * piece.  Tables before it in b are complete, so empty ones can
         * be dropped first. */
        if (sink && b->len >= ((size_t)1 << 20)) {
            S_drop_empty_tables(b);
            gw_partw_write(sink, b->ptr, b->len);
            gw_buf_clear(b);
        }
    }
    S_table_close(b);
    free(text);
    free(own);
    free(hdr);
    free(w);
    free(cells);
}

/* <roster>: 职务 / 姓名 / 单位职务 table, one role cell per run of members. */
static void S_write_roster(const gw_template *t, gw_buf *b, xmlNodePtr ro)
{
    size_t n = 0;
    int titles = 0;
    for (xmlNodePtr m = S_first(ro, "member"); m; m = S_next(m, "member")) {
        n++;
        char *title = S_attr(m, "title");
        titles |= title != NULL;
        free(title);
    }
    size_t ncols = titles ? 3 : 2;
    char **v = gw_xcalloc(n * 3, sizeof *v);
    static const char *const head[3] = {"职务", "姓名", "单位职务"};
    size_t i = 0;
    for (xmlNodePtr m = S_first(ro, "member"); m; m = S_next(m, "member"), i++) {
        v[i * 3] = S_attr(m, "role");
        v[i * 3 + 1] = S_attr(m, "name");
        v[i * 3 + 2] = S_attr(m, "title");
    }
    /* measured with the header row, ncols columns of each row */
    const char **mt = gw_xcalloc((n + 1) * ncols, sizeof *mt);
    for (size_t k = 0; k < ncols; k++)
        mt[k] = head[k];
    for (i = 0; i < n; i++)
        for (size_t k = 0; k < ncols; k++)
            mt[(i + 1) * ncols + k] = v[i * 3 + k];
    int w[3];
    S_measure ms;
    int *rh = gw_xcalloc(n + 1, sizeof *rh);
    rh[0] = 1;
    S_measure_cells(&ms, mt, rh, n + 1, ncols, t->table_cw);
    free(rh);
    S_col_widths(&ms, S_TEXT_WIDTH, w);
    S_measure_free(&ms);
    free(mt);
    S_table_open(t, b, w, ncols);
    S_cell cells[3];
    for (size_t k = 0; k < ncols; k++)
        cells[k] = (S_cell){head[k], 0};
    S_table_row(t, b, cells, ncols, w, 1);
    for (i = 0; i < n; i++) {
        const char *role = v[i * 3];
        int same_prev = i > 0 && role && v[(i - 1) * 3] && strcmp(role, v[(i - 1) * 3]) == 0;
        int same_next = i + 1 < n && role && v[(i + 1) * 3] && strcmp(role, v[(i + 1) * 3]) == 0;
        cells[0] = (S_cell){role, same_prev ? 2 : same_next ? 1 : 0};
        cells[1] = (S_cell){v[i * 3 + 1], 0};
        cells[2] = (S_cell){v[i * 3 + 2], 0};
        S_table_row(t, b, cells, ncols, w, 0);
    }
    S_table_close(b);
    for (i = 0; i < n * 3; i++)
        free(v[i]);
    free(v);
}

/* Is the next element after n a roster line (<p role="roster">)? */
static int S_roster_next(xmlNodePtr n)
{
    xmlNodePtr nx = n->next;
    while (nx && !S_is(nx, NULL))
        nx = nx->next;
    if (!S_is(nx, "p"))
        return 0;
    char *role = S_attr(nx, "role");
    int r = role && strcmp(role, "roster") == 0;
    free(role);
    return r;
}

/* The children of a <body>: headings, paragraphs, tables, the roster. */
static void S_write_body(S_ctx *c, gw_buf *b, xmlNodePtr body)
{
    for (xmlNodePtr n = body ? body->children : NULL; n; n = n->next) {
        if (!S_is(n, NULL))
            continue;
        /* the last paragraph keeps (its last line) with the closing block.
         * Not when it is also the first: LibreOffice moves a kept paragraph
         * as a whole, which would leave page 1 without body text (GB/T 9704
         * 7.3.3); the closing block then keeps together on its own. */
        int keep = 0;
        if (c->keep_tail) {
            xmlNodePtr nx = n->next;
            while (nx && !S_is(nx, NULL))
                nx = nx->next;
            xmlNodePtr pv = n->prev;
            while (pv && !S_is(pv, NULL))
                pv = pv->prev;
            keep = nx == NULL && pv != NULL;
        }
        int table = 0;
        if (keep && (S_is(n, "heading") || S_is(n, "p")))
            c->tail_kept = 1;
        if (S_is(n, "heading")) {
            S_write_heading(c, b, n, keep);
        } else if (S_is(n, "p")) {
            char *role = S_attr(n, "role");
            int roster = role && strcmp(role, "roster") == 0;
            free(role);
            if (roster && c->roster) {
                if (!c->roster_done) {
                    c->roster_done = 1;
                    S_write_roster(c->t, b, c->roster);
                    table = 1;
                } else {
                    continue;
                }
            } else if (c->roster && !c->roster_done && S_roster_next(n)) {
                /* the line naming the roster is the title of its table:
                 * centred, kept with it */
                const char *st = c->t->sid[S_ST_TABLE_TITLE];
                S_ppr p = {st ? st : c->t->sid[S_ST_BODY], 1, 0, NULL, 0, -1, -1, 0, NULL, st == NULL};
                S_write_p(b, n, &p);
            } else {
                S_ppr p = {c->t->sid[S_ST_BODY], keep, 0, NULL, 0, -1, -1, 0, NULL, 0};
                S_write_p(b, n, &p);
            }
        } else if (S_is(n, "table")) {
            S_write_table(c->t, b, n, c->rows, c->sink);
            table = 1;
        }
        if (table) {
            /* a paragraph after a table unless body text follows (roster
             * lines the table replaced do not count) */
            xmlNodePtr nx = n->next;
            for (; nx; nx = nx->next) {
                if (!S_is(nx, NULL))
                    continue;
                if (!S_is(nx, "p") || !c->roster)
                    break;
                char *role = S_attr(nx, "role");
                int skip = role && strcmp(role, "roster") == 0;
                free(role);
                if (!skip)
                    break;
            }
            if (!S_is(nx, "heading") && !S_is(nx, "p"))
                S_blank(b);
        }
    }
}

/* ---- blocks ---- */

/* 份号 / 密级 / 紧急程度, framed on lines 1-3 of the 版心 so that the
 * 发文机关标志 keeps its place. */
static void S_block_head(S_ctx *c, gw_buf *b)
{
    static const int fields[3] = {S_F_COPY_NUMBER, S_F_SECRECY, S_F_URGENCY};
    int line = 0;
    for (int i = 0; i < 3; i++) {
        const char *v = c->val[fields[i]];
        if (!v)
            continue;
        char frame[200];
        snprintf(frame, sizeof frame,
                 "<w:framePr w:wrap=\"around\" w:vAnchor=\"margin\" w:hAnchor=\"margin\" w:x=\"1\" w:y=\"%d\"/>",
                 line * 579);
        S_ppr p = {c->t->sid[i == 0 ? S_ST_COPY_NUMBER : S_ST_HEAD_INFO], 0, 0, frame, 0, -1, -1, 0, NULL, 0};
        S_para_text(b, &p, v);
        line++;
    }
}

static void S_block_subtitles(S_ctx *c, gw_buf *b, xmlNodePtr parent)
{
    (void)c;
    S_ppr p = {c->t->sid[S_ST_SUBTITLE], 0, 0, NULL, 0, -1, -1, 0, NULL, 0};
    for (xmlNodePtr s = S_first(parent, "subtitle"); s; s = S_next(s, "subtitle")) {
        char *t = S_text(s);
        if (t)
            S_para_text(b, &p, t);
        free(t);
    }
}

/* 附件说明: one blank line, then 附件：1.×× with the names aligned. */
static void S_block_attachment_notes(S_ctx *c, gw_buf *b)
{
    xmlNodePtr an = S_first(c->root, "attachment-notes");
    size_t n = 0;
    int numbered = 0;
    for (xmlNodePtr x = S_first(an, "attachment-note"); x; x = S_next(x, "attachment-note")) {
        char *num = S_attr(x, "n");
        numbered |= num != NULL;
        free(num);
        n++;
    }
    if (n == 0)
        return;
    numbered |= n > 1;
    /* part of the closing chain: body → 附件说明 → 署名 → 日期 → 附注 */
    int keep = S_closing_follows(c);
    if (keep && c->tail_kept)
        gw_buf_puts(b, "<w:p><w:pPr><w:keepNext/></w:pPr></w:p>");
    else
        S_blank(b);
    size_t i = 0;
    for (xmlNodePtr x = S_first(an, "attachment-note"); x; x = S_next(x, "attachment-note"), i++) {
        char *t = S_text(x);
        if (t) {
            size_t len = strlen(t);
            while (len >= 3 && S_ends(t, len, "。"))
                t[len -= 3] = '\0';
        }
        const char *name = t ? t : S_MISSING;
        char *num = S_attr(x, "n");
        char *mark = NULL;
        if (numbered) {
            mark = num ? gw_xasprintf("%s.", num) : gw_xasprintf("%zu.", i + 1);
            size_t ml = strlen(mark);
            if (ml >= 2 && (S_ends(mark, ml - 1, ".") || S_ends(mark, ml - 1, "、")))
                mark[ml - 1] = '\0'; /* "1." given as n */
        }
        int mw = mark ? S_twips(mark) : 0;
        S_ppr p = {c->t->sid[S_ST_ATTACH_NOTE], keep, 0, NULL, 1, 1600 + mw, -1, (i == 0 ? 960 : 0) + mw, NULL, 0};
        if (!numbered)
            p.ind = 0; /* the style's hanging indent fits 附件：name */
        S_p_open(b, &p);
        if (i == 0)
            S_run_str(b, "附件：");
        if (mark)
            S_run_str(b, mark);
        S_run_str(b, name);
        S_p_close(b);
        free(mark);
        free(num);
        free(t);
    }
}

/* 署名 and 成文日期 without a seal (GB/T 9704 7.3.5.2): one blank line; the
 * names right-indented 2 字; the date starting 2 字 right of the name's
 * start, or right-indented 2 字 when it is the longer one. */
static void S_block_signature(S_ctx *c, gw_buf *b)
{
    size_t nsig = 0;
    for (xmlNodePtr s = S_first(c->root, "signature"); s; s = S_next(s, "signature"))
        nsig++;
    if (!S_signature_emits(c))
        return;
    char **names = gw_xcalloc(nsig ? nsig : 1, sizeof *names);
    size_t k = 0;
    for (xmlNodePtr s = S_first(c->root, "signature"); s; s = S_next(s, "signature")) {
        char *t = S_text(s);
        if (t)
            names[k++] = t;
    }
    if (k == 0) {
        const char *v = S_value(c, S_F_SIGNATURE);
        if (v)
            names[k++] = gw_xstrdup(v);
    }
    const char *date = S_value(c, S_F_DATE);
    int wname = 0;
    for (size_t i = 0; i < k; i++) {
        int w = S_twips(names[i]);
        wname = w > wname ? w : wname;
    }
    int wdate = date ? S_twips(date) : 0;
    int start; /* the names' first character, from the right margin */
    int date_right;
    if (wdate > wname) {
        date_right = 2 * S_CHAR;
        start = date_right + wdate + 2 * S_CHAR;
    } else {
        start = 2 * S_CHAR + wname;
        date_right = start - 2 * S_CHAR - wdate;
    }
    /* the closing block stays on one page: blank → 署名 → 日期, and the date
     * keeps with the 附注 or with a template paragraph that follows it (the
     * reply letter's contact line) */
    int date_keep = S_notes_emit(c) || c->t->sig_then_text;
    /* the blank line keeps with the 署名 when what precedes it keeps with it
     * too; otherwise it would be carried to the top of the next page */
    if (c->tail_kept ||
        (c->t->has_block[S_B_ATTACHMENT_NOTES] && S_first(S_first(c->root, "attachment-notes"), "attachment-note")))
        gw_buf_puts(b, "<w:p><w:pPr><w:keepNext/></w:pPr></w:p>");
    else
        S_blank(b);
    for (size_t i = 0; i < k; i++) {
        S_ppr p = {c->t->sid[S_ST_SIGNATURE], date || date_keep || i + 1 < k ? 1 : 0, 0, NULL, 1, -1,
                   start - S_twips(names[i]), 0, NULL, 0};
        S_para_text(b, &p, names[i]);
        free(names[i]);
    }
    free(names);
    if (date) {
        S_ppr p = {c->t->sid[S_ST_DATE], date_keep, 0, NULL, 1, -1, k ? date_right : 2 * S_CHAR, 0, NULL, 0};
        S_para_text(b, &p, date);
    }
}

/* 附注: （…） on the lines after the date. */
static void S_block_notes(S_ctx *c, gw_buf *b)
{
    S_ppr p = {c->t->sid[S_ST_NOTE], 0, 0, NULL, 0, -1, -1, 0, NULL, 0};
    for (xmlNodePtr x = S_first(c->root, "note"); x; x = S_next(x, "note")) {
        char *t = S_text(x);
        if (!t)
            continue;
        /* several notes stay together; in a reply letter the last one keeps
         * with the 版记 (公开属性, 抄送) anchored after it, so that a short
         * letter does not push the 版记 alone onto the next page */
        xmlNodePtr nx = S_next(x, "note");
        char *nt = S_text(nx);
        p.keep_next = nt != NULL || (c->kind == GW_KIND_REPLY && !S_first(c->root, "attachment"));
        free(nt);
        size_t n = strlen(t);
        int wrapped = (S_starts(t, n, "（") && S_ends(t, n, "）")) || (t[0] == '(' && t[n - 1] == ')');
        char *v = wrapped ? gw_xstrdup(t) : gw_xasprintf("（%s）", t);
        S_para_text(b, &p, v);
        free(v);
        free(t);
    }
}

static void S_para_title(gw_buf *b, const S_ppr *p, const char *text, int sz);

/* The issued plan(s): new page, own title and subtitles, body. */
static void S_block_enclosures(S_ctx *c, gw_buf *b)
{
    for (xmlNodePtr e = S_first(c->root, "enclosure"); e; e = S_next(e, "enclosure")) {
        char *t = S_text(S_first(e, "title"));
        S_ppr p = {c->t->sid[S_ST_ENCLOSURE_TITLE], 0, 0, NULL, 0, -1, -1, 0, NULL, 0};
        if (!t)
            p = (S_ppr){NULL, 0, 1, NULL, 0, -1, -1, 0, NULL, 0};
        S_para_title(b, &p, t, c->t->enc_title_sz);
        free(t);
        S_block_subtitles(c, b, e);
        S_blank(b);
        S_write_body(c, b, S_first(e, "body"));
    }
}

/* 附件: new page, 附件N (黑体, line 1), title centred on line 3, body. */
static void S_block_attachments(S_ctx *c, gw_buf *b)
{
    size_t n = 0;
    for (xmlNodePtr a = S_first(c->root, "attachment"); a; a = S_next(a, "attachment"))
        n++;
    size_t i = 0;
    for (xmlNodePtr a = S_first(c->root, "attachment"); a; a = S_next(a, "attachment"), i++) {
        char *num = S_attr(a, "n");
        char *label = num ? gw_xasprintf("附件%s", num) : n > 1 ? gw_xasprintf("附件%zu", i + 1) : gw_xstrdup("附件");
        S_ppr lp = {c->t->sid[S_ST_ATTACH_LABEL], 0, 0, NULL, 0, -1, -1, 0, NULL, 0};
        S_para_text(b, &lp, label);
        S_blank(b);
        char *t = S_text(S_first(a, "title"));
        if (t) {
            S_ppr tp = {c->t->sid[S_ST_ATTACH_TITLE], 0, 0, NULL, 0, -1, -1, 0, NULL, 0};
            S_para_title(b, &tp, t, c->t->att_title_sz);
            S_blank(b);
        }
        S_write_body(c, b, S_first(a, "body"));
        free(t);
        free(label);
        free(num);
    }
}

static void S_emit_block(S_ctx *c, gw_buf *b, int block)
{
    switch ((S_block)block) {
    case S_B_HEAD: S_block_head(c, b); break;
    case S_B_BODY:
        /* the signature must not stand on a page without text: the last
         * line of the body (or of the 附件说明) keeps with it */
        c->keep_tail = S_closing_follows(c);
        S_write_body(c, b, S_first(c->root, "body"));
        c->keep_tail = 0;
        break;
    case S_B_SUBTITLES: S_block_subtitles(c, b, c->root); break;
    case S_B_ATTACHMENT_NOTES: S_block_attachment_notes(c, b); break;
    case S_B_SIGNATURE: S_block_signature(c, b); break;
    case S_B_NOTES: S_block_notes(c, b); break;
    case S_B_ENCLOSURES: S_block_enclosures(c, b); break;
    case S_B_ATTACHMENTS: S_block_attachments(c, b); break;
    case S_B_MAX: break;
    }
}

/* How good a line break before byte i of a title is: GB/T 9704 7.3.1 wants
 * breaks at word boundaries, so prefer the places a title's words meet. */
static int S_title_break_score(const char *s, size_t n, size_t i)
{
    static const char *const after[] = {"关于", "印发", "转发", "批转", "》", "的", "对", "）", NULL};
    static const char *const before[] = {"《", "关于", "的通知", "的报告", "的答复", "的意见", "的决定",
                                         "的批复", "的函", "工作方案", "实施方案", "（", NULL};
    int score = 0;
    for (int k = 0; after[k]; k++) {
        size_t l = strlen(after[k]);
        if (i >= l && memcmp(s + i - l, after[k], l) == 0)
            score = score > 2 ? score : 2;
    }
    for (int k = 0; before[k]; k++) {
        size_t l = strlen(before[k]);
        if (i + l <= n && memcmp(s + i, before[k], l) == 0)
            score = score > 2 ? score : 2;
    }
    /* never split a number, a Latin word or the part in 《》 if avoidable */
    int depth = 0;
    for (size_t j = 0; j < i; j++) {
        if (j + 3 <= n && memcmp(s + j, "《", 3) == 0)
            depth++;
        else if (j + 3 <= n && memcmp(s + j, "》", 3) == 0 && depth > 0)
            depth--;
    }
    if (depth > 0)
        score -= 1;
    if (i > 0 && i < n && isalnum((unsigned char)s[i - 1]) && isalnum((unsigned char)s[i]))
        score -= 5;
    /* punctuation cannot start a line */
    if (i + 3 <= n && (memcmp(s + i, "》", 3) == 0 || memcmp(s + i, "）", 3) == 0 || memcmp(s + i, "、", 3) == 0 ||
                       memcmp(s + i, "，", 3) == 0))
        score -= 5;
    return score;
}

/* The title over as few lines as its width needs, with balanced line
 * lengths (no orphan character on the last line), each break at the best
 * word boundary near its balanced position: lines separated by w:br. */
static void S_emit_title(gw_buf *b, const char *v, size_t n, int sz)
{
    long long line = (long long)(S_TEXT_WIDTH - 40);
    long long width = (long long)S_halfwidths(v, n) * sz * 5;
    if (sz <= 0 || width <= line) {
        S_put_esc(b, v, n, S_ESC_PLAIN);
        return;
    }
    int k = (int)((width + line - 1) / line);
    size_t start = 0;
    for (int ln = 1; ln < k; ln++) {
        /* the balanced position of this break, in half-widths */
        long long goal = (long long)S_halfwidths(v, n) * ln / k;
        size_t best = 0;
        long best_cost = 0;
        size_t i = start;
        long long hw = (long long)S_halfwidths(v, start);
        while (i < n) {
            uint32_t cp;
            size_t l = gw_utf8_decode(v + i, n - i, &cp);
            if (!l)
                l = 1;
            hw += cp >= 0x2E80 ? 2 : 1;
            i += l;
            if (i >= n)
                break;
            long long w = (hw - (long long)S_halfwidths(v, start)) * sz * 5;
            if (w > line)
                break;
            long dist = (long)(hw > goal ? hw - goal : goal - hw);
            long cost = dist * 2 - S_title_break_score(v, n, i) * 3;
            if (!best || cost < best_cost) {
                best = i;
                best_cost = cost;
            }
        }
        if (!best)
            break;
        S_put_esc(b, v + start, best - start, S_ESC_PLAIN);
        gw_buf_puts(b, "</w:t><w:br/><w:t xml:space=\"preserve\">");
        start = best;
    }
    S_put_esc(b, v + start, n - start, S_ESC_PLAIN);
}

/* A title paragraph (the issued plan's, an attachment's) in a style of sz
 * half-points, broken into balanced lines like the document title. */
static void S_para_title(gw_buf *b, const S_ppr *p, const char *text, int sz)
{
    S_p_open(b, p);
    if (text && *text) {
        gw_buf_puts(b, "<w:r><w:rPr><w:rFonts w:hint=\"eastAsia\"/></w:rPr><w:t xml:space=\"preserve\">");
        S_emit_title(b, text, strlen(text), sz);
        gw_buf_puts(b, "</w:t></w:r>");
    }
    S_p_close(b);
}

/* An inline field inside the template's w:t.  A 发文机关标志 too wide for
 * the 版心 at its style's size is condensed (w:w) in a run of its own; a
 * title too long for one line is broken into balanced lines. */
static void S_emit_field(S_ctx *c, gw_buf *b, const S_op *op)
{
    const char *v = S_value(c, op->arg);
    if (!v)
        return;
    size_t n = strlen(v);
    if (op->arg == S_F_TITLE) {
        S_emit_title(b, v, n, op->sz);
        return;
    }
    if (op->arg == S_F_ISSUER_MARK && op->sz > 0) {
        long long width = (long long)S_halfwidths(v, n) * op->sz * 5; /* twips */
        if (width > S_TEXT_WIDTH - 40) {
            long long scale = (long long)(S_TEXT_WIDTH - 40) * 100 / width;
            if (scale < 33)
                scale = 33;
            gw_buf_printf(b, "</w:t></w:r><w:r><w:rPr><w:w w:val=\"%lld\"/></w:rPr><w:t xml:space=\"preserve\">",
                          scale);
            S_put_esc(b, v, n, S_ESC_PLAIN);
            gw_buf_puts(b, "</w:t></w:r><w:r><w:t xml:space=\"preserve\">");
            return;
        }
    }
    S_put_esc(b, v, n, S_ESC_PLAIN);
}

/* Several 签发人 (GB/T 9704 7.2.6): two names a line, a wrapped line
 * aligned with the first name, the block 1 字 from the right edge; the
 * 发文字号 (1 字 from the left, in the paragraph's style) on the line of
 * the last name (7.2.5).  Left tabs put the label and the two name columns
 * in place on every line. */
static void S_signer_lines(S_ctx *c, gw_buf *b, int with_number)
{
    const char *st = c->t->signer_style[0] ? c->t->signer_style : NULL;
    const char *name_style = c->t->sid[S_ST_SIGNER_NAME];
    int wmax = 0;
    for (size_t i = 0; i < c->nsigners; i++) {
        int w = S_twips(c->signers[i]);
        wmax = w > wmax ? w : wmax;
    }
    int right = S_TEXT_WIDTH - S_CHAR;
    int x2 = right - wmax, x1 = x2 - S_CHAR - wmax;
    int x0 = x1 - S_twips("签发人：") - S_HALF / 4; /* a little room before the tab */
    if (x0 < S_CHAR)
        x0 = S_CHAR;
    char first[200], rest[160];
    snprintf(first, sizeof first,
             "<w:tabs><w:tab w:val=\"left\" w:pos=\"%d\"/><w:tab w:val=\"left\" w:pos=\"%d\"/>"
             "<w:tab w:val=\"left\" w:pos=\"%d\"/></w:tabs>",
             x0, x1, x2);
    snprintf(rest, sizeof rest,
             "<w:tabs><w:tab w:val=\"left\" w:pos=\"%d\"/><w:tab w:val=\"left\" w:pos=\"%d\"/></w:tabs>", x1,
             x2);
    size_t nlines = (c->nsigners + 1) / 2;
    for (size_t l = 0; l < nlines; l++) {
        int last = l + 1 == nlines;
        S_ppr p = {st, 0, 0, NULL, 0, -1, -1, 0, l == 0 ? first : rest, 0};
        S_p_open(b, &p);
        if (l == 0) {
            gw_buf_puts(b, "<w:r><w:tab/></w:r>");
            S_run_str(b, "签发人：");
        } else if (last && with_number) {
            const char *num = S_value(c, S_F_DOC_NUMBER);
            if (num)
                S_run_str(b, num);
        }
        for (size_t k = 2 * l; k < 2 * l + 2 && k < c->nsigners; k++) {
            gw_buf_puts(b, "<w:r><w:tab/></w:r>");
            S_run(b, c->signers[k], strlen(c->signers[k]), name_style, 0);
        }
        S_p_close(b);
    }
}

/* Streams one templated part. */
static void S_render_part(S_ctx *c, const S_part *p, gw_buf *b)
{
    for (size_t i = 0; i < p->nops; i++) {
        const S_op *op = &p->ops[i];
        switch (op->kind) {
        case S_OP_LIT: gw_buf_put(b, p->xml + op->a, op->b - op->a); break;
        case S_OP_STR: gw_buf_puts(b, op->str); break;
        case S_OP_FIELD: S_emit_field(c, b, op); break;
        case S_OP_BLOCK: S_emit_block(c, b, op->arg); break;
        case S_OP_IF:
            if (!c->val[op->arg] && op->b > i)
                i = op->b; /* skip to the matching END */
            break;
        case S_OP_END: break;
        case S_OP_SIGNER:
            if (c->nsigners > 2 && op->b > i) {
                S_signer_lines(c, b, op->arg);
                i = op->b; /* the template's one-line paragraph is replaced */
            }
            break;
        }
    }
}

/* Drops tables that lost all their rows to {{?x:row}}: a w:tblGrid
 * followed (after white space) by </w:tbl>. */
static void S_drop_empty_tables(gw_buf *b)
{
    static const char grid_end[] = "</w:tblGrid>";
    if (!b->ptr)
        return;
    char *q = b->ptr;
    while ((q = strstr(q, grid_end)) != NULL) {
        char *r = q + sizeof grid_end - 1;
        while (*r == ' ' || *r == '\n' || *r == '\r' || *r == '\t')
            r++;
        if (strncmp(r, "</w:tbl>", 8) != 0) {
            q = r;
            continue;
        }
        char *open = NULL; /* the last table start before the grid opens it */
        for (char *t = b->ptr; (t = strstr(t, "<w:tbl")) != NULL && t < q; t++)
            if (t[6] == '>' || t[6] == ' ')
                open = t;
        if (!open)
            return;
        char *end = r + 8;
        size_t tail = (size_t)(b->ptr + b->len - end);
        memmove(open, end, tail);
        b->len = (size_t)(open - b->ptr) + tail;
        b->ptr[b->len] = '\0';
        q = open;
    }
}

static void S_write_core(S_ctx *c, gw_buf *b)
{
    char stamp[40];
    if (c->y > 0) {
        snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT00:00:00Z", c->y, c->m, c->dd);
    } else if (c->epoch >= 0) {
        long long days = c->epoch / 86400, secs = c->epoch % 86400;
        int y, m, d;
        gw_civil_date(days, &y, &m, &d);
        snprintf(stamp, sizeof stamp, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, (int)(secs / 3600),
                 (int)(secs / 60 % 60), (int)(secs % 60));
    } else {
        snprintf(stamp, sizeof stamp, "1980-01-01T00:00:00Z");
    }
    gw_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
                   "<cp:coreProperties "
                   "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
                   "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
                   "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" "
                   "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">");
    if (c->val[S_F_TITLE]) {
        gw_buf_puts(b, "<dc:title>");
        S_put_esc_str(b, c->val[S_F_TITLE]);
        gw_buf_puts(b, "</dc:title>");
    }
    if (c->val[S_F_SIGNATURE]) {
        gw_buf_puts(b, "<dc:creator>");
        S_put_esc_str(b, c->val[S_F_SIGNATURE]);
        gw_buf_puts(b, "</dc:creator>");
    }
    gw_buf_printf(b,
                  "<cp:lastModifiedBy>gongwen</cp:lastModifiedBy>"
                  "<dcterms:created xsi:type=\"dcterms:W3CDTF\">%s</dcterms:created>"
                  "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">%s</dcterms:modified>"
                  "</cp:coreProperties>\n",
                  stamp, stamp);
}

int gw_render_docx(const gw_template *t, gw_model *m, const gw_render_opts *o, const char *name, gw_buf *out,
                   gw_diags *d)
{
    xmlNodePtr root = gw_model_root(m);
    if (!t || !root || !o || !out) {
        gw_diags_add(d, GW_ERROR, name, 0, 0, "没有可用的模板或模型，无法生成文档");
        return -1;
    }
    S_ctx c;
    memset(&c, 0, sizeof c);
    c.t = t;
    c.kind = o->kind >= 0 && o->kind < GW_KIND_MAX ? o->kind : GW_KIND_NOTICE;
    c.epoch = o->epoch;
    c.rows = o->rows;
    c.root = root;
    c.name = name;
    c.d = d;
    S_ctx_fields(&c);

    gw_package *pkg = gw_package_new();
    gw_buf part = {0};
    /* [Content_Types].xml first, then the template's order */
    size_t count = gw_zipin_count(t->zip);
    for (size_t k = 0; k <= count; k++) {
        size_t i;
        if (k == 0)
            i = (size_t)t->content_types;
        else if (k - 1 == (size_t)t->content_types)
            continue;
        else
            i = k - 1;
        const S_part *p = NULL;
        for (size_t j = 0; j < t->nparts; j++)
            if (t->parts[j].index == i)
                p = &t->parts[j];
        if (p) {
            gw_buf_clear(&part);
            c.sink = gw_partw_new(1);
            S_render_part(&c, p, &part);
            S_drop_empty_tables(&part);
            gw_partw_write(c.sink, part.ptr ? part.ptr : "", part.len);
            gw_package_add_part(pkg, p->name, c.sink); /* consumed */
            c.sink = NULL;
        } else if ((long)i == t->core) {
            gw_buf_clear(&part);
            S_write_core(&c, &part);
            gw_package_add(pkg, "docProps/core.xml", part.ptr, part.len);
        } else {
            gw_package_copy(pkg, t->zip, i);
        }
    }
    gw_buf_free(&part);
    gw_buf zip = {0};
    int rc = gw_package_finish(pkg, &zip, d);
    gw_package_free(pkg);
    if (rc == 0)
        gw_buf_put(out, zip.ptr, zip.len);
    gw_buf_free(&zip);
    for (int f = 0; f < S_F_MAX; f++)
        free(c.val[f]);
    for (size_t i = 0; i < c.nsigners; i++)
        free(c.signers[i]);
    free(c.signers);
    return rc == 0 ? 0 : -1;
}
