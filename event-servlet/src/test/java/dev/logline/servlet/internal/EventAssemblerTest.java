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
}
