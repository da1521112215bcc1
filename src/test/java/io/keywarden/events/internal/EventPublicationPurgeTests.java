package io.keywarden.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The registry does not grow for ever: the {@code event-purge} job, run as an operator's "run now"
 * runs it, deletes the records of events every listener handled longer ago than the retention
 * (seven days by default), and keeps recent ones and every event a listener still waits for.
 */
@KeywardenTest
class EventPublicationPurgeTests extends ApplicationTestBase {

    @Test
    void handledEventsPastTheRetentionGoAndRecentOrUnhandledOnesStay() {
        UUID handledLongAgo = publication("now() - interval '20 days'", "now() - interval '8 days'");
        UUID handledLately = publication("now() - interval '20 days'", "now() - interval '1 hour'");
        UUID neverHandled = publication("now() - interval '30 days'", "NULL");

        Api.Answer run = api.call("POST", "/admin/v1/jobs/event-purge/runs")
                .token(Api.ADMIN)
                .send();

        assertThat(run.status()).as(run.body()).isEqualTo(201);
        assertThat(run.json().get("outcome").asString()).isEqualTo("SUCCEEDED");
        assertThat(remaining(handledLongAgo, handledLately, neverHandled))
                .containsExactlyInAnyOrder(handledLately, neverHandled);
    }

    private UUID publication(String published, String completed) {
        UUID id = UUID.randomUUID();
        jdbc.update(
                "INSERT INTO event_publication (id, listener_id, event_type, serialized_event, publication_date,"
                        + " completion_date) VALUES (?, 'test.listener', 'io.keywarden.events.KeyEvent', '{}', "
                        + published
                        + ", " + completed + ")",
                id);
        return id;
    }

    private List<UUID> remaining(UUID... ids) {
        return jdbc.queryForList("SELECT id FROM event_publication WHERE id = ANY (?)", UUID.class, (Object) ids);
    }
}
