package io.keywarden.console.internal;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;

/**
 * Where a console page that failed links back to: the page the person was on. The console sends
 * no referrer, so it is told or derived, never guessed from a header:
 *
 * <ul>
 *   <li>a form that names its page ({@value ConsoleFailures#RETURN_TO}, a console path) goes back there;
 *   <li>any other form goes back to the page above its action: {@code /console/keys/{id}/disable}
 *       to the key's page;
 *   <li>a page that failed with a search goes back to itself without it, a page that failed
 *       otherwise to the page above it, and a path no page serves to the Overview.
 * </ul>
 *
 * @param href the console path to link to
 * @param label the link's words
 */
record ConsoleReturn(String href, String label) {

    private static final String CONSOLE = "/console";
    private static final int MAX_LENGTH = 2048;

    static ConsoleReturn of(HttpServletRequest request, boolean pageServed) {
        String told = request.getParameter(ConsoleFailures.RETURN_TO);
        if (isConsolePath(told)) {
            return to(told);
        }
        String path = uri(request);
        if (!isRead(request)) {
            return to(parent(path));
        }
        if (!pageServed) {
            return to(CONSOLE);
        }
        return to(query(request) != null ? path : parent(path));
    }

    /** The path the person asked for, also when the request was forwarded to a page that answers for it. */
    private static String uri(HttpServletRequest request) {
        Object forwarded = request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI);
        return forwarded instanceof String original ? original : request.getRequestURI();
    }

    private static String query(HttpServletRequest request) {
        return request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI) != null
                ? (String) request.getAttribute(RequestDispatcher.FORWARD_QUERY_STRING)
                : request.getQueryString();
    }

    /** Whether the request only reads (a page), rather than sends a form. */
    static boolean isRead(HttpServletRequest request) {
        return "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
    }

    /** The last segment of the request's path: for a form, the action it asked for. */
    static String action(HttpServletRequest request) {
        String path = uri(request);
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /**
     * A path of this console and nothing else: no other host or scheme ({@code //}, a backslash),
     * no step out of it ({@code .} segments), nothing unprintable.
     */
    static boolean isConsolePath(String path) {
        if (path == null || path.length() > MAX_LENGTH || !path.startsWith(CONSOLE)) {
            return false;
        }
        if (path.length() > CONSOLE.length() && "/?#".indexOf(path.charAt(CONSOLE.length())) < 0) {
            return false;
        }
        return !path.contains("//")
                && !path.contains("\\")
                && !path.contains("/.")
                && path.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    /** This way back with {@code parameter} added to its query (before any fragment), its words unchanged. */
    ConsoleReturn withQuery(String parameter) {
        int fragment = href.indexOf('#');
        String path = fragment < 0 ? href : href.substring(0, fragment);
        String rest = fragment < 0 ? "" : href.substring(fragment);
        return new ConsoleReturn(path + (path.contains("?") ? "&" : "?") + parameter + rest, label);
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        String above = slash <= 0 ? CONSOLE : path.substring(0, slash);
        return above.length() < CONSOLE.length() ? CONSOLE : above;
    }

    private static ConsoleReturn to(String href) {
        return new ConsoleReturn(href, labelOf(href));
    }

    private static String labelOf(String href) {
        String path = href.replaceFirst("[?#].*$", "");
        String[] segments = Arrays.stream(path.split("/"))
                .filter(segment -> !segment.isEmpty())
                .toArray(String[]::new);
        if (segments.length <= 1) {
            return "Back to the Overview";
        }
        if (segments.length == 2) {
            return "Back to " + Character.toUpperCase(segments[1].charAt(0)) + segments[1].substring(1);
        }
        if (segments.length == 3 && segments[1].equals("keys")) {
            return "Back to the key";
        }
        return "Back to the page you were on";
    }
}
