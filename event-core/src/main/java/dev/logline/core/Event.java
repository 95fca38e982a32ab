package dev.logline.core;

import dev.logline.schema.SchemaVer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.UUID;

/**
 * One analytics event: envelope fields plus schema-validated properties. Immutable; build one with
 * {@link #builder(String)} or {@link EventLogger#event(String)}.
 *
 * <p>Fields the producer stamps when it logs ({@code event_id}, {@code occurred_at}, the schema
 * version, {@code source}, the producer and its {@code seq}) may be left unset here.
 */
public final class Event {
  private final UUID eventId;
  private final String name;
  private final SchemaVer schemaVersion;
  private final String source;
  private final Instant occurredAt;
  private final Instant sentAt;
  private final Instant receivedAt;
  private final String userId;
  private final String anonymousId;
  private final String sessionId;
  private final EventContext context;
  private final SortedMap<String, Object> properties;

  private Event(Builder builder) {
    this.eventId = builder.eventId;
    this.name = builder.name;
    this.schemaVersion = builder.schemaVersion;
    this.source = builder.source;
    this.occurredAt = builder.occurredAt;
    this.sentAt = builder.sentAt;
    this.receivedAt = builder.receivedAt;
    this.userId = builder.userId;
    this.anonymousId = builder.anonymousId;
    this.sessionId = builder.sessionId;
    this.context = builder.context;
    this.properties = builder.buildProperties();
  }

  /** A builder for an event named {@code name} ({@code [a-z][a-z0-9_]{0,63}}). */
  public static Builder builder(String name) {
    return new Builder(null).name(name);
  }

  /** A builder holding this event's values. */
  public Builder toBuilder() {
    PropertyMap map = (PropertyMap) properties;
    Builder b = new Builder(null, map.entryArray()); // shared until either side changes it (copy-on-write)
    b.eventId = eventId;
    b.name = name;
    b.schemaVersion = schemaVersion;
    b.source = source;
    b.occurredAt = occurredAt;
    b.sentAt = sentAt;
    b.receivedAt = receivedAt;
    b.userId = userId;
    b.anonymousId = anonymousId;
    b.sessionId = sessionId;
    b.context = context;
    b.size = map.size();
    b.built = map;
    return b;
  }

  /** The caller's id, or null when the producer is to generate a UUIDv7. */
  public UUID eventId() {
    return eventId;
  }

  public String name() {
    return name;
  }

  /** The schema version the caller pinned, or null for the latest one the registry knows. */
  public SchemaVer schemaVersion() {
    return schemaVersion;
  }

  /** {@code server}, {@code web}, ...; null means the logger's default. */
  public String source() {
    return source;
  }

  /** When it happened; null means "now" at logging time. */
  public Instant occurredAt() {
    return occurredAt;
  }

  public Instant sentAt() {
    return sentAt;
  }

  public Instant receivedAt() {
    return receivedAt;
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

  /** Never null; {@link EventContext#EMPTY} when unset. */
  public EventContext context() {
    return context;
  }

  /** Unmodifiable, sorted by key; values are String, Long, Double, BigDecimal, Boolean, Instant, Map, List. */
  public SortedMap<String, Object> properties() {
    return properties;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof Event)) return false;
    Event e = (Event) o;
    return Objects.equals(eventId, e.eventId)
        && name.equals(e.name)
        && Objects.equals(schemaVersion, e.schemaVersion)
        && Objects.equals(source, e.source)
        && Objects.equals(occurredAt, e.occurredAt)
        && Objects.equals(sentAt, e.sentAt)
        && Objects.equals(receivedAt, e.receivedAt)
        && Objects.equals(userId, e.userId)
        && Objects.equals(anonymousId, e.anonymousId)
        && Objects.equals(sessionId, e.sessionId)
        && context.equals(e.context)
        && properties.equals(e.properties);
  }

  @Override
  public int hashCode() {
    return Objects.hash(eventId, name, schemaVersion, occurredAt, userId, anonymousId, properties);
  }

  @Override
  public String toString() {
    return "Event{" + name + (schemaVersion == null ? "" : "/" + schemaVersion)
        + ", eventId=" + eventId + ", userId=" + userId + ", anonymousId=" + anonymousId
        + ", occurredAt=" + occurredAt + ", properties=" + properties + "}";
  }

  /** Builds an {@link Event}. Not thread-safe. */
  public static final class Builder {
    private final EventLogger logger;
    // Package-private: EventLogger stamps a builder's values directly (no intermediate Event per logged event).
    UUID eventId;
    String name;
    SchemaVer schemaVersion;
    String source;
    Instant occurredAt;
    Instant sentAt;
    Instant receivedAt;
    String userId;
    String anonymousId;
    String sessionId;
    EventContext context = EventContext.EMPTY;
    // The properties in call order until built; held here rather than in a map builder (one object less per event).
    private Object[] entries; // key, value, key, value, ...
    private int size;
    // Copy-on-write: once built, the (sorted) array belongs to this map; the next change copies it.
    private PropertyMap built;

    Builder(EventLogger logger) {
      this(logger, new Object[PropertyMap.INITIAL_CAPACITY]);
    }

    private Builder(EventLogger logger, Object[] entries) {
      this.logger = logger;
      this.entries = entries;
    }

    public Builder eventId(UUID eventId) {
      this.eventId = eventId;
      return this;
    }

    public Builder name(String name) {
      this.name = Names.check("event", name, 64);
      return this;
    }

    public Builder schemaVersion(SchemaVer schemaVersion) {
      this.schemaVersion = schemaVersion;
      return this;
    }

    /** Pins the schema version, e.g. {@code "1-0-2"}. */
    public Builder schemaVersion(String schemaVersion) {
      this.schemaVersion = schemaVersion == null ? null : SchemaVer.parse(schemaVersion);
      return this;
    }

    public Builder source(String source) {
      this.source = source == null ? null : Names.check("source", source, 32);
      return this;
    }

    public Builder occurredAt(Instant occurredAt) {
      this.occurredAt = occurredAt == null ? null : Values.checkInstant("occurred_at", occurredAt);
      return this;
    }

    public Builder sentAt(Instant sentAt) {
      this.sentAt = sentAt == null ? null : Values.checkInstant("sent_at", sentAt);
      return this;
    }

    public Builder receivedAt(Instant receivedAt) {
      this.receivedAt = receivedAt == null ? null : Values.checkInstant("received_at", receivedAt);
      return this;
    }

    public Builder userId(String userId) {
      this.userId = userId;
      return this;
    }

    /** Shorthand for {@link #userId(String)}. */
    public Builder user(String userId) {
      return userId(userId);
    }

    public Builder anonymousId(String anonymousId) {
      this.anonymousId = anonymousId;
      return this;
    }

    public Builder sessionId(String sessionId) {
      this.sessionId = sessionId;
      return this;
    }

    public Builder context(EventContext context) {
      this.context = context == null ? EventContext.EMPTY : context;
      return this;
    }

    public Builder property(String key, String value) {
      return put(key, value);
    }

    public Builder property(String key, long value) {
      return put(key, value);
    }

    public Builder property(String key, double value) {
      return put(key, Values.checkFinite(checkKey(key), value));
    }

    public Builder property(String key, BigDecimal value) {
      return put(key, value);
    }

    public Builder property(String key, boolean value) {
      return put(key, value);
    }

    public Builder property(String key, Instant value) {
      return put(key, value == null ? null : Values.checkInstant(checkKey(key), value));
    }

    /** A nested object; copied deeply, keys sorted. */
    public Builder property(String key, Map<String, ?> value) {
      return put(key, Values.normalize(checkKey(key), value));
    }

    /** An array; copied deeply. */
    public Builder property(String key, List<?> value) {
      return put(key, Values.normalize(checkKey(key), value));
    }

    /** Any supported value, for generic code (e.g. values parsed from JSON). */
    public Builder propertyValue(String key, Object value) {
      return put(key, Values.normalize(checkKey(key), value));
    }

    /** Replaces all properties with a deep copy of {@code properties}; on a bad key or value nothing changes. */
    public Builder properties(Map<String, ?> properties) {
      Object[] previous = entries;
      int previousSize = size;
      PropertyMap previousBuilt = built;
      entries = new Object[Math.max(PropertyMap.INITIAL_CAPACITY, 2 * properties.size())];
      size = 0;
      built = null;
      try {
        for (Map.Entry<String, ?> e : properties.entrySet()) {
          putChecked(checkKey(e.getKey()), Values.normalize(e.getKey(), e.getValue()));
        }
      } catch (RuntimeException e) {
        entries = previous;
        size = previousSize;
        built = previousBuilt;
        throw e;
      }
      return this;
    }

    public Builder removeProperty(String key) {
      for (int i = size - 1; i >= 0; i--) { // every put of the key: duplicates are only dropped when built
        if (entries[2 * i].equals(key)) {
          own(size);
          System.arraycopy(entries, 2 * i + 2, entries, 2 * i, 2 * (size - i - 1));
          size--;
          entries[2 * size] = null;
          entries[2 * size + 1] = null;
        }
      }
      return this;
    }

    /**
     * Builds the event.
     *
     * @throws IllegalStateException when the name is missing
     */
    public Event build() {
      if (name == null) {
        throw new IllegalStateException("Attribute 'event' cannot be null");
      }
      return new Event(this);
    }

    /**
     * Builds and logs the event through the {@link EventLogger} that created this builder.
     *
     * @throws IllegalStateException when this builder did not come from {@link EventLogger#event(String)}
     */
    public LogResult log() {
      if (logger == null) {
        throw new IllegalStateException(
            "builder was not created by EventLogger.event(name); call eventLogger.log(builder.build())");
      }
      return logger.logBuilt(this);
    }

    /**
     * Like {@link #log()} but never throws, whatever the validation mode: the result says whether the event was
     * accepted and why not.
     *
     * @throws IllegalStateException when this builder did not come from {@link EventLogger#event(String)}
     */
    public LogResult tryLog() {
      if (logger == null) {
        throw new IllegalStateException(
            "builder was not created by EventLogger.event(name); call eventLogger.tryLog(builder.build())");
      }
      return logger.tryLogBuilt(this);
    }

    private Builder put(String key, Object value) {
      checkKey(key);
      if (value == null) {
        throw new NullPointerException("property '" + key + "' == null");
      }
      putChecked(key, value);
      return this;
    }

    // No search for an earlier put of the same key (a scan per property on the hot path): the sort when the
    // properties are built keeps the last value of each key.
    private void putChecked(String key, Object value) {
      if (built == null && 2 * (size + 1) > entries.length) {
        size = PropertyMap.sortDistinct(entries, size); // before growing: a key put over and over stays one entry
      }
      own(size + 1);
      entries[2 * size] = key;
      entries[2 * size + 1] = value;
      size++;
    }

    /** Makes the entries this builder's own, with room for {@code count} properties. */
    private void own(int count) {
      if (built != null || 2 * count > entries.length) {
        int length = Math.max(2 * count, Math.max(PropertyMap.INITIAL_CAPACITY, entries.length * 2));
        entries = Arrays.copyOf(entries, length);
        built = null;
      }
    }

    /** The properties as a sorted map, shared with every event built or logged until the next change. */
    PropertyMap buildProperties() {
      if (built == null) {
        built = PropertyMap.adoptSorted(entries, size);
        size = built.size(); // the array is now sorted and holds each key once
      }
      return built;
    }

    private static String checkKey(String key) {
      if (key == null) {
        throw new NullPointerException("property key == null");
      }
      if (key.isEmpty()) {
        throw new IllegalArgumentException("property key is empty");
      }
      return key;
    }
  }
}
