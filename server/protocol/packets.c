#include "packets.h"

#include "log.h"
#include "options.h"
#include "rsp_parse.h"
#include "server.h"
#include "session.h"

#include <string.h>

/* First match wins: longer names come before shorter names they start with. */
static const struct packet_handler handlers[] = {
    /* name                 match         qSupported feature        disable bit      handler */
    {"qSupported", MATCH_PREFIX, NULL, 0, on_qsupported},
    {"QStartNoAckMode", MATCH_EXACT, "QStartNoAckMode+", 0, on_start_noack},
    {"qXfer:", MATCH_PREFIX, NULL, 0, on_xfer}, /* features listed by on_qsupported */
    {"qRcmd,", MATCH_PREFIX, NULL, 0, on_qrcmd},
    {"qSymbol", MATCH_PREFIX, NULL, 0, on_qsymbol},
    {"qGetTLSAddr", MATCH_PREFIX, NULL, 0, on_qgettlsaddr},
    {"QPassSignals:", MATCH_PREFIX, "QPassSignals+", 0, on_pass_signals},
    {"QProgramSignals:", MATCH_PREFIX, "QProgramSignals+", 0, on_program_signals},
    {"QCatchSyscalls:", MATCH_PREFIX, "QCatchSyscalls+", 0, on_catch_syscalls},
    {"QThreadEvents:", MATCH_PREFIX, "QThreadEvents+", 0, on_thread_events},
    {"qAttached", MATCH_PREFIX, NULL, 0, on_qattached},
    {"qTStatus", MATCH_EXACT, NULL, 0, on_qtstatus},
    {"qThreadExtraInfo,", MATCH_PREFIX, NULL, 0, on_qthread_extra},
    /* lldb's extensions (handlers_lldb*.c); their qSupported features are listed there. */
    {"qHostInfo", MATCH_EXACT, NULL, 0, on_qhostinfo},
    {"qProcessInfo", MATCH_EXACT, NULL, 0, on_qprocessinfo},
    {"QThreadSuffixSupported", MATCH_EXACT, NULL, 0, on_thread_suffix_supported},
    {"QListThreadsInStopReply", MATCH_EXACT, NULL, 0, on_list_threads_in_stop},
    {"QEnableErrorStrings", MATCH_EXACT, NULL, 0, on_enable_error_strings},
    {"qEcho", MATCH_PREFIX, NULL, 0, on_qecho},
    {"qWatchpointSupportInfo", MATCH_PREFIX, NULL, 0, on_qwatchpoint_support_info},
    {"qRegisterInfo", MATCH_PREFIX, NULL, 0, on_qregisterinfo},
    {"QSaveRegisterState", MATCH_PREFIX, NULL, 0, on_save_register_state},
    {"QRestoreRegisterState", MATCH_PREFIX, NULL, 0, on_restore_register_state},
    {"jThreadsInfo", MATCH_EXACT, NULL, 0, on_jthreadsinfo},
    {"qThreadStopInfo", MATCH_PREFIX, NULL, 0, on_qthreadstopinfo},
    {"qMemoryRegionInfo", MATCH_PREFIX, NULL, 0, on_qmemoryregioninfo},
    {"_M", MATCH_PREFIX, NULL, 0, on_alloc_memory},
    {"QSetSTDIN:", MATCH_PREFIX, NULL, 0, on_set_stdin},
    {"QSetSTDOUT:", MATCH_PREFIX, NULL, 0, on_set_stdout},
    {"QSetSTDERR:", MATCH_PREFIX, NULL, 0, on_set_stderr},
    {"QSetDisableASLR:", MATCH_PREFIX, NULL, 0, on_set_disable_aslr},
    {"QSetDetachOnError:", MATCH_PREFIX, NULL, 0, on_set_detach_on_error},
    {"QLaunchArch:", MATCH_PREFIX, NULL, 0, on_launch_arch},
    {"qLaunchSuccess", MATCH_EXACT, NULL, 0, on_launch_success},
    {"qModuleInfo:", MATCH_PREFIX, NULL, 0, on_qmoduleinfo},
    {"jModulesInfo:", MATCH_PREFIX, NULL, 0, on_jmodulesinfo},
    {"qVAttachOrWaitSupported", MATCH_EXACT, NULL, 0, on_vattach_or_wait_supported},
    {"vAttachName;", MATCH_PREFIX, NULL, 0, on_vattach_name},
    {"vAttachWait;", MATCH_PREFIX, NULL, 0, on_vattach_wait},
    {"vAttachOrWait;", MATCH_PREFIX, NULL, 0, on_vattach_or_wait},
    {"_m", MATCH_PREFIX, NULL, 0, on_dealloc_memory},
    {"qfThreadInfo", MATCH_EXACT, NULL, DISABLE_QFTHREADINFO, on_qfthreadinfo},
    {"qsThreadInfo", MATCH_EXACT, NULL, DISABLE_QFTHREADINFO, on_qsthreadinfo},
    {"qC", MATCH_EXACT, NULL, DISABLE_QC, on_qc},
    {"vCont?", MATCH_EXACT, NULL, DISABLE_VCONT, on_vcont_query},
    {"vCont;", MATCH_PREFIX, "vContSupported+", DISABLE_VCONT, on_vcont},
    {"vKill", MATCH_PREFIX, NULL, 0, on_vkill},
    {"vRun;", MATCH_PREFIX, NULL, 0, on_vrun},
    {"QNonStop:", MATCH_PREFIX, "QNonStop+", 0, on_qnonstop},
    {"vStopped", MATCH_EXACT, NULL, 0, on_vstopped},
    {"vCtrlC", MATCH_EXACT, NULL, 0, on_vctrlc},
    {"vAttach;", MATCH_PREFIX, NULL, 0, on_vattach},
    {"!", MATCH_EXACT, NULL, 0, on_extended_mode},
    {"R", MATCH_PREFIX, NULL, 0, on_restart},
    {"QEnvironmentHexEncoded:", MATCH_PREFIX, "QEnvironmentHexEncoded+", 0, on_env_set_hex},
    {"QEnvironmentUnset:", MATCH_PREFIX, "QEnvironmentUnset+", 0, on_env_unset},
    {"QEnvironmentReset", MATCH_EXACT, "QEnvironmentReset+", 0, on_env_reset},
    {"QEnvironment:", MATCH_PREFIX, NULL, 0, on_env_set_plain}, /* lldb's */
    {"QSetWorkingDir:", MATCH_PREFIX, "QSetWorkingDir+", 0, on_set_cwd},
    {"QStartupWithShell:", MATCH_PREFIX, "QStartupWithShell+", 0, on_startup_with_shell},
    {"QDisableRandomization:", MATCH_PREFIX, "QDisableRandomization+", 0, on_disable_randomization},
    {"vFile:", MATCH_PREFIX, NULL, 0, on_vfile},
    {"?", MATCH_EXACT, NULL, 0, on_question},
    {"A", MATCH_PREFIX, NULL, 0, on_lldb_launch},
    {"c", MATCH_PREFIX, NULL, 0, on_continue},
    {"C", MATCH_PREFIX, NULL, 0, on_continue_sig},
    {"s", MATCH_PREFIX, NULL, 0, on_step},
    {"S", MATCH_PREFIX, NULL, 0, on_step_sig},
    {"k", MATCH_EXACT, NULL, 0, on_kill_any}, /* gdb: no reply; lldb: an X reply */
    {"D", MATCH_PREFIX, NULL, 0, on_detach},
    {"g", MATCH_PREFIX, NULL, 0, on_read_regs},
    {"G", MATCH_PREFIX, NULL, 0, on_write_regs},
    {"p", MATCH_PREFIX, NULL, 0, on_read_reg},
    {"P", MATCH_PREFIX, NULL, 0, on_write_reg},
    {"m", MATCH_PREFIX, NULL, 0, on_read_mem},
    {"M", MATCH_PREFIX, NULL, 0, on_write_mem},
    {"X", MATCH_PREFIX, NULL, 0, on_write_mem_bin},
    {"x", MATCH_PREFIX, NULL, 0, on_read_mem_bin},
    {"H", MATCH_PREFIX, NULL, 0, on_set_thread},
    {"T", MATCH_PREFIX, NULL, 0, on_thread_alive},
    {"Z", MATCH_PREFIX, "swbreak+;hwbreak+;ConditionalBreakpoints+;BreakpointCommands+", 0,
     on_zpoint_insert},
    {"z", MATCH_PREFIX, NULL, 0, on_zpoint_remove},
};

static bool row_enabled(const struct session *s, const struct packet_handler *h)
{
    return !(h->disable_bit & s->srv->opt.disabled);
}

int packets_dispatch(struct session *s, const char *p, size_t n)
{
    for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++) {
        const struct packet_handler *h = &handlers[i];
        size_t len = strlen(h->name);
        if (n < len || memcmp(p, h->name, len) != 0)
            continue;
        if (h->match == MATCH_EXACT && n != len)
            continue;
        if (!row_enabled(s, h))
            return PACKET_OK; /* empty reply: as if unsupported */
        return h->fn(s, p + len, n - len);
    }
    log_debug("unsupported packet: %.*s", (int)(n > 40 ? 40 : n), p);
    return PACKET_OK; /* the empty reply */
}

void packets_append_features(struct session *s)
{
    for (size_t i = 0; i < sizeof handlers / sizeof handlers[0]; i++) {
        if (handlers[i].feature && row_enabled(s, &handlers[i])) {
            rsp_buf_putc(&s->reply, ';');
            rsp_buf_puts(&s->reply, handlers[i].feature);
        }
    }
}

void packets_interrupt(struct session *s)
{
    struct stop_report rep;
    if (lldb_attach_wait_cancel(s))
        return;
    /* lldb interrupts only what it believes runs: a Ctrl-C that crossed our stop reply on the
     * wire is stale, and kept for the next resume it would stop that one at once (lldb takes
     * the SIGINT for a real stop; lldb-server drops it too). */
    if (s->lldb && !s->srv->ts.resumed)
        return;
    if (target_interrupt(s->srv->inf, &s->srv->ts, &rep) == 1)
        server_report_stop(s->srv, &rep);
    else
        server_watch_stop_all(s->srv);
}
