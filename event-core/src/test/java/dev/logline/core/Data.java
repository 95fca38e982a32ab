package dev.logline.core;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Shared fixtures: fixed ids, clocks and events whose canonical lines are golden files. */
public final class Data {
  public static final Instant T0 = Instant.parse("2026-11-27T08:15:30.123Z");
  public static final Clock FIXED_CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
  public static final UUID ID_1 = UUID.fromString("0192f3c1-7a2b-7c3d-8e4f-5a6b7c8d9e0f");
  public static final String INSTANCE = "0192f3c0-0000-7000-8000-000000000001";

  private Data() {}

  /** A fresh producer, so seq starts at 1 in every test. */
  public static Producer producer() {
    return Producer.of("shop", "web-1", INSTANCE);
  }

  public static EventLogger.Builder logger() {
    return EventLogger.builder().producer(producer()).clock(FIXED_CLOCK).mode(ValidationMode.STRICT);
  }

  /** A server-side checkout with every kind of property value. */
  public static Event checkout() {
    return Event.builder("checkout_completed")
        .eventId(ID_1)
        .schemaVersion("1-0-0")
        .occurredAt(T0)
        .userId("u-42")
        .sessionId("s-7")
        .context(EventContext.builder().requestId("r-9").build())
        .property("order_id", "o-1")
        .property("amount", 12.5)
        .property("currency", "EUR")
        .property("items", 3)
        .build();
  }

  /** A browser event with the full envelope and nested properties. */
  public static Event browserEvent() {
    return Event.builder("golden_case")
        .eventId(ID_1)
        .source("web")
        .occurredAt(T0)
        .sentAt(T0.plusMillis(2_000))
        .receivedAt(T0.plusMillis(500))
        .anonymousId("a-1")
        .sessionId("s-1")
        .context(EventContext.builder()
            .requestId("r-1")
            .ip("203.0.113.0")
            .userAgent("Mozilla/5.0 (X11; Linux x86_64)")
            .pageUrl("https://shop.example/cart?x=1&y=2")
            .pageReferrer("https://shop.example/")
            .locale("de-DE")
            .library("logline-js", "0.1.0")
            .build())
        .property("zeta", "last")
        .property("alpha", true)
        .property("count", 42L)
        .property("ratio", 0.1)
        .property("price", new BigDecimal("19.90"))
        .property("when", Instant.parse("2026-01-02T03:04:05.006Z"))
        .property("nested", Map.of("b", 2, "a", List.of("x", 1, false)))
        .property("list", List.of(Map.of("k", "v")))
        .build();
  }

  /** Values that must be escaped to keep one line per event. */
  public static Event hostileStrings() {
    return Event.builder("golden_case")
        .eventId(ID_1)
        .occurredAt(T0)
        .userId("u\"1\\")
        .property("newline", "a\nb\r\nc")
        .property("controls", "\u0000\u0001\u001f\t\b\f")
        .property("unicode", "Grüße 🎉 日本")
        .property("separators", "\u2028\u2029")
        .property("html", "</script><b>")
        .build();
  }
}
