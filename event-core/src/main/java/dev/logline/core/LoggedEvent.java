package dev.logline.core;

import dev.logline.schema.SchemaKey;
import java.time.Instant;
import java.util.SortedMap;
import java.util.UUID;

/**
 * An event as the producer stamped it: every envelope field resolved, ready to be written as one
 * canonical line. This is the object {@link EventLogger} hands to SLF4J; its {@link #toString()}
 * is the canonical line, so any appender can write it, and Logline's appender writes it without
 * building the string.
 */
public final class LoggedEvent {
  private final Event event;
  // The id as two longs: a generated id never becomes a UUID object unless someone asks for it.
  private final long eventIdMsb;
  private final long eventIdLsb;
  private final SchemaKey schema;
  private final String source;
  private final long occurredAtMillis;
  private final String userId;
  private final String anonymousId;
  private final String sessionId;
  private final EventContext context;
  private final Producer producer;
  private final long seq;

  LoggedEvent(
      Event event,
      long eventIdMsb,
      long eventIdLsb,
      SchemaKey schema,
      String source,
      long occurredAtMillis,
      String userId,
      String anonymousId,
      String sessionId,
      EventContext context,
      Producer producer,
      long seq) {
    this.event = event;
    this.eventIdMsb = eventIdMsb;
    this.eventIdLsb = eventIdLsb;
    this.schema = schema;
    this.source = source;
    this.occurredAtMillis = occurredAtMillis;
    this.userId = userId;
    this.anonymousId = anonymousId;
    this.sessionId = sessionId;
    this.context = context;
    this.producer = producer;
    this.seq = seq;
  }

  /** The event as the caller built it. */
  public Event event() {
    return event;
  }

  public UUID eventId() {
    UUID given = event.eventId();
    return given != null ? given : new UUID(eventIdMsb, eventIdLsb);
  }

  /** The most significant half of {@link #eventId()}. */
  public long eventIdMostSignificantBits() {
    return eventIdMsb;
  }

  /** The least significant half of {@link #eventId()}. */
  public long eventIdLeastSignificantBits() {
    return eventIdLsb;
  }

  public String name() {
    return event.name();
  }

  public SchemaKey schema() {
    return schema;
  }

  public String source() {
    return source;
  }

  public long occurredAtMillis() {
    return occurredAtMillis;
  }

  public Instant occurredAt() {
    return Instant.ofEpochMilli(occurredAtMillis);
  }

  public Instant sentAt() {
    return event.sentAt();
  }

  public Instant receivedAt() {
    return event.receivedAt();
  }

  /**
   * {@code received_at - (sent_at - occurred_at)} in epoch millis, or {@link Long#MIN_VALUE} when
   * sent_at or received_at is unknown.
   */
  public long correctedAtMillis() {
    Instant sent = event.sentAt();
    Instant received = event.receivedAt();
    if (sent == null || received == null) {
      return Long.MIN_VALUE;
    }
    return received.toEpochMilli() - (sent.toEpochMilli() - occurredAtMillis);
  }

  public String userId() {
    return userId;
  }

  public String anonymousId() {
    return anonymousId;
  }

  public String sessionId() {
    return sessionId;
  }

  /** The event's context merged with the request context it was logged in. */
  public EventContext context() {
    return context;
  }

  public Producer producer() {
    return producer;
  }

  public long seq() {
    return seq;
  }

  public SortedMap<String, Object> properties() {
    return event.properties();
  }

  /** The canonical line, without the trailing newline. */
  @Override
  public String toString() {
    return CanonicalLineWriter.toLine(this);
  }
}
