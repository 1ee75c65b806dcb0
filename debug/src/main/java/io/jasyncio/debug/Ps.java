package io.jasyncio.debug;

import javax.management.InstanceNotFoundException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./jasyncio ps PID} and {@code ./jasyncio pstree PID}: the tasks of another running JVM, as
 * asyncio 3.14's {@code python -m asyncio ps} and {@code pstree} show a Python process's, without
 * changing its code.
 *
 * <h2>Where the facts come from</h2>
 * <ol>
 * <li>The stacks, states and park blockers come from the JDK's JSON thread dump
 *     ({@code jcmd PID Thread.dump_to_file -format=json}), which lists virtual threads: every task
 *     is one, and its stack runs {@code Task}'s body. That alone gives each task's id (its thread
 *     id), stack and what kind of thing it waits for; a task shows its name if it was given one.</li>
 * <li>When the JVM has jasyncio-debug on its class path, the tool also reads the task table the JVM
 *     publishes as the JMX attribute {@code io.jasyncio:type=Debug/TaskTable} (names, loops, which task
 *     awaits which and which created which), over the JDK's local JMX connector, started with
 *     {@code jcmd PID ManagementAgent.start_local} if needed (loopback only, the same user).</li>
 * </ol>
 * Both come through jcmd, the JDK's diagnostic command channel: no agent is loaded into the JVM.
 */
public final class Ps {

    static final String MBEAN = "io.jasyncio:type=Debug";

    private Ps() {
    }

    /**
     * Runs the tool: {@code ps PID}, {@code pstree PID}, or either with {@code --dump FILE} to read a
     * thread dump already taken (then without the task table).
     *
     * @param args the command line
     * @throws Exception if the target cannot be inspected (the message says why)
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !(args[0].equals("ps") || args[0].equals("pstree"))) {
            System.err.println("usage: ps PID | pstree PID | ps --dump FILE | pstree --dump FILE");
            System.exit(2);
            return;
        }
        TaskTree tree;
        if (args[1].equals("--dump")) {
            tree = new TaskTree(ThreadDump.parse(Files.readString(Path.of(args[2]))).tasks(null));
        } else {
            tree = inspect(Long.parseLong(args[1]));
        }
        System.out.print(args[0].equals("ps") ? tree.formatTable() : tree.formatTree());
    }

    /**
     * The tasks of the JVM {@code pid}.
     *
     * @param pid the process id of a JVM of the same user
     * @return its tasks
     * @throws IOException if jcmd cannot reach it
     */
    public static TaskTree inspect(long pid) throws IOException {
        TaskTable table = taskTable(pid);
        ThreadDump dump = ThreadDump.take(pid);
        List<TaskInfo> tasks = dump.tasks(table);
        return new TaskTree(tasks);
    }

    /** The task table the JVM publishes, or null if it publishes none (no jasyncio-debug there). */
    static TaskTable taskTable(long pid) throws IOException {
        String url = localConnector(pid);
        if (url == null) {
            Jcmd.run(pid, "ManagementAgent.start_local");
            url = localConnector(pid);
            if (url == null) {
                return null;
            }
        }
        try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(url))) {
            MBeanServerConnection conn = c.getMBeanServerConnection();
            ObjectName name = new ObjectName(MBEAN);
            // A JVM registers the bean on a thread of its own at its first loop: give a young one a moment.
            for (int attempt = 0; attempt < 10 && !conn.isRegistered(name); attempt++) {
                Thread.sleep(100);
            }
            return TaskTable.fromJson((String) conn.getAttribute(name, "TaskTable"));
        } catch (InstanceNotFoundException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the task table of JVM " + pid, e);
        } catch (javax.management.JMException e) {
            throw new IOException("reading " + MBEAN + " of JVM " + pid + ": " + e, e);
        }
    }

    /** The local JMX connector address of the JVM, from {@code jcmd ManagementAgent.status}, or null. */
    private static String localConnector(long pid) throws IOException {
        String status = Jcmd.run(pid, "ManagementAgent.status");
        boolean local = false;
        for (String line : status.split("\n")) {
            String l = line.strip();
            if (l.startsWith("Connection Type:")) {
                local = l.endsWith("local");
            } else if (local && l.startsWith("URL") && l.contains("service:jmx:")) {
                return l.substring(l.indexOf("service:jmx:")).strip();
            }
        }
        return null;
    }
}
