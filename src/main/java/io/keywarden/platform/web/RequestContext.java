package io.keywarden.platform.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Where an action was asked for, as the edge resolved it once per request: the request's id, the
 * address it came from, the subject and {@code jti} of the caller's identity-provider token, and
 * the name people know a person signed in through the identity provider by. It travels with the
 * caller and with every audit event of the request, explicitly, so nothing that records what
 * happened depends on the thread it runs on or on the logging context. Work keywarden does on its
 * own (its jobs) has {@link #NONE}. None of it is a secret; the token itself is never kept.
 *
 * @param requestId the request's id ({@code X-Request-Id}), or {@code null} outside a request
 * @param clientAddress the address the request came from, or {@code null}
 * @param tokenSubject the subject of the caller's identity-provider token, or {@code null}
 * @param tokenId the {@code jti} of that token, or {@code null}
 * @param displayName the name people know a person signed in through the identity provider by,
 *     or {@code null}; never unique or stable, so never used to decide anything
 */
public record RequestContext(
        String requestId, String clientAddress, String tokenSubject, String tokenId, String displayName) {

    /** The context of work no request asked for. */
    public static final RequestContext NONE = new RequestContext(null, null, null, null, null);

    private static final String ATTRIBUTE = RequestContext.class.getName();

    /** The context the edge resolved for {@code request}, or {@link #NONE} when it resolved none. */
    public static RequestContext of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof RequestContext context ? context : NONE;
    }

    /** Makes {@code context} the context of {@code request}, for everything that handles it after. */
    public static void resolve(HttpServletRequest request, RequestContext context) {
        request.setAttribute(ATTRIBUTE, context);
    }

    /** This context, of a request authenticated by an identity-provider token with this subject and {@code jti}. */
    public RequestContext withToken(String subject, String id) {
        return new RequestContext(requestId, clientAddress, subject, id, displayName);
    }

    /** This context, of a request by a person people know by {@code name}. */
    public RequestContext withDisplayName(String name) {
        return new RequestContext(requestId, clientAddress, tokenSubject, tokenId, name);
    }
}
