package io.keywarden.support;

import io.keywarden.events.AuditBroken;
import io.keywarden.events.KeyEvent;
import io.keywarden.events.OrphanAmbiguous;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.springframework.modulith.events.ApplicationModuleListener;

/**
 * A listener of the domain events, as a module that delivers them would be one: Spring Modulith's
 * registry keeps each event for it from the commit that published it until it has handled it. The
 * tests read what it received.
 */
public class RecordedEvents {

    private final Queue<Object> received = new ConcurrentLinkedQueue<>();

    @ApplicationModuleListener
    public void on(KeyEvent event) {
        received.add(event);
    }

    @ApplicationModuleListener
    public void on(OrphanAmbiguous event) {
        received.add(event);
    }

    @ApplicationModuleListener
    public void on(AuditBroken event) {
        received.add(event);
    }

    /** The key events received for the key so far, in the order received. */
    public List<KeyEvent> of(String accessKeyId) {
        return received(KeyEvent.class).stream()
                .filter(event -> event.data().accessKeyId().equals(accessKeyId))
                .toList();
    }

    /** The events of the type received so far, in the order received. */
    public <T> List<T> received(Class<T> type) {
        return received.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
