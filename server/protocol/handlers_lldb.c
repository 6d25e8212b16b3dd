/* lldb's extensions to the protocol (docs/resources/lldbgdbremote.md in llvm-project): the
 * capability switches, host and process facts, qEcho, the watchpoint count and lldb's `k`.
 * Register and thread extras live in handlers_lldb_regs.c / handlers_lldb_threads.c, memory
 * regions in handlers_lldb_mem.c. gdb never sends any of these, so answering them cannot change
 * what gdb sees; each one that only lldb sends also marks the session as lldb's. */
#include "packets.h"

#include "server.h"
#include "session.h"

#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

/* lldb picks its signal model from this answer: an OK means "native (host) signal numbers",
 * which is what s->lldb makes the stop replies and resume packets use. */
int on_thread_suffix_supported(struct session *s, const char *a, size_t n)
{
    s->lldb = true;
    s->thread_suffix = true;
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

int on_list_threads_in_stop(struct session *s, const char *a, size_t n)
{
    s->lldb = true;
    s->list_threads_in_stop = true;
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

int on_enable_error_strings(struct session *s, const char *a, size_t n)
{
    s->error_strings = true;
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

/* lldb uses qEcho to resynchronise after a timeout: the reply is the packet itself. */
int on_qecho(struct session *s, const char *a, size_t n)
{
    rsp_buf_puts(&s->reply, "qEcho");
    rsp_buf_put(&s->reply, a, n);
    return PACKET_OK;
}

static void put_triple_and_layout(struct session *s)
{
    const struct arch_ops *arch = s->srv->inf->arch ? s->srv->inf->arch : arch_native();
    rsp_buf_puts(&s->reply, "triple:");
    rsp_buf_hex_str(&s->reply, arch->lldb_triple);
    rsp_buf_printf(&s->reply, ";ptrsize:%d;endian:%s;", arch->ptr_size,
                   arch->little_endian ? "little" : "big");
}

int on_qhostinfo(struct session *s, const char *a, size_t n)
{
    s->lldb = true;
    put_triple_and_layout(s);
    rsp_buf_puts(&s->reply, "ostype:linux;vendor:pc;");
    /* x86 debug registers trap after the access: lldb must not step over the instruction; arm
     * ones before it: lldb steps over with the watchpoint lifted, as gdb does. */
    const struct arch_ops *arch = s->srv->inf->arch ? s->srv->inf->arch : arch_native();
    rsp_buf_printf(&s->reply, "watchpoint_exceptions_received:%s;",
                   arch->hw_traps_before ? "before" : "after");
    struct utsname u;
    if (uname(&u) == 0) {
        rsp_buf_puts(&s->reply, "os_build:");
        rsp_buf_hex_str(&s->reply, u.release);
        rsp_buf_puts(&s->reply, ";os_kernel:");
        rsp_buf_hex_str(&s->reply, u.version);
        rsp_buf_puts(&s->reply, ";hostname:");
        rsp_buf_hex_str(&s->reply, u.nodename);
        rsp_buf_putc(&s->reply, ';');
    }
    return PACKET_OK;
}

/* The numbers after `key` in /proc/PID/status ("PPid:" has one; "Uid:"/"Gid:" list the real id
 * then the effective one). Each is -1 when missing. */
static void proc_status_ids(pid_t pid, const char *key, long *first, long *second)
{
    char path[64], line[256];
    *first = *second = -1;
    snprintf(path, sizeof path, "/proc/%d/status", pid);
    FILE *f = fopen(path, "re");
    if (!f)
        return;
    size_t klen = strlen(key);
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, key, klen) == 0) {
            if (sscanf(line + klen, "%ld %ld", first, second) < 1)
                *first = -1;
            break;
        }
    }
    fclose(f);
}

int on_qprocessinfo(struct session *s, const char *a, size_t n)
{
    struct inferior *inf = s->srv->inf;
    if (!inf->alive)
        return -3; /* ESRCH: lldb then knows there is no process */
    rsp_buf_printf(&s->reply, "pid:%x;", inf->pid);
    long ppid, unused, uid, euid, gid, egid;
    proc_status_ids(inf->pid, "PPid:", &ppid, &unused);
    proc_status_ids(inf->pid, "Uid:", &uid, &euid);
    proc_status_ids(inf->pid, "Gid:", &gid, &egid);
    if (ppid >= 0)
        rsp_buf_printf(&s->reply, "parent-pid:%lx;", ppid);
    if (uid >= 0 && gid >= 0)
        rsp_buf_printf(&s->reply, "real-uid:%lx;real-gid:%lx;", uid, gid);
    if (euid >= 0 && egid >= 0)
        rsp_buf_printf(&s->reply, "effective-uid:%lx;effective-gid:%lx;", euid, egid);
    put_triple_and_layout(s);
    rsp_buf_puts(&s->reply, "ostype:linux;");
    return PACKET_OK;
}

int on_qwatchpoint_support_info(struct session *s, const char *a, size_t n)
{
    const struct arch_ops *arch = s->srv->inf->arch ? s->srv->inf->arch : arch_native();
    rsp_buf_printf(&s->reply, "num:%d;", arch->hw_watch_slots());
    return PACKET_OK;
}

/* gdb expects no reply to `k`; lldb waits for one and reports "failed to send k packet"
 * without it, so lldb gets the exit as an X stop reply (killed by SIGKILL, native number). */
int on_kill_any(struct session *s, const char *a, size_t n)
{
    if (!s->lldb)
        return on_kill(s, a, n);
    pid_t pid = s->srv->inf->pid;
    target_kill(s->srv->inf, &s->srv->ts);
    server_release_inferior(s->srv);
    rsp_buf_puts(&s->reply, "X09");
    if (s->multiprocess)
        rsp_buf_printf(&s->reply, ";process:%x", pid);
    return PACKET_OK;
}

void lldb_append_features(struct session *s)
{
    /* native-signals+: our signal numbers are the host's (lldb 14+ reads this), qEcho+ lets
     * lldb resynchronise, and the two Q switches save lldb a probe each. */
    rsp_buf_puts(&s->reply, ";native-signals+;qEcho+;QThreadSuffixSupported+;"
                            "QListThreadsInStopReply+");
}
