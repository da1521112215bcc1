package io.keywarden.console.internal;

import io.keywarden.accesskey.AccessKeyView;

/** What a person types to confirm a destructive action on a key: its user name, or the end of its id. */
final class Confirmation {

    static final int TAIL = 6;

    private Confirmation() {}

    static boolean matches(AccessKeyView key, String typed) {
        if (typed == null || typed.isBlank()) {
            return false;
        }
        String text = typed.strip();
        String id = key.accessKeyId();
        String tail = id.length() <= TAIL ? id : id.substring(id.length() - TAIL);
        return text.equals(key.userName()) || text.equals(tail);
    }
}
