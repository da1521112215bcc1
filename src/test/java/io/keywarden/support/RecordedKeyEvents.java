package io.keywarden.support;

import io.keywarden.events.KeyEvent;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.springframework.modulith.events.ApplicationModuleListener;

/**
 * A listener of the key events, as a module that delivers them would be one: Spring Modulith's
 * registry keeps each event for it from the commit that published it until it has handled it. The
 * tests read what it received.
 */
public class RecordedKeyEvents {

    private final Queue<KeyEvent> received = new ConcurrentLinkedQueue<>();

    @ApplicationModuleListener
    public void on(KeyEvent event) {
        received.add(event);
    }

    /** The events received for the key so far, in the order received. */
    public List<KeyEvent> of(String accessKeyId) {
        return received.stream()
                .filter(event -> event.data().accessKeyId().equals(accessKeyId))
                .toList();
    }
}
