package io.foldwise.console;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** The console in Debian's Chromium (system chromedriver): a stack service down is a page a person can act on. */
class ConsoleBrowserTest {
  static ChromeDriver chromium() throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/chromedriver")) || !Files.isExecutable(Path.of("/usr/bin/chromium"))) {
      throw new AssertionError("the browser tests need Debian's chromium and chromium-driver (/usr/bin/chromium, "
          + "/usr/bin/chromedriver); ./foldwise test installs them, or: apt-get install chromium chromium-driver");
    }
    ChromeOptions o = new ChromeOptions();
    o.setBinary("/usr/bin/chromium");
    o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1280,900", "--user-data-dir=" + Files.createTempDirectory("foldwise-chromium"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
    return new ChromeDriver(service, o);
  }

  /** Saves the whole page (the window grown to the page's height for the shot) as target/screenshots/NAME.png. */
  static void screenshot(ChromeDriver d, String name) throws Exception {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Dimension window = d.manage().window().getSize();
    long height = ((Number) d.executeScript("return document.documentElement.scrollHeight;")).longValue();
    d.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(6000, Math.max(height + 140,
        window.getHeight()))));
    try {
      Files.write(dir.resolve(name + ".png"), d.getScreenshotAs(OutputType.BYTES));
    } finally {
      d.manage().window().setSize(window);
    }
  }

  @Test
  void serviceDownPageInChromium() throws Exception {
    try (Console console = new Console(ConsoleHttpTest.downStack(), "127.0.0.1", 0, null).start()) {
      ChromeDriver d = chromium();
      try {
        d.get(console.url() + "/");
        String text = d.findElement(By.tagName("main")).getText();
        screenshot(d, "service-down");
        assertTrue(text.contains("A stack service is down") && text.contains("./foldwise stack up"), text);
      } finally {
        d.quit();
      }
    }
  }
}
