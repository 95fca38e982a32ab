package dev.logline.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The JS tracker in real headless Chromium against the filter on real Jetty. Needs Debian's
 * {@code chromium} and {@code chromium-driver}; without them the tests fail under CI=true and are
 * skipped elsewhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrackerBrowserTest {
  static final File CHROMIUM = new File("/usr/bin/chromium");
  static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
  static final Duration WAIT = Duration.ofSeconds(30);

  ChromeDriver driver;
  @TempDir Path dir;

  @BeforeAll
  void startBrowser(@TempDir Path profile) {
    if (!CHROMIUM.canExecute() || !CHROMEDRIVER.canExecute()) {
      String why = "Chromium not installed (apt-get install -y chromium chromium-driver)";
      if ("true".equals(System.getenv("CI"))) {
        fail(why + ": required when CI=true");
      }
      Assumptions.abort(why + "; skipping the browser tests");
    }
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.getPath());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
  }

  @AfterAll
  void stopBrowser() {
    if (driver != null) driver.quit();
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  static Map<String, Long> countsById(TestServer s) {
    return s.events().stream().collect(Collectors.groupingBy(e -> e.get("event_id").asText(), Collectors.counting()));
  }

  @Test
  void trackedEventsArriveInTheEventLog() throws Exception {
    try (TestServer s = new TestServer(dir, c -> { })) {
      driver.get(s.base() + "/pages/track.html?flushAt=3&interval=60000");
      String page = (String) js("return logline.page();");
      String checkout = (String) js("return logline.track('checkout_completed',"
          + " {order_id: 'o-1', amount: 12.5, currency: 'EUR', items: 2});");
      js("logline.identify('u-9');");
      String signup = (String) js("return logline.track('user_signed_up', {method: 'email'});");

      await().atMost(WAIT).until(() -> countsById(s).keySet().containsAll(List.of(page, checkout, signup)));
      Map<String, JsonNode> byId = s.events().stream()
          .collect(Collectors.toMap(e -> e.get("event_id").asText(), Function.identity()));
      JsonNode pv = byId.get(page);
      assertThat(pv.get("event").asText()).isEqualTo("page_viewed");
      assertThat(pv.at("/properties/url").asText()).isEqualTo(s.base() + "/pages/track.html?flushAt=3&interval=60000");
      assertThat(pv.at("/properties/title").asText()).isEqualTo("Tracked page");
      assertThat(pv.get("source").asText()).isEqualTo("web");
      assertThat(pv.at("/context/library/name").asText()).isEqualTo("logline-js");
      assertThat(pv.at("/context/user_agent").asText()).contains("Chrome");
      assertThat(pv.has("sent_at")).isTrue();
      assertThat(pv.has("corrected_at")).isTrue();
      assertThat(byId.get(checkout).at("/properties/amount").asDouble()).isEqualTo(12.5);
      assertThat(byId.get(checkout).get("anonymous_id").asText()).isEqualTo(pv.get("anonymous_id").asText());
      assertThat(byId.get(checkout).get("session_id").asText()).isEqualTo(pv.get("session_id").asText());
      assertThat(byId.get(signup).get("user_id").asText()).isEqualTo("u-9");

      // the anonymous id and the session survive a navigation
      driver.get(s.base() + "/pages/track.html?flushAt=1");
      String next = (String) js("return logline.page();");
      await().atMost(WAIT).until(() -> countsById(s).containsKey(next));
      JsonNode nextLine = s.events().stream().filter(e -> e.get("event_id").asText().equals(next)).findFirst()
          .orElseThrow();
      assertThat(nextLine.get("anonymous_id").asText()).isEqualTo(pv.get("anonymous_id").asText());
      assertThat(nextLine.get("session_id").asText()).isEqualTo(pv.get("session_id").asText());
      assertThat(countsById(s).values()).containsOnly(1L);
    }
  }

  @Test
  void theTrackerAsksForTheNotAcceptedEventsOnlyAndCountsFromTheTotals() throws Exception {
    try (TestServer s = new TestServer(dir, c -> { })) {
      freshStorage(s);
      driver.get(s.base() + "/pages/track.html?flushAt=3&interval=600000");
      String good = (String) js("return logline.page();");
      String bad = (String) js("return logline.track('checkout_completed',"
          + " {order_id: 'o-1', amount: 'twelve', currency: 'EUR', items: 2});");
      String good2 = (String) js("return logline.track('user_signed_up', {method: 'email'});");

      await().atMost(WAIT).until(() -> stat("accepted") + stat("rejected") == 3);
      assertThat(stat("accepted")).isEqualTo(2);
      assertThat(stat("rejected")).isEqualTo(1);
      assertThat(stat("duplicate")).isZero();
      assertThat(countsById(s).keySet()).contains(good, good2).doesNotContain(bad);
      assertThat(s.arrivals).singleElement().asString().startsWith("POST text/plain").endsWith("results=not-accepted");
    }
  }

  @Test
  void twoTabsKeepEachOthersUnsentEventsAndALaterPageDeliversAllOfThem() throws Exception {
    try (TestServer s = new TestServer(dir, c -> { })) {
      // Down from the start: the beacons sent when a tab is hidden are refused, so only storage can keep the events.
      String[] tabs = twoTabsWhileTheServerIsDown(s, s.base() + "/pages/track.html?flushAt=100&interval=600000");
      String tabA = tabs[0];
      String tabB = tabs[1];
      try {
        driver.switchTo().window(tabA);
        String first = trackPageView("https://shop.example/a1");
        driver.switchTo().window(tabB);
        String second = trackPageView("https://shop.example/b1");
        driver.switchTo().window(tabA);
        String third = trackPageView("https://shop.example/a2");
        assertThat(storedQueue()).as("each tab stores its events beside the other's")
            .containsExactlyInAnyOrder(first, second, third);

        driver.switchTo().window(tabB);
        driver.get(s.base() + "/pages/other.html");
        driver.switchTo().window(tabA);
        driver.get(s.base() + "/pages/other.html");
        assertThat(storedQueue()).as("after both tabs left").containsExactlyInAnyOrder(first, second, third);
        assertThat(s.events()).isEmpty();

        s.down.set(false);
        driver.get(s.base() + "/pages/track.html?flushAt=1&interval=100");
        await().atMost(WAIT).until(() -> countsById(s).keySet().containsAll(List.of(first, second, third)));
        await().atMost(WAIT).until(() -> storedQueue().isEmpty());
        assertThat(countsById(s)).hasSize(3).allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
      } finally {
        driver.switchTo().window(tabB).close();
        driver.switchTo().window(tabA);
      }
    }
  }

  @Test
  void aTabThatStaysOpenAdoptsTheUnsentEventsOfATabThatWentAwayWithoutANewPageLoad() throws Exception {
    try (TestServer s = new TestServer(dir, c -> { })) {
      // the survivor loads first, with nothing stored: it can only learn of the other tab's events from storage
      String page = s.base() + "/pages/track.html?flushAt=100&interval=600000&adopt=1500&backoff=200&maxBackoff=400";
      String survivor = twoTabsWhileTheServerIsDown(s, page)[0];
      String first = trackPageView("https://shop.example/l1");
      String second = trackPageView("https://shop.example/l2");
      driver.close(); // its beacon is refused: the server is down
      driver.switchTo().window(survivor);
      assertThat(storedQueue()).containsExactlyInAnyOrder(first, second);

      s.down.set(false);
      await().atMost(WAIT).until(() -> countsById(s).keySet().containsAll(List.of(first, second)));
      await().atMost(WAIT).until(() -> storedQueue().isEmpty());
      assertThat(countsById(s)).hasSize(2).allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
      assertThat(driver.getCurrentUrl()).as("no page was loaded to deliver them").isEqualTo(page);
    }
  }

  @Test
  void aPageNavigatedAwayMidBatchStillDeliversByBeacon() throws Exception {
    try (TestServer s = new TestServer(dir, c -> { })) {
      driver.get(s.base() + "/pages/track.html?flushAt=100&interval=600000");
      List<String> ids = List.of(
          (String) js("return logline.track('page_viewed', {url: 'https://shop.example/a'});"),
          (String) js("return logline.track('page_viewed', {url: 'https://shop.example/b'});"),
          (String) js("return logline.track('page_viewed', {url: 'https://shop.example/c'});"));
      assertThat(s.arrivals).isEmpty(); // still batched in the page
      driver.get(s.base() + "/pages/other.html"); // no tracker there: only the beacon can deliver

      await().atMost(WAIT).until(() -> countsById(s).keySet().containsAll(ids));
      assertThat(s.arrivals).anyMatch(a -> a.startsWith("POST text/plain") && a.endsWith("transport=beacon"));
      assertThat(countsById(s).values()).containsOnly(1L);
    }
  }

  @Test
  void serverAnswering503ForAWhileThenBackDeliversQueuedEventsExactlyOnce() throws Exception {
    try (TestServer s = new TestServer(dir, c -> { })) {
      s.down.set(true);
      driver.get(s.base() + "/pages/track.html?flushAt=2&interval=100&backoff=100&maxBackoff=400");
      List<String> ids = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        ids.add((String) js("return logline.track('page_viewed', {url: 'https://shop.example/' + arguments[0]});", i));
      }
      await().atMost(WAIT).until(() -> s.arrivals.size() >= 4); // several failed attempts, with backoff
      assertThat(s.events()).isEmpty();
      assertThat(((Number) js("return logline.stats().retries;")).longValue()).isPositive();

      s.down.set(false);
      await().atMost(WAIT).until(() -> countsById(s).keySet().containsAll(ids));
      await().atMost(WAIT).until(() -> ((Number) js("return logline.stats().queued;")).longValue() == 0);
      assertThat(countsById(s)).hasSize(6).allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
    }
  }

  @Test
  void serverUnreachableThenRestartedOnTheSamePortDeliversQueuedEventsExactlyOnce() throws Exception {
    try (TestServer s = new TestServer(dir, c -> { })) {
      driver.get(s.base() + "/pages/track.html?flushAt=1&interval=100&backoff=100&maxBackoff=500");
      s.stopConnector();
      List<String> ids = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ids.add((String) js("return logline.track('page_viewed', {url: 'https://shop.example/' + arguments[0]});", i));
      }
      await().atMost(WAIT).until(() -> ((Number) js("return logline.stats().retries;")).longValue() >= 2);
      assertThat(((Number) js("return logline.stats().queued;")).longValue()).isEqualTo(4);
      assertThat(js("return JSON.parse(localStorage.getItem(Object.keys(localStorage)"
          + ".filter(function (k) { return k.indexOf('logline.q:') === 0; })[0])).length;"))
          .as("the queue is persisted while the server is away").isEqualTo(4L);

      s.startConnector();
      await().atMost(WAIT).until(() -> countsById(s).keySet().containsAll(ids));
      await().atMost(WAIT).until(() -> ((Number) js("return logline.stats().queued;")).longValue() == 0);
      assertThat(countsById(s)).hasSize(4).allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
      assertThat(s.deadLetters()).as("nothing refused along the way").isEmpty();
    }
  }

  long stat(String name) {
    return ((Number) js("return logline.stats()[arguments[0]];", name)).longValue();
  }

  /** The event ids in the page's persisted queue, oldest first. */
  @SuppressWarnings("unchecked")
  List<String> storedQueue() {
    return (List<String>) js("var k = Object.keys(localStorage).filter(function (k) {"
        + " return k.indexOf('logline.q:') === 0; })[0];"
        + " return JSON.parse(localStorage.getItem(k) || '[]').map(function (e) { return e.event_id; });");
  }

  /** Tracks {@code n} page_viewed events in one script (so no timer runs in between); returns their ids. */
  @SuppressWarnings("unchecked")
  List<String> trackMany(int n) {
    return (List<String>) js("var ids = []; for (var i = 0; i < arguments[0]; i++) {"
        + " ids.push(logline.track('page_viewed', {url: 'https://shop.example/' + i})); } return ids;", n);
  }

  /** With fresh storage and the server down, opens {@code page} here and in a new tab (left current); both handles. */
  String[] twoTabsWhileTheServerIsDown(TestServer s, String page) {
    freshStorage(s);
    s.down.set(true);
    driver.get(page);
    String first = driver.getWindowHandle();
    driver.switchTo().newWindow(WindowType.TAB);
    driver.get(page);
    return new String[] {first, driver.getWindowHandle()};
  }

  String trackPageView(String url) {
    return (String) js("return logline.track('page_viewed', {url: arguments[0]});", url);
  }

  /** Starts from empty storage for the server's origin, whatever an earlier test on a reused port left. */
  void freshStorage(TestServer s) {
    driver.get(s.base() + "/pages/other.html");
    js("localStorage.clear(); sessionStorage.clear();");
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 422})
  void a4xxAnswerDropsTheBatchCountsItAndNeverRetries(int status) throws Exception {
    try (TestServer s = new TestServer(dir, c -> { })) {
      freshStorage(s);
      s.answer.set(status);
      driver.get(s.base() + "/pages/track.html?flushAt=3&interval=60000&backoff=50&maxBackoff=100");
      List<String> dropped = trackMany(3);

      await().atMost(WAIT).until(() -> stat("dropped") == 3);
      assertThat(stat("queued")).as("nothing left to retry").isZero();
      assertThat(stat("retries")).isZero();
      assertThat(storedQueue()).isEmpty();
      assertThat(s.arrivals).as("the server saw exactly one request for the batch").hasSize(1);

      s.answer.set(0);
      String next = (String) js("var id = logline.track('page_viewed', {url: 'https://shop.example/next'});"
          + " logline.flush(); return id;");
      await().atMost(WAIT).until(() -> countsById(s).containsKey(next));
      assertThat(s.arrivals).as("only the next event's request followed").hasSize(2);
      assertThat(countsById(s)).containsOnlyKeys(next);
      assertThat(dropped).doesNotContain(next);
      assertThat(stat("dropped")).isEqualTo(3);
      assertThat(stat("retries")).isZero();
    }
  }

  @Test
  void retriesBackOffExponentiallyWithinTheirJitterBounds() throws Exception {
    try (TestServer s = new TestServer(dir, c -> { })) {
      freshStorage(s);
      s.down.set(true);
      driver.get(s.base() + "/pages/track.html?flushAt=1&interval=60000&backoff=100&maxBackoff=1600");
      // records every delay the tracker asks for, without changing when anything runs
      js("window.delays = []; var st = window.setTimeout;"
          + " window.setTimeout = function (f, ms) { window.delays.push(ms); return st.call(window, f, ms); };");
      String id = (String) js("return logline.track('page_viewed', {url: 'https://shop.example/x'});");
      await().atMost(WAIT).until(() -> stat("retries") >= 6);
      s.down.set(false);
      await().atMost(WAIT).until(() -> countsById(s).containsKey(id));

      @SuppressWarnings("unchecked")
      List<Number> delays = (List<Number>) js("return window.delays;");
      assertThat(delays).hasSizeGreaterThanOrEqualTo(6);
      // retry n waits between exp/2 and exp, exp = backoff * 2^(n-1) capped at maxBackoff
      long[][] bounds = {{50, 100}, {100, 200}, {200, 400}, {400, 800}, {800, 1600}, {800, 1600}};
      for (int i = 0; i < bounds.length; i++) {
        assertThat(delays.get(i).doubleValue()).as("delay of retry %d", i + 1)
            .isBetween((double) bounds[i][0], (double) bounds[i][1]);
      }
      assertThat(countsById(s)).containsOnly(Map.entry(id, 1L));
    }
  }

  @Test
  void queueCappedAtMaxQueueDropsTheOldestAndTheCountSurvivesAReload() throws Exception {
    try (TestServer s = new TestServer(dir, c -> { })) {
      freshStorage(s);
      String page = s.base() + "/pages/track.html?flushAt=1&interval=100&backoff=100&maxBackoff=200&maxQueue=5";
      driver.get(page);
      s.stopConnector(); // unreachable: every send fails at the network
      List<String> ids = trackMany(8);
      // The first event's request is still under way while the loop tracks the rest (one script
      // turn), so it is kept: the oldest 3 of the others go.
      List<String> newest = new java.util.ArrayList<>(ids.subList(4, 8));
      newest.add(0, ids.get(0));

      assertThat(stat("queued")).isEqualTo(5);
      assertThat(stat("dropped")).isEqualTo(3);
      assertThat(storedQueue()).as("the oldest 3 not in flight went").containsExactlyElementsOf(newest);
      await().atMost(WAIT).until(() -> stat("retries") >= 2);

      // reload while the server still refuses (503), so the page itself can load
      s.down.set(true);
      s.startConnector();
      driver.get(page);
      assertThat(stat("dropped")).as("dropped survives the page load").isEqualTo(3);
      assertThat(stat("queued")).isEqualTo(5);
      assertThat(storedQueue()).containsExactlyElementsOf(newest);

      s.down.set(false);
      await().atMost(WAIT).until(() -> countsById(s).keySet().containsAll(newest));
      await().atMost(WAIT).until(() -> stat("queued") == 0);
      assertThat(countsById(s)).containsOnlyKeys(newest).allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
      assertThat(stat("dropped")).isEqualTo(3);
    }
  }

  @Test
  void eventsOfARequestUnderWayAreNotDroppedWhenTheQueueOverflows() throws Exception {
    try (TestServer s = new TestServer(dir, c -> { })) {
      freshStorage(s);
      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      driver.get(s.base() + "/pages/track.html?flushAt=3&interval=600000&maxQueue=3");
      s.hold.set(release); // the server is slow: the first batch stays in flight
      List<String> first = trackMany(3); // the 3rd sends all 3
      await().atMost(WAIT).until(() -> !s.arrivals.isEmpty());
      trackMany(2); // overflows the cap of 3 while the first 3 are under way

      assertThat(stat("dropped")).as("the two newest go, not the three in flight").isEqualTo(2);
      s.hold.set(null);
      release.countDown();
      await().atMost(WAIT).until(() -> stat("queued") == 0);
      assertThat(countsById(s)).containsOnlyKeys(first).allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
      assertThat(countsById(s).size() + stat("dropped")).as("every event is either delivered or counted, never both")
          .isEqualTo(5);
    }
  }

  @Test
  void a413HalvesTheBatchUntilItFitsAndEveryEventArrivesOnce() throws Exception {
    try (TestServer s = new TestServer(dir, c -> c.maxEvents(2))) {
      freshStorage(s);
      // A 10-minute interval: the rest of a split batch must go on at once, not wait for the timer.
      driver.get(s.base() + "/pages/track.html?flushAt=8&interval=600000");
      List<String> ids = trackMany(8); // the 8th sends all 8 at once: 413, then 4: 413, then 2s

      await().atMost(WAIT).until(() -> countsById(s).keySet().containsAll(ids));
      await().atMost(WAIT).until(() -> stat("queued") == 0);
      assertThat(countsById(s)).hasSize(8).allSatisfy((id, n) -> assertThat(n).isEqualTo(1L));
      assertThat(s.filter.stats().status(413)).as("8 and 4 were refused").isEqualTo(2);
      assertThat(s.filter.stats().status(204)).as("then four batches of 2, each answered 204: all accepted").isEqualTo(4);
      assertThat(s.arrivals).hasSize(6);
      assertThat(s.deadLetters()).extracting(d -> d.get("code").asText())
          .containsExactly("too_many_events", "too_many_events");
      assertThat(stat("dropped")).isZero();
      assertThat(stat("duplicate")).isZero();
      assertThat(stat("accepted")).isEqualTo(8);
    }
  }
}
