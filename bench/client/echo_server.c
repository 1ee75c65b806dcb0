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

#define CONN_IO_NAME "w6"
#include "conn_io.h"

int main(int argc, char **argv) {
    int port = 0;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[++i] : NULL;
        if (!strcmp(o, "--port")) port = (int)opt_long(o, v, 1, 65535);
        else { fprintf(stderr, "usage: echo_server --port P\n"); return 2; }
    }
    if (port == 0) { fprintf(stderr, "w6: --port is required\n"); return 2; }
    int ep, lfd = serve_on(port, 1024, &ep);

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
