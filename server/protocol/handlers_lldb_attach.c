/* lldb's attach by name: `process attach --name NAME [--waitfor]`. vAttachName attaches to
 * the process running NAME now; vAttachWait waits for a new one to start (processes already
 * running NAME when it was asked are not it); vAttachOrWait takes a running one, else waits.
 * Waiting polls /proc from the event loop, so a Ctrl-C from lldb still ends it. NAME is
 * compared with the file name of each process's executable (its command name, cut to 15
 * characters by the kernel, when the executable cannot be read). */
#include "packets.h"

#include "log.h"
#include "rsp_args.h"
#include "server.h"
#include "session.h"

#include <dirent.h>
#include <errno.h>
#include <event2/event.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define POLL_USEC 10000
#define MAX_IGNORED 256

static struct {
    struct event *timer;
    struct session *s;
    char name[NAME_MAX + 1];
    pid_t ignored[MAX_IGNORED]; /* running NAME when vAttachWait came */
    size_t nignored;
} wait_state;

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static bool runs(pid_t pid, const char *name)
{
    char path[64], exe[PATH_MAX], comm[32];
    snprintf(path, sizeof path, "/proc/%d/exe", pid);
    ssize_t len = readlink(path, exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = 0;
        /* a program replaced while running shows " (deleted)": still the same name */
        char *deleted = strstr(exe, " (deleted)");
        if (deleted && deleted[10] == 0)
            *deleted = 0;
        return strcmp(base_name(exe), name) == 0;
    }
    /* No executable to read (another user's process): the kernel's command name, which is the
     * file name cut to 15 characters. */
    snprintf(path, sizeof path, "/proc/%d/comm", pid);
    FILE *f = fopen(path, "re");
    if (!f)
        return false;
    bool got = fgets(comm, sizeof comm, f) != NULL;
    fclose(f);
    if (!got)
        return false;
    comm[strcspn(comm, "\n")] = 0;
    char cut[16];
    snprintf(cut, sizeof cut, "%.15s", name);
    return strcmp(comm, cut) == 0;
}

static bool ignored(pid_t pid)
{
    for (size_t i = 0; i < wait_state.nignored; i++)
        if (wait_state.ignored[i] == pid)
            return true;
    return false;
}

/* The newest process running name that is not ignored (0 if none); with record, every one
 * found is added to the ignored list instead. */
static pid_t find_running(const char *name, bool record)
{
    DIR *d = opendir("/proc");
    pid_t found = 0, me = getpid();
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        if (*end || pid <= 0 || pid == me || ignored((pid_t)pid) || !runs((pid_t)pid, name))
            continue;
        if (record && wait_state.nignored < MAX_IGNORED)
            wait_state.ignored[wait_state.nignored++] = (pid_t)pid;
        else if (pid > found)
            found = (pid_t)pid;
    }
    if (d)
        closedir(d);
    return found;
}

/* Attaches and builds the stop reply (or the error) in s->reply. */
static int attach_to(struct session *s, pid_t pid)
{
    struct server *srv = s->srv;
    char why[512];
    server_release_inferior(srv);
    int rc = server_attach(srv, pid, why, sizeof why);
    if (rc < 0) {
        session_error(s, rc, why);
        return PACKET_OK;
    }
    s->g_tid = srv->inf->pid;
    s->c_tid = 0;
    session_build_stop(s, &srv->last_stop);
    return PACKET_OK;
}

static void end_wait(void)
{
    if (wait_state.timer)
        evtimer_del(wait_state.timer);
    wait_state.s = NULL;
}

static void on_poll(evutil_socket_t fd, short what, void *arg)
{
    struct session *s = wait_state.s;
    if (!s)
        return;
    pid_t pid = find_running(wait_state.name, false);
    if (!pid) {
        struct timeval tv = {0, POLL_USEC};
        evtimer_add(wait_state.timer, &tv);
        return;
    }
    end_wait();
    log_info("process %d runs %s: attaching", pid, wait_state.name);
    rsp_buf_reset(&s->reply);
    attach_to(s, pid);
    session_send_reply(s);
}

static int start_wait(struct session *s)
{
    if (!wait_state.timer)
        wait_state.timer = evtimer_new(s->srv->base, on_poll, NULL);
    if (!wait_state.timer)
        return -ENOMEM;
    wait_state.s = s;
    struct timeval tv = {0, POLL_USEC};
    evtimer_add(wait_state.timer, &tv);
    return PACKET_DEFERRED;
}

void lldb_attach_wait_forget(struct session *s)
{
    if (wait_state.s == s)
        end_wait();
}

bool lldb_attach_wait_cancel(struct session *s)
{
    if (wait_state.s != s)
        return false;
    end_wait();
    rsp_buf_reset(&s->reply);
    session_error(s, -EINTR, "interrupted while waiting for the process");
    session_send_reply(s);
    return true;
}

static int name_of(struct session *s, const char *a, size_t n)
{
    char path[PATH_MAX];
    if (!rsp_parse_hex_text(a, n, path, sizeof path) || !path[0])
        return -EINVAL;
    if (s->srv->inf->alive)
        return -EBUSY;
    const char *name = base_name(path);
    if (strlen(name) >= sizeof wait_state.name)
        return -ENAMETOOLONG;
    memcpy(wait_state.name, name, strlen(name) + 1);
    return 0;
}

int on_vattach_name(struct session *s, const char *a, size_t n)
{
    int rc = name_of(s, a, n);
    if (rc < 0)
        return rc;
    wait_state.nignored = 0;
    pid_t pid = find_running(wait_state.name, false);
    if (!pid) {
        session_error(s, -ESRCH, "no process runs that program");
        return PACKET_OK;
    }
    return attach_to(s, pid);
}

int on_vattach_wait(struct session *s, const char *a, size_t n)
{
    int rc = name_of(s, a, n);
    if (rc < 0)
        return rc;
    wait_state.nignored = 0;
    find_running(wait_state.name, true);
    return start_wait(s);
}

int on_vattach_or_wait(struct session *s, const char *a, size_t n)
{
    int rc = name_of(s, a, n);
    if (rc < 0)
        return rc;
    wait_state.nignored = 0;
    pid_t pid = find_running(wait_state.name, false);
    return pid ? attach_to(s, pid) : start_wait(s);
}

int on_vattach_or_wait_supported(struct session *s, const char *a, size_t n)
{
    rsp_buf_puts(&s->reply, "OK");
    return PACKET_OK;
}
