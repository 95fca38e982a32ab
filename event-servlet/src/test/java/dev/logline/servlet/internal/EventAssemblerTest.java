package dev.logline.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logline.core.Event;
import dev.logline.servlet.IngestConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventAssemblerTest {
  private static String event(String page, String locale) {
    return "{\"event\":\"page_viewed\",\"anonymous_id\":\"a\",\"context\":{\"page_url\":\"" + page + "\",\"locale\":\""
        + locale + "\",\"library\":{\"name\":\"logline-js\",\"version\":\"0.1.0\"}},\"properties\":{\"k\":1}}";
  }

  private static List<Event> assemble(String body, EventAssembler.Enrichment server) throws IngestError {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    List<Event> events = new ArrayList<>();
    for (RawEvent raw : new BodyParser(IngestConfig.defaults()).parse(bytes, bytes.length)) {
      Event e = EventAssembler.assemble(raw, server, key -> { });
      assertThat(e).as("%s", raw.problems.isEmpty() ? "" : raw.problems.get(0).message).isNotNull();
      events.add(e);
    }
    return events;
  }

  @Test
  void eventsOfOneRequestWithTheSameContextShareOneContextObject() throws IngestError {
    EventAssembler.Enrichment server = new EventAssembler.Enrichment(Instant.parse("2026-11-27T08:00:00Z"), "web",
        "203.0.113.1", "Mozilla/5.0", "r-1", null);
    List<Event> events = assemble("[" + String.join(",", event("https://s.example/a", "de-DE"),
        event("https://s.example/a", "de-DE"), event("https://s.example/b", "de-DE"), event("https://s.example/b", "en"),
        event("https://s.example/b", "en")) + "]", server);
    assertThat(events.get(1).context()).isSameAs(events.get(0).context());
    assertThat(events.get(2).context()).isNotSameAs(events.get(1).context());
    assertThat(events.get(2).context().pageUrl()).isEqualTo("https://s.example/b");
    assertThat(events.get(3).context()).isNotSameAs(events.get(2).context());
    assertThat(events.get(3).context().locale()).isEqualTo("en");
    assertThat(events.get(4).context()).isSameAs(events.get(3).context());
    assertThat(events).allSatisfy(e -> {
      assertThat(e.context().ip()).isEqualTo("203.0.113.1");
      assertThat(e.context().requestId()).isEqualTo("r-1");
      assertThat(e.context().libraryName()).isEqualTo("logline-js");
    });
  }

  private static String withContext(String context) {
    return "{\"event\":\"page_viewed\",\"anonymous_id\":\"a\",\"context\":" + context + ",\"properties\":{\"k\":1}}";
  }

  @Test
  void aContextIsReusedOnlyWhenEveryFieldTheClientSentIsTheSame() throws IngestError {
    EventAssembler.Enrichment server = new EventAssembler.Enrichment(Instant.parse("2026-11-27T08:00:00Z"), "web",
        "203.0.113.1", "Mozilla/5.0", "r-1", null);
    String[] contexts = {
        "{}",
        "{\"page_url\":\"u\"}",
        "{\"page_url\":\"u\",\"page_referrer\":\"r\"}",
        "{\"page_url\":\"u\",\"page_referrer\":\"r\",\"library\":{\"name\":\"js\"}}",
        "{\"page_url\":\"u\",\"page_referrer\":\"r\",\"library\":{\"name\":\"js\",\"version\":\"1\"}}",
        "{\"page_url\":\"u\",\"page_referrer\":\"r\",\"library\":{\"name\":\"js\",\"version\":\"2\"}}",
        "{\"page_url\":\"u\",\"page_referrer\":\"r\",\"library\":{\"name\":\"js2\",\"version\":\"2\"}}",
        "{\"page_url\":\"u\",\"page_referrer\":\"r\",\"locale\":\"de\",\"library\":{\"name\":\"js2\",\"version\":\"2\"}}",
        "{\"page_url\":\"u\",\"page_referrer\":\"r\",\"locale\":\"de\",\"library\":{\"name\":\"js2\",\"version\":\"2\"}}",
        "{}",
    };
    StringBuilder body = new StringBuilder("[");
    for (String c : contexts) body.append(body.length() > 1 ? "," : "").append(withContext(c));
    List<Event> events = assemble(body.append("]").toString(), server);
    for (int i = 1; i < contexts.length; i++) {
      if (contexts[i].equals(contexts[i - 1])) {
        assertThat(events.get(i).context()).as("event %d", i).isSameAs(events.get(i - 1).context());
      } else {
        assertThat(events.get(i).context()).as("event %d", i).isNotEqualTo(events.get(i - 1).context());
      }
    }
    assertThat(events.get(0).context().pageUrl()).isNull();
    assertThat(events.get(3).context().libraryVersion()).isNull();
    assertThat(events.get(5).context().libraryVersion()).isEqualTo("2");
    assertThat(events.get(7).context().locale()).isEqualTo("de");
    assertThat(events.get(9).context()).isEqualTo(events.get(0).context());
    assertThat(events).allSatisfy(e -> assertThat(e.context().userAgent()).isEqualTo("Mozilla/5.0"));
  }
}
