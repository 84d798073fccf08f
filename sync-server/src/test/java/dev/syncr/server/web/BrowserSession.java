package dev.syncr.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's, with its own chromedriver, both named explicitly so Selenium's driver manager
 * never looks for or downloads anything), a fresh profile per test, the browser console collected so a test can
 * insist on no errors, and downloads landing in a folder of the test's.
 */
final class BrowserSession implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Generous: the page is quick, the machine may not be (tests run beside CPU burners). */
    private static final Duration WAIT = Duration.ofSeconds(45);

    final ChromeDriver driver;
    final Path downloads;
    private final List<LogEntry> console = new ArrayList<>();

    BrowserSession(Path dir) throws IOException {
        // Fail loudly, never skip: a suite that passes without a browser would prove nothing about the page.
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("the browser tests need Debian's chromium and chromium-driver (apt-get install -y chromium "
                        + "chromium-driver; .ci/run installs them)")
                .isTrue();
        downloads = Files.createDirectories(dir.resolve("downloads"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,860",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("profile")));
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(WAIT);
    }

    <T> T await(ExpectedCondition<T> condition) {
        // the page re-renders when the feed says something changed: an element found a moment ago may be replaced
        return new WebDriverWait(driver, WAIT, Duration.ofMillis(100))
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    WebElement awaitVisible(By by) {
        return await(d -> {
            List<WebElement> found = d.findElements(by);
            return found.isEmpty() || !found.getFirst().isDisplayed() ? null : found.getFirst();
        });
    }

    void awaitText(By by, String text) {
        await(d -> d.findElements(by).stream().anyMatch(e -> e.getText().contains(text)) ? true : null);
    }

    /** The file the browser saved under {@code name}, once all {@code size} bytes of it are there. */
    Path awaitDownload(String name, long size) {
        Path saved = downloads.resolve(name);
        await(d -> {
            try {
                return Files.exists(saved) && Files.size(saved) == size ? true : null;
            } catch (IOException stillMoving) {
                return null;
            }
        });
        return saved;
    }

    void phoneSized() {
        driver.manage().window().setSize(new Dimension(390, 844));
    }

    /** Everything the console said since the last call (the browser hands each entry out once). */
    List<LogEntry> console() {
        console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
        return List.copyOf(console);
    }

    /**
     * No error in the console, but for failed requests whose status the test itself provoked (a browser logs every
     * 4xx answer to a script's request, even one the page handles).
     */
    void assertNoConsoleErrors(int... expectedStatuses) {
        List<String> errors = console().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage)
                .filter(message -> !expected(message, expectedStatuses))
                .toList();
        assertThat(errors).as("browser console errors").isEmpty();
    }

    private static boolean expected(String message, int[] statuses) {
        for (int status : statuses) {
            if (message.contains("the server responded with a status of " + status)) {
                return true;
            }
        }
        return false;
    }

    Path screenshot(String name) {
        try {
            Path target = Files.createDirectories(Path.of("target", "screenshots")).resolve(name + ".png");
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
