/* unit_model.h — helpers for unit tests that read models (model.h). */
#ifndef GW_UNIT_MODEL_H
#define GW_UNIT_MODEL_H

#include <stdlib.h>
#include <string.h>

#include "model.h"

/* The text of the <reply> field named name (caller frees), or NULL. */
static inline char *unit_reply_field(gw_model *m, const char *name)
{
    xmlNodePtr reply = gw_model_first(gw_model_root(m), "reply");
    for (xmlNodePtr f = gw_model_first(reply, "field"); f; f = gw_model_next(f, "field")) {
        char *n = gw_model_attr(f, "name");
        int hit = n && strcmp(n, name) == 0;
        free(n);
        if (hit)
            return gw_model_text(f);
    }
    return NULL;
}

#endif
