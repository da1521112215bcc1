package io.keywarden.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.support.Api;
import io.keywarden.support.ApplicationTestBase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.web.util.UriUtils;

/**
 * What the console's browser tests share: one headless Chromium per test class, shown at a
 * desktop's width before every test, keys whose ids look like the gateway's, and the checks every
 * page must pass at a desktop's and a phone's width.
 */
abstract class ConsoleTestBase extends ApplicationTestBase {

    static final int DESKTOP = 1280;
    static final int PHONE = 390;

    static Browser browser;

    @BeforeEach
    void startBrowserOnceAtADesktopsWidth() {
        if (browser == null) {
            browser = new Browser(port);
        }
        browser.width(DESKTOP);
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

    /** The console page of a key, its id encoded as one path segment. */
    static String keyPath(String accessKeyId) {
        return "/console/keys/" + UriUtils.encodePathSegment(accessKeyId, StandardCharsets.UTF_8);
    }
}
