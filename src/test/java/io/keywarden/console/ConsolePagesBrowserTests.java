package io.keywarden.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.keywarden.support.Api;
import io.keywarden.support.KeywardenTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * Every console page, in every state an operator meets it in, as each role, at a desktop's width
 * (1280 px) and a phone's (390 px): no page scrolls sideways, and axe-core finds no serious or
 * critical accessibility violation. Each test walks one role's day and reports every page at fault
 * at once, so one run shows the whole list. With {@code -Dkeywarden.screenshots=true} it also takes
 * the README's pictures.
 */
@KeywardenTest
class ConsolePagesBrowserTests extends ConsoleTestBase {

    private final List<String> faults = new ArrayList<>();

    @Test
    void everyPageAnAdminMeetsFitsBothWidthsAndPassesAxe() {
        Key active = keyWithSlash("team-", "an ordinary deploy key for the nightly build");
        Key rotated = keyWithSlash("team-", "rotated");
        Key disabled = keyWithSlash("team-", "disabled");
        Key deleted = keyWithSlash("team-", "deleted");
        api.call("POST", Api.keyPath(disabled.id()) + "/disable")
                .token(Api.ADMIN)
                .send();
        api.call("DELETE", Api.keyPath(deleted.id())).token(Api.ADMIN).send();

        browser.signIn("ada");
        check("overview", "overview");
        browser.open("/console/keys");
        check("keys list", "keys");
        browser.open("/console/keys?user=nobody-at-all");
        check("keys list, nothing found", null);
        browser.open(keyPath(active.id()));
        check("key page, ACTIVE", "key-detail");
        browser.open(keyPath(disabled.id()));
        check("key page, INACTIVE", null);
        browser.open(keyPath(deleted.id()));
        check("key page, DELETED", null);

        browser.open(keyPath(rotated.id()));
        browser.click("#rotate");
        String successor = browser.find("#new-key").getText();
        check("the new secret", "secret");
        browser.reload();
        check("no secret to show", null);
        browser.open(keyPath(rotated.id()));
        check("key page, ROTATING", null);

        browser.open(keyPath(active.id()));
        browser.find("#disable-confirmation").sendKeys("not-the-user");
        browser.click("#disable");
        check("a wrong confirmation", null);
        browser.open(keyPath(active.id()) + "x");
        check("an unknown key", null);
        browser.open(keyPath(successor));
        browser.click("#rotate");
        assertThat(browser.find("h1").getText()).startsWith("Key limit reached");
        check("the key limit reached", null);

        browser.open("/console/audit");
        check("audit", "audit");
        browser.click("#verify");
        check("audit, just verified", null);
        browser.open("/console/audit?user=" + active.user());
        check("audit of one user", null);
        browser.open("/console/jobs");
        check("jobs", "jobs");

        String lost = loseCommitsOf(newUser());
        browser.open("/console");
        check("overview, issuing halted by a loss", null);
        browser.click("#loss-act");
        check("the loss to acknowledge", null);
        browser.postForm("/console/audit-loss", true, "reason", "");
        check("an acknowledgement without a reason", null);
        browser.open("/console/audit-loss");
        browser.find("#loss-reason").sendKeys("INC-4711: standby promoted 5 s behind");
        browser.click("#acknowledge-loss");
        check("the loss acknowledged", null);
        reconcileUpstreamNow();
        browser.open("/console/keys?recovered=true");
        check("keys list, recovered after a loss", null);
        browser.open(keyPath(lost));
        check("key page, recovered awaiting review", null);
        browser.click("#keep-recovered");
        check("key page, recovered and kept", null);

        assertThat(faults).isEmpty();
    }

    @Test
    void everyPageAnAuditorMeetsFitsBothWidthsAndPassesAxe() {
        Key key = keyWithSlash("team-", "read only");
        browser.signIn("audra");
        check("overview as auditor", null);
        browser.open("/console/keys");
        check("keys list as auditor", null);
        browser.open(keyPath(key.id()));
        check("key page as auditor", null);
        browser.open("/console/audit");
        check("audit as auditor", null);
        browser.postForm(keyPath(key.id()) + "/disable", true, "confirmation", key.user());
        check("refused by role", null);
        loseCommitsOf(newUser());
        browser.open("/console");
        check("overview as auditor, issuing halted by a loss", null);

        assertThat(faults).isEmpty();
    }

    @Test
    void everyPageAnIssuerMeetsFitsBothWidthsAndPassesAxe() {
        Key mine = keyWithSlash("team-", "in scope");
        Key other = keyWithSlash("other-", "out of scope");
        browser.signIn("ivo");
        check("overview as issuer", null);
        browser.open("/console/keys");
        check("keys list as issuer", null);
        browser.open(keyPath(mine.id()));
        check("key page as issuer", null);
        browser.open(keyPath(other.id()));
        check("a key out of scope", null);
        browser.open(keyPath(mine.id()));
        browser.postForm(
                keyPath(other.id()) + "/rotate",
                true,
                "idempotencyKey",
                UUID.randomUUID().toString());
        check("acting out of scope", null);
        browser.open(keyPath(mine.id()));
        browser.click("#rotate");
        check("the new secret as issuer", null);
        loseCommitsOf(newUser());
        browser.open("/console");
        check("overview as issuer, issuing halted by a loss", null);
        browser.open("/console/audit-loss");
        check("the loss refused to an issuer", null);

        assertThat(faults).isEmpty();
    }

    @Test
    void theSignInPagesFitBothWidthsAndPassAxe() {
        browser.open("/console/login");
        browser.driver.manage().deleteAllCookies();
        browser.open("/console/login");
        check("sign in", null);
        browser.find("#username").sendKeys("ada");
        browser.find("#password").sendKeys("wrong");
        browser.click("form button[type=submit]");
        check("sign in failed", null);
        browser.open("/console/login?signedOut");
        check("signed out", null);

        assertThat(faults).isEmpty();
    }

    /** The checks above would see a fault: a picture without words, and a page wider than the window. */
    @Test
    void theChecksSeeAFaultWhenAPageHasOne() {
        browser.signIn("ada");
        assertThat(browser.scrollsSideways()).isFalse();
        assertThat(browser.seriousAccessibilityViolations()).isEmpty();

        browser.driver.executeScript("var wide = document.createElement('div'); wide.style.width = '3000px';"
                + " wide.textContent = 'wide'; document.querySelector('main').appendChild(wide);"
                + " var unnamed = document.createElement('button');"
                + " document.querySelector('main').appendChild(unnamed);");

        assertThat(browser.scrollsSideways()).isTrue();
        assertThat(browser.seriousAccessibilityViolations()).anyMatch(violation -> violation.startsWith("button-name"));
    }

    /**
     * A person without a mouse rotates a key: from the Keys page to the key, to Rotate, to the new
     * secret, by Tab and Enter alone, each stop visibly focused.
     */
    @Test
    void aKeyboardAloneRotatesAKeyFromTheKeysListToTheSecret() {
        Key key = keyWithSlash("team-", "rotated by keyboard");
        browser.signIn("ada");
        browser.open("/console/keys?user=" + key.user());

        tabTo("a.key-link");
        press(Keys.ENTER);
        assertThat(browser.find("h1 .key-id").getText()).isEqualTo(key.id());

        tabTo("#rotate");
        press(Keys.ENTER);
        assertThat(browser.find("#secret").getText()).isNotBlank();
        assertThat(browser.find("#new-key").getText()).isNotEqualTo(key.id());
        assertThat(sandbox.keysOf(key.user())).hasSize(2);
    }

    /** Presses Tab until {@code css} has the focus, and checks that the focus shows. */
    private void tabTo(String css) {
        WebElement target = browser.find(css);
        for (int presses = 0; presses < 60; presses++) {
            new Actions(browser.driver).sendKeys(Keys.TAB).perform();
            WebElement focused = browser.driver.switchTo().activeElement();
            if (focused.equals(target)) {
                assertThat(focused.getCssValue("outline-style"))
                        .as("the focus on %s shows", css)
                        .isNotEqualTo("none");
                return;
            }
        }
        throw new AssertionError("Tab never reached " + css);
    }

    /** Presses a key on what has the focus, and waits for the page it leads to. */
    private void press(Keys key) {
        browser.pressAndWait(key);
    }

    /** Notes what is wrong with the page on show, rather than stopping there. */
    private void check(String page, String screenshot) {
        faults.addAll(faultsOf(page, screenshot));
    }
}
