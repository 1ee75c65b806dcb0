/**
 * jasyncio's HTTP stack: an HTTP/1.1 server and client and WebSockets, written on the core's
 * streams and transports. Parsing and generation go through Jetty's {@code jetty-http} codec on our
 * own buffers; JSON through Jackson 3. Implementation lives in the unexported
 * {@code io.jasyncio.http.internal}.
 */
module io.jasyncio.http {
    requires transitive io.jasyncio;
    requires org.eclipse.jetty.http;
    requires tools.jackson.databind;
    exports io.jasyncio.http;
    exports io.jasyncio.http.server;
    exports io.jasyncio.http.client;
    exports io.jasyncio.http.websocket;
}
