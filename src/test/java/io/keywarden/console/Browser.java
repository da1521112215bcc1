package io.keywarden.console;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromedriver}, named explicitly
 * so Selenium never tries to download a browser), with a profile of its own that is thrown away.
 */
final class Browser implements AutoCloseable {

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    final ChromeDriver driver;
    private final String base;
    private final Path profile;

    Browser(int port) {
        this.base = "http://127.0.0.1:" + port;
        try {
            this.profile = Files.createTempDirectory("keywarden-chromium");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                "--disable-quic",
                "--window-size=1280,1000",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    /**
     * Shows pages as a screen {@code width} CSS pixels wide; below 640 as a phone does (honouring the
     * page's viewport), so 390 is a common phone held upright.
     */
    void width(int width) {
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of(
                        "width",
                        width,
                        "height",
                        width < 640 ? 844 : 1000,
                        "deviceScaleFactor",
                        1,
                        "mobile",
                        width < 640));
    }

    /** Whether the page is wider than the window, so that it scrolls sideways. */
    boolean scrollsSideways() {
        return (Boolean) driver.executeScript("return document.documentElement.scrollWidth > window.innerWidth");
    }

    /**
     * The serious and critical accessibility violations axe-core finds on the page (WCAG 2.1 A and
     * AA and its best practices), each as its rule id, what it means and where: none is the goal.
     */
    List<String> seriousAccessibilityViolations() {
        Results results = new AxeBuilder()
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"))
                .analyze(driver);
        if (results.isErrored()) {
            throw new AssertionError(
                    "axe-core could not check " + driver.getCurrentUrl() + ": " + results.getErrorMessage());
        }
        return results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .map(rule -> rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at "
                        + rule.getNodes().stream()
                                .map(node -> String.valueOf(node.getTarget()))
                                .toList())
                .toList();
    }

    void open(String path) {
        driver.get(base + path);
    }

    /** Signs in with the demo operators' form, after dropping any earlier session. */
    void signIn(String name) {
        open("/console/login");
        driver.manage().deleteAllCookies();
        open("/console/login");
        driver.findElement(By.id("username")).sendKeys(name);
        driver.findElement(By.id("password")).sendKeys("test-operator-pass");
        click("form button[type=submit]");
    }

    /** Clicks what leads to another page, and waits until that page has replaced this one. */
    void click(String css) {
        WebElement page = driver.findElement(By.tagName("html"));
        driver.findElement(By.cssSelector(css)).click();
        replaced(page);
    }

    /**
     * Waits until {@code page} is gone and its successor has loaded; Chromium may answer oddly for a
     * node while it navigates.
     */
    private void replaced(WebElement page) {
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> {
            try {
                page.isEnabled();
                return false;
            } catch (StaleElementReferenceException gone) {
                return true;
            } catch (WebDriverException navigating) {
                return false;
            }
        });
        // Gone is not yet arrived: a form's answer may be a redirect whose page is still loading.
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> {
            try {
                return "complete".equals(driver.executeScript("return document.readyState"));
            } catch (WebDriverException navigating) {
                return false;
            }
        });
    }

    /** Presses {@code key} on what has the focus, and waits until the page it leads to has replaced this one. */
    void pressAndWait(Keys key) {
        WebElement page = driver.findElement(By.tagName("html"));
        new Actions(driver).sendKeys(key).perform();
        replaced(page);
    }

    void reload() {
        WebElement page = driver.findElement(By.tagName("html"));
        driver.navigate().refresh();
        replaced(page);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    boolean has(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    String sessionCookie() {
        return driver.manage().getCookieNamed("JSESSIONID").getValue();
    }

    /**
     * Saves what the browser shows as {@code docs/screenshots/<name>.png}, the README's pictures, when
     * the run asks for them ({@code -Dkeywarden.screenshots=true}); otherwise does nothing, so that
     * a test run leaves the working tree as it found it.
     */
    void screenshot(String name) {
        if (!Boolean.getBoolean("keywarden.screenshots")) {
            return;
        }
        try {
            Path target = Path.of("docs", "screenshots", name + ".png");
            Files.createDirectories(target.getParent());
            Files.write(target, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Posts a form to {@code path} from the current page, as a person who edited the page could:
     * with the page's CSRF token or without it.
     */
    void postForm(String path, boolean withToken, String... fields) {
        StringBuilder script = new StringBuilder("var f = document.createElement('form'); f.method = 'post';"
                + " f.action = arguments[0]; function add(n, v) { var i = document.createElement('input');"
                + " i.type = 'hidden'; i.name = n; i.value = v; f.appendChild(i); }");
        if (withToken) {
            script.append(" var t = document.querySelector('input[name=_csrf]'); add('_csrf', t.value);");
        }
        for (int i = 0; i + 1 < fields.length; i += 2) {
            script.append(" add(arguments[")
                    .append(i + 1)
                    .append("], arguments[")
                    .append(i + 2)
                    .append("]);");
        }
        script.append(" document.body.appendChild(f); f.submit();");
        Object[] args = new Object[fields.length + 1];
        args[0] = path;
        System.arraycopy(fields, 0, args, 1, fields.length);
        WebElement page = driver.findElement(By.tagName("html"));
        driver.executeScript(script.toString(), args);
        replaced(page);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ex) {
                // a temporary profile left behind is harmless
            }
        }
    }
}
