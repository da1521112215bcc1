package io.keywarden.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import io.keywarden.support.LostCommits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.util.UriUtils;

/**
 * What the console's browser tests share: one headless Chromium per test class, shown at a
 * desktop's width before every test, keys whose ids look like the gateway's, and the checks every
 * page must pass at a desktop's and a phone's width.
 */
abstract class ConsoleTestBase extends ApplicationTestBase {

    static final int DESKTOP = 1280;
    static final int PHONE = 390;

    static final String ACKNOWLEDGE = "/admin/v1/audit-checkpoints/loss-acknowledgements";

    static Browser browser;

    @Autowired
    DataSource dataSource;

    @BeforeEach
    void startBrowserOnceAtADesktopsWidth() {
        if (browser == null) {
            browser = new Browser(port);
        }
        browser.width(DESKTOP);
    }

    /**
     * The shared application issues again after every test, whatever a test made it lose, and the
     * windows of the losses acknowledged here end long before the keys later tests make (they would
     * be adopted as recovered), and reconciliation may be run by hand again.
     */
    @AfterEach
    void acknowledgeWhatALossTestLeftStanding() {
        Integer standing = jdbc.queryForObject(
                "SELECT count(*) FROM audit_loss WHERE continued_by_sequence IS NULL AND acknowledged_at IS NULL",
                Integer.class);
        if (standing != null && standing > 0) {
            Api.Answer acknowledged = api.call("POST", ACKNOWLEDGE)
                    .token(Api.ADMIN)
                    .json("{\"reason\": \"the test ended before it acknowledged the loss\"}")
                    .send();
            assertThat(acknowledged.status()).as(acknowledged.body()).isEqualTo(200);
        }
        closeAcknowledgedLossWindows();
        jdbc.update(
                "UPDATE shedlock SET lock_until = now() - interval '1 second' WHERE name = 'upstream-reconciliation'");
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    /**
     * What is wrong with the page on show at a desktop's and a phone's width: whether it scrolls
     * sideways, and every serious or critical violation axe-core finds. Takes the page's pictures
     * for the README (at both widths) when {@code screenshot} names them and the run asks for them.
     */
    static List<String> faultsOf(String page, String screenshot) {
        List<String> faults = new ArrayList<>();
        for (int width : new int[] {DESKTOP, PHONE}) {
            browser.width(width);
            String where = page + " at " + width + " px (" + browser.driver.getCurrentUrl() + ")";
            if (browser.scrollsSideways()) {
                faults.add(where + " scrolls sideways");
            }
            browser.seriousAccessibilityViolations().forEach(violation -> faults.add(where + ": " + violation));
            if (screenshot != null) {
                browser.screenshot(width == DESKTOP ? screenshot : screenshot + "-" + width);
            }
        }
        browser.width(DESKTOP);
        return faults;
    }

    record Key(String id, String user) {}

    /** A new key whose id holds '/', as about half the gateway's ids do, for a new user. */
    Key keyWithSlash(String prefix, String description) {
        for (int attempt = 0; attempt < 40; attempt++) {
            String user = prefix + UUID.randomUUID().toString().substring(0, 12);
            Api.Answer created = api.call("POST", "/v1/access-keys")
                    .token(Api.ADMIN)
                    .header("Idempotency-Key", newIdempotencyKey())
                    .json("{\"userName\":\"" + user + "\",\"description\":\"" + description + "\"}")
                    .send();
            assertThat(created.status()).isEqualTo(201);
            String id = created.text("accessKeyId");
            if (id.contains("/")) {
                return new Key(id, user);
            }
        }
        throw new AssertionError("the sandbox issued no id with '/' in 40 keys");
    }

    /**
     * The database loses acknowledged commits, as a standby promoted while behind would: a key
     * created for {@code user} (who holds a key made before, so reconciliation walks them) and the
     * events signed after it are gone, and the next checkpoint finds the database behind. Creates,
     * rotations and renewals are halted until the loss is acknowledged; the lost key stays alive
     * upstream, for reconciliation to adopt once it is.
     *
     * @return the lost key's id
     */
    String loseCommitsOf(String user) {
        closeAcknowledgedLossWindows();
        created(user);
        assertThat(runCheckpointJob().text("outcome")).isEqualTo("SUCCEEDED");
        LostCommits.Agreed agreed = LostCommits.agreed(jdbc);
        String lost = created(user);
        assertThat(runCheckpointJob().text("outcome")).isEqualTo("SUCCEEDED");
        LostCommits.after(
                dataSource,
                agreed,
                "DELETE FROM issuance WHERE access_key_id = '" + lost + "'",
                "DELETE FROM access_key WHERE access_key_id = '" + lost + "'");
        assertThat(runCheckpointJob().text("outcome")).isEqualTo("PARTIAL");
        return lost;
    }

    /** Runs upstream reconciliation now, as the runbook says to after an acknowledgement. */
    void reconcileUpstreamNow() {
        Api.Answer run = api.call("POST", "/admin/v1/jobs/upstream-reconciliation/runs")
                .token(Api.ADMIN)
                .send();
        assertThat(run.status()).as(run.body()).isEqualTo(201);
        assertThat(run.text("outcome")).as(run.body()).isEqualTo("SUCCEEDED");
    }

    /** A key created by the test issuer for {@code user}. */
    String created(String user) {
        Api.Answer created = api.createKey(Api.ISSUER, newIdempotencyKey(), user);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.text("accessKeyId");
    }

    private Api.Answer runCheckpointJob() {
        return api.call("POST", "/admin/v1/jobs/audit-checkpoint/runs")
                .token(Api.ADMIN)
                .send();
    }

    /** Moves the windows of acknowledged losses a day back, so that none reaches the keys made from now on. */
    private void closeAcknowledgedLossWindows() {
        LostCommits.closeAcknowledgedWindows(dataSource);
    }

    /** The console page of a key, its id encoded as one path segment. */
    static String keyPath(String accessKeyId) {
        return "/console/keys/" + UriUtils.encodePathSegment(accessKeyId, StandardCharsets.UTF_8);
    }
}
