/* Reference W6 echo server (WORKLOADS.md section 2): one thread, level-triggered epoll, the same
 * contract as a peer's server (section 3): listens on 127.0.0.1:PORT with SO_REUSEADDR and a backlog
 * of 1024, TCP_NODELAY on accepted sockets, prints READY once listening, echoes every connection until
 * EOF, exits 0 on SIGTERM. It gives the ceiling that the load client and the machine allow.
 *
 *   echo_server --port P
 *
 * A connection reads only while nothing of its echo is left unsent: what a write does not take is
 * kept and flushed on EPOLLOUT first (never happens with one small message in flight per connection).
 */
#include "common.h"

#include <signal.h>
#include <sys/epoll.h>
#include <unistd.h>

#define BUF_SIZE 65536

struct conn {
    int fd;
    unsigned char *pending; /* unsent echo, or NULL */
    size_t off, len;
};

static volatile sig_atomic_t terminated;

static void on_sigterm(int sig) {
    (void)sig;
    terminated = 1;
}

#define CONN_IO_NAME "w6"
#include "conn_io.h"

/* Writes data[0..len) to the connection; keeps what the socket does not take. 0 on a broken connection. */
/* Flushes the pending echo; once empty, reads again. 0 on a broken connection. */
int main(int argc, char **argv) {
    int port = 0;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[++i] : NULL;
        if (!strcmp(o, "--port")) port = (int)opt_long(o, v, 1, 65535);
        else { fprintf(stderr, "usage: echo_server --port P\n"); return 2; }
    }
    if (port == 0) { fprintf(stderr, "w6: --port is required\n"); return 2; }
    struct sigaction sa = {.sa_handler = on_sigterm};
    sigaction(SIGTERM, &sa, NULL); /* no SA_RESTART: epoll_wait returns EINTR */
    signal(SIGPIPE, SIG_IGN);

    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
    struct sockaddr_in a = loopback(port);
    if (lfd < 0 || setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0) die("listening socket");
    if (bind(lfd, (struct sockaddr *)&a, sizeof a) < 0 || listen(lfd, 1024) < 0) die("bind/listen 127.0.0.1:%d", port);
    int ep = epoll_create1(0);
    struct epoll_event lev = {.events = EPOLLIN, .data.ptr = NULL}; /* NULL marks the listening socket */
    if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &lev) < 0) die("epoll");
    printf("READY\n");
    fflush(stdout);

    static unsigned char buf[BUF_SIZE];
    struct epoll_event evs[256];
    unsigned long conns = 0;
    while (!terminated) {
        int n = epoll_wait(ep, evs, 256, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            die("epoll_wait");
        }
        for (int i = 0; i < n; i++) {
            struct conn *c = evs[i].data.ptr;
            if (c == NULL) { conns += accept_all(ep, lfd); continue; }
            if (c->pending) {
                if (!flush(ep, c)) drop(ep, c);
                continue;
            }
            ssize_t r = read(c->fd, buf, sizeof buf);
            if (r > 0) {
                if (!send_all(ep, c, buf, (size_t)r)) drop(ep, c);
            } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
                drop(ep, c); /* EOF or error: the connection is done */
            }
        }
    }
    fprintf(stderr, "w6 reference server: stopped by SIGTERM after %lu connections\n", conns);
    return 0;
}
