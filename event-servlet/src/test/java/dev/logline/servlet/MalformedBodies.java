package dev.logline.servlet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A corpus of hostile and broken request bodies, each with the answer it must get: a whole-request
 * 4xx with a JSON error code, or a 202 in which every event is rejected (well-formed JSON whose
 * events are invalid).
 */
final class MalformedBodies {
  static final int MAX_BODY = 16 * 1024;

  /** One body and its expected outcome; {@code status == 202} means "every event rejected". */
  record Case(String name, byte[] body, int status, String code) {
    @Override
    public String toString() {
      return name;
    }
  }

  private final List<Case> cases = new ArrayList<>();

  private MalformedBodies() {}

  static List<Case> all() {
    MalformedBodies b = new MalformedBodies();
    b.badJson();
    b.badUtf8();
    b.deepNesting();
    b.hugeStrings();
    b.duplicateKeys();
    b.nonNumbers();
    b.controlCharacters();
    b.wrongTypes();
    return b.cases;
  }

  private void error(String name, String body, int status, String code) {
    cases.add(new Case(name, body.getBytes(StandardCharsets.UTF_8), status, code));
  }

  private void error(String name, byte[] body, int status, String code) {
    cases.add(new Case(name, body, status, code));
  }

  private void rejected(String name, String body) {
    cases.add(new Case(name, body.getBytes(StandardCharsets.UTF_8), 202, null));
  }

  static String valid() {
    return Bodies.pageViewed("00000000-0000-4000-8000-000000000000");
  }

  private void badJson() {
    error("empty", "", 400, "empty_body");
    error("whitespace only", "  \n\t ", 400, "empty_body");
    String[] malformed = {
        "{", "}", "[", "]", "{]", "[}", "{\"event\"}", "{\"event\":}", "{,}", "[,]", "[1,]", "{\"a\":1,}",
        "nul", "tru", "'single'", "{'event':'x'}", "{event:\"x\"}", "[]]", "{\"a\" 1}", "{\"a\":01}",
        "{\"a\":1.}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":0x10}", "/* c */ {}", "// c\n{}", "{\"a\":\"\\x\"}",
        "{\"a\":\"\\u12\"}", "{\"a\":1}{\"b\":2}", "[{}]x", "{\"batch\":[" + valid() + "]",
        valid().substring(0, valid().length() - 1), "{\"a\":[1 2]}", "{\"a\":\"unterminated}",
        "{\"a\":tRue}", "<xml/>", "\u0000"
    };
    for (String m : malformed) error("malformed " + m.replace("\n", "\\n"), m, 400, "malformed_json");
    error("top-level string", "\"page_viewed\"", 400, "invalid_body");
    error("top-level number", "42", 400, "invalid_body");
    error("top-level true", "true", 400, "invalid_body");
    error("top-level null", "null", 400, "invalid_body");
    error("batch not an array", "{\"batch\":{}}", 400, "invalid_batch");
    error("batch wrapper with extra key", "{\"batch\":[],\"x\":1}", 400, "invalid_batch");
  }

  private void badUtf8() {
    byte[][] sequences = {
        {(byte) 0xC3}, {(byte) 0xC3, '('}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xC1, (byte) 0xBF},
        {(byte) 0xE0, (byte) 0x80, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xED, (byte) 0xBF, (byte) 0xBF}, {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
        {(byte) 0xFF}, {(byte) 0xFE}, {(byte) 0x80}, {(byte) 0xBF}, {(byte) 0xE2, (byte) 0x82},
        {(byte) 0xE2, '(', (byte) 0xA1}, {(byte) 0xF0, '(', (byte) 0x8C, (byte) 0xBC}, {(byte) 0xE9},
    };
    for (byte[] seq : sequences) {
      error("bad utf-8 in value " + hex(seq), splice(valid(), "P1", seq), 400, "invalid_utf8");
    }
    error("bad utf-8 in key", splice(valid(), "title", new byte[] {(byte) 0xC3}), 400, "invalid_utf8");
    error("bad utf-8 at the very end", concat(valid().getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xE2}),
        400, "invalid_utf8");
    error("utf-16le body", concat(new byte[] {(byte) 0xFF, (byte) 0xFE},
        valid().getBytes(StandardCharsets.UTF_16LE)), 400, "invalid_utf8");
  }

  private void deepNesting() {
    for (int depth : new int[] {9, 20, 100, 1000, 2500}) {
      error("arrays nested " + depth, "[".repeat(depth) + "]".repeat(depth), 400, "too_deep");
      error("objects nested " + depth, "{\"a\":".repeat(depth) + "1" + "}".repeat(depth), 400, "too_deep");
    }
    error("deep property", Bodies.event("00000000-0000-4000-8000-000000000001", "page_viewed",
        "{\"url\":\"u\",\"x\":" + "[".repeat(10) + "]".repeat(10) + "}", ""), 400, "too_deep");
    error("unclosed deep arrays", "[".repeat(10_000), 400, "too_deep");
  }

  private void hugeStrings() {
    for (int n : new int[] {257, 1000, 10_000}) {
      rejected("property string of " + n, Bodies.event("00000000-0000-4000-8000-000000000002", "page_viewed",
          "{\"url\":\"" + "u".repeat(n) + "\"}", ""));
    }
    rejected("key of 300", Bodies.event("00000000-0000-4000-8000-000000000003", "page_viewed",
        "{\"url\":\"u\",\"" + "k".repeat(300) + "\":1}", ""));
    rejected("event name of 300", Bodies.event("00000000-0000-4000-8000-000000000004", "p".repeat(300), "{}", ""));
    rejected("page_url of 5000", valid().replace("https://shop.example/p/1\",\"locale", "x".repeat(5000) + "\",\"locale"));
    rejected("anonymous_id of 1000", valid().replace("anon-1", "a".repeat(1000)));
    rejected("unicode string over the limit", valid().replace("P1", "\u00e9".repeat(300)));
    error("string larger than the body limit", Bodies.event("00000000-0000-4000-8000-000000000005", "page_viewed",
        "{\"url\":\"" + "u".repeat(MAX_BODY) + "\"}", ""), 413, "body_too_large");
  }

  private void duplicateKeys() {
    error("duplicate event", valid().replace("{\"event_id\"", "{\"event\":\"x\",\"event_id\""), 400,
        "malformed_json");
    error("duplicate property", valid().replace("\"title\":\"P1\"", "\"title\":\"P1\",\"title\":\"P2\""), 400,
        "malformed_json");
    error("duplicate context key", valid().replace("\"locale\":\"en-GB\"", "\"locale\":\"en-GB\",\"locale\":\"x\""),
        400, "malformed_json");
    error("duplicate library key", valid().replace("\"version\":\"0.1.0\"", "\"version\":\"0.1.0\",\"version\":\"2\""),
        400, "malformed_json");
    error("duplicate batch", "{\"batch\":[],\"batch\":[]}", 400, "malformed_json");
    error("duplicate nested key", Bodies.event("00000000-0000-4000-8000-000000000006", "page_viewed",
        "{\"url\":\"u\",\"o\":{\"a\":1,\"a\":2}}", ""), 400, "malformed_json");
    error("duplicate properties", valid().replace("\"properties\":", "\"properties\":{},\"properties\":"), 400,
        "malformed_json");
    error("duplicate with different case is fine but escaped equal is not",
        "{\"a\":1,\"\\u0061\":2}", 400, "malformed_json");
  }

  private void nonNumbers() {
    for (String n : new String[] {"NaN", "Infinity", "-Infinity", "+Infinity", "nan", "inf"}) {
      error("number " + n, Bodies.event("00000000-0000-4000-8000-000000000007", "checkout_completed",
          "{\"order_id\":\"o\",\"amount\":" + n + ",\"currency\":\"EUR\"}", ""), 400, "malformed_json");
    }
    rejected("1e400 overflows a double", Bodies.event("00000000-0000-4000-8000-000000000008", "checkout_completed",
        "{\"order_id\":\"o\",\"amount\":1e400,\"currency\":\"EUR\"}", ""));
    rejected("-1e400 overflows a double", Bodies.event("00000000-0000-4000-8000-000000000009", "checkout_completed",
        "{\"order_id\":\"o\",\"amount\":-1e400,\"currency\":\"EUR\"}", ""));
    error("number of 200 digits", Bodies.event("00000000-0000-4000-8000-00000000000a", "checkout_completed",
        "{\"order_id\":\"o\",\"amount\":" + "9".repeat(200) + ",\"currency\":\"EUR\"}", ""), 400, "number_too_long");
  }

  private void controlCharacters() {
    for (char c : new char[] {0, 1, 7, 8, '\t', '\n', '\r', 0x1b, 0x1f}) {
      error("raw control char U+" + Integer.toHexString(c) + " in value", valid().replace("P1", "P" + c + "1"), 400,
          "malformed_json");
    }
    error("raw newline in key", valid().replace("\"title\"", "\"ti\ntle\""), 400, "malformed_json");
  }

  private void wrongTypes() {
    String id = "\"event_id\":\"00000000-0000-4000-8000-0000000000";
    rejected("event is a number", valid().replace("\"event\":\"page_viewed\"", "\"event\":7"));
    rejected("event is null", valid().replace("\"event\":\"page_viewed\"", "\"event\":null"));
    rejected("event is missing", valid().replace("\"event\":\"page_viewed\",", ""));
    rejected("event name upper case", valid().replace("page_viewed", "PageViewed"));
    rejected("unknown event", valid().replace("page_viewed", "no_such_event"));
    rejected("event_id is a number", valid().replace("\"event_id\":\"00000000-0000-4000-8000-000000000000\"",
        "\"event_id\":1"));
    rejected("event_id is not a uuid", valid().replace("00000000-0000-4000-8000-000000000000", "abc"));
    rejected("event_id has 37 chars", valid().replace("00000000-0000-4000-8000-000000000000",
        "00000000-0000-4000-8000-0000000000000"));
    rejected("occurred_at is a number", valid().replace("\"2026-11-27T08:00:00.000Z\"", "1764230400000"));
    rejected("occurred_at is prose", valid().replace("2026-11-27T08:00:00.000Z", "yesterday"));
    rejected("occurred_at without zone", valid().replace("2026-11-27T08:00:00.000Z", "2026-11-27T08:00:00"));
    rejected("sent_at is an object", valid().replace("\"2026-11-27T08:00:01.500Z\"", "{}"));
    rejected("properties is an array", valid().substring(0, valid().indexOf("\"properties\"")) + "\"properties\":[1]}");
    rejected("properties is a string", valid().substring(0, valid().indexOf("\"properties\"")) + "\"properties\":\"x\"}");
    rejected("context is a string", valid().replace("\"context\":{", "\"context\":\"c\",\"x\":{"));
    rejected("library is a string", valid().replace("{\"name\":\"logline-js\",\"version\":\"0.1.0\"}", "\"js\""));
    rejected("library name is a number", valid().replace("\"name\":\"logline-js\"", "\"name\":5"));
    rejected("anonymous_id is an object", valid().replace("\"anon-1\"", "{\"a\":1}"));
    rejected("session_id is an array", valid().replace("\"sess-1\"", "[1]"));
    rejected("user_id is a boolean", valid().replace("\"anon-1\"", "\"anon-1\",\"user_id\":true"));
    rejected("property null", valid().replace("\"title\":\"P1\"", "\"title\":null"));
    rejected("property wrong type", valid().replace("\"title\":\"P1\"", "\"title\":5"));
    rejected("required property missing", valid().replace("\"url\":\"https://shop.example/p/1\",", ""));
    rejected("property not in schema", valid().replace("\"title\":\"P1\"", "\"title\":\"P1\",\"extra\":1"));
    rejected("schema is not a SchemaVer", valid().replace("\"properties\"", "\"schema\":\"1.0.0\",\"properties\""));
    rejected("schema version unknown", valid().replace("\"properties\"", "\"schema\":\"9-9-9\",\"properties\""));
    rejected("no anonymous_id nor user_id", valid().replace("\"anonymous_id\":\"anon-1\",", ""));
    rejected("unknown top-level key", valid().replace("\"event\":", "\"evnt\":\"x\",\"event\":"));
    rejected("unknown context key", valid().replace("\"locale\"", "\"colour\":\"red\",\"locale\""));
    rejected("batch element is a string", "{\"batch\":[\"page_viewed\"]}");
    rejected("batch element is a number", "[1]");
    rejected("batch element is null", "[null]");
    rejected("batch element is an array", "[[]]");
    rejected("empty event object", "{}");
    rejected("two bad events", "[{\"event\":1},{\"event\":\"page_viewed\"," + id + "0b\"}]");
  }

  private static byte[] splice(String text, String at, byte[] insert) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int i = text.indexOf(at); // ASCII prefix, so char index == byte index
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bytes, 0, i + 1);
    out.writeBytes(insert);
    out.write(bytes, i + 1, bytes.length - i - 1);
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) sb.append(String.format("%02X ", b));
    return sb.toString().trim();
  }
}
