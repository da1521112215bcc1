package io.keywarden.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.keywarden.audit.AuditTrail;
import io.keywarden.issuance.StaleIssuanceJob;
import io.keywarden.jobs.internal.JobRunner;
import io.keywarden.jobs.internal.JobTrigger;
import io.keywarden.sandbox.SandboxFault;
import io.keywarden.sandbox.SandboxKey;
import io.keywarden.support.Api;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
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
class ConsoleActionsBrowserTests extends ConsoleTestBase {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");

    @Autowired
    JobRunner jobs;

    @Autowired
    StaleIssuanceJob staleIssuances;

    @Autowired
    UpstreamIamClient upstream;

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

    @Test
    void anIssuerSeesTheNewExpiryBeforeRenewingAndTheLeaseThenEndsThere() {
        String user = newUser();
        Api.Answer created = createWithTtl(Api.ADMIN, user, "PT2H");
        String id = created.text("accessKeyId");
        Instant before = Instant.parse(created.text("expiresAt"));
        browser.signIn("ivo");
        browser.open(keyPath(id));

        browser.find("#renew-ttl").sendKeys("P1D");
        browser.click("#renew-preview");
        assertThat(browser.find("#current-expiry").getText()).isEqualTo(shown(before));
        Instant previewed = parseShown(browser.find("#new-expiry").getText());
        assertThat(previewed).isAfter(before);
        assertThat(expiresAt(id)).as("a preview changes nothing").isEqualTo(before);
        browser.click("#renew");

        Instant after = expiresAt(id);
        assertThat(after).isAfterOrEqualTo(previewed);
        assertThat(browser.find(".notice").getText()).contains("now expires at " + shown(after));
        assertThat(auditEvents.ofKey(id).stream()
                        .filter(event -> event.action().equals("RENEW_ACCESS_KEY"))
                        .map(event -> event.actor() + " " + event.outcome()))
                .containsExactly("person:ivo SUCCEEDED");
    }

    @Test
    void aRenewalPastTheMaximumOrOfAKeyWithoutALeaseIsRefusedInTheProblemsWords() {
        Api.Answer leased = createWithTtl(
                Api.LEASED_ISSUER, "lease-" + UUID.randomUUID().toString().substring(0, 8), "PT30M");
        String id = leased.text("accessKeyId");
        Instant before = Instant.parse(leased.text("expiresAt"));
        Api.Answer unleased = api.createKey(Api.ADMIN, newIdempotencyKey(), newUser());
        browser.signIn("ada");

        browser.open(keyPath(id) + "/renewal?ttl=PT2H");
        assertThat(browser.find("h1").getText()).isEqualTo("Ttl too long (422)");
        assertThat(browser.find("#failure").getText()).contains("may last at most PT1H");
        assertThat(browser.find("#problem-maxTtl").getText()).isEqualTo("PT1H");
        browser.open(keyPath(unleased.text("accessKeyId")));
        assertThat(browser.has("#renew-preview"))
                .as("no renewal is offered for a key without a lease")
                .isFalse();
        browser.open(keyPath(unleased.text("accessKeyId")) + "/renewal");
        assertThat(browser.find("h1").getText()).isEqualTo("Key not renewable (409)");
        assertThat(browser.find("#failure").getText()).contains("has no lease");

        browser.open(keyPath(id));
        browser.postForm(keyPath(id) + "/renew", true, "ttl", "PT2H");
        assertThat(browser.find("#failure").getText()).contains("may last at most PT1H");
        assertThat(expiresAt(id)).isEqualTo(before);
        assertThat(auditEvents.ofKey(id).stream()
                        .filter(event -> event.action().equals("RENEW_ACCESS_KEY"))
                        .map(event -> event.actor() + " " + event.outcome()))
                .as("the preview is no attempt; the refused renewal is")
                .containsExactly("person:ada INVALID");
    }

    @Test
    void anAdminRevokesInBulkOnlyAfterADryRunAndTypingTheCountAndWatchesItToTheEnd() {
        String prefix = "rv-" + UUID.randomUUID().toString().substring(0, 8);
        String first =
                api.createKey(Api.ADMIN, newIdempotencyKey(), prefix + "-1").text("accessKeyId");
        String second =
                api.createKey(Api.ADMIN, newIdempotencyKey(), prefix + "-2").text("accessKeyId");
        String bystander = prefix + "x-1";
        api.createKey(Api.ADMIN, newIdempotencyKey(), bystander);
        String reason = "admin token leaked (INC-" + prefix + ")";
        browser.signIn("ada");
        browser.click("a[href='/console/revocations']");

        browser.find("#userName").sendKeys(prefix + "-*");
        browser.find("#reason").sendKeys(reason);
        browser.click("#dry-run");
        assertThat(browser.find("#matched").getText()).isEqualTo("The filter matches 2 keys.");
        assertThat(browser.driver.findElements(By.cssSelector("tr.sampled td.key-id")))
                .extracting(WebElement::getText)
                .containsExactly(first, second);
        assertThat(browser.driver.findElements(By.cssSelector("tr.sampled a.key-link")))
                .extracting(link -> link.getAttribute("href"))
                .as("each matched key links to its page")
                .containsExactly(
                        "http://127.0.0.1:" + port + keyPath(first), "http://127.0.0.1:" + port + keyPath(second));

        browser.find("#revoke-confirmation").sendKeys("3");
        browser.click("#revoke");
        assertThat(browser.find("h1").getText()).isEqualTo("Invalid request (400)");
        assertThat(browser.find("#problem-parameter").getText()).isEqualTo("confirmation");
        assertThat(browser.find("#failure").getText()).contains("Nothing was revoked");
        assertThat(sandbox.keysOf(prefix + "-1")).hasSize(1);
        assertThat(sandbox.keysOf(prefix + "-2")).hasSize(1);
        assertThat(auditEvents.matching("person:ada", "START_REVOCATION", null).stream()
                        .filter(event -> event.detail().contains(reason)))
                .isEmpty();

        assertThat(browser.find("#back").getAttribute("href"))
                .as("the way back is the dry run, filled in as it was")
                .contains("/console/revocations/preview?userName=" + prefix + "-*&");

        browser.driver.navigate().back();
        assertThat(browser.find("#revoke").isEnabled())
                .as("a page the Back button brings back is ready to send again")
                .isTrue();
        browser.find("#revoke-confirmation").clear();
        browser.find("#revoke-confirmation").sendKeys("2");
        sandbox.arm(new SandboxFault(SandboxFault.Type.HTTP_STATUS, null, null, 503, null, null, null, null));
        browser.click("#revoke");
        assertThat(textOf("#state")).isEqualTo("RUNNING");
        assertThat(textOf("#pending")).isEqualTo("2");
        assertThat(browser.find("#reason").getText()).isEqualTo(reason);
        String revocation = browser.find("h1 code").getText();

        await().atMost(Duration.ofSeconds(30)).until(() -> {
            runRevocations();
            return report(revocation).get("failures").size() == 2;
        });
        assertThat(rowsOnceThere("tr.failure", 2))
                .allSatisfy(row -> assertThat(row).contains("no, retried later"))
                .anySatisfy(row -> assertThat(row).contains(first, prefix + "-1"));
        sandbox.clearFaults();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            runRevocations();
            return "DONE".equals(report(revocation).get("state").asString());
        });
        waitFor(() -> "DONE".equals(textOf("#state")));

        assertThat(textOf("#revoked")).isEqualTo("2");
        assertThat(textOf("#pending")).isEqualTo("0");
        assertThat(textOf("#failed")).isEqualTo("0");
        assertThat(browser.has("tr.failure")).isFalse();
        assertThat(sandbox.keysOf(prefix + "-1")).isEmpty();
        assertThat(sandbox.keysOf(prefix + "-2")).isEmpty();
        assertThat(sandbox.keysOf(bystander)).hasSize(1);
        assertThat(report(revocation).get("revoked").asInt()).isEqualTo(2);
        assertThat(auditEvents.ofKey(first))
                .anySatisfy(event -> assertThat(event.actor() + " " + event.action() + " " + event.detail())
                        .isEqualTo("person:ada REVOKE_ACCESS_KEY revocation " + revocation + ": " + reason
                                + "; status DELETED"));
        browser.open("/console/revocations");
        assertThat(browser.find("table.revocations").getText()).contains(reason, "DONE");
    }

    @Test
    void anIssuerCreatesAKeyOnceAndSeesItsSecretOnlyOnce() {
        String user = newUser();
        browser.signIn("ivo");
        browser.open("/console/keys");
        browser.click("#new-key-link");
        String form = browser.driver.getCurrentUrl();
        browser.find("#new-user").sendKeys(user);
        browser.find("#new-description").sendKeys("made on the console");
        browser.find("#new-ttl").sendKeys("PT8H");
        String idempotencyKey = browser.find("input[name=idempotencyKey]").getAttribute("value");
        browser.click("#create");

        assertThat(browser.find("#made").getText()).isEqualTo("Key created.");
        String secret = browser.find("#secret").getText();
        String id = browser.find("#new-key").getText();
        assertThat(secret).isNotBlank();
        assertThat(upstreamKeyIds(user)).containsExactly(id);
        JsonNode key = api.call("GET", Api.keyPath(id)).token(Api.ADMIN).send().json();
        assertThat(key.get("issuedBy").asString()).isEqualTo("person:ivo");
        assertThat(key.get("description").asString()).isEqualTo("made on the console");
        assertThat(Duration.between(
                        Instant.parse(key.get("createdAt").asString()),
                        Instant.parse(key.get("expiresAt").asString())))
                .isEqualTo(Duration.ofHours(8));

        browser.postForm(
                "/console/keys",
                true,
                "idempotencyKey",
                idempotencyKey,
                "userName",
                user,
                "description",
                "made on the console",
                "ttl",
                "PT8H");
        assertThat(browser.find("#new-key").getText())
                .as("a second submit of the form is the same key")
                .isEqualTo(id);
        assertThat(upstreamKeyIds(user)).containsExactly(id);

        browser.reload();
        assertThat(browser.has("#secret")).isFalse();
        assertThat(browser.find("#no-secret").getText()).contains("created or rotated");
        assertThat(browser.driver.getPageSource()).doesNotContain(secret);
        assertThat(auditEvents.ofUser(user).stream()
                        .map(event -> event.actor() + " " + event.action() + " " + event.outcome()))
                .containsExactly("person:ivo CREATE_ACCESS_KEY SUCCEEDED", "person:ivo CREATE_ACCESS_KEY REPLAYED");

        String outOfScope = "other-" + UUID.randomUUID().toString().substring(0, 8);
        browser.driver.get(form);
        browser.find("#new-user").sendKeys(outOfScope);
        browser.click("#create");
        assertThat(browser.find("h1").getText()).isEqualTo("Forbidden (403)");
        assertThat(sandbox.keysOf(outOfScope)).isEmpty();
        assertThat(auditEvents.matching("person:ivo", "CREATE_ACCESS_KEY", "DENIED").stream()
                        .map(AuditTrail.Event::userName))
                .contains(outOfScope);
    }

    @Test
    void theReasonForADisableOrADeleteIsKeptInTheAuditLog() {
        String user = newUser();
        String id = api.createKey(Api.ADMIN, newIdempotencyKey(), user).text("accessKeyId");
        browser.signIn("ada");
        browser.open(keyPath(id));

        browser.find("#disable-confirmation").sendKeys(user);
        browser.find("#disable-reason").sendKeys("INC-77: seen in a CI log");
        browser.click("#disable");
        assertThat(browser.find("#key-status").getText()).isEqualTo("INACTIVE");
        browser.find("#delete-confirmation").sendKeys(user);
        browser.find("#delete-reason").sendKeys("INC-77 closed");
        browser.click("#delete");
        assertThat(browser.find("#key-status").getText()).isEqualTo("DELETED");

        assertThat(sandbox.keysOf(user)).isEmpty();
        assertThat(auditEvents.ofKey(id).stream()
                        .filter(event -> !event.action().equals("CREATE_ACCESS_KEY"))
                        .map(event -> event.actor() + " " + event.action() + " " + event.detail()))
                .containsExactly(
                        "person:ada DISABLE_ACCESS_KEY reason: INC-77: seen in a CI log; status INACTIVE",
                        "person:ada DELETE_ACCESS_KEY reason: INC-77 closed; status DELETED");
        assertThat(browser.find("#history-heading + .table-scroll table").getText())
                .contains("reason: INC-77 closed");
    }

    @Test
    void onlyAnAdminIsOfferedOrphansAndRevocationsAndOthersAreRefusedThemAndAuditedWhereTheApiIs() {
        String user = newUser();
        String id = api.createKey(Api.ADMIN, newIdempotencyKey(), user).text("accessKeyId");
        browser.signIn("ivo");
        assertThat(browser.has("a[href='/console/orphans']")).isFalse();
        assertThat(browser.has("a[href='/console/revocations']")).isFalse();
        for (String page : List.of("/console/orphans", "/console/revocations", "/console/revocations/preview")) {
            browser.open(page);
            assertThat(browser.find("h1").getText()).as(page).isEqualTo("Not allowed (403)");
        }
        browser.open("/console");
        browser.postForm(
                "/console/revocations", true, "userName", user, "reason", "not theirs to do", "confirmation", "1");
        assertThat(browser.find("#refusal").getText()).contains("roles do not allow");
        browser.open("/console");
        browser.postForm("/console/orphans/" + UUID.randomUUID() + "/resolution", true, "revoke", "none");
        assertThat(browser.find("#refusal").getText()).contains("roles do not allow");
        assertThat(sandbox.keysOf(user)).hasSize(1);
        assertThat(auditEvents.matching("person:ivo", "START_REVOCATION", null)).isEmpty();

        long mark = auditEvents.newestId();
        browser.signIn("audra");
        browser.open(keyPath(id));
        assertThat(browser.has("#renew-preview")).isFalse();
        browser.postForm(keyPath(id) + "/renew", true, "ttl", "P1D");
        assertThat(browser.find("#refusal").getText()).contains("roles do not allow");
        browser.open("/console");
        browser.postForm(
                "/console/keys", true, "idempotencyKey", UUID.randomUUID().toString(), "userName", user);
        assertThat(browser.find("#refusal").getText()).contains("roles do not allow");
        assertThat(sandbox.keysOf(user)).hasSize(1);
        assertThat(auditEvents.matching("person:audra", null, "DENIED").stream()
                        .filter(event -> event.id() > mark)
                        .map(event -> event.action() + " " + event.userName() + " " + event.accessKeyId()))
                .containsExactly("RENEW_ACCESS_KEY " + user + " " + id, "CREATE_ACCESS_KEY null null");
    }

    /**
     * While the database is behind its signed checkpoint every role is told at the top of the
     * Overview; an ISSUER may not acknowledge it, and an ADMIN does from the console with a
     * reason, audited as the API's acknowledgement, and creates are accepted again at once.
     */
    @Test
    void anAdminAcknowledgesALossFromTheOverviewAndCreatesResumeWhileAnIssuerMayNot() {
        loseCommitsOf(newUser());
        long mark = auditEvents.newestId();
        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                .isEqualTo(503);

        browser.signIn("ivo");
        assertThat(browser.find("#loss-alert").getText())
                .contains(
                        "Issuing is halted",
                        "Creates, rotations and renewals are refused",
                        "the database is behind its signed checkpoint",
                        "Tell an ADMIN");
        assertThat(browser.has("#loss-act")).isFalse();
        browser.open("/console/audit-loss");
        assertThat(browser.find("h1").getText()).isEqualTo("Not allowed (403)");
        browser.open("/console");
        browser.postForm("/console/audit-loss", true, "reason", "not mine to say");
        assertThat(browser.find("#refusal").getText()).contains("roles do not allow");
        assertThat(auditEvents.matching("person:ivo", "ACKNOWLEDGE_AUDIT_LOSS", null))
                .isEmpty();
        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                .isEqualTo(503);

        browser.signIn("ada");
        assertThat(browser.find("#loss-alert").getText()).contains("Issuing is halted");
        browser.click("#loss-act");
        assertThat(browser.find("h1").getText()).isEqualTo("Database behind its signed checkpoint");
        assertThat(browser.find("#loss-finding").getText()).startsWith("the database is behind its signed checkpoint");
        assertThat(browser.find("#loss-acknowledged").getText()).startsWith("not yet");
        browser.postForm("/console/audit-loss", true, "reason", " ");
        assertThat(browser.text()).contains("reason");
        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                .isEqualTo(503);
        browser.open("/console/audit-loss");
        browser.find("#loss-reason").sendKeys("INC-4711: standby promoted 5 s behind");
        browser.click("#acknowledge-loss");

        assertThat(browser.find(".notice").getText())
                .contains("The loss is acknowledged", "creates, rotations and renewals are accepted again");
        assertThat(browser.has("#acknowledge-loss")).isFalse();
        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), newUser()).status())
                .isEqualTo(201);
        assertThat(auditEvents.matching("person:ada", "ACKNOWLEDGE_AUDIT_LOSS", null).stream()
                        .filter(event -> event.id() > mark)
                        .map(event -> event.outcome() + ": " + event.detail()))
                .satisfiesExactly(
                        invalid -> assertThat(invalid).startsWith("INVALID: "),
                        succeeded -> assertThat(succeeded)
                                .startsWith("SUCCEEDED: signed by checkpoint ")
                                .endsWith("; reason: INC-4711: standby promoted 5 s behind"));
        browser.open("/console");
        assertThat(browser.has("#loss-alert")).isFalse();
    }

    /**
     * A key reconciliation recovered after an acknowledged loss holds its user's creates until an
     * ADMIN keeps it from its page, with a reason, audited as the API's review; an ISSUER is not
     * offered the review and is refused it.
     */
    @Test
    void anAdminKeepsARecoveredKeyFromItsPageAndCreatesForItsUserResume() {
        String user = newUser();
        String lost = loseCommitsOf(user);
        Api.Answer acknowledged = api.call("POST", ACKNOWLEDGE)
                .token(Api.ADMIN)
                .json("{\"reason\": \"INC-4711: standby promoted 5 s behind\"}")
                .send();
        assertThat(acknowledged.status()).as(acknowledged.body()).isEqualTo(200);
        reconcileUpstreamNow();
        Api.Answer held = api.createKey(Api.ISSUER, newIdempotencyKey(), user);
        assertThat(held.status()).as(held.body()).isEqualTo(409);
        assertThat(held.text("type")).endsWith("/recovered-keys-unreviewed");
        // The user holds two keys, the upstream's limit: the one made before the loss makes room.
        String before = upstreamKeyIds(user).stream()
                .filter(id -> !id.equals(lost))
                .findFirst()
                .orElseThrow();
        assertThat(api.call("DELETE", Api.keyPath(before))
                        .token(Api.ADMIN)
                        .send()
                        .status())
                .isEqualTo(200);
        assertThat(api.createKey(Api.ISSUER, newIdempotencyKey(), user).text("type"))
                .endsWith("/recovered-keys-unreviewed");

        browser.signIn("ivo");
        browser.open(keyPath(lost));
        assertThat(browser.find("#key-recovered").getText()).contains("awaiting review");
        assertThat(browser.has("#keep-recovered")).isFalse();
        browser.postForm(keyPath(lost) + "/recovery-review", true, "reason", "mine");
        assertThat(browser.find("#refusal").getText()).contains("roles do not allow");
        assertThat(auditEvents.matching("person:ivo", "REVIEW_RECOVERED_KEY", "DENIED"))
                .extracting(AuditTrail.Event::accessKeyId)
                .containsExactly(lost);

        browser.signIn("ada");
        browser.open("/console/keys?recovered=true&user=" + user);
        assertThat(browser.find("#recovered").isSelected()).isTrue();
        assertThat(browser.driver.findElements(By.cssSelector("a.key-link")))
                .extracting(WebElement::getText)
                .containsExactly(lost);
        browser.click("a.key-link");
        assertThat(browser.find("#recovery-pending").getText()).contains(user, "refused until it is reviewed");
        assertThat(browser.has("#delete")).as("deleting is the other answer").isTrue();
        browser.find("#recovery-review-reason").sendKeys("INC-4711: the CI runner holds it");
        browser.click("#keep-recovered");

        assertThat(browser.find(".notice").getText()).contains("kept as a managed key");
        assertThat(browser.find("#key-recovered").getText()).contains("kept by person:ada");
        assertThat(browser.has("#keep-recovered")).isFalse();
        Api.Answer accepted = api.createKey(Api.ISSUER, newIdempotencyKey(), user);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        assertThat(auditEvents.ofKey(lost).stream()
                        .filter(event -> event.action().equals("REVIEW_RECOVERED_KEY"))
                        .map(event -> event.actor() + " " + event.outcome() + ": " + event.detail()))
                .satisfiesExactly(
                        denied -> assertThat(denied).startsWith("person:ivo DENIED: "),
                        kept -> assertThat(kept)
                                .isEqualTo("person:ada SUCCEEDED: kept as a managed key, recovered after loss "
                                        + jdbc.queryForObject("SELECT max(id) FROM audit_loss", Long.class)
                                        + "; reason: INC-4711: the CI runner holds it"));
        browser.open("/console/keys?recovered=true&user=" + user);
        assertThat(browser.find("a.key-link").getText()).isEqualTo(lost);
    }

    /**
     * Every page these actions add, in each state an operator meets it in, at a desktop's width and a
     * phone's: none scrolls sideways, and axe-core finds no serious or critical violation.
     */
    @Test
    void everyPageOfTheseActionsFitsBothWidthsAndPassesAxe() {
        List<String> faults = new ArrayList<>();
        String user = newUser();
        String idempotencyKey = newIdempotencyKey();
        sandbox.arm(new SandboxFault(
                SandboxFault.Type.CREATE_WITHOUT_ANSWER, null, 1, null, Duration.ofSeconds(3), null, null, null));
        api.createKey(Api.ISSUER, idempotencyKey, user);
        String orphan = upstreamKeyIds(user).get(0);
        createByHand(user);
        reconcileOnce(user);
        String issuanceId = api.createKey(Api.ISSUER, idempotencyKey, user).text("issuanceId");
        String leased = createWithTtl(Api.ADMIN, newUser(), "PT2H").text("accessKeyId");
        String prefix = "rv-" + UUID.randomUUID().toString().substring(0, 8);
        api.createKey(Api.ADMIN, newIdempotencyKey(), prefix + "-1");
        api.createKey(Api.ADMIN, newIdempotencyKey(), prefix + "-2");

        browser.signIn("ada");
        browser.open("/console/orphans");
        faults.addAll(faultsOf("ambiguous orphans", "orphans"));
        browser.open("/console/orphans/" + issuanceId + "/resolution?revoke="
                + UriUtils.encodeQueryParam(orphan, StandardCharsets.UTF_8));
        faults.addAll(faultsOf("an orphan's revocation to confirm", null));
        browser.open("/console/orphans/" + issuanceId + "/resolution?revoke=none");
        faults.addAll(faultsOf("keeping an orphan report's keys, to confirm", null));
        browser.click("#resolve");
        faults.addAll(faultsOf("an orphan report resolved", null));
        browser.open("/console/orphans/" + issuanceId + "/resolution?revoke=none");
        faults.addAll(faultsOf("a report no longer open", null));

        browser.open(keyPath(leased));
        faults.addAll(faultsOf("a key with a lease to renew", null));
        browser.open(keyPath(leased) + "/renewal?ttl=P1D");
        faults.addAll(faultsOf("a renewal to confirm", "renewal"));
        browser.click("#renew");
        faults.addAll(faultsOf("a key renewed", null));
        browser.open(keyPath(leased) + "/renewal?ttl=PT1M");
        faults.addAll(faultsOf("a renewal that would change nothing", null));
        browser.open(keyPath(leased) + "/renewal?ttl=soon");
        faults.addAll(faultsOf("a renewal with a ttl that is no duration", null));

        browser.open("/console/keys/new");
        faults.addAll(faultsOf("a new key's form", "new-key"));
        browser.find("#new-user").sendKeys(newUser());
        browser.click("#create");
        faults.addAll(faultsOf("a new key's secret", null));

        browser.open("/console/revocations");
        faults.addAll(faultsOf("bulk revocation", null));
        browser.open("/console/revocations/preview?userName=" + prefix + "-*&reason=checking+the+pages");
        faults.addAll(faultsOf("a dry run", "revocation-preview"));
        browser.find("#revoke-confirmation").sendKeys("5");
        browser.click("#revoke");
        faults.addAll(faultsOf("a real run with the wrong count", null));
        browser.open("/console/revocations/preview?userName=nobody-at-all-*&reason=checking+the+pages");
        faults.addAll(faultsOf("a dry run matching nothing", null));
        browser.open("/console/revocations/preview?userName=" + prefix + "-*&reason=checking+the+pages");
        browser.find("#revoke-confirmation").sendKeys("2");
        sandbox.arm(new SandboxFault(SandboxFault.Type.HTTP_STATUS, null, null, 503, null, null, null, null));
        browser.click("#revoke");
        String revocation = browser.find("h1 code").getText();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            runRevocations();
            return report(revocation).get("failures").size() == 2;
        });
        browser.reload();
        faults.addAll(faultsOf("a revocation running, with failures", null));
        sandbox.clearFaults();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            runRevocations();
            return "DONE".equals(report(revocation).get("state").asString());
        });
        browser.reload();
        faults.addAll(faultsOf("a revocation done", "revocation"));
        browser.open("/console/revocations/" + UUID.randomUUID());
        faults.addAll(faultsOf("an unknown revocation", null));

        browser.signIn("ivo");
        browser.open("/console/keys/new");
        faults.addAll(faultsOf("a new key's form as issuer", null));
        browser.open("/console/orphans");
        faults.addAll(faultsOf("orphans refused to an issuer", null));

        assertThat(faults).isEmpty();
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
        updating().until(driver -> shown.getAsBoolean());
    }

    /** The text of an element of a page that updates itself, read between two of its updates. */
    private static String textOf(String css) {
        return updating()
                .until(driver -> driver.findElement(By.cssSelector(css)).getText());
    }

    /** The text of each row {@code css} selects, once there are {@code count} of them. */
    private static List<String> rowsOnceThere(String css, int count) {
        return updating().until(driver -> {
            List<String> rows = driver.findElements(By.cssSelector(css)).stream()
                    .map(WebElement::getText)
                    .toList();
            return rows.size() == count ? rows : null;
        });
    }

    /** A wait on a page that replaces part of itself now and then, so an element read may be gone. */
    private static WebDriverWait updating() {
        WebDriverWait wait = new WebDriverWait(browser.driver, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
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
}
