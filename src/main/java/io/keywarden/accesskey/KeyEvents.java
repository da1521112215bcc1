package io.keywarden.accesskey;

import io.keywarden.events.KeyEvent;
import java.time.Instant;

/** The {@link KeyEvent} of a key as a change left it. */
final class KeyEvents {

    private KeyEvents() {}

    static KeyEvent of(KeyEvent.Type type, AccessKey key, Instant at) {
        return new KeyEvent(
                type,
                at,
                new KeyEvent.Key(
                        key.accessKeyId(),
                        key.userName(),
                        key.issuedBy(),
                        key.status().name(),
                        key.expiresAt(),
                        key.rotatedFrom()));
    }
}
