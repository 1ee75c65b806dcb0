package com.example;

import static io.jasyncio.Asyncio.*;

import java.util.List;

/** Two fetches that wait at the same time: the program a new user writes first. */
public class Main {

    static String fetch(String name, double delay) {
        sleep(delay);                       // await asyncio.sleep(delay)
        return "data from " + name;
    }

    static List<String> fetchBoth() {
        return gather(() -> fetch("API A", 1), () -> fetch("API B", 1));
    }

    public static void main(String[] args) {
        System.out.println(run(Main::fetchBoth));
    }
}
