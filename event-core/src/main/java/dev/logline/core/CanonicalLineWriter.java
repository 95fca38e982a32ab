package dev.logline.core;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.logline.core.internal.Doubles;
import dev.logline.core.internal.Timestamps;
import dev.logline.core.internal.Uuids;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes {@link LoggedEvent}s as canonical lines (see docs/FORMAT.md) into a buffer it reuses.
 *
 * <p>Not thread-safe: keep one per thread, or use it under the lock that also guards the output.
 * Streaming with one long-lived {@link JsonGenerator} and formatting ids and timestamps into a
 * scratch array keeps the per-event garbage near zero.
 */
public final class CanonicalLineWriter {
  /** The envelope format version written in every line. */
  public static final String ENVELOPE_VERSION = "1-0-0";
  /** Default {@link #maxLineBytes()}: {@value} bytes. */
  public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024;

  private static final JsonFactory FACTORY =
      new JsonFactoryBuilder()
          .rootValueSeparator((String) null)
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .disable(StreamWriteFeature.AUTO_CLOSE_CONTENT)
          .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
          .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
          // Emoji as 4-byte UTF-8, not \uD83C\uDF89 escapes: warehouses read the line as UTF-8.
          .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
          .build();
  private static final int INITIAL_CAPACITY = 2048;
  // Pre-encoded keys: the generator copies their bytes instead of escaping each name per event.
  private static final SerializedString F_ANONYMOUS_ID = new SerializedString("anonymous_id");
  private static final SerializedString F_APP = new SerializedString("app");
  private static final SerializedString F_CONTEXT = new SerializedString("context");
  private static final SerializedString F_CORRECTED_AT = new SerializedString("corrected_at");
  private static final SerializedString F_ENVELOPE = new SerializedString("envelope");
  private static final SerializedString F_EVENT = new SerializedString("event");
  private static final SerializedString F_EVENT_ID = new SerializedString("event_id");
  private static final SerializedString F_HOST = new SerializedString("host");
  private static final SerializedString F_INSTANCE = new SerializedString("instance");
  private static final SerializedString F_IP = new SerializedString("ip");
  private static final SerializedString F_LIBRARY = new SerializedString("library");
  private static final SerializedString F_LOCALE = new SerializedString("locale");
  private static final SerializedString F_NAME = new SerializedString("name");
  private static final SerializedString F_OCCURRED_AT = new SerializedString("occurred_at");
  private static final SerializedString F_PAGE_REFERRER = new SerializedString("page_referrer");
  private static final SerializedString F_PAGE_URL = new SerializedString("page_url");
  private static final SerializedString F_PRODUCER = new SerializedString("producer");
  private static final SerializedString F_PROPERTIES = new SerializedString("properties");
  private static final SerializedString F_RECEIVED_AT = new SerializedString("received_at");
  private static final SerializedString F_REQUEST_ID = new SerializedString("request_id");
  private static final SerializedString F_SCHEMA = new SerializedString("schema");
  private static final SerializedString F_SENT_AT = new SerializedString("sent_at");
  private static final SerializedString F_SEQ = new SerializedString("seq");
  private static final SerializedString F_SESSION_ID = new SerializedString("session_id");
  private static final SerializedString F_SOURCE = new SerializedString("source");
  private static final SerializedString F_USER_AGENT = new SerializedString("user_agent");
  private static final SerializedString F_USER_ID = new SerializedString("user_id");
  private static final SerializedString F_VERSION = new SerializedString("version");
  private static final SerializedString ENVELOPE_VALUE = new SerializedString(ENVELOPE_VERSION);
  private static final ThreadLocal<CanonicalLineWriter> COLD_PATH =
      ThreadLocal.withInitial(() -> new CanonicalLineWriter(Integer.MAX_VALUE));

  private final int maxLineBytes;
  private final Sink sink = new Sink();
  private final char[] doubleText = new char[Doubles.MAX_LENGTH];
  // Ids and timestamps are ASCII: written as pre-encoded UTF-8, they skip Jackson's escape check per character.
  private final byte[] ascii = new byte[Uuids.LENGTH];
  private final Timestamps.Formatter timestamps = new Timestamps.Formatter();
  private final Encoded encoded = new Encoded();
  private JsonGenerator generator;
  // The last context seen, and the last one whose JSON is kept (identity: contexts are immutable).
  private EventContext seenContext;
  private EventContext encodedContext;
  private SerializedString encodedContextJson;
  private final Sink contextSink = new Sink();
  private JsonGenerator contextGenerator;

  /** A writer that refuses lines over {@code maxLineBytes} bytes (without the newline). */
  public CanonicalLineWriter(int maxLineBytes) {
    if (maxLineBytes < 512) {
      throw new IllegalArgumentException("maxLineBytes < 512: " + maxLineBytes);
    }
    this.maxLineBytes = maxLineBytes;
  }

  public int maxLineBytes() {
    return maxLineBytes;
  }

  /** The canonical line of {@code event}, for cold paths (tests, {@code toString()}). */
  public static String toLine(LoggedEvent event) {
    CanonicalLineWriter writer = COLD_PATH.get();
    int length = writer.encode(event);
    return new String(writer.buffer(), 0, length, StandardCharsets.UTF_8);
  }

  /**
   * Serializes {@code event} into {@link #buffer()}, replacing what was there.
   *
   * @return the line's length in bytes, without a newline
   * @throws EventException {@link EventException.Kind#LINE_TOO_LONG} or {@link EventException.Kind#INVALID_VALUE}
   */
  public int encode(LoggedEvent event) {
    sink.count = 0;
    try {
      JsonGenerator g = generator();
      writeEvent(g, event);
      g.flush();
    } catch (IOException | RuntimeException e) {
      // A generator that failed mid-object has inconsistent state: start afresh next time.
      generator = null;
      contextGenerator = null;
      seenContext = null;
      encodedContext = null;
      sink.count = 0;
      if (e instanceof EventException) throw (EventException) e;
      throw EventException.invalidValue("event '" + event.name() + "'", e.getMessage(), "cannot be written as JSON");
    }
    if (sink.count > maxLineBytes) {
      int length = sink.count;
      sink.reset();
      throw EventException.lineTooLong(event.name(), length, maxLineBytes);
    }
    return sink.count;
  }

  /** The bytes of the last {@link #encode} ({@code [0, length)}); overwritten by the next. */
  public byte[] buffer() {
    return sink.bytes;
  }

  /** The length of the last encoded line. */
  public int length() {
    return sink.count;
  }

  /**
   * Like {@link #encode} but ends the line with {@code '\n'}, ready to be written as is.
   *
   * @return the length in bytes, newline included
   */
  public int encodeLine(LoggedEvent event) {
    int length = encode(event);
    sink.ensure(length + 1);
    sink.bytes[length] = '\n';
    sink.count = length + 1;
    return length + 1;
  }

  /** Encodes {@code event} and writes the line plus {@code '\n'} to {@code out}. */
  public int writeLine(LoggedEvent event, OutputStream out) throws IOException {
    int length = encodeLine(event);
    out.write(sink.bytes, 0, length);
    return length;
  }

  private JsonGenerator generator() throws IOException {
    if (generator == null) {
      generator = FACTORY.createGenerator(sink, JsonEncoding.UTF8);
    }
    return generator;
  }

  private void writeEvent(JsonGenerator g, LoggedEvent e) throws IOException {
    g.writeStartObject();
    g.writeFieldName(F_ENVELOPE);
    g.writeString(ENVELOPE_VALUE);
    g.writeFieldName(F_EVENT_ID);
    int idLength = Uuids.format(e.eventIdMostSignificantBits(), e.eventIdLeastSignificantBits(), ascii, 0);
    g.writeRawUTF8String(ascii, 0, idLength);
    constantField(g, F_EVENT, e.name());
    constantField(g, F_SCHEMA, e.schema().toString());
    constantField(g, F_SOURCE, e.source());
    g.writeFieldName(F_OCCURRED_AT);
    writeTimestamp(g, e.occurredAtMillis());
    Instant sent = e.sentAt();
    if (sent != null) {
      g.writeFieldName(F_SENT_AT);
      writeTimestamp(g, sent.toEpochMilli());
    }
    Instant received = e.receivedAt();
    if (received != null) {
      g.writeFieldName(F_RECEIVED_AT);
      writeTimestamp(g, received.toEpochMilli());
    }
    long corrected = e.correctedAtMillis();
    if (corrected != Long.MIN_VALUE
        && corrected >= Timestamps.MIN_EPOCH_MILLI
        && corrected <= Timestamps.MAX_EPOCH_MILLI) {
      g.writeFieldName(F_CORRECTED_AT);
      writeTimestamp(g, corrected);
    }
    optional(g, F_USER_ID, e.userId());
    optional(g, F_ANONYMOUS_ID, e.anonymousId());
    optional(g, F_SESSION_ID, e.sessionId());

    Producer p = e.producer();
    objectField(g, F_PRODUCER);
    constantField(g, F_APP, p.app());
    constantField(g, F_HOST, p.host());
    constantField(g, F_INSTANCE, p.instance());
    numberField(g, F_SEQ, e.seq());
    g.writeEndObject();

    EventContext c = e.context();
    if (!c.isEmpty()) {
      g.writeFieldName(F_CONTEXT);
      writeContext(g, c);
    }

    g.writeFieldName(F_PROPERTIES);
    writeObject(g, e.properties());
    g.writeEndObject();
  }

  /**
   * The events of one request usually share their context object (the ingest filter's events, or a backend
   * request's context): from its second line on, its JSON is copied rather than encoded again.
   */
  private void writeContext(JsonGenerator g, EventContext c) throws IOException {
    if (c != encodedContext) {
      if (c != seenContext) {
        seenContext = c;
        writeContextObject(g, c);
        return;
      }
      encodedContext = c;
      encodedContextJson = new SerializedString(contextJson(c));
    }
    g.writeRawValue(encodedContextJson);
  }

  private String contextJson(EventContext c) throws IOException {
    if (contextGenerator == null) {
      contextGenerator = FACTORY.createGenerator(contextSink, JsonEncoding.UTF8);
    }
    contextSink.count = 0;
    writeContextObject(contextGenerator, c);
    contextGenerator.flush();
    return new String(contextSink.bytes, 0, contextSink.count, StandardCharsets.UTF_8);
  }

  private void writeContextObject(JsonGenerator g, EventContext c) throws IOException {
    g.writeStartObject();
    optional(g, F_REQUEST_ID, c.requestId());
    optional(g, F_IP, c.ip());
    optional(g, F_USER_AGENT, c.userAgent());
    optional(g, F_PAGE_URL, c.pageUrl());
    optional(g, F_PAGE_REFERRER, c.pageReferrer());
    optional(g, F_LOCALE, c.locale());
    if (c.libraryName() != null) {
      objectField(g, F_LIBRARY);
      constantField(g, F_NAME, c.libraryName());
      if (c.libraryVersion() != null) {
        constantField(g, F_VERSION, c.libraryVersion());
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  private void writeObject(JsonGenerator g, Map<?, ?> map) throws IOException {
    if (map instanceof PropertyMap) {
      PropertyMap properties = (PropertyMap) map;
      g.writeStartObject();
      for (int i = 0, n = properties.size(); i < n; i++) {
        String key = properties.keyAt(i);
        SerializedString encodedKey = encoded.lookup(key);
        if (encodedKey != null) {
          g.writeFieldName(encodedKey);
        } else {
          g.writeFieldName(key);
        }
        writeValue(g, properties.valueAt(i));
      }
      g.writeEndObject();
      return;
    }
    g.writeStartObject();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      g.writeFieldName((String) entry.getKey());
      writeValue(g, entry.getValue());
    }
    g.writeEndObject();
  }

  private void writeValue(JsonGenerator g, Object value) throws IOException {
    if (value instanceof String) {
      g.writeString((String) value);
    } else if (value instanceof Long) {
      g.writeNumber((Long) value);
    } else if (value instanceof Double) {
      writeDouble(g, (Double) value);
    } else if (value instanceof Boolean) {
      g.writeBoolean((Boolean) value);
    } else if (value instanceof Instant) {
      writeTimestamp(g, ((Instant) value).toEpochMilli());
    } else if (value instanceof BigDecimal) {
      g.writeNumber((BigDecimal) value);
    } else if (value instanceof Map) {
      writeObject(g, (Map<?, ?>) value);
    } else if (value instanceof List) {
      List<?> list = (List<?>) value;
      g.writeStartArray();
      for (int i = 0, n = list.size(); i < n; i++) {
        writeValue(g, list.get(i));
      }
      g.writeEndArray();
    } else {
      // Event.Builder admits only the types above; anything else is a bug, not bad input.
      throw new IllegalStateException("unsupported property value type " + value.getClass().getName());
    }
  }

  private void writeDouble(JsonGenerator g, double value) throws IOException {
    int n = Doubles.format(value, doubleText, 0);
    if (n < 0) {
      g.writeNumber(value);
    } else {
      g.writeRawValue(doubleText, 0, n);
    }
  }

  private void writeTimestamp(JsonGenerator g, long epochMilli) throws IOException {
    int n = timestamps.format(epochMilli, ascii, 0);
    g.writeRawUTF8String(ascii, 0, n);
  }

  private static void optional(JsonGenerator g, SerializedString field, String value) throws IOException {
    if (value != null) {
      g.writeFieldName(field);
      g.writeString(value);
    }
  }

  /** A value that repeats from line to line as the same String object (names, producer): copied pre-encoded. */
  private void constantField(JsonGenerator g, SerializedString field, String value) throws IOException {
    g.writeFieldName(field);
    SerializedString encodedValue = encoded.lookup(value);
    if (encodedValue != null) {
      g.writeString(encodedValue);
    } else {
      g.writeString(value);
    }
  }

  private static void numberField(JsonGenerator g, SerializedString field, long value) throws IOException {
    g.writeFieldName(field);
    g.writeNumber(value);
  }

  private static void objectField(JsonGenerator g, SerializedString field) throws IOException {
    g.writeFieldName(field);
    g.writeStartObject();
  }

  /**
   * Pre-encoded forms of strings that recur as the same object: property keys (literals at the call
   * site, or names the ingest parser canonicalises), event and schema names, the producer. Keyed by
   * identity, so a hit is one hash read and a reference comparison or two. A string is encoded on its
   * second sighting, so keys that never repeat as one object cost no garbage; a crowded table evicts.
   */
  private static final class Encoded {
    private static final int SLOTS = 256; // a power of two
    private static final int PROBES = 4;
    private final String[] keys = new String[SLOTS];
    private final SerializedString[] values = new SerializedString[SLOTS];

    /** The pre-encoded form of {@code s}, or null when it is not (yet) worth one: write it plainly. */
    SerializedString lookup(String s) {
      int hash = System.identityHashCode(s);
      for (int i = 0; i < PROBES; i++) {
        int slot = (hash + i) & (SLOTS - 1);
        String key = keys[slot];
        if (key == s) {
          SerializedString encoded = values[slot];
          if (encoded == null) {
            encoded = values[slot] = new SerializedString(s); // seen twice: it recurs
          }
          return encoded;
        }
        if (key == null) {
          keys[slot] = s;
          return null;
        }
      }
      int slot = hash & (SLOTS - 1);
      keys[slot] = s;
      values[slot] = null;
      return null;
    }
  }

  /** A growable byte array the generator flushes into. */
  private static final class Sink extends OutputStream {
    byte[] bytes = new byte[INITIAL_CAPACITY];
    int count;

    @Override
    public void write(int b) {
      ensure(count + 1);
      bytes[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(count + len);
      System.arraycopy(b, off, bytes, count, len);
      count += len;
    }

    void ensure(int capacity) {
      if (capacity > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(capacity, bytes.length * 2));
      }
    }

    /** Drops a buffer that an oversized line inflated. */
    void reset() {
      count = 0;
      if (bytes.length > 4 * INITIAL_CAPACITY * 16) {
        bytes = new byte[INITIAL_CAPACITY];
      }
    }
  }
}
