package io.jasyncio.net;

import io.jasyncio.ErrorContext;
import io.jasyncio.EventLoop;

/**
 * A transport's write-buffer water marks and whether its protocol is paused: asyncio's
 * {@code _FlowControlMixin}. The transport reports its buffered size after each change; going over the
 * high mark pauses the protocol, coming down to the low one resumes it. Public for transports written outside
 * this package (a child process's input pipe); loop-confined.
 */
public final class FlowControl {

    /** Flow control with asyncio's default marks. */
    public FlowControl() {
    }


    /** asyncio's default high water mark (64 KiB); the low one is a quarter of it. */
    public static final int DEFAULT_HIGH = 64 * 1024;

    private int high = DEFAULT_HIGH;
    private int low = DEFAULT_HIGH / 4;
    private boolean paused;

    /**
     * Sets the marks: asyncio's {@code set_write_buffer_limits}. Call {@link #crossed} afterwards.
     *
     * @throws IllegalArgumentException unless {@code 0 <= low <= high}
     */
    public void setLimits(int high, int low) {
        if (low < 0 || high < low) {
            throw new IllegalArgumentException("need 0 <= low <= high, got high=" + high + ", low=" + low);
        }
        this.high = high;
        this.low = low;
    }

    /**
     * Whether {@code buffered} bytes cross a mark; if so the state flips, and the caller tells its
     * protocol to pause (if {@link #paused()} is now true) or to resume.
     */
    public boolean crossed(int buffered) {
        if (paused ? buffered > low : buffered <= high) {
            return false;
        }
        paused = !paused;
        return true;
    }

    /**
     * Tells {@code protocol} to pause or resume writing if {@code buffered} bytes cross a mark; a
     * protocol that throws is reported to the loop's exception handler.
     */
    public void update(int buffered, BaseProtocol protocol, EventLoop loop) {
        if (!crossed(buffered)) {
            return;
        }
        try {
            if (paused) {
                protocol.pauseWriting();
            } else {
                protocol.resumeWriting();
            }
        } catch (Throwable e) {
            String what = paused ? "pauseWriting" : "resumeWriting";
            loop.callExceptionHandler(new ErrorContext("protocol." + what + "() failed", e, null, null));
        }
    }

    /** Whether the protocol was last told to pause. */
    public boolean paused() {
        return paused;
    }
}
