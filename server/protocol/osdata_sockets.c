/* `info os sockets`: the internet-domain sockets of the stub's network namespace, from the
 * kernel's tables /proc/net/{tcp,udp}{,6}: one per family and protocol, a row per socket. */
#include "osdata.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *path, *family, *protocol;
    int af;
} tables[] = {
    {"/proc/net/tcp", "INET", "STREAM", AF_INET},
    {"/proc/net/udp", "INET", "DGRAM", AF_INET},
    {"/proc/net/tcp6", "INET6", "STREAM", AF_INET6},
    {"/proc/net/udp6", "INET6", "DGRAM", AF_INET6},
};

/* The kernel's socket states (a UDP socket is CLOSE, or ESTABLISHED once connected). */
static const char *const states[] = {
    NULL,        "ESTABLISHED", "SYN_SENT",   "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
    "TIME_WAIT", "CLOSE",       "CLOSE_WAIT", "LAST_ACK", "LISTEN",    "CLOSING",
};

/* "HEX:PORT": the address is the kernel's 32-bit words, each printed as a number in this
 * machine's byte order, so each word read back as a number is the stored word again. */
static bool parse_endpoint(const char *text, int af, char *addr, size_t cap, unsigned *port)
{
    const char *colon = strchr(text, ':');
    size_t words = af == AF_INET ? 1 : 4;
    if (!colon || (size_t)(colon - text) != 8 * words)
        return false;
    uint32_t raw[4];
    for (size_t i = 0; i < words; i++) {
        char word[9];
        memcpy(word, text + 8 * i, 8);
        word[8] = '\0';
        raw[i] = (uint32_t)strtoul(word, NULL, 16);
    }
    *port = (unsigned)strtoul(colon + 1, NULL, 16);
    return inet_ntop(af, raw, addr, (socklen_t)cap) != NULL;
}

static void put_table(struct rsp_buf *doc, size_t t)
{
    FILE *f = fopen(tables[t].path, "re");
    if (!f)
        return; /* no IPv6 in this kernel */
    char line[512];
    if (!fgets(line, sizeof line, f)) { /* the heading */
        fclose(f);
        return;
    }
    while (fgets(line, sizeof line, f)) {
        char local[96], remote[96], user[64];
        char local_addr[INET6_ADDRSTRLEN], remote_addr[INET6_ADDRSTRLEN];
        unsigned state, uid, local_port, remote_port;
        /* sl local remote st tx_queue:rx_queue tr:tm->when retrnsmt uid ... */
        if (sscanf(line, " %*s %95s %95s %x %*s %*s %*s %u", local, remote, &state, &uid) != 4 ||
            !parse_endpoint(local, tables[t].af, local_addr, sizeof local_addr, &local_port) ||
            !parse_endpoint(remote, tables[t].af, remote_addr, sizeof remote_addr, &remote_port))
            continue;
        osdata_user_name(uid, user, sizeof user);
        const char *name = state < sizeof states / sizeof states[0] ? states[state] : NULL;
        char unknown[16];
        if (!name) {
            snprintf(unknown, sizeof unknown, "%u", state);
            name = unknown;
        }
        osdata_item_begin(doc);
        osdata_column(doc, "local address", local_addr);
        osdata_column_long(doc, "local port", local_port);
        osdata_column(doc, "remote address", remote_addr);
        osdata_column_long(doc, "remote port", remote_port);
        osdata_column(doc, "state", name);
        osdata_column(doc, "user", user);
        osdata_column(doc, "family", tables[t].family);
        osdata_column(doc, "protocol", tables[t].protocol);
        osdata_item_end(doc);
    }
    fclose(f);
}

int osdata_gen_sockets(struct rsp_buf *doc)
{
    osdata_begin(doc, "I sockets");
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++)
        put_table(doc, t);
    osdata_end(doc);
    return 0;
}
