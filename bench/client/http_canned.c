/* Reference HTTP server for H1/H2 (WEB-WORKLOADS.md): one thread, level-triggered epoll, no HTTP parsing
 * beyond counting "\r\n\r\n" (so request bodies are not supported). Every request head found gets the same
 * canned keep-alive response, written in one write per read; what a write does not take is kept and
 * flushed on EPOLLOUT first. It shows the ceiling that the load tool and the kernel allow.
 *
 *   http_canned --port P [--json]
 *
 * Without --json the body is "Hello, World!" (text/plain, as GET /); with it {"message":"Hello, World!"}
 * (application/json, as GET /json). The Date header is fixed: the reference does no work per request.
 * Listens on 127.0.0.1:P (SO_REUSEADDR, backlog 4096), TCP_NODELAY, prints READY, exits 0 on SIGTERM.
 */
#include "common.h"

#include <signal.h>
#include <sys/epoll.h>
#include <unistd.h>

#define BUF_SIZE 65536
#define OUT_MAX (1 << 20)

static const char PLAIN[] =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n"
    "Date: Sun, 06 Dec 2026 00:00:00 GMT\r\n\r\nHello, World!";
static const char JSON[] =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 27\r\n"
    "Date: Sun, 06 Dec 2026 00:00:00 GMT\r\n\r\n{\"message\":\"Hello, World!\"}";

struct conn {
    int fd;
    int matched;            /* how many bytes of "\r\n\r\n" the previous read ended with */
    unsigned char *pending; /* unsent responses, or NULL */
    size_t off, len;
};

static const char *resp;
static size_t resp_len;

#define CONN_IO_NAME "http_canned"
#include "conn_io.h"

/* Counts the request heads that end in data[0..len), carrying a partial "\r\n\r\n" across reads. */
static size_t count_heads(struct conn *c, const unsigned char *data, size_t len) {
    static const char END[] = "\r\n\r\n";
    size_t heads = 0;
    int m = c->matched;
    for (size_t i = 0; i < len; i++) {
        if (data[i] == (unsigned char)END[m]) {
            if (++m == 4) { heads++; m = 0; }
        } else {
            m = data[i] == '\r' ? 1 : 0;
        }
    }
    c->matched = m;
    return heads;
}

int main(int argc, char **argv) {
    int port = 0;
    resp = PLAIN;
    resp_len = sizeof PLAIN - 1;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i];
        if (!strcmp(o, "--json")) { resp = JSON; resp_len = sizeof JSON - 1; continue; }
        const char *v = i + 1 < argc ? argv[++i] : NULL;
        if (!strcmp(o, "--port")) port = (int)opt_long(o, v, 1, 65535);
        else { fprintf(stderr, "usage: http_canned --port P [--json]\n"); return 2; }
    }
    if (port == 0) { fprintf(stderr, "http_canned: --port is required\n"); return 2; }
    int ep, lfd = serve_on(port, 4096, &ep);

    static unsigned char buf[BUF_SIZE];
    static unsigned char out[OUT_MAX];
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
                size_t heads = count_heads(c, buf, (size_t)r), len = 0;
                for (size_t h = 0; h < heads && len + resp_len <= OUT_MAX; h++, len += resp_len) {
                    memcpy(out + len, resp, resp_len);
                }
                if (len > 0 && !send_all(ep, c, out, len)) drop(ep, c);
            } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
                drop(ep, c); /* EOF or error: the connection is done */
            }
        }
    }
    fprintf(stderr, "http_canned: stopped by SIGTERM after %lu connections\n", conns);
    return 0;
}
