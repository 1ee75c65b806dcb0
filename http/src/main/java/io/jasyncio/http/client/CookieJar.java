package io.jasyncio.http.client;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cookies of a session: aiohttp's {@code CookieJar}, httpx's {@code Cookies}. Every response's
 * {@code Set-Cookie} fields are stored (with their domain, path, expiry and {@code Secure} rules, RFC 6265 as
 * the JDK's {@link CookieManager} applies them), and every request carries the cookies that match its URL
 * in a {@code Cookie} header, redirects included. Cookies from the server that sent them only
 * ({@link CookiePolicy#ACCEPT_ORIGINAL_SERVER}).
 *
 * <p>Thread-safe (the JDK's store is), though a session uses it from its loop only.
 */
public final class CookieJar {
    private final CookieManager manager = new CookieManager(null, CookiePolicy.ACCEPT_ORIGINAL_SERVER);
    /** Whether a cookie was ever stored: until then a request builds no lookup (the JDK's store copies its list). */
    private volatile boolean used;

    /** An empty jar. */
    public CookieJar() {
    }

    /**
     * Stores the cookies of a {@code Set-Cookie} header value as if {@code url} had sent it
     * ({@code update_cookies}).
     *
     * @param url the URL the cookies come from
     * @param setCookie one {@code Set-Cookie} value, e.g. {@code "sid=1; Path=/; HttpOnly"}
     */
    public void update(String url, String setCookie) {
        update(URI.create(url), List.of(setCookie));
    }

    void update(URI uri, List<String> setCookies) {
        if (setCookies.isEmpty()) {
            return;
        }
        try {
            used = true;
            manager.put(uri, Map.of("Set-Cookie", setCookies));
        } catch (java.io.IOException | IllegalArgumentException e) {
            // a malformed cookie is ignored, as browsers and aiohttp do
        }
    }

    /**
     * The cookies a request to {@code url} carries, name to value ({@code filter_cookies}).
     *
     * @param url the URL
     * @return the cookies, in the order they would be sent
     */
    public Map<String, String> filterCookies(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        String header = header(URI.create(url));
        if (header != null) {
            for (String part : header.split(";\\s*")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    out.put(part.substring(0, eq), part.substring(eq + 1));
                }
            }
        }
        return out;
    }

    /** The {@code Cookie} header for a request to {@code uri}, or null. */
    String header(URI uri) {
        if (!used) {
            return null; // the common case, without building the JDK's maps
        }
        try {
            List<String> values = manager.get(uri, Map.of()).get("Cookie");
            return values == null || values.isEmpty() ? null : String.join("; ", values);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** @return every stored cookie, expired ones dropped */
    public List<HttpCookie> cookies() {
        return manager.getCookieStore().getCookies();
    }

    /** Forgets every cookie ({@code clear()}). */
    public void clear() {
        manager.getCookieStore().removeAll();
        used = false;
    }
}
