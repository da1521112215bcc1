package io.keywarden.eventstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keywarden.events.KeyEvent;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.modulith.events.core.EventSerializer;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * With {@code keywarden.events.kafka.topic} set, every committed change of a key reaches that topic
 * on a real broker (Kafka in KRaft mode, started for this class), keyed by the access key's id,
 * its value the body a webhook carries: {@code {"type", "timestamp", "data"}}, without the secret.
 * The records are read back with a plain Kafka consumer, as a subscriber would.
 */
@KeywardenTest
@EmbeddedKafka(
        partitions = 1,
        topics = KafkaSinkTests.TOPIC,
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@TestPropertySource(properties = "keywarden.events.kafka.topic=" + KafkaSinkTests.TOPIC)
// The broker and this application serve this class only: closed after it, they hold no memory,
// threads or connections while the other classes of the test JVM run.
@DirtiesContext
class KafkaSinkTests extends ApplicationTestBase {

    static final String TOPIC = "keywarden.key-events";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    EventSerializer serializer;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrapServers;

    @Test
    void aCreateAndARotationReachTheTopicKeyedByAccessKeyIdWithTheKeyAndNoSecret() {
        String user = newUser();
        Api.Answer created = api.call("POST", "/v1/access-keys")
                .token(Api.ISSUER)
                .header("Idempotency-Key", newIdempotencyKey())
                .json("{\"userName\": \"" + user + "\", \"ttl\": \"PT2H\"}")
                .send();
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String key = created.text("accessKeyId");
        Api.Answer rotated = api.call("POST", Api.keyPath(key) + "/rotate")
                .token(Api.ISSUER)
                .header("Idempotency-Key", newIdempotencyKey())
                .send();
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
        String successor = rotated.text("accessKeyId");

        List<ConsumerRecord<String, String>> records = recordsOnceSent(key, successor);

        // Each event is sent by its own listener call after its commit, so two changes made close
        // together may reach the topic in either order: a consumer orders by the event's timestamp.
        assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(key, successor);
        ConsumerRecord<String, String> issued = recordOf(records, key);
        ConsumerRecord<String, String> rotation = recordOf(records, successor);
        assertThat(value(issued).get("type").asString()).isEqualTo("key.issued");
        assertThat(value(rotation).get("type").asString()).isEqualTo("key.rotated");
        assertThat(value(issued).propertyNames()).containsExactlyInAnyOrder("type", "timestamp", "data");
        assertThat(Instant.parse(value(issued).get("timestamp").asString()))
                .isBetween(Instant.now().minus(Duration.ofMinutes(5)), Instant.now());
        assertThat(data(issued))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "accessKeyId",
                        key,
                        "userName",
                        user,
                        "client",
                        "test-issuer",
                        "status",
                        "ACTIVE",
                        "expiresAt",
                        created.text("expiresAt"),
                        "rotatedFrom",
                        "null"));
        assertThat(data(rotation))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "accessKeyId",
                        successor,
                        "userName",
                        user,
                        "client",
                        "test-issuer",
                        "status",
                        "ACTIVE",
                        "expiresAt",
                        rotated.text("expiresAt"),
                        "rotatedFrom",
                        key));
        assertThat(records)
                .extracting(ConsumerRecord::value)
                .noneMatch(value -> value.contains(created.text("accessKeySecret")))
                .noneMatch(value -> value.contains(rotated.text("accessKeySecret")));
    }

    /**
     * A send the broker never acknowledged (unreachable past the producer's timeouts) leaves the
     * event's publication for the Kafka listener failed in the registry; the event-resubmit job
     * sends it again, and it reaches the topic keyed by its key.
     */
    @Test
    void anEventWhoseSendFailedIsSentAgainByTheResubmitJob() {
        Api.Answer created = api.createKey(Api.ISSUER, newIdempotencyKey(), newUser());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String listener = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> jdbc.queryForList(
                                "SELECT listener_id FROM event_publication WHERE listener_id LIKE '%Externalizer%'"
                                        + " LIMIT 1",
                                String.class),
                        ids -> !ids.isEmpty())
                .get(0);
        String lost = newUpstreamKeyId();
        KeyEvent issued = new KeyEvent(
                KeyEvent.Type.ISSUED,
                Instant.now().minus(Duration.ofMinutes(3)),
                new KeyEvent.Key(lost, newUser(), "test-issuer", "ACTIVE", null, null, null));
        jdbc.update(
                "INSERT INTO event_publication (id, listener_id, event_type, serialized_event, publication_date,"
                        + " status, completion_attempts) VALUES (?, ?, ?, ?, now() - interval '3 minutes', 'FAILED', 1)",
                UUID.randomUUID(),
                listener,
                KeyEvent.class.getName(),
                serializer.serialize(issued).toString());

        Api.Answer run = api.call("POST", "/admin/v1/jobs/event-resubmit/runs")
                .token(Api.ADMIN)
                .send();

        assertThat(run.status()).as(run.body()).isEqualTo(201);
        assertThat(run.json().get("examined").asInt()).as(run.body()).isGreaterThanOrEqualTo(1);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.queryForObject(
                                "SELECT count(*) FROM event_publication WHERE serialized_event LIKE ? AND completion_date IS NULL",
                                Integer.class,
                                "%" + lost + "%")
                        == 0);
        List<ConsumerRecord<String, String>> records = recordsOf(List.of(lost));
        assertThat(records).hasSize(1);
        assertThat(value(records.get(0)).get("type").asString()).isEqualTo("key.issued");
    }

    /**
     * The topic's records for the two keys, read once the event publication registry holds every
     * event of theirs that was handed to Kafka as completed: the broker acknowledged each, so
     * nothing more of theirs is on its way.
     */
    private List<ConsumerRecord<String, String>> recordsOnceSent(String key, String successor) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(jdbc.queryForList(
                                "SELECT completion_date IS NOT NULL FROM event_publication"
                                        + " WHERE listener_id LIKE '%Externalizer%'"
                                        + " AND (serialized_event LIKE ? OR serialized_event LIKE ?)",
                                Boolean.class, "%" + key + "%", "%" + successor + "%"))
                        .hasSizeGreaterThanOrEqualTo(2)
                        .containsOnly(true));
        return recordsOf(List.of(key, successor));
    }

    /** Every record on the topic whose key is one of the keys, read from the start to the end. */
    private List<ConsumerRecord<String, String>> recordsOf(List<String> keys) {
        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings)) {
            TopicPartition partition = new TopicPartition(TOPIC, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            Instant giveUp = Instant.now().plusSeconds(30);
            while (consumer.position(partition) < end && Instant.now().isBefore(giveUp)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (keys.contains(record.key())) {
                        records.add(record);
                    }
                }
            }
            assertThat(consumer.position(partition))
                    .as("read to the end of the topic")
                    .isEqualTo(end);
        }
        return records;
    }

    private static JsonNode value(ConsumerRecord<String, String> record) {
        return JSON.readTree(record.value());
    }

    /** The record's data, each field as text ({@code "null"} for a JSON null). */
    private static Map<String, String> data(ConsumerRecord<String, String> record) {
        JsonNode data = value(record).get("data");
        Map<String, String> fields = new LinkedHashMap<>();
        data.propertyNames()
                .forEach(name -> fields.put(
                        name, data.get(name).isNull() ? "null" : data.get(name).asString()));
        return fields;
    }

    private static ConsumerRecord<String, String> recordOf(List<ConsumerRecord<String, String>> records, String key) {
        return records.stream()
                .filter(record -> key.equals(record.key()))
                .findFirst()
                .orElseThrow();
    }
}
