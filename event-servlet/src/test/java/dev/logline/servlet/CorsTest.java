package dev.logline.servlet;

import static dev.logline.servlet.Bodies.pageViewed;
import static dev.logline.servlet.Bodies.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Cross-origin callers: allow-list, preflight, refusal. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorsTest {
  static final String SHOP = "https://shop.example";
  TestServer s;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    s = new TestServer(dir, c -> c.allowedOrigin(SHOP));
  }

  @AfterAll
  void stop() throws Exception {
    s.close();
  }

  @Test
  void preflightFromAnAllowedOriginIsAnswered() {
    Http.Reply r = Http.send(Http.request(s, "/events").header("Origin", SHOP)
        .header("Access-Control-Request-Method", "POST").header("Access-Control-Request-Headers", "content-type")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertThat(r.status()).isEqualTo(204);
    assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(SHOP);
    assertThat(r.header("Access-Control-Allow-Methods")).contains("POST");
    assertThat(r.header("Access-Control-Allow-Headers")).containsIgnoringCase("content-type");
    assertThat(r.header("Access-Control-Max-Age")).isEqualTo("600");
    assertThat(r.raw().headers().allValues("Vary")).anyMatch(v -> v.contains("Origin"));
  }

  @Test
  void preflightAndPostFromAnotherOriginAre403() {
    Http.Reply pre = Http.send(Http.request(s, "/events").header("Origin", "https://evil.example")
        .header("Access-Control-Request-Method", "POST").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    EventIngestFilterTest.assertError(pre, 403, "origin_not_allowed");
    assertThat(pre.header("Access-Control-Allow-Origin")).isNull();

    String id = uuid();
    Http.Reply post = Http.send(Http.request(s, "/events").header("Origin", "https://evil.example")
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(pageViewed(id))));
    EventIngestFilterTest.assertError(post, 403, "origin_not_allowed");
    assertThat(s.eventsText()).doesNotContain(id);
  }

  @Test
  void postFromAnAllowedOriginCarriesCorsHeaders() {
    String id = uuid();
    Http.Reply r = Http.send(Http.request(s, "/events").header("Origin", SHOP)
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(pageViewed(id))));
    assertThat(r.status()).isEqualTo(202);
    assertThat(r.header("Access-Control-Allow-Origin")).isEqualTo(SHOP);
    assertThat(r.header("Access-Control-Allow-Credentials")).isEqualTo("true");
    assertThat(s.eventsText()).contains(id);
  }

  @Test
  void sameOriginNeedsNoAllowList() {
    String id = uuid();
    Http.Reply r = Http.send(Http.request(s, "/events").header("Origin", s.base())
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(pageViewed(id))));
    assertThat(r.status()).isEqualTo(202);
    assertThat(r.header("Access-Control-Allow-Origin")).isNull();
  }
}
