package io.keywarden.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.audit.AuditTrail;
import io.keywarden.issuance.StaleIssuanceJob;
import io.keywarden.jobs.internal.JobRunner;
import io.keywarden.jobs.internal.JobTrigger;
import io.keywarden.sandbox.SandboxFault;
import io.keywarden.sandbox.SandboxKey;
import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.KeywardenTest;
import io.keywarden.upstream.UpstreamAccessKey;
import io.keywarden.upstream.UpstreamIamClient;
import io.keywarden.upstream.UpstreamOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;

/**
 * The console's actions beyond a key's rotate, disable, enable and delete, driven by a real
 * headless Chromium against the running keywarden and its sandbox: settling ambiguous orphans,
 * renewing a lease, bulk revocation, creating a key, and an operator's reason kept in the audit
 * log; each as an operator sees it, and as the upstream, the API and the audit log then show it.
 */
@KeywardenTest
class ConsoleActionsBrowserTests extends ApplicationTestBase {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    private static Browser browser;

    @Autowired
    JobRunner jobs;

    @Autowired
    StaleIssuanceJob staleIssuances;

    @Autowired
    UpstreamIamClient upstream;

    @BeforeEach
    void startBrowserOnce() {
        if (browser == null) {
            browser = new Browser(port);
        }
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void anAdminSettlesAnAmbiguousOrphanReportFromTheOverviewWithAReason() {
        String user = newUser();
        String idempotencyKey = newIdempotencyKey();
        sandbox.arm(new SandboxFault(
                SandboxFault.Type.CREATE_WITHOUT_ANSWER, null, 1, null, Duration.ofSeconds(3), null, null, null));
        assertThat(api.createKey(Api.ISSUER, idempotencyKey, user).status()).isEqualTo(504);
        String orphan = upstreamKeyIds(user).get(0);
        String handMade = createByHand(user);
        reconcileOnce(user);
        Api.Answer refused = api.createKey(Api.ISSUER, idempotencyKey, user);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        String issuanceId = refused.text("issuanceId");
        assertThat(refused.text("detail")).contains("/console/orphans");
        assertThat(auditEvents.ofKey(handMade))
                .anySatisfy(event -> assertThat(event.detail()).contains("/console/orphans"));

        browser.signIn("ada");
        browser.click("#ambiguous");
        assertThat(browser.find("h1").getText()).isEqualTo("Ambiguous orphans");
        WebElement report = browser.find("#report-" + issuanceId);
        assertThat(report.getText()).contains(user, "CREATE by test-issuer", " to ");
        assertThat(report.findElements(By.cssSelector("tr.candidate td.key-id")))
                .extracting(WebElement::getText)
                .containsExactlyInAnyOrder(orphan, handMade);

        report.findElement(By.cssSelector("input[value=\"" + orphan + "\"]")).click();
        browser.click("#report-" + issuanceId + " button[type=submit]");
        assertThat(browser.find("#decision-revoke").getText()).isEqualTo(orphan);
        assertThat(browser.find("#decision-keep").getText()).isEqualTo(handMade);
        assertThat(upstreamKeyIds(user)).as("reviewing changes nothing").hasSize(2);
        browser.find("#resolve-reason").sendKeys("INC-4711: the lost create's key");
        browser.click("#resolve");

        assertThat(browser.find(".notice").getText()).contains(issuanceId, "key " + orphan + " was revoked");
        assertThat(browser.has("#report-" + issuanceId)).isFalse();
        assertThat(upstreamKeyIds(user)).containsExactly(handMade);
        assertThat(auditEvents.matching("person:ada", "RECONCILE_ISSUANCE", "ABANDONED").stream()
                        .filter(event -> user.equals(event.userName()))
                        .map(AuditTrail.Event::detail))
                .singleElement()
                .asString()
                .contains(
                        "revoked " + orphan,
                        "reason: INC-4711: the lost create's key",
                        "kept as unmanaged: " + handMade);
        assertThat(auditEvents.ofKey(orphan))
                .anySatisfy(event -> assertThat(event.actor() + " " + event.action() + " " + event.outcome())
                        .isEqualTo("person:ada REVOKE_ORPHAN ORPHAN_REVOKED"));
        assertThat(api.createKey(Api.ISSUER, idempotencyKey, user).status()).isEqualTo(201);
    }

    private Api.Answer createWithTtl(String token, String user, String ttl) {
        Api.Answer created = api.call("POST", "/v1/access-keys")
                .token(token)
                .header("Idempotency-Key", newIdempotencyKey())
                .json("{\"userName\":\"" + user + "\",\"ttl\":\"" + ttl + "\"}")
                .send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created;
    }

    private Instant expiresAt(String accessKeyId) {
        return Instant.parse(api.call("GET", Api.keyPath(accessKeyId))
                .token(Api.ADMIN)
                .send()
                .text("expiresAt"));
    }

    private String createByHand(String user) {
        UpstreamOutcome<UpstreamAccessKey> created = upstream.createAccessKey(user);
        assertThat(created).isInstanceOf(UpstreamOutcome.Success.class);
        return ((UpstreamOutcome.Success<UpstreamAccessKey>) created).value().accessKeyId();
    }

    /** Ends the user's attempts' leases at once and runs the stale-issuance reconciler once. */
    private void reconcileOnce(String user) {
        jdbc.update(
                "UPDATE issuance SET lease_until = now() - interval '1 second'"
                        + " WHERE user_name = ? AND state IN ('IN_FLIGHT', 'OUTCOME_UNKNOWN')",
                user);
        jobs.run(staleIssuances, JobTrigger.MANUAL).orElseThrow();
    }

    private void runRevocations() {
        Api.Answer ran = api.call("POST", "/admin/v1/jobs/revocation-worker/runs")
                .token(Api.ADMIN)
                .send();
        assertThat(ran.status()).as(ran.body()).isEqualTo(201);
    }

    private JsonNode report(String revocation) {
        return api.call("GET", "/admin/v1/revocations/" + revocation)
                .token(Api.ADMIN)
                .send()
                .json();
    }

    /** Waits until the page, updating itself, shows what {@code shown} looks for. */
    private static void waitFor(BooleanSupplier shown) {
        new WebDriverWait(browser.driver, Duration.ofSeconds(20)).until(driver -> shown.getAsBoolean());
    }

    private List<String> upstreamKeyIds(String user) {
        return sandbox.keysOf(user).stream().map(SandboxKey::accessKeyId).toList();
    }

    private static String shown(Instant instant) {
        return SHOWN.withZone(ZoneOffset.UTC).format(instant);
    }

    private static Instant parseShown(String text) {
        return LocalDateTime.parse(text, SHOWN).toInstant(ZoneOffset.UTC);
    }

    private static String keyPath(String accessKeyId) {
        return "/console/keys/" + UriUtils.encodePathSegment(accessKeyId, StandardCharsets.UTF_8);
    }
}
