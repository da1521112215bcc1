package io.keywarden.webhooks;

import io.keywarden.platform.web.Problems;
import io.keywarden.platform.web.Refusal;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * An operator's change to a subscription or a delivery refused before anything changed (no such
 * subscription or delivery, one from configuration, a name taken, a delivery not retryable), with
 * the problem it is answered with. Thrown rather than answered so that the edge audits it as the
 * route's action, like every refusal on an audited route; its message never holds a secret.
 */
class WebhookRefusedException extends RuntimeException implements Refusal {

    private final transient ProblemDetail problem;

    WebhookRefusedException(ProblemDetail problem) {
        super(problem.getDetail(), null, false, false);
        this.problem = problem;
    }

    @Override
    public Kind refusal() {
        return Kind.INVALID;
    }

    /** Answers the refusal with its problem. */
    @RestControllerAdvice(assignableTypes = {SubscriptionController.class, DeliveryController.class})
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class Handler {

        @ExceptionHandler(WebhookRefusedException.class)
        ResponseEntity<ProblemDetail> refused(WebhookRefusedException ex) {
            return Problems.answer(ex.problem);
        }
    }
}
