/* rsp_parse: requests parsed into typed values. Each parser takes the payload of one packet
 * (without '$' and '#cs', after the packet letter(s) where stated), never reads past `n`, and
 * returns false on malformed input. Pure code: no I/O, no globals, no allocation. */
#ifndef ZSTUB_RSP_PARSE_H
#define ZSTUB_RSP_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A thread id as gdb writes it: "TID", "pPID.TID", "-1" (all), "0" (any). */
struct rsp_tid {
    int64_t pid; /* 0 when no "p" form was used; -1 all, 0 any */
    int64_t tid; /* -1 all, 0 any */
};
/* Parses a thread id at p[0..n); *used receives the chars consumed. */
bool rsp_parse_tid(const char *p, size_t n, struct rsp_tid *out, size_t *used);

/* Z/z packets. Payload after the 'Z' or 'z': "TYPE,ADDR,KIND[;X len,bytes]...[;cmds:P,X..]" */
#define RSP_ZPOINT_MAX_CONDS 8
struct rsp_bytes {
    const char *hex; /* hex text inside the packet */
    size_t len;      /* number of bytes it encodes (hex text is 2*len chars) */
};
struct rsp_zpoint {
    int type; /* 0 sw break, 1 hw break, 2 write, 3 read, 4 access watchpoint */
    uint64_t addr;
    uint64_t kind; /* breakpoint kind (length of the trap) or watched length */
    size_t nconds;
    struct rsp_bytes conds[RSP_ZPOINT_MAX_CONDS]; /* agent expressions, each a condition */
    bool cmds_persist;
    size_t ncmds;
    struct rsp_bytes cmds[RSP_ZPOINT_MAX_CONDS]; /* agent expressions of target commands */
};
bool rsp_parse_zpoint(const char *p, size_t n, struct rsp_zpoint *out);

/* vCont actions. Payload after "vCont": ";ACTION[:TID];ACTION[:TID]..." where ACTION is
 * c, Cxx, s, Sxx, t, or rSTART,END. An action without a thread id is the default action. */
struct rsp_vcont_action {
    char kind;      /* 'c', 's', 't' or 'r' (C and S give 'c'/'s' with sig != 0) */
    int sig;        /* signal to deliver (gdb numbering), 0 for none */
    uint64_t start; /* range for 'r' */
    uint64_t end;
    bool has_tid;
    struct rsp_tid tid;
};
/* Fills at most cap actions; false if malformed or more than cap actions. */
bool rsp_parse_vcont(const char *p, size_t n, struct rsp_vcont_action *acts, size_t cap,
                     size_t *count);

/* "ADDR,LEN" (m, x) and "ADDR,LEN:" (M, X: *data_off is the offset of the data after ':'). */
bool rsp_parse_addr_len(const char *p, size_t n, uint64_t *addr, uint64_t *len);
bool rsp_parse_addr_len_data(const char *p, size_t n, uint64_t *addr, uint64_t *len,
                             size_t *data_off);

/* qXfer: payload after "qXfer:": "OBJECT:read:ANNEX:OFFSET,LENGTH". Strings point into p. */
struct rsp_xfer {
    const char *object;
    size_t object_len;
    const char *annex;
    size_t annex_len;
    uint64_t offset;
    uint64_t length;
};
bool rsp_parse_xfer_read(const char *p, size_t n, struct rsp_xfer *out);
/* "OBJECT:write:ANNEX:OFFSET:DATA": *data_off is where the (still escaped) data starts; the
 * annex ends at its first ':' since the data may hold any byte. length is left 0. */
bool rsp_parse_xfer_write(const char *p, size_t n, struct rsp_xfer *out, size_t *data_off);

/* qXfer:libraries-svr4:read's annex: "lmid=ADDR;start=ADDR;prev=ADDR" (hex, any order, each
 * optional, unknown keys ignored as gdb expects; an empty annex asks for the whole list). A key
 * of ours with a value that is not a hex number is malformed. Absent values are 0. */
struct rsp_svr4_annex {
    uint64_t lmid, start, prev;
};
bool rsp_parse_svr4_annex(const char *p, size_t n, struct rsp_svr4_annex *out);

/* Field iteration: splits p[0..n) at `sep`. Returns false when no field is left.
 * Usage: const char *f; size_t fl; size_t pos = 0; while (rsp_next_field(p, n, ';', &pos, &f, &fl))
 */
bool rsp_next_field(const char *p, size_t n, char sep, size_t *pos, const char **field,
                    size_t *field_len);

/* True if p[0..n) starts with the NUL-terminated prefix. */
bool rsp_has_prefix(const char *p, size_t n, const char *prefix);

#endif
