package io.keywarden.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Objects;

/**
 * A committed change of a key, in the shape subscribers receive it: its type, when it happened
 * and the key as the change left it. Never holds a secret in clear: the one secret an event may
 * carry is an automatic rotation's, sealed to the key's client ({@link Key#sealedSecret()}).
 *
 * @param type what happened
 * @param timestamp when the change was made
 * @param data the key after the change
 */
public record KeyEvent(Type type, Instant timestamp, Key data) {

    public KeyEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(data, "data");
    }

    /** What happened to a key; {@link #wireName()} is the type subscribers see. */
    public enum Type {
        /** A key was created. */
        ISSUED("key.issued"),
        /** A key was created as the successor of another ({@link Key#rotatedFrom()}). */
        ROTATED("key.rotated"),
        /** A key's lease was renewed and now ends later. */
        RENEWED("key.renewed"),
        /** A key's lease ends within the configured lead time: raised once per lease. */
        EXPIRING("key.expiring"),
        /** A key whose lease ended was taken out of service. */
        EXPIRED("key.expired"),
        /** An operator disabled a key. */
        DISABLED("key.disabled"),
        /** An operator enabled a key. */
        ENABLED("key.enabled"),
        /** An operator deleted a key, or a superseded key was retired after its grace period. */
        DELETED("key.deleted"),
        /** A bulk revocation took a key out of service. */
        REVOKED("key.revoked"),
        /**
         * Reconciliation found the upstream had the key otherwise, and its record now says so: also
         * a key it adopted after a loss of the database's commits, recorded again ({@link
         * Key#client()} {@code null}: which client holds it is unknown).
         */
        DRIFT("key.drift"),
        /**
         * An automatic rotation of the key was refused because its user holds as many keys as the
         * upstream allows: the key was not rotated, and keeps ageing. Raised on every age-watch run
         * that finds it so, until a slot is freed.
         */
        ROTATION_BLOCKED("key.rotation-blocked");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        /** The name of §8 of the design, such as {@code key.issued}. */
        @JsonValue
        public String wireName() {
            return wireName;
        }
    }

    /**
     * The key as a change left it.
     *
     * @param accessKeyId the key's id
     * @param userName the upstream user the key belongs to
     * @param client the client that issued the key; {@code null} for a key recovered after a loss
     *     of the database's commits, whose client is unknown
     * @param status the key's status after the change ({@code ACTIVE}, {@code ROTATING},
     *     {@code INACTIVE}, {@code DELETED})
     * @param expiresAt when its lease ends; {@code null} when it has none
     * @param rotatedFrom the key it replaced; {@code null} when it replaced none
     * @param sealedSecret for the successor of an automatic rotation ({@code key.rotated} with
     *     {@code client} not the actor), its secret sealed to that client's {@code seal-to}; left
     *     out of every other event
     */
    public record Key(
            String accessKeyId,
            String userName,
            String client,
            String status,
            Instant expiresAt,
            String rotatedFrom,
            @JsonInclude(JsonInclude.Include.NON_NULL) Sealed sealedSecret) {

        public Key {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(userName, "userName");
            Objects.requireNonNull(status, "status");
        }

        /** The key as a change left it, with no secret. */
        public Key(
                String accessKeyId,
                String userName,
                String client,
                String status,
                Instant expiresAt,
                String rotatedFrom) {
            this(accessKeyId, userName, client, status, expiresAt, rotatedFrom, null);
        }
    }

    /**
     * A secret sealed to its client's X25519 public key, in the form of docs/sealed-secrets.md
     * (RFC 9180 HPKE, base mode): only that client's private key opens it.
     *
     * @param suite the HPKE suite
     * @param enc standard base64 of the encapsulated key
     * @param ciphertext standard base64 of the ciphertext and tag
     * @param info the HPKE {@code info}, which names the key
     */
    public record Sealed(String suite, String enc, String ciphertext, String info) {

        @Override
        public String toString() {
            return "Sealed[" + info + "]";
        }
    }
}
