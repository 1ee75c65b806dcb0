package io.jasyncio.http.websocket;

/** WebSocket close codes (RFC 6455 section 7.4, with the IANA registry's 1012-1014). */
public final class CloseCode {
    /** 1000: the purpose of the connection is fulfilled. */
    public static final int NORMAL_CLOSURE = 1000;
    /** 1001: the endpoint goes away (server shutting down, page left). */
    public static final int GOING_AWAY = 1001;
    /** 1002: a protocol error. */
    public static final int PROTOCOL_ERROR = 1002;
    /** 1003: a kind of data the endpoint cannot accept. */
    public static final int UNSUPPORTED_DATA = 1003;
    /** 1005: no status code in the close frame (never sent). */
    public static final int NO_STATUS_RCVD = 1005;
    /** 1006: the connection ended without a close frame (never sent). */
    public static final int ABNORMAL_CLOSURE = 1006;
    /** 1007: data inconsistent with the message type (text that is not UTF-8). */
    public static final int INVALID_DATA = 1007;
    /** 1008: a message violates the endpoint's policy. */
    public static final int POLICY_VIOLATION = 1008;
    /** 1009: a message too big to process. */
    public static final int MESSAGE_TOO_BIG = 1009;
    /** 1010: the client needs an extension the server did not negotiate. */
    public static final int MANDATORY_EXTENSION = 1010;
    /** 1011: the server met an unexpected condition (also: a heartbeat that got no pong). */
    public static final int INTERNAL_ERROR = 1011;
    /** 1012: the service restarts. */
    public static final int SERVICE_RESTART = 1012;
    /** 1013: try again later. */
    public static final int TRY_AGAIN_LATER = 1013;

    private CloseCode() {
    }

    /**
     * Whether a close frame may carry this code (what a peer sends is checked against it too): 1000-1003,
     * 1007-1014, and 3000-4999 (registered and private codes).
     *
     * @param code the code
     * @return true if it may be sent
     */
    public static boolean isSendable(int code) {
        return code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999;
    }

    /**
     * A short name of the code, for messages.
     *
     * @param code the code
     * @return its name, or "private use" / "registered" / "unknown"
     */
    public static String describe(int code) {
        return switch (code) {
            case 1000 -> "normal closure";
            case 1001 -> "going away";
            case 1002 -> "protocol error";
            case 1003 -> "unsupported data";
            case 1005 -> "no status received";
            case 1006 -> "abnormal closure";
            case 1007 -> "invalid data";
            case 1008 -> "policy violation";
            case 1009 -> "message too big";
            case 1010 -> "mandatory extension";
            case 1011 -> "internal error";
            case 1012 -> "service restart";
            case 1013 -> "try again later";
            case 1014 -> "bad gateway";
            default -> code >= 4000 && code <= 4999 ? "private use" : code >= 3000 && code <= 3999 ? "registered" : "unknown";
        };
    }
}
