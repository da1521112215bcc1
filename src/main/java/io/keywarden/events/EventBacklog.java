package io.keywarden.events;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which keys have events a listener has not handled yet. A listener runs after the change's commit,
 * on its own thread, so the listeners of two changes of one key may finish out of order; one that
 * keeps per-key order downstream (the webhook outbox) holds a key's later items back while an
 * earlier event of that key still waits here.
 */
@Component
public class EventBacklog {

    /** The most waiting events looked at; beyond it {@link Waiting#everything()} holds every key back. */
    static final int LOOKED_AT = 1_000;

    private final JdbcTemplate jdbc;

    EventBacklog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The access key ids of key events that {@code listener}'s methods have not handled yet.
     *
     * @param listener the class whose {@code @ApplicationModuleListener} methods are asked about
     */
    public Waiting keysWaitingFor(Class<?> listener) {
        List<String> ids = jdbc.queryForList(
                """
                SELECT serialized_event::jsonb #>> '{data,accessKeyId}' FROM event_publication
                WHERE completion_date IS NULL AND listener_id LIKE ? AND event_type = ?
                LIMIT ?
                """,
                String.class,
                listener.getName().replace("_", "\\_") + ".%",
                KeyEvent.class.getName(),
                LOOKED_AT + 1);
        Set<String> keys = new HashSet<>();
        for (String id : ids) {
            if (id != null) {
                keys.add(id);
            }
        }
        return new Waiting(Set.copyOf(keys), ids.size() > LOOKED_AT);
    }

    /**
     * @param accessKeyIds keys with at least one event not yet handled
     * @param everything whether so many events wait that the set is incomplete: then every key is
     *     to be held back until the listener catches up
     */
    public record Waiting(Set<String> accessKeyIds, boolean everything) {

        public boolean holds(String accessKeyId) {
            return everything || (accessKeyId != null && accessKeyIds.contains(accessKeyId));
        }
    }
}
