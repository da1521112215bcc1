package io.keywarden.webhooks;

import io.keywarden.identity.UserNameGlob;
import io.keywarden.platform.secrets.SecretKeySetting;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The subscriptions made at {@code /admin/v1/subscriptions} ({@code webhook_subscription}). Their
 * secrets are stored only encrypted, with AES-256-GCM under {@code keywarden.events.secret-key},
 * the subscription's name bound as associated data, so a secret copied onto another row does not
 * decrypt. Without that key no subscription can be made here.
 */
@Repository
class SubscriptionStore {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final JdbcTemplate jdbc;
    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();
    private final JsonMapper json = JsonMapper.builder().build();

    SubscriptionStore(JdbcTemplate jdbc, WebhookProperties properties) {
        this.jdbc = jdbc;
        this.key = properties.secretKey() == null || properties.secretKey().isBlank()
                ? null
                : new SecretKeySpec(
                        SecretKeySetting.decode("keywarden.events.secret-key", properties.secretKey()), "AES");
    }

    /** Whether subscriptions can be stored: {@code keywarden.events.secret-key} is set. */
    boolean enabled() {
        return key != null;
    }

    /** Every stored subscription, its secrets decrypted; none when no key is set. */
    List<Subscription> all() {
        if (key == null) {
            return List.of();
        }
        return jdbc.query(
                "SELECT name, url, types, user_names, secret, previous_secret, previous_until"
                        + " FROM webhook_subscription ORDER BY name",
                this::subscription);
    }

    Optional<Subscription> named(String name) {
        if (key == null) {
            return Optional.empty();
        }
        return jdbc
                .query(
                        "SELECT name, url, types, user_names, secret, previous_secret, previous_until"
                                + " FROM webhook_subscription WHERE name = ?",
                        this::subscription,
                        name)
                .stream()
                .findFirst();
    }

    /** @return whether it was stored; {@code false}: the name is taken */
    boolean insert(Subscription subscription, Instant now) {
        try {
            jdbc.update(
                    """
                    INSERT INTO webhook_subscription (name, url, types, user_names, secret, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                    subscription.name(),
                    subscription.url().toString(),
                    json.writeValueAsString(
                            subscription.types().stream().sorted().toList()),
                    json.writeValueAsString(subscription.userNames().stream()
                            .map(UserNameGlob::glob)
                            .toList()),
                    encrypt(subscription.name(), subscription.secret()),
                    Timestamp.from(now),
                    Timestamp.from(now));
            return true;
        } catch (DuplicateKeyException ex) {
            return false;
        }
    }

    /** Makes {@code secret} the current secret, keeping the current one as the previous until {@code until}. */
    boolean rotate(String name, byte[] secret, Instant until, Instant now) {
        return jdbc.update("""
                        UPDATE webhook_subscription SET previous_secret = secret, secret = ?, previous_until = ?,
                            updated_at = ?
                        WHERE name = ?
                        """, encrypt(name, secret), Timestamp.from(until), Timestamp.from(now), name) == 1;
    }

    boolean delete(String name) {
        return jdbc.update("DELETE FROM webhook_subscription WHERE name = ?", name) == 1;
    }

    private Subscription subscription(ResultSet rs, int row) throws SQLException {
        String name = rs.getString("name");
        byte[] previous = rs.getBytes("previous_secret");
        Timestamp previousUntil = rs.getTimestamp("previous_until");
        return new Subscription(
                name,
                URI.create(rs.getString("url")),
                decrypt(name, rs.getBytes("secret")),
                Set.copyOf(json.readValue(rs.getString("types"), STRINGS)),
                json.readValue(rs.getString("user_names"), STRINGS).stream()
                        .map(UserNameGlob::of)
                        .toList(),
                previous == null ? null : decrypt(name, previous),
                previousUntil == null ? null : previousUntil.toInstant());
    }

    private byte[] encrypt(String name, byte[] secret) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(secret);
            return ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException("a subscription's secret could not be encrypted", ex);
        }
    }

    private byte[] decrypt(String name, byte[] stored) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(
                    Cipher.DECRYPT_MODE,
                    key,
                    new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(stored, 0, NONCE_BYTES)));
            cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(stored, NONCE_BYTES, stored.length - NONCE_BYTES);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(
                    "the secret of subscription " + name + " does not decrypt under keywarden.events.secret-key");
        }
    }
}
