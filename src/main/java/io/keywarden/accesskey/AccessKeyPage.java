package io.keywarden.accesskey;

import java.util.List;

/**
 * One page of keys, oldest first, and the cursor of the next page ({@code null} on the last).
 */
public record AccessKeyPage(List<AccessKeyView> items, String nextCursor) {}
