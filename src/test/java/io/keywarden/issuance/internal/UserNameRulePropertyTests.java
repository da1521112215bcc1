package io.keywarden.issuance.internal;

import static io.keywarden.support.Gens.charsOf;
import static io.keywarden.support.Gens.stringsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import io.keywarden.platform.web.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The default user-name rule, {@code [A-Za-z0-9._@-]{1,64}}, against an oracle that checks each
 * character by hand: it accepts exactly those names, and nothing else, whether control characters,
 * unicode look-alikes of the allowed ones, or one character too many.
 */
class UserNameRulePropertyTests {

    private static final String ALLOWED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._@-";

    /** Characters that look like allowed ones: Cyrillic, Greek, fullwidth, dashes, dots, spaces. */
    private static final String LOOK_ALIKES = "аеорсхАВЕКМНОРСТХοΑΒΕΟａＡ０１－‐‑–—․。．＠﹫\u00a0\u200b\u2028\ufeff";

    private static final String HOSTILE = " /\\%'\";*\u007f\r\n\t\u0000";

    private final IssueRequestRules rules =
            new IssueRequestRules(new AccessKeyRulesProperties("[A-Za-z0-9._@-]{1,64}"));

    @Test
    void acceptsExactlyTheNamesTheOracleAccepts() {
        Gen<String> anyText = Generate.oneOf(
                strings().allPossible().ofLengthBetween(0, 70),
                stringsOf(ALLOWED + LOOK_ALIKES + HOSTILE, 0, 70),
                stringsOf(ALLOWED, 60, 70));
        qt().withExamples(1000).forAll(anyText).checkAssert(name -> {
            if (oracle(name)) {
                assertThat(rules.userName(name)).isEqualTo(name);
            } else {
                assertThatThrownBy(() -> rules.userName(name))
                        .isInstanceOf(InvalidInputException.class)
                        .satisfies(ex -> assertThat(((InvalidInputException) ex).parameter())
                                .isEqualTo("userName"));
            }
        });
    }

    @Test
    void acceptsEveryNameOfTheAllowedCharactersUpTo64() {
        qt().withExamples(300)
                .forAll(stringsOf(ALLOWED, 1, 64))
                .checkAssert(name -> assertThat(rules.userName(name)).isEqualTo(name));
    }

    @Test
    void rejectsAValidNameWithOneForeignCharacterAnywhere() {
        Gen<Character> foreign = Generate.oneOf(charsOf(LOOK_ALIKES + HOSTILE), Generate.characters(0, 0xffff))
                .assuming(c -> ALLOWED.indexOf(c) < 0);
        qt().withExamples(300)
                .forAll(stringsOf(ALLOWED, 1, 64), foreign, integers().allPositive())
                .checkAssert((name, character, where) -> {
                    int at = where % (name.length() + 1);
                    String spoiled = name.substring(0, at) + character + name.substring(at);

                    assertThatThrownBy(() -> rules.userName(spoiled)).isInstanceOf(InvalidInputException.class);
                });
    }

    @Test
    void rejectsNamesLongerThan64() {
        qt().withExamples(100)
                .forAll(stringsOf(ALLOWED, 65, 200))
                .checkAssert(name ->
                        assertThatThrownBy(() -> rules.userName(name)).isInstanceOf(InvalidInputException.class));
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
