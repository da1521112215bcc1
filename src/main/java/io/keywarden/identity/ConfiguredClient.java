package io.keywarden.identity;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A configured client as an operator sees it: never its token hash.
 *
 * @param name its name, the audit log's actor
 * @param roles its configured roles
 * @param userNames the globs of the users it may manage
 * @param sealTo the standard base64 of the X25519 public key its secrets are sealed to, or {@code null}
 * @param sealToSource where {@code sealTo} comes from, or {@code null} when it has none
 * @param sealToSetBy who set it through the admin API, or {@code null}
 * @param sealToSetAt when it was set through the admin API, or {@code null}
 * @param autoRotate whether keywarden rotates its keys by itself
 */
public record ConfiguredClient(
        String name,
        Set<Role> roles,
        List<String> userNames,
        String sealTo,
        SealKeySource sealToSource,
        String sealToSetBy,
        Instant sealToSetAt,
        boolean autoRotate) {

    /** Where a client's seal key comes from. */
    public enum SealKeySource {
        /** {@code keywarden.identity.clients[].seal-to} */
        CONFIGURATION,
        /** {@code PUT /admin/v1/clients/{client}/seal-to}, which overrides the configuration */
        API
    }
}
