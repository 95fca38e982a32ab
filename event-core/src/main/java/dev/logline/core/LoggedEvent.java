package dev.logline.core;

import dev.logline.schema.SchemaKey;
import dev.logline.schema.Violation;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.UUID;

/**
 * An event as the producer stamped it: every envelope field resolved, ready to be written as one
 * canonical line. This is the object {@link EventLogger} hands to SLF4J; its {@link #toString()}
 * is the canonical line, so any appender can write it, and Logline's appender writes it without
 * building the string.
 *
 * <p>It is also the {@link LogResult} of an accepted event: {@code log()} returns it as is.
 */
public final class LoggedEvent extends LogResult {
  private final SortedMap<String, Object> properties;
  private final Instant sentAt;
  private final Instant receivedAt;
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

  /** Takes the builder's values as they are now; keeps no reference to the (mutable) builder. */
  LoggedEvent(
      Event.Builder event,
      PropertyMap properties,
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
    this.properties = properties;
    this.sentAt = event.sentAt;
    this.receivedAt = event.receivedAt;
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

  @Override
  RuntimeException failure() {
    return null;
  }

  /** Always true: a stamped event was accepted. */
  @Override
  public boolean isAccepted() {
    return true;
  }

  /** This event. */
  @Override
  public LoggedEvent logged() {
    return this;
  }

  /** Null: accepted. */
  @Override
  public RejectReason reason() {
    return null;
  }

  /** Null: accepted. */
  @Override
  public String message() {
    return null;
  }

  /** Empty: accepted. */
  @Override
  public List<Violation> violations() {
    return List.of();
  }

  @Override
  public UUID eventId() {
    return new UUID(eventIdMsb, eventIdLsb);
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
    return schema.name(); // the same String object for every event of this name: the line writer's cache hits
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
    return sentAt;
  }

  public Instant receivedAt() {
    return receivedAt;
  }

  /**
   * {@code received_at - (sent_at - occurred_at)} in epoch millis, or {@link Long#MIN_VALUE} when
   * sent_at or received_at is unknown.
   */
  public long correctedAtMillis() {
    if (sentAt == null || receivedAt == null) {
      return Long.MIN_VALUE;
    }
    return receivedAt.toEpochMilli() - (sentAt.toEpochMilli() - occurredAtMillis);
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

  /** Unmodifiable, sorted by key. */
  public SortedMap<String, Object> properties() {
    return properties;
  }

  /** The canonical line, without the trailing newline. */
  @Override
  public String toString() {
    return CanonicalLineWriter.toLine(this);
  }
}
