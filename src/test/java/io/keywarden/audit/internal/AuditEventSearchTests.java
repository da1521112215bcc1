package io.keywarden.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

@KeywardenTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditEventSearchTests {

    static final int SEEDED = 10_000;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    AuditChain chain;

    @Autowired
    AuditLog audit;

    @Value("${server.port}")
    int port;

    Api api;
    AuditSeed seed;

    @BeforeAll
    void seed() {
        api = new Api(port);
        seed = AuditSeed.append(jdbc, transactions, chain, SEEDED);
    }

    @Test
    void listsTheNewestEventsFirstWithEveryColumn() {
        Api.Answer answer = get(Api.AUDITOR, window() + "&limit=20");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(ids(answer.json())).isEqualTo(expected(e -> true).subList(0, 20));
        StoredAuditEvent newest = seed.events.get(SEEDED - 1);
        JsonNode item = answer.json().get("items").get(0);
        assertThat(item.propertyNames())
                .containsExactlyInAnyOrder(
                        "id",
                        "occurredAt",
                        "actor",
                        "action",
                        "outcome",
                        "userName",
                        "accessKeyId",
                        "upstreamRetCode",
                        "upstreamRequestId",
                        "idempotencyKey",
                        "requestId",
                        "clientAddress",
                        "detail",
                        "tokenSubject",
                        "tokenId",
                        "previousHash",
                        "hash",
                        "chainVersion",
                        "keyId");
        assertThat(item.get("id").asLong()).isEqualTo(newest.id());
        assertThat(Instant.parse(item.get("occurredAt").asString())).isEqualTo(newest.occurredAt());
        assertThat(item.get("actor").asString()).isEqualTo(newest.actor());
        assertThat(item.get("action").asString()).isEqualTo(newest.action());
        assertThat(item.get("outcome").asString()).isEqualTo(newest.outcome());
        assertThat(item.get("userName").asString()).isEqualTo(newest.userName());
        assertThat(item.get("accessKeyId").asString()).isEqualTo(newest.accessKeyId());
        assertThat(item.get("upstreamRetCode").isNull()).isTrue();
        assertThat(item.get("upstreamRequestId").isNull()).isTrue();
        assertThat(item.get("idempotencyKey").asString()).isEqualTo(newest.idempotencyKey());
        assertThat(item.get("requestId").asString()).isEqualTo(newest.requestId());
        assertThat(item.get("clientAddress").asString()).isEqualTo(newest.clientAddress());
        assertThat(item.get("detail").asString()).isEqualTo(newest.detail());
        assertThat(item.get("previousHash").asString()).isEqualTo(newest.previousHash());
        assertThat(item.get("hash").asString()).isEqualTo(newest.hash());
        assertThat(item.get("chainVersion").asInt()).isEqualTo(AuditChain.SHA256);
        assertThat(item.get("keyId").asString()).isEqualTo(newest.keyId());
        assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void answersFiftyEventsAndACursorWhenNoLimitIsGiven() {
        Api.Answer answer = get(Api.ADMIN, window());

        assertThat(answer.status()).isEqualTo(200);
        assertThat(ids(answer.json())).isEqualTo(expected(e -> true).subList(0, 50));
        assertThat(answer.text("nextCursor")).isNotBlank();
    }

    @Test
    void limitOneAnswersOneEventPerPageAndEachCursorContinuesBelowIt() {
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < 3; page++) {
            JsonNode json =
                    get(Api.AUDITOR, window() + "&limit=1" + cursor(cursor)).json();
            assertThat(json.get("items")).hasSize(1);
            seen.addAll(ids(json));
            cursor = json.get("nextCursor").asString();
        }

        assertThat(seen).isEqualTo(expected(e -> true).subList(0, 3));
    }

    @Test
    void walkingEveryPageOfFiveHundredYieldsEachMatchingEventOnceWithoutGaps() {
        List<Long> walked = walk(window(), 500);

        assertThat(walked).hasSize(SEEDED).doesNotHaveDuplicates().isEqualTo(expected(e -> true));
    }

    @Test
    void eventsAppendedBetweenPageRequestsNeverShiftAPage() {
        JsonNode first = get(Api.AUDITOR, "limit=500").json();
        long top = first.get("items").get(0).get("id").asLong();
        List<Long> walked = new ArrayList<>(ids(first));
        String cursor = first.get("nextCursor").asString();
        while (cursor != null) {
            transactions.executeWithoutResult(
                    tx -> audit.append(AuditEntry.of("appender", AuditAction.RECONCILE_USER, AuditOutcome.SUCCEEDED)));
            JsonNode page = get(Api.AUDITOR, "limit=500" + cursor(cursor)).json();
            walked.addAll(ids(page));
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
        }

        assertThat(walked)
                .isEqualTo(LongStream.iterate(top, id -> id >= 1, id -> id - 1)
                        .boxed()
                        .toList());
        assertThat(get(Api.AUDITOR, "limit=1")
                        .json()
                        .get("items")
                        .get(0)
                        .get("actor")
                        .asString())
                .isEqualTo("appender");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void answersExactlyTheEventsEveryFilterAndCombinationMatches(
            String name, String query, Predicate<StoredAuditEvent> matches) {
        List<Long> expected = expected(matches);

        assertThat(expected).isNotEmpty().hasSizeLessThan(SEEDED);
        assertThat(walk(query, 500)).isEqualTo(expected);
    }

    Stream<Arguments> filters() {
        String user = seed.userName(3);
        String actor = seed.actor(2);
        Instant from = seed.at(2_000);
        Instant to = seed.at(5_000);
        // One seeded event's own values, so the combination matches something however many actions
        // and outcomes the seed cycles through.
        StoredAuditEvent every = seed.events.get(2_000 + 6 * 7);
        StoredAuditEvent ofUser = seed.events.stream()
                .filter(e -> user.equals(e.userName()))
                .skip(1)
                .findFirst()
                .orElseThrow();
        return Stream.of(
                Arguments.of(
                        "userName", "userName=" + user, (Predicate<StoredAuditEvent>) e -> user.equals(e.userName())),
                Arguments.of("actor", "actor=" + actor, (Predicate<StoredAuditEvent>) e -> actor.equals(e.actor())),
                Arguments.of("action", window() + "&action=REVOKE_ORPHAN", (Predicate<StoredAuditEvent>)
                        e -> e.action().equals("REVOKE_ORPHAN")),
                Arguments.of("outcome", window() + "&outcome=DENIED", (Predicate<StoredAuditEvent>)
                        e -> e.outcome().equals("DENIED")),
                Arguments.of("from inclusive, to exclusive", "from=" + from + "&to=" + to, (Predicate<StoredAuditEvent>)
                        e -> !e.occurredAt().isBefore(from) && e.occurredAt().isBefore(to)),
                Arguments.of("from alone", "actor=" + actor + "&from=" + from, (Predicate<StoredAuditEvent>)
                        e -> actor.equals(e.actor()) && !e.occurredAt().isBefore(from)),
                Arguments.of("to alone", "actor=" + actor + "&to=" + to, (Predicate<StoredAuditEvent>)
                        e -> actor.equals(e.actor()) && e.occurredAt().isBefore(to)),
                Arguments.of(
                        "from with an offset",
                        "actor=" + actor + "&from="
                                + encode(from.atOffset(ZoneOffset.ofHours(2)).toString()),
                        (Predicate<StoredAuditEvent>)
                                e -> actor.equals(e.actor()) && !e.occurredAt().isBefore(from)),
                Arguments.of(
                        "userName, action and outcome",
                        "userName=" + user + "&action=" + ofUser.action() + "&outcome=" + ofUser.outcome(),
                        (Predicate<StoredAuditEvent>) e -> user.equals(e.userName())
                                && e.action().equals(ofUser.action())
                                && e.outcome().equals(ofUser.outcome())),
                Arguments.of(
                        "every filter at once",
                        "userName=" + every.userName() + "&actor=" + every.actor() + "&outcome=" + every.outcome()
                                + "&action=" + every.action() + "&from=" + from + "&to=" + seed.at(9_000),
                        (Predicate<StoredAuditEvent>) e -> every.userName().equals(e.userName())
                                && every.actor().equals(e.actor())
                                && every.outcome().equals(e.outcome())
                                && every.action().equals(e.action())
                                && !e.occurredAt().isBefore(from)
                                && e.occurredAt().isBefore(seed.at(9_000))));
    }

    @Test
    void aFilterNothingMatchesAnswersAnEmptyLastPage() {
        Api.Answer answer = get(Api.AUDITOR, "userName=nobody-at-all");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().get("items")).isEmpty();
        assertThat(answer.json().get("nextCursor").isNull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "limit=0",
                "limit=501",
                "limit=ten",
                "limit=-1",
                "action=CREATE",
                "action=create_access_key",
                "outcome=WORKED",
                "from=yesterday",
                "from=2026-11-28",
                "to=2026-13-01T00:00:00Z",
                "from=2026-11-28T00:00:01Z&to=2026-11-28T00:00:00Z",
                "cursor=not*base64",
                "cursor=aGVsbG8",
                "cursor=azo1",
                "cursor=YXVkaXQtYmVmb3JlOi0z",
                "cursor=YXVkaXQtYmVmb3JlOjk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5"
            })
    void rejectsAParameterItCannotReadWithAProblem(String query) {
        Api.Answer answer = get(Api.AUDITOR, query);

        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.text("type")).isEqualTo("https://keywarden.io/problems/invalid-request");
        assertThat(answer.text("detail")).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/admin/v1/audit-events", "/admin/v1/audit-events/verification"})
    void anIssuerIsForbiddenAndAnAnonymousCallerUnauthenticated(String path) {
        Api.Answer issuer = api.call("GET", path).token(Api.ISSUER).send();
        Api.Answer anonymous = api.call("GET", path).send();

        assertThat(issuer.status()).isEqualTo(403);
        assertThat(issuer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(issuer.json().get("items")).isNull();
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("Content-Type")).startsWith("application/problem+json");
        assertThat(anonymous.json().get("items")).isNull();
    }

    private String window() {
        return "from=" + seed.at(0) + "&to=" + seed.at(SEEDED);
    }

    private List<Long> expected(Predicate<StoredAuditEvent> matches) {
        return seed.events.stream()
                .filter(matches)
                .map(StoredAuditEvent::id)
                .sorted(Comparator.reverseOrder())
                .toList();
    }

    private List<Long> walk(String query, int limit) {
        List<Long> walked = new ArrayList<>();
        String cursor = null;
        do {
            Api.Answer answer = get(Api.AUDITOR, query + "&limit=" + limit + cursor(cursor));
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            JsonNode json = answer.json();
            assertThat(json.get("items").size()).isLessThanOrEqualTo(limit);
            walked.addAll(ids(json));
            cursor = json.get("nextCursor").isNull()
                    ? null
                    : json.get("nextCursor").asString();
        } while (cursor != null);
        return walked;
    }

    private Api.Answer get(String token, String query) {
        return api.call("GET", "/admin/v1/audit-events?" + query).token(token).send();
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("id").asLong()));
        return ids;
    }

    private static String cursor(String cursor) {
        return cursor == null ? "" : "&cursor=" + encode(cursor);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
