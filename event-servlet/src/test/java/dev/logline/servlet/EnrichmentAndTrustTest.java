package dev.logline.servlet;

import static dev.logline.servlet.Bodies.pageViewed;
import static dev.logline.servlet.Bodies.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the server owns: spoofing, trusted proxies, IP anonymisation, the resolved user, and bugs. */
class EnrichmentAndTrustTest {
  @TempDir Path dir;

  static JsonNode line(TestServer s, String id) {
    return s.events().stream().filter(e -> e.get("event_id").asText().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void serverOwnedFieldsSetByTheClientAreOverwrittenAndCounted() throws Exception {
    try (TestServer s = new TestServer(dir, c -> c.userResolver(r -> r.getHeader("X-Test-User")))) {
      String id = uuid();
      String spoof = Bodies.event(id, "page_viewed", "{\"url\":\"u\"}",
          ",\"received_at\":\"2000-01-01T00:00:00.000Z\",\"producer\":{\"app\":\"evil\",\"seq\":1}"
              + ",\"source\":\"server\",\"user_id\":\"admin\"")
          .replace("\"locale\":\"en-GB\"", "\"locale\":\"en-GB\",\"ip\":\"6.6.6.6\",\"user_agent\":\"fake\","
              + "\"request_id\":\"forged\"");
      Http.Reply r = Http.send(Http.request(s, "/events").header("Content-Type", "application/json")
          .header("X-Test-User", "u-42").header("User-Agent", "RealBrowser/1.0")
          .POST(HttpRequest.BodyPublishers.ofString(spoof)));
      assertThat(r.json().at("/results/0/status").asText()).as(r.text()).isEqualTo("accepted");

      JsonNode line = line(s, id);
      assertThat(line.get("received_at").asText()).isNotEqualTo("2000-01-01T00:00:00.000Z");
      assertThat(line.at("/producer/app").asText()).isEqualTo("shop");
      assertThat(line.get("source").asText()).isEqualTo("web");
      assertThat(line.get("user_id").asText()).isEqualTo("u-42");
      assertThat(line.at("/context/ip").asText()).isEqualTo("127.0.0.1");
      assertThat(line.at("/context/user_agent").asText()).isEqualTo("RealBrowser/1.0");
      assertThat(line.at("/context/request_id").asText()).isNotEqualTo("forged");

      IngestStats stats = s.filter.stats();
      assertThat(stats.spoofedFields()).containsEntry("received_at", 1L).containsEntry("producer", 1L)
          .containsEntry("source", 1L).containsEntry("user_id", 1L).containsEntry("context.ip", 1L)
          .containsEntry("context.user_agent", 1L).containsEntry("context.request_id", 1L);
    }
  }

  @Test
  void anonymousRequestKeepsTheIdentifiedUserId() throws Exception {
    try (TestServer s = new TestServer(dir, c -> c.userResolver(UserResolver.PRINCIPAL))) {
      String id = uuid();
      Http.post(s, Bodies.event(id, "page_viewed", "{\"url\":\"u\"}", ",\"user_id\":\"u-7\""));
      assertThat(line(s, id).get("user_id").asText()).isEqualTo("u-7");
      assertThat(s.filter.stats().spoofedFields()).isEmpty();
    }
  }

  @Test
  void forwardedForIsHonouredOnlyFromTrustedProxies() throws Exception {
    try (TestServer trusting = new TestServer(dir, c -> c.trustedProxy("127.0.0.0/8").trustedProxy("10.0.0.0/8"));
        TestServer untrusting = new TestServer(dir, c -> c.trustedProxy("192.0.2.0/24"))) {
      String a = uuid();
      // client, then an internal proxy (trusted), appended left to right
      Http.send(Http.request(trusting, "/events").header("Content-Type", "application/json")
          .header("X-Forwarded-For", "6.6.6.6, 203.0.113.9, 10.1.2.3")
          .header("X-Request-Id", "edge-req-1")
          .POST(HttpRequest.BodyPublishers.ofString(pageViewed(a))));
      JsonNode line = line(trusting, a);
      assertThat(line.at("/context/ip").asText()).isEqualTo("203.0.113.9");
      assertThat(line.at("/context/request_id").asText()).isEqualTo("edge-req-1");

      String b = uuid();
      Http.send(Http.request(untrusting, "/events").header("Content-Type", "application/json")
          .header("X-Forwarded-For", "203.0.113.9").header("X-Request-Id", "edge-req-2")
          .POST(HttpRequest.BodyPublishers.ofString(pageViewed(b))));
      JsonNode spoofed = line(untrusting, b);
      assertThat(spoofed.at("/context/ip").asText()).isEqualTo("127.0.0.1");
      assertThat(spoofed.at("/context/request_id").asText()).isNotEqualTo("edge-req-2");

      String c = uuid();
      Http.send(Http.request(trusting, "/events").header("Content-Type", "application/json")
          .header("X-Forwarded-For", "not-an-ip, 10.9.9.9")
          .POST(HttpRequest.BodyPublishers.ofString(pageViewed(c))));
      assertThat(line(trusting, c).at("/context/ip").asText()).isEqualTo("10.9.9.9");
    }
  }

  @Test
  void anonymizeIpZeroesTheLastOctetAndKeepsAnIpv6Slash48() throws Exception {
    try (TestServer s = new TestServer(dir, c -> c.trustedProxy("127.0.0.1").anonymizeIp(true))) {
      String v4 = uuid();
      String v6 = uuid();
      Http.send(Http.request(s, "/events").header("Content-Type", "application/json")
          .header("X-Forwarded-For", "203.0.113.77").POST(HttpRequest.BodyPublishers.ofString(pageViewed(v4))));
      Http.send(Http.request(s, "/events").header("Content-Type", "application/json")
          .header("X-Forwarded-For", "2001:db8:abcd:1234:5678::1")
          .POST(HttpRequest.BodyPublishers.ofString(pageViewed(v6))));
      assertThat(line(s, v4).at("/context/ip").asText()).isEqualTo("203.0.113.0");
      assertThat(line(s, v6).at("/context/ip").asText()).isEqualTo("2001:db8:abcd::");
    }
  }

  @Test
  void aBugInTheServerIsAGeneric500WithoutStackTraceAndTheServerStillServes() throws Exception {
    try (TestServer s = new TestServer(dir, c -> c.userResolver(r -> {
      if (r.getHeader("X-Boom") != null) throw new IllegalStateException("secret internal detail");
      return null;
    }))) {
      Http.Reply r = Http.send(Http.request(s, "/events").header("Content-Type", "application/json")
          .header("X-Boom", "1").POST(HttpRequest.BodyPublishers.ofString(pageViewed(uuid()))));
      assertThat(r.status()).isEqualTo(500);
      assertThat(r.json().at("/error/code").asText()).isEqualTo("internal_error");
      assertThat(r.text()).doesNotContain("secret").doesNotContain("Exception").doesNotContain("\tat ");
      assertThat(s.filter.stats().internalErrors()).isEqualTo(1);
      assertThat(Http.post(s, pageViewed(uuid())).status()).isEqualTo(202);
    }
  }

  @Test
  void missingEventIdIsGeneratedByTheServer() throws Exception {
    try (TestServer s = new TestServer(dir, c -> { })) {
      Http.Reply r = Http.post(s, pageViewed("x").replace("\"event_id\":\"x\",", ""));
      String id = r.json().at("/results/0/event_id").asText();
      assertThat(id).hasSize(36);
      assertThat(line(s, id).get("event").asText()).isEqualTo("page_viewed");
    }
  }
}
