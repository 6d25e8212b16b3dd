/* The packet table: one row per request zstub understands. qSupported and vCont? are derived
 * from it, so what is advertised is exactly what is implemented. */
#ifndef ZSTUB_PACKETS_H
#define ZSTUB_PACKETS_H

#include <stddef.h>

#include "session.h"

struct session;

#define PACKET_OK 0
#define PACKET_DEFERRED SESSION_DEFERRED /* no reply now: the program was resumed */

typedef int (*packet_fn)(struct session *s, const char *args, size_t n);

enum packet_match { MATCH_EXACT, MATCH_PREFIX };

struct packet_handler {
    const char *name;
    enum packet_match match;
    const char *feature;  /* advertised in qSupported when non-NULL */
    unsigned disable_bit; /* options.disabled bit that turns it off, or 0 */
    packet_fn fn;
};

/* Runs the handler for packet p[0..n); unknown packets get the empty reply. */
int packets_dispatch(struct session *s, const char *p, size_t n);
/* Ctrl-C. */
void packets_interrupt(struct session *s);
/* Appends the qSupported features of every enabled row to s->reply. */
void packets_append_features(struct session *s);
/* Appends the qXfer objects we serve (handlers_xfer.c). */
void xfer_append_features(struct session *s);
/* qXfer:osdata:read's document for annex (xfer_osdata.c). */
int xfer_gen_osdata(struct rsp_buf *doc, const char *annex, size_t alen);
/* qXfer:libraries-svr4:read's object (xfer_libraries.c). */
int xfer_gen_libraries_svr4(struct session *s, struct rsp_buf *doc, const char *annex, size_t alen);
/* Closes the files the client opened with vFile:open (handlers_vfile.c). */
/* Reply helpers shared by the handler files. */
struct thread;
struct stop_report;
struct thread *session_thread_for(struct session *s, const char *args, size_t n, int which);
/* The thread a register packet is for, with all its register banks read. 0 or -errno. */
int session_thread_with_regs(struct session *s, const char *args, size_t n, struct thread **out);
void session_put_tid(struct session *s, struct rsp_buf *b, pid_t tid);
void session_build_stop(struct session *s, const struct stop_report *rep);

/* Handlers, grouped by file. */
int on_qsupported(struct session *s, const char *a, size_t n);
int on_start_noack(struct session *s, const char *a, size_t n);
int on_xfer(struct session *s, const char *a, size_t n);
int on_qrcmd(struct session *s, const char *a, size_t n);
int on_qsymbol(struct session *s, const char *a, size_t n);
int on_qgettlsaddr(struct session *s, const char *a, size_t n);
int on_vfile(struct session *s, const char *a, size_t n);
/* vFile replies: "Fresult", or "F-1,errno" (gdb's File-I/O errno) when rc < 0 (errno set). */
struct rsp_vfile;
int vfile_reply_result(struct session *s, long rc);
/* The vFile operations that name a file rather than a descriptor (handlers_vfile_path.c). */
int vfile_by_path(struct session *s, const struct rsp_vfile *v);
int on_pass_signals(struct session *s, const char *a, size_t n);
int on_program_signals(struct session *s, const char *a, size_t n);
int on_catch_syscalls(struct session *s, const char *a, size_t n);
int on_thread_events(struct session *s, const char *a, size_t n);
int on_qattached(struct session *s, const char *a, size_t n);
int on_qtstatus(struct session *s, const char *a, size_t n);
int on_qthread_extra(struct session *s, const char *a, size_t n);

int on_question(struct session *s, const char *a, size_t n);
int on_continue(struct session *s, const char *a, size_t n);
int on_continue_sig(struct session *s, const char *a, size_t n);
int on_step(struct session *s, const char *a, size_t n);
int on_step_sig(struct session *s, const char *a, size_t n);
int on_vcont_query(struct session *s, const char *a, size_t n);
int on_vcont(struct session *s, const char *a, size_t n);
int on_kill(struct session *s, const char *a, size_t n);
int on_vkill(struct session *s, const char *a, size_t n);
int on_detach(struct session *s, const char *a, size_t n);

int on_read_regs(struct session *s, const char *a, size_t n);
int on_write_regs(struct session *s, const char *a, size_t n);
int on_read_reg(struct session *s, const char *a, size_t n);
int on_write_reg(struct session *s, const char *a, size_t n);
int on_read_mem(struct session *s, const char *a, size_t n);
int on_write_mem(struct session *s, const char *a, size_t n);
int on_write_mem_bin(struct session *s, const char *a, size_t n);
int on_read_mem_bin(struct session *s, const char *a, size_t n);

int on_set_thread(struct session *s, const char *a, size_t n);
int on_thread_alive(struct session *s, const char *a, size_t n);
int on_qfthreadinfo(struct session *s, const char *a, size_t n);
int on_qsthreadinfo(struct session *s, const char *a, size_t n);
int on_qc(struct session *s, const char *a, size_t n);

int on_qhostinfo(struct session *s, const char *a, size_t n);
int on_qprocessinfo(struct session *s, const char *a, size_t n);
int on_thread_suffix_supported(struct session *s, const char *a, size_t n);
int on_list_threads_in_stop(struct session *s, const char *a, size_t n);
int on_enable_error_strings(struct session *s, const char *a, size_t n);
int on_qecho(struct session *s, const char *a, size_t n);
int on_qwatchpoint_support_info(struct session *s, const char *a, size_t n);
int on_kill_any(struct session *s, const char *a, size_t n);
/* The qSupported features only lldb is told about (handlers_lldb.c). */
void lldb_append_features(struct session *s);

int on_qregisterinfo(struct session *s, const char *a, size_t n);
int on_save_register_state(struct session *s, const char *a, size_t n);
int on_restore_register_state(struct session *s, const char *a, size_t n);

int on_jthreadsinfo(struct session *s, const char *a, size_t n);
int on_qthreadstopinfo(struct session *s, const char *a, size_t n);
/* Appends lldb's stop reply keys (name, threads, thread-pcs, reason) for rep. */
/* One JSON object per thread; with regs, PC/SP/FP too (stop_reply_lldb.c). */
void lldb_put_threads_json(struct session *s, struct rsp_buf *b, bool regs);
void lldb_append_stop_keys(struct session *s, const struct stop_report *rep);

int on_qmemoryregioninfo(struct session *s, const char *a, size_t n);
int on_alloc_memory(struct session *s, const char *a, size_t n);
int on_dealloc_memory(struct session *s, const char *a, size_t n);

int on_extended_mode(struct session *s, const char *a, size_t n);
int on_vrun(struct session *s, const char *a, size_t n);
int on_restart(struct session *s, const char *a, size_t n);
int on_vattach(struct session *s, const char *a, size_t n);
int on_env_set_hex(struct session *s, const char *a, size_t n);
int on_env_unset(struct session *s, const char *a, size_t n);
int on_env_reset(struct session *s, const char *a, size_t n);
int on_set_cwd(struct session *s, const char *a, size_t n);
int on_startup_with_shell(struct session *s, const char *a, size_t n);
int on_disable_randomization(struct session *s, const char *a, size_t n);
int on_qnonstop(struct session *s, const char *a, size_t n);
int on_vstopped(struct session *s, const char *a, size_t n);
int on_vctrlc(struct session *s, const char *a, size_t n);
/* lldb's launch settings, A and attach by name (handlers_lldb_launch.c, handlers_lldb_attach.c) */
int on_set_stdin(struct session *s, const char *a, size_t n);
int on_set_stdout(struct session *s, const char *a, size_t n);
int on_set_stderr(struct session *s, const char *a, size_t n);
int on_set_disable_aslr(struct session *s, const char *a, size_t n);
int on_set_detach_on_error(struct session *s, const char *a, size_t n);
int on_launch_arch(struct session *s, const char *a, size_t n);
int on_lldb_launch(struct session *s, const char *a, size_t n);
int on_launch_success(struct session *s, const char *a, size_t n);
int on_env_set_plain(struct session *s, const char *a, size_t n);
int on_qmoduleinfo(struct session *s, const char *a, size_t n); /* handlers_lldb_module.c */
int on_jmodulesinfo(struct session *s, const char *a, size_t n);
int on_vattach_name(struct session *s, const char *a, size_t n);
int on_vattach_wait(struct session *s, const char *a, size_t n);
int on_vattach_or_wait(struct session *s, const char *a, size_t n);
int on_vattach_or_wait_supported(struct session *s, const char *a, size_t n);
/* A Ctrl-C while vAttachWait waits: ends the wait with an error reply. True if one waited. */
bool lldb_attach_wait_cancel(struct session *s);
/* The session is going away: a wait it started must not answer it later. */
void lldb_attach_wait_forget(struct session *s);

int on_zpoint_insert(struct session *s, const char *a, size_t n);
int on_zpoint_remove(struct session *s, const char *a, size_t n);

#endif
