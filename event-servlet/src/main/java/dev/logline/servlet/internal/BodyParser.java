package dev.logline.servlet.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.logline.servlet.IngestConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses an ingest body with one streaming parser into {@link RawEvent}s. Whole-request faults
 * (malformed JSON, duplicate keys, nesting, event count) throw {@link IngestError}; per-event
 * faults (long strings, too many properties, unrepresentable numbers) are recorded on the event
 * so the rest of a batch still goes through. Thread-safe.
 */
public final class BodyParser {
  private static final int MAX_NUMBER_LENGTH = 100;

  private final JsonFactory factory;
  private final IngestConfig config;

  public BodyParser(IngestConfig config) {
    this.config = config;
    this.factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(config.maxDepth())
            .maxNumberLength(MAX_NUMBER_LENGTH)
            // strings are checked per event below; this only bounds what one token may buffer
            .maxStringLength(Math.max(config.maxBodyBytes(), config.maxStringLength()))
            .maxNameLength(Math.max(config.maxBodyBytes(), config.maxStringLength()))
            .build())
        // Duplicate keys are refused, but by the maps below (put returns the earlier value) rather than by
        // Jackson's STRICT_DUPLICATE_DETECTION, which builds a HashSet per object on top of those maps.
        .build();
  }

  public List<RawEvent> parse(byte[] body, int length) throws IngestError {
    int bad = Utf8.firstInvalid(body, length);
    if (bad >= 0) {
      throw new IngestError(400, "invalid_utf8", "request body is not valid UTF-8 (byte offset " + bad + ")");
    }
    List<RawEvent> events = new ArrayList<>();
    try (JsonParser p = factory.createParser(body, 0, length)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new IngestError(400, "empty_body", "request body is empty; expected an event object, an array or {\"batch\":[...]}");
      }
      if (t == JsonToken.START_ARRAY) {
        readArray(p, events);
      } else if (t == JsonToken.START_OBJECT) {
        t = p.nextToken();
        if (t == JsonToken.FIELD_NAME && "batch".equals(p.currentName())) {
          if (p.nextToken() != JsonToken.START_ARRAY) {
            throw new IngestError(400, "invalid_batch", "\"batch\" must be an array of event objects");
          }
          readArray(p, events);
          t = p.nextToken();
          if (t == JsonToken.FIELD_NAME && "batch".equals(p.currentName())) {
            throw duplicate(p, "batch");
          }
          if (t != JsonToken.END_OBJECT) {
            throw new IngestError(400, "invalid_batch",
                "the batch wrapper takes only the key \"batch\", found \"" + clip(p.currentName()) + "\"");
          }
        } else {
          RawEvent event = new RawEvent();
          events.add(event);
          readEventFields(p, t, event);
        }
      } else {
        throw new IngestError(400, "invalid_body",
            "expected an event object, an array or {\"batch\":[...]}, found " + describe(t));
      }
      if (p.nextToken() != null) {
        throw new IngestError(400, "malformed_json", "unexpected content after the JSON value");
      }
    } catch (StreamConstraintsException e) {
      String m = String.valueOf(e.getOriginalMessage());
      if (m.contains("nesting depth")) {
        throw new IngestError(400, "too_deep",
            "JSON nesting is deeper than maxDepth=" + config.maxDepth() + " (IngestConfig.maxDepth)");
      }
      if (m.contains("Number value length")) {
        throw new IngestError(400, "number_too_long", "a number is longer than " + MAX_NUMBER_LENGTH + " digits");
      }
      throw new IngestError(400, "limit_exceeded", "a JSON token exceeds a parser limit");
    } catch (JsonProcessingException e) {
      throw new IngestError(400, "malformed_json", "malformed JSON: " + clip(withoutSource(e.getOriginalMessage()))
          + locationOf(e));
    } catch (IOException e) {
      throw new IngestError(400, "malformed_json", "unreadable JSON body");
    }
    return events;
  }

  private void readArray(JsonParser p, List<RawEvent> events) throws IOException, IngestError {
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (events.size() == config.maxEvents()) {
        throw new IngestError(413, "too_many_events",
            "request has more than maxEvents=" + config.maxEvents() + " events (IngestConfig.maxEvents); split the batch");
      }
      RawEvent event = new RawEvent();
      events.add(event);
      if (t == JsonToken.START_OBJECT) {
        readEventFields(p, p.nextToken(), event);
      } else {
        event.problem("", "type", "expected an event object, found " + describe(t));
        p.skipChildren();
      }
    }
  }

  /** Reads an event object whose first token after '{' is {@code t}. */
  private void readEventFields(JsonParser p, JsonToken t, RawEvent event) throws IOException {
    Path path = new Path();
    for (; t != JsonToken.END_OBJECT; t = p.nextToken()) {
      String key = p.currentName();
      path.push(key);
      checkLength(event, path, key);
      JsonToken v = p.nextToken();
      boolean counted = key.equals("properties") || key.equals("context");
      if (event.fields.put(key, readValue(p, v, event, path, counted)) != null) {
        throw duplicate(p, key);
      }
      path.pop();
    }
  }

  private Object readValue(JsonParser p, JsonToken t, RawEvent event, Path path, boolean counted)
      throws IOException {
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() != JsonToken.END_OBJECT) {
          String key = p.currentName();
          path.push(key);
          checkLength(event, path, key);
          count(event, path, counted);
          if (map.put(key, readValue(p, p.nextToken(), event, path, counted)) != null) {
            throw duplicate(p, key);
          }
          path.pop();
        }
        return map;
      }
      case START_ARRAY: {
        List<Object> list = new ArrayList<>();
        JsonToken item;
        while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
          path.push(list.size());
          count(event, path, counted);
          list.add(readValue(p, item, event, path, counted));
          path.pop();
        }
        return list;
      }
      case VALUE_STRING: {
        String s = p.getText();
        return checkLength(event, path, s) ? s : "";
      }
      case VALUE_NUMBER_INT:
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          return new BigDecimal(p.getBigIntegerValue());
        }
        return p.getLongValue();
      case VALUE_NUMBER_FLOAT: {
        double d = p.getDoubleValue();
        if (Double.isInfinite(d)) {
          event.problem(path.pointer(), "range", "number " + clip(p.getText()) + " is out of the range of a double");
          return 0L;
        }
        return d;
      }
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        event.sawNull = true;
        return RawEvent.NULL;
      default:
        throw new JsonParseFailure(p, "unexpected token " + t);
    }
  }

  private boolean checkLength(RawEvent event, Path path, String s) {
    if (s.length() > config.maxStringLength()) {
      event.problem(path.pointer(), "maxStringLength",
          "string of " + s.length() + " chars is longer than maxStringLength=" + config.maxStringLength()
              + " (IngestConfig.maxStringLength)");
      return false;
    }
    return true;
  }

  private void count(RawEvent event, Path path, boolean counted) {
    if (counted && ++event.propertyCount == config.maxPropertyCount() + 1) {
      event.problem(path.pointer(), "maxPropertyCount",
          "event has more than maxPropertyCount=" + config.maxPropertyCount()
              + " values in properties and context (IngestConfig.maxPropertyCount)");
    }
  }

  /**
   * Where the parser is inside an event: keys and indexes, turned into a JSON pointer only when a
   * problem is reported (building a pointer string per value was a measurable share of the parse).
   */
  private static final class Path {
    private Object[] segments = new Object[8];
    private int depth;

    void push(Object segment) {
      if (depth == segments.length) {
        segments = java.util.Arrays.copyOf(segments, depth * 2);
      }
      segments[depth++] = segment;
    }

    void pop() {
      segments[--depth] = null;
    }

    String pointer() {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < depth; i++) {
        b.append('/').append(segments[i] instanceof String ? escape((String) segments[i]) : segments[i]);
      }
      return b.toString();
    }
  }

  static String escape(String key) {
    if (key.indexOf('~') < 0 && key.indexOf('/') < 0) {
      return key;
    }
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static String describe(JsonToken t) {
    switch (t) {
      case START_ARRAY:
        return "an array";
      case START_OBJECT:
        return "an object";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return "a number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return t.asString() == null ? t.name() : t.asString();
    }
  }

  /** Jackson's messages may point at the source; the client needs only the sentence. */
  private static String withoutSource(String m) {
    if (m == null) return "";
    int cut = m.length();
    for (String marker : new String[] {" (for ", " (start marker", "[Source:"}) {
      int at = m.indexOf(marker);
      if (at >= 0 && at < cut) cut = at;
    }
    return m.substring(0, cut).trim();
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null ? "" : " at byte " + e.getLocation().getByteOffset();
  }

  static String clip(String s) {
    if (s == null) return "";
    // messages go back to the client: keep them short and on one line
    String one = s.replace('\n', ' ').replace('\r', ' ');
    return one.length() > 120 ? one.substring(0, 119) + "…" : one;
  }

  /** The whole request is refused, as a parser with duplicate detection would refuse it. */
  private static JsonParseFailure duplicate(JsonParser p, String key) {
    return new JsonParseFailure(p, "Duplicate field '" + key + "'");
  }

  private static final class JsonParseFailure extends com.fasterxml.jackson.core.JsonParseException {
    private static final long serialVersionUID = 1L;

    JsonParseFailure(JsonParser p, String message) {
      super(p, message);
    }
  }
}
