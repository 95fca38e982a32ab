package dev.logline.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every body of {@link MalformedBodies} gets its exact answer; nothing invalid reaches the events file. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MalformedCorpusTest {
  TestServer s;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    s = new TestServer(dir, c -> c.maxBodyBytes(MalformedBodies.MAX_BODY).maxDepth(8).maxStringLength(256)
        .maxPropertyCount(20));
  }

  @AfterAll
  void stop() throws Exception {
    s.close();
  }

  List<MalformedBodies.Case> corpus() {
    return MalformedBodies.all();
  }

  @Test
  @Order(0)
  void corpusHasAtLeastAHundredBodies() {
    assertThat(corpus()).hasSizeGreaterThanOrEqualTo(100);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  @Order(1)
  void eachBodyGetsItsAnswer(MalformedBodies.Case c) {
    Http.Reply r = Http.postBytes(s, c.body(), "text/plain;charset=UTF-8");
    assertThat(r.status()).as(r.text()).isEqualTo(c.status());
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.text()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("dev.logline");
    JsonNode body = r.json();
    if (c.status() == 202) {
      assertThat(body.get("accepted").asInt()).isZero();
      assertThat(body.get("rejected").asInt()).isPositive();
      for (JsonNode result : body.get("results")) {
        assertThat(result.get("status").asText()).isEqualTo("rejected");
        assertThat(result.get("errors")).isNotEmpty();
      }
    } else {
      assertThat(body.at("/error/code").asText()).isEqualTo(c.code());
      assertThat(body.at("/error/message").asText()).isNotBlank();
    }
  }

  @Test
  @Order(2)
  void afterTheCorpusTheServerStillServesAndOnlyValidEventsWereLogged() {
    assertThat(s.events()).as("no invalid event may reach the events file").isEmpty();
    String id = Bodies.uuid();
    assertThat(Http.post(s, Bodies.pageViewed(id)).status()).isEqualTo(202);
    assertThat(s.events()).hasSize(1);
    assertThat(s.events().get(0).get("event_id").asText()).isEqualTo(id);
    assertThat(s.filter.stats().internalErrors()).isZero();
    assertThat(s.filter.stats().status(500)).isZero();
    assertThat(s.deadLetters()).hasSizeGreaterThanOrEqualTo(100);
  }
}
