package dev.logline.warehouse.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;

/**
 * Streams one canonical line into an {@link EventRow}: envelope fields are pulled with a
 * {@link JsonParser}, {@code context} and {@code properties} are copied as raw JSON text with
 * {@link JsonGenerator#copyCurrentStructure}. Not thread-safe; one per loading thread.
 */
public final class LineParser {
  /** Envelope major version this loader understands. */
  static final String ENVELOPE_MAJOR = "1-";

  private final JsonFactory json = new JsonFactory();
  private final StringWriter subtree = new StringWriter(512);
  private final EventRow row = new EventRow();

  /**
   * Parses {@code len} bytes of {@code line} (no trailing newline).
   *
   * @return the reused row, valid until the next call
   * @throws BadLineException saying what is wrong with the line
   */
  public EventRow parse(byte[] line, int len) throws BadLineException {
    row.clear();
    String envelope = null;
    boolean hasProducer = false;
    boolean hasSeq = false;
    try (JsonParser p = json.createParser(line, 0, len)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new BadLineException("not a JSON object");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "envelope": envelope = text(p, value, name); break;
          case "event_id": row.eventId = text(p, value, name); break;
          case "event": row.event = text(p, value, name); break;
          case "schema": row.schema = text(p, value, name); break;
          case "source": row.source = text(p, value, name); break;
          case "occurred_at": row.occurredAt = timestamp(p, value, name); break;
          case "sent_at": row.sentAt = timestamp(p, value, name); break;
          case "received_at": row.receivedAt = timestamp(p, value, name); break;
          case "corrected_at": row.correctedAt = timestamp(p, value, name); break;
          case "user_id": row.userId = text(p, value, name); break;
          case "anonymous_id": row.anonymousId = text(p, value, name); break;
          case "session_id": row.sessionId = text(p, value, name); break;
          case "producer":
            if (value != JsonToken.START_OBJECT) throw new BadLineException("'producer' is not an object");
            hasProducer = true;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String f = p.currentName();
              JsonToken v = p.nextToken();
              switch (f) {
                case "app": row.producerApp = text(p, v, "producer.app"); break;
                case "host": row.producerHost = text(p, v, "producer.host"); break;
                case "instance": row.producerInstance = text(p, v, "producer.instance"); break;
                case "seq":
                  if (v != JsonToken.VALUE_NUMBER_INT) throw new BadLineException("'producer.seq' is not an integer");
                  row.seq = p.getLongValue();
                  hasSeq = true;
                  break;
                default: p.skipChildren();
              }
            }
            break;
          case "context": row.context = object(p, value, name); break;
          case "properties": row.properties = object(p, value, name); break;
          default: p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT) {
        throw new BadLineException("not a JSON object");
      }
      if (p.nextToken() != null) {
        throw new BadLineException("trailing content after the JSON object");
      }
    } catch (JsonProcessingException e) {
      throw new BadLineException("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadLineException("unreadable: " + e);
    }
    require(envelope, "envelope");
    if (!envelope.startsWith(ENVELOPE_MAJOR)) {
      throw new BadLineException("unsupported envelope " + envelope + " (this loader reads 1-x-x)");
    }
    require(row.eventId, "event_id");
    if (!isUuid(row.eventId)) throw new BadLineException("'event_id' is not a UUID: " + row.eventId);
    require(row.event, "event");
    require(row.schema, "schema");
    require(row.source, "source");
    require(row.occurredAt, "occurred_at");
    if (!hasProducer) throw new BadLineException("missing 'producer'");
    require(row.producerApp, "producer.app");
    require(row.producerHost, "producer.host");
    require(row.producerInstance, "producer.instance");
    if (!hasSeq) throw new BadLineException("missing 'producer.seq'");
    require(row.properties, "properties");
    return row;
  }

  private String object(JsonParser p, JsonToken value, String name) throws IOException, BadLineException {
    if (value != JsonToken.START_OBJECT) throw new BadLineException("'" + name + "' is not an object");
    subtree.getBuffer().setLength(0);
    try (JsonGenerator g = json.createGenerator(subtree)) {
      g.copyCurrentStructure(p);
    }
    return subtree.toString();
  }

  private static String text(JsonParser p, JsonToken value, String name) throws IOException, BadLineException {
    if (value != JsonToken.VALUE_STRING) throw new BadLineException("'" + name + "' is not a string");
    return p.getText();
  }

  private static String timestamp(JsonParser p, JsonToken value, String name) throws IOException, BadLineException {
    String s = text(p, value, name);
    if (!isTimestamp(s)) throw new BadLineException("'" + name + "' is not an RFC 3339 UTC timestamp: " + s);
    return s;
  }

  private static void require(String value, String name) throws BadLineException {
    if (value == null) throw new BadLineException("missing '" + name + "'");
  }

  /** {@code yyyy-mm-ddThh:mm:ss[.fraction]Z}: the shape FORMAT.md writes; the database checks the calendar. */
  static boolean isTimestamp(String s) {
    int n = s.length();
    if (n < 20 || s.charAt(n - 1) != 'Z') return false;
    String shape = "dddd-dd-ddTdd:dd:dd";
    for (int i = 0; i < shape.length(); i++) {
      char c = s.charAt(i);
      char want = shape.charAt(i);
      if (want == 'd' ? (c < '0' || c > '9') : c != want) return false;
    }
    if (n == 20) return true;
    if (s.charAt(19) != '.' || n == 21) return false;
    for (int i = 20; i < n - 1; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') return false;
    }
    return true;
  }

  static boolean isUuid(String s) {
    if (s.length() != 36) return false;
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') return false;
      } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }

  /** A line that is not a canonical event; the message says why, the caller adds file and line number. */
  public static final class BadLineException extends Exception {
    private static final long serialVersionUID = 1L;

    public BadLineException(String message) {
      super(message, null, false, false);
    }
  }
}
