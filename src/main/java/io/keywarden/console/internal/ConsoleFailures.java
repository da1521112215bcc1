package io.keywarden.console.internal;

import io.keywarden.platform.web.ApiProblems;
import io.keywarden.platform.web.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * A failure as a console page, inside the console's layout: the problem the API answers for it
 * ({@link ApiProblems}: its title, detail and members, such as the upstream's RetCode, message and
 * request id), the request id to quote, and a link back to the page the person was on. After a
 * form failed, that link brings back what they typed: it is kept for the page the link opens
 * (a flash attribute of that page), so the form shows it again and says why it was not done.
 */
@Component
class ConsoleFailures {

    /** Where a form may say its page is, when that is not the page above the form's action. */
    static final String RETURN_TO = "returnTo";

    /** The model attribute holding what a failed form held, for its page to show again. */
    static final String TYPED = "typed";

    /** The parameter of the link back after a failed form, by which its page shows the form as it was sent. */
    static final String AGAIN = "again";

    /** The model attribute saying why the form's last attempt was not done. */
    static final String LAST_FAILURE = "lastFailure";

    private static final int MAX_FIELDS = 20;
    private static final int MAX_TYPED = 200;

    /** Form fields never shown again: the CSRF token, a one-use idempotency key, the way back. */
    private static final List<String> NOT_KEPT = List.of("_csrf", "idempotencyKey", RETURN_TO);

    /** How the pages name a problem's members, where the member's own name is not plain words. */
    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("retCode", "RetCode"),
            Map.entry("upstreamMessage", "Upstream message"),
            Map.entry("upstreamRequestId", "Upstream request id"),
            Map.entry("parameter", "Field"),
            Map.entry("userName", "User"),
            Map.entry("limit", "Limit"),
            Map.entry("keyStatus", "Key status"),
            Map.entry("maxTtl", "Longest lease"),
            Map.entry("latestExpiresAt", "Latest lease end"),
            Map.entry("issuanceId", "Issuance id"),
            Map.entry("recoveredKeys", "Recovered keys awaiting review"),
            Map.entry("reviewAt", "Review at"),
            Map.entry("job", "Job"),
            Map.entry("runningOn", "Running on"),
            Map.entry("runningSince", "Running since"));

    private final ApiProblems problems;

    ConsoleFailures(ApiProblems problems) {
        this.problems = problems;
    }

    /** The page for {@code failure}: the API's problem for it. */
    ModelAndView page(Exception failure, HttpServletRequest request, HttpServletResponse response, Object handler) {
        ApiProblems.Answer answer = problems.answer(failure, request, response, handler);
        return page(answer.problem(), answer.headers(), request, response, handler);
    }

    /** The page for a problem the console decided itself. */
    ModelAndView page(ProblemDetail problem, HttpServletRequest request, HttpServletResponse response, Object handler) {
        return page(problem, HttpHeaders.EMPTY, request, response, handler);
    }

    private ModelAndView page(
            ProblemDetail problem,
            HttpHeaders headers,
            HttpServletRequest request,
            HttpServletResponse response,
            Object handler) {
        response.setStatus(problem.getStatus());
        for (String header : List.of(HttpHeaders.RETRY_AFTER, HttpHeaders.ALLOW)) {
            String value = headers.getFirst(header);
            if (value != null) {
                response.setHeader(header, value);
            }
        }
        ConsoleReturn back = ConsoleReturn.of(request, handler instanceof HandlerMethod);
        View view = View.of(problem);
        if (!ConsoleReturn.isRead(request)) {
            back = keepTyped(request, response, back, view);
        }
        ModelAndView page = new ModelAndView("console/failure");
        page.addObject("problem", view);
        page.addObject("back", back);
        page.addObject("requestId", MDC.get(RequestIdFilter.REQUEST_ID));
        page.addObject("me", Me.signedIn(request));
        return page;
    }

    /**
     * Keeps what the failed form held, and why it was not done, for the page the link back opens:
     * only by that link ({@value #AGAIN} in its query), so the page opened any other way shows its
     * form empty as ever.
     */
    private static ConsoleReturn keepTyped(
            HttpServletRequest request, HttpServletResponse response, ConsoleReturn back, View problem) {
        FlashMap flash = RequestContextUtils.getOutputFlashMap(request);
        if (flash == null) {
            return back;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        request.getParameterMap().forEach((name, values) -> {
            if (!NOT_KEPT.contains(name) && values.length > 0 && fields.size() < MAX_FIELDS) {
                String value = values[0];
                fields.put(name, value.length() > MAX_TYPED ? value.substring(0, MAX_TYPED) : value);
            }
        });
        ConsoleReturn again = back.withQuery(AGAIN + "=1");
        flash.put(TYPED, new TypedForm(ConsoleReturn.action(request), fields));
        flash.put(LAST_FAILURE, problem.title() + ": " + problem.detail());
        RequestContextUtils.saveOutputFlashMap(again.href(), request, response);
        return again;
    }

    /**
     * What a failed form held, shown again by its page.
     *
     * @param action the last segment of the path the form was sent to ({@code disable}, {@code delete}, ...)
     */
    record TypedForm(String action, Map<String, String> fields) implements Serializable {

        /** What was typed into {@code field} of the form sent to {@code action}, or {@code null}. */
        public String value(String action, String field) {
            return this.action.equals(action) ? fields.get(field) : null;
        }
    }

    /** A problem as the page shows it; its {@code liveKeys} member becomes links to the keys. */
    record View(int status, String title, String detail, List<Member> members, List<LiveKey> liveKeys) {

        static View of(ProblemDetail problem) {
            List<Member> members = new ArrayList<>();
            List<LiveKey> liveKeys = null;
            Map<String, Object> properties = problem.getProperties() == null ? Map.of() : problem.getProperties();
            for (Map.Entry<String, Object> property : properties.entrySet()) {
                if (property.getKey().equals("liveKeys") && property.getValue() instanceof List<?> keys) {
                    liveKeys = keys.stream()
                            .filter(Map.class::isInstance)
                            .map(key -> LiveKey.of((Map<?, ?>) key))
                            .toList();
                } else if (property.getValue() != null) {
                    members.add(new Member(
                            property.getKey(),
                            LABELS.getOrDefault(property.getKey(), property.getKey()),
                            String.valueOf(property.getValue())));
                }
            }
            String title = problem.getTitle() != null ? problem.getTitle() : "Error";
            return new View(problem.getStatus(), title, problem.getDetail(), List.copyOf(members), liveKeys);
        }
    }

    /** A member of the problem: its name in the problem document, how the page labels it, and its value. */
    record Member(String name, String label, String value) {}

    /** A live key of the user a refusal is about, linked to its page. */
    record LiveKey(String accessKeyId, String status, String path) {

        static LiveKey of(Map<?, ?> member) {
            String id = String.valueOf(member.get("accessKeyId"));
            return new LiveKey(id, String.valueOf(member.get("status")), KeyPaths.of(id));
        }
    }
}
