package dev.logline.servlet.internal;

import dev.logline.schema.SchemaVer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * One element of a request body as read by {@link BodyParser}: the envelope's values already typed, the properties in
 * body order, and the problems that refuse it. {@link EventAssembler} turns it into an Event.
 */
public final class RawEvent {
  /** JSON {@code null} inside a nested property value; kept apart from Java null so it can be named and refused. */
  public static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };
  private static final int MAX_PROBLEMS = 10; // a body full of problems must not make a huge response

  // Where the element is in the body: a dead letter keeps the bytes the client sent, not a re-serialization.
  private final byte[] body;
  final int start;
  int end;

  boolean hasName;
  String name;
  String eventIdText;
  UUID eventId;
  SchemaVer schema;
  Instant occurredAt;
  Instant sentAt;
  String anonymousId;
  String sessionId;
  String userId;
  String pageUrl;
  String pageReferrer;
  String locale;
  String libraryName;
  String libraryVersion;
  /** Server-owned keys the client sent (e.g. {@code received_at}, {@code context.ip}); null when none. */
  List<String> spoofed;
  /** Key, value, key, value, ... in body order; values are String, Long, Double, BigDecimal, Boolean, Map, List. */
  Object[] properties;
  int propertySize;
  /** Values counted against maxPropertyCount: everything inside properties and context. */
  int valueCount;
  /** JSON nulls read so far, anywhere in the element. */
  int nulls;

  /** Problems found while reading or assembling; the event is refused when not empty. */
  public final List<Problem> problems = new ArrayList<>(0);

  RawEvent(byte[] body, int start) {
    this.body = body;
    this.start = start;
    this.end = start;
  }

  /** The {@code event_id} as sent when it was a string (a valid one in canonical form), else null. */
  public String eventIdText() {
    if (eventIdText == null && eventId != null) {
      return eventId.toString(); // the canonical lower-case form, as the line writer writes it
    }
    return eventIdText;
  }

  /**
   * The element as the client sent it, on one line: JSON whitespace between tokens may hold line breaks, strings
   * cannot (the body parsed), so replacing them keeps the JSON intact.
   */
  public String rawJson() {
    byte[] copy = Arrays.copyOfRange(body, start, Math.max(start, end));
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] == '\n' || copy[i] == '\r') copy[i] = ' ';
    }
    return new String(copy, StandardCharsets.UTF_8);
  }

  public void problem(String pointer, String keyword, String message) {
    if (problems.size() < MAX_PROBLEMS) {
      problems.add(new Problem(pointer, keyword, message));
    }
  }

  void spoof(String key) {
    if (spoofed == null) spoofed = new ArrayList<>(2);
    spoofed.add(key);
  }

  void addProperty(String key, Object value) {
    if (properties == null) {
      properties = new Object[2 * 12];
    } else if (2 * propertySize == properties.length) {
      properties = Arrays.copyOf(properties, 2 * properties.length);
    }
    properties[2 * propertySize] = key;
    properties[2 * propertySize + 1] = value;
    propertySize++;
  }

  /** One reason an event is refused, with an RFC 6901 pointer into the event object. */
  public static final class Problem {
    public final String pointer;
    public final String keyword;
    public final String message;

    public Problem(String pointer, String keyword, String message) {
      this.pointer = pointer;
      this.keyword = keyword;
      this.message = message;
    }
  }
}
