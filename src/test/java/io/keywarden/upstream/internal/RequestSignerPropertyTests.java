package io.keywarden.upstream.internal;

import static io.keywarden.support.Gens.stringsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.maps;
import static org.quicktheories.generators.SourceDSL.strings;

import io.keywarden.sandbox.SandboxSignature;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The signer against a reference written from UPSTREAM.md section 1 alone, and against the
 * sandbox's own verifier, over generated parameters: unicode values, the characters URL encoding
 * would change ({@code + / = & %}), empty values that must be left out. Parameter names stay ASCII,
 * as every upstream parameter name is: UTF-16 order ({@code String.compareTo}, the signer) and
 * code point order (the sandbox) differ only between supplementary characters and U+E000..U+FFFF.
 */
class RequestSignerPropertyTests {

    private static final String NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.";

    @Test
    void theSignatureIsTheDocumentedSha1OfSortedNamesAndValues() {
        qt().withExamples(300)
                .forAll(parameters(), privateKeys())
                .checkAssert((parameters, privateKey) -> assertThat(RequestSigner.signature(parameters, privateKey))
                        .isEqualTo(reference(parameters, privateKey)));
    }

    @Test
    void theOrderOfInsertionNeverChangesTheSignature() {
        qt().withExamples(200).forAll(parameters(), longs().all()).checkAssert((parameters, seed) -> {
            List<Map.Entry<String, String>> entries = new ArrayList<>(parameters.entrySet());
            Collections.shuffle(entries, new Random(seed));
            Map<String, String> shuffled = new LinkedHashMap<>();
            entries.forEach(entry -> shuffled.put(entry.getKey(), entry.getValue()));

            assertThat(RequestSigner.signature(shuffled, "key")).isEqualTo(RequestSigner.signature(parameters, "key"));
        });
    }

    @Test
    void changingAnySignedValueChangesTheSignature() {
        qt().withExamples(200)
                .forAll(parameters(), strings().allPossible().ofLengthBetween(1, 20), longs().all())
                .checkAssert((parameters, replacement, seed) -> {
                    List<String> signed = parameters.entrySet().stream()
                            .filter(entry -> !entry.getValue().isEmpty()
                                    && !entry.getValue().equals(replacement))
                            .map(Map.Entry::getKey)
                            .toList();
                    if (signed.isEmpty()) {
                        return;
                    }
                    String name = signed.get(new Random(seed).nextInt(signed.size()));
                    Map<String, String> changed = new LinkedHashMap<>(parameters);
                    changed.put(name, replacement);

                    assertThat(RequestSigner.signature(changed, "key"))
                            .isNotEqualTo(RequestSigner.signature(parameters, "key"));
                });
    }

    @Test
    void theSandboxVerifiesExactlyWhatTheSignerSends() {
        qt().withExamples(300).forAll(parameters(), privateKeys()).checkAssert((parameters, privateKey) -> {
            Map<String, String> wire = new RequestSigner("public-key", privateKey, null).sign(parameters);

            assertThat(wire).doesNotContainValue("");
            assertThat(SandboxSignature.verifies(wire, privateKey)).isTrue();
            assertThat(SandboxSignature.verifies(wire, privateKey + "x")).isFalse();
        });
    }

    private static Gen<Map<String, String>> parameters() {
        Gen<String> names =
                stringsOf(NAME_CHARS, 1, 12).assuming(name -> !name.equals("Signature") && !name.equals("PublicKey"));
        Gen<String> values = Generate.oneOf(
                strings().allPossible().ofLengthBetween(0, 20),
                stringsOf("+/=&% ?#é漢\u00a0", 0, 8),
                Generate.constant(""));
        return maps().of(names, values).ofSizeBetween(0, 8);
    }

    private static Gen<String> privateKeys() {
        return strings().allPossible().ofLengthBetween(1, 40).assuming(key -> !key.isBlank());
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
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
