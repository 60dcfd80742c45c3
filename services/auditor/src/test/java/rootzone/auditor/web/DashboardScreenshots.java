package rootzone.auditor.web;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Not a check: screenshots of a dashboard already running, for docs/. Runs only when told where:
 * {@code ./mvnw -pl services/auditor -am verify -Dtest=DashboardScreenshots -Dsurefire.failIfNoSpecifiedTests=false
 * -Drootzone.dashboard.url=http://127.0.0.1:8083/}.
 */
class DashboardScreenshots {

    @Test
    void mainViews() throws Exception {
        String url = System.getProperty("rootzone.dashboard.url");
        Assumptions.assumeTrue(url != null, "screenshots for docs/ only: set -Drootzone.dashboard.url to a running dashboard");
        Chromium.assumeInstalled();
        ChromeDriver browser = Chromium.start();
        try {
            DashboardTour.capture(browser, url);
        } finally {
            browser.quit();
        }
    }
}
