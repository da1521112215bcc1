package io.keywarden.eventstream;

import io.keywarden.events.AuditBroken;
import io.keywarden.events.KeyEvent;
import io.keywarden.events.OrphanAmbiguous;
import java.time.Instant;

/**
 * The value of a record on the topic: the body a webhook carries (design §8),
 * {@code {"type": "key.rotated", "timestamp": "...", "data": {...}}}, written as JSON.
 *
 * @param type the event's type, such as {@code key.issued}
 * @param timestamp when the change was made
 * @param data the event's data: for a key event, the key as the change left it
 */
record EventRecord(String type, Instant timestamp, Object data) {

    static EventRecord of(KeyEvent event) {
        return new EventRecord(event.type().wireName(), event.timestamp(), event.data());
    }

    static EventRecord of(OrphanAmbiguous event) {
        return new EventRecord(OrphanAmbiguous.TYPE, event.timestamp(), event.data());
    }

    static EventRecord of(AuditBroken event) {
        return new EventRecord(AuditBroken.TYPE, event.timestamp(), event.data());
    }
}
