package io.keywarden.issuance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ReplayCipherTest {

    private static final String OLD_KEY = "+R+z7mZnCpTtODF/x/CW+2OSEQ3fAAp5HFp3nEYA3eI=";
    private static final String NEW_KEY = "W+lB6UnGBK8Yy2L+7BbCNKqf8fPOD12bqmuwhTs328Q=";

    @Test
    void afterAKeyRollAResponseStoredUnderTheOldKeyStillReplaysWhileTheOldKeyIsListedAsPrevious() {
        UUID issuance = UUID.randomUUID();
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
        UUID issuance = UUID.randomUUID();
        byte[] stored = cipher(OLD_KEY).encrypt(issuance, "answer".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> cipher(NEW_KEY).decrypt(issuance, stored))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining(OLD_KEY);
    }

    private static ReplayCipher cipher(String key, String... previous) {
        return new ReplayCipher(new IssuanceProperties(
                Duration.ofHours(24), key, Duration.ofMinutes(2), Duration.ofSeconds(30), List.of(previous)));
    }
}
