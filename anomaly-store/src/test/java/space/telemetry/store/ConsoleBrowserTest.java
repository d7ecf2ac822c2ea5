package space.telemetry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.Split;
import space.telemetry.contract.TelemetryPoint;
import space.telemetry.data.AnomalySequence;
import space.telemetry.data.DataDirectory;
import space.telemetry.data.LabelRow;
import space.telemetry.data.Labels;
import space.telemetry.data.PointStream;
import space.telemetry.data.TelemanomChannel;
import space.telemetry.data.TelemanomDataset;
import space.telemetry.detection.DetectionConfig;
import space.telemetry.detection.OfflineDetection;
import space.telemetry.localinfra.JwtTestResource;
import space.telemetry.localinfra.KafkaBrokerTestResource;
import space.telemetry.localinfra.LocalCredentials;
import space.telemetry.localinfra.PostgresTestResource;
import space.telemetry.testdata.SyntheticDataset;

/**
 * The operators' console in a real browser (Debian's chromium and chromedriver, headless): a real SMAP channel (or
 * generated data when the NASA data is absent) with its per-point scores, the events the detectors raise on it and its
 * NASA label; the test signs in, checks the chart drew the series and the shaded windows, records a verdict with the
 * page's buttons and finds it through the API. Screenshots go to target/screenshots.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
@WithTestResource(value = PostgresTestResource.class,
        initArgs = @ResourceArg(name = "database", value = StoreTestSupport.DATABASE))
@WithTestResource(JwtTestResource.class)
class ConsoleBrowserTest {
    private static final Path CHROMIUM = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("console.chromedriver", "/usr/bin/chromedriver"));
    private static final Path CONFIG = Path.of(System.getProperty("configs.dir", "../configs"), "detectors.yaml");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** The SMAP channel shown: one point anomaly that the detectors find, about 10,000 points. */
    private static final String CHANNEL = System.getProperty("console.channel", "S-1");
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration PERIOD = Duration.ofMinutes(1);
    private static final double THRESHOLD = 0.5;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL root;

    private static ChromeDriver browser;

    /** The channel as stored for the test. */
    private record Stored(String spacecraft, String channel, List<AnomalyEvent> events, LabelRow label) {
    }

    /** Skips the test when the browser is missing (with a warning saying so), unless CI=true: then it fails. */
    private static void requireBrowser() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String missing = "the console's browser test needs " + CHROMIUM + " and " + CHROMEDRIVER
                + " (Debian: apt-get install chromium chromium-driver; .ci/run installs them)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(missing + ": missing on CI");
        }
        Logger.getLogger(ConsoleBrowserTest.class).warn("SKIPPED: " + missing);
        Assumptions.abort("SKIPPED: " + missing);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void operatorSeesTheAnomalyOnTheChartAndRecordsAVerdict() throws Exception {
        requireBrowser();
        Stored stored = storeChannel();
        AnomalyEvent shown = eventToShow(stored);
        browser = startBrowser();

        // A refused token is said plainly, and the page asks for another.
        browser.get(root.toString());
        signIn("not-a-token");
        waitUntil(() -> text(By.id("message")).contains("401"));
        waitUntil(() -> browser.findElement(By.id("token")).isDisplayed());

        // Overview: the channel, its anomalies, the latest score.
        signIn(JwtTestResource.token(LocalCredentials.OPERATOR));
        waitUntil(() -> !browser.findElements(By.cssSelector("tr[data-channel='" + stored.channel() + "']")).isEmpty());
        WebElement row = browser.findElement(By.cssSelector("tr[data-channel='" + stored.channel() + "']"));
        assertThat(row.getText()).contains(stored.channel());
        waitUntil(() -> "live".equals(js("return window.__console.stream")));
        screenshot("console-overview");

        // Anomaly list with a filter.
        browser.get(root + "#/anomalies?channel=" + stored.channel());
        int listed = Math.min(50, StoreTestSupport.asViewer().queryParam("channel", stored.channel()).get("/anomalies")
                .then().statusCode(200).extract().jsonPath().getInt("total"));
        waitUntil(() -> browser.findElements(By.cssSelector(".results tbody tr")).size() == listed);
        assertThat(text(By.cssSelector(".results"))).contains(shown.detector());
        screenshot("console-anomalies");

        // Channel view, focused on an event: the series, the shaded windows and the label band are drawn.
        browser.get(root + "#/channel/" + stored.channel() + "?event=" + shown.id());
        waitUntil(() -> Boolean.TRUE.equals(js("const c = window.__console.chart; return !!c && c.selected === '"
                + shown.id() + "' && c.drawn.signal.some(w => w.id === '" + shown.id() + "')"
                + " && document.querySelector('.chart').dataset.state === 'ready'")));
        Map<String, Object> chart = jsMap("return window.__console.chart");
        assertThat(((Number) chart.get("points")).intValue()).as("points drawn").isGreaterThan(100);
        assertThat((List<Object>) chart.get("events")).contains(shown.id());
        if (stored.label() != null) {
            assertThat(((Number) chart.get("labels")).intValue()).as("labels in range").isPositive();
            assertThat((List<?>) jsMap("return window.__console.chart.drawn").get("labels")).isNotEmpty();
        }
        screenshot("console-channel");
        assertDrawn(shown.id());

        // A verdict through the page's buttons, found through the API.
        String note = (stored.label() != null ? "Overlaps the known label. " : "") + "Browser test "
                + UUID.randomUUID().toString().substring(0, 8);
        browser.findElement(By.id("verdict-note")).sendKeys(note);
        browser.findElement(By.cssSelector("button[data-verdict='confirmed']")).click();
        waitUntil(() -> text(By.cssSelector(".verdict-status")).contains("Recorded"));
        waitUntil(() -> text(By.cssSelector(".history")).contains(note));
        screenshot("console-verdict");
        JsonPath history = StoreTestSupport.asViewer().get("/anomalies/" + shown.id() + "/verdicts").then()
                .statusCode(200).extract().jsonPath();
        assertThat(history.getString("[0].verdict")).isEqualTo("confirmed");
        assertThat(history.getString("[0].note")).isEqualTo(note);
        assertThat(history.getString("[0].author")).isEqualTo("test-user");
        assertThat(StoreTestSupport.asViewer().get("/anomalies/" + shown.id()).then().statusCode(200).extract()
                .jsonPath().getString("verdict")).isEqualTo("confirmed");

        // Zoom by dragging: the series is fetched again for the narrower range.
        long before = span();
        WebElement over = browser.findElement(By.cssSelector(".pane-signal .u-over"));
        int width = over.getSize().getWidth();
        new Actions(browser).moveToElement(over, -width / 4, 0).clickAndHold().moveByOffset(width / 4, 0).release()
                .perform();
        waitUntil(() -> span() < before * 0.6);
        screenshot("console-zoomed");

        // A viewer reads but cannot record a verdict: the page says so.
        browser.findElement(By.id("sign-out")).click();
        signIn(JwtTestResource.token(LocalCredentials.VIEWER));
        browser.get(root + "#/channel/" + stored.channel() + "?event=" + shown.id());
        waitUntil(() -> !browser.findElements(By.cssSelector("button[data-verdict='expected']")).isEmpty());
        browser.findElement(By.cssSelector("button[data-verdict='expected']")).click();
        waitUntil(() -> text(By.cssSelector(".verdict-status")).contains("403"));
        assertThat(StoreTestSupport.asViewer().get("/anomalies/" + shown.id() + "/verdicts").then().statusCode(200)
                .extract().jsonPath().getString("[0].verdict")).isEqualTo("confirmed");

        // A crafted link: an ?event= that is not a UUID is ignored, never resolved into another API path.
        js("performance.clearResourceTimings()");
        browser.get(root + "#/channel/" + stored.channel() + "?event=../labels");
        waitUntil(() -> Boolean.TRUE.equals(js("return window.__console.rendered"
                + " && document.querySelector('.chart').dataset.state === 'ready'"
                + " && performance.getEntriesByType('resource').some(e => e.name.includes('/series'))")));
        List<Object> called = (List<Object>) js("return performance.getEntriesByType('resource').map(e => e.name)");
        assertThat(called).as("requests after the crafted link").isNotEmpty()
                .noneMatch(url -> String.valueOf(url).matches(".*/(labels|anomalies/(?!stream)).*"));
        assertThat(js("return window.__console.chart && window.__console.chart.selected")).isNull();
    }

    /** The signal canvas has the series' line, and the event's window is shaded where the page says it drew it. */
    private void assertDrawn(String eventId) {
        Map<String, Object> pixels = jsMap("""
                const id = arguments[0];
                const c = window.__console.chart;
                const count = (pane, test, x0, x1) => {
                  const canvas = document.querySelector('.pane-' + pane + ' canvas');
                  const ratio = canvas.width / canvas.getBoundingClientRect().width;
                  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                  const from = Math.max(0, Math.floor(x0 * ratio)), to = Math.min(canvas.width, Math.ceil(x1 * ratio));
                  let n = 0;
                  for (let y = 0; y < canvas.height; y++) {
                    for (let x = from; x < to; x++) {
                      const i = (y * canvas.width + x) * 4;
                      if (test(data[i], data[i + 1], data[i + 2], data[i + 3])) n++;
                    }
                  }
                  return n;
                };
                const canvas = document.querySelector('.pane-signal canvas');
                const all = canvas.getBoundingClientRect().width;
                const line = (r, g, b, a) => a > 0 && b > 150 && r < 120 && g < 150;
                const score = (r, g, b, a) => a > 0 && r > 140 && g > 60 && g < 130 && b < 60;
                const shade = (r, g, b, a) => a > 0 && r > 180 && r - g > 25 && r - b > 25 && Math.abs(g - b) < 24;
                const w = c.drawn.signal.find(w => w.id === id);
                const band = c.drawn.events.find(w => w.id === id);
                return {
                  line: count('signal', line, 0, all),
                  score: count('score', score, 0, all),
                  shadeInside: count('signal', shade, w.x0, w.x1),
                  shadeWidth: w.x1 - w.x0,
                  bandEvent: band ? count('band', (r, g, b, a) => a > 0 && r > 180 && g < 130 && b < 130, band.x0, band.x1) : 0,
                  labels: c.drawn.labels.reduce((n, l) => n + count('band', (r, g, b, a) => a > 0 && b > 180 && r > 90 && g < 90, l.x0, l.x1), 0),
                };
                """, eventId);
        assertThat(((Number) pixels.get("line")).intValue()).as("pixels of the signal's line").isGreaterThan(200);
        assertThat(((Number) pixels.get("score")).intValue()).as("pixels of the score").isGreaterThan(100);
        assertThat(((Number) pixels.get("shadeInside")).intValue()).as("shaded pixels in the event's window %s", pixels)
                .isGreaterThan(50);
        assertThat(((Number) pixels.get("bandEvent")).intValue()).as("the event in the alarms band").isPositive();
        if (js("return window.__console.chart.drawn.labels.length") instanceof Number n && n.intValue() > 0) {
            assertThat(((Number) pixels.get("labels")).intValue()).as("labels in the band").isPositive();
        }
    }

    private long span() {
        return ((Number) js("const c = window.__console.chart; return c.to - c.from")).longValue();
    }

    /**
     * Stores the channel's points with their scores (table points, as the store writes them from telemetry.scores),
     * sends its events to telemetry.anomalies as the detector would, and imports its label through POST /labels.
     */
    private Stored storeChannel() throws IOException {
        Optional<Path> data = DataDirectory.resolve().filter(dir -> Files.exists(dir.resolve("test/" + CHANNEL + ".npy")));
        Path dir;
        String channelId;
        if (data.isPresent()) {
            dir = data.get();
            channelId = CHANNEL;
        } else {
            dir = Files.createTempDirectory("console-data");
            SyntheticDataset.write(dir, 42);
            channelId = "SYN-1";
        }
        TelemanomDataset dataset = TelemanomDataset.scan(dir);
        TelemanomChannel channel = dataset.require(channelId);
        String spacecraft = channel.spacecraft().name();
        List<TelemetryPoint> points = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        List<AnomalyEvent> versions;
        try (PointStream stream = channel.open(START, PERIOD)) {
            Iterator<TelemetryPoint> recording = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return stream.hasNext();
                }

                @Override
                public TelemetryPoint next() {
                    TelemetryPoint point = stream.next();
                    points.add(point);
                    return point;
                }
            };
            versions = OfflineDetection.run(DetectionConfig.load(CONFIG), spacecraft, channelId, recording, scores::add);
        }
        List<AnomalyEvent> events = List.copyOf(OfflineDetection.latestVersions(versions).values());
        assertThat(events).as("events the detectors raise on " + channelId).isNotEmpty();

        writePoints(spacecraft, channelId, points, scores);
        StoreTestSupport.send(events.toArray(AnomalyEvent[]::new));
        for (AnomalyEvent event : events) {
            waitUntil(() -> StoreTestSupport.asViewer().get("/anomalies/" + event.id()).then().extract().statusCode()
                    == 200);
        }

        List<LabelRow> labels = dataset.labels().forChannel(channelId);
        if (!labels.isEmpty()) {
            Path file = Files.createTempFile("labels", ".csv");
            Labels.of(labels).write(file);
            RestAssured.given().auth().oauth2(JwtTestResource.token(LocalCredentials.OPERATOR))
                    .contentType("text/csv").body(Files.readString(file)).queryParam("source", "nasa")
                    .post("/labels").then().statusCode(200);
            Files.delete(file);
        }
        return new Stored(spacecraft, channelId, events, labels.isEmpty() ? null : labels.get(0));
    }

    /** The event to open: the longest test-split event that overlaps the label, else the longest event. */
    private static AnomalyEvent eventToShow(Stored stored) {
        Comparator<AnomalyEvent> longest = Comparator.comparingLong(e -> e.startIndex() - e.endIndex());
        List<AnomalyEvent> sorted = stored.events().stream().sorted(longest).toList();
        if (stored.label() != null) {
            for (AnomalyEvent event : sorted) {
                for (AnomalySequence sequence : stored.label().sequences()) {
                    if (event.split() == Split.TEST && event.startIndex() <= sequence.end()
                            && event.endIndex() >= sequence.start()) {
                        return event;
                    }
                }
            }
        }
        return sorted.get(0);
    }

    private static void writePoints(String spacecraft, String channel, List<TelemetryPoint> points,
            List<Double> scores) {
        try (Connection connection = StoreTestSupport.database().connect()) {
            connection.setAutoCommit(false);
            // A fresh start for the channel: earlier runs' points, events (another detector configuration may have
            // raised others) and verdicts.
            for (String sql : List.of("DELETE FROM points WHERE channel = ?",
                    "DELETE FROM verdicts WHERE event_id IN (SELECT id FROM events WHERE channel = ?)",
                    "DELETE FROM events WHERE channel = ?")) {
                try (PreparedStatement delete = connection.prepareStatement(sql)) {
                    delete.setString(1, channel);
                    delete.executeUpdate();
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO points"
                    + " (channel, split, idx, time, value, score, threshold) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < points.size(); i++) {
                    TelemetryPoint point = points.get(i);
                    insert.setString(1, channel);
                    insert.setString(2, point.split().name().toLowerCase());
                    insert.setLong(3, point.index());
                    insert.setTimestamp(4, Timestamp.from(point.eventTime()));
                    insert.setDouble(5, point.value());
                    insert.setFloat(6, (float) scores.get(i).doubleValue());
                    insert.setFloat(7, (float) THRESHOLD);
                    insert.addBatch();
                    if (i % 1000 == 999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            TelemetryPoint last = points.get(points.size() - 1);
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO channels (channel, spacecraft,"
                    + " last_split, last_index, last_time, last_value, last_score, threshold) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (channel) DO UPDATE SET spacecraft = excluded.spacecraft, last_split ="
                    + " excluded.last_split, last_index = excluded.last_index, last_time = excluded.last_time,"
                    + " last_value = excluded.last_value, last_score = excluded.last_score,"
                    + " threshold = excluded.threshold, updated_at = now()")) {
                upsert.setString(1, channel);
                upsert.setString(2, spacecraft);
                upsert.setString(3, last.split().name().toLowerCase());
                upsert.setLong(4, last.index());
                upsert.setTimestamp(5, Timestamp.from(last.eventTime()));
                upsert.setDouble(6, last.value());
                upsert.setFloat(7, (float) scores.get(scores.size() - 1).doubleValue());
                upsert.setFloat(8, (float) THRESHOLD);
                upsert.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the points of " + channel, e);
        }
    }

    private static ChromeDriver startBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1440,1640", "--force-device-scale-factor=1", "--hide-scrollbars", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private void signIn(String token) {
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        WebElement field = wait.until(d -> d.findElements(By.id("token")).stream().findFirst().orElse(null));
        field.clear();
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", field, token);
        browser.findElement(By.cssSelector(".sign-in button[type='submit']")).click();
    }

    private static String text(By by) {
        return browser.findElements(by).stream().findFirst().map(WebElement::getText).orElse("");
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> jsMap(String script, Object... args) {
        return (Map<String, Object>) js(script, args);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        AssertionError last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException | AssertionError e) {
                last = e instanceof AssertionError a ? a : new AssertionError(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (browser != null) {
            screenshot("console-failure");
        }
        throw last != null ? last : new AssertionError("condition not met within " + WAIT);
    }

    private static Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.move(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), file,
                    StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
