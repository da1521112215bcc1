package io.keywarden.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.upstream.sandbox.SandboxSignature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.NotBlank;
import net.jqwik.api.constraints.NotEmpty;

/**
 * The signer against a reference written from UPSTREAM.md section 1 alone, and against the
 * sandbox's own verifier, over arbitrary parameters: unicode values, the characters URL encoding
 * would change ({@code + / = & %}), empty values that must be left out. Parameter names stay ASCII,
 * as every upstream parameter name is: UTF-16 order ({@code String.compareTo}, the signer) and
 * code point order (the sandbox) differ only between supplementary characters and U+E000..U+FFFF.
 */
class RequestSignerProperties {

    @Property(tries = 300)
    void theSignatureIsTheDocumentedSha1OfSortedNamesAndValues(
            @ForAll("parameters") Map<String, String> parameters, @ForAll @NotBlank String privateKey) {
        assertThat(RequestSigner.signature(parameters, privateKey)).isEqualTo(reference(parameters, privateKey));
    }

    @Property(tries = 200)
    void theOrderOfInsertionNeverChangesTheSignature(
            @ForAll("parameters") Map<String, String> parameters, @ForAll long seed) {
        List<Map.Entry<String, String>> entries = new ArrayList<>(parameters.entrySet());
        Collections.shuffle(entries, new Random(seed));
        Map<String, String> shuffled = new LinkedHashMap<>();
        entries.forEach(entry -> shuffled.put(entry.getKey(), entry.getValue()));

        assertThat(RequestSigner.signature(shuffled, "key")).isEqualTo(RequestSigner.signature(parameters, "key"));
    }

    @Property(tries = 200)
    void changingAnySignedValueChangesTheSignature(
            @ForAll("parameters") Map<String, String> parameters,
            @ForAll @NotEmpty String replacement,
            @ForAll long seed) {
        List<String> signed = parameters.entrySet().stream()
                .filter(entry ->
                        !entry.getValue().isEmpty() && !entry.getValue().equals(replacement))
                .map(Map.Entry::getKey)
                .toList();
        if (signed.isEmpty()) {
            return;
        }
        String name = signed.get(new Random(seed).nextInt(signed.size()));
        Map<String, String> changed = new LinkedHashMap<>(parameters);
        changed.put(name, replacement);

        assertThat(RequestSigner.signature(changed, "key")).isNotEqualTo(RequestSigner.signature(parameters, "key"));
    }

    @Property(tries = 300)
    void theSandboxVerifiesExactlyWhatTheSignerSends(
            @ForAll("parameters") Map<String, String> parameters, @ForAll @NotBlank String privateKey) {
        Map<String, String> wire = new RequestSigner("public-key", privateKey, null).sign(parameters);

        assertThat(wire).doesNotContainValue("");
        assertThat(SandboxSignature.verifies(wire, privateKey)).isTrue();
        assertThat(SandboxSignature.verifies(wire, privateKey + "x")).isFalse();
    }

    @Provide
    Arbitrary<Map<String, String>> parameters() {
        Arbitrary<String> names = Arbitraries.strings()
                .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.")
                .ofMinLength(1)
                .ofMaxLength(12)
                .filter(name -> !name.equals("Signature") && !name.equals("PublicKey"));
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20),
                Arbitraries.strings().withChars("+/=&% ?#é漢😀\u00a0").ofMaxLength(8),
                Arbitraries.just(""));
        return Arbitraries.maps(names, values).ofMaxSize(8);
    }

    /** UPSTREAM.md section 1, step by step, sharing no code with the signer. */
    private static String reference(Map<String, String> parameters, String privateKey) {
        List<String> names = new ArrayList<>(parameters.keySet());
        names.sort(String::compareTo);
        StringBuilder text = new StringBuilder();
        for (String name : names) {
            String value = parameters.get(name);
            if (!name.equals("Signature") && value != null && !value.isEmpty()) {
                text.append(name).append(value);
            }
        }
        text.append(privateKey);
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-1").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
