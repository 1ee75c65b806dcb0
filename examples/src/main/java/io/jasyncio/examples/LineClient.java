package io.jasyncio.examples;


import java.io.IOException;
import java.io.PrintStream;

import static io.jasyncio.examples.tour.Py.f;
import static java.nio.charset.StandardCharsets.UTF_8;
import io.jasyncio.streams.Streams;

/**
 * A line-oriented client over {@link Streams#openConnection}, as {@code nc} would be, for the demos of
 * {@link EchoServer} and {@link ChatServer}: it prints each line it sends ({@code alice > hi}) and each
 * line it receives ({@code bob   < alice: hi}), so that a demo that waits for each expected line before
 * sending the next prints a transcript that is the same on every run. Loop-confined.
 */
final class LineClient {

    private final String name;
    private final Streams.StreamPair conn;
    private final PrintStream out;

    private LineClient(String name, Streams.StreamPair conn, PrintStream out) {
        this.name = name;
        this.conn = conn;
        this.out = out;
    }

    /**
     * Connects to {@code 127.0.0.1:port}. Call it from a task.
     *
     * @param name the name the transcript shows
     * @param port the server's port
     * @param out where the transcript goes
     * @return the connected client
     */
    static LineClient connect(String name, int port, PrintStream out) throws IOException {
        return new LineClient(name, Streams.openConnection(ServerMain.HOST, port), out);
    }

    /**
     * Sends {@code text} and a newline, and waits until the connection can take more ({@code drain}).
     *
     * @param text the line, without its newline
     * @throws IOException if the connection is broken
     */
    void send(String text) throws IOException {
        say(">", text);
        conn.writer().write(bytes(text));
        conn.writer().drain();
    }

    /**
     * Waits for the next line.
     *
     * @return the line without its line end, or null once the server closed the connection
     * @throws IOException if the connection is broken
     */
    String receive() throws IOException {
        byte[] line = conn.reader().readline();
        if (line.length == 0) {
            say("<", "(connection closed by the server)");
            return null;
        }
        String text = text(line);
        say("<", text);
        return text;
    }

    /**
     * Says that nothing more will be sent (a half-close): the server's reader sees EOF.
     */
    void writeEof() {
        say(" ", "writeEof(): no more lines");
        conn.writer().writeEof();
    }

    /**
     * Closes the connection and waits until it is closed.
     *
     * @throws IOException if the connection ended with an error
     */
    void close() throws IOException {
        say(" ", "closes the connection");
        conn.writer().close();
        conn.writer().waitClosed();
    }

    private void say(String arrow, String text) {
        out.println(f("%-5s %s %s", name, arrow, text).stripTrailing());
    }

    /**
     * A line as text: decoded as UTF-8, without its {@code \n} or {@code \r\n} ({@code nc} sends the
     * first, {@code telnet} the second).
     *
     * @param line the bytes of a line
     * @return the text
     */
    static String text(byte[] line) {
        String s = new String(line, UTF_8);
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }

    /**
     * A line to send: {@code text} and a newline, in UTF-8.
     *
     * @param text the text
     * @return the bytes
     */
    static byte[] bytes(String text) {
        return (text + "\n").getBytes(UTF_8);
    }
}
