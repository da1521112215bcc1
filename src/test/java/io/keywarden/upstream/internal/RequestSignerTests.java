package io.keywarden.upstream.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestSignerTests {

    private static final String PRIVATE_KEY = "46f09bb9fab4f12dfc160dae12273d5332b5debe";

    private final RequestSigner signer = new RequestSigner("pub", PRIVATE_KEY, null);

    static Stream<Arguments> officialVectors() {
        List<SignatureVectors> vectors = SignatureVectors.all();
        assertThat(vectors).isNotEmpty();
        return vectors.stream()
                .map(v -> Arguments.of(v.name(), v.params(), v.privateKey(), v.stringToSign(), v.signature()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("officialVectors")
    void reproducesEveryOfficialVector(
            String name, Map<String, String> params, String privateKey, String stringToSign, String signature) {
        assertThat(RequestSigner.stringToSign(params, privateKey)).isEqualTo(stringToSign);
        assertThat(RequestSigner.signature(params, privateKey)).isEqualTo(signature);
    }

    @Test
    void signAddsPublicKeyProjectIdAndSignatureAfterTheActionParameters() {
        RequestSigner withProject = new RequestSigner("pub", PRIVATE_KEY, "org-1");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("Action", "CreateAccessKey");
        params.put("UserName", "alice");

        Map<String, String> wire = withProject.sign(params);

        assertThat(wire.keySet()).containsExactly("Action", "UserName", "PublicKey", "ProjectId", "Signature");
        assertThat(wire.get("Signature")).matches("[0-9a-f]{40}").isEqualTo(RequestSigner.signature(wire, PRIVATE_KEY));
    }

    @Test
    void signMatchesTheCreateAccessKeyVector() {
        RequestSigner official = new RequestSigner("ucloudsomeone@example.com1296235120854146120", PRIVATE_KEY, "");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("Action", "CreateAccessKey");
        params.put("UserName", "alice");

        assertThat(official.sign(params)).containsEntry("Signature", "8ef8d1d6db73f95fd892feba23a8254211df62ea");
    }

    @Test
    void valuesBecomeTextIndependentlyOfTheLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("Raw", "a+b/c d");
            params.put("Yes", true);
            params.put("No", false);
            params.put("Count", 42);
            params.put("Big", 12345678901L);
            params.put("Whole", 42.0);
            params.put("Fraction", 0.5);
            params.put("Huge", 1e21);
            params.put("Tiny", 0.1f);
            params.put("Decimal", new BigDecimal("2.500"));

            assertThat(signer.sign(params))
                    .containsEntry("Raw", "a+b/c d")
                    .containsEntry("Yes", "true")
                    .containsEntry("No", "false")
                    .containsEntry("Count", "42")
                    .containsEntry("Big", "12345678901")
                    .containsEntry("Whole", "42")
                    .containsEntry("Fraction", "0.5")
                    .containsEntry("Huge", "1000000000000000000000")
                    .containsEntry("Tiny", "0.1")
                    .containsEntry("Decimal", "2.5");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void listsFlattenToIndexedNamesAndMapsToDottedFields() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("Ids", List.of("a", "b"));
        params.put("Ports", new Integer[] {80, 443});
        params.put("Tag", Map.of("Key", "env"));
        params.put("Rules", List.of(Map.of("Port", 22)));

        assertThat(signer.sign(params))
                .containsEntry("Ids.0", "a")
                .containsEntry("Ids.1", "b")
                .containsEntry("Ports.0", "80")
                .containsEntry("Ports.1", "443")
                .containsEntry("Tag.Key", "env")
                .containsEntry("Rules.0.Port", "22")
                .doesNotContainKeys("Ids", "Ports", "Tag", "Rules");
    }

    @Test
    void nullAndEmptyValuesAreNeitherSignedNorSent() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("Action", "UpdateAccessKey");
        params.put("Description", "");
        params.put("Status", null);
        params.put("Ids", List.of());
        params.put("Sparse", Arrays.asList("x", null, "z"));

        Map<String, String> wire = signer.sign(params);

        assertThat(wire.keySet()).containsExactly("Action", "Sparse.0", "Sparse.2", "PublicKey", "Signature");
        assertThat(RequestSigner.stringToSign(wire, PRIVATE_KEY))
                .isEqualTo("ActionUpdateAccessKeyPublicKeypubSparse.0xSparse.2z" + PRIVATE_KEY);
    }

    @Test
    void keysSortByCodePointSoUppercaseComesFirst() {
        Map<String, String> params = Map.of("foo", "1", "Zed", "2", "Ids.10", "3", "Ids.2", "4");

        assertThat(RequestSigner.stringToSign(params, "k")).isEqualTo("Ids.103Ids.24Zed2foo1k");
    }

    @Test
    void refusesValuesItCannotRenderFaithfully() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> signer.sign(Map.of("Ratio", Double.NaN)))
                .withMessageContaining("Ratio");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> signer.sign(Map.of("When", new Object())))
                .withMessageContaining("When");
        assertThatIllegalArgumentException().isThrownBy(() -> signer.sign(Map.of("Signature", "forged")));
    }

    @Test
    void toStringNeverShowsThePrivateKey() {
        assertThat(signer.toString()).contains("pub").doesNotContain(PRIVATE_KEY);
    }
}
