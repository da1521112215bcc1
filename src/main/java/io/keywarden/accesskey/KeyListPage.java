package io.keywarden.accesskey;

import java.util.List;

/**
 * One page of a sorted list of keys, the cursors of the pages on either side ({@code null} where
 * there is none), and how many keys the list holds in all, counted exactly up to a bound.
 *
 * @param matching how many keys match, exactly when at most the bound asked for, else the bound
 * @param moreThanMatching {@code true} when more than {@code matching} keys match
 */
public record KeyListPage(
        List<AccessKeyView> items, String nextCursor, String previousCursor, long matching, boolean moreThanMatching) {}
