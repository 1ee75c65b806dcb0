package io.jasyncio.http.websocket;

import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * {@link WebSocket#iterator()}: each {@code hasNext()} waits for the next message with
 * {@link WebSocket#receive()}; a normal close ends the iteration, an abnormal one comes out of
 * {@code hasNext()} as the {@link ConnectionClosedError} it is, unchecked.
 */
final class MessageIterator implements Iterator<Message> {

    private final WebSocket ws;
    private Message next;
    private boolean done;

    MessageIterator(WebSocket ws) {
        this.ws = ws;
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (done) {
            return false;
        }
        try {
            next = ws.receive();
            return true;
        } catch (ConnectionClosedOK e) {
            done = true;
            return false;
        } catch (IOException e) {
            throw MessageIterator.<RuntimeException>sneaky(e);
        }
    }

    @Override
    public Message next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the WebSocket is closed");
        }
        Message m = next;
        next = null;
        return m;
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable e) throws E {
        throw (E) e;
    }
}
