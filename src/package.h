/*
 * package.h — stage 5: writing the DOCX (OPC zip) package.
 *
 * A gw_package collects parts in the order they are added and produces the
 * zip bytes deterministically:
 *   - entries in the order added ([Content_Types].xml must be added first);
 *   - every entry time fixed at 1980-01-01 00:00 (DOS epoch);
 *   - new parts deflated at one fixed level, as they are added; a long
 *     part may be written in pieces (gw_partw) and deflated on several
 *     threads, with the same bytes whatever the number of threads;
 *   - parts copied from a template zip keep their compressed bytes as they
 *     are (no recompression).
 * The same parts in the same order always give byte-identical output.
 *
 * Ownership: gw_package_new returns an object freed with gw_package_free.
 * gw_package_add deflates data at once (the caller keeps data).
 * gw_package_add_part consumes the gw_partw it is given.  gw_package_copy keeps a reference to the
 * template archive (gw_zipin), which must outlive the package.
 */
#ifndef GW_PACKAGE_H
#define GW_PACKAGE_H

#include <stddef.h>

#include "util.h"

/* A read-only zip archive in memory (a loaded template).  Opaque. */
typedef struct gw_zipin gw_zipin;

/* Opens a zip from a file / from memory (bytes are copied).  Returns NULL with
 * an error diagnostic naming the file if it is not a readable zip. */
gw_zipin *gw_zipin_open(const char *path, gw_diags *d);
gw_zipin *gw_zipin_open_memory(const char *name, const void *bytes, size_t len, gw_diags *d);
void gw_zipin_free(gw_zipin *z); /* NULL-safe */
size_t gw_zipin_count(const gw_zipin *z);
const char *gw_zipin_name(const gw_zipin *z, size_t i);
/* Index of the entry called name, or -1. */
long gw_zipin_find(const gw_zipin *z, const char *name);
/* Reads entry i uncompressed into out (appended).  Returns 0, or -1 with an
 * error diagnostic. */
int gw_zipin_read(const gw_zipin *z, size_t i, gw_buf *out, gw_diags *d);

typedef struct gw_package gw_package;

gw_package *gw_package_new(void);
void gw_package_free(gw_package *p); /* NULL-safe */
/* Adds a part with the given bytes (copied), to be deflated. */
void gw_package_add(gw_package *p, const char *name, const void *data, size_t len);
/* A part written in pieces: its bytes are deflated as they arrive, so the
 * part never exists whole in memory (a summary's 60 MB document.xml is
 * held as its ~2 MB of deflated blocks).  threads > 1 deflates the blocks
 * on that many helper threads while the caller goes on writing; the bytes
 * are the same for any number of threads and any sizes of writes.
 * A part of at most 256 KiB gives the same bytes as gw_package_add. */
typedef struct gw_partw gw_partw;
gw_partw *gw_partw_new(int threads);
void gw_partw_write(gw_partw *w, const void *data, size_t len);
void gw_partw_puts(gw_partw *w, const char *s);
/* Discards an unfinished part (NULL-safe). */
void gw_partw_free(gw_partw *w);
/* Finishes w and adds it as part name; w is freed. */
void gw_package_add_part(gw_package *p, const char *name, gw_partw *w);
/* Adds entry i of z under its own name, copying its compressed bytes as they
 * are. */
void gw_package_copy(gw_package *p, const gw_zipin *z, size_t i);
/* Builds the zip and appends its bytes to out.  Returns 0, or -1 with an
 * error diagnostic. */
int gw_package_finish(gw_package *p, gw_buf *out, gw_diags *d);

#endif
