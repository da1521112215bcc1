package io.keywarden.platform.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTests {

    @Test
    void lineBreaksAndControlCharactersCannotStartAForgedLine() {
        assertThat(LogText.escape("/v1/x\r\nrequest method=GET status=200"))
                .isEqualTo("/v1/x\\r\\nrequest\\x20method=GET\\x20status=200");
        assertThat(LogText.escape("a\tb\u0000c\u001bd\u2028e\\")).isEqualTo("a\\tb\\u0000c\\u001bd\\u2028e\\\\");
    }

    @Test
    void plainTextIsLeftAloneAndNothingIsADash() {
        assertThat(LogText.escape("/v1/access-keys/AKID_1")).isEqualTo("/v1/access-keys/AKID_1");
        assertThat(LogText.escape(null)).isEqualTo("-");
        assertThat(LogText.escape("")).isEqualTo("-");
    }
}
