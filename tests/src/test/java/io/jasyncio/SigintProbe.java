package io.jasyncio;

import static io.jasyncio.Asyncio.*;

/** A program for {@link CtrlCTest}: prints READY, then sleeps until Ctrl+C cancels its main task. */
public final class SigintProbe {

    private SigintProbe() {
    }

    public static void main(String[] args) {
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
