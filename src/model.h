/*
 * model.h — stage 3: the XML model of one draft.
 *
 * The model is a libxml2 document in the namespace GW_NS, valid against the
 * RelaxNG schema schema/gongwen.rng (compiled into the binary).  Extraction
 * builds it with the gw_model_add* functions; rendering and the exports read
 * it; users can write it out (gongwen parse), edit it by hand and render it
 * again (gongwen render MODEL.xml).
 *
 * Text boundary: every string entering the model goes through
 * gw_model_sanitize(), which drops characters XML 1.0 forbids (C0 controls
 * other than TAB/LF/CR, U+FFFE, U+FFFF) and replaces invalid UTF-8 with
 * U+FFFD.  libxml2 escapes & < > itself.
 *
 * Ownership: gw_model_new/gw_model_load return a model the caller frees with
 * gw_model_free.  Nodes returned by the add functions belong to the model.
 * Strings returned by gw_model_text/gw_model_attr are newly allocated and the
 * caller frees them with free().
 */
#ifndef GW_MODEL_H
#define GW_MODEL_H

#include <libxml/tree.h>

#include "util.h"

#define GW_NS "urn:gongwen:model:1"

typedef struct gw_model gw_model;

/* Points libxml2's allocations at util.h's per-thread small-block cache
 * (gw_small_malloc …), with gongwen's out-of-memory policy.  Called once by
 * the program before anything uses libxml2; without it libxml2 uses plain
 * malloc, with the same results. */
void gw_model_setup(void);

/* A new, empty model: <document kind="kind"> with an empty <body>.
 * source (may be NULL) is recorded as the source attribute. */
gw_model *gw_model_new(const char *kind, const char *source);

/* Parses an XML model file.  Returns NULL with an error diagnostic
 * (file:line:col from libxml2) when it is not well-formed, not in the gongwen
 * namespace, or not valid against the schema. */
gw_model *gw_model_load(const char *path, gw_diags *d);
gw_model *gw_model_load_memory(const char *name, const char *xml, size_t len, gw_diags *d);

void gw_model_free(gw_model *m); /* NULL-safe */

/* Validates against the built-in schema.  Returns 0 when valid, else -1 with
 * one error diagnostic per schema violation (file is name). */
int gw_model_validate(gw_model *m, const char *name, gw_diags *d);

/* Serialises the model (UTF-8, indented, stable bytes) and appends it to out. */
void gw_model_write(const gw_model *m, gw_buf *out);

xmlDocPtr gw_model_doc(gw_model *m);
xmlNodePtr gw_model_root(gw_model *m);
const char *gw_model_kind(gw_model *m);
void gw_model_set_kind(gw_model *m, const char *kind);

/* Returns the first child element of parent named name (in GW_NS), creating
 * it when create is non-zero and it does not exist.  Children are created in
 * schema order (document children are inserted where the schema puts them). */
xmlNodePtr gw_model_child(gw_model *m, xmlNodePtr parent, const char *name, int create);

/* Appends a new element with sanitised text (text may be NULL) and, when
 * line > 0, line/col attributes.  For children of <document> the element is
 * inserted in schema order. */
xmlNodePtr gw_model_add(gw_model *m, xmlNodePtr parent, const char *name, const char *text,
                        int line, int col);
/* Appends sanitised text to an element. */
void gw_model_add_text(xmlNodePtr node, const char *text, size_t len);
/* Sets an attribute to a sanitised value. */
void gw_model_set_attr(xmlNodePtr node, const char *name, const char *value);
void gw_model_set_int(xmlNodePtr node, const char *name, long value);

/* Reading helpers (all NULL-safe). */
int gw_model_is(xmlNodePtr node, const char *name); /* element named name in GW_NS */
xmlNodePtr gw_model_first(xmlNodePtr parent, const char *name); /* first child named name */
xmlNodePtr gw_model_next(xmlNodePtr node, const char *name);    /* next sibling named name */
char *gw_model_text(xmlNodePtr node);                /* text content, or NULL */
char *gw_model_attr(xmlNodePtr node, const char *name); /* attribute, or NULL */
int gw_model_line(xmlNodePtr node);                  /* line attribute, 0 if none */
int gw_model_col(xmlNodePtr node);

/* Returns a sanitised copy of s[0..n): see the text boundary above. */
char *gw_model_sanitize(const char *s, size_t n);
/* What an element added with text s reads back as (gw_model_text): s
 * sanitised, without a leading or trailing white-space run that holds a line
 * break.  NULL when that is s itself, else a new string (free()).  For text
 * that bypasses the model on its way into a document (gw_rowsrc). */
char *gw_model_text_as_added(const char *s);

/* The built-in schema text (NUL-terminated). */
const char *gw_model_schema(void);

#endif
