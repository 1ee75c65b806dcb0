package io.jasyncio.debug.programs;

import static io.jasyncio.Asyncio.*;

/** Prints whether {@code run(main)} runs its loop in debug mode: for the switches' test. */
public final class PrintDebug {

    public static void main(String[] args) {
        System.out.println("debug=" + run(() -> getRunningLoop().getDebug()));
    }
}
