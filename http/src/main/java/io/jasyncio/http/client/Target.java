package io.jasyncio.http.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed request URL: where to connect ({@link #origin()}) and what to put in the request line. Built from
 * the URL the caller gave, resolved against the session's base URL, with query parameters appended
 * (percent-encoded as a form: aiohttp's {@code params=}).
 *
 * @param uri the absolute URL
 * @param origin scheme, host and port: the pool key
 * @param pathQuery the request target: path and query, {@code "/"} at least
 */
record Target(URI uri, Origin origin, String pathQuery) {

    /**
     * Where a connection goes: the pool keeps connections per origin. A value class (equal by scheme, host and
     * port) with its hash computed once: it is looked up on every request.
     */
    static final class Origin {
        private final boolean secure;
        private final String host;
        private final int port;
        private final int hash;
        private final String hostHeader;

        /**
         * @param secure https
         * @param host the host name or address literal (IPv6 without brackets), lower case
         * @param port the port
         */
        Origin(boolean secure, String host, int port) {
            this.secure = secure;
            this.host = host;
            this.port = port;
            this.hash = (Boolean.hashCode(secure) * 31 + host.hashCode()) * 31 + port;
            String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
            this.hostHeader = port == (secure ? 443 : 80) ? h : h + ":" + port;
        }

        boolean secure() {
            return secure;
        }

        String host() {
            return host;
        }

        int port() {
            return port;
        }

        /** The {@code Host} header: the port only when it is not the scheme's default. */
        String hostHeader() {
            return hostHeader;
        }

        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Origin other && other.hash == hash && other.secure == secure
                    && other.port == port && other.host.equals(host);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return (secure ? "https://" : "http://") + hostHeader;
        }
    }

    static Target parse(URI base, String url, List<Map.Entry<String, String>> params) throws ClientError.InvalidUrl {
        URI uri;
        try {
            uri = new URI(url);
            if (base != null && !uri.isAbsolute()) {
                uri = base.resolve(uri);
            }
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ClientError.InvalidUrl(url, "not a valid URL: " + e.getMessage(), e);
        }
        return of(uri, params, url);
    }

    static Target of(URI uri, List<Map.Entry<String, String>> params, String asGiven) throws ClientError.InvalidUrl {
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new ClientError.InvalidUrl(asGiven, "the URL must be absolute, http or https", null);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new ClientError.InvalidUrl(asGiven, "the URL has no host", null);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        boolean secure = scheme.equals("https");
        int port = uri.getPort() == -1 ? (secure ? 443 : 80) : uri.getPort();
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        String query = uri.getRawQuery();
        if (params != null && !params.isEmpty()) {
            String extra = encodeForm(params);
            query = query == null || query.isEmpty() ? extra : query + "&" + extra;
            try {
                uri = new URI(scheme + "://" + uri.getRawAuthority() + path + "?" + query);
            } catch (URISyntaxException e) {
                throw new ClientError.InvalidUrl(asGiven, "query parameters make an invalid URL: " + e.getMessage(), e);
            }
        }
        String pathQuery = query == null ? path : path + "?" + query;
        return new Target(uri, new Origin(secure, host.toLowerCase(Locale.ROOT), port), pathQuery);
    }

    /** {@code a=1&b=x+y}: application/x-www-form-urlencoded, UTF-8. */
    static String encodeForm(List<Map.Entry<String, String>> fields) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : fields) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    /** A redirect's {@code Location}, resolved against this URL. */
    Target redirect(String location) throws ClientError.InvalidUrl {
        try {
            return of(uri.resolve(new URI(location)), null, location);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ClientError.InvalidUrl(uri.toString(), "invalid redirect Location " + location + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
