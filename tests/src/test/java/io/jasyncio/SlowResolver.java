package io.jasyncio;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.net.spi.InetAddressResolver;
import java.net.spi.InetAddressResolverProvider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A name resolver for the tests (installed for the whole test JVM through
 * {@code META-INF/services}): names made by {@link #newGate()} resolve to 127.0.0.1, but only once the
 * test opens their gate, so a lookup takes exactly as long as the test wants. Every other name goes to
 * the JDK's own resolver.
 */
public final class SlowResolver extends InetAddressResolverProvider {

    private static final String SUFFIX = ".slow.jasyncio.invalid";
    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final Map<String, Gate> GATES = new ConcurrentHashMap<>();

    /** A host name whose lookup waits for {@link #open()}; {@link #entered()} once the lookup began. */
    static final class Gate {
        final String host = "h" + NAMES.incrementAndGet() + SUFFIX;
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch opened = new CountDownLatch(1);

        boolean entered() {
            return entered.getCount() == 0;
        }

        void open() {
            opened.countDown();
        }
    }

    /** A new name, with its gate shut. */
    static Gate newGate() {
        Gate g = new Gate();
        GATES.put(g.host, g);
        return g;
    }

    /** Creates the provider (the service loader does). */
    public SlowResolver() {
    }

    @Override
    public InetAddressResolver get(Configuration configuration) {
        InetAddressResolver builtin = configuration.builtinResolver();
        return new InetAddressResolver() {
            @Override
            public Stream<InetAddress> lookupByName(String host, LookupPolicy policy) throws UnknownHostException {
                Gate g = GATES.get(host);
                if (g == null) {
                    return builtin.lookupByName(host, policy);
                }
                g.entered.countDown();
                try {
                    if (!g.opened.await(RealTime.BOUND, TimeUnit.SECONDS)) {
                        throw new UnknownHostException(host + ": the test never opened the gate");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UnknownHostException(host + ": interrupted");
                }
                return Stream.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}));
            }

            @Override
            public String lookupByAddress(byte[] addr) throws UnknownHostException {
                return builtin.lookupByAddress(addr);
            }
        };
    }

    @Override
    public String name() {
        return "jasyncio tests: gated names";
    }
}
