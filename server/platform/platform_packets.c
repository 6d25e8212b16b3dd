/* The platform session's packet table. A platform connection debugs nothing itself: it answers
 * lldb's questions about the machine and starts a debug server per debug session. The host I/O
 * (vFile), qHostInfo, qEcho and no-ack mode are the same handlers as a debug session's. */
#include "platform.h"

#include "log.h"
#include "packets.h"
#include "session.h"

#include <string.h>

static int on_platform_qsupported(struct session *s, const char *a, size_t n)
{
    rsp_buf_printf(&s->reply, "PacketSize=%x;QStartNoAckMode+;qEcho+", SESSION_PACKET_SIZE);
    return PACKET_OK;
}

/* First match wins: longer names come before shorter names they start with. */
static const struct {
    const char *name;
    enum packet_match match;
    packet_fn fn;
} rows[] = {
    {"qSupported", MATCH_PREFIX, on_platform_qsupported},
    {"QStartNoAckMode", MATCH_EXACT, on_start_noack},
    {"qHostInfo", MATCH_EXACT, on_qhostinfo},
    {"qEcho", MATCH_PREFIX, on_qecho},
    {"QEnableErrorStrings", MATCH_EXACT, on_enable_error_strings},
    {"qGetWorkingDir", MATCH_EXACT, on_get_working_dir},
    {"QSetWorkingDir:", MATCH_PREFIX, on_set_working_dir},
    {"qLaunchGDBServer;", MATCH_PREFIX, on_launch_gdbserver},
    {"qQueryGDBServer", MATCH_EXACT, on_query_gdbserver},
    {"qKillSpawnedProcess:", MATCH_PREFIX, on_kill_spawned},
    {"qProcessInfoPID:", MATCH_PREFIX, on_process_info_pid},
    {"qfProcessInfo", MATCH_PREFIX, on_first_process_info},
    {"qsProcessInfo", MATCH_EXACT, on_next_process_info},
    {"qUserName:", MATCH_PREFIX, on_user_name},
    {"qGroupName:", MATCH_PREFIX, on_group_name},
    {"qPlatform_shell:", MATCH_PREFIX, on_platform_shell},
    {"qPlatform_mkdir:", MATCH_PREFIX, on_platform_mkdir},
    {"qPlatform_chmod:", MATCH_PREFIX, on_platform_chmod},
    {"vFile:", MATCH_PREFIX, on_vfile},
    {"qModuleInfo:", MATCH_PREFIX, on_qmoduleinfo},
    {"jModulesInfo:", MATCH_PREFIX, on_jmodulesinfo},
};

int platform_dispatch(struct session *s, const char *p, size_t n)
{
    platform_reap_spawned(false); /* debug servers whose client left have exited */
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        size_t len = strlen(rows[i].name);
        if (n < len || memcmp(p, rows[i].name, len) != 0)
            continue;
        if (rows[i].match == MATCH_EXACT && n != len)
            continue;
        return rows[i].fn(s, p + len, n - len);
    }
    log_debug("platform: unsupported packet: %.*s", (int)(n > 40 ? 40 : n), p);
    return PACKET_OK; /* the empty reply */
}
