package org.vmspace.tv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.vmspace.mm.Bug;
import org.vmspace.tv.report.ReportOption;

/**
 * Report pages in a real browser (issue 13): Debian's headless Chromium through chromedriver opens a
 * rejection report (a planted bug's trace), a bug model's counterexample picture and a design-review
 * row's picture (docs/pictures/, made by {@code make pictures}); each must render without a script
 * error, with its lanes and its highlighted column; a screenshot of each goes to build/screenshots/.
 *
 * <p>Without {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (or VMSPACE_CHROMIUM /
 * VMSPACE_CHROMEDRIVER) the tests are skipped with a message naming what is missing; with
 * VMSPACE_REQUIRE_BROWSER=1 (CI, .ci/run) they fail instead.
 */
class ReportBrowserTest {
    static final Path ROOT = Validate.Config.fromEnvironment().root();
    static final Path SHOTS = ROOT.resolve("build/screenshots");
    /** The committed pictures the test opens (make pictures writes them). */
    static final String BUG_MODEL = "MCVmSpaceBugNoBorrowCheck";
    static final String REVIEW_ROW = "review-R12";

    static WebDriver driver;
    static Path profile;

    @TempDir
    Path dir;

    static String env(String name, String def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : v;
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        Path chromium = Path.of(env("VMSPACE_CHROMIUM", "/usr/bin/chromium"));
        Path chromedriver = Path.of(env("VMSPACE_CHROMEDRIVER", "/usr/bin/chromedriver"));
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(chromium)) {
            missing.add("the browser " + chromium + " (Debian package chromium)");
        }
        if (!Files.isExecutable(chromedriver)) {
            missing.add("the driver " + chromedriver + " (Debian package chromium-driver)");
        }
        if (!missing.isEmpty()) {
            String msg = "ReportBrowserTest: missing " + String.join(" and ", missing)
                    + "; install with: apt-get install -y chromium chromium-driver";
            if ("1".equals(System.getenv("VMSPACE_REQUIRE_BROWSER"))) {
                fail(msg + " (VMSPACE_REQUIRE_BROWSER=1: required)");
            }
            System.err.println(msg + " -- browser tests SKIPPED");
            Assumptions.abort(msg);
        }
        profile = Files.createTempDirectory("vmspace-chromium-");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(chromium.toFile());
        // The flags this machine needs (no network: no background connections).
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1500,1200");
        o.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, o);
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (var s = Files.walk(profile)) {
                s.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /** Opens a page; returns the browser's SEVERE log entries (script errors) since the last call. */
    static List<String> open(Path page) {
        driver.manage().logs().get(LogType.BROWSER); // drop what earlier pages logged
        driver.get(page.toUri().toString());
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(e.getMessage());
            }
        }
        return errors;
    }

    /** The page's own script ran to its end, and nothing logged an error. */
    static void assertRendersWithoutScriptErrors(Path page) {
        List<String> errors = open(page);
        assertEquals(List.of(), errors, "script errors in " + page);
        assertEquals("yes", driver.findElement(By.tagName("body")).getAttribute("data-ready"),
                "the page's script did not run to its end: " + page);
    }

    /** The lanes, three pictures, and the highlighted column visible in each. */
    static void assertLanesAndHighlight(int minLanes) {
        List<WebElement> lanes = driver.findElements(By.cssSelector("svg.picture.lanes g.lane"));
        assertTrue(lanes.size() >= minLanes, "lanes: " + lanes.size());
        assertTrue(lanes.get(0).isDisplayed(), "the first lane is not displayed");
        List<WebElement> hl = driver.findElements(By.cssSelector("svg.picture rect.highlight"));
        assertEquals(3, hl.size(), "highlighted columns");
        for (WebElement h : hl) {
            assertTrue(h.isDisplayed() && h.getRect().getWidth() > 10 && h.getRect().getHeight() > 50,
                    "highlight not drawn: " + h.getRect());
        }
    }

    /** A full-page screenshot (the window is grown to the page's height). */
    static Path screenshot(String name) throws IOException {
        Object h = ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeScript("return document.documentElement.scrollHeight");
        long height = Math.min(6000, ((Number) h).longValue() + 40);
        driver.manage().window().setSize(new Dimension(1500, (int) height));
        byte[] png = ((ChromeDriver) driver).getScreenshotAs(OutputType.BYTES);
        driver.manage().window().setSize(new Dimension(1500, 1200));
        Path out = SHOTS.resolve(name + ".png");
        Files.write(out, png);
        assertTrue(png.length > 10_000, "screenshot too small: " + png.length + " bytes");
        return out;
    }

    @Test
    void aRejectionReportRendersWithItsLanesAndTheDivergentEventHighlighted() throws Exception {
        Path trace = Traces.workload(dir.resolve("FreeBeforeFlush.ndjson"), 4, 300, 1, Bug.FreeBeforeFlush.name());
        Validate.Result r = Traces.validate(trace);
        assertEquals(Validate.REJECTED, r.exitCode(), r.out() + r.err());
        ReportOption opt = new ReportOption(dir, new String[0], null);
        opt.write(r, trace.toString());
        Path page = opt.fileFor(trace.toString());

        assertRendersWithoutScriptErrors(page);
        assertLanesAndHighlight(1);
        WebElement div = driver.findElement(By.id("divergence"));
        assertTrue(div.isDisplayed());
        assertTrue(div.getText().contains("First divergent event: #" + r.eventIndex()), div.getText());
        WebElement mismatch = driver.findElement(By.cssSelector("#divergence tr.mismatch"));
        assertTrue(mismatch.getText().startsWith("freeFrames"), mismatch.getText());
        WebElement head = driver.findElement(By.cssSelector("svg.picture.lanes g.colhead.hl text"));
        assertTrue(head.getText().startsWith("#" + r.eventIndex() + " Unmap"), head.getText());
        screenshot("rejection-FreeBeforeFlush");
    }

    @Test
    void aBugModelCounterexamplePictureShowsTheAliasedPage() throws Exception {
        Path page = ROOT.resolve("docs/pictures/" + BUG_MODEL + ".html");
        assertTrue(Files.isRegularFile(page), page + " missing: run make pictures");
        assertRendersWithoutScriptErrors(page);
        assertLanesAndHighlight(2);
        List<WebElement> alias = driver.findElements(By.cssSelector("svg.picture.ownership g.cell.alias"));
        assertFalse(alias.isEmpty(), "no aliased page in " + page);
        screenshot("bug-model-" + BUG_MODEL);
    }

    @Test
    void aReviewRowPictureShowsTheDroppedOwner() throws Exception {
        Path page = ROOT.resolve("docs/pictures/" + REVIEW_ROW + ".html");
        assertTrue(Files.isRegularFile(page), page + " missing: run make pictures");
        assertRendersWithoutScriptErrors(page);
        assertLanesAndHighlight(1);
        assertFalse(driver.findElements(By.cssSelector("svg.picture.lanes g.cell.state-dropped")).isEmpty(),
                "no dropped owner in " + page);
        screenshot("review-row-" + REVIEW_ROW);
    }

    @Test
    void aScriptErrorIsDetected() throws Exception {
        // The check above can fail: the same kind of page with a throwing inline script.
        Path page = dir.resolve("broken.html");
        Files.writeString(page, "<!DOCTYPE html><html><body><p>x</p><script>undefinedFunction();"
                + "document.body.setAttribute('data-ready','yes');</script></body></html>");
        List<String> errors = open(page);
        assertFalse(errors.isEmpty(), "a throwing script logged no error");
        assertTrue(String.join("\n", errors).contains("undefinedFunction"), errors.toString());
    }
}
