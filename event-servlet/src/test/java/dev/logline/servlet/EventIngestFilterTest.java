package dev.logline.servlet;

import static dev.logline.servlet.Bodies.batch;
import static dev.logline.servlet.Bodies.checkout;
import static dev.logline.servlet.Bodies.pageViewed;
import static dev.logline.servlet.Bodies.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The ingest contract over real HTTP on Jetty: statuses, limits, partial batches. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventIngestFilterTest {
  static final int MAX_BODY = 16 * 1024;

  TestServer s;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    s = new TestServer(dir, c -> c.maxBodyBytes(MAX_BODY).maxEvents(10).maxDepth(8).maxStringLength(256)
        .maxPropertyCount(20));
  }

  @AfterAll
  void stop() throws Exception {
    s.close();
  }

  List<String> loggedIds() {
    return s.events().stream().map(e -> e.get("event_id").asText()).collect(Collectors.toList());
  }

  static void assertError(Http.Reply r, int status, String code) {
    assertThat(r.status()).as(r.text()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    assertThat(r.json().at("/error/status").asInt()).isEqualTo(status);
    assertThat(r.json().at("/error/code").asText()).isEqualTo(code);
    assertThat(r.text()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void singleEventIsLoggedAsCanonicalLineWithServerFields() {
    String id = uuid();
    Http.Reply r = Http.post(s, pageViewed(id));
    assertThat(r.status()).as(r.text()).isEqualTo(202);
    assertThat(r.json().get("accepted").asInt()).isEqualTo(1);
    assertThat(r.json().at("/results/0/status").asText()).isEqualTo("accepted");
    assertThat(r.json().at("/results/0/event_id").asText()).isEqualTo(id);

    JsonNode line = s.events().stream().filter(e -> e.get("event_id").asText().equals(id)).findFirst().orElseThrow();
    assertThat(line.get("source").asText()).isEqualTo("web");
    assertThat(line.get("schema").asText()).isEqualTo("page_viewed/1-0-0");
    assertThat(line.get("occurred_at").asText()).isEqualTo("2026-11-27T08:00:00.000Z");
    assertThat(line.get("sent_at").asText()).isEqualTo("2026-11-27T08:00:01.500Z");
    assertThat(line.has("received_at")).isTrue();
    // skew corrected: received_at - (sent_at - occurred_at)
    java.time.Instant received = java.time.Instant.parse(line.get("received_at").asText());
    assertThat(java.time.Instant.parse(line.get("corrected_at").asText())).isEqualTo(received.minusMillis(1500));
    assertThat(line.at("/context/ip").asText()).isEqualTo("127.0.0.1");
    assertThat(line.at("/context/user_agent").asText()).contains("Java-http-client");
    assertThat(line.at("/context/request_id").asText()).isEqualTo(r.json().get("request_id").asText());
    assertThat(line.at("/context/library/name").asText()).isEqualTo("logline-js");
    assertThat(line.at("/producer/app").asText()).isEqualTo("shop");
  }

  @Test
  void arrayAndBatchWrapperAndTextPlainAreAccepted() {
    String a = uuid();
    String b = uuid();
    String c = uuid();
    assertThat(Http.post(s, "[" + pageViewed(a) + "]").status()).isEqualTo(202);
    assertThat(Http.postBytes(s, batch(pageViewed(b)).getBytes(StandardCharsets.UTF_8), "text/plain;charset=UTF-8")
        .status()).isEqualTo(202);
    assertThat(Http.postBytes(s, pageViewed(c).getBytes(StandardCharsets.UTF_8), "application/json; charset=utf-8")
        .status()).isEqualTo(202);
    assertThat(loggedIds()).contains(a, b, c);
  }

  @Test
  void gzipBodyIsInflated() throws Exception {
    String id = uuid();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(batch(pageViewed(id)).getBytes(StandardCharsets.UTF_8));
    }
    Http.Reply r = Http.send(Http.request(s, "/events").header("Content-Type", "application/json")
        .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())));
    assertThat(r.status()).as(r.text()).isEqualTo(202);
    assertThat(loggedIds()).contains(id);
  }

  @Test
  void gzipBombIsCutAtMaxBodyBytes() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      byte[] spaces = new byte[1024 * 1024];
      java.util.Arrays.fill(spaces, (byte) ' ');
      gz.write(spaces);
    }
    assertThat(out.size()).isLessThan(MAX_BODY);
    Http.Reply r = Http.send(Http.request(s, "/events").header("Content-Type", "application/json")
        .header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())));
    assertError(r, 413, "body_too_large");
  }

  @Test
  void partialBatchLogsTheGoodEventsAndReportsEachBadOne() {
    String good1 = uuid();
    String bad = uuid();
    String good2 = uuid();
    String unknown = uuid();
    Http.Reply r = Http.post(s, batch(
        checkout(good1, "12.5"),
        checkout(bad, "\"twelve\""),
        pageViewed(good2),
        Bodies.event(unknown, "no_such_event", "{}", "")));
    assertThat(r.status()).isEqualTo(202);
    JsonNode body = r.json();
    assertThat(body.get("accepted").asInt()).isEqualTo(2);
    assertThat(body.get("rejected").asInt()).isEqualTo(2);
    assertThat(body.at("/results/0/status").asText()).isEqualTo("accepted");
    assertThat(body.at("/results/1/status").asText()).isEqualTo("rejected");
    assertThat(body.at("/results/1/index").asInt()).isEqualTo(1);
    assertThat(body.at("/results/1/event_id").asText()).isEqualTo(bad);
    assertThat(body.at("/results/1/errors/0/pointer").asText()).isEqualTo("/properties/amount");
    assertThat(body.at("/results/1/errors/0/keyword").asText()).isEqualTo("type");
    assertThat(body.at("/results/2/status").asText()).isEqualTo("accepted");
    assertThat(body.at("/results/3/reason").asText()).isEqualTo("UNKNOWN_SCHEMA");

    assertThat(loggedIds()).contains(good1, good2).doesNotContain(bad, unknown);
    String deadLetters = s.deadLetters().toString();
    assertThat(deadLetters).contains(bad).contains("SCHEMA_VIOLATION").contains("UNKNOWN_SCHEMA");
  }

  @Test
  void resultsNotAcceptedListsOnlyTheRejectedAndDuplicateEventsWithTheirIndexes() {
    String good = uuid();
    String bad = uuid();
    String repeated = uuid();
    assertThat(Http.post(s, pageViewed(repeated)).status()).isEqualTo(202);
    Http.Reply r = Http.send(Http.request(s, "/events?v=3&results=not-accepted").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(batch(pageViewed(good), checkout(bad, "\"twelve\""),
            pageViewed(repeated)))));
    assertThat(r.status()).as(r.text()).isEqualTo(202);
    JsonNode body = r.json();
    assertThat(body.get("accepted").asInt()).isEqualTo(1);
    assertThat(body.get("rejected").asInt()).isEqualTo(1);
    assertThat(body.get("duplicate").asInt()).isEqualTo(1);
    assertThat(body.get("results")).hasSize(2);
    assertThat(body.at("/results/0/index").asInt()).isEqualTo(1);
    assertThat(body.at("/results/0/event_id").asText()).isEqualTo(bad);
    assertThat(body.at("/results/0/status").asText()).isEqualTo("rejected");
    assertThat(body.at("/results/0/errors/0/pointer").asText()).isEqualTo("/properties/amount");
    assertThat(body.at("/results/1/index").asInt()).isEqualTo(2);
    assertThat(body.at("/results/1/status").asText()).isEqualTo("duplicate");
    assertThat(body.get("request_id").asText()).isNotEmpty();
    assertThat(loggedIds()).contains(good).doesNotContain(bad);
  }

  @Test
  void resultsNotAcceptedAnswers204WithNoBodyAndTheRequestIdInAHeaderWhenEveryEventWasAccepted() {
    String a = uuid();
    String b = uuid();
    long before = s.filter.stats().status(204);
    Http.Reply r = Http.send(Http.request(s, "/events?results=not-accepted").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(batch(pageViewed(a), pageViewed(b)))));
    assertThat(r.status()).as(r.text()).isEqualTo(204);
    assertThat(r.raw().body()).isEmpty();
    assertThat(s.filter.stats().status(204)).isEqualTo(before + 1);
    assertThat(loggedIds()).contains(a, b);
    String requestId = r.header("X-Request-Id");
    assertThat(requestId).isNotEmpty();
    assertThat(s.events().stream().filter(e -> e.get("event_id").asText().equals(a)).findFirst().orElseThrow()
        .at("/context/request_id").asText()).isEqualTo(requestId);

    // a duplicate is something to say: the counts come back
    Http.Reply again = Http.send(Http.request(s, "/events?results=not-accepted").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(batch(pageViewed(a)))));
    assertThat(again.status()).as(again.text()).isEqualTo(202);
    assertThat(again.json().get("duplicate").asInt()).isEqualTo(1);
  }

  @Test
  void resultsAllIsTheDefaultAndAnUnknownResultsValueIsRefusedNamingIt() {
    Http.Reply all = Http.send(Http.request(s, "/events?results=all").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(pageViewed(uuid()))));
    assertThat(all.json().at("/results/0/status").asText()).as(all.text()).isEqualTo("accepted");

    String id = uuid();
    Http.Reply r = Http.send(Http.request(s, "/events?results=some").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(pageViewed(id))));
    assertError(r, 400, "invalid_parameter");
    assertThat(r.json().at("/error/message").asText())
        .isEqualTo("query parameter results=some is not accepted; expected all or not-accepted");
    assertThat(loggedIds()).doesNotContain(id);
  }

  @Test
  void unknownTopLevelKeyRejectsOnlyThatEvent() {
    String good = uuid();
    String bad = uuid();
    Http.Reply r = Http.post(s, batch(pageViewed(good),
        pageViewed(bad).replace("\"event\":", "\"colour\":\"red\",\"event\":")));
    assertThat(r.status()).isEqualTo(202);
    assertThat(r.json().at("/results/1/errors/0/pointer").asText()).isEqualTo("/colour");
    assertThat(r.json().at("/results/1/errors/0/keyword").asText()).isEqualTo("unknown_key");
    assertThat(loggedIds()).contains(good).doesNotContain(bad);
    assertThat(s.deadLetters().stream().filter(d -> d.get("reason").asText().equals("INGEST_INVALID")
        && d.at("/raw/event_id").asText().equals(bad))).hasSize(1);
  }

  @Test
  void aRejectedEventIsDeadLetteredAsTheBytesItWasSentOnOneLine() {
    String bad = uuid();
    // pretty-printed over several lines, numbers in forms a re-serialization would change, an escaped character
    String pretty = "{\n  \"event_id\": \"" + bad + "\",\n  \"event\": \"page_viewed\",\r\n  \"anonymous_id\": \"anon-1\","
        + "\n  \"properties\": {\"url\": \"https://shop.example/p/1\", \"title\": \"caf\\u00e9\", \"extra\": 1.50E2},"
        + "\n  \"colour\": \"red\"\n}";
    Http.Reply r = Http.post(s, "[" + pretty + ",\"just a string\", 7.250 ,[1, [2]],true]");
    assertThat(r.status()).isEqualTo(202);
    assertThat(r.json().get("rejected").asInt()).isEqualTo(5);
    assertThat(r.json().at("/results/0/event_id").asText()).isEqualTo(bad);

    List<String> raws = deadLetterLines().stream()
        .filter(l -> l.contains(bad) || l.contains("just a string") || l.contains("\"raw\":7.250") || l.contains("[1, [2]]")
            || l.contains("\"raw\":true"))
        .map(l -> l.substring(l.indexOf("\"raw\":") + 6, l.lastIndexOf('}')))
        .collect(Collectors.toList());
    assertThat(raws).containsExactly(pretty.replace('\n', ' ').replace('\r', ' '), "\"just a string\"", "7.250",
        "[1, [2]]", "true");
  }

  private List<String> deadLetterLines() {
    try {
      return java.nio.file.Files.readAllLines(s.deadLetterFile, StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aDuplicatePropertyKeyIsRefusedAfterMoreThanSixteenProperties() {
    StringBuilder props = new StringBuilder("{\"url\":\"u\",\"title\":\"t\"");
    for (int i = 0; i < 20; i++) props.append(",\"p").append(i).append("\":").append(i);
    String id = uuid();
    Http.Reply r = Http.post(s, Bodies.event(id, "page_viewed", props.append(",\"p17\":0}").toString(), ""));
    assertError(r, 400, "malformed_json");
    assertThat(r.json().at("/error/message").asText()).contains("Duplicate field 'p17'");
    assertThat(loggedIds()).doesNotContain(id);
  }

  @Test
  void aDuplicatePropertyKeyIsRefusedAlsoWhenOneIsSpelledWithAnEscape() {
    String id = uuid();
    Http.Reply r = Http.post(s, Bodies.event(id, "page_viewed", "{\"url\":\"u\",\"title\":\"t\",\"\\u0075rl\":\"v\"}", ""));
    assertError(r, 400, "malformed_json");
    assertThat(r.json().at("/error/message").asText()).contains("Duplicate field 'url'");
    assertThat(loggedIds()).doesNotContain(id);
  }

  @Test
  void aServerOwnedKeySentTwiceIsADuplicateLikeAnyOther() {
    String id = uuid();
    Http.Reply r = Http.post(s, pageViewed(id).replace("\"event\":", "\"source\":\"a\",\"source\":\"b\",\"event\":"));
    assertError(r, 400, "malformed_json");
    assertThat(loggedIds()).doesNotContain(id);
  }

  @Test
  void wrongMethodIs405AndOtherPathsPassThrough() {
    Http.Reply get = Http.send(Http.request(s, "/events").GET());
    assertError(get, 405, "method_not_allowed");
    assertThat(get.header("Allow")).isEqualTo("POST, OPTIONS");
    Http.Reply put = Http.send(Http.request(s, "/events").header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString("{}")));
    assertError(put, 405, "method_not_allowed");
    // passed through to the page servlet, untouched
    assertThat(Http.send(Http.request(s, "/pages/other.html").GET()).text()).contains("no tracker here");
    assertThat(Http.send(Http.request(s, "/eventsx").GET()).status()).isEqualTo(404);
  }

  @Test
  void unsupportedContentTypeOrEncodingIs415() {
    Http.Reply xml = Http.postBytes(s, pageViewed(uuid()).getBytes(StandardCharsets.UTF_8), "application/xml");
    assertError(xml, 415, "unsupported_media_type");
    assertThat(xml.header("Connection")).as("refused with its body unread: the connection is not reused")
        .isEqualTo("close");
    assertError(Http.postBytes(s, pageViewed(uuid()).getBytes(StandardCharsets.UTF_8),
        "text/plain;charset=ISO-8859-1"), 415, "unsupported_charset");
    assertError(Http.send(Http.request(s, "/events").POST(HttpRequest.BodyPublishers.ofString("{}"))), 415,
        "unsupported_media_type");
    assertError(Http.send(Http.request(s, "/events").header("Content-Type", "application/json")
        .header("Content-Encoding", "br").POST(HttpRequest.BodyPublishers.ofString("{}"))), 415,
        "unsupported_encoding");
  }

  @Test
  void bodyOverMaxBodyBytesIs413WithOrWithoutContentLength() {
    byte[] big = ("[" + "\"x\",".repeat(MAX_BODY / 4) + "\"x\"]").getBytes(StandardCharsets.UTF_8);
    Http.Reply declared = Http.postBytes(s, big, "application/json");
    assertError(declared, 413, "body_too_large");
    assertThat(declared.json().at("/error/message").asText()).contains("maxBodyBytes=" + MAX_BODY);
    assertError(Http.postChunked(s, big), 413, "body_too_large");
  }

  @Test
  void moreThanMaxEventsIs413() {
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 11; i++) events.add(pageViewed(uuid()));
    Http.Reply r = Http.post(s, batch(events.toArray(new String[0])));
    assertError(r, 413, "too_many_events");
    assertThat(r.json().at("/error/message").asText()).contains("maxEvents=10");
    assertThat(loggedIds()).doesNotContainAnyElementsOf(
        events.stream().map(e -> e.substring(13, 49)).collect(Collectors.toList()));
    assertThat(Http.post(s, batch(events.subList(0, 10).toArray(new String[0]))).json().get("accepted").asInt())
        .isEqualTo(10);
  }

  @Test
  void nestingDeeperThanMaxDepthIs400() {
    String deep = "{\"a\":".repeat(6) + "1" + "}".repeat(6);
    Http.Reply r = Http.post(s, batch(Bodies.event(uuid(), "page_viewed", "{\"url\":\"u\",\"x\":" + deep + "}", "")));
    assertError(r, 400, "too_deep");
    assertThat(r.json().at("/error/message").asText()).contains("maxDepth=8");
  }

  @Test
  void longStringRejectsTheEventNamingThePointerAndLimit() {
    String good = uuid();
    String bad = uuid();
    Http.Reply r = Http.post(s, batch(pageViewed(good),
        Bodies.event(bad, "page_viewed", "{\"url\":\"" + "u".repeat(257) + "\"}", "")));
    assertThat(r.status()).isEqualTo(202);
    assertThat(r.json().at("/results/1/errors/0/pointer").asText()).isEqualTo("/properties/url");
    assertThat(r.json().at("/results/1/errors/0/message").asText()).contains("maxStringLength=256");
    assertThat(loggedIds()).contains(good).doesNotContain(bad);
  }

  @Test
  void tooManyPropertiesRejectsTheEvent() {
    StringBuilder items = new StringBuilder("[");
    for (int i = 0; i < 25; i++) items.append(i == 0 ? "" : ",").append(i);
    String bad = uuid();
    Http.Reply r = Http.post(s, Bodies.event(bad, "page_viewed", "{\"url\":\"u\",\"list\":" + items + "]}", ""));
    assertThat(r.json().at("/results/0/status").asText()).isEqualTo("rejected");
    assertThat(r.json().at("/results/0/errors/0/keyword").asText()).isEqualTo("maxPropertyCount");
    assertThat(loggedIds()).doesNotContain(bad);
  }

  @Test
  void malformedJsonAndInvalidUtf8Are400() {
    assertError(Http.post(s, "{\"event\":"), 400, "malformed_json");
    byte[] lone = pageViewed(uuid()).replace("P1", "P\u00e9").getBytes(StandardCharsets.UTF_8);
    int at = new String(lone, StandardCharsets.UTF_8).indexOf("P\u00e9") + 1;
    byte[] truncated = java.util.Arrays.copyOf(lone, lone.length);
    truncated[at + 1] = 'x'; // 0xC3 followed by an ASCII byte
    assertError(Http.postBytes(s, truncated, "application/json"), 400, "invalid_utf8");
  }

  @Test
  void aShortBodyAfterALongerOneIsReadAloneThoughItsBufferIsReused() {
    String first = uuid();
    String second = uuid();
    String whole = "[" + pageViewed(first) + "," + pageViewed(second) + "]";
    assertThat(Http.post(s, whole).json().get("accepted").asInt()).isEqualTo(2);
    // The same bytes cut after the first event: with the rest of the last body still in the reused buffer, a parser
    // that read past this body's end would find a valid batch (and two duplicates) instead of a cut one.
    String cut = whole.substring(0, whole.indexOf(second) - 20);
    assertError(Http.post(s, cut), 400, "malformed_json");
    String third = uuid();
    Http.Reply shorter = Http.post(s, "[" + pageViewed(third) + "]");
    assertThat(shorter.json().get("accepted").asInt()).as(shorter.text()).isEqualTo(1);
    assertThat(loggedIds()).containsOnlyOnce(first, second, third);
  }

  @Test
  void aBodyLargerThanTheReusedBuffersIsReadWhole(@TempDir Path dir) throws Exception {
    try (TestServer big = new TestServer(dir, c -> c.maxBodyBytes(4 * EventIngestFilter.POOLED_BODY_BYTES))) {
      String id = uuid();
      // JSON whitespace makes the body larger than a pooled buffer without more events
      String body = "{\"batch\":[" + " ".repeat(EventIngestFilter.POOLED_BODY_BYTES + 1000) + pageViewed(id) + "]}";
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      assertThat(Http.postBytes(big, bytes, "application/json").json().get("accepted").asInt()).isEqualTo(1);
      Http.Reply chunked = Http.postChunked(big, body.replace(id, uuid()).getBytes(StandardCharsets.UTF_8));
      assertThat(chunked.json().get("accepted").asInt()).as(chunked.text()).isEqualTo(1);
      assertThat(big.events()).hasSize(2);
    }
  }

  @Test
  void retriedEventIdIsADuplicateAndLoggedOnce() {
    String id = uuid();
    assertThat(Http.post(s, pageViewed(id)).json().at("/results/0/status").asText()).isEqualTo("accepted");
    Http.Reply again = Http.post(s, batch(pageViewed(id), pageViewed(id)));
    assertThat(again.json().at("/results/0/status").asText()).isEqualTo("duplicate");
    assertThat(again.json().at("/results/1/status").asText()).isEqualTo("duplicate");
    assertThat(loggedIds().stream().filter(id::equals)).hasSize(1);
    assertThat(s.filter.stats().duplicates()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void rejectedEventIdIsNotRememberedSoACorrectedRetryIsLogged() {
    String id = uuid();
    assertThat(Http.post(s, checkout(id, "-1")).json().at("/results/0/status").asText()).isEqualTo("rejected");
    assertThat(Http.post(s, checkout(id, "1")).json().at("/results/0/status").asText()).isEqualTo("accepted");
    assertThat(loggedIds().stream().filter(id::equals)).hasSize(1);
  }

  @Test
  void statsCountRequestsAndStatuses() {
    IngestStats before = s.filter.stats();
    Http.post(s, pageViewed(uuid()));
    Http.post(s, "nope");
    IngestStats after = s.filter.stats();
    assertThat(after.requests() - before.requests()).isEqualTo(2);
    assertThat(after.status(202) - before.status(202)).isEqualTo(1);
    assertThat(after.status(400) - before.status(400)).isEqualTo(1);
    assertThat(after.accepted() - before.accepted()).isEqualTo(1);
  }
}
