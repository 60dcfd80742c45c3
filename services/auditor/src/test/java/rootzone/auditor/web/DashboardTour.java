package rootzone.auditor.web;

import java.io.IOException;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's main views as screenshots (target/dashboard-screenshots; docs/dashboard-*.png are
 * made with it): the end of DashboardBrowserTest, and DashboardScreenshots against a running system.
 */
final class DashboardTour {

    static void capture(ChromeDriver browser, String url) throws IOException, InterruptedException {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1400, 1000));
        browser.get(url);
        wait.until(d -> "true".equals(browser.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        Thread.sleep(1500); // the charts' own data comes after the first view
        Chromium.screenshot(browser, "now", 1400, 1000);
        show(browser, "latency");
        Chromium.screenshot(browser, "latency", 1400, 900);
        show(browser, "history");
        Chromium.screenshot(browser, "history", 1400, 1000);
        Chromium.click(browser, browser.findElement(By.cssSelector("#kind-chips button[data-kind='DNSKEY_ADDED']")));
        wait.until(d -> browser.findElements(By.cssSelector("#kind-chips button[aria-pressed='true']")).size() == 1
                && !browser.findElements(By.cssSelector("#timeline tbody tr[data-serial]")).isEmpty());
        Thread.sleep(300);
        String serial = browser.findElement(By.cssSelector("#timeline tbody tr[data-serial]")).getDomAttribute("data-serial");
        Chromium.click(browser, browser.findElement(By.cssSelector("#timeline tbody tr[data-serial] button[data-open]")));
        wait.until(d -> (serial + ":false").equals(browser.findElement(By.id("diff-lines")).getDomAttribute("data-loaded")));
        Chromium.screenshot(browser, "version", 1400, 1000);
        Chromium.click(browser, browser.findElement(By.id("version-close")));
        browser.findElement(By.id("name-input")).sendKeys("com");
        Chromium.click(browser, browser.findElement(By.cssSelector("#name-form button[type=submit]")));
        wait.until(d -> browser.findElement(By.id("name-result")).getText().contains("com. —"));
        show(browser, "name");
        Chromium.screenshot(browser, "name", 1400, 900);
        show(browser, "coordination");
        Chromium.screenshot(browser, "coordination", 1400, 900);
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        Thread.sleep(500);
        browser.executeScript("window.scrollTo({top: 0, behavior: 'instant'})");
        Thread.sleep(300);
        Chromium.screenshot(browser, "phone", 390, 844);
    }

    private static void show(ChromeDriver browser, String section) throws InterruptedException {
        browser.executeScript("document.getElementById(arguments[0]).scrollIntoView({behavior: 'instant'})", section);
        Thread.sleep(400);
    }

    private DashboardTour() {}
}
