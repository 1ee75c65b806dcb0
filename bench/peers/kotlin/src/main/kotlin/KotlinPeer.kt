// The Kotlin coroutines peer of WORKLOADS.md section 3 for W1, W2 and W3, on one thread (runBlocking):
// the "kotlin-1t" row. Same CLI and JSON line as io.jasyncio.bench.Bench.
package io.jasyncio.peers.kotlin

import kotlinx.coroutines.*
import kotlinx.coroutines.channels.Channel
import java.io.File

fun w1(n: Int): Long = runBlockingTimed {
    val t0 = System.nanoTime()
    val tasks = ArrayList<Deferred<Int>>(n)
    for (i in 0 until n) tasks.add(async { yield(); i })
    var s = 0L
    for (t in tasks.awaitAll()) s += t
    val t1 = System.nanoTime()
    check(s == n.toLong() * (n - 1) / 2) { "w1: wrong sum $s" }
    t1 - t0
}

fun w2(m: Int): Long = runBlockingTimed {
    val q1 = Channel<Int>(1)
    val q2 = Channel<Int>(1)
    val t0 = System.nanoTime()
    val p = launch { repeat(m) { q2.send(q1.receive()) } }
    var s = 0L
    for (i in 0 until m) { q1.send(i); s += q2.receive() }
    p.join()
    val t1 = System.nanoTime()
    check(s == m.toLong() * (m - 1) / 2) { "w2: wrong sum $s" }
    t1 - t0
}

class W3(val n: Int) {
    var base = -1L; var peak = -1L; var reset = false
    val spawn = ArrayList<Long>()
    fun run(first: Boolean): Long = runBlockingTimed {
        if (first) { reset = resetHwm(); base = status("VmRSS") }
        val t0 = System.nanoTime()
        val tasks = ArrayList<Deferred<Int>>(n)
        for (i in 0 until n) tasks.add(async { delay(1000); i })
        val ts = System.nanoTime()
        var s = 0L
        for (t in tasks.awaitAll()) s += t
        val t1 = System.nanoTime()
        if (first) peak = status("VmHWM")
        check(s == n.toLong() * (n - 1) / 2) { "w3: wrong sum $s" }
        spawn.add(ts - t0)
        t1 - t0
    }
}

// One runBlocking per process would match the jasyncio bench exactly; a runBlocking per run costs a
// few microseconds and keeps the peer's code obvious.
fun runBlockingTimed(body: suspend CoroutineScope.() -> Long): Long = runBlocking { body() }

fun resetHwm(): Boolean = try { File("/proc/self/clear_refs").writeText("5"); true } catch (e: Exception) { false }

fun status(key: String): Long =
    File("/proc/self/status").readLines().first { it.startsWith("$key:") }.split(Regex("\\s+"))[1].toLong()

fun main(args: Array<String>) {
    var wl = ""; var n = -1; var reps = -1; var warm = -1; var peer = "kotlin-1t"
    var i = 0
    while (i < args.size) {
        val v = args.getOrElse(i + 1) { "" }
        when (args[i]) { "--wl" -> wl = v; "--n" -> n = v.toInt(); "--reps" -> reps = v.toInt()
            "--warmup" -> warm = v.toInt(); "--peer" -> peer = v
            else -> { System.err.println("unknown option ${args[i]}"); System.exit(2) } }
        i += 2
    }
    val defaults = mapOf("w1" to Triple(100_000, 10, 3), "w2" to Triple(1_000_000, 10, 3), "w3" to Triple(100_000, 5, 2))
    val d = defaults[wl] ?: run { System.err.println("usage: --wl w1|w2|w3"); System.exit(2); return }
    if (n < 0) n = d.first; if (reps < 0) reps = d.second; if (warm < 0) warm = minOf(d.third, reps - 1)
    val runs = LongArray(reps)
    var extra = "{}"
    val w3 = W3(n)
    // runBlocking runs every coroutine on this thread: its CPU time per run is printed like jasyncio's bench
    // prints its loop thread's (it moves far less than the wall time on a busy machine).
    val mx = java.lang.management.ManagementFactory.getThreadMXBean()
    for (r in 0 until reps) {
        val cpu0 = mx.currentThreadCpuTime
        runs[r] = when (wl) { "w1" -> w1(n); "w2" -> w2(n); else -> w3.run(r == 0) }
        val cpu = mx.currentThreadCpuTime - cpu0
        System.err.printf("kotlin %s n=%d run %d/%d: %.3f ms (loop thread CPU %.3f ms)%n", wl, n, r + 1, reps,
            runs[r] / 1e6, cpu / 1e6)
    }
    if (wl == "w3") extra = "{\"rss_base_kb\": ${w3.base}, \"rss_peak_kb\": ${w3.peak}, \"hwm_reset\": ${w3.reset}, " +
            "\"spawn_ns\": [${w3.spawn.joinToString(", ")}]}"
    val rt = "kotlinx.coroutines 1.11.0 runBlocking (one thread); Kotlin ${KotlinVersion.CURRENT}; Java " +
            "${Runtime.version()}; JVM options: " +
            java.lang.management.ManagementFactory.getRuntimeMXBean().inputArguments.joinToString(" ")
    println("{\"peer\": \"$peer\", \"wl\": \"$wl\", \"n\": $n, \"reps\": $reps, \"warmup\": $warm, " +
            "\"runs_ns\": [${runs.joinToString(", ")}], \"extra\": $extra, \"runtime\": \"${rt.replace("\"", "'")}\"}")
}
