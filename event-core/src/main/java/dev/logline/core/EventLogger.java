package dev.logline.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.logline.core.internal.Dispatchers;
import dev.logline.core.internal.Timestamps;
import dev.logline.core.internal.Uuids;
import dev.logline.core.spi.EventDispatcher;
import dev.logline.core.spi.EventTaps;
import dev.logline.core.spi.LineBatch;
import dev.logline.schema.SchemaException;
import dev.logline.schema.SchemaKey;
import dev.logline.schema.SchemaRegistry;
import dev.logline.schema.SchemaVer;
import dev.logline.schema.Violation;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one call backend code makes to record an analytics event.
 *
 * <pre>{@code
 * EventLogger events = EventLogger.builder().app("shop").build();
 * events.event("checkout_completed").user(userId)
 *     .property("order_id", orderId).property("amount", 12.5).property("currency", "EUR")
 *     .log();
 * }</pre>
 *
 * <p>It stamps the producer, {@code seq}, {@code event_id} and time, validates the properties
 * against the event's schema, and hands a {@link LoggedEvent} (whose {@code toString()} is the
 * canonical line) to the SLF4J logger {@value #DEFAULT_LOGGER_NAME} at INFO, so Logback
 * configuration decides where lines go. Refused events go to the logger {@value
 * #DEFAULT_DEAD_LETTER_LOGGER_NAME} at WARN as a JSON line with the reason, and are counted.
 *
 * <p>In {@link ValidationMode#LOG} (the default) nothing is ever thrown into the caller. Thread-safe.
 */
public final class EventLogger {
  /** Default name of the SLF4J logger that receives accepted events: {@value}. */
  public static final String DEFAULT_LOGGER_NAME = "events";
  /** Default name of the SLF4J logger that receives refused events: {@value}. */
  public static final String DEFAULT_DEAD_LETTER_LOGGER_NAME = "events-dead-letter";
  /** Default {@code source}: {@value}. */
  public static final String DEFAULT_SOURCE = "server";

  private static final JsonFactory DEAD_LETTER_JSON = new JsonFactory();

  private final Producer producer;
  private final SchemaRegistry registry;
  private final ValidationMode mode;
  private final Logger events;
  private final EventDispatcher dispatcher;
  private final Logger deadLetters;
  private final Clock clock;
  private final String defaultSource;
  private final int maxLineBytes;
  private final EventContext defaultContext;
  private final ThreadLocal<CanonicalLineWriter> sizeChecker;
  private final Map<String, Schemas> schemasByName = new ConcurrentHashMap<>();
  private final LongAdder logged = new LongAdder();
  private final EnumMap<RejectReason, LongAdder> rejected = new EnumMap<>(RejectReason.class);
  private final AtomicBoolean warnedDisabled = new AtomicBoolean();

  private EventLogger(Builder b) {
    this.producer = b.producer != null ? b.producer : Producer.forApp(b.app);
    this.registry = b.registry != null ? b.registry : SchemaRegistry.fromClasspath();
    this.mode = b.mode;
    this.events = LoggerFactory.getLogger(b.loggerName);
    this.dispatcher = Dispatchers.forLogger(events);
    this.deadLetters = LoggerFactory.getLogger(b.deadLetterLoggerName);
    this.clock = b.clock;
    this.defaultSource = b.source;
    this.maxLineBytes = b.maxLineBytes;
    this.defaultContext = EventContext.builder().library(Logline.LIBRARY_NAME, Logline.VERSION).build();
    int max = b.maxLineBytes;
    this.sizeChecker = ThreadLocal.withInitial(() -> new CanonicalLineWriter(max));
    for (RejectReason r : RejectReason.values()) {
      rejected.put(r, new LongAdder());
    }
  }

  /** A builder; {@link Builder#app(String)} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** A fluent builder for an event named {@code name}; finish it with {@link Event.Builder#log()}. */
  public Event.Builder event(String name) {
    return new Event.Builder(this).name(name);
  }

  /**
   * Stamps, validates and logs {@code event}. In {@link ValidationMode#STRICT} a refused event throws
   * {@link EventException}; otherwise this never throws.
   */
  public LogResult log(Event event) {
    LogResult result = tryLog(event);
    if (mode == ValidationMode.STRICT && !result.isAccepted()) {
      throw result.failure();
    }
    return result;
  }

  /** Like {@link #log(Event)} but never throws, whatever the mode: for ingest paths that report per event. */
  public LogResult tryLog(Event event) {
    if (event == null) {
      NullPointerException npe = new NullPointerException("event == null");
      LogResult result = reject(null, RejectReason.INTERNAL_ERROR, npe.toString(), List.of(),
          EventException.internalError("null", npe));
      EventTaps.publish(null, result);
      return result;
    }
    return attempt(event.toBuilder(), event);
  }

  /** {@link Event.Builder#log()}: stamps the builder's values as they are, without an intermediate {@link Event}. */
  LogResult logBuilt(Event.Builder builder) {
    LogResult result = attempt(builder, null);
    if (mode == ValidationMode.STRICT && !result.isAccepted()) {
      throw result.failure();
    }
    return result;
  }

  /** {@link Event.Builder#tryLog()}. */
  LogResult tryLogBuilt(Event.Builder builder) {
    return attempt(builder, null);
  }

  /** {@code given} is the caller's Event, or null when the caller logged a builder (built only if needed). */
  private LogResult attempt(Event.Builder builder, Event given) {
    LogResult result;
    Event event = given;
    try {
      result = stampAndLog(builder);
    } catch (RuntimeException e) {
      event = event != null ? event : builder.build(); // only refusals and taps need the caller's Event
      result = e instanceof EventException refused
          ? reject(event, RejectReason.of(refused.kind()), refused.getMessage(), refused.violations(), refused)
          : reject(event, RejectReason.INTERNAL_ERROR, e.toString(), List.of(),
              EventException.internalError(event.name(), e));
    }
    if (EventTaps.active()) {
      EventTaps.publish(event != null ? event : builder.build(), result);
    }
    return result;
  }

  /**
   * Opens a group commit on this thread: lines of events logged until {@link LineBatch#close()}
   * are handed to the OS together at close instead of one by one (with an appender that supports
   * it, such as Logline's event file appender). Use it where many events are logged for one
   * acknowledgement, like an ingest request answered after its whole batch:
   *
   * <pre>{@code
   * try (LineBatch batch = events.batch()) {
   *   for (Event e : received) events.tryLog(e);
   * } // flushed here: now answer the client
   * }</pre>
   */
  public LineBatch batch() {
    return LineBatch.open();
  }

  /** A snapshot of the counters. */
  public EventLoggerStats stats() {
    EnumMap<RejectReason, Long> snapshot = new EnumMap<>(RejectReason.class);
    rejected.forEach((reason, count) -> snapshot.put(reason, count.sum()));
    return new EventLoggerStats(logged.sum(), snapshot);
  }

  public Producer producer() {
    return producer;
  }

  public SchemaRegistry registry() {
    return registry;
  }

  public ValidationMode mode() {
    return mode;
  }

  public Clock clock() {
    return clock;
  }

  private LogResult stampAndLog(Event.Builder event) {
    SchemaKey schema = resolveSchema(event.name, event.schemaVersion);
    RequestContext request = RequestContext.current();
    String userId = event.userId != null ? event.userId : request.userId();
    String anonymousId = event.anonymousId != null ? event.anonymousId : request.anonymousId();
    if (userId == null && anonymousId == null) {
      throw EventException.invalidEnvelope(
          "event '" + event.name + "': user_id or anonymous_id is required;"
              + " set one on the event or on the current RequestContext");
    }
    String sessionId = event.sessionId != null ? event.sessionId : request.sessionId();
    EventContext context = event.context.orElse(request.context()).orElse(defaultContext);

    PropertyMap properties = event.buildProperties();
    if (mode != ValidationMode.OFF) {
      List<Violation> violations = registry.validate(schema, properties);
      if (!violations.isEmpty()) {
        throw EventException.schemaViolation(schema.toString(), violations);
      }
    }
    if (!events.isInfoEnabled()) {
      if (warnedDisabled.compareAndSet(false, true)) {
        deadLetters.error(
            "SLF4J logger '{}' is disabled at INFO: events are being refused (counted as LOGGER_DISABLED)",
            events.getName());
      }
      throw EventException.loggerDisabled(events.getName());
    }

    long now = clock.millis();
    Instant occurredAt = event.occurredAt;
    long occurredAtMillis = occurredAt != null ? occurredAt.toEpochMilli() : now;
    UUID given = event.eventId;
    long idMsb = given != null ? given.getMostSignificantBits() : Uuids.v7MostSignificantBits(now);
    long idLsb = given != null ? given.getLeastSignificantBits() : Uuids.v7LeastSignificantBits();
    String source = event.source != null ? event.source : defaultSource;

    if (mayExceedMaxLine(event, properties, context)) {
      // Rare: measure exactly, and throw LINE_TOO_LONG before a seq is spent.
      sizeChecker.get().encode(new LoggedEvent(event, properties, idMsb, idLsb, schema, source, occurredAtMillis,
          userId, anonymousId, sessionId, context, producer, 0));
    }
    // The seq is taken last so that refused events leave no gap: a gap downstream means loss.
    LoggedEvent stamped =
        new LoggedEvent(event, properties, idMsb, idLsb, schema, source, occurredAtMillis, userId, anonymousId, sessionId,
            context, producer, producer.nextSeq());
    dispatcher.dispatch(stamped);
    logged.increment();
    return stamped;
  }

  private SchemaKey resolveSchema(String name, SchemaVer pinned) {
    Schemas known = schemasByName.get(name);
    if (known != null) {
      SchemaKey key = pinned != null ? known.pinned.get(pinned) : known.latest;
      if (key != null) {
        return key;
      }
    }
    SchemaKey key;
    try {
      if (pinned != null) {
        key = SchemaKey.of(name, pinned);
        registry.schema(key); // fails fast for an unknown version, even with validation OFF
      } else {
        SchemaVer version =
            registry
                .latestVersion(name)
                .orElseThrow(() -> EventException.unknownSchema(
                    "event '" + name + "': no schema on the classpath (expected logline/schemas/events/"
                        + name + "/<MODEL-REVISION-ADDITION>.json); known events: " + registry.eventNames(),
                    null));
        key = SchemaKey.of(name, version);
      }
    } catch (SchemaException e) {
      throw EventException.unknownSchema(e.getMessage(), e);
    }
    // Cached only once the registry knew it: unknown names sent to an ingest endpoint never grow these maps.
    Schemas entry = schemasByName.computeIfAbsent(key.name(), n -> new Schemas());
    if (pinned != null) {
      entry.pinned.putIfAbsent(pinned, key);
    } else {
      entry.latest = key;
    }
    return key;
  }

  /**
   * The schema keys one event name resolved to, so that logging it again costs two map reads instead of a name check,
   * a key and a registry lookup. Only names and versions the registry knows get here, so the maps stay as small as
   * the schema set.
   */
  private static final class Schemas {
    volatile SchemaKey latest;
    final Map<SchemaVer, SchemaKey> pinned = new ConcurrentHashMap<>(4);
  }

  /** A cheap upper bound of the line size: most events skip the exact check. */
  private boolean mayExceedMaxLine(Event.Builder event, PropertyMap properties, EventContext context) {
    long bound = 1024 + 6L * (length(event.userId) + length(event.anonymousId) + length(event.sessionId)
        + length(context.requestId()) + length(context.ip()) + length(context.userAgent()) + length(context.pageUrl())
        + length(context.pageReferrer()) + length(context.locale()) + length(context.libraryName())
        + length(context.libraryVersion()));
    bound += boundOf(properties);
    return bound > maxLineBytes;
  }

  private static long boundOf(Object value) {
    if (value instanceof String) {
      return 2 + 6L * ((String) value).length();
    }
    Class<?> type = value.getClass();
    if (type == Long.class || type == Double.class || type == Boolean.class) {
      return 32; // before the interface checks below, which cost a scan of these classes' supertypes
    }
    if (value instanceof PropertyMap) {
      PropertyMap map = (PropertyMap) value;
      long sum = 2;
      for (int i = 0, n = map.size(); i < n; i++) {
        sum += 4 + 6L * map.keyAt(i).length() + boundOf(map.valueAt(i));
      }
      return sum;
    }
    if (value instanceof Map) {
      long sum = 2;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        sum += 4 + 6L * ((String) e.getKey()).length() + boundOf(e.getValue());
      }
      return sum;
    }
    if (value instanceof List) {
      long sum = 2;
      for (Object item : (List<?>) value) {
        sum += 1 + boundOf(item);
      }
      return sum;
    }
    if (value instanceof java.math.BigDecimal) {
      return 4L + ((java.math.BigDecimal) value).precision() + Math.abs((long) ((java.math.BigDecimal) value).scale());
    }
    return 32;
  }

  private static int length(String s) {
    return s == null ? 0 : s.length();
  }

  private LogResult reject(
      Event event, RejectReason reason, String message, List<Violation> violations, RuntimeException failure) {
    rejected.get(reason).increment();
    UUID eventId = event == null ? null : event.eventId();
    try {
      deadLetters.warn("{}", deadLetterLine(event, reason, message, violations));
    } catch (RuntimeException ignored) {
      // The dead-letter logger is the last resort; the counter above still records the loss.
    }
    return LogResult.rejected(eventId, reason, message, violations, failure);
  }

  private String deadLetterLine(Event event, RejectReason reason, String message, List<Violation> violations) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = DEAD_LETTER_JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("rejected_at", Timestamps.format(Instant.ofEpochMilli(clock.millis())));
      g.writeStringField("reason", reason.name());
      g.writeStringField("message", message);
      g.writeStringField("app", producer.app());
      g.writeArrayFieldStart("violations");
      for (Violation v : violations) {
        g.writeStartObject();
        g.writeStringField("pointer", v.pointer());
        g.writeStringField("keyword", v.keyword());
        g.writeStringField("message", v.message());
        if (v.value() != null) g.writeStringField("value", v.value());
        g.writeEndObject();
      }
      g.writeEndArray();
      if (event != null) {
        g.writeStringField("event", event.name());
        if (event.eventId() != null) g.writeStringField("event_id", event.eventId().toString());
        g.writeStringField("event_repr", event.toString());
      }
      g.writeEndObject();
    } catch (IOException e) {
      return "{\"reason\":\"" + reason + "\"}";
    }
    return out.toString();
  }

  /** Builds an {@link EventLogger}. */
  public static final class Builder {
    private String app;
    private Producer producer;
    private SchemaRegistry registry;
    private ValidationMode mode = ValidationMode.LOG;
    private String loggerName = DEFAULT_LOGGER_NAME;
    private String deadLetterLoggerName = DEFAULT_DEAD_LETTER_LOGGER_NAME;
    private Clock clock = Clock.systemUTC();
    private String source = DEFAULT_SOURCE;
    private int maxLineBytes = CanonicalLineWriter.DEFAULT_MAX_LINE_BYTES;

    private Builder() {}

    /** The application's name, written as {@code producer.app}. */
    public Builder app(String app) {
      this.app = Objects.requireNonNull(app, "app == null");
      return this;
    }

    /** Overrides the process-wide {@link Producer#forApp(String)}. */
    public Builder producer(Producer producer) {
      this.producer = Objects.requireNonNull(producer, "producer == null");
      return this;
    }

    /** Defaults to {@link SchemaRegistry#fromClasspath()}. */
    public Builder registry(SchemaRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry == null");
      return this;
    }

    /** Defaults to {@link ValidationMode#LOG}. */
    public Builder mode(ValidationMode mode) {
      this.mode = Objects.requireNonNull(mode, "mode == null");
      return this;
    }

    public Builder loggerName(String loggerName) {
      this.loggerName = Objects.requireNonNull(loggerName, "loggerName == null");
      return this;
    }

    public Builder deadLetterLoggerName(String deadLetterLoggerName) {
      this.deadLetterLoggerName = Objects.requireNonNull(deadLetterLoggerName, "deadLetterLoggerName == null");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** The {@code source} of events that set none; defaults to {@value EventLogger#DEFAULT_SOURCE}. */
    public Builder source(String source) {
      this.source = Names.check("source", source, 32);
      return this;
    }

    /** Longest canonical line accepted, in bytes; defaults to {@value CanonicalLineWriter#DEFAULT_MAX_LINE_BYTES}. */
    public Builder maxLineBytes(int maxLineBytes) {
      if (maxLineBytes < 512) {
        throw new IllegalArgumentException("maxLineBytes < 512: " + maxLineBytes);
      }
      this.maxLineBytes = maxLineBytes;
      return this;
    }

    /**
     * Builds the logger.
     *
     * @throws IllegalStateException when neither app nor producer is set
     */
    public EventLogger build() {
      if (app == null && producer == null) {
        throw new IllegalStateException("Attribute 'app' cannot be null");
      }
      if (app == null) {
        app = producer.app();
      }
      return new EventLogger(this);
    }
  }
}
