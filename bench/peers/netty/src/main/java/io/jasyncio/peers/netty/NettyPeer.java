package io.jasyncio.peers.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.Date;

/**
 * Netty's side of the HTTP server contract (WEB-WORKLOADS.md): {@code GET /} answers 200, {@code text/plain},
 * {@code Hello, World!}, keep-alive, a {@code Date} formatted at most once per second. One event loop thread
 * for accepting and serving, as {@code ./jasyncio bench --wl http} has one loop; the transport is NIO (the
 * JDK's selector) or Netty's native epoll. The handler is the plain shape of a Netty HTTP server: the codec,
 * a response written per request and flushed once per read burst.
 */
public final class NettyPeer {
    private static final ByteBuf HELLO = Unpooled.unreleasableBuffer(
            Unpooled.directBuffer(13).writeBytes("Hello, World!".getBytes(StandardCharsets.US_ASCII)));
    private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain");
    private static final AsciiString LENGTH = AsciiString.cached("13");

    private NettyPeer() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = -1;
        String transport = "nio";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--transport" -> transport = args[i + 1];
                default -> throw new IllegalArgumentException("netty peer: unknown option " + args[i]);
            }
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("netty peer: --port 1..65535 is required");
        }
        boolean epoll = switch (transport) {
            case "nio" -> false;
            case "epoll" -> true;
            default -> throw new IllegalArgumentException("netty peer: --transport nio|epoll, got " + transport);
        };
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Class<? extends ServerChannel> channel = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        try {
            new ServerBootstrap().group(group).channel(channel)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new HttpServerCodec(), new Hello());
                        }
                    })
                    .bind("127.0.0.1", port).sync();
            System.out.println("READY");
            System.out.flush();
            Thread.currentThread().join(); // until killed
        } finally {
            group.shutdownGracefully();
        }
    }

    /** Answers every request head; the codec's content parts are released unread (GET has none). */
    private static final class Hello extends ChannelInboundHandlerAdapter {
        private static long dateSecond = -1;
        private static AsciiString date;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest req) {
                    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                            HELLO.duplicate());
                    res.headers().set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN)
                            .set(HttpHeaderNames.CONTENT_LENGTH, LENGTH)
                            .set(HttpHeaderNames.DATE, date());
                    if (HttpUtil.isKeepAlive(req)) {
                        ctx.write(res, ctx.voidPromise());
                    } else {
                        res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        /** The {@code Date} value, formatted at most once per second (one event loop: no locking). */
        private static AsciiString date() {
            long now = System.currentTimeMillis();
            if (now / 1000 != dateSecond) {
                dateSecond = now / 1000;
                date = new AsciiString(DateFormatter.format(new Date(now)));
            }
            return date;
        }
    }
}
