/*
 * source.h — stage 1: reading a draft.
 *
 * A draft is a .txt or .md file in UTF-8 (with or without BOM), GB18030/GBK
 * (as Windows Notepad or WPS save it) or UTF-16 with a BOM, with LF, CRLF or
 * CR line endings.  gw_source_load decodes it to UTF-8 and splits it into
 * logical lines, each carrying its position in the original file, so every
 * later stage can report file:line:col.
 *
 * Plain text: one gw_line per physical line (blank lines included, kind
 * GW_LINE_BLANK).
 *
 * Markdown (format GW_FMT_MARKDOWN, chosen by the .md/.markdown extension
 * when GW_FMT_AUTO): the text goes through cmark.  Each paragraph, heading,
 * list item paragraph, code line and block-quote paragraph yields lines:
 *   - a soft line break inside a paragraph starts a new gw_line whose flags
 *     include GW_LINE_F_CONT (it continues the previous paragraph);
 *   - headings get kind GW_LINE_HEADING and level 1..6;
 *   - an ordered list item's first line gets its marker back as text
 *     ("3." or "3)"), so "1. 完善机制" reads the same as in plain text;
 *     bullet items get kind GW_LINE_ITEM without a marker;
 *   - inline markup is removed; strong/emphasis ranges are kept as spans so
 *     the renderer can make them bold.  Emphasis that cmark leaves
 *     unrecognised because CJK punctuation sits next to the delimiter
 *     (**《制度》**是…) is recognised here too;
 *   - a blank GW_LINE_BLANK line separates blocks.
 * Pipe-table rows ("| a | b |") stay one line per row in both formats.
 *
 * Ownership: gw_source_load returns a new object the caller frees with
 * gw_source_free.  Lines and their text belong to the source and stay valid
 * until it is freed.
 */
#ifndef GW_SOURCE_H
#define GW_SOURCE_H

#include <stddef.h>

#include "util.h"

typedef enum gw_format { GW_FMT_AUTO, GW_FMT_TEXT, GW_FMT_MARKDOWN, GW_FMT_MAX } gw_format;

typedef enum gw_line_kind {
    GW_LINE_TEXT,    /* ordinary text line / paragraph line */
    GW_LINE_BLANK,   /* empty or whitespace-only line */
    GW_LINE_HEADING, /* Markdown heading; level set */
    GW_LINE_ITEM,    /* first line of a Markdown list item */
    GW_LINE_KIND_MAX
} gw_line_kind;

enum {
    GW_LINE_F_CONT = 1 << 0,  /* Markdown: continues the previous line's paragraph */
    GW_LINE_F_CODE = 1 << 1,  /* Markdown: inside a code block */
    GW_LINE_F_QUOTE = 1 << 2  /* Markdown: inside a block quote */
};

/* A byte range of gw_line.text rendered bold (Markdown strong/emphasis). */
typedef struct gw_span {
    size_t off;
    size_t len;
} gw_span;

typedef struct gw_line {
    const char *text;     /* UTF-8, NUL-terminated, no line terminator */
    size_t len;           /* bytes */
    int line;             /* 1-based line number in the original file */
    int col;              /* 1-based column (characters) of text[0] in that line */
    gw_line_kind kind;
    int level;            /* heading level (1..6) for GW_LINE_HEADING, else 0 */
    unsigned flags;       /* GW_LINE_F_* */
    const gw_span *bold;  /* nbold spans, sorted, non-overlapping */
    size_t nbold;
} gw_line;

typedef struct gw_source gw_source;

/* Reads and decodes path ("-" = standard input, format taken from fmt or,
 * for GW_FMT_AUTO, as plain text).  On failure returns NULL and appends an
 * error diagnostic; for bytes that decode in none of the supported encodings
 * the diagnostic names the file:line:col of the first bad byte (as counted
 * in the UTF-8 reading of the file). */
gw_source *gw_source_load(const char *path, gw_format fmt, gw_diags *d);

/* Same, from memory.  name is used in diagnostics and as the source name;
 * bytes are copied. */
gw_source *gw_source_from_memory(const char *name, const char *bytes, size_t len,
                                 gw_format fmt, gw_diags *d);

void gw_source_free(gw_source *s); /* NULL-safe */

/* Decodes bytes exactly as gw_source_from_memory does (encoding detection,
 * CRLF/CR to LF, NUL to U+FFFD, the same diagnostics) without splitting
 * lines: out receives the UTF-8 text (NUL-terminated; it must be empty).
 * Returns the encoding name, or NULL after an error diagnostic. */
const char *gw_source_decode(const char *name, const char *bytes, size_t len, gw_buf *out,
                             gw_diags *d);

const char *gw_source_name(const gw_source *s);
/* "UTF-8", "UTF-8 (BOM)", "GB18030", "UTF-16LE", "UTF-16BE" */
const char *gw_source_encoding(const gw_source *s);
gw_format gw_source_format(const gw_source *s);
/* The whole decoded text, UTF-8 with LF line endings (Markdown: the decoded
 * Markdown source, not the rendered text). */
const char *gw_source_text(const gw_source *s, size_t *len);

size_t gw_source_nlines(const gw_source *s);
const gw_line *gw_source_line(const gw_source *s, size_t i);

/* Guesses the format from a file name's extension. */
gw_format gw_format_from_name(const char *path);
/* 1 when name has a draft's extension: .txt, .md or .markdown (any case). */
int gw_is_draft_name(const char *name);

#endif
