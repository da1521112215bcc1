package io.keywarden.issuance.internal;

import io.keywarden.identity.Caller;
import io.keywarden.issuance.AmbiguousOrphan;
import io.keywarden.issuance.AmbiguousOrphans;
import io.keywarden.platform.web.ApiTags;
import io.keywarden.platform.web.InvalidInputException;
import io.keywarden.platform.web.OperatorReason;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's side of ambiguous orphans (ADMIN, like every {@code /admin} path not opened to
 * auditors): the lost attempts whose keys upstream keywarden could not attribute, and the one
 * call that settles each. Key ids travel in the body, so none needs encoding into a path.
 */
@RestController
@Tag(name = ApiTags.ACCESS_KEYS)
class AmbiguousOrphanController {

    static final String NONE = "none";
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 500;

    private final AmbiguousOrphans resolution;

    AmbiguousOrphanController(AmbiguousOrphans resolution) {
        this.resolution = resolution;
    }

    @Operation(
            summary = "Lost attempts whose keys upstream could not be attributed, oldest first (ADMIN)",
            description = "Nothing was revoked for these; their requests' retries answer 409 until resolved.")
    @GetMapping("/admin/v1/ambiguous-orphans")
    Page list(@RequestParam(required = false) String limit) {
        return new Page(resolution.open(limit(limit)));
    }

    @Operation(
            summary = "Resolve one: revoke the named candidate, or \"none\" to keep them all (ADMIN)",
            description = "Body {\"revoke\": \"<candidate access key id>\"} or {\"revoke\": \"none\"}, and an optional"
                    + " \"reason\" (the operator's reason or ticket, at most " + OperatorReason.MAX_LENGTH
                    + " characters of printable text, else 400 naming reason), kept in the audit event. The attempt"
                    + " is then ABANDONED, so its request may be retried; kept keys are plainly unmanaged.")
    @PostMapping("/admin/v1/ambiguous-orphans/{issuanceId}/resolution")
    Resolved resolve(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String issuanceId,
            @RequestBody(required = false) ResolutionRequest body) {
        UUID id = issuanceId(issuanceId);
        if (body == null || body.revoke() == null || body.revoke().isBlank()) {
            throw new InvalidInputException(
                    "revoke", "Name the candidate key to revoke in \"revoke\", or \"none\" to keep them all.");
        }
        String revoke = NONE.equals(body.revoke()) ? null : body.revoke();
        AmbiguousOrphan report = resolution.resolve(caller, id, revoke, body.reason());
        List<String> kept = report.candidates().stream()
                .map(AmbiguousOrphan.Candidate::accessKeyId)
                .filter(key -> !key.equals(revoke))
                .toList();
        return new Resolved(id, report.userName(), revoke, kept);
    }

    private static UUID issuanceId(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException ex) {
            throw new InvalidInputException("issuanceId", "The issuance id must be a UUID.");
        }
    }

    private static int limit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException ex) {
            // answered below, like any other out-of-range value
        }
        throw new InvalidInputException("limit", "limit must be a whole number from 1 to " + MAX_LIMIT + ".");
    }

    /**
     * @param revoke the candidate to revoke, or {@code "none"} to keep them all
     * @param reason the operator's reason or ticket, or {@code null}
     */
    record ResolutionRequest(String revoke, String reason) {}

    /** @param items the open reports, oldest first */
    record Page(List<AmbiguousOrphan> items) {}

    /**
     * @param issuanceId the attempt, now {@code ABANDONED}
     * @param userName its user
     * @param revoked the key revoked, or {@code null}
     * @param kept the candidates left alone, now plainly unmanaged
     */
    record Resolved(UUID issuanceId, String userName, String revoked, List<String> kept) {}
}
