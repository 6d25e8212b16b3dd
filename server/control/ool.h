/* Out-of-line step over a breakpoint: the instruction under the trap runs as a copy in a slot of
 * a scratch page the stub maps into the program (or is emulated), so the trap never leaves the
 * text and the other threads need not be stopped. The arch plans each instruction
 * (arch_ops.ool_plan); what it cannot relocate is stepped in place as before, and counted. */
#ifndef ZSTUB_OOL_H
#define ZSTUB_OOL_H

#include "target.h"

/* Moves stopped thread t, sitting on an inserted breakpoint site, past it without lifting the
 * trap. Returns 0 when t now sits at the site's copy (resume it as usual: it runs the copy and
 * jumps back), 1 when the instruction was emulated (t is past it, as after a single step), or
 * -errno when it must be stepped in place: -ENOTSUP (off, or the instruction cannot be
 * relocated), -EAGAIN (a scratch page is needed and may_map is false: mapping one runs a system
 * call in t, which is only safe while every other thread is stopped). */
int ool_step_over(struct inferior *inf, struct target_state *ts, struct thread *t, bool may_map);

/* Detach: every stopped thread's PC back in the text, then the pages unmapped. */
void ool_release(struct inferior *inf, struct target_state *ts);

/* ool_scratch.c: a slot within reach of the site for its copy (RIP-relative operands stay
 * reachable), written and recorded; maps a page when none fits and may_map. 0 or -errno
 * (-ERANGE: the instruction cannot be relocated near enough; -ENOSPC: no slot for it, ever;
 * -EAGAIN: a page is needed and may_map is false; -EBUSY: mapping one failed this time). */
int ool_scratch_assign(struct inferior *inf, struct target_state *ts, struct thread *t,
                       struct sw_site *s, const uint8_t *insn, size_t n, bool may_map);

#endif
