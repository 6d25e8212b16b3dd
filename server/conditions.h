/* Target-side breakpoint conditions (agent expressions). */
#ifndef ZSTUB_CONDITIONS_H
#define ZSTUB_CONDITIONS_H

#include <stdbool.h>

#include "inferior.h"
#include "rsp_parse.h"

/* Replaces *out with the validated conditions of a Z request; on a bad bytecode returns -EINVAL
 * with *why set, leaving *out untouched. */
int conds_from_request(struct cond_set *out, const struct rsp_zpoint *z, const char **why);
void conds_free(struct cond_set *c);
/* True if the thread must stop: no conditions, any condition true, or an evaluation error. */
bool conds_say_stop(struct inferior *inf, struct thread *t, const struct cond_set *c);

#endif
