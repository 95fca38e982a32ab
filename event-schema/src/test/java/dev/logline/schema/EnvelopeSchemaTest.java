package dev.logline.schema;

import static dev.logline.schema.Data.REGISTRY;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

class EnvelopeSchemaTest {
  private final EventSchema envelope = REGISTRY.envelope();

  private static Map<String, Object> example() {
    return Data.json(Data.FORMAT_EXAMPLE);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Map<String, Object> parent, String key) {
    return (Map<String, Object>) parent.get(key);
  }

  @Test
  void fixtureIsTheLineOfFormatMd() throws IOException {
    // tests run in the module directory; docs/ is the repository's
    assertThat(Files.readString(Path.of("../docs/FORMAT.md"))).contains("\n" + Data.FORMAT_EXAMPLE + "\n");
  }

  @Test
  void acceptsTheFormatMdExample() {
    assertThat(envelope.validate(example())).isEmpty();
    assertThat(envelope.validate(new JSONObject(Data.FORMAT_EXAMPLE))).isEmpty();
    assertThat(REGISTRY.validate(SchemaKey.parse((String) example().get("schema")), example().get("properties")))
        .isEmpty();
  }

  @Test
  void acceptsAnAnonymousBrowserEventWithAllTimestamps() {
    Map<String, Object> e = example();
    e.remove("user_id");
    e.remove("context");
    e.put("anonymous_id", "a-1");
    e.put("session_id", "s-1");
    e.put("source", "web");
    e.put("sent_at", "2026-11-27T08:15:31.000Z");
    e.put("received_at", "2026-11-27T08:15:32.500Z");
    e.put("corrected_at", "2026-11-27T08:15:31.623Z");
    assertThat(envelope.validate(e)).isEmpty();
  }

  @Test
  void rejectsNeitherUserIdNorAnonymousId() {
    Map<String, Object> e = example();
    e.remove("user_id");
    assertThat(envelope.validate(e)).singleElement().satisfies(v -> {
      assertThat(v.pointer()).isEmpty();
      assertThat(v.keyword()).isEqualTo("anyOf");
      assertThat(v.message()).isEqualTo("(root): expected any of: (1) /user_id: required property is missing; "
          + "(2) /anonymous_id: required property is missing");
    });
  }

  @Test
  void rejectsABadEventId() {
    Map<String, Object> e = example();
    e.put("event_id", "0192F3C1-7A2B-7C3D-8E4F-5A6B7C8D9E0F");
    assertThat(envelope.validate(e)).containsExactly(Violation.of("/event_id", "pattern",
        "/event_id: expected a string matching ^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$, "
            + "found \"0192F3C1-7A2B-7C3D-8E4F-5A6B7C8D9E0F\"", "\"0192F3C1-7A2B-7C3D-8E4F-5A6B7C8D9E0F\""));
  }

  @Test
  void rejectsATimestampWithoutMillis() {
    Map<String, Object> e = example();
    e.put("occurred_at", "2026-11-27T08:15:30Z");
    assertThat(envelope.validate(e)).extracting(Violation::pointer, Violation::keyword, Violation::value)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("/occurred_at", "pattern", "\"2026-11-27T08:15:30Z\""));
  }

  @Test
  void rejectsAnImpossibleDate() {
    Map<String, Object> e = example();
    e.put("occurred_at", "2026-13-27T08:15:30.123Z");
    assertThat(envelope.validate(e)).extracting(Violation::pointer, Violation::keyword)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("/occurred_at", "format"));
  }

  @Test
  void rejectsAnExtraTopLevelKey() {
    Map<String, Object> e = example();
    e.put("timestamp", "2026-11-27T08:15:30.123Z");
    assertThat(envelope.validate(e)).containsExactly(Violation.of("/timestamp", "additionalProperties",
        "/timestamp: property is not allowed (additionalProperties is false), found \"2026-11-27T08:15:30.123Z\"",
        "\"2026-11-27T08:15:30.123Z\""));
  }

  @Test
  void rejectsAnExtraProducerKeyAndASeqBelowOne() {
    Map<String, Object> e = example();
    object(e, "producer").put("pid", 42);
    object(e, "producer").put("seq", 0);
    assertThat(envelope.validate(e)).extracting(Violation::pointer, Violation::keyword).containsExactly(
        org.assertj.core.groups.Tuple.tuple("/producer/pid", "additionalProperties"),
        org.assertj.core.groups.Tuple.tuple("/producer/seq", "minimum"));
  }

  @Test
  void rejectsAnEmptyContextAndAnUnknownContextKey() {
    Map<String, Object> e = example();
    e.put("context", Map.of());
    assertThat(envelope.validate(e)).extracting(Violation::keyword).containsExactly("minProperties");
    e.put("context", Map.of("referer", "x"));
    assertThat(envelope.validate(e)).extracting(Violation::pointer).containsExactly("/context/referer");
  }

  @Test
  void rejectsAMissingRequiredKeyAndABadSchemaKey() {
    Map<String, Object> e = example();
    e.remove("properties");
    e.put("schema", "checkout_completed/1.0.0");
    e.put("envelope", "1-0-1");
    assertThat(envelope.validate(e)).extracting(Violation::pointer, Violation::keyword).containsExactly(
        org.assertj.core.groups.Tuple.tuple("/envelope", "const"),
        org.assertj.core.groups.Tuple.tuple("/properties", "required"),
        org.assertj.core.groups.Tuple.tuple("/schema", "pattern"));
  }
}
