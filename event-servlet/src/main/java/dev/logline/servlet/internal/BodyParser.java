package dev.logline.servlet.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.logline.core.internal.Timestamps;
import dev.logline.core.internal.Uuids;
import dev.logline.schema.SchemaVer;
import dev.logline.servlet.IngestConfig;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parses an ingest body with one streaming parser into {@link RawEvent}s. Whole-request faults
 * (malformed JSON, duplicate keys, nesting, event count) throw {@link IngestError}; per-event
 * faults (long strings, too many properties, unrepresentable numbers, wrong types, unknown keys)
 * are recorded on the event so the rest of a batch still goes through. Thread-safe.
 */
public final class BodyParser {
  private static final int MAX_NUMBER_LENGTH = 100;
  /** Up to this many keys in one object, a new key is compared with each earlier one; past it, looked up in a set. */
  private static final int SCAN_KEYS = 16;
  /** Distinct recurring values kept as one String each; past this (a client sending junk), values stay as read. */
  static final int MAX_RECURRING = 1024;
  /** Longer values are not kept: event names have at most 64 characters. */
  static final int MAX_RECURRING_LENGTH = 64;
  private static final int NAME = 0;
  private static final int SCHEMA = 1;
  private static final int LIBRARY_NAME = 2;
  private static final int LIBRARY_VERSION = 3;

  private final JsonFactory factory;
  private final IngestConfig config;
  // Event names, schema versions and library names recur in nearly every event. One String object per value lets
  // the line writer copy its pre-encoded bytes (its cache is keyed by identity) and keeps hashes computed.
  private final ConcurrentHashMap<String, String> recurring = new ConcurrentHashMap<>();

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
        // Duplicate keys are refused, but by the reader below (Keys, reused per depth; put on nested maps) rather than
        // by Jackson's STRICT_DUPLICATE_DETECTION, a new HashSet per object.
        .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
        .build();
  }

  public List<RawEvent> parse(byte[] body, int length) throws IngestError {
    int bad = Utf8.firstInvalid(body, length);
    if (bad >= 0) {
      throw new IngestError(400, "invalid_utf8", "request body is not valid UTF-8 (byte offset " + bad + ")");
    }
    List<RawEvent> events = new ArrayList<>();
    try (JsonParser p = factory.createParser(body, 0, length)) {
      Reading r = new Reading(p, body, length);
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new IngestError(400, "empty_body", "request body is empty; expected an event object, an array or {\"batch\":[...]}");
      }
      if (t == JsonToken.START_ARRAY) {
        r.readArray(events);
      } else if (t == JsonToken.START_OBJECT) {
        int start = offset(p.currentTokenLocation());
        t = p.nextToken();
        if (t == JsonToken.FIELD_NAME && "batch".equals(p.currentName())) {
          if (p.nextToken() != JsonToken.START_ARRAY) {
            throw new IngestError(400, "invalid_batch", "\"batch\" must be an array of event objects");
          }
          r.readArray(events);
          t = p.nextToken();
          if (t == JsonToken.FIELD_NAME && "batch".equals(p.currentName())) {
            throw duplicate(p, "batch");
          }
          if (t != JsonToken.END_OBJECT) {
            throw new IngestError(400, "invalid_batch",
                "the batch wrapper takes only the key \"batch\", found \"" + clip(p.currentName()) + "\"");
          }
        } else {
          RawEvent event = new RawEvent(body, start);
          events.add(event);
          r.readEvent(t, event);
          event.end = offset(p.currentLocation());
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

  /** The one String kept for {@code value}, or {@code value} itself (null stays null). */
  String recur(String value) {
    if (value == null || value.length() > MAX_RECURRING_LENGTH) {
      return value;
    }
    String known = recurring.get(value);
    if (known != null) {
      return known;
    }
    if (recurring.size() >= MAX_RECURRING) {
      return value;
    }
    known = recurring.putIfAbsent(value, value);
    return known != null ? known : value;
  }

  private static int offset(JsonLocation location) {
    return (int) location.getByteOffset();
  }

  /**
   * One body being read. The envelope is typed as it streams by (no map per event, no second pass), and the
   * properties go into one array in body order; only nested property values become maps and lists.
   */
  private final class Reading {
    private final JsonParser p;
    private final byte[] body;
    private final Path path = new Path();
    private final Text text;
    // event, then context or properties, then library: one set of keys per depth
    private final Keys[] keysAt = {new Keys(), new Keys(), new Keys()};
    // The previous event's recurring values, by slot (NAME, SCHEMA, LIBRARY_NAME, LIBRARY_VERSION).
    private final String[] lastRecurring = new String[4];
    private String lastSchemaText;
    private SchemaVer lastSchema;

    Reading(JsonParser p, byte[] body, int length) {
      this.p = p;
      this.body = body;
      this.text = new Text(body, length);
    }

    void readArray(List<RawEvent> events) throws IOException, IngestError {
      JsonToken t;
      while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
        if (events.size() == config.maxEvents()) {
          throw new IngestError(413, "too_many_events",
              "request has more than maxEvents=" + config.maxEvents() + " events (IngestConfig.maxEvents); split the batch");
        }
        RawEvent event = new RawEvent(body, offset(p.currentTokenLocation()));
        events.add(event);
        if (t == JsonToken.START_OBJECT) {
          readEvent(p.nextToken(), event);
          event.end = offset(p.currentLocation());
        } else {
          event.problem("", "type", "expected an event object, found " + describe(t));
          if (t == JsonToken.START_ARRAY) {
            p.skipChildren();
            event.end = offset(p.currentLocation());
          } else if (t == JsonToken.VALUE_STRING) {
            p.finishToken();
            event.end = offset(p.currentLocation());
          } else {
            event.end = event.start + p.getTextLength(); // a number or literal: its text is the source
          }
        }
      }
    }

    /** Reads an event object whose first token after '{' is {@code t}. */
    void readEvent(JsonToken t, RawEvent e) throws IOException {
      Keys keys = keysAt[0].reset();
      for (; t != JsonToken.END_OBJECT; t = p.nextToken()) {
        String key = p.currentName();
        unique(keys, key);
        path.push(key);
        JsonToken v = p.nextToken();
        switch (key) {
          case "event":
            e.hasName = true;
            e.name = recurring(e, v, true, NAME);
            break;
          case "event_id":
            eventId(e, v);
            break;
          case "schema":
            schema(e, v);
            break;
          case "occurred_at":
            e.occurredAt = instant(e, v);
            break;
          case "sent_at":
            e.sentAt = instant(e, v);
            break;
          case "anonymous_id":
            e.anonymousId = string(e, v, false);
            break;
          case "session_id":
            e.sessionId = string(e, v, false);
            break;
          case "user_id":
            e.userId = string(e, v, false);
            break;
          case "context":
            context(e, v);
            break;
          case "properties":
            properties(e, v);
            break;
          case "received_at":
          case "corrected_at":
          case "producer":
          case "source":
          case "envelope":
            e.spoof(key); // the server owns these: dropped and counted, the event still goes through
            readValue(e, v, false);
            break;
          default:
            checkLength(e, key);
            e.problem(path.pointer(), "unknown_key", "unknown key \"" + clip(key)
                + "\"; an event takes event_id, event, schema, occurred_at, sent_at, anonymous_id, session_id,"
                + " user_id, context, properties");
            readValue(e, v, false);
        }
        path.pop();
      }
      if (!e.hasName) {
        e.problem("", "required", "\"event\" (the event name) is required");
      }
    }

    private void context(RawEvent e, JsonToken v) throws IOException {
      if (!isObject(e, v, true)) {
        return;
      }
      Keys keys = keysAt[1].reset();
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        String key = p.currentName();
        unique(keys, key);
        path.push(key);
        count(e);
        JsonToken cv = p.nextToken();
        switch (key) {
          case "page_url":
            e.pageUrl = string(e, cv, false);
            break;
          case "page_referrer":
            e.pageReferrer = string(e, cv, false);
            break;
          case "locale":
            e.locale = string(e, cv, false);
            break;
          case "library":
            library(e, cv);
            break;
          case "ip":
          case "user_agent":
          case "request_id":
            e.spoof("context." + key);
            readValue(e, cv, true);
            break;
          default:
            checkLength(e, key);
            e.problem(path.pointer(), "unknown_key", "unknown key \"" + clip(key)
                + "\"; context takes page_url, page_referrer, locale, library");
            readValue(e, cv, true);
        }
        path.pop();
      }
      if (e.libraryName == null && e.libraryVersion != null) {
        e.problem("/context/library/name", "required", "library.version needs library.name");
      }
    }

    private void library(RawEvent e, JsonToken v) throws IOException {
      if (!isObject(e, v, true)) {
        return;
      }
      Keys keys = keysAt[2].reset();
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        String key = p.currentName();
        unique(keys, key);
        path.push(key);
        count(e);
        JsonToken lv = p.nextToken();
        if (key.equals("name")) {
          e.libraryName = recurring(e, lv, false, LIBRARY_NAME);
        } else if (key.equals("version")) {
          e.libraryVersion = recurring(e, lv, false, LIBRARY_VERSION);
        } else {
          checkLength(e, key);
          e.problem(path.pointer(), "unknown_key", "unknown key \"" + clip(key) + "\"; library takes name, version");
          readValue(e, lv, true);
        }
        path.pop();
      }
    }

    private void properties(RawEvent e, JsonToken v) throws IOException {
      if (!isObject(e, v, true)) {
        return;
      }
      Keys keys = keysAt[1].reset(); // properties and context are siblings: never open at once
      for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
        String key = p.currentName();
        unique(keys, key);
        path.push(key);
        checkLength(e, key);
        count(e);
        JsonToken pv = p.nextToken();
        int nullsBefore = e.nulls;
        Object value = readValue(e, pv, true);
        if (e.nulls != nullsBefore) {
          findNulls(e, path.pointer(), value); // rare: pointers are built only on the way to a null
        }
        e.addProperty(key, value);
        path.pop();
      }
    }

    /** True at an object's start; JSON null is no object and no problem; anything else is read and refused. */
    private boolean isObject(RawEvent e, JsonToken v, boolean counted) throws IOException {
      if (v == JsonToken.START_OBJECT) {
        return true;
      }
      if (v != JsonToken.VALUE_NULL) {
        readValue(e, v, counted);
        e.problem(path.pointer(), "type", "expected an object, found " + describe(v));
      }
      return false;
    }

    /** A string value; null for JSON null (when not required) or a refused value. */
    private String string(RawEvent e, JsonToken v, boolean required) throws IOException {
      if (v == JsonToken.VALUE_STRING) {
        String s = p.getText();
        return checkLength(e, s) ? s : null;
      }
      if (v == JsonToken.VALUE_NULL && !required) {
        return null;
      }
      readValue(e, v, false); // a wrong type is still read: its duplicate keys and limits count like any other
      e.problem(path.pointer(), "type", "expected a string, found " + describe(v));
      return null;
    }

    private void eventId(RawEvent e, JsonToken v) throws IOException {
      if (v == JsonToken.VALUE_STRING) {
        Text t = text.of(p);
        if (t.length() == Uuids.LENGTH) {
          UUID id = Uuids.parse(t); // the usual case, without a String
          if (id != null) {
            e.eventId = id;
            return;
          }
        }
      }
      String s = string(e, v, false);
      e.eventIdText = s;
      if (s == null) return;
      UUID id = Uuids.parse(s);
      if (id == null) {
        e.problem(path.pointer(), "format",
            "expected a UUID (36 chars, 8-4-4-4-12 hex), found \"" + clip(s) + "\"");
      }
      e.eventId = id;
    }

    private void schema(RawEvent e, JsonToken v) throws IOException {
      String s = recurring(e, v, false, SCHEMA);
      if (s == null) return;
      if (s == lastSchemaText) { // recurring() hands out one String per value
        e.schema = lastSchema;
        return;
      }
      try {
        e.schema = SchemaVer.parse(s);
        lastSchemaText = s;
        lastSchema = e.schema;
      } catch (RuntimeException ex) {
        e.problem(path.pointer(), "format",
            "expected a schema version MODEL-REVISION-ADDITION like 1-0-0, found \"" + clip(s) + "\"");
      }
    }

    /**
     * A string that usually repeats event after event (the name, the schema, the library): when the token's text is
     * the previous value of this {@code slot}, that String is returned without a new one; else {@link #recur}.
     */
    private String recurring(RawEvent e, JsonToken v, boolean required, int slot) throws IOException {
      if (v == JsonToken.VALUE_STRING) {
        String last = lastRecurring[slot];
        if (last != null && isText(last)) {
          return last; // its length was checked when it was first read
        }
        String s = recur(string(e, v, required));
        lastRecurring[slot] = s;
        return s;
      }
      return recur(string(e, v, required));
    }

    private boolean isText(String s) throws IOException {
      Text t = text.of(p);
      int n = t.length();
      if (n != s.length()) {
        return false;
      }
      for (int i = 0; i < n; i++) {
        if (t.charAt(i) != s.charAt(i)) {
          return false;
        }
      }
      return true;
    }

    private Instant instant(RawEvent e, JsonToken v) throws IOException {
      if (v == JsonToken.VALUE_STRING) {
        long utc = Timestamps.parseUtc(text.of(p)); // the tracker's toISOString() form, without java.time's garbage
        if (utc != Long.MIN_VALUE) return Instant.ofEpochMilli(utc);
      }
      String s = string(e, v, false);
      if (s == null) return null;
      try {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(s, Instant::from);
      } catch (DateTimeException ex) {
        e.problem(path.pointer(), "format",
            "expected an RFC 3339 timestamp like 2026-11-27T08:15:30.123Z, found \"" + clip(s) + "\"");
        return null;
      }
    }

    /** Any JSON value as the event model: String, Long, Double, BigDecimal, Boolean, NULL, Map, List. */
    private Object readValue(RawEvent e, JsonToken t, boolean counted) throws IOException {
      switch (t) {
        case START_OBJECT: {
          Map<String, Object> map = new LinkedHashMap<>();
          while (p.nextToken() != JsonToken.END_OBJECT) {
            String key = p.currentName();
            path.push(key);
            checkLength(e, key);
            if (counted) count(e);
            if (map.put(key, readValue(e, p.nextToken(), counted)) != null) {
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
            if (counted) count(e);
            list.add(readValue(e, item, counted));
            path.pop();
          }
          return list;
        }
        case VALUE_STRING: {
          String s = p.getText();
          return checkLength(e, s) ? s : "";
        }
        case VALUE_NUMBER_INT:
          if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            return new BigDecimal(p.getBigIntegerValue());
          }
          return p.getLongValue();
        case VALUE_NUMBER_FLOAT: {
          double d = p.getDoubleValue();
          if (Double.isInfinite(d)) {
            e.problem(path.pointer(), "range", "number " + clip(p.getText()) + " is out of the range of a double");
            return 0L;
          }
          return d;
        }
        case VALUE_TRUE:
          return Boolean.TRUE;
        case VALUE_FALSE:
          return Boolean.FALSE;
        case VALUE_NULL:
          e.nulls++;
          return RawEvent.NULL;
        default:
          throw new JsonParseFailure(p, "unexpected token " + t);
      }
    }

    private boolean checkLength(RawEvent e, String s) {
      if (s.length() > config.maxStringLength()) {
        e.problem(path.pointer(), "maxStringLength",
            "string of " + s.length() + " chars is longer than maxStringLength=" + config.maxStringLength()
                + " (IngestConfig.maxStringLength)");
        return false;
      }
      return true;
    }

    private void count(RawEvent e) {
      if (++e.valueCount == config.maxPropertyCount() + 1) {
        e.problem(path.pointer(), "maxPropertyCount",
            "event has more than maxPropertyCount=" + config.maxPropertyCount()
                + " values in properties and context (IngestConfig.maxPropertyCount)");
      }
    }

    private void findNulls(RawEvent e, String pointer, Object value) {
      if (value == RawEvent.NULL) {
        e.problem(pointer, "type", "null is not a property value; omit the key instead");
      } else if (value instanceof Map) {
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          findNulls(e, pointer + "/" + escape((String) entry.getKey()), entry.getValue());
        }
      } else if (value instanceof List) {
        List<?> list = (List<?>) value;
        for (int i = 0; i < list.size(); i++) {
          findNulls(e, pointer + "/" + i, list.get(i));
        }
      }
    }

    /** A key seen twice in one object refuses the whole request, as a parser with duplicate detection would. */
    private void unique(Keys keys, String key) throws IOException {
      if (!keys.add(key)) {
        throw duplicate(p, key);
      }
    }
  }

  /**
   * The keys of one object read so far. Up to {@value #SCAN_KEYS} keys a new one is compared with each, by hash first
   * (Jackson hands out one String per name, its hash computed once); past that, they go into a set, so a huge object
   * costs no quadratic scan. Reused object by object at each depth.
   */
  private static final class Keys {
    private final String[] scanned = new String[SCAN_KEYS];
    // Compared first: a scan then reads one int array, not each earlier key's String.
    private final int[] hashes = new int[SCAN_KEYS];
    private int size;
    private Set<String> many;

    Keys reset() {
      Arrays.fill(scanned, 0, size, null);
      size = 0;
      many = null;
      return this;
    }

    boolean add(String key) {
      if (many != null) {
        return many.add(key);
      }
      int hash = key.hashCode();
      for (int i = 0; i < size; i++) {
        if (hashes[i] == hash && scanned[i].equals(key)) {
          return false;
        }
      }
      if (size < SCAN_KEYS) {
        hashes[size] = hash;
        scanned[size++] = key;
        return true;
      }
      many = new HashSet<>(Arrays.asList(scanned));
      return many.add(key);
    }
  }

  /**
   * The current string token's text, viewed in place: ids and timestamps are parsed, and recurring values compared,
   * without a String. A token that is ASCII without escapes (nearly every id, timestamp and name) is viewed in the
   * body's own bytes; Jackson then skips it rather than decoding it, as its text was never asked for. Anything else is
   * viewed in Jackson's decoded characters.
   */
  private static final class Text implements CharSequence {
    private static final int MAX_RAW = 64; // ids and timestamps are shorter; a longer token is read through Jackson
    private final byte[] body;
    private final int bodyLength;
    private char[] chars; // null while viewing the body's bytes
    private int offset;
    private int length;

    Text(byte[] body, int bodyLength) {
      this.body = body;
      this.bodyLength = bodyLength;
    }

    /** Views the current token, a {@code VALUE_STRING}. */
    Text of(JsonParser p) throws IOException {
      long quote = p.currentTokenLocation().getByteOffset();
      if (quote >= 0 && quote < bodyLength && body[(int) quote] == '"') {
        int from = (int) quote + 1;
        int limit = (int) Math.min(bodyLength, (long) from + MAX_RAW);
        for (int i = from; i < limit; i++) {
          byte b = body[i];
          if (b == '"') {
            chars = null;
            offset = from;
            length = i - from;
            return this;
          }
          if (b < 0x20 || b == '\\') { // an escape, a control character (Jackson reports it) or non-ASCII
            break;
          }
        }
      }
      chars = p.getTextCharacters();
      offset = p.getTextOffset();
      length = p.getTextLength();
      return this;
    }

    @Override
    public int length() {
      return length;
    }

    @Override
    public char charAt(int index) {
      if (index < 0 || index >= length) throw new IndexOutOfBoundsException(index);
      return chars == null ? (char) body[offset + index] : chars[offset + index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return toString().substring(start, end);
    }

    @Override
    public String toString() {
      return chars == null
          ? new String(body, offset, length, java.nio.charset.StandardCharsets.US_ASCII)
          : new String(chars, offset, length);
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
