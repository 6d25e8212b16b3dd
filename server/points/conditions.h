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
/* The same for a Z request's commands (";cmds:"), where printf is allowed. */
int cmds_from_request(struct cond_set *out, const struct rsp_zpoint *z, const char **why);
/* True if the thread must stop: no conditions, any condition true, or an evaluation error. */
bool conds_say_stop(struct inferior *inf, struct thread *t, const struct cond_set *c);
/* A hit at a location with these conditions and commands: true when it is not to be reported,
 * because a condition is false, or because it holds and the commands ran here instead (gdb's
 * dprintf-style agent: print and go on, no round trip). */
bool conds_hit_is_silent(struct inferior *inf, struct thread *t, const struct cond_set *conds,
                         const struct cond_set *cmds);

#endif
