package dev.logline.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logline.servlet.IngestConfig;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BodyParserTest {
  private final BodyParser parser = new BodyParser(IngestConfig.defaults());

  private RawEvent parseOne(String json) throws IngestError {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    List<RawEvent> events = parser.parse(body, body.length);
    assertThat(events).hasSize(1);
    return events.get(0);
  }

  private static String event(String name) {
    return "{\"event\":\"" + name + "\",\"schema\":\"1-0-0\",\"anonymous_id\":\"a\","
        + "\"context\":{\"library\":{\"name\":\"logline-js\",\"version\":\"0.1.0\"}},\"properties\":{\"k\":\"v\"}}";
  }

  @Test
  void recurringValuesOfSeparateRequestsAreOneStringObject() throws IngestError {
    RawEvent first = parseOne(event("page_viewed"));
    RawEvent second = parseOne(event("page_viewed"));
    assertThat(second.name).isEqualTo("page_viewed").isSameAs(first.name);
    assertThat(second.schema.toString()).isSameAs(first.schema.toString());
    assertThat(second.libraryName).isEqualTo("logline-js").isSameAs(first.libraryName);
    assertThat(second.libraryVersion).isEqualTo("0.1.0").isSameAs(first.libraryVersion);
    // values that are not kept stay distinct objects
    assertThat(second.properties[1]).isEqualTo("v").isNotSameAs(first.properties[1]);
    assertThat(second.anonymousId).isEqualTo("a").isNotSameAs(first.anonymousId);
  }

  private static String event(String name, String schema, String library, String version) {
    return "{\"event\":\"" + name + "\",\"schema\":\"" + schema + "\","
        + "\"context\":{\"library\":{\"name\":\"" + library + "\",\"version\":\"" + version + "\"}}}";
  }

  @Test
  void eachEventOfABatchKeepsItsOwnValuesWhenTheyChangeFromEventToEvent() throws IngestError {
    // the same length, one character apart: the previous event's value must not be taken for this one
    String[][] events = {
        {"page_viewed", "1-0-0", "logline-js", "0.1.0"},
        {"page_viewed", "1-0-0", "logline-js", "0.1.0"},
        {"page_viewes", "2-1-0", "logline-jt", "0.1.1"},
        {"page_viewed", "1-0-0", "logline-js", "0.1.0"},
        {"page_viewed", "1-0-1", "logline-js", "0.1.0"},
    };
    StringBuilder body = new StringBuilder("[");
    for (String[] e : events) {
      body.append(body.length() > 1 ? "," : "").append(event(e[0], e[1], e[2], e[3]));
    }
    byte[] bytes = body.append("]").toString().getBytes(StandardCharsets.UTF_8);
    List<RawEvent> parsed = parser.parse(bytes, bytes.length);

    assertThat(parsed).hasSize(events.length);
    for (int i = 0; i < events.length; i++) {
      RawEvent e = parsed.get(i);
      assertThat(e.problems).isEmpty();
      assertThat(new String[] {e.name, e.schema.toString(), e.libraryName, e.libraryVersion})
          .as("event %d", i).containsExactly(events[i]);
    }
    assertThat(parsed.get(3).name).isSameAs(parsed.get(0).name);
    assertThat(parsed.get(3).libraryName).isSameAs(parsed.get(1).libraryName);
    assertThat(parsed.get(3).schema).isEqualTo(parsed.get(0).schema);
  }

  @Test
  void aFloodOfDistinctNamesStopsBeingKeptButStillParses() throws IngestError {
    for (int i = 0; i < BodyParser.MAX_RECURRING + 10; i++) {
      assertThat(parseOne(event("flood_" + i)).name).isEqualTo("flood_" + i);
    }
    RawEvent late = parseOne(event("late_name"));
    RawEvent again = parseOne(event("late_name"));
    assertThat(again.name).isEqualTo("late_name").isNotSameAs(late.name);
  }

  @Test
  void longValuesAreNotKept() throws IngestError {
    String name = "n".repeat(BodyParser.MAX_RECURRING_LENGTH + 1);
    assertThat(parseOne(event(name)).name).isEqualTo(name).isNotSameAs(parseOne(event(name)).name);
  }

  private static final String ID = "0192f3a4-5b6c-7d8e-9f01-23456789abcd";
  private static final String TIME = "2026-11-27T08:15:30.123Z";

  private static String timed(String id, String occurredAt) {
    return "{\"event\":\"e\",\"schema\":\"1-0-0\",\"event_id\":\"" + id + "\",\"occurred_at\":\"" + occurredAt
        + "\",\"sent_at\":\"" + TIME + "\"}";
  }

  @Test
  void idsAndTimestampsReadInPlaceEqualWhatJacksonDecodes() throws IngestError {
    RawEvent plain = parseOne(timed(ID, TIME));
    assertThat(plain.problems).isEmpty();
    assertThat(plain.eventId).hasToString(ID);
    assertThat(plain.occurredAt).hasToString(TIME);
    assertThat(plain.sentAt).hasToString(TIME);
    // the same values spelled with escapes are read through Jackson, and mean the same
    RawEvent escaped = parseOne(timed(ID.replace("-", "\\u002d"), TIME.replace("T", "\\u0054")));
    assertThat(escaped.problems).isEmpty();
    assertThat(escaped.eventId).isEqualTo(plain.eventId);
    assertThat(escaped.occurredAt).isEqualTo(plain.occurredAt);
    // an escaped quote right after the value's text must not end it early
    RawEvent quoted = parseOne(timed(ID, TIME + "\\\""));
    assertThat(quoted.occurredAt).isNull();
    assertThat(quoted.problems).singleElement().satisfies(p -> {
      assertThat(p.pointer).isEqualTo("/occurred_at");
      assertThat(p.message).contains("found \"" + TIME + "\"\"");
    });
  }

  @Test
  void aValueThatIsNotAsciiOrTooLongForTheInPlaceViewIsStillReadWhole() throws IngestError {
    // é (two bytes in UTF-8) must not be taken for two chars, and a 36-char id must not match a 37-byte token
    RawEvent accented = parseOne(timed(ID.substring(0, 35) + "\u00e9", TIME));
    assertThat(accented.eventId).isNull();
    assertThat(accented.problems).singleElement().satisfies(p -> assertThat(p.message).contains("\u00e9"));
    String longTime = "2026-11-27T08:15:30." + "1".repeat(70) + "Z";
    RawEvent longer = parseOne(timed(ID, longTime));
    assertThat(longer.occurredAt).isNull();
    assertThat(longer.problems).singleElement().satisfies(p -> assertThat(p.pointer).isEqualTo("/occurred_at"));
  }

  @Test
  void aControlCharacterInsideAnIdIsStillRefusedByTheJsonParser() {
    byte[] body = timed(ID.substring(0, 10) + "\t" + ID.substring(11), TIME).getBytes(StandardCharsets.UTF_8);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parser.parse(body, body.length))
        .isInstanceOf(IngestError.class);
  }

  @Test
  void aBodyCutInsideAStringIsRefusedEvenWhenTheBufferGoesOn() {
    // the buffer holds a whole event, but the body given ends inside the id: bytes past it must not complete it
    byte[] buffer = timed(ID, TIME).getBytes(StandardCharsets.UTF_8);
    int cut = new String(buffer, StandardCharsets.UTF_8).indexOf(ID) + 10;
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> parser.parse(buffer, cut))
        .isInstanceOf(IngestError.class);
  }

  @Test
  void aRecurringNameSpelledWithAnEscapeIsTheSameName() throws IngestError {
    RawEvent first = parseOne(event("page_viewed"));
    RawEvent escaped = parseOne(event("page\\u005fviewed"));
    RawEvent changed = parseOne(event("page_viewes"));
    assertThat(escaped.name).isEqualTo("page_viewed").isSameAs(first.name);
    assertThat(changed.name).isEqualTo("page_viewes");
  }
}
