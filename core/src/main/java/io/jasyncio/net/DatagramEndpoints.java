package io.jasyncio.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.internal.Throw;

/**
 * Opening UDP endpoints: the body of asyncio's {@code create_datagram_endpoint} (in CPython it lives in
 * {@code base_events}, apart from the transport): choose the address pair, open and bind the channel, start a
 * {@link DatagramSocketTransport} on it and wait for {@code connectionMade}.
 */
final class DatagramEndpoints {

    private DatagramEndpoints() {
    }

    /**
     * Opens the socket for the first pair of local and remote addresses that works, and starts a
     * transport on it: the body of asyncio's {@code create_datagram_endpoint}. A null list stands for
     * an address not given. Raises the first pair's error if none works.
     */
    static <P extends DatagramProtocol> Datagrams.DatagramEndpoint<P> open(EventLoop loop, Supplier<P> factory,
            List<InetSocketAddress> locals, List<InetSocketAddress> remotes, Datagrams.DatagramOptions options) {
        IOException first = null;
        for (InetSocketAddress[] pair : pairByFamily(locals, remotes)) {
            DatagramChannel ch;
            try {
                ch = openChannel(pair[0], pair[1], options);
            } catch (IOException e) {
                first = first == null ? e : first;
                continue;
            }
            return start(loop, ch, pair[1], factory);
        }
        throw Throw.sneaky(first);
    }

    /**
     * asyncio's pairing of local and remote addresses by family: one {local, remote} pair per family,
     * in order of first appearance, each side the first address of that family; a family missing on a
     * side that was given is dropped.
     */
    private static List<InetSocketAddress[]> pairByFamily(List<InetSocketAddress> locals, List<InetSocketAddress> remotes) {
        Map<Boolean, InetSocketAddress[]> byFamily = new LinkedHashMap<>();
        List<List<InetSocketAddress>> sides = Arrays.asList(locals, remotes);
        for (int side = 0; side < 2; side++) {
            for (InetSocketAddress a : Objects.requireNonNullElse(sides.get(side), List.<InetSocketAddress>of())) {
                InetSocketAddress[] pair = byFamily.computeIfAbsent(Net.isV6(a), k -> new InetSocketAddress[2]);
                if (pair[side] == null) {
                    pair[side] = a;
                }
            }
        }
        List<InetSocketAddress[]> pairs = new ArrayList<>();
        for (InetSocketAddress[] pair : byFamily.values()) {
            if ((locals == null || pair[0] != null) && (remotes == null || pair[1] != null)) {
                pairs.add(pair);
            }
        }
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("no address family in common between local " + locals
                    + " and remote " + remotes);
        }
        return pairs;
    }

    private static DatagramChannel openChannel(InetSocketAddress local, InetSocketAddress remote,
                                               Datagrams.DatagramOptions options) throws IOException {
        DatagramChannel ch = DatagramChannel.open(Net.isV6(local != null ? local : remote)
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            if (options.reusePort() && ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            if (options.allowBroadcast()) {
                ch.setOption(StandardSocketOptions.SO_BROADCAST, true);
            }
            if (local != null) {
                ch.bind(local);
            }
            if (remote != null && !options.allowBroadcast()) {
                ch.connect(remote); // UDP: no handshake, nothing to wait for
            }
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Wraps {@code ch} in a transport and waits until its protocol's {@code connectionMade} ran. */
    private static <P extends DatagramProtocol> Datagrams.DatagramEndpoint<P> start(
            EventLoop loop, DatagramChannel ch, InetSocketAddress remote, Supplier<P> factory) {
        DatagramSocketTransport transport;
        P protocol;
        try {
            protocol = factory.get();
            transport = new DatagramSocketTransport(loop, ch, protocol, remote);
        } catch (IOException | RuntimeException e) {
            try {
                ch.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw Throw.sneaky(e);
        }
        Future<Void> made = loop.createFuture();
        transport.start(made);
        boolean ok = false;
        try {
            made.call();
            ok = true;
        } finally {
            if (!ok) {
                transport.abort(); // cancelled, or connectionMade failed: nothing stays open
            }
        }
        return new Datagrams.DatagramEndpoint<>(transport, protocol);
    }
}
