package dev.logline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalLineWriterTest {

  private static LoggedEvent stamp(Event event) {
    EventLogger logger = Data.logger().build();
    LogResult result = logger.log(event);
    return result.logged();
  }

  private static String golden(String name) throws IOException {
    try (InputStream in = CanonicalLineWriterTest.class.getResourceAsStream("/golden/" + name)) {
      assertThat(in).as("golden file " + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static byte[] line(LoggedEvent event) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new CanonicalLineWriter(CanonicalLineWriter.DEFAULT_MAX_LINE_BYTES).writeLine(event, out);
    return out.toByteArray();
  }

  @Test
  void serverEventMatchesGoldenFileByteForByte() throws IOException {
    assertThat(new String(line(stamp(Data.checkout())), StandardCharsets.UTF_8)).isEqualTo(golden("checkout.jsonl"));
  }

  @Test
  void browserEventWithFullEnvelopeMatchesGoldenFile() throws IOException {
    assertThat(new String(line(stamp(Data.browserEvent())), StandardCharsets.UTF_8)).isEqualTo(golden("browser.jsonl"));
  }

  @Test
  void hostileStringsAreEscapedAndMatchGoldenFile() throws IOException {
    assertThat(new String(line(stamp(Data.hostileStrings())), StandardCharsets.UTF_8)).isEqualTo(golden("escaping.jsonl"));
  }

  @Test
  void eventsSharingAContextObjectAreWrittenAsIfEachWereWrittenAlone() throws IOException {
    EventContext shared = EventContext.builder().requestId("r-\"1\"").ip("203.0.113.9")
        .userAgent("Mozilla/5.0 \u2028 Grüße 🎉").pageUrl("https://shop.example/a?b=1&c=\\").locale("de-DE")
        .library("logline-js", "0.1.0").build();
    EventContext other = shared.toBuilder().pageUrl("https://shop.example/other").build();
    EventContext[] contexts = {shared, shared, other, shared, shared, shared, other, other, shared};
    CanonicalLineWriter writer = new CanonicalLineWriter(CanonicalLineWriter.DEFAULT_MAX_LINE_BYTES);
    for (int i = 0; i < contexts.length; i++) {
      LoggedEvent event = stamp(Data.browserEvent().toBuilder().context(contexts[i]).property("i", i).build());
      assertThat(event.context()).isSameAs(contexts[i]);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      writer.writeLine(event, out);
      assertThat(new String(out.toByteArray(), StandardCharsets.UTF_8)).as("line %d", i)
          .isEqualTo(new String(line(event), StandardCharsets.UTF_8))
          .contains(i == 2 || i > 5 && i < 8 ? "\"page_url\":\"https://shop.example/other\"" : "c=\\\\\"");
    }
  }

  @Test
  void aLineIsOneLineWhateverTheStringsHold() throws IOException {
    byte[] bytes = line(stamp(Data.hostileStrings()));
    for (int i = 0; i < bytes.length; i++) {
      if ((bytes[i] & 0xff) < 0x20) {
        assertThat(i).as("a raw control byte 0x%02x", bytes[i]).isEqualTo(bytes.length - 1);
      }
    }
    assertThat(bytes[bytes.length - 1]).isEqualTo((byte) '\n');
  }

  @Test
  void envelopeKeysComeInTheFixedOrder() throws IOException {
    List<String> keys = topLevelKeys(line(stamp(Data.browserEvent())));
    assertThat(keys).containsExactly(
        "envelope", "event_id", "event", "schema", "source", "occurred_at", "sent_at", "received_at",
        "corrected_at", "anonymous_id", "session_id", "producer", "context", "properties");
  }

  @Test
  void absentOptionalFieldsAreOmittedNotNull() throws IOException {
    String text = new String(line(stamp(Data.checkout())), StandardCharsets.UTF_8);
    assertThat(text).doesNotContain("null").doesNotContain("sent_at").doesNotContain("anonymous_id");
  }

  @Test
  void correctedAtIsReceivedMinusTheProducersClockSkew() {
    LoggedEvent e = stamp(Data.browserEvent());
    // occurred 08:15:30.123, sent 2 s later by the browser clock, received at 08:15:30.623 by the server clock
    assertThat(e.toString()).contains("\"corrected_at\":\"2026-11-27T08:15:28.623Z\"");
  }

  @Test
  void propertiesAndNestedObjectsAreSortedByKey() {
    String text = stamp(Data.browserEvent()).toString();
    String props = text.substring(text.indexOf("\"properties\""));
    assertThat(props).containsSubsequence("\"alpha\"", "\"count\"", "\"list\"", "\"nested\"", "\"price\"", "\"ratio\"", "\"when\"", "\"zeta\"");
    assertThat(props).contains("\"nested\":{\"a\":[\"x\",1,false],\"b\":2}");
  }

  @Test
  void aWriterThatHasSeenTheKeysAndNamesBeforeWritesTheSameBytes() throws IOException {
    // the second encode copies keys, names and producer fields from the writer's pre-encoded cache
    CanonicalLineWriter writer = new CanonicalLineWriter(CanonicalLineWriter.DEFAULT_MAX_LINE_BYTES);
    for (String golden : List.of("escaping.jsonl", "browser.jsonl", "checkout.jsonl")) {
      LoggedEvent e = stamp(golden.equals("escaping.jsonl") ? Data.hostileStrings()
          : golden.equals("browser.jsonl") ? Data.browserEvent() : Data.checkout());
      for (int round = 0; round < 3; round++) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeLine(e, out);
        assertThat(out.toString(StandardCharsets.UTF_8)).as("%s round %d", golden, round).isEqualTo(golden(golden));
      }
    }
  }

  @Test
  void sameEventGivesSameBytes() throws IOException {
    LoggedEvent e = stamp(Data.browserEvent());
    assertThat(line(e)).isEqualTo(line(e));
  }

  @Test
  void writerIsReusableAcrossEventsOfDifferentSizes() {
    CanonicalLineWriter writer = new CanonicalLineWriter(CanonicalLineWriter.DEFAULT_MAX_LINE_BYTES);
    LoggedEvent big = stamp(Data.browserEvent());
    LoggedEvent small = stamp(Data.checkout());
    int n1 = writer.encode(big);
    String first = new String(writer.buffer(), 0, n1, StandardCharsets.UTF_8);
    int n2 = writer.encode(small);
    assertThat(new String(writer.buffer(), 0, n2, StandardCharsets.UTF_8)).isEqualTo(small.toString());
    assertThat(first).isEqualTo(big.toString());
  }

  @Test
  void aLineOverTheLimitIsRefusedNamingTheLimitAndTheSetting() {
    Event huge = Data.checkout().toBuilder().eventId(null).build();
    LoggedEvent e = stamp(huge);
    CanonicalLineWriter writer = new CanonicalLineWriter(512);
    Event bigger = Event.builder("golden_case").userId("u").property("blob", "x".repeat(600)).build();
    LoggedEvent big = stamp(bigger);
    assertThatThrownBy(() -> writer.encode(big))
        .isInstanceOf(EventException.class)
        .hasMessageContaining("maxLineBytes=512")
        .hasMessageContaining("golden_case")
        .extracting(t -> ((EventException) t).kind()).isEqualTo(EventException.Kind.LINE_TOO_LONG);
    // the writer still works after a refusal
    assertThat(writer.encode(e)).isPositive();
  }

  @Test
  void everyLineIsValidJsonWithTheEnvelopeFields() throws IOException {
    Map<String, Object> parsed = new com.fasterxml.jackson.databind.ObjectMapper()
        .readValue(line(stamp(Data.checkout())), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
    assertThat(parsed).containsEntry("event", "checkout_completed").containsEntry("schema", "checkout_completed/1-0-0");
    assertThat(parsed.get("producer")).isEqualTo(Map.of("app", "shop", "host", "web-1", "instance", Data.INSTANCE, "seq", 1));
  }

  @Test
  void everyGoldenLineConformsToTheEnvelopeSchema() throws IOException {
    dev.logline.schema.SchemaRegistry registry = dev.logline.schema.SchemaRegistry.fromClasspath();
    for (Event event : List.of(Data.checkout(), Data.browserEvent(), Data.hostileStrings())) {
      Map<String, Object> parsed = new com.fasterxml.jackson.databind.ObjectMapper()
          .readValue(line(stamp(event)), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
      assertThat(registry.envelope().validate(parsed)).as(event.toString()).isEmpty();
    }
  }

  @Test
  void theEnvelopeSchemaWouldCatchABrokenLine() throws IOException {
    Map<String, Object> parsed = new java.util.HashMap<>(new com.fasterxml.jackson.databind.ObjectMapper()
        .readValue(line(stamp(Data.checkout())), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {}));
    parsed.remove("user_id");
    assertThat(dev.logline.schema.SchemaRegistry.fromClasspath().envelope().validate(parsed)).isNotEmpty();
  }

  private static List<String> topLevelKeys(byte[] json) throws IOException {
    List<String> keys = new ArrayList<>();
    try (JsonParser p = new JsonFactory().createParser(json)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        keys.add(p.currentName());
        p.nextToken();
        p.skipChildren();
      }
    }
    return keys;
  }
}
