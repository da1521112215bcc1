package io.keywarden.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import io.keywarden.platform.reads.LikePattern;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * A client's globs select the same users in Java (one name: {@link Caller#mayManage}) and in
 * PostgreSQL (key lists: {@code LIKE ... ESCAPE '\'}), checked on the real database over generated
 * globs and names full of the characters either side treats specially: {@code % _ \ * ?}, regex
 * metacharacters, line terminators and characters outside ASCII.
 */
class UserNameGlobPropertyTests {

    private static final String ALPHABET = "ab_%\\*?.-[]()^$|+{}\n\r\u2028é€😀";
    private static final String NAME_ALPHABET = "ab_%\\*?.-[]^$\n\u2028é€😀";

    /** Strings of whole code points, so a character outside the BMP is never split in two. */
    private static Gen<String> stringsOf(String alphabet, int min, int max) {
        List<String> characters =
                alphabet.codePoints().mapToObj(Character::toString).toList();
        return lists().of(Generate.pick(characters)).ofSizeBetween(min, max).map(picked -> String.join("", picked));
    }

    private static Connection database;
    private static PreparedStatement like;

    @BeforeAll
    static void connect() throws SQLException {
        String url = System.getProperty("spring.datasource.url", "jdbc:postgresql://127.0.0.1:5432/test");
        database = DriverManager.getConnection(
                url,
                System.getProperty("spring.datasource.username", "postgres"),
                System.getProperty("spring.datasource.password", ""));
        like = database.prepareStatement("SELECT ? LIKE ? ESCAPE '\\'");
    }

    @AfterAll
    static void disconnect() throws SQLException {
        database.close();
    }

    @Test
    void theDatabaseMatchesExactlyTheNamesJavaMatches() {
        Gen<String> globs = stringsOf(ALPHABET, 0, 8);
        Gen<String> names = Generate.oneOf(stringsOf(NAME_ALPHABET, 0, 10), stringsOf("ab_%\\", 0, 6));
        qt().withExamples(3000).forAll(globs, names).checkAssert((glob, name) -> assertSame(glob, name));
    }

    @Test
    void theDatabaseMatchesANameBuiltFromTheGlobExactlyWhenJavaDoes() {
        Gen<String> globs = stringsOf(ALPHABET, 0, 8);
        qt().withExamples(2000).forAll(globs, stringsOf(NAME_ALPHABET, 0, 3)).checkAssert((glob, filler) -> {
            String name = glob.replace("*", filler).replace("?", filler.isEmpty() ? "x" : filler.substring(0, 1));
            assertSame(glob, name);
        });
    }

    /**
     * A list reads a scope's keys from the range {@link LikePattern#range} names; a name the
     * pattern matches outside that range would be missing from every page.
     */
    @Test
    void thePatternsRangeHoldsEveryNameThePatternMatches() {
        Gen<String> globs = stringsOf(ALPHABET, 0, 8);
        qt().withExamples(2000).forAll(globs, stringsOf(NAME_ALPHABET, 0, 3)).checkAssert((glob, filler) -> {
            String built = glob.replace("*", filler).replace("?", filler.isEmpty() ? "x" : filler.substring(0, 1));
            String pattern = UserNameGlob.like(glob);
            Optional<String> range = LikePattern.range(pattern);

            assertThat(range.isEmpty())
                    .as("glob %s: no range exactly when it starts with a wildcard", glob)
                    .isEqualTo(glob.startsWith("*") || glob.startsWith("?"));
            for (String name : List.of(built, filler, glob)) {
                if (range.isPresent() && sqlMatches(name, pattern)) {
                    assertThat(sqlMatches(name, range.get()))
                            .as("glob %s (LIKE %s, range %s) against %s", glob, pattern, range.get(), name)
                            .isTrue();
                }
            }
        });
    }

    @Test
    void specialCharactersInAGlobAreLiteral() {
        List<String[]> table = List.of(
                new String[] {"a_c*", "a_c-1", "true"},
                new String[] {"a_c*", "abc-1", "false"},
                new String[] {"a%c", "a%c", "true"},
                new String[] {"a%c", "abbc", "false"},
                new String[] {"a\\c", "a\\c", "true"},
                new String[] {"a\\c", "ac", "false"},
                new String[] {"a\\*", "a\\xyz", "true"},
                new String[] {"a?c", "abc", "true"},
                new String[] {"a?c", "ac", "false"},
                new String[] {"team-*", "team-", "true"},
                new String[] {"team-*", "TEAM-a", "false"},
                new String[] {"*", "", "true"});
        for (String[] row : table) {
            assertThat(UserNameGlob.of(row[0]).matches(row[1]))
                    .as("Java: %s matches %s", row[0], row[1])
                    .isEqualTo(Boolean.parseBoolean(row[2]));
            assertSame(row[0], row[1]);
        }
    }

    private static void assertSame(String glob, String name) {
        boolean java = UserNameGlob.of(glob).matches(name);
        String pattern = UserNameGlob.like(glob);
        assertThat(sqlMatches(name, pattern))
                .as("glob %s (LIKE %s) against %s", glob, pattern, name)
                .isEqualTo(java);
    }

    private static boolean sqlMatches(String name, String pattern) {
        try {
            like.setString(1, name);
            like.setString(2, pattern);
            try (ResultSet row = like.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        } catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
