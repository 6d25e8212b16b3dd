/* The debug points: software breakpoint sites (swbreak.c), hardware breakpoints and watchpoints
 * (hwpoints.c), the client's view of memory with the traps hidden (client_memory.c), and the
 * target-side conditions and commands attached to them (conditions.h). They sit on the process
 * model (inferior.h) and its raw memory access; run control (control/) drives them. */
#ifndef ZSTUB_POINTS_H
#define ZSTUB_POINTS_H

#include "inferior.h"

/* Software breakpoints (swbreak.c). Return 0 or -errno. */
int swbreak_insert(struct inferior *inf, uint64_t addr, size_t kind);
int swbreak_remove(struct inferior *inf, uint64_t addr);
/* A software single-step's temporary trap for thread tid (shared with a client site there),
 * and lifting all of that thread's. */
int swbreak_insert_step(struct inferior *inf, uint64_t addr, size_t kind, pid_t tid);
void swbreak_remove_step(struct inferior *inf, pid_t tid);
/* A site whose trap is already in inf's memory (a fork child's copy of its parent's). */
int swbreak_adopt_copy(struct inferior *inf, const struct sw_site *from);
struct sw_site *swbreak_find(struct inferior *inf, uint64_t addr);
/* Take every trap out of memory (detach, kill); with `forget` the table is emptied too. */
void swbreak_remove_all(struct inferior *inf, bool forget);
/* After an exec: the sites are dropped, their saved bytes never written (a new image). */
void swbreak_forget_all(struct inferior *inf);
/* Write the saved bytes into another process's copy of memory (a forked child). */
void swbreak_scrub_child(struct inferior *inf, pid_t child);
/* Put all traps back (after a vfork child is gone). */
void swbreak_reinsert_all(struct inferior *inf);
int swbreak_lift(struct inferior *inf, struct sw_site *s);  /* temporarily out of memory */
int swbreak_relay(struct inferior *inf, struct sw_site *s); /* back in */

/* Hardware points (hwpoints.c): intent table + lazy per-thread programming. */
int hwpoint_insert(struct inferior *inf, enum hw_kind kind, uint64_t addr, uint64_t len);
int hwpoint_remove(struct inferior *inf, enum hw_kind kind, uint64_t addr, uint64_t len);
/* Bring thread t's debug registers up to date (called right before it resumes). */
int hwpoint_sync_thread(struct inferior *inf, struct thread *t);
/* Decode a hardware trap of thread t into ev (STOP_HWBREAK / STOP_WATCH); false if none fired. */
bool hwpoint_decode_hit(struct inferior *inf, struct thread *t, struct stop_event *ev,
                        bool *single_step);
void hwpoint_clear_all(struct inferior *inf); /* empty table, every thread's registers cleared */
int hwpoint_free_slots(struct inferior *inf);
/* The client wrote [addr, addr+len): re-read the bytes of read watchpoints it touched, so the
 * new value is not later taken for a write by the program. */
void hwpoint_note_client_write(struct inferior *inf, uint64_t addr, uint64_t len);
struct hw_entry *hwpoint_find(struct inferior *inf, enum hw_kind kind, uint64_t addr, uint64_t len);
/* Arches whose hardware traps come before the instruction (hw_traps_before): whether a hardware
 * breakpoint sits at pc, and lifting every point of thread t for one step over it (the thread's
 * registers are written back from the plan afterwards). */
bool hwpoint_exec_at(struct inferior *inf, uint64_t pc);
struct hw_entry *hwpoint_find_exec(struct inferior *inf, uint64_t pc);
void hwpoint_lift_for_step(struct inferior *inf, struct thread *t);
void hwpoint_put_back(struct inferior *inf, struct thread *t);

/* client_memory.c: the client's view of memory: reads hide our traps, writes keep them. */
/* Reads up to len bytes; returns the number read (may be short at an unmapped page), or -errno
 * when nothing could be read. */
long mem_read(struct inferior *inf, uint64_t addr, void *buf, size_t len);
/* Writes all bytes or fails with -errno. */
int mem_write(struct inferior *inf, uint64_t addr, const void *buf, size_t len);
#endif
