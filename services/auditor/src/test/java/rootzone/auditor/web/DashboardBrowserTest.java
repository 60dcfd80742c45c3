package rootzone.auditor.web;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;
import rootzone.auditor.testing.RealHistoryImport;
import rootzone.auditor.testing.ServiceJvm;
import rootzone.auditor.testing.AuditorKafkaResource;
import rootzone.kafka.SharedKafkaBroker;
import rootzone.kafka.access.KafkaConnection;
import rootzone.kafka.access.Role;
import rootzone.eventlog.testing.TestPublisherKey;
import rootzone.auditor.testing.AnchorResource;
import rootzone.testsupport.ExternalTools;
import rootzone.testsupport.SharedData;
import rootzone.zone.Zone;
import rootzone.zone.ZoneFileWriter;
import rootzone.zone.ZoneParser;

/**
 * Issue 12 acceptance: the dashboard in Debian's headless Chromium (chromium-driver through Selenium)
 * against a real system: the broker, this auditor with the real history imported (shared with the
 * other real-history tests of this JVM), a serving node and a publisher run from their built apps.
 *
 * <p>The archive's ZONEMD no longer verifies (its delegation signatures were stripped), so the node
 * refuses the latest imported version and the page must show it refusing; the test then publishes
 * that zone without its ZONEMD under the next serial through the publisher, and the open page must
 * show it, and the node serving it, without a reload, with the serial DNS (dig) answers.
 *
 * <p>In package "web" so that, in the class-name order Quarkus runs test classes in, it comes after the
 * API tests that count the imported versions: it adds one.
 */
@QuarkusTest
@WithTestResource(value = AuditorKafkaResource.class, scope = TestResourceScope.GLOBAL)
class DashboardBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TestHTTPResource("/")
    URL dashboard;

    @Test
    void dashboardShowsTheRealSystemAndFollowsItLive() throws Exception {
        Chromium.assumeInstalled();
        ExternalTools.assumeInstalled("dig");
        Path bundle = SharedData.historyBundleOrSkip();
        JsonPath imported = RealHistoryImport.once(bundle);
        assertEquals("DONE", imported.getString("state"), "the import of the history did not finish: " + imported.prettify());
        int inHistory = imported.getInt("report.found");
        JsonPath status = given().get("/history/status").jsonPath();
        long latest = status.getLong("zones.find { it.zone == '.' }.latestSerial");
        int versions = status.getInt("zones.find { it.zone == '.' }.versions");
        assertEquals(inHistory, versions, "the whole history and nothing more, before this test publishes");

        int dnsPort = ExternalTools.freePort();
        Path nodeData = Files.createTempDirectory("dashboard-node");
        String nodeId = "dash-node";
        ServiceJvm node = ServiceJvm.start("serving-node", "rootzone.serving-node.app", "../serving-node/target/quarkus-app/quarkus-run.jar",
                with(TestPublisherKey.nodeConfig(), KafkaConnection.CONFIG_FILE_PROPERTY, SharedKafkaBroker.credentialsFile(Role.node(nodeId)).toString(),
                        "rootzone.node.id", nodeId, "rootzone.node.dns.port", "" + dnsPort,
                        "rootzone.node.data-dir", nodeData.toString()), "/q/health/live", Duration.ofSeconds(120));
        ServiceJvm publisher = ServiceJvm.start("publisher", "rootzone.publisher.app", "../publisher/target/quarkus-app/quarkus-run.jar",
                with(TestPublisherKey.publisherConfig(), KafkaConnection.CONFIG_FILE_PROPERTY, SharedKafkaBroker.credentialsFile(Role.PUBLISHER).toString(),
                        "rootzone.publisher.id", "dashboard-test-publisher",
                        "rootzone.publisher.trust-anchor", AnchorResource.maintainer().anchorFile().toString()),
                "/q/health/ready", Duration.ofSeconds(120));
        ChromeDriver browser = null;
        try {
            // The node bootstraps from the latest snapshot and refuses it (ZONEMD): the auditor reads that refusal.
            await(() -> given().get("/dashboard/now").jsonPath().getList("nodes.findAll { it.node == '" + nodeId + "' }").size() == 1,
                    "the node's first event");
            JsonPath now = given().get("/dashboard/now").jsonPath();
            assertEquals("REFUSING", now.getString("nodes.find { it.node == '" + nodeId + "' }.health"), now.prettify());

            browser = Chromium.start();
            long t0 = System.nanoTime();
            browser.get(dashboard.toString());
            WebDriverWait wait = new WebDriverWait(browser, WAIT);
            // The page re-renders its tables live: a row found in one poll can be replaced before its text
            // is read (StaleElementReferenceException); the next poll finds the new one.
            wait.ignoring(StaleElementReferenceException.class);
            ChromeDriver b = browser;
            wait.until(d -> "true".equals(b.findElement(By.tagName("body")).getDomAttribute("data-ready")));
            long firstView = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("DashboardBrowserTest: first view (now + first timeline page of %d versions) usable after %d ms%n",
                    versions, firstView);

            // Now: the latest serial and the version count, as the API states them.
            assertEquals("" + latest, text(browser, "latest-serial"));
            assertEquals(String.format("%,d", versions), text(browser, "version-count"));
            assertEquals("" + versions, browser.findElement(By.id("history-count")).getDomAttribute("data-total"));
            WebElement row = nodeRow(browser, nodeId);
            assertTrue(row.getText().contains("refusing") && row.getText().contains("ZONEMD_MISMATCH"), row.getText());
            assertEquals("—", row.findElement(By.cssSelector("td.serial")).getText(), "the node serves nothing yet");

            // A diff opened from the timeline equals `rootzone history diff` (signatures hidden, then shown).
            Chromium.click(browser, browser.findElement(By.cssSelector("#kind-chips button[data-kind='DNSKEY_ADDED']")));
            wait.until(d -> !b.findElements(By.cssSelector("#timeline tbody tr[data-serial]")).isEmpty()
                    && "DNSKEY_ADDED".equals(b.findElement(By.cssSelector("#kind-chips button[aria-pressed='true']")).getDomAttribute("data-kind")));
            WebElement version = browser.findElement(By.cssSelector("#timeline tbody tr[data-serial] button[data-open]"));
            long serial = Long.parseLong(version.getText());
            long previous = given().get("/history/versions/" + serial).jsonPath().getLong("previousSerial");
            Chromium.click(browser, version);
            wait.until(d -> (serial + ":false").equals(b.findElement(By.id("diff-lines")).getDomAttribute("data-loaded")));
            assertEquals(cli("history", "diff", "" + previous, "" + serial, "--no-signatures"), diffText(browser));
            Chromium.click(browser, browser.findElement(By.id("diff-signatures")));
            wait.until(d -> (serial + ":true").equals(b.findElement(By.id("diff-lines")).getDomAttribute("data-loaded")));
            assertEquals(cli("history", "diff", "" + previous, "" + serial), diffText(browser));
            Chromium.click(browser, browser.findElement(By.id("version-close")));

            // A name: com.'s delegation over time.
            WebElement name = browser.findElement(By.id("name-input"));
            name.sendKeys("com");
            Chromium.click(browser, browser.findElement(By.cssSelector("#name-form button[type=submit]")));
            wait.until(d -> b.findElement(By.id("name-result")).getText().contains("com. — delegated now"));

            // Live: a version published now reaches the open page, and the node serving it, without a reload.
            browser.executeScript("window.sameDocument = 'kept'; document.getElementById('now').scrollIntoView()");
            long next = publish(publisher.port(), latest);
            wait.until(d -> ("" + next).equals(text(b, "latest-serial")));
            wait.until(d -> ("" + next).equals(nodeRow(b, nodeId).findElement(By.cssSelector("td.serial")).getText()));
            assertEquals("kept", browser.executeScript("return window.sameDocument"), "the page was reloaded");
            assertEquals(String.format("%,d", versions + 1), text(browser, "version-count"));
            assertEquals("" + next, given().get("/dashboard/now").jsonPath().getString("nodes.find { it.node == '" + nodeId + "' }.servedSerial"));
            assertEquals(next, digSerial(dnsPort), "what the node answers in DNS");
            assertTrue(nodeRow(browser, nodeId).getText().contains("serving latest"), nodeRow(browser, nodeId).getText());

            // Trust: every log as /dashboard/trust states it, followed live; the root log's checkpoint is the one
            // /log/root/checkpoint serves, and holds the version just published.
            wait.until(d -> trustSummary().equals(b.findElement(By.id("trust-state")).getDomAttribute("data-loaded")));
            JsonPath trust = given().get("/dashboard/trust").jsonPath();
            String root = "logs.find { it.name == 'root' }";
            String[] checkpoint = given().get("/log/root/checkpoint").then().statusCode(200).extract().asString().split("\n");
            assertEquals(Long.parseLong(checkpoint[1]), trust.getLong(root + ".treeSize"), trust.prettify());
            assertTrue(trust.getLong(root + ".treeSize") >= 1, "the published version has its leaf: " + trust.prettify());
            WebElement log = browser.findElement(By.cssSelector("#trust-table tbody tr[data-log='root']"));
            assertEquals(String.format("%,d", trust.getLong(root + ".treeSize")), log.findElement(By.cssSelector("td.size")).getText());
            assertEquals(checkpoint[2], log.findElement(By.cssSelector("td.root")).getText());
            assertEquals(trust.getBoolean(root + ".policy") ? "satisfied" : "not satisfied",
                    log.findElement(By.cssSelector("td.policy span")).getText());
            List<String> cosigners = trust.getList(root + ".cosigners.name", String.class);
            String shown = log.findElement(By.cssSelector("td.cosigners")).getText();
            assertTrue(cosigners.isEmpty() ? shown.equals("—") : cosigners.stream().allMatch(shown::contains), shown + " vs " + cosigners);
            assertEquals(trust.getList("logs").size(), browser.findElements(By.cssSelector("#trust-table tbody tr[data-log]")).size());
            // The versions that fail the version policy (ZONEMD): as many as /history/status lists, the latest first.
            JsonPath statusNow = given().get("/history/status").jsonPath();
            List<String> failing = statusNow.getList("zones.find { it.zone == '.' }.unauthentic.serial").stream().map(Object::toString).toList();
            WebElement policy = browser.findElement(By.cssSelector("#trust-policy div[data-zone='.']"));
            assertEquals("" + failing.size(), policy.getDomAttribute("data-failing"), policy.getText());
            List<String> latestFailing = new ArrayList<>(failing.subList(Math.max(0, failing.size() - 10), failing.size()));
            java.util.Collections.reverse(latestFailing);
            assertEquals(latestFailing, policy.findElements(By.cssSelector("tr[data-serial]")).stream().map(r -> r.getDomAttribute("data-serial")).toList());
            // Below the restart point: this start read everything from offset 0, as /history/status says.
            assertEquals(statusNow.getString("reread.state"), browser.findElement(By.id("trust-reread")).getDomAttribute("data-state"));
            DashboardTour.capture(browser, dashboard.toString());
        } finally {
            if (browser != null) {
                browser.quit();
            }
            publisher.stop();
            node.stop();
        }
    }

    /** What the trust panel marks as loaded when it shows /dashboard/trust as it is now: name:size:cosigners per log. */
    private static String trustSummary() {
        JsonPath t = given().get("/dashboard/trust").jsonPath();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < t.getList("logs").size(); i++) {
            parts.add(t.getString("logs[" + i + "].name") + ":" + t.getLong("logs[" + i + "].treeSize") + ":"
                    + t.getList("logs[" + i + "].cosigners").size());
        }
        return String.join(",", parts);
    }

    private static String text(ChromeDriver browser, String id) {
        return browser.findElement(By.id(id)).getText().trim();
    }

    private static WebElement nodeRow(ChromeDriver browser, String node) {
        return browser.findElement(By.cssSelector("#nodes tbody tr[data-node='" + node + "']"));
    }

    /** The diff as the page holds it (textContent: every line, also those scrolled out of view). */
    private static String diffText(ChromeDriver browser) {
        return (String) ((JavascriptExecutor) browser).executeScript("return document.getElementById('diff-lines').textContent");
    }

    /** `rootzone history --auditor THIS ARGS...` as a user runs it (services/cli's classes and runtime classpath); its output without the last newline. */
    private String cli(String... args) throws IOException, InterruptedException {
        Path target = Path.of(System.getProperty("rootzone.cli.target", "../cli/target"));
        String classpath = target.resolve("classes") + File.pathSeparator + Files.readString(target.resolve("classpath.txt")).trim();
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "rootzone.cli.Main"));
        cmd.add(args[0]); // "history": the command that takes --auditor
        cmd.addAll(List.of("--auditor", "http://127.0.0.1:" + dashboard.getPort()));
        cmd.addAll(List.of(args).subList(1, args.length));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), "history diff exits 1 when the versions differ: " + out);
        return out.endsWith("\n") ? out.substring(0, out.length() - 1) : out;
    }

    /** The latest version without its (stale) ZONEMD, under the next serial, POSTed to the publisher. */
    private static long publish(int publisherPort, long latest) throws Exception {
        String text = given().get("/history/zone/" + latest).then().statusCode(200).extract().asString();
        Zone zone = ZoneParser.parse(text.getBytes(StandardCharsets.UTF_8), Name.root, "auditor");
        long next = latest + 1;
        List<Record> records = new ArrayList<>();
        for (Record r : zone.records()) {
            if (r instanceof SOARecord soa) {
                records.add(new SOARecord(soa.getName(), soa.getDClass(), soa.getTTL(), soa.getHost(), soa.getAdmin(), next,
                        soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum()));
            } else if (r.getType() != Type.ZONEMD) {
                records.add(r);
            }
        }
        byte[] body = ZoneFileWriter.toText(Zone.of(Name.root, records)).getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + publisherPort + "/versions?zone=."))
                .header("Content-Type", "text/dns");
        // Signed by the anchored maintainer (docs/security.md, publication requests).
        AnchorResource.maintainer().headers(".", body).forEach(post::header);
        HttpResponse<String> r = HttpClient.newHttpClient().send(post.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode() / 100 * 100, r.body());
        assertTrue(r.body().contains("PUBLISHED"), r.body());
        return next;
    }

    /** {@code base} plus alternating keys and values. */
    private static Map<String, String> with(Map<String, String> base, String... keysAndValues) {
        Map<String, String> all = new java.util.HashMap<>(base);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            all.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return all;
    }

    /** dig @127.0.0.1 -p PORT . SOA +short: the serial the node answers with. */
    private static long digSerial(int port) throws IOException, InterruptedException {
        String out = ExternalTools.run("dig", "@127.0.0.1", "-p", "" + port, "+short", "+norecurse", "+time=2", "+tries=1", ".", "SOA").trim();
        String[] fields = out.split("\\s+");
        assertTrue(fields.length >= 7, "dig: " + out);
        return Long.parseLong(fields[2]);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; now: " + given().get("/dashboard/now").asString());
            }
            Thread.sleep(200);
        }
    }
}
