package dev.logline.servlet;

import java.util.UUID;

/** Well-formed browser payloads to build test bodies from. */
final class Bodies {
  private Bodies() {}

  static String uuid() {
    return UUID.randomUUID().toString();
  }

  /** A valid page_viewed event with the given id. */
  static String pageViewed(String eventId) {
    return event(eventId, "page_viewed", "{\"url\":\"https://shop.example/p/1\",\"title\":\"P1\"}", "");
  }

  /** A valid checkout_completed event, pinned to 1-0-1. */
  static String checkout(String eventId, String amount) {
    return event(eventId, "checkout_completed",
        "{\"order_id\":\"o-1\",\"amount\":" + amount + ",\"currency\":\"EUR\"}", ",\"schema\":\"1-0-1\"");
  }

  static String event(String eventId, String name, String properties, String extra) {
    return "{\"event_id\":\"" + eventId + "\",\"event\":\"" + name + "\""
        + ",\"occurred_at\":\"2026-11-27T08:00:00.000Z\",\"sent_at\":\"2026-11-27T08:00:01.500Z\""
        + ",\"anonymous_id\":\"anon-1\",\"session_id\":\"sess-1\""
        + ",\"context\":{\"page_url\":\"https://shop.example/p/1\",\"locale\":\"en-GB\","
        + "\"library\":{\"name\":\"logline-js\",\"version\":\"0.1.0\"}}"
        + ",\"properties\":" + properties + extra + "}";
  }

  static String batch(String... events) {
    return "{\"batch\":[" + String.join(",", events) + "]}";
  }
}
