package io.keywarden.revocation;

import io.keywarden.accesskey.AccessKeyStatus;
import io.keywarden.accesskey.SelectedKey;
import io.keywarden.identity.Caller;
import io.keywarden.platform.web.ApiTags;
import io.keywarden.platform.web.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Incident response (ADMIN): revoke every key of keywarden's own that a filter selects. A dry run
 * (the default) counts and samples the matches; a real run is accepted and carried on in the
 * background by the revocation worker, its progress readable at its {@code Location}.
 */
@RestController
@Tag(name = ApiTags.REVOCATIONS)
class RevocationController {

    static final String PATH = "/admin/v1/revocations";

    private static final String REQUEST_EXAMPLE = """
            {"filter": {"issuedBy": "payments-service", "createdAfter": "2026-11-27T00:00:00Z"},
             "reason": "payments-service token leaked (INC-4711)", "dryRun": false}""";
    private static final String DRY_RUN_EXAMPLE = """
            {"matched": 2, "sample": [{"accessKeyId": "0Y6rwIS5Bxq4HaG5WBFg0KQ/gex++P9xbpigcha7nBI=",
             "userName": "team-payments", "status": "ACTIVE", "createdAt": "2026-11-28T06:45:08Z",
             "issuedBy": "payments-service"}]}""";
    private static final String REPORT_EXAMPLE = """
            {"id": "5b0e3f0c-8d0e-4a43-9a37-7b1c3c2f9e11", "state": "RUNNING",
             "reason": "payments-service token leaked (INC-4711)", "requestedBy": "oncall-admin",
             "filter": {"userName": null, "issuedBy": "payments-service", "createdAfter": "2026-11-27T00:00:00Z",
             "createdBefore": null, "status": null}, "matched": 120, "revoked": 80, "skipped": 1, "failed": 0,
             "pending": 39, "failures": [{"accessKeyId": "y96isICDOCmD6xsKq/BpOkWmyRXlF0jE+Nq3vT1wZ8s=",
             "userName": "team-payments", "reason": "upstream unavailable (HTTP 503)", "attempts": 2,
             "gaveUp": false}], "createdAt": "2026-11-28T07:00:00Z", "finishedAt": null}""";

    private final Revocations revocations;

    RevocationController(Revocations revocations) {
        this.revocations = revocations;
    }

    @Operation(
            summary = "Revoke every key a filter selects (ADMIN)",
            description = "filter: userName (glob), issuedBy, createdAfter, createdBefore (RFC 3339), status"
                    + " (ACTIVE, ROTATING, INACTIVE); at least one. dryRun defaults to true: 200 with the count and"
                    + " a sample. dryRun false: 202 with Location, carried on in the background.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content = @Content(examples = @ExampleObject(value = REQUEST_EXAMPLE)))
    @ApiResponse(
            responseCode = "200",
            description = "Dry run: how many keys match, and the first of them",
            content = @Content(examples = @ExampleObject(value = DRY_RUN_EXAMPLE)))
    @ApiResponse(
            responseCode = "202",
            description = "Started: its progress is at Location",
            content = @Content(examples = @ExampleObject(value = REPORT_EXAMPLE)))
    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> revoke(@AuthenticationPrincipal Caller caller, @RequestBody RevocationRequest body) {
        if (body == null) {
            throw new InvalidInputException("A body with filter and reason is required.");
        }
        if (!Boolean.FALSE.equals(body.dryRun())) {
            Revocations.DryRun found = revocations.dryRun(body);
            return ResponseEntity.ok()
                    .cacheControl(CacheControl.noStore())
                    .body(new DryRunAnswer(
                            found.matched(),
                            found.sample().stream().map(Sampled::of).toList()));
        }
        UUID id = revocations.start(caller, body);
        return ResponseEntity.accepted()
                .location(URI.create(PATH + "/" + id))
                .cacheControl(CacheControl.noStore())
                .body(revocations.report(id.toString()));
    }

    @Operation(summary = "A bulk revocation's progress and failures (ADMIN)")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = REPORT_EXAMPLE)))
    @GetMapping(PATH + "/{id}")
    ResponseEntity<RevocationReport> report(@PathVariable String id) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(revocations.report(id));
    }

    /** The answer to a dry run. */
    record DryRunAnswer(long matched, List<Sampled> sample) {}

    /** One key a dry run matched. */
    record Sampled(String accessKeyId, String userName, AccessKeyStatus status, Instant createdAt, String issuedBy) {

        static Sampled of(SelectedKey key) {
            return new Sampled(key.accessKeyId(), key.userName(), key.status(), key.createdAt(), key.issuedBy());
        }
    }
}
