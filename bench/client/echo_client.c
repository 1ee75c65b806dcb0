/* W6 load client (WORKLOADS.md section 2): one thread, epoll, N non-blocking TCP_NODELAY connections to
 * 127.0.0.1:PORT. Each connection writes a SIZE-byte message, waits until SIZE bytes have come back
 * (checked against what it sent), records the latency from its write to the last byte read in a
 * histogram of 1 us buckets, and writes the next message at once: a closed loop, one message in flight
 * per connection. A warm-up (not recorded) precedes the timed windows; each window prints round trips
 * per second, latency percentiles and per-connection fairness, and a summary line ends the run.
 *
 *   echo_client --port P [--conns 100] [--size 64] [--warmup 3] [--windows 3] [--window-secs 10]
 *
 * With --ws PATH (H4, WEB-WORKLOADS.md) each connection is a WebSocket: it is upgraded with GET PATH before
 * any timing, each message is a masked text frame of SIZE payload bytes (a new masking key each time),
 * and the round trip ends when the unmasked echo frame (2-byte header + payload) is back.
 *
 * Exit status: 0 after the last window, 1 on any error (refused, closed, wrong echo), 2 on bad options.
 */
#include "common.h"

#include <sys/epoll.h>
#include <sys/resource.h>
#include <poll.h>
#include <unistd.h>

#define HIST_US 1000000 /* 1 us buckets up to 1 s; slower round trips land in the last one */
#define MAX_WINDOWS 20

struct conn {
    int fd;
    int got;          /* bytes of the current echo received so far */
    uint32_t seq;     /* messages sent */
    int64_t sent_ns;  /* when the current message was written */
    uint64_t window_rts;
    unsigned char *msg;
    unsigned char *out, *expect; /* what is written and what must come back (msg itself, unless --ws) */
    int out_len, expect_len;
};

static const char *ws_path; /* --ws PATH: WebSocket mode */

struct window { /* what one timed window measured */
    double secs, rts_per_s, client_cpu, server_cpu, machine_busy; /* cpu: seconds per second */
    long p50, p99, p999, max;
    uint64_t conn_min, conn_max;
};

static uint32_t hist[HIST_US];
static uint64_t hist_count;
static long hist_max_us;

static void record(int64_t ns) {
    long us = (long)(ns / 1000);
    if (us > hist_max_us) hist_max_us = us;
    hist[us < HIST_US ? us : HIST_US - 1]++;
    hist_count++;
}

/* The smallest latency (us, truncated) that at least q of the round trips did not exceed. */
static long percentile(double q) {
    uint64_t need = (uint64_t)(q * (double)hist_count + 0.999999), seen = 0;
    for (long us = 0; us < HIST_US; us++) {
        seen += hist[us];
        if (seen >= need && seen > 0) return us;
    }
    return hist_max_us;
}

/* A WebSocket frame header for a payload of len bytes (FIN + text); returns its length. */
static int ws_header(unsigned char *h, int len, int masked) {
    h[0] = 0x81;
    if (len < 126) { h[1] = (unsigned char)(masked | len); return 2; }
    h[1] = (unsigned char)(masked | 126);
    h[2] = (unsigned char)(len >> 8);
    h[3] = (unsigned char)len;
    return 4;
}

static void send_message(struct conn *c, int size, int64_t now) {
    c->seq++;
    if (ws_path) { /* text frames must be UTF-8: the sequence number in hex digits */
        for (int k = 0; k < 8; k++) c->msg[k] = "0123456789abcdef"[(c->seq >> (28 - 4 * k)) & 15];
    } else {
        memcpy(c->msg, &c->seq, sizeof c->seq); /* every message differs: a stale echo fails the check */
    }
    if (ws_path) { /* frame: header, masking key, masked payload; the echo: header, plain payload */
        int h = ws_header(c->out, size, 0x80);
        uint32_t key = c->seq * 2654435761u;
        memcpy(c->out + h, &key, 4);
        for (int i = 0; i < size; i++) c->out[h + 4 + i] = c->msg[i] ^ c->out[h + (i & 3)];
        int eh = ws_header(c->expect, size, 0);
        memcpy(c->expect + eh, c->msg, (size_t)size);
    }
    ssize_t n = write(c->fd, c->out, (size_t)c->out_len);
    if (n != c->out_len) {
        if (n >= 0) errno = 0; /* a short write: the socket buffer cannot be full with one message in flight */
        die("write of %d bytes returned %zd on fd %d", c->out_len, n, c->fd);
    }
    c->sent_ns = now;
    c->got = 0;
}

static int connect_one(int port) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    if (fd < 0) die("socket");
    set_nodelay(fd);
    struct sockaddr_in a = loopback(port);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0) {
        if (errno != EINPROGRESS) die("connect to 127.0.0.1:%d", port);
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        int err = 0;
        socklen_t len = sizeof err;
        errno = 0;
        if (poll(&p, 1, 5000) != 1) die("connect to 127.0.0.1:%d timed out", port);
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0 || err != 0) {
            errno = err;
            die("connect to 127.0.0.1:%d", port);
        }
    }
    return fd;
}

/* Upgrades a fresh connection to a WebSocket (blocking, before any timing) with RFC 6455's sample key. */
static void ws_upgrade(int fd, int port) {
    char req[512], resp[2048];
    int n = snprintf(req, sizeof req, "GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\n"
                     "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                     "Sec-WebSocket-Version: 13\r\n\r\n", ws_path, port);
    if (write(fd, req, (size_t)n) != n) die("write of the upgrade request");
    size_t got = 0;
    while (!memmem(resp, got, "\r\n\r\n", 4)) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        errno = 0;
        if (poll(&p, 1, 5000) != 1) die("no upgrade response within 5 s");
        ssize_t r = read(fd, resp + got, sizeof resp - 1 - got);
        if (r <= 0 && errno != EAGAIN) die("the server closed the connection during the upgrade");
        if (r > 0) got += (size_t)r;
        if (got == sizeof resp - 1) { errno = 0; die("upgrade response head too long"); }
    }
    resp[got] = '\0';
    errno = 0;
    if (strncmp(resp, "HTTP/1.1 101", 12) != 0 || !strstr(resp, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="))
        die("not a WebSocket upgrade response: %.80s", resp);
    if ((char *)memmem(resp, got, "\r\n\r\n", 4) + 4 != resp + got) die("bytes after the 101 response");
}

enum mode { WARM_UP, RECORD, FINISH };
static int in_flight; /* while finishing: connections still waiting for their echo */

/* Reads what the connection has; on a complete echo, records it (RECORD) and sends the next (unless
 * FINISH). */
static void on_readable(struct conn *c, int size, unsigned char *buf, enum mode mode) {
    if (c->got == c->expect_len) return; /* finished: nothing more is expected */
    ssize_t n = read(c->fd, buf, (size_t)(c->expect_len - c->got));
    if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) return;
        die("read on fd %d", c->fd);
    }
    if (n == 0) { errno = 0; die("the server closed connection fd %d", c->fd); }
    if (memcmp(buf, c->expect + c->got, (size_t)n) != 0) { errno = 0; die("wrong echo on fd %d", c->fd); }
    c->got += (int)n;
    if (c->got < c->expect_len) return;
    int64_t now = now_ns();
    if (mode == RECORD) {
        record(now - c->sent_ns);
        c->window_rts++;
    }
    if (mode == FINISH) {
        in_flight--;
        return;
    }
    send_message(c, size, now);
}

/* CPU time so far, in seconds: this client's, the server's (if its pid is known) and the machine's busy
 * and total time over all cores (/proc/stat), since the server and the client share the cores with
 * whatever else runs. */
struct cpu_sample {
    double client, server, busy, total;
};

static double proc_cpu_secs(int pid) { /* utime + stime of /proc/PID/stat */
    char path[64], line[1024];
    unsigned long long ut, st;
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    FILE *f = fopen(path, "r");
    int ok = f && fgets(line, sizeof line, f) && strrchr(line, ')')
             && sscanf(strrchr(line, ')') + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) == 2;
    if (f) fclose(f);
    return ok ? (double)(ut + st) / (double)sysconf(_SC_CLK_TCK) : 0;
}

static struct cpu_sample sample_cpu(int server_pid) {
    struct cpu_sample c = {0};
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    c.client = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    if (server_pid > 0) c.server = proc_cpu_secs(server_pid);
    unsigned long long v[8];
    FILE *f = fopen("/proc/stat", "r");
    if (f && fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
                    &v[6], &v[7]) == 8) {
        c.total = (double)(v[0] + v[1] + v[2] + v[3] + v[4] + v[5] + v[6] + v[7]);
        c.busy = c.total - (double)(v[3] + v[4]); /* minus idle and iowait */
    }
    if (f) fclose(f);
    return c;
}

static struct window close_window(struct conn *cs, int nconns, double secs, struct cpu_sample a,
                                  struct cpu_sample b, double ncpu) {
    struct window w = {.secs = secs, .rts_per_s = hist_count / secs, .client_cpu = (b.client - a.client) / secs,
                       .server_cpu = (b.server - a.server) / secs,
                       .machine_busy = b.total > a.total ? ncpu * (b.busy - a.busy) / (b.total - a.total) : 0,
                       .p50 = percentile(0.50), .p99 = percentile(0.99), .p999 = percentile(0.999),
                       .max = hist_max_us, .conn_min = UINT64_MAX, .conn_max = 0};
    for (int i = 0; i < nconns; i++) {
        if (cs[i].window_rts < w.conn_min) w.conn_min = cs[i].window_rts;
        if (cs[i].window_rts > w.conn_max) w.conn_max = cs[i].window_rts;
        cs[i].window_rts = 0;
    }
    memset(hist, 0, sizeof hist);
    hist_count = 0;
    hist_max_us = 0;
    return w;
}

static void print_window(const struct window *w, int i, int n, double ncpu) {
    printf("window %d/%d %.2f s: %.0f rt/s  p50 %ld us  p99 %ld us  p99.9 %ld us  max %ld us  "
           "per-conn rt min %llu max %llu (%.3f)  cpu: client %.0f%%",
           i, n, w->secs, w->rts_per_s, w->p50, w->p99, w->p999, w->max, (unsigned long long)w->conn_min,
           (unsigned long long)w->conn_max, w->conn_max ? (double)w->conn_min / (double)w->conn_max : 0.0,
           100 * w->client_cpu);
    if (w->server_cpu > 0) printf(" server %.0f%% (%.2f us/rt)", 100 * w->server_cpu, 1e6 * w->server_cpu / w->rts_per_s);
    printf(" machine %.0f%% of %.0f%%\n", 100 * w->machine_busy, 100 * ncpu);
    fflush(stdout);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Best (max, or min when lower_better) and median of one field over the windows. */
static void best_median(const char *name, const double *v, int n, int lower_better, int decimals, const char *unit) {
    double s[MAX_WINDOWS];
    memcpy(s, v, sizeof(double) * (size_t)n);
    qsort(s, (size_t)n, sizeof(double), cmp_double);
    double median = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    printf("  %s best %.*f%s median %.*f%s", name, decimals, lower_better ? s[0] : s[n - 1], unit, decimals, median, unit);
}

static void print_summary(const struct window *ws, int n) {
    double rts[MAX_WINDOWS], p99[MAX_WINDOWS], p999[MAX_WINDOWS], cost[MAX_WINDOWS], fair = 1.0;
    for (int i = 0; i < n; i++) {
        rts[i] = ws[i].rts_per_s;
        cost[i] = 1e6 * ws[i].server_cpu / ws[i].rts_per_s;
        p99[i] = (double)ws[i].p99;
        p999[i] = (double)ws[i].p999;
        double f = ws[i].conn_max ? (double)ws[i].conn_min / (double)ws[i].conn_max : 0;
        if (f < fair) fair = f;
    }
    printf("summary:");
    best_median("rt/s", rts, n, 0, 0, "");
    best_median("p99", p99, n, 1, 0, " us");
    best_median("p99.9", p999, n, 1, 0, " us");
    printf("  fairness (worst per-conn min/max) %.3f", fair);
    if (ws[0].server_cpu > 0) best_median("server cpu", cost, n, 1, 2, " us/rt");
    printf("\n");
}

static void usage_exit(void) {
    fprintf(stderr, "usage: echo_client --port P [--conns 100] [--size 64] [--warmup 3] [--windows 3] "
                    "[--window-secs 10] [--server-pid PID (to report its cpu)] [--ws PATH]\n");
    exit(2);
}

int main(int argc, char **argv) {
    int port = 0, nconns = 100, size = 64, warmup = 3, nwindows = 3, wsecs = 10, server_pid = 0;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[++i] : NULL;
        if (!strcmp(o, "--port")) port = (int)opt_long(o, v, 1, 65535);
        else if (!strcmp(o, "--conns")) nconns = (int)opt_long(o, v, 1, 1000);
        else if (!strcmp(o, "--size")) size = (int)opt_long(o, v, 4, 65536);
        else if (!strcmp(o, "--warmup")) warmup = (int)opt_long(o, v, 0, 60);
        else if (!strcmp(o, "--windows")) nwindows = (int)opt_long(o, v, 1, MAX_WINDOWS);
        else if (!strcmp(o, "--window-secs")) wsecs = (int)opt_long(o, v, 1, 60);
        else if (!strcmp(o, "--server-pid")) server_pid = (int)opt_long(o, v, 1, 1L << 22);
        else if (!strcmp(o, "--ws") && v && v[0] == '/' && strlen(v) < 200) ws_path = v;
        else usage_exit();
    }
    if (port == 0) usage_exit();
    if (ws_path && (size < 8 || size > 65535)) { fprintf(stderr, "w6: --ws needs --size in [8, 65535]\n"); return 2; }

    struct conn *cs = calloc((size_t)nconns, sizeof *cs);
    unsigned char *buf = malloc((size_t)size + 14);
    int ep = epoll_create1(0);
    if (!cs || !buf || ep < 0) die("set-up");
    for (int i = 0; i < nconns; i++) {
        cs[i].fd = connect_one(port);
        cs[i].msg = malloc((size_t)size);
        if (!cs[i].msg) die("malloc");
        for (int b = 0; b < size; b++) cs[i].msg[b] = (unsigned char)('a' + (i * 31 + b) % 26); /* text: ASCII */
        if (ws_path) {
            ws_upgrade(cs[i].fd, port);
            cs[i].out = malloc((size_t)size + 8);
            cs[i].expect = malloc((size_t)size + 4);
            if (!cs[i].out || !cs[i].expect) die("malloc");
            cs[i].out_len = size + (size < 126 ? 2 : 4) + 4;
            cs[i].expect_len = size + (size < 126 ? 2 : 4);
        } else {
            cs[i].out = cs[i].expect = cs[i].msg;
            cs[i].out_len = cs[i].expect_len = size;
        }
        struct epoll_event ev = {.events = EPOLLIN, .data.ptr = &cs[i]};
        if (epoll_ctl(ep, EPOLL_CTL_ADD, cs[i].fd, &ev) < 0) die("epoll_ctl");
    }
    printf("client: %d %sconnections to 127.0.0.1:%d, %d-byte messages, %d s warm-up, %d x %d s windows\n",
           nconns, ws_path ? "WebSocket " : "", port, size, warmup, nwindows, wsecs);
    fflush(stdout);

    double ncpu = (double)sysconf(_SC_NPROCESSORS_ONLN);
    int64_t start = now_ns();
    for (int i = 0; i < nconns; i++) send_message(&cs[i], size, start);
    struct window ws[MAX_WINDOWS];
    int phase = 0; /* 0: warm-up, then window 1..nwindows, then the end: no new messages */
    int64_t phase_start = start, phase_end = start + (int64_t)warmup * 1000000000;
    struct cpu_sample cpu_start = sample_cpu(server_pid);
    struct epoll_event evs[256];
    while (phase <= nwindows) {
        int n = epoll_wait(ep, evs, 256, 100);
        if (n < 0 && errno != EINTR) die("epoll_wait");
        for (int i = 0; i < n; i++) on_readable(evs[i].data.ptr, size, buf, phase > 0 ? RECORD : WARM_UP);
        int64_t now = now_ns();
        if (now < phase_end) continue;
        struct cpu_sample cpu = sample_cpu(server_pid);
        struct window w = close_window(cs, nconns, (now - phase_start) / 1e9, cpu_start, cpu, ncpu);
        if (phase > 0) { /* what the warm-up counted is dropped */
            ws[phase - 1] = w;
            print_window(&w, phase, nwindows, ncpu);
        }
        phase++;
        phase_start = now;
        phase_end = now + (int64_t)wsecs * 1000000000;
        cpu_start = cpu;
    }
    print_summary(ws, nwindows);

    /* Let the messages in flight come back before closing (up to 1 s), so that the server sees EOF,
     * not a reset from unread data. */
    in_flight = nconns;
    for (int64_t end = now_ns() + 1000000000; in_flight > 0 && now_ns() < end;) {
        int n = epoll_wait(ep, evs, 256, 100);
        for (int i = 0; i < n; i++) on_readable(evs[i].data.ptr, size, buf, FINISH);
    }
    for (int i = 0; i < nconns; i++) close(cs[i].fd);
    return 0;
}
