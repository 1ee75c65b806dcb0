package io.jasyncio.examples.debugging;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tour's blocked-loop section: the report while blocked, the total when released, none after the fix. */
@Tag("realtime")
class BlockingTheLoopTest {

    @Test
    void theWatchdogNamesTheHandlerWhileItBlocksAndNotAfterTheFix() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BlockingTheLoop.blockedAndFixed(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        String[] halves = out.split("-- the fix", 2);
        String mistake = halves[0];
        String fix = halves[1];
        int blocked = mistake.indexOf("is blocked: task 'handler'");
        int released = mistake.indexOf("was blocked for");
        assertTrue(blocked > 0 && released > blocked, out);
        assertTrue(mistake.indexOf("at io.jasyncio.examples.debugging.BlockingTheLoop.crunch(") > blocked, out);
        Matcher total = Pattern.compile("was blocked for ([0-9.]+) s by task 'handler'").matcher(mistake);
        assertTrue(total.find(), out);
        assertTrue(Double.parseDouble(total.group(1)) >= 0.5, out);
        assertEquals(-1, fix.indexOf("blocked"), out);
        Matcher gap = Pattern.compile("longest gap between heartbeats: ([0-9.]+) s").matcher(fix);
        assertTrue(gap.find() && Double.parseDouble(gap.group(1)) < 0.4, out);
    }
}
