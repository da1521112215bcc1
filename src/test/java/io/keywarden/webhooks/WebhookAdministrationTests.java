package io.keywarden.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.audit.AuditTrail;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * What operators do to webhooks, and what keeps the delivery log small: every change to a
 * subscription or a delivery is in the audit log with the caller who made it (refused attempts
 * too), and never with the subscription's secret, in the audit or in a log line; the
 * {@code webhook-purge} job deletes delivered deliveries past seven days and dead or failed ones
 * past thirty, with their attempts, and never a pending one.
 */
@KeywardenTest
@ExtendWith(OutputCaptureExtension.class)
class WebhookAdministrationTests extends ApplicationTestBase {

    @Test
    void everyChangeToASubscriptionOrADeliveryIsAuditedWithItsCallerAndNeverWithTheSecret(CapturedOutput output) {
        long mark = auditEvents.newestId();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String name = "audited-" + tag;
        String first = randomSecret();
        String second = randomSecret();
        String subscription = """
                {"name": "%s", "url": "http://127.0.0.1:9/audited?token=receivers-own", "secret": "whsec_%s",
                 "types": ["key.issued", "key.rotated"], "userNames": ["team-audited-%s-*"]}""".formatted(name, first, tag);

        assertThat(admin(Api.ISSUER, "POST", "/admin/v1/subscriptions", subscription)
                        .status())
                .isEqualTo(403);
        assertThat(admin(Api.ADMIN, "POST", "/admin/v1/subscriptions", subscription)
                        .status())
                .isEqualTo(201);
        assertThat(admin(Api.ADMIN, "POST", "/admin/v1/subscriptions", subscription)
                        .status())
                .isEqualTo(409);
        assertThat(admin(
                                Api.ADMIN,
                                "POST",
                                "/admin/v1/subscriptions/" + name + "/rotate",
                                "{\"secret\": \"" + second + "\", \"overlap\": \"PT1H\"}")
                        .status())
                .isEqualTo(200);
        assertThat(admin(
                                Api.ADMIN,
                                "POST",
                                "/admin/v1/subscriptions/test-hooks/rotate",
                                "{\"secret\": \"" + second + "\"}")
                        .status())
                .isEqualTo(409);
        assertThat(admin(Api.ADMIN, "POST", "/admin/v1/subscriptions/" + name + "/enable", null)
                        .status())
                .isEqualTo(204);
        String dead = delivery("DEAD", "now() - interval '1 hour'", "now() - interval '1 hour'");
        assertThat(admin(Api.ISSUER, "POST", "/admin/v1/deliveries/" + dead + "/retry", null)
                        .status())
                .isEqualTo(403);
        assertThat(admin(Api.ADMIN, "POST", "/admin/v1/deliveries/" + dead + "/retry", null)
                        .status())
                .isEqualTo(202);
        assertThat(admin(Api.ADMIN, "POST", "/admin/v1/deliveries/" + dead + "/retry", null)
                        .status())
                .isEqualTo(409);
        assertThat(admin(Api.ADMIN, "DELETE", "/admin/v1/subscriptions/" + name, null)
                        .status())
                .isEqualTo(204);
        assertThat(admin(Api.ADMIN, "DELETE", "/admin/v1/subscriptions/" + name, null)
                        .status())
                .isEqualTo(404);

        List<AuditTrail.Event> audited = auditEvents.matching(null, null, null).stream()
                .filter(event -> event.id() > mark)
                .filter(event -> event.action().contains("WEBHOOK"))
                .toList();
        assertThat(audited)
                .extracting(event -> event.action() + " " + event.outcome() + " " + event.actor())
                .containsExactly(
                        "CREATE_WEBHOOK_SUBSCRIPTION DENIED test-issuer",
                        "CREATE_WEBHOOK_SUBSCRIPTION SUCCEEDED test-admin",
                        "CREATE_WEBHOOK_SUBSCRIPTION INVALID test-admin",
                        "ROTATE_WEBHOOK_SECRET SUCCEEDED test-admin",
                        "ROTATE_WEBHOOK_SECRET INVALID test-admin",
                        "ENABLE_WEBHOOK_SUBSCRIPTION SUCCEEDED test-admin",
                        "RETRY_WEBHOOK_DELIVERY DENIED test-issuer",
                        "RETRY_WEBHOOK_DELIVERY SUCCEEDED test-admin",
                        "RETRY_WEBHOOK_DELIVERY INVALID test-admin",
                        "DELETE_WEBHOOK_SUBSCRIPTION SUCCEEDED test-admin",
                        "DELETE_WEBHOOK_SUBSCRIPTION INVALID test-admin");
        assertThat(audited.get(1).detail())
                .contains(name)
                .contains("http://127.0.0.1:9/audited")
                .contains("team-audited-" + tag + "-*")
                .doesNotContain("receivers-own");
        assertThat(audited.get(3).detail()).contains(name).contains("previous one also signs until");
        assertThat(audited.get(4).detail()).contains("test-hooks comes from configuration");
        assertThat(audited.get(7).detail())
                .contains(dead)
                .contains("test-hooks")
                .contains("DEAD");
        assertThat(audited.get(7).accessKeyId()).isEqualTo("ctxNdCmnTOuwXPXW1y0FRbk3c2ZRxLrZGw6cTMFvcKQ=");
        assertThat(audited.get(7).userName()).isEqualTo("team-purge-" + "retried");
        for (AuditTrail.Event event : audited) {
            assertThat(event.detail() == null ? "" : event.detail())
                    .doesNotContain(first)
                    .doesNotContain(second)
                    .doesNotContain(first.substring(0, 16))
                    .doesNotContain(second.substring(0, 16));
        }
        assertThat(output.getAll())
                .doesNotContain(first)
                .doesNotContain(second)
                .doesNotContain(first.substring(0, 16))
                .doesNotContain(second.substring(0, 16));
    }

    @Test
    void thePurgeDeletesOldDeliveredDeliveriesAndOlderDeadOnesWithTheirAttemptsAndNeverAPendingOne() {
        String deliveredLongAgo = delivery("DELIVERED", "now() - interval '9 days'", "now() - interval '8 days'");
        String deliveredLately = delivery("DELIVERED", "now() - interval '2 days'", "now() - interval '1 day'");
        String deadThisMonth = delivery("DEAD", "now() - interval '9 days'", "now() - interval '8 days'");
        String deadLongAgo = delivery("DEAD", "now() - interval '32 days'", "now() - interval '31 days'");
        String failedLongAgo = delivery("FAILED", "now() - interval '32 days'", "now() - interval '31 days'");
        String pendingForMonths = delivery("PENDING", "now() - interval '90 days'", null);

        Api.Answer run = api.call("POST", "/admin/v1/jobs/webhook-purge/runs")
                .token(Api.ADMIN)
                .send();

        assertThat(run.status()).as(run.body()).isEqualTo(201);
        assertThat(run.json().get("outcome").asString()).isEqualTo("SUCCEEDED");
        assertThat(remaining(
                        deliveredLongAgo, deliveredLately, deadThisMonth, deadLongAgo, failedLongAgo, pendingForMonths))
                .containsExactlyInAnyOrder(deliveredLately, deadThisMonth, pendingForMonths);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM webhook_attempt WHERE delivery_id::text IN (?, ?, ?)",
                        Long.class,
                        deliveredLongAgo,
                        deadLongAgo,
                        failedLongAgo))
                .isZero();
        assertThat(api.call("GET", "/admin/v1/deliveries/" + deliveredLately)
                        .token(Api.ADMIN)
                        .send()
                        .json()
                        .get("attemptLog"))
                .hasSize(1);
        assertThat(api.call("GET", "/admin/v1/deliveries/" + deliveredLongAgo)
                        .token(Api.ADMIN)
                        .send()
                        .status())
                .isEqualTo(404);
    }

    /**
     * A finished delivery of the test-hooks subscription with one attempt, as the delivery job leaves
     * one, made and finished at those SQL times ({@code finished} null: still pending, due in an hour).
     */
    private String delivery(String state, String made, String finished) {
        UUID id = UUID.randomUUID();
        String userName = "team-purge-" + (state.equals("DEAD") && made.contains("1 hour") ? "retried" : "other");
        jdbc.update(
                "INSERT INTO webhook_delivery (id, webhook_id, subscription, event_type, occurred_at, access_key_id,"
                        + " user_name, body, state, attempts, created_at, next_attempt_at, give_up_at, finished_at)"
                        + " VALUES (?, ?, 'test-hooks', 'key.deleted', " + made + ", ?, ?, '{}', ?, 1, " + made
                        + ", now() + interval '1 hour', " + made + " + interval '1 day', " + finished + ")",
                id,
                "msg_" + UUID.randomUUID().toString().replace("-", ""),
                "ctxNdCmnTOuwXPXW1y0FRbk3c2ZRxLrZGw6cTMFvcKQ=",
                userName,
                state);
        jdbc.update(
                "INSERT INTO webhook_attempt (delivery_id, attempt, attempted_at, status, duration_ms, answer)"
                        + " VALUES (?, 1, " + made + ", 500, 12, 'receiver failure')",
                id);
        return id.toString();
    }

    private List<String> remaining(String... ids) {
        return jdbc.queryForList(
                "SELECT id::text FROM webhook_delivery WHERE id::text = ANY (?)", String.class, (Object) ids);
    }

    private Api.Answer admin(String token, String method, String path, String json) {
        Api.Call call = api.call(method, path).token(token);
        return json == null ? call.send() : call.json(json).send();
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
