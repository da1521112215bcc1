package io.keywarden.console;

import static org.assertj.core.api.Assertions.assertThat;

import idp.TestIdentityProvider;
import io.keywarden.audit.AuditAction;
import io.keywarden.audit.AuditEntry;
import io.keywarden.audit.AuditLog;
import io.keywarden.audit.AuditOutcome;
import io.keywarden.audit.AuditTrail;
import io.keywarden.identity.ConsoleSignIn;
import io.keywarden.jobs.internal.JobRunner;
import io.keywarden.jobs.internal.ScheduledTasks;
import io.keywarden.platform.web.RequestContext;
import io.keywarden.sandbox.SandboxFault;
import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What an operator sees when something fails in the console, and the lists they work through:
 * failures as console pages saying what the API says, with a way back that keeps what was typed;
 * keys sorted, paged both ways and counted; the audit log linked to keys, searched by a window
 * typed in UTC and fitting the screen; jobs in words; the overview's current figures; the root
 * and the icon. Driven by a real headless Chromium against the running keywarden and its sandbox.
 */
@KeywardenTest
class ConsoleListsBrowserTests extends ConsoleTestBase {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    JobRunner runner;

    @Autowired
    AuditLog auditLog;

    @Autowired
    TransactionTemplate transactions;

    // Failures.

    @Test
    void aRotationTheUpstreamRefusesShowsItsMessageAndRetCodeInTheConsoleWithAWayBackToTheKey() {
        Key key = keyWithSlash("team-", "refused upstream");
        sandbox.arm(new SandboxFault(
                SandboxFault.Type.RET_CODE, "CreateAccessKey", 1, null, null, null, 12345, "IAM user not found"));
        browser.signIn("ada");
        browser.open(keyPath(key.id()));

        browser.click("#rotate");

        assertThat(browser.find("h1").getText()).isEqualTo("Upstream rejected the request (502)");
        assertThat(browser.find("#failure").getText()).isEqualTo("The upstream IAM API answered RetCode 12345.");
        assertThat(browser.find("#problem-retCode").getText()).isEqualTo("12345");
        assertThat(browser.find("#problem-upstreamMessage").getText()).isEqualTo("IAM user not found");
        assertThat(browser.find("#problem-upstreamRequestId").getText()).isNotBlank();
        assertThat(browser.find("#request-id").getText()).isNotBlank();
        assertThat(browser.find("header.top .who").getText()).isEqualTo("person:ada");
        assertThat(browser.has("header.top nav a[href='/console/keys']")).isTrue();
        assertThat(browser.driver.getPageSource()).doesNotContain("Exception", "at io.keywarden");
        assertThat(browser.find("#back").getText()).isEqualTo("Back to the key");

        browser.click("#back");

        assertThat(browser.find("h1 .key-id").getText()).isEqualTo(key.id());
        assertThat(browser.find("#key-status").getText()).isEqualTo("ACTIVE");
        assertThat(browser.find("#last-failure").getText())
                .isEqualTo("Not done: Upstream rejected the request: The upstream IAM API answered RetCode 12345.");
        assertThat(sandbox.keysOf(key.user())).hasSize(1);
    }

    @Test
    void aWrongConfirmationSaysWhyAndTheWayBackShowsWhatWasTyped() {
        Key key = keyWithSlash("team-", "typed wrong");
        browser.signIn("ada");
        browser.open(keyPath(key.id()));
        browser.find("#disable-confirmation").sendKeys("not-the-user");

        browser.click("#disable");

        assertThat(browser.find("h1").getText()).isEqualTo("Invalid request (400)");
        assertThat(browser.find("#failure").getText())
                .isEqualTo("Type the key's user name, or the last 6 characters of its id, to confirm."
                        + " Nothing was changed.");
        assertThat(browser.find("#problem-parameter").getText()).isEqualTo("confirmation");
        assertThat(browser.find("header.top .who").getText()).isEqualTo("person:ada");

        browser.click("#back");

        assertThat(browser.find("h1 .key-id").getText()).isEqualTo(key.id());
        assertThat(browser.find("#disable-confirmation").getDomProperty("value"))
                .isEqualTo("not-the-user");
        assertThat(browser.find("#delete-confirmation").getDomProperty("value")).isEmpty();
        assertThat(browser.find("#last-failure").getText()).contains("Nothing was changed");
        assertThat(status(key)).isEqualTo("ACTIVE");

        browser.open(keyPath(key.id()));
        assertThat(browser.find("#disable-confirmation").getDomProperty("value"))
                .isEmpty();
        assertThat(browser.has("#last-failure")).isFalse();
    }

    @Test
    void aPathNoPageServesIsAConsole404AndSignedOutItStillAsksForSignIn() {
        browser.signIn("ada");

        browser.open("/console/no-such-page");

        assertThat(browser.find("h1").getText()).isEqualTo("Not Found (404)");
        assertThat(browser.find("#failure").getText()).isEqualTo("No route serves this path.");
        assertThat(browser.find("header.top .who").getText()).isEqualTo("person:ada");
        assertThat(browser.find("#back").getDomAttribute("href")).isEqualTo("/console");

        HttpResponse<String> signedIn = send(get("/console/no-such-page").header("Cookie", cookie()));
        assertThat(signedIn.statusCode()).isEqualTo(404);
        assertThat(signedIn.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(signedIn.body()).contains("<h1>Not Found (404)</h1>", "Sign out");

        HttpResponse<String> signedOut = send(get("/console/no-such-page"));
        assertThat(signedOut.statusCode()).isEqualTo(302);
        assertThat(signedOut.headers().firstValue("Location"))
                .hasValueSatisfying(location -> assertThat(location).endsWith(ConsoleSignIn.SIGN_IN));
    }

    @Test
    void springsOwnRefusalsOfConsoleRequestsAreConsolePagesToo() {
        Key key = keyWithSlash("team-", "refused by spring");
        browser.signIn("ada");

        HttpResponse<String> wrongMethod =
                send(get(keyPath(key.id()) + "/rotate").header("Cookie", cookie()));
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
        assertThat(wrongMethod.body())
                .contains("<h1>Method Not Allowed (405)</h1>", "Method &#39;GET&#39; is not allowed here; use POST");

        HttpResponse<String> malformed = send(get("/console/keys?due=maybe").header("Cookie", cookie()));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("<h1>Invalid request (400)</h1>", "Parameter &#39;due&#39;");

        browser.open(keyPath(key.id()));
        browser.postForm(keyPath(key.id()) + "/rotate", true);
        assertThat(browser.find("h1").getText()).isEqualTo("Bad Request (400)");
        assertThat(browser.find("#failure").getText()).contains("idempotencyKey");
        assertThat(browser.find("#back").getDomAttribute("href")).startsWith(keyPath(key.id()) + "?");
        assertThat(sandbox.keysOf(key.user())).hasSize(1);
    }

    // Keys.

    @Test
    void keysAreNewestFirstSortByAColumnEitherWayAndPageForthAndBackWithACount() {
        String prefix = "lst" + UUID.randomUUID().toString().substring(0, 8) + "u";
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 55; i++) {
            created.add(api.createKey(Api.ADMIN, newIdempotencyKey(), prefix + String.format("%02d", i))
                    .text("accessKeyId"));
        }
        List<String> newestFirst = new ArrayList<>(created);
        Collections.reverse(newestFirst);
        browser.signIn("ada");

        browser.open("/console/keys?user=" + prefix);

        assertThat(browser.find("#key-count").getText()).isEqualTo("55 keys match.");
        assertThat(ariaSortOf("#sort-created")).isEqualTo("descending");
        assertThat(ariaSortOf("#sort-user")).isNull();
        List<String> firstPage = listedIds();
        assertThat(firstPage).isEqualTo(newestFirst.subList(0, 50));
        assertThat(browser.has("#previous-page")).isFalse();

        browser.click("#next-page");
        assertThat(listedIds()).isEqualTo(newestFirst.subList(50, 55));
        assertThat(browser.has("#next-page")).isFalse();
        assertThat(browser.find("#key-count").getText()).isEqualTo("55 keys match.");

        browser.click("#previous-page");
        assertThat(listedIds()).isEqualTo(firstPage);
        assertThat(browser.has("#previous-page")).isFalse();

        browser.click("#sort-user");
        assertThat(ariaSortOf("#sort-user")).isEqualTo("ascending");
        assertThat(ariaSortOf("#sort-created")).isNull();
        assertThat(listedUsers()).isEqualTo(users(prefix, 0, 50, false));
        browser.click("#next-page");
        assertThat(listedUsers()).isEqualTo(users(prefix, 50, 55, false));

        browser.click("#sort-user");
        assertThat(ariaSortOf("#sort-user")).isEqualTo("descending");
        assertThat(listedUsers()).isEqualTo(users(prefix, 5, 55, true));

        browser.click("#sort-created");
        assertThat(ariaSortOf("#sort-created")).isEqualTo("descending");
        browser.click("#sort-created");
        assertThat(ariaSortOf("#sort-created")).isEqualTo("ascending");
        assertThat(listedIds()).isEqualTo(created.subList(0, 50));

        browser.find("#status").sendKeys("ACTIVE");
        browser.click("form[role=search] button");
        assertThat(ariaSortOf("#sort-created")).isEqualTo("ascending");
        assertThat(listedIds()).isEqualTo(created.subList(0, 50));
    }

    @Test
    void aKeyRowNamesItsDescriptionCreationAndIssuerAndCarriesItsLabelsWhenStacked() {
        Key key = keyWithSlash("team-", "labelled row");
        browser.signIn("ada");
        browser.open("/console/keys?user=" + key.user());

        WebElement row = browser.find("tr.key-row");
        assertThat(row.findElement(By.cssSelector("td.description")).getText()).isEqualTo("labelled row");
        assertThat(row.findElement(By.cssSelector("td.created")).getText()).endsWith(" UTC");
        assertThat(browser.driver.findElements(By.cssSelector("table.keys th")))
                .extracting(WebElement::getText)
                .contains("Issued by", "Description")
                .doesNotContain("Issued to");

        browser.width(PHONE);
        browser.reload();

        assertThat(labelBefore("tr.key-row td.status")).isEqualTo("\"Status: \"");
        assertThat(labelBefore("tr.key-row td.user")).isEqualTo("\"User: \"");
        assertThat(fitsTheWindow()).isTrue();
    }

    // Audit.

    @Test
    void anAuditEventLinksItsKeyShowsItsRequestIdAndIsFoundByAWindowTypedInUtc() {
        Key key = keyWithSlash("team-", "audited");
        AuditTrail.Event creation = auditEvents.ofUser(key.user()).get(0);
        browser.signIn("audra");
        browser.open("/console/audit?user=" + key.user());

        WebElement row = browser.find("tr.event");
        assertThat(row.findElement(By.cssSelector("td.request-id")).getText()).isEqualTo(creation.requestId());
        assertThat(creation.requestId()).isNotBlank();

        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        searchWindow(now.minusMinutes(10), now.plusMinutes(10));
        assertThat(browser.driver.getCurrentUrl())
                .contains("from=" + LOCAL.format(now.minusMinutes(10)).replace(":", "%3A"));
        assertThat(browser.find("#from").getDomProperty("value")).isEqualTo(LOCAL.format(now.minusMinutes(10)));
        assertThat(browser.driver.findElements(By.cssSelector("tr.event"))).hasSize(1);

        searchWindow(now.minusHours(2), now.minusHours(1));
        assertThat(browser.driver.findElements(By.cssSelector("tr.event"))).isEmpty();
        assertThat(browser.text()).contains("No event matches.");

        searchWindow(now.minusMinutes(10), now.plusMinutes(10));
        browser.click("tr.event a.key-link");
        assertThat(browser.find("h1 .key-id").getText()).isEqualTo(key.id());
    }

    @Test
    void theAuditPageFitsTheScreenWithLongDetailsIdsAndRequestIds() {
        String user = newUser();
        String longKeyId = Base64.getEncoder().encodeToString(new byte[96]).replace('A', '/');
        String longDetail = "x".repeat(500);
        String longRequestId = "r".repeat(128);
        transactions.executeWithoutResult(tx -> {
            for (int i = 0; i < 3; i++) {
                auditLog.append(AuditEntry.of(
                                "person:someone-with-a-rather-long-name",
                                AuditAction.CREATE_ACCESS_KEY,
                                AuditOutcome.ORPHAN_AMBIGUOUS)
                        .user(user)
                        .key(longKeyId)
                        .detail(longDetail)
                        .in(new RequestContext(longRequestId, "203.0.113.9", null, null, null)));
            }
        });
        browser.signIn("ada");

        browser.open("/console/audit?user=" + user);

        assertThat(browser.driver.findElements(By.cssSelector("tr.event"))).hasSize(3);
        assertThat(browser.find("tr.event td.detail").getText()).isEqualTo(longDetail);
        assertThat(fitsTheWindow()).isTrue();

        browser.width(PHONE);
        browser.reload();
        assertThat(fitsTheWindow()).isTrue();
        assertThat(labelBefore("tr.event td.request-id")).isEqualTo("\"Request id: \"");
    }

    // Jobs.

    @Test
    void jobsSayWhatTheyDoHowOftenAndWhenNextAndRunNowStaysAtTheJobWithItsResult() throws Exception {
        ScheduledTasks.of(runner, "key-retirement").getRunnable().run();
        ScheduledTasks.of(runner, "lease-expiry").getRunnable().run();
        Instant leaseExpiryEnded = jdbc.queryForObject(
                        "SELECT max(ended_at) FROM job_run WHERE job_name = 'lease-expiry' AND trigger = 'SCHEDULED'",
                        java.sql.Timestamp.class)
                .toInstant();
        while (!Instant.now().isAfter(leaseExpiryEnded.plusSeconds(1))) {
            Thread.sleep(100);
        }
        browser.signIn("ada");

        browser.open("/console/jobs");

        assertThat(browser.find("#job-key-retirement .job-interval").getText()).isEqualTo("every minute");
        assertThat(browser.find("#job-audit-verification .job-interval").getText())
                .isEqualTo("every hour");
        assertThat(browser.find("#job-upstream-reconciliation .job-interval").getText())
                .isEqualTo("every 15 minutes");
        assertThat(browser.find("#job-lease-expiry .job-interval").getText()).isEqualTo("every second");
        assertThat(browser.find("#job-key-retirement .job-next-run").getText())
                .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC \\(in .+\\)|due now");
        assertThat(browser.find("#job-lease-expiry .job-next-run").getText()).isEqualTo("due now");
        assertThat(browser.find("#job-key-retirement .job-description").getText())
                .startsWith("Retires the keys a rotation superseded");
        assertThat(browser.driver.findElements(By.cssSelector("section.job")))
                .allSatisfy(job -> assertThat(job.findElement(By.cssSelector(".job-description"))
                                .getText())
                        .endsWith("."));

        browser.click("#run-key-retirement");

        assertThat(browser.driver.getCurrentUrl()).endsWith("/console/jobs#job-key-retirement");
        assertThat(browser.find("#job-key-retirement .notice").getText())
                .startsWith("Job key-retirement ran: SUCCEEDED");
        assertThat(browser.driver.findElements(By.cssSelector(".notice"))).hasSize(1);
        assertThat(browser.find("#job-key-retirement tr.run").getText()).contains("MANUAL");
    }

    // Overview and key.

    @Test
    void theOverviewCountsTheLogAsItIsNowBesideItsLastVerification() {
        browser.signIn("audra");
        browser.open("/console/audit");
        browser.click("#verify");
        long verified =
                Long.parseLong(browser.find("#verification").getText().replaceAll("^Intact: (\\d+) events.*$", "$1"));
        keyWithSlash("team-", "after the verification");

        long before = auditEvents.newestId();
        browser.open("/console");
        long after = auditEvents.newestId();

        String head = browser.find("#audit-head").getText();
        long shown = Long.parseLong(head.replaceAll("^(\\d+) events now, the newest at .* UTC$", "$1"));
        assertThat(shown).isBetween(before, after).isGreaterThan(verified);
        assertThat(browser.find("#audit-verified").getText())
                .startsWith("last verified at ")
                .endsWith(": intact, " + verified + " events");
    }

    @Test
    void onlyARotatingKeySaysWhenItRetires() {
        Key key = keyWithSlash("team-", "superseded");
        assertThat(api.call("POST", Api.keyPath(key.id()) + "/rotate")
                        .token(Api.ADMIN)
                        .header("Idempotency-Key", newIdempotencyKey())
                        .json("{}")
                        .send()
                        .status())
                .isEqualTo(201);
        browser.signIn("ada");
        browser.open(keyPath(key.id()));
        assertThat(browser.find("#key-status").getText()).isEqualTo("ROTATING");
        assertThat(browser.find("#key-retires").getText()).endsWith(" UTC");

        assertThat(api.call("POST", Api.keyPath(key.id()) + "/disable")
                        .token(Api.ADMIN)
                        .send()
                        .status())
                .isEqualTo(200);
        browser.open(keyPath(key.id()));

        assertThat(browser.find("#key-status").getText()).isEqualTo("INACTIVE");
        assertThat(browser.has("#key-retires")).isFalse();
        assertThat(browser.find("dl.facts").getText()).doesNotContain("Retires");
        assertThat(browser.find("#key-retirement-deletes").getText()).contains("retirement deletes it");
    }

    // The root and the icon.

    @Test
    void aBrowserOpeningTheRootIsSentToTheConsoleWhileApiClientsGetTheApisAnswer() {
        HttpResponse<String> browserAsks =
                send(get("/").header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
        assertThat(browserAsks.statusCode()).isEqualTo(302);
        assertThat(browserAsks.headers().firstValue("Location")).hasValue("/console");

        for (String accept : new String[] {"application/json", "*/*", null}) {
            HttpRequest.Builder request = get("/");
            if (accept != null) {
                request.header("Accept", accept);
            }
            HttpResponse<String> client = send(request);
            assertThat(client.statusCode()).as(accept).isEqualTo(401);
            assertThat(client.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(client.body()).contains("\"title\":\"Unauthenticated\"");
        }
        HttpResponse<String> withToken =
                send(get("/").header("Accept", "application/json").header("Authorization", "Bearer " + Api.ADMIN));
        assertThat(withToken.statusCode()).isEqualTo(404);
        assertThat(withToken.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        browser.open("/console/login");
        browser.driver.manage().deleteAllCookies();
        browser.open("/");
        assertThat(browser.driver.getCurrentUrl())
                .startsWith(TestIdentityProvider.shared().issuer() + "/login");
        browser.signIn("ivo");
        browser.open("/");
        assertThat(browser.find("h1").getText()).isEqualTo("Overview");
    }

    @Test
    void theIconIsServedToAnyoneAndLinkedFromEveryPage() {
        HttpResponse<String> icon = send(get("/favicon.ico"));
        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("image/"));

        HttpResponse<String> login = send(get("/console/login"));
        String linked =
                login.body().replaceAll("(?s).*<link rel=\"icon\" type=\"image/svg\\+xml\" href=\"([^\"]+)\".*", "$1");
        assertThat(linked).startsWith("/console/assets/favicon");
        HttpResponse<String> svg = send(get(linked));
        assertThat(svg.statusCode()).isEqualTo(200);
        assertThat(svg.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("image/svg+xml"));
    }

    private String status(Key key) {
        return api.call("GET", Api.keyPath(key.id())).token(Api.ADMIN).send().text("status");
    }

    private List<String> listedIds() {
        return browser.driver.findElements(By.cssSelector("tr.key-row a.key-link")).stream()
                .map(WebElement::getText)
                .toList();
    }

    private List<String> listedUsers() {
        return browser.driver.findElements(By.cssSelector("tr.key-row td.user")).stream()
                .map(WebElement::getText)
                .toList();
    }

    private static List<String> users(String prefix, int from, int to, boolean descending) {
        List<String> names = new ArrayList<>();
        for (int i = from; i < to; i++) {
            names.add(prefix + String.format("%02d", i));
        }
        if (descending) {
            Collections.reverse(names);
        }
        return names;
    }

    /** The {@code aria-sort} of the heading holding the link, or {@code null} when it has none. */
    private String ariaSortOf(String link) {
        return (String) browser.driver.executeScript(
                "return document.querySelector(arguments[0]).closest('th').getAttribute('aria-sort');", link);
    }

    private String labelBefore(String cell) {
        return (String) browser.driver.executeScript(
                "return getComputedStyle(document.querySelector(arguments[0]), '::before').content;", cell);
    }

    private boolean fitsTheWindow() {
        return (Boolean)
                browser.driver.executeScript("return document.documentElement.scrollWidth <= window.innerWidth;");
    }

    /** Types a window into the audit search's {@code datetime-local} fields, as a date picker would, and searches. */
    private void searchWindow(LocalDateTime from, LocalDateTime to) {
        browser.driver.executeScript(
                "document.getElementById('from').value = arguments[0];"
                        + " document.getElementById('to').value = arguments[1];",
                LOCAL.format(from.truncatedTo(ChronoUnit.SECONDS)),
                LOCAL.format(to.truncatedTo(ChronoUnit.SECONDS)));
        browser.click("form[role=search] button");
    }

    private String cookie() {
        return "JSESSIONID=" + browser.sessionCookie();
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .GET();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }
}
