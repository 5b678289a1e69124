/*
 * model.c — stage 3: the XML model of one draft (see model.h).
 *
 * The model is a libxml2 document in the namespace GW_NS.  This module
 *
 *   - builds it: gw_model_new / gw_model_add / gw_model_child insert the
 *     children of the sequence-content elements (<document>, <head>,
 *     <enclosure>, <attachment>, <colophon>, <task>) where the schema puts
 *     them, whatever order extraction finds them in; everywhere else they
 *     are appended.  Every string goes through gw_model_sanitize().
 *   - loads it (gw_model_load*): well-formedness, root check, then RelaxNG
 *     validation against the schema compiled into the binary.  libxml2 never
 *     prints: its errors are collected by a structured error handler and
 *     turned into gw_diags with file:line:col and a message in Chinese that
 *     keeps libxml2's own text in parentheses.
 *   - writes it (gw_model_write): UTF-8, indented, byte-stable, and stable
 *     across write → load → write (see "Whitespace" below).
 *
 * Whitespace.  Indenting adds whitespace-only text between elements.  The
 * schema says where such text is insignificant: inside element-only content
 * (<document>, <body>, <table> …).  S_normalize() removes it there, on load
 * and on the copy that is written, so a written model loads back into the
 * same tree.  It is *not* removed inside text and mixed content (<p>,
 * <heading>, <title> …), where a space can be real text; libxml2's
 * XML_PARSE_NOBLANKS is not used because its heuristic would drop the space
 * in <p><b>甲</b> <b>乙</b></p>.  libxml2 does not indent inside an element
 * that has a text child, so mixed content is written as is; a <p> whose only
 * children are <b> elements gets an empty text node in the written copy so
 * that it is not indented either.
 *
 * Thread safety: the compiled schema is created once (pthread_once) and shared;
 * everything else works on the caller's model only.  libxml2's error
 * handlers are per-thread globals, set for the duration of each call and
 * restored afterwards.
 */
#include "model.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>
#include <libxml/xmlsave.h>
#include <libxml/xmlversion.h>

#include <pthread.h>

/* Generated from schema/gongwen.rng by tools/bin2c (NUL-terminated). */
extern const unsigned char gw_schema_rng[];
extern const size_t gw_schema_rng_len;

/* libxml2 2.12 made the structured error callback take a const pointer. */
#if LIBXML_VERSION >= 21200
typedef const xmlError *S_xml_error;
#else
typedef xmlErrorPtr S_xml_error;
#endif

/* Options for reading a model file: no network, no DTD loading, no entity
 * substitution (a DOCTYPE is rejected after parsing anyway), CDATA merged
 * into text, line numbers beyond 65535 kept. */
#define S_PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES)

struct gw_model {
    xmlDocPtr doc; /* owned */
    char *kind;    /* owned; cache behind gw_model_kind() */
    xmlNsPtr ns;   /* built by gw_model_new: the one GW_NS declaration (on
                    * the root), else NULL and looked up per node */
};

static void S_oom(void)
{
    /* Same policy and message as gw_xmalloc (util.c). */
    fputs("gongwen: out of memory\n", stderr);
    abort();
}

static int S_eq(const xmlChar *a, const char *b)
{
    return a && b && strcmp((const char *)a, b) == 0;
}

/* ------------------------------------------------------------------------ */
/* What the schema says about each element (kept in step with gongwen.rng;  */
/* the unit tests build every ordered parent in reverse and validate it).   */

typedef struct S_slot {
    const char *name;
    int many; /* zeroOrMore in the schema */
} S_slot;

static const S_slot S_order_document[] = {
    {"head", 0},     {"title", 0},      {"subtitle", 1},  {"author", 0},
    {"recipients", 0}, {"body", 0},     {"attachment-notes", 0},
    {"signature", 1}, {"date", 0},      {"note", 1},      {"enclosure", 1},
    {"attachment", 1}, {"colophon", 0}, {"reply", 0},     {"tasks", 0},
    {"roster", 0},   {"residue", 0},    {NULL, 0}};
static const S_slot S_order_head[] = {
    {"copy-number", 0}, {"secrecy", 0}, {"urgency", 0}, {"issuer-mark", 0},
    {"doc-number", 0},  {"signer", 1},  {NULL, 0}};
static const S_slot S_order_enclosure[] = {{"title", 0}, {"subtitle", 1}, {"body", 0}, {NULL, 0}};
static const S_slot S_order_attachment[] = {{"title", 0}, {"body", 0}, {NULL, 0}};
static const S_slot S_order_colophon[] = {{"cc", 0}, {"printer", 0}, {"print-date", 0}, {NULL, 0}};
static const S_slot S_order_task[] = {
    {"lead", 0}, {"responsible", 0}, {"support", 0}, {"deadline", 0}, {"text", 0}, {NULL, 0}};

static const struct {
    const char *parent;
    const S_slot *order;
} S_orders[] = {
    {"document", S_order_document}, {"head", S_order_head},
    {"enclosure", S_order_enclosure}, {"attachment", S_order_attachment},
    {"colophon", S_order_colophon},   {"task", S_order_task},
};

/* Elements whose content is elements only: whitespace text in them is
 * indentation. */
static const char *const S_element_only[] = {
    "document", "head",      "recipients", "body",     "table",       "row",
    "attachment-notes", "enclosure", "attachment", "colophon", "reply", "tasks",
    "task",     "lead",      "responsible", "support", "roster",      "member",
    "residue",  NULL};

/* Elements with mixed content (text and <b>). */
static const char *const S_mixed[] = {"p", "heading", NULL};

/* Required attributes and children: only used to make messages precise. */
static const struct {
    const char *element;
    const char *attrs[3];
} S_required_attrs[] = {
    {"document", {"kind"}}, {"heading", {"level"}},       {"recipients", {"text"}},
    {"task", {"id"}},       {"member", {"role", "name"}}, {"line", {"rule"}},
    {"field", {"name"}},    {"deadline", {"value"}},
};

static const struct {
    const char *element, *child;
} S_required_child[] = {
    {"document", "body"}, {"enclosure", "body"}, {"attachment", "body"},
    {"table", "row"},     {"row", "cell"},       {"attachment-notes", "attachment-note"},
    {"task", "text"},     {"lead", "unit"},      {"responsible", "unit"},
    {"support", "unit"},
};

/* Allowed values of constrained attributes (element NULL: any element). */
static const struct {
    const char *element, *attr, *hint;
} S_attr_hints[] = {
    {"document", "kind", "notice、plan、report、reply"},
    {"document", "year", "整数"},
    {"heading", "level", "1、2、3、4"},
    {"p", "role", "text、roster、opening、closing、stage"},
    {"row", "header", "1"},
    {"date", "value", "YYYY-MM-DD 格式的日期"},
    {"print-date", "value", "YYYY-MM-DD 格式的日期"},
    {"deadline", "value", "YYYY-MM-DD、YYYY-MM、YYYY、起..止（如 2024-03..2024-06）或 ONGOING"},
    {"field", "name",
     "category、number、session、proposer、subject、result、handler、co-handler、signer、"
     "contact、phone、disclosure"},
    {NULL, "line", "非负整数"},
    {NULL, "col", "非负整数"},
};

#define S_COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int S_in_list(const char *const *list, const xmlChar *name)
{
    for (size_t i = 0; list[i]; i++)
        if (S_eq(name, list[i]))
            return 1;
    return 0;
}

static const S_slot *S_order_for(xmlNodePtr parent)
{
    if (!parent || parent->type != XML_ELEMENT_NODE || !parent->name)
        return NULL;
    /* most parents (body, p, …) are none of these: tell by the first letter */
    switch (parent->name[0]) {
    case 'd': case 'h': case 'e': case 'a': case 'c': case 't':
        break;
    default:
        return NULL;
    }
    if (!gw_model_is(parent, NULL))
        return NULL;
    for (size_t i = 0; i < S_COUNT(S_orders); i++)
        if (S_eq(parent->name, S_orders[i].parent))
            return S_orders[i].order;
    return NULL;
}

/* Position of name in order, or -1 when the schema does not list it. */
static int S_rank(const S_slot *order, const xmlChar *name)
{
    for (int i = 0; order[i].name; i++)
        if (S_eq(name, order[i].name))
            return i;
    return -1;
}

/* ------------------------------------------------------------------------ */
/* Collecting libxml2 errors                                                */

typedef struct S_err {
    int domain, code, level;
    int line, col, int1;
    char *str1, *str2, *msg; /* owned; msg has no trailing newline */
    xmlNodePtr node;         /* borrowed: the node a validity error is about */
    int drop;
} S_err;

/* A pathological file can make libxml2 report an error per element: keep
 * the first S_KEEP_ERRORS and report at most S_SHOW_ERRORS of them. */
#define S_KEEP_ERRORS 1000
#define S_SHOW_ERRORS 100
#define S_KEEP_GENERIC 4096

typedef struct S_collect {
    S_err *v;
    size_t n, cap;
    size_t lost;    /* errors beyond S_KEEP_ERRORS */
    gw_buf generic; /* text that reached the generic (unstructured) channel */
} S_collect;

static char *S_dup_msg(const char *s)
{
    if (!s)
        return NULL;
    char *r = gw_xstrdup(s);
    size_t n = strlen(r);
    while (n > 0 && (r[n - 1] == '\n' || r[n - 1] == '\r' || r[n - 1] == ' '))
        r[--n] = '\0';
    for (char *p = r; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return r;
}

static void S_on_error(void *ctx, S_xml_error e)
{
    S_collect *c = ctx;
    if (!c || !e)
        return;
    if (c->n >= S_KEEP_ERRORS) {
        c->lost++;
        return;
    }
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 8;
        c->v = gw_xrealloc(c->v, c->cap * sizeof(S_err));
    }
    S_err *r = &c->v[c->n++];
    memset(r, 0, sizeof *r);
    r->domain = e->domain;
    r->code = e->code;
    r->level = e->level;
    r->line = e->line;
    r->int1 = e->int1;
    if (e->domain == XML_FROM_PARSER || e->domain == XML_FROM_NAMESPACE)
        r->col = e->int2; /* the parser puts the column (in characters) there */
    r->str1 = e->str1 ? gw_xstrdup(e->str1) : NULL;
    r->str2 = e->str2 ? gw_xstrdup(e->str2) : NULL;
    r->msg = S_dup_msg(e->message);
    if (e->domain == XML_FROM_RELAXNGV && e->node) {
        r->node = (xmlNodePtr)e->node;
        long l = xmlGetLineNo(r->node);
        r->line = l > 0 && l <= INT_MAX ? (int)l : 0;
    }
}

static void S_on_generic(void *ctx, const char *fmt, ...)
{
    S_collect *c = ctx;
    if (!c || !fmt || c->generic.len > S_KEEP_GENERIC)
        return;
    va_list ap;
    va_start(ap, fmt);
    gw_buf_vprintf(&c->generic, fmt, ap);
    va_end(ap);
}

static void S_collect_free(S_collect *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i].str1);
        free(c->v[i].str2);
        free(c->v[i].msg);
    }
    free(c->v);
    gw_buf_free(&c->generic);
    memset(c, 0, sizeof *c);
}

/* libxml2's error handlers are (per-thread) globals: install ours for the
 * duration of one call and put the caller's back afterwards. */
typedef struct S_scope {
    xmlStructuredErrorFunc serror;
    void *sctx;
    xmlGenericErrorFunc gerror;
    void *gctx;
} S_scope;

static void S_scope_enter(S_scope *s, S_collect *c)
{
    s->serror = xmlStructuredError;
    s->sctx = xmlStructuredErrorContext;
    s->gerror = xmlGenericError;
    s->gctx = xmlGenericErrorContext;
    xmlSetStructuredErrorFunc(c, S_on_error);
    xmlSetGenericErrorFunc(c, S_on_generic);
}

static void S_scope_leave(S_scope *s)
{
    xmlSetStructuredErrorFunc(s->sctx, s->serror);
    xmlSetGenericErrorFunc(s->gctx, s->gerror);
}

/* Text that reached the generic channel becomes one warning. */
static void S_emit_generic(S_collect *c, gw_diags *d, const char *file)
{
    if (c->generic.len == 0)
        return;
    char *m = S_dup_msg(c->generic.ptr);
    gw_diags_add(d, GW_WARNING, file, 0, 0, "libxml2：%s", m);
    free(m);
}

/* ------------------------------------------------------------------------ */
/* Messages                                                                 */

/* "模型文件第N行：" when the position is in the model file. */
static void S_put_where(gw_buf *b, int line)
{
    if (line > 0)
        gw_buf_printf(b, "模型文件第%d行：", line);
}

static const char *S_parse_hint(const S_err *e)
{
    const char *m = e->msg ? e->msg : "";
    switch (e->code) {
    case XML_ERR_DOCUMENT_EMPTY: return "文件是空的，或者不是 XML";
    case XML_ERR_DOCUMENT_END: return "根元素结束后还有多余的内容";
    case XML_ERR_TAG_NAME_MISMATCH: return NULL; /* built by S_parse_message */
    case XML_ERR_TAG_NOT_FINISHED: return NULL;
    case XML_ERR_LT_IN_ATTRIBUTE: return "属性值中不能有 <，请写成 &lt;";
    case XML_ERR_ENTITYREF_SEMICOL_MISSING:
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY:
        return "文字中的 & 要写成 &amp;（可用的实体只有 &amp; &lt; &gt; &quot; &apos; 和 &#数字; "
               "形式的字符引用）";
    case XML_ERR_NAME_REQUIRED:
        if (strstr(m, "EntityRef"))
            return "文字中的 & 要写成 &amp;";
        return "此处应为名称（文字中的 < 和 & 要写成 &lt; 和 &amp;）";
    case XML_ERR_INVALID_CHAR:
    case XML_ERR_INVALID_CHARREF:
    case XML_ERR_INVALID_DEC_CHARREF:
    case XML_ERR_INVALID_HEX_CHARREF:
        return "含有 XML 不允许的字符（如控制字符）";
    case XML_ERR_INVALID_ENCODING:
    case XML_ERR_UNKNOWN_ENCODING:
    case XML_ERR_UNSUPPORTED_ENCODING:
        return "编码不对：模型文件应为 UTF-8";
    case XML_ERR_GT_REQUIRED: return "标签缺少结尾的 >";
    case XML_ERR_LTSLASH_REQUIRED: return "缺少结束标签";
    case XML_ERR_ATTRIBUTE_REDEFINED: return "同一个元素上属性重复";
    case XML_ERR_ATTRIBUTE_WITHOUT_VALUE: return "属性缺少取值";
    case XML_ERR_ATTRIBUTE_NOT_STARTED: return "属性值要用引号括起来";
    case XML_ERR_ATTRIBUTE_NOT_FINISHED: return "属性值缺少结尾的引号";
    case XML_ERR_COMMENT_NOT_FINISHED: return "注释没有结束（缺少 -->）";
    case XML_ERR_MISPLACED_CDATA_END: return "文字中不能出现 ]]>，请把 > 写成 &gt;";
    case XML_ERR_RESERVED_XML_NAME: return "XML 声明只能写在文件开头";
    case XML_ERR_SPACE_REQUIRED: return "此处缺少空格";
    case XML_NS_ERR_UNDEFINED_NAMESPACE: return "使用了没有声明的命名空间前缀";
    default: break;
    }
    return e->level == XML_ERR_WARNING ? "XML 警告" : "XML 格式错误";
}

static char *S_parse_message(const S_err *e)
{
    gw_buf b = {0};
    S_put_where(&b, e->line);
    if (e->code == XML_ERR_TAG_NAME_MISMATCH && e->str1 && e->str2)
        gw_buf_printf(&b, "结束标签 </%s> 与第%d行的开始标签 <%s> 不匹配", e->str2, e->int1,
                      e->str1);
    else if (e->code == XML_ERR_TAG_NOT_FINISHED && e->str1)
        gw_buf_printf(&b, "文件在第%d行的元素 <%s> 结束之前就结束了（缺少结束标签）", e->int1,
                      e->str1);
    else if (e->code == XML_ERR_TAG_NAME_MISMATCH || e->code == XML_ERR_TAG_NOT_FINISHED)
        gw_buf_puts(&b, "开始标签与结束标签不匹配");
    else
        gw_buf_puts(&b, S_parse_hint(e));
    if (e->msg && *e->msg)
        gw_buf_printf(&b, "（libxml2：%s）", e->msg);
    return gw_buf_detach(&b);
}

/* Converts collected well-formedness errors; returns the number of errors. */
static size_t S_emit_parse(S_collect *c, gw_diags *d, const char *file)
{
    size_t errors = 0;
    for (size_t i = 0; i < c->n; i++) {
        const S_err *e = &c->v[i];
        gw_severity sev = e->level == XML_ERR_WARNING ? GW_WARNING : GW_ERROR;
        char *m = S_parse_message(e);
        gw_diags_add(d, sev, file, e->line, e->col, "%s", m);
        free(m);
        if (sev == GW_ERROR)
            errors++;
    }
    S_emit_generic(c, d, file);
    return errors;
}

static void S_put_order(gw_buf *b, const char *parent, const S_slot *order)
{
    gw_buf_printf(b, "（<%s> 的子元素须按此顺序出现：", parent);
    for (int i = 0; order[i].name; i++)
        gw_buf_printf(b, "%s%s%s", i ? "、" : "", order[i].name, order[i].many ? "*" : "");
    gw_buf_puts(b, "；带 * 的可以有多个，其余至多一个）");
}

static void S_put_attr_hint(gw_buf *b, const xmlChar *element, const char *attr)
{
    for (size_t i = 0; i < S_COUNT(S_attr_hints); i++) {
        if (strcmp(S_attr_hints[i].attr, attr) != 0)
            continue;
        if (S_attr_hints[i].element && !S_eq(element, S_attr_hints[i].element))
            continue;
        gw_buf_printf(b, "（%s 可取：%s）", attr, S_attr_hints[i].hint);
        return;
    }
}

/* First non-blank text directly inside node, shortened, for a message. */
static void S_put_stray_text(gw_buf *b, xmlNodePtr node)
{
    for (xmlNodePtr c = node ? node->children : NULL; c; c = c->next) {
        if (c->type != XML_TEXT_NODE || !c->content)
            continue;
        const char *s = (const char *)c->content;
        s += strspn(s, " \t\r\n");
        if (!*s)
            continue;
        size_t n = 0, chars = 0;
        while (s[n] && s[n] != '\n' && chars < 20) {
            uint32_t cp;
            size_t k = gw_utf8_decode(s + n, strlen(s + n), &cp);
            n += k ? k : 1;
            chars++;
        }
        gw_buf_puts(b, "：“");
        gw_buf_put(b, s, n);
        gw_buf_puts(b, s[n] && s[n] != '\n' ? "…”" : "”");
        return;
    }
}

static char *S_rng_message(const S_err *e, int model_line)
{
    gw_buf b = {0};
    xmlNodePtr n = e->node;
    const xmlChar *el = n && n->type == XML_ELEMENT_NODE ? n->name : BAD_CAST "?";
    const char *s1 = e->str1 ? e->str1 : "";
    const char *s2 = e->str2 ? e->str2 : "";
    S_put_where(&b, model_line);
    switch (e->code) {
    case XML_RELAXNG_ERR_ELEMWRONG: {
        gw_buf_printf(&b, "元素 <%s> 不在允许的位置", s1);
        xmlNodePtr parent = n ? n->parent : NULL;
        const S_slot *order = S_order_for(parent);
        if (order && S_rank(order, BAD_CAST s1) >= 0)
            S_put_order(&b, (const char *)parent->name, order);
        else if (parent && parent->type == XML_ELEMENT_NODE)
            gw_buf_printf(&b, "（<%s> 中不能有这个元素）", (const char *)parent->name);
        break;
    }
    case XML_RELAXNG_ERR_ELEMNAME:
        gw_buf_printf(&b, "元素 <%s> 不在允许的位置（此处应为 <%s>）", s2, s1);
        break;
    case XML_RELAXNG_ERR_NOELEM:
        if (*s1 && strcmp(s1, "b") != 0) {
            gw_buf_printf(&b, "元素 <%s> 缺少必需的子元素 <%s>", (const char *)el, s1);
            break;
        }
        for (size_t i = 0; i < S_COUNT(S_required_child); i++)
            if (S_eq(el, S_required_child[i].element) &&
                !gw_model_first(n, S_required_child[i].child)) {
                gw_buf_printf(&b, "元素 <%s> 缺少必需的子元素 <%s>", (const char *)el,
                              S_required_child[i].child);
                goto done;
            }
        gw_buf_printf(&b, "元素 <%s> 的内容不完整，缺少必需的子元素", (const char *)el);
        break;
    case XML_RELAXNG_ERR_NOTELEM:
        gw_buf_printf(&b, "元素 <%s> 中此处应为元素，而不是文字", (const char *)el);
        break;
    case XML_RELAXNG_ERR_TEXTWRONG:
        gw_buf_printf(&b, "元素 <%s> 中不能直接写文字", s1);
        S_put_stray_text(&b, n);
        break;
    case XML_RELAXNG_ERR_EXTRACONTENT:
        gw_buf_printf(&b, "元素 <%s> 含有多余的内容 <%s>", s1, s2);
        break;
    case XML_RELAXNG_ERR_CONTENTVALID:
        gw_buf_printf(&b, "元素 <%s> 的内容不符合模式", s1);
        break;
    case XML_RELAXNG_ERR_INVALIDATTR: {
        xmlChar *v = n ? xmlGetNoNsProp(n, BAD_CAST s1) : NULL;
        if (v)
            gw_buf_printf(&b, "元素 <%s> 的属性 %s=\"%s\" 不允许或取值不对", s2, s1,
                          (const char *)v);
        else
            gw_buf_printf(&b, "元素 <%s> 不允许有属性 %s", s2, s1);
        xmlFree(v);
        S_put_attr_hint(&b, BAD_CAST s2, s1);
        break;
    }
    case XML_RELAXNG_ERR_ATTRVALID: {
        const char *miss[3];
        size_t nmiss = 0;
        for (size_t i = 0; i < S_COUNT(S_required_attrs) && n; i++) {
            if (!S_eq(el, S_required_attrs[i].element))
                continue;
            for (size_t j = 0; j < S_COUNT(S_required_attrs[i].attrs); j++) {
                const char *a = S_required_attrs[i].attrs[j];
                if (a && !xmlHasProp(n, BAD_CAST a) && nmiss < S_COUNT(miss))
                    miss[nmiss++] = a;
            }
        }
        if (nmiss) {
            gw_buf_printf(&b, "元素 <%s> 缺少必需的属性 ", (const char *)el);
            for (size_t k = 0; k < nmiss; k++)
                gw_buf_printf(&b, "%s%s", k ? "、" : "", miss[k]);
            if (nmiss == 1)
                S_put_attr_hint(&b, el, miss[0]);
            break;
        }
        gw_buf_printf(&b, "元素 <%s> 的属性不符合模式（有不允许的属性或取值不对）", s1);
        if (n && n->properties) {
            gw_buf_puts(&b, "；现有属性：");
            for (xmlAttrPtr a = n->properties; a; a = a->next) {
                xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
                gw_buf_printf(&b, "%s%s=\"%s\"", a == n->properties ? "" : " ",
                              (const char *)a->name, v ? (const char *)v : "");
                xmlFree(v);
            }
            for (xmlAttrPtr a = n->properties; a; a = a->next)
                S_put_attr_hint(&b, el, (const char *)a->name);
        }
        break;
    }
    case XML_RELAXNG_ERR_ELEMNONS:
        gw_buf_printf(&b, "元素 <%s> 缺少命名空间（应为 %s）", s1, GW_NS);
        break;
    case XML_RELAXNG_ERR_ELEMWRONGNS:
    case XML_RELAXNG_ERR_ELEMEXTRANS:
        gw_buf_printf(&b, "元素 <%s> 的命名空间不对（应为 %s）", s1, GW_NS);
        break;
    case XML_RELAXNG_ERR_ELEMNOTEMPTY:
        gw_buf_printf(&b, "元素 <%s> 应为空", s1);
        break;
    case XML_RELAXNG_ERR_DATAELEM:
    case XML_RELAXNG_ERR_VALELEM:
    case XML_RELAXNG_ERR_LISTELEM:
        gw_buf_printf(&b, "元素 <%s> 只能含文字，不能含子元素", s1);
        break;
    case XML_RELAXNG_ERR_TYPEVAL:
        gw_buf_printf(&b, "取值“%s”不符合类型 %s", s2, s1);
        break;
    case XML_RELAXNG_ERR_TYPE:
    case XML_RELAXNG_ERR_DATATYPE:
    case XML_RELAXNG_ERR_VALUE:
        gw_buf_printf(&b, "元素 <%s> 中的取值不对", (const char *)el);
        break;
    default:
        gw_buf_printf(&b, "元素 <%s> 不符合模式", (const char *)el);
        break;
    }
done:
    if (e->msg && *e->msg)
        gw_buf_printf(&b, "（libxml2：%s）", e->msg);
    return gw_buf_detach(&b);
}

/* How generic a validity error is: on one node only the most specific kind
 * is kept (libxml2 reports "failed to validate attributes" together with the
 * invalid attribute, and a cascade of "expecting an element b" after it). */
static int S_rng_generality(int code)
{
    switch (code) {
    case XML_RELAXNG_ERR_ATTRVALID: return 1;
    case XML_RELAXNG_ERR_EXTRACONTENT: return 2;
    case XML_RELAXNG_ERR_CONTENTVALID: return 3;
    case XML_RELAXNG_ERR_NOELEM: return 4;
    default: return 0;
    }
}

/* The first element named name in document order, and how many there are. */
static xmlNodePtr S_find_element(xmlNodePtr n, const char *name, int *count)
{
    xmlNodePtr first = NULL;
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (S_eq(n->name, name)) {
            if (!first)
                first = n;
            ++*count;
        }
        xmlNodePtr f = S_find_element(n->children, name, count);
        if (!first)
            first = f;
    }
    return first;
}

/* The element a validity error is about, by name, when libxml2 names it. */
static const char *S_subject(const S_err *e)
{
    switch (e->code) {
    case XML_RELAXNG_ERR_INVALIDATTR:
        return e->str2;
    case XML_RELAXNG_ERR_ATTRVALID:
    case XML_RELAXNG_ERR_CONTENTVALID:
    case XML_RELAXNG_ERR_TEXTWRONG:
    case XML_RELAXNG_ERR_ELEMNOTEMPTY:
    case XML_RELAXNG_ERR_DATAELEM:
    case XML_RELAXNG_ERR_VALELEM:
        return e->str1;
    default:
        return NULL;
    }
}

/* libxml2 attaches some errors ("failed to validate attributes") to no node,
 * or to the child it was looking at.  Point them at the element they name:
 * an ancestor-or-self of the reported node, else the node of a neighbouring
 * error about an element of that name, else the only element of that name
 * in the document. */
static void S_adopt_nodes(S_collect *c, xmlDocPtr doc)
{
    for (size_t i = 0; i < c->n; i++) {
        S_err *e = &c->v[i];
        const char *name = S_subject(e);
        if (!name || !*name || e->domain != XML_FROM_RELAXNGV)
            continue;
        xmlNodePtr found = NULL;
        for (xmlNodePtr a = e->node; a && !found; a = a->parent)
            if (a->type == XML_ELEMENT_NODE && S_eq(a->name, name))
                found = a;
        for (size_t k = 0; k < 2 && !found && !e->node; k++) {
            size_t j = k == 0 ? i + 1 : i - 1; /* i - 1 wraps for i == 0: skipped */
            if (j < c->n && c->v[j].node && c->v[j].node->type == XML_ELEMENT_NODE &&
                S_eq(c->v[j].node->name, name))
                found = c->v[j].node;
        }
        if (!found && !e->node && doc) {
            int count = 0;
            xmlNodePtr n = S_find_element(doc->children, name, &count);
            if (count == 1)
                found = n;
        }
        if (found && found != e->node) {
            e->node = found;
            long l = xmlGetLineNo(found);
            e->line = l > 0 && l <= INT_MAX ? (int)l : 0;
        }
    }
}

/* Converts collected validity errors; returns the number of errors. */
static size_t S_emit_valid(S_collect *c, xmlDocPtr doc, gw_diags *d, const char *file)
{
    S_adopt_nodes(c, doc);
    for (size_t i = 0; i < c->n; i++) {
        S_err *e = &c->v[i];
        for (size_t j = 0; j < c->n && !e->drop; j++) {
            const S_err *o = &c->v[j];
            if (j == i || o->node != e->node || o->domain != e->domain)
                continue;
            int ge = S_rng_generality(e->code), go = S_rng_generality(o->code);
            if (go < ge)
                e->drop = 1; /* a more specific error on the same node */
            else if (j < i && o->code == e->code && o->msg && e->msg &&
                     strcmp(o->msg, e->msg) == 0)
                e->drop = 1; /* the same error twice */
        }
    }
    size_t errors = 0, shown = 0, hidden = c->lost;
    for (size_t i = 0; i < c->n; i++) {
        const S_err *e = &c->v[i];
        if (e->drop)
            continue;
        if (shown == S_SHOW_ERRORS) {
            hidden++;
            continue;
        }
        shown++;
        /* A model read from a file has model-file lines; one built in memory
         * only has the draft position in its line/col attributes. */
        int line = e->line, col = 0, model_line = e->line;
        if (line <= 0 && e->node) {
            line = gw_model_line(e->node);
            col = gw_model_col(e->node);
        }
        char *m = e->domain == XML_FROM_RELAXNGV ? S_rng_message(e, model_line)
                                                 : S_parse_message(e);
        gw_severity sev = e->level == XML_ERR_WARNING ? GW_WARNING : GW_ERROR;
        gw_diags_add(d, sev, file, line, col, "%s", m);
        free(m);
        if (sev == GW_ERROR)
            errors++;
    }
    if (hidden > 0)
        gw_diags_add(d, GW_NOTE, file, 0, 0, "另有 %zu 处不符合模式的地方没有列出", hidden);
    S_emit_generic(c, d, file);
    return errors;
}

/* ------------------------------------------------------------------------ */
/* The built-in schema                                                      */

static xmlRelaxNGPtr S_rng;   /* compiled once; lives until exit */
static char *S_rng_error;     /* why it did not compile, or NULL */

static void S_rng_init(void)
{
    xmlInitParser();
    S_collect c = {0};
    S_scope s;
    S_scope_enter(&s, &c);
    xmlRelaxNGParserCtxtPtr pc =
        xmlRelaxNGNewMemParserCtxt((const char *)gw_schema_rng, (int)gw_schema_rng_len);
    if (pc) {
        xmlRelaxNGSetParserStructuredErrors(pc, S_on_error, &c);
        S_rng = xmlRelaxNGParse(pc);
        xmlRelaxNGFreeParserCtxt(pc);
    }
    S_scope_leave(&s);
    if (!S_rng) {
        const char *why = c.n && c.v[0].msg ? c.v[0].msg
                          : c.generic.len ? c.generic.ptr
                                          : "unknown error";
        S_rng_error = gw_xasprintf("line %d: %s", c.n ? c.v[0].line : 0, why);
    }
    S_collect_free(&c);
}

/* pthread_once rather than C11 call_once: the same, and visible to thread
 * sanitizers (glibc's call_once is not intercepted). */
static pthread_once_t S_rng_once = PTHREAD_ONCE_INIT;

static xmlRelaxNGPtr S_schema(void)
{
    pthread_once(&S_rng_once, S_rng_init);
    return S_rng;
}

const char *gw_model_schema(void)
{
    return (const char *)gw_schema_rng;
}

/* ------------------------------------------------------------------------ */
/* Whitespace normalisation                                                 */

static int S_blank(const xmlChar *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

/* Removes indentation from element-only content below n; with for_output,
 * also gives mixed-content elements that have element children but no text
 * an empty text node, so that libxml2 does not indent inside them. */
static void S_normalize(xmlNodePtr n, int for_output)
{
    int element_only = gw_model_is(n, NULL) && S_in_list(S_element_only, n->name);
    int mixed = gw_model_is(n, NULL) && S_in_list(S_mixed, n->name);
    int has_text = 0, has_element = 0;
    xmlNodePtr next;
    for (xmlNodePtr c = n->children; c; c = next) {
        next = c->next;
        if (c->type == XML_ELEMENT_NODE) {
            has_element = 1;
            S_normalize(c, for_output);
        } else if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE ||
                   c->type == XML_ENTITY_REF_NODE) {
            if (element_only && c->type == XML_TEXT_NODE && S_blank(c->content)) {
                xmlUnlinkNode(c);
                xmlFreeNode(c);
            } else {
                has_text = 1;
            }
        }
    }
    if (for_output && mixed && has_element && !has_text) {
        xmlNodePtr t = xmlNewDocTextLen(n->doc, BAD_CAST "", 0);
        if (!t)
            S_oom();
        xmlAddPrevSibling(n->children, t);
    }
}

/* ------------------------------------------------------------------------ */
/* Construction                                                             */

static int S_clean(const char *str, size_t n);

/* value in decimal, as "%ld" writes it, into v (at least 24 bytes). */
static const char *S_itoa(char v[24], long value)
{
    char t[24];
    size_t k = 0;
    unsigned long u = value < 0 ? 0UL - (unsigned long)value : (unsigned long)value;
    do {
        t[k++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    size_t i = 0;
    if (value < 0)
        v[i++] = '-';
    while (k)
        v[i++] = t[--k];
    v[i] = '\0';
    return v;
}

static gw_model *S_wrap(xmlDocPtr doc)
{
    gw_model *m = gw_xcalloc(1, sizeof *m);
    m->doc = doc;
    return m;
}

void gw_model_setup(void)
{
    xmlMemSetup(gw_small_free, gw_small_malloc, gw_small_realloc, gw_small_strdup);
}

gw_model *gw_model_new(const char *kind, const char *source)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    if (!doc)
        S_oom();
    /* Element and attribute names are interned in the document's
     * dictionary (as the parser does for loaded models): one copy of
     * "p" or "line" per model instead of one per node. */
    doc->dict = xmlDictCreate();
    if (!doc->dict)
        S_oom();
    doc->encoding = xmlStrdup(BAD_CAST "UTF-8");
    xmlNodePtr root = xmlNewDocNode(doc, NULL, BAD_CAST "document", NULL);
    if (!root)
        S_oom();
    xmlNsPtr ns = xmlNewNs(root, BAD_CAST GW_NS, NULL);
    if (!ns)
        S_oom();
    xmlSetNs(root, ns);
    xmlDocSetRootElement(doc, root);
    gw_model *m = S_wrap(doc); /* owns doc from here on */
    m->ns = ns;
    if (kind)
        gw_model_set_attr(root, "kind", kind);
    if (source)
        gw_model_set_attr(root, "source", source);
    gw_model_child(m, root, "body", 1);
    return m;
}

void gw_model_free(gw_model *m)
{
    if (!m)
        return;
    xmlFreeDoc(m->doc);
    free(m->kind);
    free(m);
}

xmlDocPtr gw_model_doc(gw_model *m)
{
    return m ? m->doc : NULL;
}

xmlNodePtr gw_model_root(gw_model *m)
{
    return m && m->doc ? xmlDocGetRootElement(m->doc) : NULL;
}

/* The returned pointer stays valid until the kind changes or m is freed. */
const char *gw_model_kind(gw_model *m)
{
    char *k = gw_model_attr(gw_model_root(m), "kind");
    if (!k) {
        if (m) {
            free(m->kind);
            m->kind = NULL;
        }
        return NULL;
    }
    if (m->kind && strcmp(m->kind, k) == 0) {
        free(k);
    } else {
        free(m->kind);
        m->kind = k;
    }
    return m->kind;
}

void gw_model_set_kind(gw_model *m, const char *kind)
{
    if (kind)
        gw_model_set_attr(gw_model_root(m), "kind", kind);
}

/* Inserts n below parent: in schema order for the sequence-content parents,
 * else at the end.  A child the order does not list goes last. */
static void S_insert(xmlNodePtr parent, xmlNodePtr n)
{
    const S_slot *order = S_order_for(parent);
    int rank = order ? S_rank(order, n->name) : -1;
    if (rank >= 0) {
        for (xmlNodePtr c = parent->children; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE)
                continue;
            int rc = gw_model_is(c, NULL) ? S_rank(order, c->name) : -1;
            if (rc < 0 || rc > rank) {
                xmlAddPrevSibling(c, n);
                return;
            }
        }
    }
    xmlAddChild(parent, n);
}

xmlNodePtr gw_model_add(gw_model *m, xmlNodePtr parent, const char *name, const char *text,
                        int line, int col)
{
    if (!m || !m->doc || !name || !*name)
        return NULL;
    if (!parent)
        parent = gw_model_root(m); /* NULL parent: the <document> element */
    if (!parent || parent->type != XML_ELEMENT_NODE || parent->doc != m->doc)
        return NULL;
    xmlNsPtr ns = m->ns ? m->ns : xmlSearchNsByHref(m->doc, parent, BAD_CAST GW_NS);
    xmlNodePtr n = xmlNewDocNode(m->doc, ns, BAD_CAST name, NULL);
    if (!n)
        S_oom();
    S_insert(parent, n); /* the model owns n from here on */
    if (line > 0) {
        /* a new node: no attribute to replace or reorder */
        char v[24];
        if (!xmlNewProp(n, BAD_CAST "line", BAD_CAST S_itoa(v, line)))
            S_oom();
        if (col > 0 && !xmlNewProp(n, BAD_CAST "col", BAD_CAST S_itoa(v, col)))
            S_oom();
    }
    if (text)
        gw_model_add_text(n, text, strlen(text));
    return n;
}

xmlNodePtr gw_model_child(gw_model *m, xmlNodePtr parent, const char *name, int create)
{
    if (!m || !name)
        return NULL;
    if (!parent)
        parent = gw_model_root(m);
    xmlNodePtr c = gw_model_first(parent, name);
    if (c || !create)
        return c;
    return gw_model_add(m, parent, name, NULL, 0, 0);
}

void gw_model_add_text(xmlNodePtr node, const char *text, size_t len)
{
    if (!node || !text || node->type != XML_ELEMENT_NODE)
        return;
    char *s = S_clean(text, len) ? NULL : gw_model_sanitize(text, len);
    const char *t = s ? s : text;
    size_t n = s ? strlen(s) : len;
    if (n > 0 && n <= INT_MAX) {
        xmlNodePtr tn = xmlNewDocTextLen(node->doc, BAD_CAST t, (int)n);
        if (!tn)
            S_oom();
        xmlAddChild(node, tn); /* may merge tn into a preceding text node */
    }
    free(s);
}

static int S_is_pos_attr(const xmlChar *name)
{
    return S_eq(name, "line") || S_eq(name, "col");
}

void gw_model_set_attr(xmlNodePtr node, const char *name, const char *value)
{
    if (!node || !name || node->type != XML_ELEMENT_NODE)
        return;
    if (!value) {
        xmlUnsetProp(node, BAD_CAST name);
        return;
    }
    int existed = xmlHasNsProp(node, BAD_CAST name, NULL) != NULL;
    size_t vn = strlen(value);
    char *s = S_clean(value, vn) ? NULL : gw_model_sanitize(value, vn);
    /* a new plain name needs no lookup (xmlSetProp also resolves a:b) */
    xmlAttrPtr a = existed || strchr(name, ':')
                       ? xmlSetProp(node, BAD_CAST name, BAD_CAST(s ? s : value))
                       : xmlNewProp(node, BAD_CAST name, BAD_CAST(s ? s : value));
    free(s);
    if (!a)
        S_oom();
    if (existed || S_is_pos_attr(a->name))
        return;
    /* Keep the draft position last: <heading level="1" line="3" col="1">. */
    xmlAttrPtr pos = node->properties;
    while (pos && pos != a && !S_is_pos_attr(pos->name))
        pos = pos->next;
    if (!pos || pos == a)
        return;
    if (a->prev)
        a->prev->next = a->next;
    if (a->next)
        a->next->prev = a->prev;
    a->next = pos;
    a->prev = pos->prev;
    if (pos->prev)
        pos->prev->next = a;
    else
        node->properties = a;
    pos->prev = a;
}

void gw_model_set_int(xmlNodePtr node, const char *name, long value)
{
    char v[32];
    gw_model_set_attr(node, name, S_itoa(v, value));
}

/* 1 when gw_model_sanitize would return s[0..n) unchanged: valid UTF-8
 * without NUL, C0 controls other than TAB/LF/CR, U+FFFE or U+FFFF. */
static int S_clean(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        /* eight printable ASCII bytes at a time: no high bit, none < 0x20 */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if ((w & 0x8080808080808080ULL) ||
                ((w - 0x2020202020202020ULL) & ~w & 0x8080808080808080ULL))
                break;
            i += 8;
        }
        if (i >= n)
            break;
        unsigned char c = s[i];
        if (c >= 0x20 && c < 0x80) {
            i++;
            continue;
        }
        /* three-byte sequences that cannot be overlong, a surrogate or
         * U+FFFE/U+FFFF: lead E1–EC or EE, or EF not followed by BF (most
         * Chinese text and its full-width punctuation) */
        if (i + 3 <= n && (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80 &&
            ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || (c == 0xEF && s[i + 1] != 0xBF))) {
            i += 3;
            continue;
        }
        if (c < 0x80) {
            if (c != '\t' && c != '\n' && c != '\r')
                return 0;
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = gw_utf8_decode(str + i, n - i, &cp);
        if (!k || cp == 0xFFFE || cp == 0xFFFF)
            return 0;
        i += k;
    }
    return 1;
}

char *gw_model_sanitize(const char *s, size_t n)
{
    if (!s)
        return NULL;
    gw_buf b = {0};
    gw_buf_grow(&b, n);
    gw_buf_put(&b, "", 0); /* "" when nothing is kept */
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
                gw_buf_putc(&b, (char)c);
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = gw_utf8_decode(s + i, n - i, &cp);
        if (!k) {
            /* One U+FFFD for the bad byte and the continuation bytes that
             * follow it (a truncated or overlong sequence). */
            gw_utf8_put(&b, 0xFFFD);
            i++;
            for (int j = 0; j < 3 && i < n && ((unsigned char)s[i] & 0xC0) == 0x80; j++)
                i++;
            continue;
        }
        if (cp != 0xFFFE && cp != 0xFFFF)
            gw_buf_put(&b, s + i, k);
        i += k;
    }
    return gw_buf_detach(&b);
}

/* ------------------------------------------------------------------------ */
/* Loading and validation                                                   */

int gw_model_validate(gw_model *m, const char *name, gw_diags *d)
{
    if (!name && m && m->doc && m->doc->URL)
        name = (const char *)m->doc->URL;
    if (!gw_model_root(m)) {
        gw_diags_add(d, GW_ERROR, name, 0, 0, "模型是空的（没有根元素）");
        return -1;
    }
    xmlRelaxNGPtr rng = S_schema();
    if (!rng) {
        gw_diags_add(d, GW_ERROR, name, 0, 0, "内置的模型模式无法编译：%s",
                     S_rng_error ? S_rng_error : "");
        return -1;
    }
    S_collect c = {0};
    S_scope s;
    S_scope_enter(&s, &c);
    xmlRelaxNGValidCtxtPtr v = xmlRelaxNGNewValidCtxt(rng);
    if (!v)
        S_oom();
    xmlRelaxNGSetValidStructuredErrors(v, S_on_error, &c);
    int rc = xmlRelaxNGValidateDoc(v, m->doc);
    xmlRelaxNGFreeValidCtxt(v);
    S_scope_leave(&s);
    size_t errors = S_emit_valid(&c, m->doc, d, name);
    S_collect_free(&c);
    if (rc != 0 && errors == 0)
        gw_diags_add(d, GW_ERROR, name, 0, 0, "模型不符合模式（libxml2 返回 %d）", rc);
    return rc == 0 && errors == 0 ? 0 : -1;
}

gw_model *gw_model_load_memory(const char *name, const char *xml, size_t len, gw_diags *d)
{
    if (!xml || len == 0) {
        gw_diags_add(d, GW_ERROR, name, 0, 0, "模型文件是空的");
        return NULL;
    }
    if (len > INT_MAX) {
        gw_diags_add(d, GW_ERROR, name, 0, 0, "模型文件太大（超过 2 GB）");
        return NULL;
    }
    S_collect c = {0};
    S_scope s;
    S_scope_enter(&s, &c);
    xmlParserCtxtPtr p = xmlNewParserCtxt();
    if (!p)
        S_oom();
    xmlDocPtr doc = xmlCtxtReadMemory(p, xml, (int)len, name, NULL, S_PARSE_OPTIONS);
    xmlFreeParserCtxt(p);
    S_scope_leave(&s);
    size_t errors = S_emit_parse(&c, d, name);
    S_collect_free(&c);
    if (!doc || errors > 0) {
        if (errors == 0)
            gw_diags_add(d, GW_ERROR, name, 0, 0, "无法解析模型文件");
        xmlFreeDoc(doc);
        return NULL;
    }
    if (doc->intSubset || doc->extSubset) {
        gw_diags_add(d, GW_ERROR, name, 0, 0,
                     "模型文件不能有 DOCTYPE 声明（模型用内置的 RelaxNG 模式校验，不支持 DTD "
                     "和自定义实体）");
        xmlFreeDoc(doc);
        return NULL;
    }
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!gw_model_is(root, "document")) {
        long l = root ? xmlGetLineNo(root) : 0;
        int line = l > 0 && l <= INT_MAX ? (int)l : 0;
        gw_buf b = {0};
        S_put_where(&b, line);
        gw_buf_printf(&b, "根元素应为命名空间 %s 中的 <document>，实际是 <%s>", GW_NS,
                      root ? (const char *)root->name : "");
        if (root && !root->ns)
            gw_buf_printf(&b, "（没有命名空间：缺少 xmlns=\"%s\"）", GW_NS);
        else if (root && root->ns->href)
            gw_buf_printf(&b, "（命名空间是 %s）", (const char *)root->ns->href);
        gw_diags_add(d, GW_ERROR, name, line, 0, "%s", b.ptr);
        gw_buf_free(&b);
        xmlFreeDoc(doc);
        return NULL;
    }
    gw_model *m = S_wrap(doc); /* owns doc from here on */
    S_normalize(root, 0);
    if (gw_model_validate(m, name, d) != 0) {
        gw_model_free(m);
        return NULL;
    }
    return m;
}

gw_model *gw_model_load(const char *path, gw_diags *d)
{
    if (!path) {
        gw_diags_add(d, GW_ERROR, NULL, 0, 0, "没有给出模型文件");
        return NULL;
    }
    gw_buf b = {0};
    gw_model *m = NULL;
    if (gw_read_file(path, &b, d) == 0)
        m = gw_model_load_memory(path, b.ptr, b.len, d);
    gw_buf_free(&b);
    return m;
}

/* ------------------------------------------------------------------------ */
/* Writing                                                                  */

void gw_model_write(const gw_model *m, gw_buf *out)
{
    if (!m || !m->doc || !out)
        return;
    S_collect c = {0}; /* anything libxml2 reports here is dropped */
    S_scope s;
    S_scope_enter(&s, &c);
    /* Normalise a copy: the model itself is not touched. */
    xmlDocPtr copy = xmlCopyDoc(m->doc, 1);
    if (!copy)
        S_oom();
    copy->standalone = -1;
    for (xmlNodePtr n = copy->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            S_normalize(n, 1);
    xmlBufferPtr buf = xmlBufferCreate();
    if (!buf)
        S_oom();
    /* The serialiser reads these globals; pin them so the bytes do not depend
     * on what another module set. */
    int indent = xmlIndentTreeOutput, noempty = xmlSaveNoEmptyTags;
    const char *indent_string = xmlTreeIndentString;
    xmlIndentTreeOutput = 1;
    xmlSaveNoEmptyTags = 0;
    xmlTreeIndentString = "  ";
    xmlSaveCtxtPtr sc = xmlSaveToBuffer(buf, "UTF-8", XML_SAVE_FORMAT);
    if (!sc)
        S_oom();
    xmlSaveDoc(sc, copy);
    xmlSaveClose(sc);
    xmlIndentTreeOutput = indent;
    xmlSaveNoEmptyTags = noempty;
    xmlTreeIndentString = indent_string;
    S_scope_leave(&s);
    gw_buf_put(out, xmlBufferContent(buf), (size_t)xmlBufferLength(buf));
    xmlBufferFree(buf);
    xmlFreeDoc(copy);
    S_collect_free(&c);
}

/* ------------------------------------------------------------------------ */
/* Reading helpers                                                          */

int gw_model_is(xmlNodePtr node, const char *name)
{
    return node && node->type == XML_ELEMENT_NODE && node->ns &&
           S_eq(node->ns->href, GW_NS) && (!name || S_eq(node->name, name));
}

xmlNodePtr gw_model_first(xmlNodePtr parent, const char *name)
{
    if (!parent || parent->type == XML_ATTRIBUTE_NODE)
        return NULL;
    for (xmlNodePtr c = parent->children; c; c = c->next)
        if (gw_model_is(c, name))
            return c;
    return NULL;
}

xmlNodePtr gw_model_next(xmlNodePtr node, const char *name)
{
    if (!node || node->type == XML_ATTRIBUTE_NODE)
        return NULL;
    for (xmlNodePtr c = node->next; c; c = c->next)
        if (gw_model_is(c, name))
            return c;
    return NULL;
}

/* Appends one text node's content, without the indentation a hand-edited
 * file adds around it: a leading or trailing whitespace run that contains a
 * line break is dropped (so "\n    " between elements disappears, while the
 * space in "<b>甲</b> <b>乙</b>" stays). */
static void S_put_text(gw_buf *b, const xmlChar *content)
{
    if (!content)
        return;
    const char *s = (const char *)content;
    size_t n = strlen(s), start = 0, end = n;
    size_t k = strspn(s, " \t\r\n");
    if (memchr(s, '\n', k) || memchr(s, '\r', k))
        start = k;
    size_t t = n;
    while (t > start && strchr(" \t\r\n", s[t - 1]))
        t--;
    if (memchr(s + t, '\n', n - t) || memchr(s + t, '\r', n - t))
        end = t;
    if (end > start)
        gw_buf_put(b, s + start, end - start);
}

static void S_collect_text(xmlNodePtr n, gw_buf *b)
{
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            S_put_text(b, c->content);
        } else if (c->type == XML_ELEMENT_NODE) {
            S_collect_text(c, b);
        } else if (c->type == XML_ENTITY_REF_NODE) {
            xmlChar *v = xmlNodeGetContent(c);
            if (v)
                gw_buf_puts(b, (const char *)v);
            xmlFree(v);
        }
    }
}

char *gw_model_text_as_added(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *clean = S_clean(s, n) ? NULL : gw_model_sanitize(s, n);
    const char *t = clean ? clean : s;
    gw_buf b = {0};
    S_put_text(&b, (const xmlChar *)t);
    int same = !clean && b.len == n;
    free(clean);
    if (same) {
        gw_buf_free(&b);
        return NULL;
    }
    return gw_buf_detach(&b);
}

char *gw_model_text(xmlNodePtr node)
{
    if (!node)
        return NULL;
    gw_buf b = {0};
    switch (node->type) {
    case XML_ELEMENT_NODE:
        S_collect_text(node, &b);
        break;
    case XML_TEXT_NODE:
    case XML_CDATA_SECTION_NODE:
        S_put_text(&b, node->content);
        break;
    default: {
        xmlChar *v = xmlNodeGetContent(node);
        if (!v)
            return NULL;
        gw_buf_puts(&b, (const char *)v);
        xmlFree(v);
        break;
    }
    }
    return gw_buf_detach(&b); /* "" for an element without text */
}

char *gw_model_attr(xmlNodePtr node, const char *name)
{
    if (!node || !name || node->type != XML_ELEMENT_NODE)
        return NULL;
    xmlChar *v = xmlGetNoNsProp(node, BAD_CAST name);
    if (!v)
        return NULL;
    char *r = gw_xstrdup((const char *)v); /* caller frees with free() */
    xmlFree(v);
    return r;
}

/* A non-negative integer attribute; 0 when absent or not a number. */
static int S_int_attr(xmlNodePtr node, const char *name)
{
    char *v = gw_model_attr(node, name);
    if (!v)
        return 0;
    const char *p = v + strspn(v, " \t\r\n");
    long r = 0;
    if (*p == '+')
        p++;
    if (*p < '0' || *p > '9')
        r = -1;
    for (; r >= 0 && *p >= '0' && *p <= '9'; p++)
        r = r > (INT_MAX - (*p - '0')) / 10 ? INT_MAX : r * 10 + (*p - '0');
    if (r >= 0 && p[strspn(p, " \t\r\n")] != '\0')
        r = -1;
    free(v);
    return r > 0 ? (int)r : 0;
}

int gw_model_line(xmlNodePtr node)
{
    return S_int_attr(node, "line");
}

int gw_model_col(xmlNodePtr node)
{
    return S_int_attr(node, "col");
}
