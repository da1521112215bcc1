package io.keywarden.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.platform.reads.LikePattern;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A glob means the same set of names in Java and as a {@code LIKE} pattern. The second form is
 * checked against a reading of {@code LIKE} written here from its definition ({@code %} any run,
 * {@code _} one character, {@code \} makes the next character literal), over names chosen to
 * tell the readings apart.
 */
class UserNameGlobTests {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "team-*      | team-%",
                "svc-?       | svc-_",
                "*           | %",
                "a_b*        | a\\_b%",
                "100%        | 100\\%",
                "back\\slash | back\\\\slash",
                "plain.name  | plain.name"
            })
    void aGlobBecomesTheLikePatternOfTheSameNames(String glob, String like) {
        assertThat(UserNameGlob.like(glob)).isEqualTo(like);
        assertThat(UserNameGlob.of(glob).like()).isEqualTo(like);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            nullValues = "none",
            value = {
                "team-%      | team-%",
                "team-%-ci   | team-%",
                "svc-_       | svc-%",
                "a\\_c%      | a\\_c%",
                "a\\_c-_     | a\\_c-%",
                "100\\%      | 100\\%",
                "back\\\\s%  | back\\\\s%",
                "plain.name  | plain.name",
                "%-ci        | none",
                "_x          | none"
            })
    void aPatternsRangeIsItsLiteralBeginning(String like, String range) {
        assertThat(LikePattern.range(like)).isEqualTo(Optional.ofNullable(range));
    }

    @Test
    void javaAndLikeAgreeOnEveryNameForEveryGlob() {
        List<String> globs = List.of("team-*", "svc-?", "*", "a_b*", "100%", "back\\slash", "?*?", "x*y", "");
        List<String> names = List.of(
                "team-a",
                "team-",
                "svc-1",
                "svc-12",
                "a_b",
                "axb",
                "a_bc",
                "100%",
                "1000",
                "back\\slash",
                "backXslash",
                "x\ny",
                "xy",
                "team-\n",
                "",
                "é");
        for (String glob : globs) {
            UserNameGlob compiled = UserNameGlob.of(glob);
            for (String name : names) {
                assertThat(compiled.matches(name))
                        .as("glob %s, name %s", glob, name)
                        .isEqualTo(like(name, UserNameGlob.like(glob)));
            }
        }
    }

    @Test
    void onlyAGlobOfStarsMatchesEveryName() {
        assertThat(UserNameGlob.of("*").matchesEveryName()).isTrue();
        assertThat(UserNameGlob.of("**").matchesEveryName()).isTrue();
        assertThat(UserNameGlob.of("*?").matchesEveryName()).isFalse();
        assertThat(UserNameGlob.of("team-*").matchesEveryName()).isFalse();
        assertThat(UserNameGlob.of("").matchesEveryName()).isFalse();
    }

    @Test
    void aCallerIsUnscopedWhenAdminOrWhenOneGlobIsAllStars() {
        assertThat(caller(Role.ADMIN).unscoped()).isTrue();
        assertThat(caller(Role.AUDITOR, "team-*", "*").unscoped()).isTrue();
        assertThat(caller(Role.AUDITOR, "team-*").unscoped()).isFalse();
        assertThat(caller(Role.AUDITOR).unscoped()).isFalse();
    }

    private static Caller caller(Role role, String... globs) {
        return new Caller(
                "c", Set.of(role), List.of(globs).stream().map(UserNameGlob::of).toList());
    }

    /** SQL's LIKE with escape character {@code \}, read from its definition. */
    private static boolean like(String name, String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                regex.append("[\\s\\S]*");
            } else if (c == '_') {
                regex.append("[\\s\\S]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString()).matcher(name).matches();
    }
}
