package dev.logline.schema.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.json.JSONArray;
import org.json.JSONObject;

/** Compact JSON rendering and RFC 6901 pointers over org.json values. */
public final class JsonText {
  private JsonText() {
  }

  /** Compact JSON with object keys sorted, so the same value always renders the same. */
  public static String render(Object value) {
    StringBuilder sb = new StringBuilder();
    render(value, sb);
    return sb.toString();
  }

  private static void render(Object value, StringBuilder sb) {
    if (value == null || value == JSONObject.NULL) {
      sb.append("null");
    } else if (value instanceof String s) {
      quote(s, sb);
    } else if (value instanceof JSONObject o) {
      List<String> keys = new ArrayList<>(o.keySet());
      Collections.sort(keys);
      sb.append('{');
      for (int i = 0; i < keys.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        quote(keys.get(i), sb);
        sb.append(':');
        render(o.opt(keys.get(i)), sb);
      }
      sb.append('}');
    } else if (value instanceof JSONArray a) {
      sb.append('[');
      for (int i = 0; i < a.length(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        render(a.opt(i), sb);
      }
      sb.append(']');
    } else {
      sb.append(value); // Number, Boolean
    }
  }

  /** Appends {@code s} as a JSON string; control chars and U+2028/U+2029 escaped. */
  public static void quote(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** The JSON type name of an org.json value: object, array, string, integer, number, boolean or null. */
  public static String typeOf(Object value) {
    if (value == null || value == JSONObject.NULL) {
      return "null";
    } else if (value instanceof JSONObject) {
      return "object";
    } else if (value instanceof JSONArray) {
      return "array";
    } else if (value instanceof String) {
      return "string";
    } else if (value instanceof Boolean) {
      return "boolean";
    } else if (value instanceof java.math.BigDecimal d) {
      return d.stripTrailingZeros().scale() <= 0 ? "integer" : "number";
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return d == Math.rint(d) ? "integer" : "number";
    } else if (value instanceof Number) {
      return "integer";
    }
    return value.getClass().getName();
  }

  /** Escapes one reference token: {@code ~} as {@code ~0}, {@code /} as {@code ~1}. */
  public static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  /** The value at {@code pointer} (RFC 6901, {@code ""} for the root), or null when there is none. */
  public static Object at(Object root, String pointer) {
    if (pointer.isEmpty()) {
      return root;
    }
    Object current = root;
    for (String raw : pointer.substring(1).split("/", -1)) {
      String token = raw.replace("~1", "/").replace("~0", "~");
      if (current instanceof JSONObject o) {
        current = o.opt(token);
      } else if (current instanceof JSONArray a) {
        try {
          current = a.opt(Integer.parseInt(token));
        } catch (NumberFormatException e) {
          return null;
        }
      } else {
        return null;
      }
      if (current == null) {
        return null;
      }
    }
    return current;
  }
}
