package io.jasyncio.examples;

import static io.jasyncio.Asyncio.*;

public class Quickstart {
    static String fetch(String name, double delay) { sleep(delay); return "data from " + name; }
    public static void main(String[] args) {
        System.out.println(run(() -> gather(() -> fetch("API A", 1), () -> fetch("API B", 1))));
    }
}
