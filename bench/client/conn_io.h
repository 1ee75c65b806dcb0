/* The connection helpers the C reference servers share (echo_server, http_canned, ws_echo_server): a
 * connection with an unsent tail, epoll interest changes, write-what-the-socket-takes, flush, accept.
 * Include after defining `struct conn` with at least `int fd; unsigned char *pending; size_t off, len;`
 * and `CONN_IO_NAME` (the program's name, for error messages). */
#ifndef CONN_IO_H
#define CONN_IO_H

#include "common.h"

#include <signal.h>

/* Set by SIGTERM: the server's loop ends and it reports. */
static volatile sig_atomic_t terminated;

static void on_sigterm(int sig) {
    (void)sig;
    terminated = 1;
}

/* The reference servers' start: SIGTERM ends the loop (no SA_RESTART, so epoll_wait returns EINTR),
 * SIGPIPE is ignored, a non-blocking listening socket on 127.0.0.1:port (SO_REUSEADDR) joins a new epoll
 * set as its NULL entry, and READY is printed. Sets *ep; returns the listening socket. */
static inline int serve_on(int port, int backlog, int *ep) {
    struct sigaction sa = {.sa_handler = on_sigterm};
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
    struct sockaddr_in a = loopback(port);
    if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0) die("listening socket");
    if (bind(lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(lfd, backlog) < 0) die("bind/listen 127.0.0.1:%d", port);
    *ep = epoll_create1(0);
    struct epoll_event lev = {.events = EPOLLIN, .data.ptr = NULL}; /* NULL marks the listening socket */
    if (*ep < 0 || epoll_ctl(*ep, EPOLL_CTL_ADD, lfd, &lev) < 0) die("epoll");
    printf("READY\n");
    fflush(stdout);
    return lfd;
}

static inline void set_events(int ep, struct conn *c, uint32_t events) {
    struct epoll_event ev = {.events = events, .data.ptr = c};
    if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) < 0) die("epoll_ctl MOD");
}

static inline void drop(int ep, struct conn *c) {
    epoll_ctl(ep, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    free(c->pending);
    free(c);
}

/* Writes data[0..len) to the connection; keeps what the socket does not take. 0 on a broken connection. */
static inline int send_all(int ep, struct conn *c, const unsigned char *data, size_t len) {
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(c->fd, data + done, len - done);
        if (n > 0) { done += (size_t)n; continue; }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) break;
        return 0;
    }
    if (done == len) return 1;
    c->pending = malloc(len - done);
    if (!c->pending) die("malloc");
    memcpy(c->pending, data + done, len - done);
    c->off = 0;
    c->len = len - done;
    set_events(ep, c, EPOLLOUT);
    return 1;
}

/* Flushes the pending echo; once empty, reads again. 0 on a broken connection. */
static inline int flush(int ep, struct conn *c) {
    while (c->off < c->len) {
        ssize_t n = write(c->fd, c->pending + c->off, c->len - c->off);
        if (n > 0) { c->off += (size_t)n; continue; }
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) return 1;
        return 0;
    }
    free(c->pending);
    c->pending = NULL;
    set_events(ep, c, EPOLLIN);
    return 1;
}

static inline unsigned long accept_all(int ep, int lfd) {
    unsigned long accepted = 0;
    for (;;) {
        int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
        if (fd < 0) {
            if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED) perror(CONN_IO_NAME ": accept");
            return accepted;
        }
        set_nodelay(fd);
        struct conn *c = calloc(1, sizeof *c);
        if (!c) die("calloc");
        c->fd = fd;
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl ADD");
        accepted++;
    }
}

#endif
