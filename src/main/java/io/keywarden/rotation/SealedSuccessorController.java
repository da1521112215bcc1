package io.keywarden.rotation;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditedAccess;
import io.keywarden.audit.AuditedAttempt;
import io.keywarden.identity.Caller;
import io.keywarden.identity.Role;
import io.keywarden.identity.RouteAccess;
import io.keywarden.issuance.SealedSecret;
import io.keywarden.issuance.SealedSuccessor;
import io.keywarden.platform.web.ActingGets;
import io.keywarden.platform.web.ApiTags;
import io.keywarden.platform.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The issuing client's two routes for an automatic rotation's successor: fetch its sealed secret,
 * then acknowledge it (docs/sealed-secrets.md#automatic-rotation).
 */
@RestController
@Tag(name = ApiTags.ACCESS_KEYS)
class SealedSuccessorController {

    static final String FETCH_PATH = "/v1/access-keys/{accessKeyId}/sealed-secret";
    static final String ACKNOWLEDGE_PATH = "/v1/access-keys/{accessKeyId}/acknowledge";

    private final SealedSuccessorAccess access;

    SealedSuccessorController(SealedSuccessorAccess access) {
        this.access = access;
    }

    /** ISSUER and ADMIN may ask; only the client the key was issued to is answered. */
    @Bean
    static RouteAccess fetchSealedSecretAccess(AuditedAccess audited) {
        return audited.route(HttpMethod.GET, FETCH_PATH, AuditAction.FETCH_SEALED_SECRET, Role.ISSUER, Role.ADMIN);
    }

    @Bean
    static RouteAccess acknowledgeSealedSecretAccess(AuditedAccess audited) {
        return audited.route(
                HttpMethod.POST, ACKNOWLEDGE_PATH, AuditAction.ACKNOWLEDGE_SEALED_SECRET, Role.ISSUER, Role.ADMIN);
    }

    /**
     * The answer of a fetch.
     *
     * @param accessKeyId the successor keywarden made
     * @param rotatedFrom the key it replaces, which retires on acknowledgement or after the grace period
     * @param userName the upstream user of both
     * @param sealedSecret the successor's secret, sealed to the client's {@code seal-to}
     * @param createdAt when the successor was recorded
     */
    record SealedSecretAnswer(
            String accessKeyId, String rotatedFrom, String userName, SealedSecret sealedSecret, Instant createdAt) {}

    /**
     * The answer of an acknowledgement.
     *
     * @param accessKeyId the successor acknowledged
     * @param rotatedFrom the key it replaces
     * @param rotatedFromRetireAt when that key retires (now: the retirement job carries it out on its
     *     next run), or {@code null} when it had been retired already
     */
    record AcknowledgedAnswer(String accessKeyId, String rotatedFrom, Instant rotatedFromRetireAt) {}

    @Operation(
            summary = "Fetch the sealed secret of a key keywarden rotated by itself",
            description = "Only the client the key was issued to (a client with auto-rotate), until it acknowledges"
                    + " it: 403 for any other client that may see the key, 404 for a key no automatic rotation made"
                    + " (or one outside the caller's scope), 410 once acknowledged. The secret is only ever sealed"
                    + " to the client's seal-to.")
    @GetMapping(FETCH_PATH)
    @AuditedAttempt(AuditAction.FETCH_SEALED_SECRET)
    SealedSecretAnswer fetch(
            @AuthenticationPrincipal Caller caller, @PathVariable String accessKeyId, HttpServletRequest request)
            throws HttpRequestMethodNotSupportedException {
        // A HEAD would be audited as a fetch that delivered nothing.
        ActingGets.refuseHead(request, HttpMethod.GET);
        SealedSuccessor successor = access.fetch(caller, accessKeyId);
        return new SealedSecretAnswer(
                successor.accessKeyId(),
                successor.rotatedFrom(),
                successor.userName(),
                successor.sealedSecret(),
                successor.createdAt());
    }

    @Operation(
            summary = "Acknowledge the sealed secret of a key keywarden rotated by itself",
            description = "The client has the new secret in use: its sealed copy is deleted (a fetch then answers"
                    + " 410) and the key it replaces retires now rather than after the grace period. Same rules as"
                    + " the fetch; a second acknowledgement answers 410.")
    @PostMapping(ACKNOWLEDGE_PATH)
    @AuditedAttempt(AuditAction.ACKNOWLEDGE_SEALED_SECRET)
    AcknowledgedAnswer acknowledge(@AuthenticationPrincipal Caller caller, @PathVariable String accessKeyId) {
        SealedSuccessorAccess.Acknowledged acknowledged = access.acknowledge(caller, accessKeyId);
        return new AcknowledgedAnswer(
                accessKeyId, acknowledged.successor().rotatedFrom(), acknowledged.predecessorRetireAt());
    }

    /** Answers the refusals of both routes: 404 none, 403 not the key's client, 410 acknowledged. */
    @RestControllerAdvice
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class ProblemHandler {

        @ExceptionHandler(SealedSuccessorRefusedException.class)
        ResponseEntity<ProblemDetail> refused(SealedSuccessorRefusedException ex) {
            return Problems.answer(
                    switch (ex.reason()) {
                        case NONE -> Problems.notFound(ex.getMessage());
                        case NOT_ITS_CLIENT -> Problems.forbidden(ex.getMessage());
                        case ACKNOWLEDGED ->
                            Problems.gone("sealed-secret-acknowledged", "Sealed secret acknowledged", ex.getMessage());
                    });
        }
    }
}
