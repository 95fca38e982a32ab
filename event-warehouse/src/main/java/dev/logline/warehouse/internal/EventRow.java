package dev.logline.warehouse.internal;

/**
 * One canonical line pulled apart into the columns of {@code logline_events}. Mutable and reused
 * line after line by {@link LineParser}, so reading a file allocates little more than the strings.
 * Timestamps stay as their RFC 3339 text: both warehouses cast it exactly, and no Java round trip
 * through {@code Instant} can change it.
 */
public final class EventRow {
  public String eventId;
  public String event;
  public String schema;
  public String source;
  public String occurredAt;
  public String sentAt;
  public String receivedAt;
  public String correctedAt;
  public String userId;
  public String anonymousId;
  public String sessionId;
  public String producerApp;
  public String producerHost;
  public String producerInstance;
  public long seq;
  /** Raw JSON text of the {@code context} object, or null when absent. */
  public String context;
  /** Raw JSON text of the {@code properties} object. */
  public String properties;

  void clear() {
    eventId = event = schema = source = occurredAt = sentAt = receivedAt = correctedAt = null;
    userId = anonymousId = sessionId = producerApp = producerHost = producerInstance = null;
    context = properties = null;
    seq = 0;
  }
}
