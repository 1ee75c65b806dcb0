package io.jasyncio.net;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import io.jasyncio.ErrorContext;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.internal.IoHandle;
import io.jasyncio.internal.IoRegistration;
import io.jasyncio.internal.Kernel;

/**
 * What the TCP and UDP transports share: CPython's {@code _SelectorTransport}, by composition instead of a base
 * class. It holds the channel's registration with the loop, the write flow control, and the lifecycle that
 * both follow; each transport keeps only its own read and write paths.
 *
 * <h2>States</h2>
 * <table>
 * <caption>A selector transport's lifecycle</caption>
 * <tr><th>state</th><th>closing</th><th>lost</th><th>entered by</th><th>what happens</th></tr>
 * <tr><td>open</td><td>false</td><td>false</td><td>construction</td>
 *     <td>{@code connectionMade} runs in the next turn ({@link #start}), then reading starts</td></tr>
 * <tr><td>closing</td><td>true</td><td>false</td><td>{@code close()} with data still buffered</td>
 *     <td>no new writes; the buffer drains, then {@link #lose}</td></tr>
 * <tr><td>lost</td><td>true</td><td>true</td><td>{@link #lose}: drained close, abort, or a fatal error</td>
 *     <td>the registration ends now; {@code connectionLost} runs and the channel closes in the next turn</td></tr>
 * </table>
 * Loop-confined.
 */
final class SelectorTransport {

    final EventLoop loop;
    final SelectableChannel channel;
    final IoRegistration reg;
    final FlowControl flow = new FlowControl();
    /** No new writes; set by close, abort or a fatal error. */
    boolean closing;
    /** Ended: {@code connectionLost} is scheduled or ran; the registration is over. */
    boolean lost;

    /** Makes the channel non-blocking and registers it with {@code handle} for readiness, interested in nothing yet. */
    SelectorTransport(EventLoop loop, SelectableChannel channel, IoHandle handle) throws IOException {
        this.loop = loop;
        this.channel = channel;
        channel.configureBlocking(false);
        this.reg = Kernel.access().register(loop, channel, 0, handle);
    }

    /**
     * In the next turn (asyncio's order): runs {@code made} ({@code connectionMade}), then starts reading if
     * {@code wantsRead} still says so, then completes {@code waiter} (may be null). If {@code made} throws, the
     * transport ends through {@code fail} and the waiter gets the exception.
     */
    void start(Future<Void> waiter, Runnable made, Consumer<Throwable> fail, BooleanSupplier wantsRead) {
        loop.callSoon(() -> {
            if (lost) {
                return;
            }
            try {
                made.run();
            } catch (Throwable e) {
                fail.accept(e);
                if (waiter != null && !waiter.done()) {
                    waiter.setException(e);
                }
                return;
            }
            if (!closing && wantsRead.getAsBoolean()) {
                interest(SelectionKey.OP_READ, true);
            }
            if (waiter != null && !waiter.done()) {
                waiter.setResult(null);
            }
        });
    }

    /** Adds or removes an operation of interest, unless the transport is lost. */
    void interest(int op, boolean on) {
        if (!lost) {
            reg.interest(op, on);
        }
    }

    /** Pauses {@code protocol} above the high water mark and resumes it at or below the low one. */
    void checkWaterMarks(int buffered, BaseProtocol protocol) {
        flow.update(buffered, protocol, loop);
    }

    /** In debug mode, reports a fatal error to the loop's exception handler (asyncio's {@code _fatal_error}). */
    void reportFatal(Throwable e, String what) {
        if (e != null && loop.getDebug()) {
            loop.callExceptionHandler(new ErrorContext("Fatal error on transport: " + what, e, null, null));
        }
    }

    /**
     * Ends the transport: the registration ends now; in the next turn {@code notify} runs (the protocol's
     * {@code connectionLost}), the channel closes and {@code after} runs. Does nothing if already lost.
     */
    void lose(Runnable notify, Runnable after) {
        if (lost) {
            return;
        }
        lost = true;
        closing = true;
        reg.closeNextTurn(channel, notify, after);
    }
}
