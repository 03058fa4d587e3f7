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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
import org.openqa.selenium.support.ui.Select;
import io.github.qmr.outputs.RunFactsCollector;
import io.github.qmr.outputs.RunFacts;
import io.github.qmr.outputs.TaskRow;
import io.github.qmr.outputs.report.Comparison;
import io.github.qmr.outputs.report.ComparisonPage;
import io.github.qmr.outputs.report.HtmlReport;
import io.github.qmr.outputs.report.ReportData;
import io.github.qmr.runtime.ChunkFailure;
import io.github.qmr.runtime.MapListener;
import io.github.qmr.runtime.TaskFailure;
import io.github.qmr.runtime.TaskResult;
import io.github.qmr.runtime.TaskRun;
import io.github.qmr.runtime.params.Params;
import java.time.Instant;

/**
 * report.html of a real sweep (the {@code Epidemic} example, 120 tasks on the local queue, 3 failing, {@code seed} a
 * replicate), opened from the file system in Debian's Chromium through chromedriver: the reduced result, the lines by
 * parameter (a line per value with its band, never the replicate as x, controls that redraw), the costs, the plots of
 * every task, the failures and the task table are there, sorting, filtering and choosing columns work, and the console
 * shows no error; the same map again compared with a baseline ({@code compareWith}): its results kept, the drift
 * failing the build, the changed value in the report's comparison; then failures ordered by cause and qmr:compare's
 * page. Screenshots go to {@code target/report-*.png}.
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

    /** One browser for the class: starting Chromium costs seconds each time. */
    private static ChromeDriver driver;

    @BeforeAll
    static void browser() {
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

    /** Each test from the same window size. */
    @BeforeEach
    void window() {
        driver.manage().window().setSize(new Dimension(1400, 1000));
    }

    @AfterAll
    static void quit() {
        if (driver != null) {
            driver.quit();
        }
    }

    private GoalFixture epidemicSweep() {
        List<Path> qmr = TestClasspath.qmr();
        List<Path> project = TestClasspath.project();
        GoalFixture r = new GoalFixture();
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
        LinesLog buildLog = LinesLog.bare();
        List<String> log = buildLog.lines;
        MapRunner.Outcome outcome = new MapRunner(buildLog).run(epidemicSweep().goal());
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
        assertTrue(summary.contains("task CPU time"), "the workers measure each task's CPU time: " + summary);
        assertTrue(summary.contains("replicates seed"), summary);
        assertTrue(summary.contains("queue local"), summary);

        // failures: one group, its three tasks by their parameters, one stack trace
        List<WebElement> groups = driver.findElements(By.cssSelector("#failures .failure-group"));
        assertEquals(1, groups.size());
        String group = groups.get(0).getText();
        assertTrue(group.startsWith("3 × java.lang.IllegalStateException the step size is too large"), group);
        assertTrue(group.contains("itask 102 (beta=0.5, gamma=0.05, seed=7)"), group);
        assertEquals(1, groups.get(0).findElements(By.tagName("pre")).size());

        // the reduced result: its values, its map by beta as a table and as a plot
        String reduced = driver.findElement(By.id("reduced")).getText();
        assertTrue(reduced.contains("runs 117"), reduced);
        List<Map<String, String>> csv = csv(outcome.resultsDirectory().resolve("results.csv"));
        double meanFinalSize = csv.stream().filter(r -> r.get("status").equals("ok"))
                .mapToDouble(r -> Double.parseDouble(r.get("finalSize"))).average().orElseThrow();
        assertTrue(reduced.contains("meanFinalSize " + String.format(java.util.Locale.ROOT, "%.4g", meanFinalSize)
                .replaceAll("0+$", "").replaceAll("\\.$", "")), meanFinalSize + " in " + reduced);
        assertEquals(5, driver.findElements(By.cssSelector("#reduced .reduced-table tbody tr")).size(),
                "a row per beta");
        WebElement byBeta = driver.findElement(By.cssSelector("#reduced figure.reduced-plot"));
        assertEquals(5, byBeta.findElements(By.cssSelector("circle.mean-pt")).size());

        // lines by parameter: seed is a replicate, so never an x; beta (5 values) is x, gamma (3) the colour
        List<String> xChoices = driver.findElements(By.cssSelector("#lines-controls select[name=x] option")).stream()
                .map(WebElement::getText).toList();
        assertEquals(List.of("beta", "gamma"), xChoices);
        List<WebElement> lines = driver.findElements(By.cssSelector("#lines figure.lines"));
        assertEquals(List.of("peakInfected", "dayOfPeak", "finalSize"),
                lines.stream().map(f -> f.getAttribute("data-y")).toList(), "small multiples: one per component");
        // each panel as one summary from the page (one round trip, not one per element): x, colour, and per line
        // its value, its bands and its means
        List<?> panels = (List<?>) driver.executeScript("return Array.from(document.querySelectorAll("
                + "'#lines figure.lines')).map(f => [f.dataset.x, f.dataset.colour].concat(Array.from("
                + "f.querySelectorAll('g.series')).map(g => g.dataset.value + ': ' + g.querySelectorAll("
                + "'polygon.band').length + ' band, ' + g.querySelectorAll('circle.mean-pt').length + ' means')))");
        for (Object panel : panels) {
            assertEquals(List.of("beta", "gamma", "0.05: 1 band, 5 means", "0.1: 1 band, 5 means",
                    "0.2: 1 band, 5 means"), panel, "x beta, a line per gamma, each with its band and a mean per beta");
        }
        assertTrue(driver.findElement(By.id("lines-note")).getText().contains("the band is ±1 SD over the replicates"
                + " seed (8 values)"), driver.findElement(By.id("lines-note")).getText());
        assertEquals(0, driver.findElements(By.cssSelector("figure[data-x=seed]")).size(), "no panel has seed as x");
        // a mean and its band as the user reads them: finalSize at beta 0.3, gamma 0.1, over the 8 seeds
        double[] seeds = csv.stream().filter(r -> r.get("beta").equals("0.3") && r.get("gamma").equals("0.1"))
                .mapToDouble(r -> Double.parseDouble(r.get("finalSize"))).toArray();
        assertEquals(8, seeds.length);
        double mean = java.util.Arrays.stream(seeds).average().orElseThrow();
        double sd = Math.sqrt(java.util.Arrays.stream(seeds).map(v -> (v - mean) * (v - mean)).sum() / 7);
        String point = pointTitle(lines.get(2), "gamma = 0.1, beta = 0.3: mean ");
        assertClose(mean, number(point, "mean "), point);
        assertClose(mean - sd, number(point, "±1 SD "), point);
        assertClose(mean + sd, number(point, " to "), point);
        assertTrue(point.endsWith(", n 8"), point);
        // the 95 % interval of the mean instead (Student's t, 7 degrees of freedom), for finalSize alone
        select("#lines-controls select[name=y]", "finalSize");
        select("#lines-controls select[name=band]", "95 % interval of the mean");
        lines = driver.findElements(By.cssSelector("#lines figure.lines"));
        assertEquals(1, lines.size());
        point = pointTitle(lines.get(0), "gamma = 0.1, beta = 0.3: mean ");
        assertClose(mean - 2.365 * sd / Math.sqrt(8), number(point, "95 % interval of the mean "), point);
        assertTrue(lines.get(0).getText().contains("band 95 % interval of the mean"), lines.get(0).getText());
        // gamma as x, a line per beta, a panel per ... nothing left but the replicate
        select("#lines-controls select[name=x]", "gamma");
        select("#lines-controls select[name=colour]", "beta");
        lines = driver.findElements(By.cssSelector("#lines figure.lines"));
        assertEquals(5, lines.get(0).findElements(By.cssSelector("g.series")).size(), "a line per beta");
        assertEquals(3, lines.get(0).findElements(By.cssSelector("g.series circle.mean-pt")).size() / 5);
        // the script's pure functions, as the page runs them
        List<Double> merged = ((List<?>) driver.executeScript("return QMR.merge([[2, 1, 0], [2, 3, 0]])")).stream()
                .map(v -> ((Number) v).doubleValue()).toList();
        assertEquals(List.of(4.0, 2.0), merged.subList(0, 2), "n and mean of 1, 1, 3, 3");
        assertEquals(Math.sqrt(4 / 3.0), merged.get(2), 1e-12, "their sd");

        // what the tasks cost: time, CPU time and the worker's peak memory against the parameters
        List<WebElement> costs = driver.findElements(By.cssSelector("#costs figure.lines"));
        assertEquals(List.of("seconds", "cpu", "peakMemory"), costs.stream().map(f -> f.getAttribute("data-y"))
                .toList());

        // every task against each parameter but the replicate, and heat maps
        List<WebElement> plots = driver.findElements(By.cssSelector("#plots figure.plot:not(.heat)"));
        assertEquals(6, plots.size(), "3 components x (beta, gamma)");
        List<?> points = (List<?>) driver.executeScript("return Array.from(document.querySelectorAll("
                + "'#plots figure.plot:not(.heat)')).map(f => f.dataset.y + ' against ' + f.dataset.x + ': '"
                + " + f.querySelectorAll('svg circle.pt').length + ' points, ' + f.querySelectorAll("
                + "'svg polyline.mean').length + ' mean')");
        List<String> expected = new ArrayList<>();
        for (String y : List.of("peakInfected", "dayOfPeak", "finalSize")) {
            for (String x : List.of("beta", "gamma")) {
                expected.add(y + " against " + x + ": 117 points, 1 mean");
            }
        }
        assertEquals(expected, points, "every succeeded task is a point against each parameter but the replicate");
        assertTrue(plots.get(0).findElement(By.cssSelector("svg circle.pt")).getSize().getWidth() > 0,
                "drawn with a size");
        List<WebElement> heat = driver.findElements(By.cssSelector("#plots figure.heat"));
        assertEquals(3, heat.size());
        assertEquals(15, heat.get(0).findElements(By.cssSelector("rect.cell")).size(), "5 betas x 3 gammas");

        // where the time went: one bar per chunk, a histogram
        assertEquals(6, driver.findElements(By.cssSelector("#time figure.timeline rect.run")).size());
        assertTrue(driver.findElements(By.cssSelector("#time figure.histogram rect.bar")).size() > 0);

        // the task table: every task, within the 1400 px window, numbers rounded, sortable, filterable, columns
        // on demand
        List<WebElement> rows = driver.findElements(By.cssSelector("#task-table tbody tr"));
        assertEquals(120, rows.size());
        Number right = (Number) driver.executeScript(
                "return document.getElementById('task-table').getBoundingClientRect().right");
        Number width = (Number) driver.executeScript("return document.documentElement.clientWidth");
        assertTrue(right.doubleValue() <= width.doubleValue(), "the table ends at " + right + " px of " + width);
        List<String> headers = driver.findElements(By.cssSelector("#task-table thead th")).stream()
                .map(WebElement::getText).toList();
        assertTrue(headers.containsAll(List.of("seconds", "host", "error")), "on screen: " + headers);
        int seconds = headers.indexOf("seconds");
        String someSeconds = rows.get(0).findElements(By.tagName("td")).get(seconds).getText();
        assertTrue(someSeconds.replaceAll("^[0.]+", "").replace(".", "").length() <= 4,
                "4 significant digits: " + someSeconds);
        int dayOfPeak = headers.indexOf("dayOfPeak");
        for (WebElement row : rows.subList(0, 10)) {
            String text = row.findElements(By.tagName("td")).get(dayOfPeak).getText();
            assertTrue(text.replaceAll("^[0.]+", "").replace(".", "").length() <= 4, "4 significant digits: " + text);
        }
        WebElement hostBox = driver.findElement(By.xpath("//details[@id='columns']//label[normalize-space()='host']"
                + "/input"));
        driver.findElement(By.cssSelector("#columns summary")).click();
        hostBox.click();
        WebElement hostHeader = driver.findElements(By.cssSelector("#task-table thead th")).get(headers.indexOf("host"));
        assertFalse(hostHeader.isDisplayed(), "host hidden on demand");
        hostBox.click();
        assertTrue(hostHeader.isDisplayed(), "and shown again");
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
        driver.navigate().refresh(); // the screenshots show the page as it opens

        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()).toList();
        assertEquals(List.of(), errors, "the browser console");

        screenshots();
        comparedWithAnotherRun(outcome, csv);
    }

    /**
     * The same map again, compared with a baseline where itask 0's finalSize was one more, with a tolerance: the
     * outputs are written again with every succeeded result kept (only the 3 failed tasks run), the build fails on
     * the drift, and report.html shows the kept results and the changed value.
     */
    private void comparedWithAnotherRun(MapRunner.Outcome first, List<Map<String, String>> csv) throws Exception {
        Path baseline = Files.createDirectories(basedir.resolve("before"));
        ClassLoader loader = getClass().getClassLoader();
        try (io.github.qmr.runtime.ResultsFile.Writer w = io.github.qmr.runtime.ResultsFile.create(
                baseline.resolve("results.qmr"))) {
            for (io.github.qmr.runtime.ResultsFile.Entry e : io.github.qmr.runtime.ResultsFile.readAll(
                    first.resultsFile(), loader)) {
                TaskResult<Object> r = e.result();
                Object value = r.value();
                if (r.itask() == 0) {
                    var o = (io.github.qmr.maven.fixtures.Epidemic.Outcome) value;
                    value = new io.github.qmr.maven.fixtures.Epidemic.Outcome(o.peakInfected(), o.dayOfPeak(),
                            o.finalSize() + 1);
                }
                w.add(e.task(), new TaskResult<>(r.itask(), value, r.failure(), r.chunkFailure(), r.nanos(),
                        r.run()));
            }
            w.finish();
        }
        GoalFixture again = epidemicSweep();
        again.compareWith = new File("before");
        again.compareTolerance = 1e-9;
        LinesLog buildLog = LinesLog.bare();
        MapFailedException drift = org.junit.jupiter.api.Assertions.assertThrows(MapFailedException.class,
                () -> new MapRunner(buildLog).run(again.goal()));
        int finalSize = Integer.parseInt(csv.get(0).get("finalSize"));
        String worst = "itask 0 (beta=0.1, gamma=0.05, seed=1): " + (finalSize + 1) + " -> " + finalSize;
        assertTrue(drift.getMessage().startsWith("the results drifted from " + baseline.resolve("results.qmr")
                + ": finalSize changed in 1 of 117 paired tasks (largest: " + worst + "). See "), drift.getMessage());
        assertTrue(buildLog.lines.contains("120 tasks: 117 from kept results, 3 computed"), String.join("\n",
                buildLog.lines));

        driver.get(first.resultsDirectory().resolve("report.html").toUri().toString());
        String summary = driver.findElement(By.id("summary")).getText();
        assertTrue(summary.contains("kept 120 tasks: 117 from kept results, 3 computed"), summary);
        assertTrue(summary.contains("compared with " + baseline.resolve("results.qmr") + ": drifted"), summary);
        List<String> changes = driver.findElements(By.cssSelector("#compare-changes tbody tr")).stream()
                .map(WebElement::getText).toList();
        assertEquals(List.of("peakInfected 117 117 0 0", "dayOfPeak 117 117 0 0", "finalSize 117 116 0 1 1 "
                + String.format(java.util.Locale.ROOT, "%.3g", 100.0 / (finalSize + 1)) + " % " + worst), changes);
        WebElement comparison = driver.findElement(By.id("comparison"));
        assertTrue(comparison.getText().contains("paired tasks 120"), comparison.getText());
        assertEquals(List.of(), driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()).toList(),
                "the browser console");
        driver.executeScript("arguments[0].scrollIntoView()", comparison);
        Files.copy(comparison.getScreenshotAs(OutputType.FILE).toPath(), Path.of("target/report-comparison.png"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(driver.findElement(By.id("summary")).getScreenshotAs(OutputType.FILE).toPath(),
                Path.of("target/report-summary-kept.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * report.html of a map still running (tasks 3 to 5 of 6 held, {@link HeldMap}), in the browser: the banner says
     * how far it is, the plots show the two tasks that succeeded so far, the failure so far is there, and the page
     * reloads itself. Each look is one script in the page, so a reload cannot come between its parts.
     */
    @Test
    void aRunningMapsReportShowsItsBannerAndItsPartialPlotsAndReloads() throws Exception {
        try (HeldMap map = new HeldMap(basedir, "held", LinesLog.bare())) {
            map.midRun();
            driver.get(map.report.toUri().toString());
            List<?> seen = look("return [document.getElementById('running').textContent,"
                    + " document.querySelectorAll('#plots figure.plot:not(.heat) svg circle.pt').length,"
                    + " document.querySelectorAll('#lines figure.lines circle.mean-pt').length,"
                    + " document.getElementById('failures').textContent]");
            String banner = (String) seen.get(0);
            assertTrue(banner.startsWith("running: 3 of 6 tasks done, as of "), banner);
            assertEquals(2L, seen.get(1), "every task against x: the two that succeeded so far");
            assertEquals(2L, seen.get(2), "the line of result by x, drawn by the page's script: two means");
            assertTrue(((String) seen.get(3)).contains("itask 2 (x=2)"), "the failure so far: " + seen.get(3));
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), Path.of("target/report-running.png"),
                    StandardCopyOption.REPLACE_EXISTING);
            // the page reloads itself: a mark left in this page is gone in the next
            driver.executeScript("window.qmrMark = 1");
            look("return window.qmrMark === undefined ? [true] : null");
            assertEquals(List.of(), driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()).toList(),
                    "the browser console");
            map.release();
        }
    }

    /**
     * What {@code script} returns in the page once loaded (its lines drawn) and not null, asked again until then
     * (60 s at most).
     */
    private static List<?> look(String script) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (true) {
            Object seen = driver.executeScript("if (document.readyState !== 'complete'"
                    + " || !document.querySelector('#lines figure.lines')) return null; " + script);
            if (seen != null) {
                return (List<?>) seen;
            }
            assertTrue(System.nanoTime() < deadline, "60 s without the page answering " + script);
            Thread.sleep(50);
        }
    }

    /**
     * A map that stopped early, shown in the browser: the task that threw comes first, the tasks not run last and
     * without a stack trace. Then qmr:compare's page of two runs shows the one changed value.
     */
    @Test
    void failuresComeByCauseAndAComparisonShowsTheChangedValue() throws Exception {
        Instant t0 = Instant.parse("2026-12-07T05:00:00Z");
        RunFacts facts = new RunFactsCollector(MapListener.none()).facts("stopped", "s", "example.Model", "local",
                "pull", t0, t0.plusSeconds(30), 12, 6, 2);
        ReportData d = new ReportData(facts, List.of("n", "seed"), List.of("result"));
        TaskRun run = new TaskRun(t0.plusSeconds(1), t0.plusSeconds(3), "node1", null);
        d.add(row(0, 0, new TaskResult<>(0, 0L, null, null, 2_000_000_000L, run)));
        d.add(row(1, 0, new TaskResult<>(1, null, new TaskFailure(1, 0, "java.lang.IllegalStateException",
                "n is 1", "java.lang.IllegalStateException: n is 1\n\tat example.Model.apply(Model.java:9)"), null,
                1_500_000_000L, run)));
        // more tasks not run than failed: the larger group still comes after the causes
        for (int itask = 2; itask < 12; itask++) {
            ChunkFailure notRun = new ChunkFailure(itask / 2, itask / 2 * 2, 2, null, null, "the map stopped early,"
                    + " as a task failed, and the map stops at its first failed task", "", true);
            d.add(row(itask, itask / 2, new TaskResult<>(itask, null, null, notRun, 0)));
        }
        Path file = basedir.resolve("stopped.html");
        HtmlReport.write(d, file);
        driver.get(file.toUri().toString());
        List<WebElement> groups = driver.findElements(By.cssSelector("#failures .failure-group"));
        assertEquals(2, groups.size());
        assertTrue(groups.get(0).getText().startsWith("1 × java.lang.IllegalStateException n is 1"),
                groups.get(0).getText());
        assertTrue(groups.get(1).getText().startsWith("10 × not run"), groups.get(1).getText());
        assertEquals(1, groups.get(0).findElements(By.tagName("details")).size(), "the cause's stack trace");
        assertEquals(0, groups.get(1).findElements(By.tagName("details")).size(), "none for tasks never run");
        // one task succeeded: a line of one point, drawn without an error
        assertEquals(1, driver.findElements(By.cssSelector("#lines figure.lines circle.mean-pt")).size());
        assertEquals(List.of(), driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()).toList(),
                "the browser console");
        Files.copy(driver.findElement(By.id("failures")).getScreenshotAs(OutputType.FILE).toPath(),
                Path.of("target/report-failures.png"), StandardCopyOption.REPLACE_EXISTING);

        // qmr:compare's page of this run against one where task 0 gave 1 instead of 0: the changed value shown
        List<TaskRow> here = new ArrayList<>();
        List<TaskRow> there = new ArrayList<>();
        for (int itask = 0; itask < 3; itask++) {
            here.add(row(itask, 0, new TaskResult<>(itask, (long) itask, null, null, 1_000_000_000L, run)));
            there.add(row(itask, 0, new TaskResult<>(itask, itask == 0 ? 1L : (long) itask, null, null,
                    2_000_000_000L, run)));
        }
        Path compare = basedir.resolve(ComparisonPage.FILE);
        ComparisonPage.write(Comparison.of(here, there, 0), Path.of("this/results.qmr"), Path.of("other/results.qmr"),
                compare);
        driver.get(compare.toUri().toString());
        String changes = driver.findElement(By.cssSelector("#changes tbody tr")).getText();
        assertEquals("result 3 2 0 1 1 100 % itask 0 (n=0, seed=1): 1 -> 0", changes);
        assertTrue(driver.findElement(By.id("summary")).getText().contains("task time (paired) 3 s here, 6 s there"
                + " (-50.0 %)"), driver.findElement(By.id("summary")).getText());
    }

    private static TaskRow row(long itask, int ichunk, TaskResult<?> r) {
        return TaskRow.of(Params.of("n", Long.toString(itask), "seed", "1"), r, ichunk, 1);
    }

    private void select(String css, String visibleText) {
        new Select(driver.findElement(By.cssSelector(css))).selectByVisibleText(visibleText);
    }

    /** The hover text of the mean point whose text starts with {@code start}. */
    private static String pointTitle(WebElement figure, String start) {
        for (WebElement t : figure.findElements(By.cssSelector("circle.mean-pt title"))) {
            String text = t.getAttribute("textContent");
            if (text.startsWith(start)) {
                return text;
            }
        }
        throw new AssertionError("no point '" + start + "...' in " + figure.getAttribute("data-y"));
    }

    /** The number after {@code label} in {@code text}. */
    private static double number(String text, String label) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(label)
                + "(-?[0-9.]+(e[-+]?\\d+)?)").matcher(text);
        assertTrue(m.find(), label + " in " + text);
        return Double.parseDouble(m.group(1));
    }

    /** Equal to the 4 significant digits the page shows. */
    private static void assertClose(double expected, double shown, String where) {
        assertEquals(expected, shown, Math.abs(expected) * 6e-4, where);
    }

    private static List<Map<String, String>> csv(Path file) throws Exception {
        try (var parser = org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .build().parse(Files.newBufferedReader(file))) {
            return parser.getRecords().stream().map(r -> r.toMap()).toList();
        }
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
        for (String section : List.of("time", "lines", "reduced", "costs")) {
            Files.copy(driver.findElement(By.id(section)).getScreenshotAs(OutputType.FILE).toPath(),
                    target.resolve("report-" + section + ".png"), StandardCopyOption.REPLACE_EXISTING);
        }
        long height = (Long) ((JavascriptExecutor) driver).executeScript("return document.body.scrollHeight");
        driver.manage().window().setSize(new Dimension(1400, (int) Math.min(height + 40, 16_000)));
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target.resolve("report-full.png"),
                StandardCopyOption.REPLACE_EXISTING);
        Files.copy(basedir.resolve("target/qmr/epidemic/report.html"), target.resolve("report-example.html"),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
