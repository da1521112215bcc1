package io.keywarden.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person's browser over real HTTP: it keeps cookies per host and follows redirects itself, so a
 * test can see every stop of a sign-in (keywarden, the identity provider's login form, back).
 */
public final class Browser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** Every URL this browser was sent to, in order. */
    public final List<URI> visited = new ArrayList<>();

    /** Every {@code Set-Cookie} it received, in order. */
    public final List<String> setCookies = new ArrayList<>();

    public HttpResponse<String> get(String url) {
        return follow(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    /** Signs in at the identity provider's login form the browser was sent to, and follows on. */
    public HttpResponse<String> signInAt(HttpResponse<String> loginPage, String username, String password) {
        Matcher csrf = CSRF.matcher(loginPage.body());
        if (!csrf.find()) {
            throw new IllegalStateException("no login form at " + loginPage.uri() + ": " + loginPage.body());
        }
        String form = Map.of("username", username, "password", password, "_csrf", csrf.group(1)).entrySet().stream()
                .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return follow(HttpRequest.newBuilder(loginPage.uri())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
    }

    /**
     * Posts a form as the page's own forms would: with the CSRF token {@code page} carries (every
     * console page has one, in its sign-out form), and follows on.
     */
    public HttpResponse<String> post(HttpResponse<String> page, String url, Map<String, String> fields) {
        Matcher csrf = CSRF.matcher(page.body());
        if (!csrf.find()) {
            throw new IllegalStateException("no CSRF token at " + page.uri());
        }
        Map<String, String> all = new java.util.LinkedHashMap<>(fields);
        all.put("_csrf", csrf.group(1));
        String form = all.entrySet().stream()
                .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return follow(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
    }

    /** The value of a cookie this browser holds for a URL, or null. */
    public String cookie(String url, String name) {
        return cookies.getCookieStore().get(URI.create(url)).stream()
                .filter(cookie -> cookie.getName().equals(name))
                .map(java.net.HttpCookie::getValue)
                .findFirst()
                .orElse(null);
    }

    private HttpResponse<String> follow(HttpRequest request) {
        HttpResponse<String> response = send(request);
        for (int hop = 0; hop < 20 && response.statusCode() / 100 == 3; hop++) {
            URI next = response.uri()
                    .resolve(response.headers().firstValue("Location").orElseThrow());
            response = send(HttpRequest.newBuilder(next).GET().build());
        }
        return response;
    }

    private HttpResponse<String> send(HttpRequest request) {
        visited.add(request.uri());
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            setCookies.addAll(response.headers().allValues("Set-Cookie"));
            return response;
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
