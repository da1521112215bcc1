package io.keywarden.issuance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReplayCipherTests {

    private static final String OLD_KEY = "+R+z7mZnCpTtODF/x/CW+2OSEQ3fAAp5HFp3nEYA3eI=";
    private static final String NEW_KEY = "W+lB6UnGBK8Yy2L+7BbCNKqf8fPOD12bqmuwhTs328Q=";

    @Test
    void afterAKeyRollAResponseStoredUnderTheOldKeyStillReplaysWhileTheOldKeyIsListedAsPrevious() {
        ReplayCipher.Binding issuance = binding();
        byte[] stored = cipher(OLD_KEY).encrypt(issuance, "answer".getBytes(StandardCharsets.UTF_8));

        ReplayCipher rolled = cipher(NEW_KEY, OLD_KEY);

        assertThat(rolled.decrypt(issuance, stored))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("answer");
        byte[] fresh = rolled.encrypt(issuance, "new".getBytes(StandardCharsets.UTF_8));
        assertThat(cipher(NEW_KEY).decrypt(issuance, fresh))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("new");
        assertThatThrownBy(() -> cipher(OLD_KEY).decrypt(issuance, fresh)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutThePreviousKeyAnOldResponseDoesNotDecrypt() {
        ReplayCipher.Binding issuance = binding();
        byte[] stored = cipher(OLD_KEY).encrypt(issuance, "answer".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> cipher(NEW_KEY).decrypt(issuance, stored))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining(OLD_KEY);
    }

    @Test
    void aResponseDecryptsOnlyForTheClientKeyFingerprintUserAndRowItWasStoredFor() {
        ReplayCipher cipher = cipher(NEW_KEY);
        ReplayCipher.Binding stored = binding();
        byte[] sealed = cipher.encrypt(stored, "answer".getBytes(StandardCharsets.UTF_8));

        List<ReplayCipher.Binding> others = List.of(
                new ReplayCipher.Binding(
                        UUID.randomUUID(),
                        stored.clientName(),
                        stored.idempotencyKey(),
                        stored.fingerprint(),
                        stored.userName()),
                new ReplayCipher.Binding(
                        stored.issuanceId(),
                        "other-client",
                        stored.idempotencyKey(),
                        stored.fingerprint(),
                        stored.userName()),
                new ReplayCipher.Binding(
                        stored.issuanceId(), stored.clientName(), "other-key", stored.fingerprint(), stored.userName()),
                new ReplayCipher.Binding(
                        stored.issuanceId(),
                        stored.clientName(),
                        stored.idempotencyKey(),
                        "0".repeat(64),
                        stored.userName()),
                new ReplayCipher.Binding(
                        stored.issuanceId(),
                        stored.clientName(),
                        stored.idempotencyKey(),
                        stored.fingerprint(),
                        "team-other"));

        assertThat(cipher.decrypt(stored, sealed))
                .asString(StandardCharsets.UTF_8)
                .isEqualTo("answer");
        for (ReplayCipher.Binding other : others) {
            assertThatThrownBy(() -> cipher.decrypt(other, sealed))
                    .as(other.toString())
                    .isInstanceOf(ReplayCipher.UnreadableReplayException.class);
        }
    }

    @Test
    void aResponseStoredWithoutTheFormatMarkIsNotOfTheCurrentFormatAndDoesNotDecrypt() {
        ReplayCipher cipher = cipher(NEW_KEY);
        byte[] sealed = cipher.encrypt(binding(), "answer".getBytes(StandardCharsets.UTF_8));
        byte[] unmarked = Arrays.copyOfRange(sealed, 4, sealed.length);

        assertThat(ReplayCipher.isCurrentFormat(sealed)).isTrue();
        assertThat(ReplayCipher.isCurrentFormat(unmarked)).isFalse();
        assertThatThrownBy(() -> cipher.decrypt(binding(), unmarked))
                .isInstanceOf(ReplayCipher.UnreadableReplayException.class);
    }

    private static ReplayCipher.Binding binding() {
        return new ReplayCipher.Binding(
                UUID.fromString("9f1c2a4e-0b7d-4c55-9a43-2f6a8e1d3b70"),
                "test-issuer",
                "idem-3f0c",
                "a".repeat(64),
                "team-alice");
    }

    private static ReplayCipher cipher(String key, String... previous) {
        return new ReplayCipher(new IssuanceProperties(
                Duration.ofHours(24), key, Duration.ofMinutes(2), Duration.ofSeconds(30), List.of(previous)));
    }
}
