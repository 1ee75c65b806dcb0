package io.jasyncio;

import static io.jasyncio.Asyncio.*;

/** A program for {@link CtrlCTest}: prints READY, then sleeps until Ctrl+C cancels its main task. */
public final class SigintProbe {

    private SigintProbe() {
    }

    public static void main(String[] args) {
        // A job started in the background by a non-interactive shell inherits SIGINT ignored, and the
        // JVM then cannot handle it: say so, so that the test can tell.
        sun.misc.Signal sigint = new sun.misc.Signal("INT");
        if (sun.misc.Signal.handle(sigint, sun.misc.SignalHandler.SIG_DFL) == sun.misc.SignalHandler.SIG_IGN) {
            System.out.println("SIGINT-IGNORED");
            return;
        }
        try {
            run(() -> {
                try {
                    System.out.println("READY");
                    System.out.flush();
                    sleep(120);
                    return "slept";
                } catch (CancelledError e) {
                    System.out.println("main task cancelled: " + e.getMessage());
                    System.out.flush();
                    throw e;
                }
            });
        } catch (KeyboardInterrupt e) {
            System.out.println("KeyboardInterrupt");
            System.exit(130);
        }
    }
}
