package dev.logline.servlet.internal;

import dev.logline.core.Event;
import dev.logline.core.EventContext;
import dev.logline.core.EventException;
import dev.logline.core.internal.Timestamps;
import dev.logline.core.internal.Uuids;
import dev.logline.schema.SchemaException;
import dev.logline.schema.SchemaVer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Turns a {@link RawEvent} into an {@link Event} with the server-owned fields filled in, or records
 * why it cannot. Keys the server owns are dropped and reported to {@code spoofed}; unknown keys
 * refuse the event.
 */
public final class EventAssembler {
  /** What the server stamps on every event of one request. */
  public static final class Enrichment {
    public final Instant receivedAt;
    public final String source;
    public final String ip;
    public final String userAgent;
    public final String requestId;
    public final String resolvedUserId;

    public Enrichment(Instant receivedAt, String source, String ip, String userAgent, String requestId,
        String resolvedUserId) {
      this.receivedAt = receivedAt;
      this.source = source;
      this.ip = ip;
      this.userAgent = userAgent;
      this.requestId = requestId;
      this.resolvedUserId = resolvedUserId;
    }
  }

  private EventAssembler() {}

  /** The event, or null with the reasons added to {@code raw.problems}. */
  public static Event assemble(RawEvent raw, Enrichment server, Consumer<String> spoofed) {
    String name = null;
    UUID eventId = null;
    SchemaVer schema = null;
    Instant occurredAt = null;
    Instant sentAt = null;
    String anonymousId = null;
    String sessionId = null;
    String userId = null;
    Map<?, ?> context = null;
    Map<?, ?> properties = null;
    for (Map.Entry<String, Object> e : raw.fields.entrySet()) {
      String key = e.getKey();
      Object v = e.getValue();
      Ptr ptr = new Ptr("", key);
      switch (key) {
        case "event":
          name = string(raw, ptr, v, true);
          break;
        case "event_id":
          eventId = uuid(raw, ptr, string(raw, ptr, v, false));
          break;
        case "schema":
          schema = schemaVer(raw, ptr, string(raw, ptr, v, false));
          break;
        case "occurred_at":
          occurredAt = instant(raw, ptr, string(raw, ptr, v, false));
          break;
        case "sent_at":
          sentAt = instant(raw, ptr, string(raw, ptr, v, false));
          break;
        case "anonymous_id":
          anonymousId = string(raw, ptr, v, false);
          break;
        case "session_id":
          sessionId = string(raw, ptr, v, false);
          break;
        case "user_id":
          userId = string(raw, ptr, v, false);
          break;
        case "context":
          context = object(raw, ptr, v);
          break;
        case "properties":
          properties = object(raw, ptr, v);
          break;
        case "received_at":
        case "corrected_at":
        case "producer":
        case "source":
        case "envelope":
          spoofed.accept(key);
          break;
        default:
          raw.problem(ptr.toString(), "unknown_key", "unknown key \"" + BodyParser.clip(key)
              + "\"; an event takes event_id, event, schema, occurred_at, sent_at, anonymous_id, session_id,"
              + " user_id, context, properties");
      }
    }
    if (name == null && !raw.fields.containsKey("event")) {
      raw.problem("", "required", "\"event\" (the event name) is required");
    }
    if (server.resolvedUserId != null) {
      if (userId != null && !userId.equals(server.resolvedUserId)) {
        spoofed.accept("user_id");
      }
      userId = server.resolvedUserId;
    }
    EventContext.Builder ctx = EventContext.builder()
        .ip(server.ip).userAgent(server.userAgent).requestId(server.requestId);
    if (context != null) {
      readContext(raw, context, ctx, spoofed);
    }
    if (properties != null && raw.sawNull) {
      findNulls(raw, "/properties", properties);
    }
    if (!raw.problems.isEmpty()) {
      return null;
    }
    try {
      Event.Builder b = Event.builder(name)
          .eventId(eventId)
          .schemaVersion(schema)
          .source(server.source)
          .occurredAt(occurredAt != null ? occurredAt : server.receivedAt)
          .sentAt(sentAt)
          .receivedAt(server.receivedAt)
          .userId(userId)
          .anonymousId(anonymousId)
          .sessionId(sessionId)
          .context(ctx.build());
      if (properties != null) {
        @SuppressWarnings("unchecked")
        Map<String, ?> props = (Map<String, ?>) properties;
        b.properties(props);
      }
      return b.build();
    } catch (EventException | SchemaException | IllegalArgumentException | NullPointerException e) {
      raw.problem(pointerOf(e), "invalid_value", BodyParser.clip(e.getMessage()));
      return null;
    }
  }

  private static String pointerOf(RuntimeException e) {
    String m = String.valueOf(e.getMessage());
    if (m.startsWith("event:")) return "/event";
    if (m.startsWith("occurred_at")) return "/occurred_at";
    if (m.startsWith("sent_at")) return "/sent_at";
    if (m.contains("SchemaVer") || m.contains("MODEL-REVISION-ADDITION")) return "/schema";
    return "";
  }

  private static void readContext(RawEvent raw, Map<?, ?> context, EventContext.Builder ctx, Consumer<String> spoofed) {
    String libraryName = null;
    String libraryVersion = null;
    for (Map.Entry<?, ?> e : context.entrySet()) {
      String key = (String) e.getKey();
      Ptr ptr = new Ptr("/context", key);
      Object v = e.getValue();
      switch (key) {
        case "page_url":
          ctx.pageUrl(string(raw, ptr, v, false));
          break;
        case "page_referrer":
          ctx.pageReferrer(string(raw, ptr, v, false));
          break;
        case "locale":
          ctx.locale(string(raw, ptr, v, false));
          break;
        case "library": {
          Map<?, ?> lib = object(raw, ptr, v);
          if (lib != null) {
            for (Map.Entry<?, ?> l : lib.entrySet()) {
              String lk = (String) l.getKey();
              if (lk.equals("name")) {
                libraryName = string(raw, new Ptr("/context/library", "name"), l.getValue(), false);
              } else if (lk.equals("version")) {
                libraryVersion = string(raw, new Ptr("/context/library", "version"), l.getValue(), false);
              } else {
                raw.problem("/context/library/" + BodyParser.escape(lk), "unknown_key",
                    "unknown key \"" + BodyParser.clip(lk) + "\"; library takes name, version");
              }
            }
          }
          break;
        }
        case "ip":
        case "user_agent":
        case "request_id":
          spoofed.accept("context." + key);
          break;
        default:
          raw.problem(ptr.toString(), "unknown_key", "unknown key \"" + BodyParser.clip(key)
              + "\"; context takes page_url, page_referrer, locale, library");
      }
    }
    if (libraryName != null) {
      ctx.library(libraryName, libraryVersion);
    } else if (libraryVersion != null) {
      raw.problem("/context/library/name", "required", "library.version needs library.name");
    }
  }

  private static void findNulls(RawEvent raw, String pointer, Object value) {
    // Nulls are rare: look first, build pointers only on the way to one.
    if (!containsNull(value)) {
      return;
    }
    if (value == RawEvent.NULL) {
      raw.problem(pointer, "type", "null is not a property value; omit the key instead");
    } else if (value instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        findNulls(raw, pointer + "/" + BodyParser.escape((String) e.getKey()), e.getValue());
      }
    } else if (value instanceof List) {
      List<?> list = (List<?>) value;
      for (int i = 0; i < list.size(); i++) {
        findNulls(raw, pointer + "/" + i, list.get(i));
      }
    }
  }

  private static boolean containsNull(Object value) {
    if (value == RawEvent.NULL) {
      return true;
    }
    if (value instanceof Map) {
      for (Object v : ((Map<?, ?>) value).values()) {
        if (containsNull(v)) return true;
      }
    } else if (value instanceof List) {
      List<?> list = (List<?>) value;
      for (int i = 0, n = list.size(); i < n; i++) {
        if (containsNull(list.get(i))) return true;
      }
    }
    return false;
  }

  /** A JSON pointer built only when a problem needs it. */
  private static final class Ptr {
    private final String parent;
    private final String key;

    Ptr(String parent, String key) {
      this.parent = parent;
      this.key = key;
    }

    @Override
    public String toString() {
      return parent + "/" + BodyParser.escape(key);
    }
  }

  private static String string(RawEvent raw, Ptr ptr, Object v, boolean required) {
    if (v instanceof String) {
      return (String) v;
    }
    if (v == RawEvent.NULL && !required) {
      return null;
    }
    raw.problem(ptr.toString(), "type", "expected a string, found " + typeOf(v));
    return null;
  }

  private static Map<?, ?> object(RawEvent raw, Ptr ptr, Object v) {
    if (v instanceof Map) {
      return (Map<?, ?>) v;
    }
    if (v == RawEvent.NULL) {
      return null;
    }
    raw.problem(ptr.toString(), "type", "expected an object, found " + typeOf(v));
    return null;
  }

  private static UUID uuid(RawEvent raw, Ptr ptr, String s) {
    if (s == null) return null;
    UUID id = Uuids.parse(s);
    if (id != null) return id;
    raw.problem(ptr.toString(), "format", "expected a UUID (36 chars, 8-4-4-4-12 hex), found \"" + BodyParser.clip(s) + "\"");
    return null;
  }

  private static SchemaVer schemaVer(RawEvent raw, Ptr ptr, String s) {
    if (s == null) return null;
    try {
      return SchemaVer.parse(s);
    } catch (RuntimeException e) {
      raw.problem(ptr.toString(), "format", "expected a schema version MODEL-REVISION-ADDITION like 1-0-0, found \""
          + BodyParser.clip(s) + "\"");
      return null;
    }
  }

  private static Instant instant(RawEvent raw, Ptr ptr, String s) {
    if (s == null) return null;
    long utc = Timestamps.parseUtc(s); // the tracker's toISOString() form, without java.time's garbage
    if (utc != Long.MIN_VALUE) return Instant.ofEpochMilli(utc);
    try {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(s, Instant::from);
    } catch (DateTimeException e) {
      raw.problem(ptr.toString(), "format",
          "expected an RFC 3339 timestamp like 2026-11-27T08:15:30.123Z, found \"" + BodyParser.clip(s) + "\"");
      return null;
    }
  }

  private static String typeOf(Object v) {
    if (v == RawEvent.NULL) return "null";
    if (v instanceof String) return "a string";
    if (v instanceof Map) return "an object";
    if (v instanceof List) return "an array";
    if (v instanceof Boolean) return "a boolean";
    return "a number";
  }
}
