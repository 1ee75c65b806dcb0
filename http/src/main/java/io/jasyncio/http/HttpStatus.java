package io.jasyncio.http;

/**
 * HTTP status codes and their reason phrases (RFC 9110), as Python's {@code http.HTTPStatus}. Constants for
 * the codes the server itself sends; {@link #reason(int)} knows every registered code.
 */
public final class HttpStatus {
    /** 100 */ public static final int CONTINUE = 100;
    /** 101 */ public static final int SWITCHING_PROTOCOLS = 101;
    /** 200 */ public static final int OK = 200;
    /** 201 */ public static final int CREATED = 201;
    /** 204 */ public static final int NO_CONTENT = 204;
    /** 304 */ public static final int NOT_MODIFIED = 304;
    /** 400 */ public static final int BAD_REQUEST = 400;
    /** 401 */ public static final int UNAUTHORIZED = 401;
    /** 403 */ public static final int FORBIDDEN = 403;
    /** 404 */ public static final int NOT_FOUND = 404;
    /** 405 */ public static final int METHOD_NOT_ALLOWED = 405;
    /** 408 */ public static final int REQUEST_TIMEOUT = 408;
    /** 411 */ public static final int LENGTH_REQUIRED = 411;
    /** 413 */ public static final int CONTENT_TOO_LARGE = 413;
    /** 414 */ public static final int URI_TOO_LONG = 414;
    /** 415 */ public static final int UNSUPPORTED_MEDIA_TYPE = 415;
    /** 417 */ public static final int EXPECTATION_FAILED = 417;
    /** 422 */ public static final int UNPROCESSABLE_CONTENT = 422;
    /** 426 */ public static final int UPGRADE_REQUIRED = 426;
    /** 431 */ public static final int REQUEST_HEADER_FIELDS_TOO_LARGE = 431;
    /** 500 */ public static final int INTERNAL_SERVER_ERROR = 500;
    /** 501 */ public static final int NOT_IMPLEMENTED = 501;
    /** 503 */ public static final int SERVICE_UNAVAILABLE = 503;
    /** 505 */ public static final int HTTP_VERSION_NOT_SUPPORTED = 505;

    private HttpStatus() {
    }

    /** The reason phrase of {@code status} ("Not Found"), or "Unknown" for an unregistered code. */
    public static String reason(int status) {
        return switch (status) {
            case 100 -> "Continue";
            case 101 -> "Switching Protocols";
            case 102 -> "Processing";
            case 103 -> "Early Hints";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 203 -> "Non-Authoritative Information";
            case 204 -> "No Content";
            case 205 -> "Reset Content";
            case 206 -> "Partial Content";
            case 207 -> "Multi-Status";
            case 300 -> "Multiple Choices";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 402 -> "Payment Required";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 407 -> "Proxy Authentication Required";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Range Not Satisfiable";
            case 417 -> "Expectation Failed";
            case 418 -> "I'm a teapot";
            case 421 -> "Misdirected Request";
            case 422 -> "Unprocessable Content";
            case 423 -> "Locked";
            case 424 -> "Failed Dependency";
            case 425 -> "Too Early";
            case 426 -> "Upgrade Required";
            case 428 -> "Precondition Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 451 -> "Unavailable For Legal Reasons";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            case 507 -> "Insufficient Storage";
            case 511 -> "Network Authentication Required";
            default -> "Unknown";
        };
    }

    /** Whether a response with this status never has a body (1xx, 204, 304). */
    public static boolean bodyless(int status) {
        return status < 200 || status == 204 || status == 304;
    }
}
