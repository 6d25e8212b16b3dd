/* os_objects: owns one of each thing `info os` lists, then stops at @ready: a second thread, a
 * descriptor open on the file argv[1], a TCP socket listening on 127.0.0.1, and a private System V
 * shared-memory region, semaphore set and message queue (removed again at exit; a test that
 * kills it removes them by the ids printed). */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <unistd.h>

static int shmid = -1, semid = -1, msqid = -1;
static pthread_mutex_t hold = PTHREAD_MUTEX_INITIALIZER;

static void remove_ipc(void)
{
    if (shmid >= 0)
        shmctl(shmid, IPC_RMID, NULL);
    if (semid >= 0)
        semctl(semid, 0, IPC_RMID);
    if (msqid >= 0)
        msgctl(msqid, IPC_RMID, NULL);
}

static void *waiter(void *arg)
{
    pthread_mutex_lock(&hold);
    pthread_mutex_unlock(&hold);
    return arg;
}

int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    atexit(remove_ipc);
    shmid = shmget(IPC_PRIVATE, 8192, IPC_CREAT | 0600);
    semid = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
    msqid = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    printf("ipc shm=%d sem=%d msg=%d\n", shmid, semid, msqid);
    int fd = open(argc > 1 ? argv[1] : "/dev/null", O_RDONLY);
    int sock = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof addr;
    if (fd < 0 || shmid < 0 || semid < 0 || msqid < 0 || sock < 0 ||
        bind(sock, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(sock, 1) < 0 ||
        getsockname(sock, (struct sockaddr *)&addr, &len) < 0)
        return 1;
    int port = ntohs(addr.sin_port);
    pthread_t t;
    pthread_mutex_lock(&hold);
    pthread_create(&t, NULL, waiter, NULL);
    printf("fd=%d port=%d\n", fd, port); /* @ready */
    pthread_mutex_unlock(&hold);
    pthread_join(t, NULL);
    return 0;
}
