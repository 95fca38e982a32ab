package dev.logline.warehouse.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineParserTest {
  private static final String LINE = "{\"envelope\":\"1-0-0\",\"event_id\":\"0192f3c1-7a2b-7c3d-8e4f-5a6b7c8d9e0f\","
      + "\"event\":\"checkout_completed\",\"schema\":\"checkout_completed/1-0-0\",\"source\":\"server\","
      + "\"occurred_at\":\"2026-11-27T08:15:30.123Z\",\"user_id\":\"u-42\",\"producer\":{\"app\":\"shop\","
      + "\"host\":\"web-1\",\"instance\":\"0192f3c0-0000-7000-8000-000000000001\",\"seq\":17},"
      + "\"context\":{\"request_id\":\"r-9\",\"library\":{\"name\":\"logline-java\",\"version\":\"0.1.0\"}},"
      + "\"properties\":{\"amount\":12.5,\"currency\":\"EUR\",\"order_id\":\"o-1\",\"note\":\"caf\u00e9 \\\"x\\\"\"}}";

  private final LineParser parser = new LineParser();

  private EventRow parse(String line) throws LineParser.BadLineException {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    return parser.parse(b, b.length);
  }

  @Test
  void pullsTheEnvelopeAndCopiesContextAndPropertiesAsJsonText() throws Exception {
    EventRow r = parse(LINE);

    assertThat(r.eventId).isEqualTo("0192f3c1-7a2b-7c3d-8e4f-5a6b7c8d9e0f");
    assertThat(r.event).isEqualTo("checkout_completed");
    assertThat(r.schema).isEqualTo("checkout_completed/1-0-0");
    assertThat(r.source).isEqualTo("server");
    assertThat(r.occurredAt).isEqualTo("2026-11-27T08:15:30.123Z");
    assertThat(r.sentAt).isNull();
    assertThat(r.userId).isEqualTo("u-42");
    assertThat(r.anonymousId).isNull();
    assertThat(r.producerApp).isEqualTo("shop");
    assertThat(r.producerHost).isEqualTo("web-1");
    assertThat(r.producerInstance).isEqualTo("0192f3c0-0000-7000-8000-000000000001");
    assertThat(r.seq).isEqualTo(17);
    assertThat(r.context).isEqualTo("{\"request_id\":\"r-9\",\"library\":{\"name\":\"logline-java\",\"version\":\"0.1.0\"}}");
    assertThat(r.properties).isEqualTo("{\"amount\":12.5,\"currency\":\"EUR\",\"order_id\":\"o-1\",\"note\":\"caf\u00e9 \\\"x\\\"\"}");
  }

  @Test
  void theReusedRowForgetsTheFieldsOfThePreviousLine() throws Exception {
    parse(LINE);
    EventRow r = parse(LINE.replace("\"user_id\":\"u-42\",", "\"anonymous_id\":\"a-1\",")
        .replace("\"context\":{\"request_id\":\"r-9\",\"library\":{\"name\":\"logline-java\",\"version\":\"0.1.0\"}},", ""));
    assertThat(r.userId).isNull();
    assertThat(r.anonymousId).isEqualTo("a-1");
    assertThat(r.context).isNull();
  }

  @Test
  void namesWhatIsWrongWithALine() {
    assertThatThrownBy(() -> parse("[1]")).hasMessage("not a JSON object");
    assertThatThrownBy(() -> parse("{\"envelope\":\"1-0-0\"")).hasMessageStartingWith("malformed JSON: ");
    assertThatThrownBy(() -> parse(LINE + "{}")).hasMessage("trailing content after the JSON object");
    assertThatThrownBy(() -> parse(LINE.replace("\"envelope\":\"1-0-0\",", ""))).hasMessage("missing 'envelope'");
    assertThatThrownBy(() -> parse(LINE.replace("\"envelope\":\"1-0-0\"", "\"envelope\":\"2-0-0\"")))
        .hasMessage("unsupported envelope 2-0-0 (this loader reads 1-x-x)");
    assertThatThrownBy(() -> parse(LINE.replace("0192f3c1-7a2b-7c3d-8e4f-5a6b7c8d9e0f", "not-a-uuid")))
        .hasMessage("'event_id' is not a UUID: not-a-uuid");
    assertThatThrownBy(() -> parse(LINE.replace("2026-11-27T08:15:30.123Z", "2026-11-27 08:15:30")))
        .hasMessage("'occurred_at' is not an RFC 3339 UTC timestamp: 2026-11-27 08:15:30");
    assertThatThrownBy(() -> parse(LINE.replace("\"seq\":17", "\"seq\":\"17\"")))
        .hasMessage("'producer.seq' is not an integer");
    assertThatThrownBy(() -> parse(LINE.replace(",\"seq\":17", ""))).hasMessage("missing 'producer.seq'");
    assertThatThrownBy(() -> parse(LINE.replace("\"properties\":{", "\"props\":{")))
        .hasMessage("missing 'properties'");
  }

  @Test
  void timestampShapes() {
    assertThat(LineParser.isTimestamp("2026-11-27T08:15:30.123Z")).isTrue();
    assertThat(LineParser.isTimestamp("2026-11-27T08:15:30Z")).isTrue();
    assertThat(LineParser.isTimestamp("2026-11-27T08:15:30.123456Z")).isTrue();
    assertThat(LineParser.isTimestamp("2026-11-27T08:15:30.Z")).isFalse();
    assertThat(LineParser.isTimestamp("2026-11-27T08:15:30.123+01:00")).isFalse();
    assertThat(LineParser.isTimestamp("2026-11-27t08:15:30.123Z")).isFalse();
  }
}
