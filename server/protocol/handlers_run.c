/* Extended-remote: starting programs and attaching from the client (vRun, R, vAttach) and the
 * settings of the next run (QEnvironment*, QSetWorkingDir, QStartupWithShell,
 * QDisableRandomization). The stub keeps serving when a program ends (server.extended). */
#include "packets.h"

#include "log.h"
#include "rsp_args.h"
#include "server.h"
#include "session.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#define RUN_MAX_ARGS 256

/* An error with its reason: "E.reason" for gdb (which takes it as an error), "Exx;hex" for lldb
 * when it asked for error strings. The reason goes to the stub's stderr too, as gdbserver's. */
static int fail_with(struct session *s, int err, const char *why)
{
    fprintf(stderr, "zstub: %s\n", why);
    if (s->lldb) {
        session_error(s, err, why);
        return PACKET_OK;
    }
    rsp_buf_reset(&s->reply);
    rsp_buf_printf(&s->reply, "E.%s", why);
    return PACKET_OK;
}

/* The stop reply that answers vRun and vAttach; it also makes the new process's first thread the
 * current one (gdb assumes vRun set it). */
static int reply_started(struct session *s)
{
    struct server *srv = s->srv;
    s->g_tid = srv->inf->pid;
    s->c_tid = 0;
    for (size_t i = 0; i < srv->inf->nthreads; i++) {
        srv->inf->threads[i]->unannounced = false; /* the client lists them all, stopped */
        if (srv->ts.non_stop)
            srv->inf->threads[i]->held = true; /* reported stopped here: the client's to resume */
    }
    session_build_stop(s, &srv->last_stop);
    return PACKET_OK;
}

int on_extended_mode(struct session *s, const char *a, size_t n)
{
    s->srv->extended = true;
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

/* vRun;PROG[;ARG]...: hex fields; an empty PROG runs the previous program. */
int on_vrun(struct session *s, const char *a, size_t n)
{
    struct server *srv = s->srv;
    const char *items[RUN_MAX_ARGS + 2];
    int k =
        rsp_parse_hex_list(a, n, s->scratch_text, sizeof s->scratch_text, items, RUN_MAX_ARGS + 1);
    if (k < 1)
        return fail_with(s, EINVAL, "malformed vRun (hex-encoded fields separated by ';')");
    items[k] = NULL;
    int rc =
        run_config_set_args(&srv->run, items[0][0] ? items[0] : NULL, (char *const *)&items[1]);
    if (rc == -ENOENT)
        return fail_with(s, ENOENT, "no program to run: give one (set remote exec-file)");
    if (rc < 0)
        return rc;
    /* Other processes stay (gdb kills the old one itself before `run`, and a second inferior's
     * `run` must not end the first one's). */
    char why[512];
    rc = server_run(srv, why, sizeof why);
    if (rc < 0)
        return fail_with(s, -rc, why);
    return reply_started(s);
}

/* R: run the same program again. gdb sends no further packet and expects no reply. */
int on_restart(struct session *s, const char *a, size_t n)
{
    struct server *srv = s->srv;
    if (!srv->extended)
        return PACKET_DEFERRED;
    if (srv->inf != &srv->none)
        server_end_process(srv, srv->inf); /* R: the same program again, from the start */
    char why[512];
    if (server_run(srv, why, sizeof why) < 0)
        fprintf(stderr, "zstub: %s\n", why);
    return PACKET_DEFERRED;
}

/* vAttach;PID (hex). */
int on_vattach(struct session *s, const char *a, size_t n)
{
    struct server *srv = s->srv;
    uint64_t pid;
    if (!rsp_parse_hex_all(a, n, &pid) || pid == 0 || pid > INT32_MAX)
        return fail_with(s, EINVAL, "malformed vAttach (vAttach;PID, PID in hex)");
    if (server_find_process(srv, (pid_t)pid)) {
        char why[128];
        snprintf(why, sizeof why, "already debugging process %d", (int)pid);
        return fail_with(s, EBUSY, why);
    }
    char why[512];
    int rc = server_attach(srv, (pid_t)pid, why, sizeof why);
    if (rc < 0)
        return fail_with(s, -rc, why);
    if (srv->ts.non_stop) {
        /* Non-stop, as gdbserver: OK at once. The threads, stopped, count as running for gdb
         * until it stops them (vCont;t), each then reported with signal 0: a stop reply here
         * reads to gdb as the attach's failure. */
        for (size_t i = 0; i < srv->inf->nthreads; i++) {
            srv->inf->threads[i]->unannounced = true;
            srv->inf->threads[i]->held = false;
        }
        s->g_tid = srv->inf->pid;
        s->c_tid = 0;
        rsp_buf_puts(&s->reply, "OK");
        return PACKET_OK;
    }
    /* Like gdbserver: the attach stop is reported as a trap, which gdb takes quietly. lldb
     * gets the SIGSTOP, as from lldb-server (a SIGTRAP there looks like a crash: lldb -b
     * stops running commands). */
    if (!s->lldb)
        srv->last_stop.ev = (struct stop_event){.kind = STOP_TRAP, .sig = SIGTRAP};
    return reply_started(s);
}

/* The hex-encoded argument of a Q packet as text in s->scratch_text. */
static const char *hex_arg(struct session *s, const char *a, size_t n)
{
    return rsp_parse_hex_text(a, n, s->scratch_text, sizeof s->scratch_text) ? s->scratch_text
                                                                             : NULL;
}

static int reply_rc(struct session *s, int rc)
{
    if (rc < 0)
        return rc;
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}

int on_env_set_hex(struct session *s, const char *a, size_t n)
{
    const char *kv = hex_arg(s, a, n);
    return reply_rc(s, kv ? run_config_env_set(&s->srv->run, kv) : -EINVAL);
}

int on_env_unset(struct session *s, const char *a, size_t n)
{
    const char *var = hex_arg(s, a, n);
    return reply_rc(s, var && *var ? run_config_env_unset(&s->srv->run, var) : -EINVAL);
}

int on_env_reset(struct session *s, const char *a, size_t n)
{
    return reply_rc(s, run_config_env_reset(&s->srv->run));
}

int on_set_cwd(struct session *s, const char *a, size_t n)
{
    const char *dir = hex_arg(s, a, n);
    return reply_rc(s, dir ? run_config_set_cwd(&s->srv->run, dir) : -EINVAL);
}

/* QStartupWithShell:0|1 and QDisableRandomization:0|1. */
static int flag_arg(const char *a, size_t n)
{
    return n == 1 && (a[0] == '0' || a[0] == '1') ? a[0] - '0' : -1;
}

int on_startup_with_shell(struct session *s, const char *a, size_t n)
{
    int v = flag_arg(a, n);
    if (v >= 0)
        s->srv->run.shell = v;
    return reply_rc(s, v < 0 ? -EINVAL : 0);
}

int on_disable_randomization(struct session *s, const char *a, size_t n)
{
    int v = flag_arg(a, n);
    if (v >= 0)
        s->srv->run.keep_aslr = !v;
    return reply_rc(s, v < 0 ? -EINVAL : 0);
}
