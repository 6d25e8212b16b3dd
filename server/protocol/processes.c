/* The process table: every process the stub debugs (several with extended-remote, a fork child
 * the client keeps), and which one the client works on (server.inf). When there is none,
 * server.inf points at a blank inferior of the host's architecture, so that what needs no
 * process (target.xml) still has one to ask. */
#include "server.h"

#include "log.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void init_blank(struct server *srv, struct inferior *inf, const struct arch_ops *arch)
{
    memset(inf, 0, sizeof *inf);
    inf->arch = arch;
    inf->memfd = -1;
    inf->agent_out_fd = srv->tr.is_stdio ? 2 : 1;
    inf->ool.enabled = !srv->opt.no_displaced_stepping;
    /* Tests only: step through the arch's decoder where the kernel could step too. */
    const char *soft = getenv("ZSTUB_SOFT_STEP");
    inf->soft_forced = soft && strcmp(soft, "1") == 0;
}

void server_processes_init(struct server *srv)
{
    init_blank(srv, &srv->none, arch_native());
    srv->inf = &srv->none;
    srv->nprocs = 0;
}

struct inferior *server_new_process(struct server *srv, const struct arch_ops *arch)
{
    struct inferior *inf = malloc(sizeof *inf);
    if (inf)
        init_blank(srv, inf, arch);
    return inf;
}

/* Frees an inferior that is not (or no longer) in the table; the process itself is gone or
 * detached already. */
void server_free_process(struct inferior *inf)
{
    if (!inf)
        return;
    threads_clear(inf);
    swbreak_remove_all(inf, true);
    hwpoint_clear_all(inf);
    ool_forget(inf);
    free(inf->sites);
    free(inf->hw);
    if (inf->memfd >= 0)
        close(inf->memfd);
    free(inf);
}

int server_add_process(struct server *srv, struct inferior *inf)
{
    if (srv->nprocs == SERVER_MAX_PROCS)
        return -1;
    srv->procs[srv->nprocs++] = inf;
    return 0;
}

struct inferior *server_find_process(struct server *srv, pid_t pid)
{
    for (size_t i = 0; i < srv->nprocs; i++)
        if (srv->procs[i]->pid == pid)
            return srv->procs[i];
    return NULL;
}

struct inferior *server_process_of_thread(struct server *srv, pid_t tid)
{
    if (srv->inf->alive && thread_find(srv->inf, tid))
        return srv->inf;
    for (size_t i = 0; i < srv->nprocs; i++)
        if (srv->procs[i]->pid == tid || thread_find(srv->procs[i], tid))
            return srv->procs[i];
    return NULL;
}

void server_drop_process(struct server *srv, struct inferior *inf)
{
    for (size_t i = 0; i < srv->nprocs; i++) {
        if (srv->procs[i] != inf)
            continue;
        memmove(&srv->procs[i], &srv->procs[i + 1], (srv->nprocs - i - 1) * sizeof *srv->procs);
        srv->nprocs--;
        break;
    }
    if (srv->inf == inf) /* the client works on another one now, or none */
        srv->inf = srv->nprocs ? srv->procs[srv->nprocs - 1] : &srv->none;
    server_free_process(inf);
}

void server_select_process(struct server *srv, struct inferior *inf)
{
    if (inf)
        srv->inf = inf;
}

/* A thread list names no leader that exited before its threads (non-stop: gdb must learn that
 * its current thread is gone, not read the registers of a zombie). */
void server_forget_exited_leaders(struct server *srv)
{
    for (size_t p = 0; p < srv->nprocs; p++)
        if (srv->procs[p]->alive)
            target_forget_zombie_leader(srv->procs[p]);
}
