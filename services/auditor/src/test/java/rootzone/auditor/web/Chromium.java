package rootzone.auditor.web;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless chromium through chromium-driver, both named by path so that Selenium Manager downloads nothing. */
final class Chromium {

    static final String BINARY = "/usr/bin/chromium";
    static final String DRIVER = "/usr/bin/chromedriver";

    /** Skips the calling test, saying why, when chromium or chromium-driver is not installed. */
    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(BINARY)) && Files.isExecutable(Path.of(DRIVER)),
                "Debian's chromium and chromium-driver are not installed (" + BINARY + ", " + DRIVER + "): skipped");
    }

    static ChromeDriver start() {
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1400,900", "--hide-scrollbars", "--lang=en-GB");
        return new ChromeDriver(service, options);
    }

    /** Scrolls the element to the middle of the window (clear of the sticky header), then clicks it as a user would. */
    static void click(ChromeDriver browser, org.openqa.selenium.WebElement element) {
        browser.executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element);
        element.click();
    }

    /** A PNG of the window at that size in target/dashboard-screenshots/dashboard-NAME.png. */
    static void screenshot(ChromeDriver browser, String name, int width, int height) throws IOException {
        browser.manage().window().setSize(new Dimension(width, height));
        Path dir = Files.createDirectories(Path.of("target", "dashboard-screenshots"));
        Files.write(dir.resolve("dashboard-" + name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private Chromium() {}
}
