package io.keywarden.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywarden.identity.SealKeyRequiredException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The rules of a seal key set through the admin API, as plain decisions. */
class SealKeyDirectoryTests {

    @Test
    void removingTheKeyOfAnAutoRotatingClientWithNoneConfiguredIsRefused() {
        assertThatThrownBy(() -> SealKeyDirectory.requireKeyKept(true, false, "rotator"))
                .isInstanceOf(SealKeyRequiredException.class)
                .hasMessageContaining("rotator");
        assertThatCode(() -> SealKeyDirectory.requireKeyKept(true, true, "rotator"))
                .doesNotThrowAnyException();
        assertThatCode(() -> SealKeyDirectory.requireKeyKept(false, false, "plain"))
                .doesNotThrowAnyException();
    }

    @Test
    void aSealKeyMustBeTheBase64OfAUsable32ByteX25519PublicKey() {
        byte[] lowOrder = new byte[32];
        lowOrder[0] = 1;
        Base64.Encoder base64 = Base64.getEncoder();

        assertThat(X25519PublicKeys.problem("eWAevObVY6ckTxrWIRVzG/PIE33rdBi0XwtK8WFsIhs="))
                .isNull();
        assertThat(X25519PublicKeys.problem("not base64!")).isEqualTo("is not base64");
        assertThat(X25519PublicKeys.problem(base64.encodeToString(new byte[31])))
                .isEqualTo("decodes to 31 bytes");
        assertThat(X25519PublicKeys.problem(base64.encodeToString(new byte[32])))
                .contains("small order");
        assertThat(X25519PublicKeys.problem(base64.encodeToString(lowOrder))).contains("small order");
    }
}
