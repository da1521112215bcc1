package io.keywarden.audit.internal;

import io.keywarden.platform.web.ApiTags;
import io.keywarden.platform.web.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The signed checkpoints of the audit chain as the database lists them, newest first, and the
 * public keys they verify with, as PEM (the current key, then the ones it replaced): what an
 * auditor needs, with the checkpoint files and an export, to verify the log without keywarden.
 */
@RestController
@Tag(name = ApiTags.AUDIT)
class AuditCheckpointController {

    private static final int MAX_LIMIT = 1000;

    private final AuditCheckpoints checkpoints;
    private final AuditSigning signing;

    AuditCheckpointController(AuditCheckpoints checkpoints, AuditSigning signing) {
        this.checkpoints = checkpoints;
        this.signing = signing;
    }

    @Operation(summary = "List the audit log's signed checkpoints, newest first (AUDITOR, ADMIN)")
    @GetMapping("/admin/v1/audit-checkpoints")
    ResponseEntity<List<Checkpoint>> list(@RequestParam(required = false) String limit) {
        int size = 100;
        if (limit != null) {
            try {
                size = Integer.parseInt(limit);
            } catch (NumberFormatException ex) {
                size = -1;
            }
            if (size < 1 || size > MAX_LIMIT) {
                throw new InvalidInputException("limit", "limit must be a number from 1 to " + MAX_LIMIT + ".");
            }
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(checkpoints.newest(size));
    }

    @Operation(summary = "The public keys that verify the audit checkpoints, as PEM (AUDITOR, ADMIN)")
    @GetMapping(value = "/admin/v1/audit-checkpoints/public-key", produces = "application/x-pem-file")
    ResponseEntity<String> publicKey() {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/x-pem-file"))
                .body(signing.pem());
    }
}
