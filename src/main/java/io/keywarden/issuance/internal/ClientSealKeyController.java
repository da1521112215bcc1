package io.keywarden.issuance.internal;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditedAccess;
import io.keywarden.audit.AuditedAttempt;
import io.keywarden.identity.Caller;
import io.keywarden.identity.ClientSealKeyRegistry;
import io.keywarden.identity.ConfiguredClient;
import io.keywarden.identity.Role;
import io.keywarden.identity.RouteAccess;
import io.keywarden.platform.web.ApiTags;
import io.keywarden.platform.web.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The configured clients and the key each one's secrets are sealed to (ADMIN). A key set here
 * overrides the client's {@code seal-to} from configuration; deleting it falls back to that. The
 * next secret issued to the client, on any instance, is sealed to the key as it stands then
 * (docs/sealed-secrets.md). Every change is audited with the operator who made it, refusals too.
 */
@RestController
@Tag(name = ApiTags.ACCESS_KEYS)
class ClientSealKeyController {

    static final String PATH = "/admin/v1/clients";
    static final String SEAL_TO_PATH = PATH + "/{client}/seal-to";

    private final ClientSealKeyRegistry registry;
    private final ClientSealKeyChanges changes;

    ClientSealKeyController(ClientSealKeyRegistry registry, ClientSealKeyChanges changes) {
        this.registry = registry;
        this.changes = changes;
    }

    @Bean
    static RouteAccess setSealKeyAccess(AuditedAccess audited) {
        return audited.route(HttpMethod.PUT, SEAL_TO_PATH, AuditAction.SET_CLIENT_SEAL_KEY, Role.ADMIN);
    }

    @Bean
    static RouteAccess removeSealKeyAccess(AuditedAccess audited) {
        return audited.route(HttpMethod.DELETE, SEAL_TO_PATH, AuditAction.REMOVE_CLIENT_SEAL_KEY, Role.ADMIN);
    }

    /** @param publicKey the standard base64 of a raw 32-byte X25519 public key */
    record SealKey(String publicKey) {}

    /**
     * A client as listed: never its token hash.
     *
     * @param sealToSource {@code configuration}, {@code api} (set here, overriding the configuration) or {@code null}
     */
    record Listed(
            String name,
            Set<Role> roles,
            List<String> userNames,
            String sealTo,
            String sealToSource,
            String sealToSetBy,
            Instant sealToSetAt,
            boolean autoRotate) {

        static Listed of(ConfiguredClient client) {
            return new Listed(
                    client.name(),
                    client.roles(),
                    client.userNames(),
                    client.sealTo(),
                    client.sealToSource() == null
                            ? null
                            : client.sealToSource().name().toLowerCase(Locale.ROOT),
                    client.sealToSetBy(),
                    client.sealToSetAt(),
                    client.autoRotate());
        }
    }

    @Operation(summary = "The configured clients: roles, user-name globs, seal key and its source, auto-rotate (ADMIN)")
    @GetMapping(PATH)
    ResponseEntity<List<Listed>> list() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(registry.clients().stream().map(Listed::of).toList());
    }

    @Operation(
            summary = "Set the key a client's secrets are sealed to, overriding its seal-to from configuration (ADMIN)",
            description = "Body {\"publicKey\": \"<standard base64 of a raw 32-byte X25519 public key>\"}. 200 with the"
                    + " client; 400 naming publicKey when it is not such a key (or a point of small order); 404 for"
                    + " an unknown client. Secrets issued afterwards, on any instance, are sealed to it.")
    @PutMapping(path = SEAL_TO_PATH, consumes = MediaType.APPLICATION_JSON_VALUE)
    @AuditedAttempt(AuditAction.SET_CLIENT_SEAL_KEY)
    ResponseEntity<Listed> set(
            @AuthenticationPrincipal Caller caller,
            @PathVariable String client,
            @RequestBody(required = false) SealKey body) {
        if (body == null) {
            throw new InvalidInputException("publicKey", "A body with publicKey is required.");
        }
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .body(Listed.of(changes.set(caller, client, body.publicKey())));
    }

    @Operation(
            summary =
                    "Remove the key set here, so the client's seal-to from configuration (or none) applies again (ADMIN)",
            description = "200 with the client as it now is; removing nothing changes nothing. 404 for an unknown"
                    + " client; 409 when the client has auto-rotate and no seal-to in configuration.")
    @DeleteMapping(SEAL_TO_PATH)
    @AuditedAttempt(AuditAction.REMOVE_CLIENT_SEAL_KEY)
    ResponseEntity<Listed> remove(@AuthenticationPrincipal Caller caller, @PathVariable String client) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(Listed.of(changes.remove(caller, client)));
    }
}
