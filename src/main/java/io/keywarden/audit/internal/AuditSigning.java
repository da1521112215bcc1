package io.keywarden.audit.internal;

import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The keys that protect the audit log: the current Ed25519 signing key and the public keys of
 * the ones it replaced, by id. Each new event names the current key's id, so every event and
 * checkpoint says which key protects it, and a roll is visible in the chain itself. The public key
 * is printed at start-up, for an auditor to compare with the one keywarden serves.
 */
@Component
public class AuditSigning {

    private static final Logger log = LoggerFactory.getLogger(AuditSigning.class);

    /** The key id of events written while checkpoints are switched off: nothing signs them. */
    static final String UNSIGNED = "unsigned";

    private final SigningKey current;
    private final Map<String, PublicKey> publicKeys = new LinkedHashMap<>();

    AuditSigning(AuditProperties properties) {
        String seed = properties.signingKey();
        this.current = seed == null || seed.isBlank() ? null : SigningKey.parse(AuditProperties.SIGNING_KEY, seed);
        if (current != null) {
            publicKeys.put(current.id(), current.publicKey());
            log.info(
                    "Audit checkpoints are signed with key {}; its public key:\n{}",
                    current.id(),
                    SigningKey.pem(current.publicKey()));
        }
        for (String key : properties.previousPublicKeys()) {
            PublicKey previous = SigningKey.publicKey(AuditProperties.PREVIOUS_PUBLIC_KEYS, key);
            publicKeys.putIfAbsent(SigningKey.id(previous), previous);
        }
    }

    /** The id new events and checkpoints name. */
    public String currentKeyId() {
        return current == null ? UNSIGNED : current.id();
    }

    Optional<SigningKey> current() {
        return Optional.ofNullable(current);
    }

    /** Every public key that may have signed a checkpoint, the current one first. */
    Map<String, PublicKey> publicKeys() {
        return publicKeys;
    }

    /** All public keys as PEM, each after a line naming its id: what an auditor verifies with. */
    String pem() {
        StringBuilder out = new StringBuilder();
        publicKeys.forEach((id, key) -> out.append("key-id: ")
                .append(id)
                .append(current != null && id.equals(current.id()) ? " (current)" : " (previous)")
                .append('\n')
                .append(SigningKey.pem(key)));
        return out.toString();
    }
}
