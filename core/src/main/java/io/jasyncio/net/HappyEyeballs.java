package io.jasyncio.net;

import io.jasyncio.internal.Throw;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.jasyncio.CancelledError;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;

/**
 * Choosing which of a host's addresses to connect to: the address loop of CPython's
 * {@code create_connection}, with its Happy Eyeballs options (RFC 8305: {@code happy_eyeballs_delay},
 * {@code interleave}). Behind {@link Net#createConnection(java.util.function.Supplier, String, int,
 * Net.ConnectOptions)}; the {@link Connector} is a parameter so that tests can stand in for the network.
 */
final class HappyEyeballs {

    private HappyEyeballs() {
    }

    /** Opens a socket and connects it to one address, suspending the task meanwhile. */
    @FunctionalInterface
    interface Connector {
        /**
         * Connects; on failure or cancellation, closes what it opened before raising.
         *
         * @param addr the address
         * @return the connected channel
         * @throws IOException if the connection fails
         */
        SocketChannel connect(InetSocketAddress addr) throws IOException;
    }

    /**
     * The real connector: a TCP socket, bound first to the first of {@code locals} of the address's
     * family if any are given, connected without blocking the loop.
     */
    static Connector connector(EventLoop loop, List<InetSocketAddress> locals) {
        return addr -> {
            InetSocketAddress local = null;
            for (InetSocketAddress l : locals) {
                if (Net.isV6(l) == Net.isV6(addr)) {
                    local = l;
                    break;
                }
            }
            if (local == null && !locals.isEmpty()) {
                throw new SocketException("no local address of the family of " + addr + " in " + locals);
            }
            return Net.connect(loop, Net.isV6(addr) ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET, local, addr);
        };
    }

    /**
     * Connects to the first of {@code addrs} that accepts. Without a delay the addresses are tried one
     * after another; with one, the attempts are staggered ({@link Staggered#race}) and every other
     * socket is closed. Addresses are first reordered by family if {@code interleave} asks (a delay
     * without it means 1, as in asyncio).
     *
     * <p>Cancel safety: every attempt under way is cancelled, its socket closed, and
     * {@link CancelledError} raised.
     *
     * @param addrs the addresses, in resolver order
     * @param options the delay and the interleaving (the local address is the connector's business)
     * @param connector connects one address
     * @return the connected channel
     * @throws IOException (unchecked, as thrown) the last attempt's error, the others suppressed in it,
     *     if none connects
     */
    static SocketChannel connectFirst(List<InetSocketAddress> addrs, Net.ConnectOptions options, Connector connector) {
        Double delay = options.happyEyeballsDelay();
        int interleave = options.interleave() == 0 && delay != null ? 1 : options.interleave();
        List<InetSocketAddress> order = interleave > 0 ? interleave(addrs, interleave) : addrs;
        List<Throwable> errors = new ArrayList<>();
        if (delay == null) {
            for (InetSocketAddress addr : order) {
                try {
                    return connector.connect(addr);
                } catch (IOException e) {
                    errors.add(e);
                }
            }
        } else {
            List<Coroutine<SocketChannel>> attempts = new ArrayList<>();
            for (InetSocketAddress addr : order) {
                attempts.add(() -> connector.connect(addr));
            }
            Staggered.Outcome<SocketChannel> outcome = Staggered.race(attempts, delay, HappyEyeballs::closeQuietly);
            if (outcome.index() >= 0) {
                return outcome.winner();
            }
            for (Throwable e : outcome.errors()) {
                if (e != null) {
                    errors.add(e);
                }
            }
        }
        if (errors.isEmpty()) {
            throw Throw.sneaky(new ConnectException("no address to connect to"));
        }
        Throwable last = errors.getLast();
        for (Throwable e : errors.subList(0, errors.size() - 1)) {
            last.addSuppressed(e);
        }
        throw Throw.sneaky(last);
    }

    /**
     * Reorders addresses by family as asyncio's {@code _interleave_addrinfos}: the first
     * {@code firstFamilyCount - 1} addresses of the first family seen, then one of each family in turn,
     * each family keeping its resolver order.
     *
     * @param addrs the addresses
     * @param firstFamilyCount asyncio's {@code interleave} (at least 1)
     * @return the reordered addresses
     */
    static List<InetSocketAddress> interleave(List<InetSocketAddress> addrs, int firstFamilyCount) {
        Map<Boolean, ArrayDeque<InetSocketAddress>> byFamily = new LinkedHashMap<>();
        for (InetSocketAddress a : addrs) {
            byFamily.computeIfAbsent(Net.isV6(a), k -> new ArrayDeque<>()).add(a);
        }
        List<InetSocketAddress> out = new ArrayList<>(addrs.size());
        if (byFamily.isEmpty()) {
            return out;
        }
        ArrayDeque<InetSocketAddress> first = byFamily.values().iterator().next();
        for (int i = 1; i < firstFamilyCount && !first.isEmpty(); i++) {
            out.add(first.poll());
        }
        while (out.size() < addrs.size()) {
            for (ArrayDeque<InetSocketAddress> family : byFamily.values()) {
                if (!family.isEmpty()) {
                    out.add(family.poll());
                }
            }
        }
        return out;
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // A rival's socket: nothing depends on it.
        }
    }
}
