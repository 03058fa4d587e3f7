package io.github.qmr.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * report.html of a real sweep (the {@code Epidemic} example, 120 tasks on the local queue, one failing), opened from
 * the file system in Debian's Chromium through chromedriver: the plots are drawn, the failures and the task table are
 * there, sorting and filtering work, and the console shows no error. Screenshots go to {@code target/report-*.png}.
 *
 * <p>The browser is {@value #CHROMIUM} driven by {@value #CHROMEDRIVER} (scripts/test.sh installs both); Selenium
 * Manager is never asked to download one. {@code QMR_TEST_NO_BROWSER=1} skips this test; otherwise a browser that
 * cannot start fails it.
 */
class ReportInBrowserIT {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @TempDir
    Path basedir;

    private ChromeDriver driver;

    @BeforeEach
    void browser() {
        Assumptions.assumeFalse("1".equals(System.getenv("QMR_TEST_NO_BROWSER")),
                "QMR_TEST_NO_BROWSER=1: report.html is not checked in a browser");
        assertTrue(new File(CHROMEDRIVER).canExecute() && new File(CHROMIUM).canExecute(), CHROMIUM + " and "
                + CHROMEDRIVER + " are needed: apt-get install -y chromium chromium-driver (scripts/test.sh does), or"
                + " set QMR_TEST_NO_BROWSER=1 to skip the browser tests");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,1000", "--allow-file-access-from-files");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterEach
    void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    private MapRequest epidemicSweep() {
        List<Path> qmr = new ArrayList<>();
        List<Path> project = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.matches(".*(qmr-runtime|kryo|reflectasm|objenesis|minlog).*")) {
                qmr.add(Path.of(entry));
            } else if (entry.endsWith("test-classes")) {
                project.add(Path.of(entry));
            }
        }
        MapRequest r = new MapRequest();
        r.executionId = "epidemic";
        r.basedir = basedir;
        r.queue = "local";
        r.function = "io.github.qmr.maven.fixtures.Epidemic";
        r.reducer = "io.github.qmr.maven.fixtures.MeanFinalSize";
        r.qmrClasspath = qmr;
        r.projectClasspath = project;
        r.settings.put("numChunks", "6");
        r.maxFailedTasks = 10;
        LinkedHashMap<String, String> sweep = new LinkedHashMap<>();
        sweep.put("beta", "0.1..0.5:0.1");
        sweep.put("gamma", "0.05,0.1,0.2");
        sweep.put("seed", "1..8");
        r.sweep = sweep;
        r.stepSummary = null;
        return r;
    }

    @Test
    void theReportOfARealSweepDrawsItsPlotsAndItsTableSortsAndFilters() throws Exception {
        List<String> log = new ArrayList<>();
        MapRunner.Outcome outcome = new MapRunner(new BuildLog() {
            @Override
            public void debug(String line) {}

            @Override
            public void info(String line) {
                log.add(line);
            }

            @Override
            public void warn(String line) {
                log.add(line);
            }

            @Override
            public void error(String line) {
                log.add(line);
            }
        }).run(epidemicSweep());
        assertEquals(120, outcome.tasks());
        assertEquals(3, outcome.failed(), "seed 7 with beta 0.5: one per gamma");
        assertTrue(log.contains("itask 102 (beta=0.5, gamma=0.05, seed=7), chunk 5: java.lang.IllegalStateException:"
                + " the step size is too large for beta 0.5: the solver diverged"), String.join("\n", log));
        Path report = outcome.resultsDirectory().resolve("report.html");

        driver.get(report.toUri().toString());
        assertEquals("qmr report: epidemic", driver.getTitle());

        // the summary
        String summary = driver.findElement(By.id("summary")).getText();
        assertTrue(summary.contains("tasks 120"), summary);
        assertTrue(summary.contains("succeeded 117"), summary);
        assertTrue(summary.contains("failed 3"), summary);
        assertTrue(summary.contains("not run 0"), summary);
        assertTrue(summary.contains("task wall time"), summary);
        assertFalse(summary.contains("CPU"), "the workers measure no CPU time yet: " + summary);
        assertTrue(summary.contains("queue local"), summary);

        // failures: one group, its three tasks by their parameters, one stack trace
        List<WebElement> groups = driver.findElements(By.cssSelector("#failures .failure-group"));
        assertEquals(1, groups.size());
        String group = groups.get(0).getText();
        assertTrue(group.startsWith("3 × java.lang.IllegalStateException the step size is too large"), group);
        assertTrue(group.contains("itask 102 (beta=0.5, gamma=0.05, seed=7)"), group);
        assertEquals(1, groups.get(0).findElements(By.tagName("pre")).size());

        // plots: three numeric components against three swept parameters, with points and means, and heat maps
        List<WebElement> plots = driver.findElements(By.cssSelector("#plots figure.plot:not(.heat)"));
        assertEquals(9, plots.size());
        for (WebElement plot : plots) {
            int points = plot.findElements(By.cssSelector("svg circle.pt")).size();
            assertEquals(117, points, "every succeeded task is a point in " + plot.getAttribute("data-y") + " against "
                    + plot.getAttribute("data-x"));
            assertEquals(1, plot.findElements(By.cssSelector("svg polyline.mean")).size());
            WebElement first = plot.findElement(By.cssSelector("svg circle.pt"));
            assertTrue(first.getSize().getWidth() > 0, "drawn with a size");
        }
        List<WebElement> heat = driver.findElements(By.cssSelector("#plots figure.heat"));
        assertEquals(3, heat.size());
        assertEquals(15, heat.get(0).findElements(By.cssSelector("rect.cell")).size(), "5 betas x 3 gammas");

        // where the time went: one bar per chunk, a histogram
        assertEquals(6, driver.findElements(By.cssSelector("#time figure.timeline rect.run")).size());
        assertTrue(driver.findElements(By.cssSelector("#time figure.histogram rect.bar")).size() > 0);

        // the task table: every task, sortable, filterable
        List<WebElement> rows = driver.findElements(By.cssSelector("#task-table tbody tr"));
        assertEquals(120, rows.size());
        List<String> headers = driver.findElements(By.cssSelector("#task-table thead th")).stream()
                .map(WebElement::getText).toList();
        int finalSize = headers.indexOf("finalSize");
        WebElement header = driver.findElements(By.cssSelector("#task-table thead th")).get(finalSize);
        header.click();
        List<Double> ascending = column(finalSize);
        List<Double> sorted = new ArrayList<>(ascending);
        sorted.sort(Double::compare);
        assertEquals(sorted, ascending, "ascending after one click");
        assertTrue(ascending.get(0) < ascending.get(ascending.size() - 1), "the column has different values");
        header.click();
        List<Double> descending = column(finalSize);
        List<Double> reversed = new ArrayList<>(sorted);
        java.util.Collections.reverse(reversed);
        assertEquals(reversed, descending, "descending after two");
        WebElement filter = driver.findElement(By.id("filter"));
        filter.sendKeys("failed");
        assertEquals(3, driver.findElements(By.cssSelector("#task-table tbody tr")).stream()
                .filter(WebElement::isDisplayed).count());
        assertEquals("3 of 120 rows", driver.findElement(By.id("shown")).getText());
        filter.clear();
        filter.sendKeys(" ");
        filter.sendKeys("\b");

        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()).toList();
        assertEquals(List.of(), errors, "the browser console");

        screenshots();
    }

    /** The column's numbers as the table shows them now, top to bottom (failed tasks have none). */
    private List<Double> column(int index) {
        List<Double> out = new ArrayList<>();
        for (WebElement row : driver.findElements(By.cssSelector("#task-table tbody tr"))) {
            String text = row.findElements(By.tagName("td")).get(index).getText();
            if (!text.isEmpty()) {
                out.add(Double.parseDouble(text));
            }
        }
        return out;
    }

    private void screenshots() throws Exception {
        Path target = Path.of("target");
        driver.executeScript("window.scrollTo(0, 0)");
        driver.manage().window().setSize(new Dimension(1400, 1250));
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target.resolve("report-top.png"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(driver.findElement(By.id("time")).getScreenshotAs(OutputType.FILE).toPath(),
                target.resolve("report-time.png"), StandardCopyOption.REPLACE_EXISTING);
        long height = (Long) ((JavascriptExecutor) driver).executeScript("return document.body.scrollHeight");
        driver.manage().window().setSize(new Dimension(1400, (int) Math.min(height + 40, 16_000)));
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target.resolve("report-full.png"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(basedir.resolve("target/qmr/epidemic/report.html"), target.resolve("report-example.html"),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
