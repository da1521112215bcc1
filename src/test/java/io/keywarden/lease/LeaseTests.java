package io.keywarden.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keywarden.jobs.internal.JobRunner;
import io.keywarden.jobs.internal.ScheduledTasks;
import io.keywarden.sandbox.SandboxKey;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.AuditEvents;
import io.keywarden.support.KeywardenTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.config.FixedDelayTask;

/**
 * Leases end to end over HTTP against the sandbox: a ttl on create, rotate and compat, the
 * caller's maximum, a successor's inherited lease whoever rotates, renewal up to the maximum of
 * both the creator and the renewer and never earlier, the listing of keys about to expire, and the scheduled
 * lease-expiry job revoking a key upstream once its lease has ended.
 */
@KeywardenTest
class LeaseTests extends ApplicationTestBase {

    private static final String LEASE_EXPIRY = "lease-expiry";

    @Autowired
    JobRunner runner;

    @Test
    void aKeyWithATtlIsDisabledAndDeletedUpstreamByTheScheduledJobOnceItsLeaseEnds() throws Exception {
        String user = newUser();
        Api.Answer created = create(Api.ISSUER, user, "\"ttl\": \"PT3S\"");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String key = created.text("accessKeyId");
        Instant createdAt = Instant.parse(created.text("createdAt"));
        assertThat(Instant.parse(created.text("expiresAt"))).isEqualTo(createdAt.plusSeconds(3));
        assertThat(read(key).text("expiresAt")).isEqualTo(created.text("expiresAt"));
        int scheduledBefore = scheduledRuns();
        int changedBefore = scheduledRunsThatChanged();

        FixedDelayTask task = ScheduledTasks.of(runner, LEASE_EXPIRY);
        assertThat(task.getIntervalDuration()).isEqualTo(Duration.ofSeconds(1));
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.initialize();
        try {
            scheduler.scheduleWithFixedDelay(task.getRunnable(), task.getIntervalDuration());
            // Until the run that deleted the key has also recorded itself: the key is marked
            // deleted a moment before its run ends.
            awaitUntil(
                    () -> "DELETED".equals(read(key).text("status")) && scheduledRunsThatChanged() > changedBefore,
                    Duration.ofSeconds(30));
        } finally {
            scheduler.shutdown();
        }

        assertThat(sandbox.keysOf(user)).extracting(SandboxKey::accessKeyId).doesNotContain(key);
        assertThat(scheduledRuns()).isGreaterThan(scheduledBefore);
        assertThat(auditEvents.ofKey(key).stream()
                        .map(event -> event.action() + " " + event.outcome() + " " + event.actor()))
                .containsExactly(
                        "CREATE_ACCESS_KEY SUCCEEDED test-issuer",
                        "EXPIRE_ACCESS_KEY EXPIRED keywarden",
                        "EXPIRE_ACCESS_KEY EXPIRED keywarden");
        assertThat(scheduledRunsThatChanged()).isGreaterThan(changedBefore);
    }

    @Test
    void aKeyWhoseLeaseEndedHoldsItsSlotUntilTheExpiryJobHasDeletedIt() throws Exception {
        String user = newUser();
        String leased = create(Api.ISSUER, user, "\"ttl\": \"PT1H\"").text("accessKeyId");
        create(Api.ISSUER, user, null);
        jdbc.update("UPDATE access_key SET expires_at = now() - interval '1 second' WHERE access_key_id = ?", leased);

        Api.Answer beforeExpiry = create(Api.ISSUER, user, null);
        awaitUntil(
                () -> api.call("POST", "/admin/v1/jobs/" + LEASE_EXPIRY + "/runs")
                                        .token(Api.ADMIN)
                                        .send()
                                        .status()
                                == 201
                        && "DELETED".equals(read(leased).text("status")),
                Duration.ofSeconds(30));
        Api.Answer afterExpiry = create(Api.ISSUER, user, null);

        assertThat(beforeExpiry.status()).isEqualTo(409);
        assertThat(beforeExpiry.text("type")).endsWith("/key-limit-reached");
        assertThat(afterExpiry.status()).as(afterExpiry.toString()).isEqualTo(201);
        assertThat(sandbox.keysOf(user)).extracting(SandboxKey::accessKeyId).doesNotContain(leased);
    }

    @Test
    void aClientWithAMaximumGetsKeysThatExpireEvenWhenItAsksForNone() {
        String user = leasedUser();

        Api.Answer created = create(Api.LEASED_ISSUER, user, null);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(Instant.parse(created.text("expiresAt")))
                .isEqualTo(Instant.parse(created.text("createdAt")).plus(Duration.ofHours(1)));
    }

    @Test
    void aKeyOfAClientWithoutMaximumAndWithoutTtlLivesAsBefore() {
        Api.Answer created = create(Api.ISSUER, newUser(), null);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("expiresAt").isNull()).isTrue();
    }

    @Test
    void aTtlAboveTheCallersMaximumIs422NamingItAndCreatesNothing() {
        String user = leasedUser();

        Api.Answer refused = create(Api.LEASED_ISSUER, user, "\"ttl\": \"PT2H\"");

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.text("maxTtl")).isEqualTo("PT1H");
        assertThat(refused.text("detail")).contains("PT1H");
        assertThat(sandbox.keysOf(user)).isEmpty();
        assertThat(auditOutcomes(user)).containsExactly("INVALID");
    }

    @Test
    void aTtlThatIsNotPositiveIs400() {
        Api.Answer refused = create(Api.ISSUER, newUser(), "\"ttl\": \"PT0S\"");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.text("parameter")).isEqualTo("ttl");
    }

    @Test
    void theSameIdempotencyKeyWithAnotherTtlIs422() {
        String user = newUser();
        String idempotencyKey = newIdempotencyKey();
        assertThat(create(Api.ISSUER, user, "\"ttl\": \"PT2H\"", idempotencyKey).status())
                .isEqualTo(201);

        Api.Answer replayedSame = create(Api.ISSUER, user, "\"ttl\": \"PT2H\"", idempotencyKey);
        Api.Answer otherTtl = create(Api.ISSUER, user, "\"ttl\": \"PT3H\"", idempotencyKey);

        assertThat(replayedSame.status()).isEqualTo(201);
        assertThat(replayedSame.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(otherTtl.status()).isEqualTo(422);
        assertThat(otherTtl.text("type")).endsWith("idempotency-key-reused");
        assertThat(sandbox.keysOf(user)).hasSize(1);
    }

    @Test
    void rotateGivesTheSuccessorTheTtlItAsksFor() {
        String user = newUser();
        String old = create(Api.ISSUER, user, null).text("accessKeyId");

        Api.Answer rotated = api.call("POST", Api.keyPath(old) + "/rotate")
                .token(Api.ISSUER)
                .header("Idempotency-Key", newIdempotencyKey())
                .json("{\"ttl\": \"PT2H\"}")
                .send();

        assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
        assertThat(Instant.parse(rotated.text("expiresAt")))
                .isEqualTo(Instant.parse(rotated.text("createdAt")).plus(Duration.ofHours(2)));
    }

    @Test
    void anAdminRotatingATeamsLeasedKeyGetsASuccessorWithTheSameLeaseLength() {
        String user = leasedUser();
        String old = create(Api.LEASED_ISSUER, user, "\"ttl\": \"PT30M\"").text("accessKeyId");

        Api.Answer rotated = rotate(Api.ADMIN, old, null);

        assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
        assertThat(Instant.parse(rotated.text("expiresAt")))
                .isEqualTo(Instant.parse(rotated.text("createdAt")).plus(Duration.ofMinutes(30)));
        assertThat(read(rotated.text("accessKeyId")).text("expiresAt")).isEqualTo(rotated.text("expiresAt"));
    }

    @Test
    void aRotateWithATtlOverTheKeyCreatorsMaximumIs422NamingItAndCreatesNothing() {
        String user = leasedUser();
        String old = create(Api.LEASED_ISSUER, user, "\"ttl\": \"PT30M\"").text("accessKeyId");

        Api.Answer refused = rotate(Api.ADMIN, old, "{\"ttl\": \"PT2H\"}");

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.text("maxTtl")).isEqualTo("PT1H");
        assertThat(refused.text("detail")).contains("PT1H");
        assertThat(sandbox.keysOf(user)).extracting(SandboxKey::accessKeyId).containsExactly(old);
        assertThat(read(old).text("status")).isEqualTo("ACTIVE");
    }

    @Test
    void theLeaseExpiryJobEndsTheLeaseARotatedSuccessorInherited() {
        String user = newUser();
        String old = create(Api.ISSUER, user, "\"ttl\": \"PT2H\"").text("accessKeyId");
        Api.Answer rotated = rotate(Api.ADMIN, old, null);
        String successor = rotated.text("accessKeyId");
        assertThat(rotated.text("expiresAt")).isNotNull();
        jdbc.update(
                "UPDATE access_key SET expires_at = now() - interval '1 second' WHERE access_key_id = ?", successor);

        Api.Answer ran = api.call("POST", "/admin/v1/jobs/" + LEASE_EXPIRY + "/runs")
                .token(Api.ADMIN)
                .send();

        assertThat(ran.status()).as(ran.body()).isEqualTo(201);
        assertThat(read(successor).text("status")).isEqualTo("DELETED");
        assertThat(sandbox.keysOf(user)).extracting(SandboxKey::accessKeyId).containsExactly(old);
    }

    @Test
    void compatTakesTtlInSecondsAndAnswersExpiredAt() {
        String user = newUser();

        Api.Answer created = api.call("POST", "/v1/compat")
                .token(Api.ISSUER)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("Action=CreateAccessKey&UserName=" + user + "&Ttl=7200")
                .send();
        Api.Answer tooLong = api.call("POST", "/v1/compat")
                .token(Api.LEASED_ISSUER)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body("Action=CreateAccessKey&UserName=" + leasedUser() + "&Ttl=7200")
                .send();

        assertThat(created.json().get("RetCode").asInt()).as(created.body()).isZero();
        var key = created.json().get("AccessKey");
        assertThat(key.get("ExpiredAt").asLong()).isEqualTo(key.get("CreatedAt").asLong() + 7200);
        assertThat(tooLong.json().get("RetCode").asInt()).isEqualTo(230);
        assertThat(tooLong.json().get("Message").asString()).contains("Ttl").contains("PT1H");
    }

    @Test
    void renewExtendsTheLeaseUpToTheMaximumFromCreationAndRefusesPastIt() {
        String user = leasedUser();
        Api.Answer created = create(Api.LEASED_ISSUER, user, "\"ttl\": \"PT10M\"");
        String key = created.text("accessKeyId");
        Instant createdAt = Instant.parse(created.text("createdAt"));
        Instant firstExpiry = Instant.parse(created.text("expiresAt"));

        Api.Answer renewed = renew(Api.LEASED_ISSUER, key, "{\"ttl\": \"PT40M\"}");
        Api.Answer pastMaximum = renew(Api.LEASED_ISSUER, key, "{\"ttl\": \"PT2H\"}");

        assertThat(renewed.status()).as(renewed.body()).isEqualTo(200);
        Instant renewedExpiry = Instant.parse(renewed.text("expiresAt"));
        assertThat(renewedExpiry).isAfter(firstExpiry).isBeforeOrEqualTo(createdAt.plus(Duration.ofHours(1)));
        assertThat(read(key).text("expiresAt")).isEqualTo(renewed.text("expiresAt"));
        assertThat(pastMaximum.status()).isEqualTo(422);
        assertThat(pastMaximum.text("maxTtl")).isEqualTo("PT1H");
        assertThat(Instant.parse(pastMaximum.text("latestExpiresAt"))).isEqualTo(createdAt.plus(Duration.ofHours(1)));
        assertThat(read(key).text("expiresAt")).isEqualTo(renewed.text("expiresAt"));
        assertThat(auditEvents.ofKey(key).stream().map(event -> event.action() + " " + event.outcome()))
                .containsExactly(
                        "CREATE_ACCESS_KEY SUCCEEDED", "RENEW_ACCESS_KEY SUCCEEDED", "RENEW_ACCESS_KEY INVALID");
    }

    @Test
    void renewWithoutTtlExtendsByTheGrantedLeaseAndRefusesAKeyAlreadyAtItsMaximum() {
        Api.Answer created = create(Api.LEASED_ISSUER, leasedUser(), "\"ttl\": \"PT10M\"");
        String key = created.text("accessKeyId");
        Api.Answer atMaximum = create(Api.LEASED_ISSUER, leasedUser(), null);

        Api.Answer renewed = renew(Api.LEASED_ISSUER, key, null);
        Api.Answer refused = renew(Api.LEASED_ISSUER, atMaximum.text("accessKeyId"), null);

        assertThat(renewed.status()).as(renewed.body()).isEqualTo(200);
        assertThat(Instant.parse(renewed.text("expiresAt")))
                .isAfterOrEqualTo(Instant.parse(created.text("expiresAt")))
                .isBefore(Instant.now().plus(Duration.ofMinutes(11)));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.text("maxTtl")).isEqualTo("PT1H");
        assertThat(refused.text("latestExpiresAt")).isEqualTo(atMaximum.text("expiresAt"));
    }

    @Test
    void aRenewalWithAShorterTtlKeepsTheLaterExpiryAndSaysSoInTheAudit() {
        String user = newUser();
        Api.Answer created = create(Api.ISSUER, user, "\"ttl\": \"PT2H\"");
        String key = created.text("accessKeyId");

        Api.Answer renewed = renew(Api.ISSUER, key, "{\"ttl\": \"PT10M\"}");

        assertThat(renewed.status()).as(renewed.body()).isEqualTo(200);
        assertThat(renewed.text("expiresAt")).isEqualTo(created.text("expiresAt"));
        assertThat(read(key).text("expiresAt")).isEqualTo(created.text("expiresAt"));
        assertThat(auditEvents.ofKey(key).stream()
                        .filter(event -> event.action().equals("RENEW_ACCESS_KEY"))
                        .map(event -> AuditEvents.line(event.outcome(), event.detail())))
                .singleElement()
                .asString()
                .startsWith("SUCCEEDED expiresAt " + created.text("expiresAt") + " kept");
    }

    @Test
    void aRenewalIsBoundedByTheRenewersMaximumAsWellAsTheCreators() {
        String user = leasedUser();
        Api.Answer created = create(Api.ADMIN, user, "\"ttl\": \"PT10M\"");
        String key = created.text("accessKeyId");

        Api.Answer refused = renew(Api.LEASED_ISSUER, key, "{\"ttl\": \"PT2H\"}");

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.text("maxTtl")).isEqualTo("PT1H");
        assertThat(Instant.parse(refused.text("latestExpiresAt")))
                .isEqualTo(Instant.parse(created.text("createdAt")).plus(Duration.ofHours(1)));
        assertThat(read(key).text("expiresAt")).isEqualTo(created.text("expiresAt"));
        assertThat(renew(Api.ADMIN, key, "{\"ttl\": \"PT2H\"}").status()).isEqualTo(200);
    }

    @Test
    void renewingARotatingDisabledDeletedOrUnleasedKeyIs409NamingItsStatus() {
        String user = newUser();
        String rotating = create(Api.ISSUER, user, "\"ttl\": \"PT2H\"").text("accessKeyId");
        api.call("POST", Api.keyPath(rotating) + "/rotate")
                .token(Api.ISSUER)
                .header("Idempotency-Key", newIdempotencyKey())
                .send();
        String disabled = create(Api.ADMIN, newUser(), "\"ttl\": \"PT2H\"").text("accessKeyId");
        api.call("POST", Api.keyPath(disabled) + "/disable").token(Api.ADMIN).send();
        String deleted = create(Api.ADMIN, newUser(), "\"ttl\": \"PT2H\"").text("accessKeyId");
        api.call("DELETE", Api.keyPath(deleted)).token(Api.ADMIN).send();
        String unleased = create(Api.ADMIN, newUser(), null).text("accessKeyId");

        Api.Answer ofRotating = renew(Api.ISSUER, rotating, null);
        Api.Answer ofDisabled = renew(Api.ADMIN, disabled, null);
        Api.Answer ofDeleted = renew(Api.ADMIN, deleted, null);
        Api.Answer ofUnleased = renew(Api.ADMIN, unleased, null);

        assertThat(List.of(ofRotating, ofDisabled, ofDeleted, ofUnleased))
                .extracting(Api.Answer::status)
                .containsOnly(409);
        assertThat(List.of(ofRotating, ofDisabled, ofDeleted, ofUnleased))
                .extracting(answer -> answer.text("keyStatus"))
                .containsExactly("ROTATING", "INACTIVE", "DELETED", "ACTIVE");
        assertThat(ofUnleased.text("detail")).contains("no lease");
    }

    @Test
    void aKeyOutsideTheCallersScopeIsNotRenewed() {
        String key = create(Api.ADMIN, "other-" + UUID.randomUUID().toString().substring(0, 8), "\"ttl\": \"PT2H\"")
                .text("accessKeyId");

        assertThat(renew(Api.ISSUER, key, null).status()).isEqualTo(404);
    }

    @Test
    void theListingFiltersKeysExpiringWithinADuration() {
        String user = newUser();
        String soon = create(Api.ISSUER, user, "\"ttl\": \"PT2H\"").text("accessKeyId");
        create(Api.ISSUER, user, "\"ttl\": \"PT48H\"");
        create(Api.ISSUER, user, null);

        Api.Answer listed = api.call("GET", "/v1/access-keys?userName=" + user + "&expiringWithin=PT24H")
                .token(Api.ISSUER)
                .send();
        Api.Answer invalid = api.call("GET", "/v1/access-keys?expiringWithin=tomorrow")
                .token(Api.ISSUER)
                .send();

        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json()
                        .get("items")
                        .valueStream()
                        .map(item -> item.get("accessKeyId").asString()))
                .containsExactly(soon);
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.text("parameter")).isEqualTo("expiringWithin");
    }

    @Test
    void theLeaseMetricsAreExported() {
        create(Api.ISSUER, newUser(), "\"ttl\": \"PT2H\"");

        String scraped = api.call("GET", "/actuator/prometheus")
                .token(Api.METRICS)
                .send()
                .body();

        assertThat(scraped)
                .contains("keywarden_leases_expiring_within_day ")
                .contains("keywarden_leases_expiry_lag_seconds ")
                .contains("keywarden_leases_revocation_lag_seconds_count");
    }

    private Api.Answer create(String token, String user, String ttl) {
        return create(token, user, ttl, newIdempotencyKey());
    }

    private Api.Answer create(String token, String user, String ttl, String idempotencyKey) {
        return api.call("POST", "/v1/access-keys")
                .token(token)
                .header("Idempotency-Key", idempotencyKey)
                .json("{\"userName\": \"" + user + "\"" + (ttl == null ? "" : ", " + ttl) + "}")
                .send();
    }

    private Api.Answer renew(String token, String key, String body) {
        Api.Call call = api.call("POST", Api.keyPath(key) + "/renew").token(token);
        if (body != null) {
            call.json(body);
        }
        return call.send();
    }

    private Api.Answer rotate(String token, String key, String body) {
        Api.Call call = api.call("POST", Api.keyPath(key) + "/rotate")
                .token(token)
                .header("Idempotency-Key", newIdempotencyKey());
        if (body != null) {
            call.json(body);
        }
        return call.send();
    }

    private Api.Answer read(String key) {
        return api.call("GET", Api.keyPath(key)).token(Api.ADMIN).send();
    }

    private int scheduledRuns() {
        return jdbc.queryForObject(
                "SELECT count(*) FROM job_run WHERE job_name = ? AND trigger = 'SCHEDULED'",
                Integer.class,
                LEASE_EXPIRY);
    }

    private int scheduledRunsThatChanged() {
        return jdbc.queryForObject(
                "SELECT count(*) FROM job_run WHERE job_name = ? AND trigger = 'SCHEDULED' AND changed >= 1",
                Integer.class,
                LEASE_EXPIRY);
    }

    private static String leasedUser() {
        return "lease-" + UUID.randomUUID().toString().substring(0, 12);
    }

    private static void awaitUntil(Callable<Boolean> condition, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(condition);
    }
}
