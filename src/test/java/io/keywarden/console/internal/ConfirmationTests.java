package io.keywarden.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.accesskey.AccessKeyStatus;
import io.keywarden.accesskey.AccessKeyView;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A destructive action is confirmed by the key's user name or the end of its id, and by nothing else. */
class ConfirmationTests {

    private static final AccessKeyView KEY = new AccessKeyView(
            "4E9UU0VhqsOd6DXIMzWuhbAiOgVrwPLMzxnVTj0v/CY=",
            "team-payments",
            1,
            "deploy",
            AccessKeyStatus.ACTIVE,
            Instant.EPOCH,
            null,
            Instant.EPOCH,
            "payments",
            null,
            null,
            false,
            null);

    @Test
    void theUserNameOrTheLastSixCharactersConfirm() {
        assertThat(Confirmation.matches(KEY, "team-payments")).isTrue();
        assertThat(Confirmation.matches(KEY, " 0v/CY= ")).isTrue();
    }

    @Test
    void anythingElseDoesNot() {
        assertThat(Confirmation.matches(KEY, null)).isFalse();
        assertThat(Confirmation.matches(KEY, "")).isFalse();
        assertThat(Confirmation.matches(KEY, "team-")).isFalse();
        assertThat(Confirmation.matches(KEY, "/CY=")).isFalse();
        assertThat(Confirmation.matches(KEY, KEY.accessKeyId())).isFalse();
    }
}
