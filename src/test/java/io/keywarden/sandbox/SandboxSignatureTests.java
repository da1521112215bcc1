package io.keywarden.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.upstream.internal.SignatureVectors;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SandboxSignatureTests {

    static Stream<Arguments> vectors() {
        return SignatureVectors.all().stream()
                .map(v -> Arguments.of(v.name(), v.params(), v.privateKey(), v.signature()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void reproducesEveryOfficialVector(String name, Map<String, String> params, String privateKey, String signature) {
        assertThat(SandboxSignature.sign(params, privateKey)).isEqualTo(signature);
        assertThat(SandboxSignature.verifies(withSignature(params, signature), privateKey))
                .isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void rejectsEveryVectorWithOneValueCharacterChanged(
            String name, Map<String, String> params, String privateKey, String signature) {
        for (String key : params.keySet()) {
            Map<String, String> tampered = withSignature(params, signature);
            tampered.put(key, changeOneCharacter(params.get(key)));
            assertThat(SandboxSignature.verifies(tampered, privateKey))
                    .as("changed %s", key)
                    .isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void rejectsEveryVectorUnderAPrivateKeyWithOneCharacterChanged(
            String name, Map<String, String> params, String privateKey, String signature) {
        assertThat(SandboxSignature.verifies(withSignature(params, signature), changeOneCharacter(privateKey)))
                .isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void rejectsEveryVectorWithItsSignatureInUppercase(
            String name, Map<String, String> params, String privateKey, String signature) {
        assertThat(SandboxSignature.verifies(withSignature(params, signature.toUpperCase()), privateKey))
                .isFalse();
    }

    private static Map<String, String> withSignature(Map<String, String> params, String signature) {
        Map<String, String> signed = new LinkedHashMap<>(params);
        signed.put("Signature", signature);
        return signed;
    }

    private static String changeOneCharacter(String value) {
        char last = value.charAt(value.length() - 1);
        return value.substring(0, value.length() - 1) + (char) (last == 'x' ? 'y' : 'x');
    }
}
