package dev.logline.examples.shop;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Simulated visitors: each opens the page (a {@code page_viewed} POSTed to {@code /events} as the
 * tracker does), clicks a product ({@code product_clicked}, the shop's own schema), may sign up and
 * buys (backend events from the API handlers). Users arrive spread over the duration.
 */
public final class TrafficSimulator {
  private final URI base;
  private final int users;
  private final Duration duration;
  private final PrintStream out;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicInteger finishedUsers = new AtomicInteger();
  private final AtomicLong browserEvents = new AtomicLong();
  private final AtomicLong backendCalls = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  /** What a simulation did. */
  public static final class Result {
    public final int users;
    public final long browserEvents;
    public final long backendCalls;
    public final long failures;

    Result(int users, long browserEvents, long backendCalls, long failures) {
      this.users = users;
      this.browserEvents = browserEvents;
      this.backendCalls = backendCalls;
      this.failures = failures;
    }

    @Override
    public String toString() {
      return users + " users, " + browserEvents + " browser events, " + backendCalls + " backend calls, "
          + failures + " failed requests";
    }
  }

  public TrafficSimulator(URI base, int users, Duration duration, PrintStream out) {
    if (users < 1) throw new IllegalArgumentException("users < 1: " + users);
    this.base = base;
    this.users = users;
    this.duration = duration;
    this.out = out;
  }

  public Result run() throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(users, 8));
    long start = System.nanoTime();
    long spacingNanos = duration.toNanos() / users;
    for (int i = 0; i < users; i++) {
      long arriveAt = start + i * spacingNanos;
      int user = i;
      pool.execute(() -> {
        long wait = arriveAt - System.nanoTime();
        try {
          if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
          visit(user);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } finally {
          finishedUsers.incrementAndGet();
        }
      });
    }
    pool.shutdown();
    long nextReport = System.nanoTime();
    while (!pool.awaitTermination(200, TimeUnit.MILLISECONDS)) {
      if (System.nanoTime() >= nextReport) {
        report();
        nextReport = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
      }
    }
    report();
    return new Result(users, browserEvents.get(), backendCalls.get(), failures.get());
  }

  private void report() {
    out.printf("simulated %d/%d users: %d browser events, %d backend calls, %d failures%n",
        finishedUsers.get(), users, browserEvents.get(), backendCalls.get(), failures.get());
  }

  private void visit(int n) {
    SplittableRandom random = new SplittableRandom(n);
    String anonymousId = UUID.randomUUID().toString();
    String sessionId = UUID.randomUUID().toString();
    String userId = "sim-user-" + n;
    Catalog.Product product = Catalog.PRODUCTS.get(random.nextInt(Catalog.PRODUCTS.size()));
    int position = Catalog.PRODUCTS.indexOf(product);

    String page = browserEvent("page_viewed", anonymousId, sessionId,
        "{\"url\":\"" + base + "\",\"title\":\"Toy shop\"}");
    String click = browserEvent("product_clicked", anonymousId, sessionId,
        "{\"product_id\":\"" + product.id + "\",\"price\":" + product.price + ",\"position\":" + position + "}");
    postJson("events", "{\"batch\":[" + page + "," + click + "]}", 2);
    if (random.nextInt(3) == 0) {
      postForm("api/signup", "user=" + enc(userId) + "&method=email");
    }
    postForm("api/checkout", "user=" + enc(userId) + "&product=" + enc(product.id));
  }

  private String browserEvent(String name, String anonymousId, String sessionId, String properties) {
    String now = Instant.now().toString();
    return "{\"event_id\":\"" + UUID.randomUUID() + "\",\"event\":\"" + name + "\",\"occurred_at\":\"" + now
        + "\",\"sent_at\":\"" + now + "\",\"anonymous_id\":\"" + anonymousId + "\",\"session_id\":\"" + sessionId
        + "\",\"context\":{\"page_url\":\"" + base + "\",\"locale\":\"en-GB\",\"library\":{\"name\":\"logline-sim\",\"version\":\"0.1.0\"}}"
        + ",\"properties\":" + properties + "}";
  }

  private void postJson(String path, String body, int events) {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "text/plain;charset=UTF-8")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    if (send(request, 202)) browserEvents.addAndGet(events);
  }

  private void postForm(String path, String form) {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("User-Agent", "logline-simulator")
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build();
    if (send(request, -1)) backendCalls.incrementAndGet();
  }

  private boolean send(HttpRequest request, int expectedStatus) {
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      boolean ok = expectedStatus > 0 ? response.statusCode() == expectedStatus : response.statusCode() < 300;
      if (!ok) {
        failures.incrementAndGet();
        out.println("request " + request.uri() + " answered " + response.statusCode() + ": " + response.body());
      }
      return ok;
    } catch (java.io.IOException e) {
      failures.incrementAndGet();
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
