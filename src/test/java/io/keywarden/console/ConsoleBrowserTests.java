package io.keywarden.console;

import static org.assertj.core.api.Assertions.assertThat;

import idp.TestIdentityProvider;
import io.keywarden.audit.AuditTrail;
import io.keywarden.jobs.internal.JobRunner;
import io.keywarden.jobs.internal.ScheduledTasks;
import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The console driven by a real headless Chromium against the running keywarden and its sandbox:
 * what an operator sees and does, what each role is refused, and the page's defences.
 */
@KeywardenTest
class ConsoleBrowserTests extends ConsoleTestBase {

    @Autowired
    JobRunner runner;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void anAdminFindsAKeyRotatesItAndSeesTheSecretOnlyOnce() {
        Key key = keyWithSlash("team-", "deploy key");
        browser.signIn("ada");
        assertThat(browser.find("h1").getText()).isEqualTo("Overview");

        browser.open("/console/keys");
        browser.find("#user").sendKeys(key.user());
        browser.click("form[role=search] button");
        browser.click("a.key-link");
        assertThat(browser.find("h1 .key-id").getText()).isEqualTo(key.id());
        assertThat(browser.find("#key-status").getText()).isEqualTo("ACTIVE");

        browser.click("#rotate");
        String secret = browser.find("#secret").getText();
        String successor = browser.find("#new-key").getText();
        assertThat(secret).isNotBlank();
        assertThat(successor).isNotEqualTo(key.id());
        assertThat(browser.find("#copy").isDisplayed()).isTrue();
        assertThat(browser.text()).contains("This is the only time keywarden shows this secret");

        browser.reload();
        assertThat(browser.has("#secret")).isFalse();
        assertThat(browser.find("#no-secret").isDisplayed()).isTrue();
        assertThat(browser.driver.getPageSource()).doesNotContain(secret);

        browser.open(keyPath(key.id()));
        assertThat(browser.find("#key-status").getText()).isEqualTo("ROTATING");
        assertThat(browser.find("#rotated-to").getText()).isEqualTo(successor);
        browser.click("#rotated-to");
        assertThat(browser.find("#key-status").getText()).isEqualTo("ACTIVE");
        assertThat(browser.text()).contains("ROTATE_ACCESS_KEY");
        assertThat(rotatedBy(key.user())).containsExactly("person:ada");
    }

    @Test
    void rotatingAtTheKeyLimitSaysWhatToDoAndLinksTheUsersKeys() {
        Key key = keyWithSlash("team-", "at the limit");
        String other = api.createKey(Api.ADMIN, newIdempotencyKey(), key.user()).text("accessKeyId");
        browser.signIn("ada");
        browser.open(keyPath(key.id()));

        browser.click("#rotate");

        assertThat(browser.find("h1").getText()).isEqualTo("Key limit reached (409)");
        assertThat(browser.find("#failure").getText())
                .contains("limit of 2", "disable and delete one of the user's other keys first");
        assertThat(browser.driver.findElements(By.cssSelector("#live-keys a.key-link")))
                .extracting(WebElement::getText)
                .containsExactly(key.id(), other);
        browser.click("#live-keys a.key-link");
        assertThat(browser.find("h1 .key-id").getText()).isEqualTo(key.id());
        assertThat(status(key)).isEqualTo("ACTIVE");
        assertThat(sandbox.keysOf(key.user())).hasSize(2);
    }

    @Test
    void aPersonSignsInThroughTheIdentityProviderAndActsAsTheCallerTheirGroupsMakeThem() {
        Key key = keyWithSlash("team-", "signed in elsewhere");
        browser.open("/console/login");
        browser.driver.manage().deleteAllCookies();
        browser.open("/console");
        assertThat(browser.driver.getCurrentUrl())
                .startsWith(TestIdentityProvider.shared().issuer() + "/login");
        browser.find("#username").sendKeys("ivy");
        browser.find("#password").sendKeys("ivy-password");
        browser.click("button[type=submit]");

        assertThat(browser.find("h1").getText()).isEqualTo("Overview");
        String ivy = "person:" + TestIdentityProvider.subjectOf("ivy");
        assertThat(browser.find(".who").getText()).isEqualTo(ivy);
        assertThat(browser.find(".display-name").getText()).isEqualTo("ivy");
        browser.open(keyPath(key.id()));
        assertThat(browser.has("#disable")).isFalse();
        browser.click("#rotate");
        assertThat(browser.find("#secret").getText()).isNotBlank();
        assertThat(rotatedBy(key.user())).containsExactly(ivy);
    }

    @Test
    void anAdminDisablesEnablesAndDeletesWithConfirmationAndSeesEachInTheAudit() {
        Key key = keyWithSlash("team-", "ops key");
        browser.signIn("ada");

        browser.open(keyPath(key.id()));
        browser.find("#disable-confirmation").sendKeys("not-the-user");
        browser.click("#disable");
        assertThat(browser.find("#failure").getText()).contains("Nothing was changed");
        assertThat(status(key)).isEqualTo("ACTIVE");

        browser.open(keyPath(key.id()));
        browser.find("#disable-confirmation").sendKeys(key.user());
        browser.click("#disable");
        assertThat(browser.find("#key-status").getText()).isEqualTo("INACTIVE");
        assertThat(sandbox.keysOf(key.user()).get(0).status().name()).isEqualTo("INACTIVE");

        browser.click("#enable");
        assertThat(browser.find("#key-status").getText()).isEqualTo("ACTIVE");

        browser.find("#delete-confirmation")
                .sendKeys(key.id().substring(key.id().length() - 6));
        browser.click("#delete");
        assertThat(browser.find("#key-status").getText()).isEqualTo("DELETED");
        assertThat(sandbox.keysOf(key.user())).isEmpty();

        browser.open("/console/audit?user=" + key.user());
        String audit = browser.text();
        assertThat(audit).contains("DISABLE_ACCESS_KEY", "ENABLE_ACCESS_KEY", "DELETE_ACCESS_KEY");
        assertThat(auditEvents.ofUser(key.user()).stream()
                        .filter(event -> !event.action().equals("CREATE_ACCESS_KEY"))
                        .map(AuditTrail.Event::actor)
                        .distinct())
                .containsExactly("person:ada");
        browser.click("#verify");
        assertThat(browser.find("#verification").getText()).startsWith("Intact");
        assertThat(browser.find("#checkpoint").getText()).isNotBlank();
    }

    @Test
    void anAdminRunsAJobRightAfterItsScheduledRunAndWhileARunIsInProgressIsToldWhereAndSince() {
        String elsewhere = "keywarden-2/5e1d0c9a";
        freeLocksOf("key-retirement");
        try {
            ScheduledTasks.of(runner, "key-retirement").getRunnable().run();
            browser.signIn("ada");
            browser.open("/console/jobs");
            browser.click("#run-key-retirement");
            assertThat(browser.find(".notice").getText()).startsWith("Job key-retirement ran: SUCCEEDED");
            assertThat(browser.find("#job-key-retirement tr.run").getText()).contains("MANUAL");

            jdbc.update(
                    "INSERT INTO shedlock (name, lock_until, locked_at, locked_by) VALUES ('key-retirement:in-progress',"
                            + " timezone('utc', now()) + interval '10 minutes', timezone('utc', now()), ?)"
                            + " ON CONFLICT (name) DO UPDATE SET lock_until = excluded.lock_until,"
                            + " locked_at = excluded.locked_at, locked_by = excluded.locked_by",
                    elsewhere);
            browser.click("#run-key-retirement");
            assertThat(browser.find("h1").getText()).isEqualTo("Jobs");
            assertThat(browser.find(".notice").getText())
                    .startsWith("Job key-retirement is running on " + elsewhere + " since ");

            freeLocksOf("key-retirement");
            browser.click("#run-key-retirement");
            assertThat(browser.find(".notice").getText()).startsWith("Job key-retirement ran: SUCCEEDED");
        } finally {
            freeLocksOf("key-retirement");
        }
    }

    /** Who rotated the user's keys, as the audit log says. */
    private List<String> rotatedBy(String user) {
        return auditEvents.ofUser(user).stream()
                .filter(event -> event.action().equals("ROTATE_ACCESS_KEY")
                        && event.outcome().equals("SUCCEEDED"))
                .map(AuditTrail.Event::actor)
                .toList();
    }

    private void freeLocksOf(String job) {
        jdbc.update(
                "UPDATE shedlock SET lock_until = timezone('utc', now()) WHERE name IN (?, ?)",
                job,
                job + ":in-progress");
    }

    @Test
    void anAuditorSeesNoActionAndIsRefusedOneByHand() {
        Key key = keyWithSlash("team-", "read only");
        browser.signIn("audra");
        browser.open(keyPath(key.id()));
        assertThat(browser.find("#key-status").getText()).isEqualTo("ACTIVE");
        assertThat(browser.has("#rotate")).isFalse();
        assertThat(browser.has("#disable")).isFalse();
        assertThat(browser.has("#delete")).isFalse();

        browser.postForm(keyPath(key.id()) + "/disable", true, "confirmation", key.user());
        assertThat(browser.find("h1").getText()).isEqualTo("Not allowed (403)");
        assertThat(browser.find("#refusal").getText()).contains("roles do not allow");
        assertThat(status(key)).isEqualTo("ACTIVE");

        browser.open(keyPath(key.id()));
        browser.postForm(
                keyPath(key.id()) + "/rotate",
                true,
                "idempotencyKey",
                UUID.randomUUID().toString());
        assertThat(browser.find("#refusal").getText()).contains("roles do not allow");
        assertThat(sandbox.keysOf(key.user())).hasSize(1);
        assertThat(auditEvents.matching("person:audra", "ROTATE_ACCESS_KEY", "DENIED"))
                .hasSize(1);
    }

    @Test
    void anIssuerRotatesInScopeButIsRefusedOutsideIt() {
        Key mine = keyWithSlash("team-", "in scope");
        Key other = keyWithSlash("other-", "out of scope");
        browser.signIn("ivo");
        browser.open(keyPath(mine.id()));
        assertThat(browser.has("#rotate")).isTrue();
        assertThat(browser.has("#disable")).isFalse();
        assertThat(browser.has("a[href='/console/audit']")).isFalse();
        assertThat(browser.has("#history-heading")).isFalse();
        browser.open("/console");
        assertThat(browser.has("#circuit")).isFalse();
        assertThat(browser.find(".figures").getText()).contains("ACTIVE");

        browser.open(keyPath(other.id()));
        assertThat(browser.find("h1").getText()).isEqualTo("Not found (404)");
        browser.open(keyPath(mine.id()));
        browser.postForm(
                keyPath(other.id()) + "/rotate",
                true,
                "idempotencyKey",
                UUID.randomUUID().toString());
        assertThat(browser.find("h1").getText()).isEqualTo("Forbidden (403)");
        assertThat(status(other)).isEqualTo("ACTIVE");
        assertThat(sandbox.keysOf(other.user())).hasSize(1);
    }

    @Test
    void aScriptInADescriptionIsShownAsTextAndNotRun() {
        String user = newUser();
        String description = "<script>window.injected = true; document.title = 'owned'</script>"
                + "<img src=x onerror=\"window.injected = true\">";
        Api.Answer created = api.call("POST", "/v1/access-keys")
                .token(Api.ADMIN)
                .header("Idempotency-Key", newIdempotencyKey())
                .json("{\"userName\":\"" + user + "\",\"description\":\"" + description.replace("\"", "\\\"") + "\"}")
                .send();
        assertThat(created.status()).isEqualTo(201);
        browser.signIn("ada");
        browser.open(keyPath(created.text("accessKeyId")));

        assertThat(browser.find("#key-description").getText()).isEqualTo(description);
        assertThat(browser.driver.executeScript("return window.injected === undefined"))
                .isEqualTo(true);
        assertThat(browser.driver.getTitle()).isNotEqualTo("owned");
        assertThat(browser.driver.findElements(By.cssSelector("#key-description *")))
                .isEmpty();
    }

    @Test
    void aPostWithoutTheCsrfTokenIsRefused() {
        Key key = keyWithSlash("team-", "csrf target");
        browser.signIn("ada");
        browser.open(keyPath(key.id()));
        browser.postForm(keyPath(key.id()) + "/disable", false, "confirmation", key.user());
        assertThat(browser.find("#refusal").getText()).contains("not sent from the console");

        HttpResponse<String> crossSite = crossSitePost(keyPath(key.id()) + "/delete");
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(status(key)).isEqualTo("ACTIVE");
        assertThat(sandbox.keysOf(key.user())).hasSize(1);
    }

    @Test
    void pagesForbidFramingInlineScriptsAndCachingOfTheSecret() throws Exception {
        HttpResponse<String> login =
                send(HttpRequest.newBuilder(uri("/console/login")).GET());
        String csp = login.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(login.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(login.headers().firstValue("Set-Cookie").orElseThrow())
                .contains("HttpOnly")
                .containsIgnoringCase("SameSite=Lax");
        assertThat(login.body()).doesNotContain("<script>").contains("/console/assets/console-");

        browser.signIn("ada");
        HttpResponse<String> secret = send(HttpRequest.newBuilder(uri("/console/secret"))
                .header("Cookie", cookie())
                .GET());
        assertThat(secret.statusCode()).isEqualTo(200);
        assertThat(secret.headers().allValues("Cache-Control")).anyMatch(value -> value.contains("no-store"));
        assertThat(send(HttpRequest.newBuilder(uri("/console/keys"))).statusCode())
                .isEqualTo(302);
    }

    private String status(Key key) {
        return api.call("GET", Api.keyPath(key.id())).token(Api.ADMIN).send().text("status");
    }

    /**
     * A form POST from another site that carries the signed-in browser's session cookie (as a
     * browser ignoring SameSite would) but cannot know the page's CSRF token.
     */
    private HttpResponse<String> crossSitePost(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "https://elsewhere.example")
                .POST(HttpRequest.BodyPublishers.ofString("confirmation=x&idempotencyKey=" + UUID.randomUUID()));
        request.header("Cookie", cookie());
        return send(request);
    }

    private String cookie() {
        return "JSESSIONID=" + browser.sessionCookie();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }
}
