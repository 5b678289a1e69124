/*
 * export.c — TSV/CSV/JSON views of the model's tasks, roster and metadata.
 */
#include "export.h"

#include <stdlib.h>
#include <string.h>

gw_export_format gw_export_format_from_name(const char *name)
{
    static const char *const names[GW_EXPORT_MAX] = {"tsv", "csv", "json"};
    for (int i = 0; i < GW_EXPORT_MAX; i++)
        if (name && strcmp(name, names[i]) == 0)
            return (gw_export_format)i;
    return GW_EXPORT_MAX;
}

typedef struct S_table {
    gw_export_format f;
    const char *const *cols;
    int ncols;
    int nrows;
    gw_buf *out;
} S_table;

static void S_tsv_value(gw_buf *out, const char *v)
{
    for (; *v; v++)
        gw_buf_putc(out, (*v == '\t' || *v == '\n' || *v == '\r') ? ' ' : *v);
}

static void S_csv_value(gw_buf *out, const char *v)
{
    if (!strpbrk(v, ",\"\r\n")) {
        gw_buf_puts(out, v);
        return;
    }
    gw_buf_putc(out, '"');
    for (; *v; v++) {
        if (*v == '"')
            gw_buf_putc(out, '"');
        gw_buf_putc(out, *v);
    }
    gw_buf_putc(out, '"');
}

static void S_json_string(gw_buf *out, const char *v)
{
    gw_buf_putc(out, '"');
    for (; *v; v++) {
        unsigned char ch = (unsigned char)*v;
        if (ch == '"' || ch == '\\') {
            gw_buf_putc(out, '\\');
            gw_buf_putc(out, (char)ch);
        } else if (ch == '\n') {
            gw_buf_puts(out, "\\n");
        } else if (ch == '\t') {
            gw_buf_puts(out, "\\t");
        } else if (ch < 0x20) {
            gw_buf_printf(out, "\\u%04x", ch);
        } else {
            gw_buf_putc(out, (char)ch);
        }
    }
    gw_buf_putc(out, '"');
}

static void S_begin(S_table *t)
{
    if (t->f == GW_EXPORT_JSON) {
        gw_buf_puts(t->out, "[");
        return;
    }
    if (t->f == GW_EXPORT_CSV)
        gw_buf_puts(t->out, "\xEF\xBB\xBF");
    for (int i = 0; i < t->ncols; i++) {
        if (i)
            gw_buf_putc(t->out, t->f == GW_EXPORT_CSV ? ',' : '\t');
        gw_buf_puts(t->out, t->cols[i]);
    }
    gw_buf_puts(t->out, t->f == GW_EXPORT_CSV ? "\r\n" : "\n");
}

static void S_row(S_table *t, const char *const *vals)
{
    if (t->f == GW_EXPORT_JSON) {
        gw_buf_puts(t->out, t->nrows ? ",\n  {" : "\n  {");
        for (int i = 0; i < t->ncols; i++) {
            if (i)
                gw_buf_puts(t->out, ", ");
            S_json_string(t->out, t->cols[i]);
            gw_buf_puts(t->out, ": ");
            S_json_string(t->out, vals[i] ? vals[i] : "");
        }
        gw_buf_putc(t->out, '}');
    } else {
        for (int i = 0; i < t->ncols; i++) {
            if (i)
                gw_buf_putc(t->out, t->f == GW_EXPORT_CSV ? ',' : '\t');
            if (t->f == GW_EXPORT_CSV)
                S_csv_value(t->out, vals[i] ? vals[i] : "");
            else
                S_tsv_value(t->out, vals[i] ? vals[i] : "");
        }
        gw_buf_puts(t->out, t->f == GW_EXPORT_CSV ? "\r\n" : "\n");
    }
    t->nrows++;
}

static void S_end(S_table *t)
{
    if (t->f == GW_EXPORT_JSON)
        gw_buf_puts(t->out, t->nrows ? "\n]\n" : "]\n");
}

/* Units of a role element joined by 、 (newly allocated). */
static char *S_units(xmlNodePtr role)
{
    gw_buf b = {0};
    for (xmlNodePtr u = gw_model_first(role, "unit"); u; u = gw_model_next(u, "unit")) {
        char *t = gw_model_text(u);
        if (t && *t) {
            if (b.len)
                gw_buf_puts(&b, "、");
            gw_buf_puts(&b, t);
        }
        free(t);
    }
    return gw_buf_detach(&b);
}

void gw_export_tasks(gw_model *m, gw_export_format f, gw_buf *out)
{
    static const char *const cols[] = {"id", "lead", "responsible", "support", "deadline", "text", "line"};
    S_table t = {f, cols, 7, 0, out};
    S_begin(&t);
    xmlNodePtr tasks = gw_model_first(gw_model_root(m), "tasks");
    for (xmlNodePtr k = gw_model_first(tasks, "task"); k; k = gw_model_next(k, "task")) {
        char *id = gw_model_attr(k, "id");
        char *lead = S_units(gw_model_first(k, "lead"));
        char *resp = S_units(gw_model_first(k, "responsible"));
        char *supp = S_units(gw_model_first(k, "support"));
        char *dl = gw_model_attr(gw_model_first(k, "deadline"), "value");
        char *text = gw_model_text(gw_model_first(k, "text"));
        char line[24];
        snprintf(line, sizeof line, "%d", gw_model_line(k));
        const char *vals[] = {id, lead, resp, supp, dl, text, line};
        S_row(&t, vals);
        free(id);
        free(lead);
        free(resp);
        free(supp);
        free(dl);
        free(text);
    }
    S_end(&t);
}

void gw_export_roster(gw_model *m, gw_export_format f, gw_buf *out)
{
    static const char *const cols[] = {"role", "name", "title", "line"};
    S_table t = {f, cols, 4, 0, out};
    S_begin(&t);
    xmlNodePtr r = gw_model_first(gw_model_root(m), "roster");
    for (xmlNodePtr k = gw_model_first(r, "member"); k; k = gw_model_next(k, "member")) {
        char *role = gw_model_attr(k, "role");
        char *name = gw_model_attr(k, "name");
        char *title = gw_model_attr(k, "title");
        char line[24];
        snprintf(line, sizeof line, "%d", gw_model_line(k));
        const char *vals[] = {role, name, title, line};
        S_row(&t, vals);
        free(role);
        free(name);
        free(title);
    }
    S_end(&t);
}

char *gw_export_meta_value(gw_model *m, const char *key)
{
    xmlNodePtr root = gw_model_root(m);
    char *v = NULL;
    if (strcmp(key, "title") == 0) {
        v = gw_model_text(gw_model_first(root, "title"));
        if (!v)
            v = gw_model_text(gw_model_first(gw_model_first(root, "enclosure"), "title"));
    } else if (strcmp(key, "issuer") == 0) {
        /* joint documents: every signing agency, joined with 、 */
        gw_buf all = {0};
        for (xmlNodePtr sg = gw_model_first(root, "signature"); sg; sg = gw_model_next(sg, "signature")) {
            char *t = gw_model_text(sg);
            if (t && *t)
                gw_buf_printf(&all, "%s%s", all.len ? "、" : "", t);
            free(t);
        }
        v = all.len ? gw_buf_detach(&all) : NULL;
        gw_buf_free(&all);
        if (!v)
            v = gw_model_text(gw_model_first(root, "author"));
        if (!v) {
            v = gw_model_text(gw_model_first(gw_model_first(root, "head"), "issuer-mark"));
            size_t n = v ? strlen(v) : 0;
            if (n > 6 && strcmp(v + n - 6, "文件") == 0)
                v[n - 6] = '\0';
        }
    } else if (strcmp(key, "docnumber") == 0) {
        v = gw_model_text(gw_model_first(gw_model_first(root, "head"), "doc-number"));
    } else if (strcmp(key, "date") == 0) {
        v = gw_model_attr(gw_model_first(root, "date"), "value");
    } else if (strcmp(key, "recipients") == 0) {
        xmlNodePtr r = gw_model_first(root, "recipients");
        gw_buf b = {0};
        for (xmlNodePtr k = gw_model_first(r, "recipient"); k; k = gw_model_next(k, "recipient")) {
            char *t = gw_model_text(k);
            if (t && *t) {
                if (b.len)
                    gw_buf_puts(&b, "、");
                gw_buf_puts(&b, t);
            }
            free(t);
        }
        v = gw_buf_detach(&b);
    } else if (strcmp(key, "kind") == 0) {
        v = gw_xstrdup(gw_model_kind(m));
    }
    return v ? v : gw_xstrdup("");
}

void gw_export_meta(gw_model *m, gw_export_format f, gw_buf *out)
{
    static const char *const cols[] = {"key", "value"};
    static const char *const keys[] = {"title", "issuer", "docnumber", "date", "recipients", "kind"};
    S_table t = {f, cols, 2, 0, out};
    S_begin(&t);
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        char *v = gw_export_meta_value(m, keys[i]);
        const char *vals[] = {keys[i], v};
        S_row(&t, vals);
        free(v);
    }
    S_end(&t);
}

void gw_export_residue(gw_model *m, gw_export_format f, gw_buf *out)
{
    static const char *const cols[] = {"line", "col", "rule", "text"};
    S_table t = {f, cols, 4, 0, out};
    S_begin(&t);
    xmlNodePtr r = gw_model_first(gw_model_root(m), "residue");
    for (xmlNodePtr k = gw_model_first(r, "line"); k; k = gw_model_next(k, "line")) {
        char line[24], col[24];
        snprintf(line, sizeof line, "%d", gw_model_line(k));
        snprintf(col, sizeof col, "%d", gw_model_col(k));
        char *rule = gw_model_attr(k, "rule");
        char *text = gw_model_text(k);
        const char *vals[] = {line, col, rule, text};
        S_row(&t, vals);
        free(rule);
        free(text);
    }
    S_end(&t);
}
