/* Shared helpers of the W6 load client and reference server (bench/client): errors, bounded integer
 * options, the monotonic clock, socket set-up. 127.0.0.1 only (WORKLOADS.md section 1). */
#ifndef W6_COMMON_H
#define W6_COMMON_H

#define _GNU_SOURCE /* accept4 */

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

static inline void die(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    fputs("w6: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (errno != 0) fprintf(stderr, " (%s)", strerror(errno));
    fputc('\n', stderr);
    exit(1);
}

/* One "--name VALUE" option, checked against [min, max]; exits with status 2 on a bad value. */
static inline long opt_long(const char *name, const char *value, long min, long max) {
    char *end;
    errno = 0;
    long v = value ? strtol(value, &end, 10) : 0;
    if (!value || errno != 0 || *end != '\0' || end == value || v < min || v > max) {
        fprintf(stderr, "w6: %s needs an integer in [%ld, %ld], got %s\n", name, min, max, value ? value : "nothing");
        exit(2);
    }
    return v;
}

static inline int64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static inline void set_nodelay(int fd) {
    int one = 1;
    if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0) die("setsockopt TCP_NODELAY");
}

/* 127.0.0.1:port, hard-coded: the benchmark never leaves the machine. */
static inline struct sockaddr_in loopback(int port) {
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

#endif
