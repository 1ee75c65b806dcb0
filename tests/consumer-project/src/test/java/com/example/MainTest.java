package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.EventLoop;
import io.jasyncio.testing.AsyncioTest;

import java.util.List;

class MainTest {

    @AsyncioTest
    void bothFetchesWaitAtTheSameTime(EventLoop loop) {
        assertEquals(List.of("data from API A", "data from API B"), Main.fetchBoth());
        assertEquals(1.0, loop.time());     // virtual time: exact, and instant
    }
}
