package io.keywarden.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.keywarden.web.ProblemException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The default user-name rule, {@code [A-Za-z0-9._@-]{1,64}}, against an oracle that checks each
 * character by hand: it accepts exactly those names, and nothing else, whether control characters,
 * unicode look-alikes of the allowed ones, or one character too many.
 */
class UserNameRuleProperties {

    private static final String ALLOWED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._@-";

    /** Characters that look like allowed ones: Cyrillic, Greek, fullwidth, dashes, dots, spaces. */
    private static final String LOOK_ALIKES = "аеорсхАВЕКМНОРСТХοΑΒΕΟａＡ０１－‐‑–—․。．＠﹫\u00a0\u200b\u2028\ufeff";

    private final IssueRequestRules rules =
            new IssueRequestRules(new AccessKeyRulesProperties("[A-Za-z0-9._@-]{1,64}"));

    @Property(tries = 1000)
    void acceptsExactlyTheNamesTheOracleAccepts(@ForAll("anyText") String name) {
        if (oracle(name)) {
            assertThat(rules.userName(name)).isEqualTo(name);
        } else {
            assertThatThrownBy(() -> rules.userName(name))
                    .isInstanceOf(ProblemException.class)
                    .satisfies(ex ->
                            assertThat(((ProblemException) ex).status().value()).isEqualTo(400));
        }
    }

    @Property(tries = 300)
    void acceptsEveryNameOfTheAllowedCharactersUpTo64(@ForAll("validNames") String name) {
        assertThat(rules.userName(name)).isEqualTo(name);
    }

    @Property(tries = 300)
    void rejectsAValidNameWithOneForeignCharacterAnywhere(
            @ForAll("validNames") String name, @ForAll("foreign") char foreign, @ForAll int where) {
        int at = Math.floorMod(where, name.length() + 1);
        String spoiled = name.substring(0, at) + foreign + name.substring(at);

        assertThatThrownBy(() -> rules.userName(spoiled)).isInstanceOf(ProblemException.class);
    }

    @Property(tries = 100)
    void rejectsNamesLongerThan64(@ForAll("tooLong") String name) {
        assertThatThrownBy(() -> rules.userName(name)).isInstanceOf(ProblemException.class);
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(70),
                Arbitraries.strings()
                        .withChars(ALLOWED + LOOK_ALIKES + "\r\n\t\u0000\u007f ")
                        .ofMaxLength(70),
                Arbitraries.strings().withChars(ALLOWED).ofMinLength(60).ofMaxLength(70));
    }

    @Provide
    Arbitrary<String> validNames() {
        return Arbitraries.strings().withChars(ALLOWED).ofMinLength(1).ofMaxLength(64);
    }

    @Provide
    Arbitrary<String> tooLong() {
        return Arbitraries.strings().withChars(ALLOWED).ofMinLength(65).ofMaxLength(200);
    }

    @Provide
    Arbitrary<Character> foreign() {
        return Arbitraries.oneOf(
                        Arbitraries.chars().with(LOOK_ALIKES.toCharArray()),
                        Arbitraries.chars().range('\u0000', '\u001f'),
                        Arbitraries.chars().with(' ', '/', '\\', '%', '\'', '"', ';', '*', '\u007f'),
                        Arbitraries.chars())
                .filter(c -> ALLOWED.indexOf(c) < 0);
    }

    private static boolean oracle(String name) {
        if (name.isEmpty() || name.length() > 64) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (ALLOWED.indexOf(name.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }
}
