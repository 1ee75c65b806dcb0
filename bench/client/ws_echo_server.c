/* Reference H4 WebSocket echo server (WEB-WORKLOADS.md): one thread, level-triggered epoll, the smallest
 * RFC 6455 server that does the work every WebSocket server must do: the opening handshake (SHA-1 and
 * base64 of the key), then per frame: parse the header, unmask the payload, write the echo frame
 * (text as text, binary as binary; pings answered, a close echoed then the connection closed). No
 * fragmentation, extensions or UTF-8 checks: the baseline a real server is measured against.
 *
 *   ws_echo_server --port P      prints READY once listening on 127.0.0.1:P; stops on SIGTERM
 */
#include "common.h"

#include <signal.h>
#include <sys/epoll.h>
#include <unistd.h>

#define IN_SIZE (65536 + 16)

struct conn {
    int fd, open; /* open: the handshake is done */
    unsigned char *pending;
    size_t off, len;
    size_t inlen;
    unsigned char in[IN_SIZE];
};


/* ---- SHA-1 (FIPS 180-4) and base64, for Sec-WebSocket-Accept ---- */
static uint32_t rol(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

static void sha1(const unsigned char *msg, size_t len, unsigned char out[20]) {
    uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
    size_t total = ((len + 8) / 64 + 1) * 64;
    unsigned char *m = calloc(1, total);
    if (!m) die("calloc");
    memcpy(m, msg, len);
    m[len] = 0x80;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++) m[total - 1 - i] = (unsigned char)(bits >> (8 * i));
    for (size_t blk = 0; blk < total; blk += 64) {
        uint32_t w[80];
        for (int i = 0; i < 16; i++)
            w[i] = (uint32_t)m[blk + 4 * i] << 24 | (uint32_t)m[blk + 4 * i + 1] << 16 | (uint32_t)m[blk + 4 * i + 2] << 8 | m[blk + 4 * i + 3];
        for (int i = 16; i < 80; i++) w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
        for (int i = 0; i < 80; i++) {
            uint32_t f, k;
            if (i < 20) { f = (b & c) | (~b & d); k = 0x5A827999; }
            else if (i < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1; }
            else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDC; }
            else { f = b ^ c ^ d; k = 0xCA62C1D6; }
            uint32_t t = rol(a, 5) + f + e + k + w[i];
            e = d; d = c; c = rol(b, 30); b = a; a = t;
        }
        h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
    }
    free(m);
    for (int i = 0; i < 5; i++) for (int j = 0; j < 4; j++) out[4 * i + j] = (unsigned char)(h[i] >> (24 - 8 * j));
}

static void base64(const unsigned char *in, size_t len, char *out) {
    static const char t[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (i + 1 < len ? (uint32_t)in[i + 1] << 8 : 0) | (i + 2 < len ? in[i + 2] : 0);
        out[o++] = t[(v >> 18) & 63];
        out[o++] = t[(v >> 12) & 63];
        out[o++] = i + 1 < len ? t[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < len ? t[v & 63] : '=';
    }
    out[o] = '\0';
}

/* ---- connections (as echo_server.c) ---- */
#define CONN_IO_NAME "ws_echo_server"
#include "conn_io.h"

/* The 101 response for a complete request head in c->in; 0 if it is not a WebSocket upgrade. */
static size_t handshake(struct conn *c, size_t head_len, unsigned char *out) {
    c->in[head_len - 1] = '\0';
    const char *p = strcasestr((char *)c->in, "\r\nSec-WebSocket-Key:");
    if (!p) return 0;
    p += strlen("\r\nSec-WebSocket-Key:");
    while (*p == ' ') p++;
    char key[128];
    size_t k = 0;
    while (*p && *p != '\r' && *p != ' ' && k < 60) key[k++] = *p++;
    memcpy(key + k, "258EAFA5-E914-47DA-95CA-C5AB0DC85B11", 36);
    unsigned char digest[20];
    sha1((unsigned char *)key, k + 36, digest);
    char accept[32];
    base64(digest, 20, accept);
    return (size_t)sprintf((char *)out, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                                        "Connection: Upgrade\r\nSec-WebSocket-Accept: %s\r\n\r\n", accept);
}

/* Consumes whole frames from c->in, appending the answers to out. -1: close the connection. */
static long frames(struct conn *c, unsigned char *out) {
    size_t pos = 0, o = 0;
    int closing = 0;
    while (c->inlen - pos >= 2) {
        unsigned char *f = c->in + pos;
        int op = f[0] & 0x0F, masked = f[1] & 0x80;
        uint64_t len = f[1] & 0x7F;
        size_t h = 2;
        if (len == 126) { if (c->inlen - pos < 4) break; len = (uint64_t)f[2] << 8 | f[3]; h = 4; }
        else if (len == 127) { if (c->inlen - pos < 10) break; len = 0; for (int i = 0; i < 8; i++) len = len << 8 | f[2 + i]; h = 10; }
        if (!masked || len > 65536) return -1;
        if (c->inlen - pos < h + 4 + len) break;
        unsigned char *mask = f + h, *payload = f + h + 4;
        for (uint64_t i = 0; i < len; i++) payload[i] ^= mask[i & 3];
        int reply = op == 0x9 ? 0xA : op; /* ping -> pong; text, binary, close echo as they are */
        if (op == 0x1 || op == 0x2 || op == 0x8 || op == 0x9) {
            out[o++] = (unsigned char)(0x80 | reply);
            if (len < 126) out[o++] = (unsigned char)len;
            else if (len < 65536) { out[o++] = 126; out[o++] = (unsigned char)(len >> 8); out[o++] = (unsigned char)len; }
            else { out[o++] = 127; for (int b = 7; b >= 0; b--) out[o++] = (unsigned char)(len >> (8 * b)); }
            memcpy(out + o, payload, len);
            o += len;
        }
        pos += h + 4 + len;
        if (op == 0x8) { closing = 1; break; }
    }
    memmove(c->in, c->in + pos, c->inlen - pos);
    c->inlen -= pos;
    return closing ? -(long)o - 2 : (long)o;
}

int main(int argc, char **argv) {
    int port = 0;
    for (int i = 1; i < argc; i++) {
        const char *o = argv[i], *v = i + 1 < argc ? argv[++i] : NULL;
        if (!strcmp(o, "--port")) port = (int)opt_long(o, v, 1, 65535);
        else { fprintf(stderr, "usage: ws_echo_server --port P\n"); return 2; }
    }
    if (port == 0) { fprintf(stderr, "ws: --port is required\n"); return 2; }
    int ep, lfd = serve_on(port, 1024, &ep);

    static unsigned char out[4 * IN_SIZE];
    struct epoll_event evs[256];
    while (!terminated) {
        int n = epoll_wait(ep, evs, 256, -1);
        if (n < 0) { if (errno == EINTR) continue; die("epoll_wait"); }
        for (int i = 0; i < n; i++) {
            struct conn *c = evs[i].data.ptr;
            if (c == NULL) {
                int fd;
                while ((fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    set_nodelay(fd);
                    c = calloc(1, sizeof *c);
                    if (!c) die("calloc");
                    c->fd = fd;
                    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
                    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl ADD");
                }
                continue;
            }
            if (c->pending) { if (!flush(ep, c)) drop(ep, c); continue; }
            ssize_t r = read(c->fd, c->in + c->inlen, IN_SIZE - c->inlen);
            if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) { drop(ep, c); continue; }
            if (r < 0) continue;
            c->inlen += (size_t)r;
            long o;
            if (!c->open) {
                unsigned char *end = memmem(c->in, c->inlen, "\r\n\r\n", 4);
                if (!end) { if (c->inlen == IN_SIZE) drop(ep, c); continue; }
                size_t head = (size_t)(end - c->in) + 4;
                o = (long)handshake(c, head, out);
                if (o == 0) { drop(ep, c); continue; }
                memmove(c->in, c->in + head, c->inlen - head);
                c->inlen -= head;
                c->open = 1;
            } else {
                o = frames(c, out);
                if (o == -1) { drop(ep, c); continue; } /* an unmasked or oversized frame */
            }
            int close_after = o < 0;
            if (close_after) o = -o - 2;
            if (!send_all(ep, c, out, (size_t)o) || close_after) drop(ep, c);
        }
    }
    fprintf(stderr, "ws reference server: stopped by SIGTERM\n");
    return 0;
}
