package io.keywarden.support;

import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import java.util.stream.Collectors;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Generators for property tests that QuickTheories does not ship: strings over a chosen alphabet. */
public final class Gens {

    private Gens() {}

    /** Strings of {@code min} to {@code max} characters, each picked from {@code alphabet}. */
    public static Gen<String> stringsOf(String alphabet, int min, int max) {
        return lists().of(charsOf(alphabet))
                .ofSizeBetween(min, max)
                .map(chars -> chars.stream().map(String::valueOf).collect(Collectors.joining()));
    }

    /** One character of {@code alphabet}. */
    public static Gen<Character> charsOf(String alphabet) {
        return Generate.pick(alphabet.chars().mapToObj(c -> (char) c).toList());
    }

    /** One of the given values. */
    public static <T> Gen<T> oneOf(List<T> values) {
        return Generate.pick(values);
    }
}
