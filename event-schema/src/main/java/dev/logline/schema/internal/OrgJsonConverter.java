package dev.logline.schema.internal;

import dev.logline.schema.Violation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * Converts a plain Java object model (Map, List, String, numbers, Boolean, null, Instant) to org.json in one pass.
 * Values that are not JSON become {@link JSONObject#NULL} and are reported as problems, so validation never throws.
 */
public final class OrgJsonConverter {
  /** RFC 3339 UTC with milliseconds, as the canonical line writes an Instant. */
  public static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** The converted value and what could not be converted. */
  public record Result(Object json, List<Violation> problems) {
  }

  private final List<Violation> problems = new ArrayList<>();
  private final Set<Object> inProgress = Collections.newSetFromMap(new IdentityHashMap<>());

  private OrgJsonConverter() {
  }

  public static Result convert(Object value) {
    OrgJsonConverter c = new OrgJsonConverter();
    Object json = c.toJson(value, "");
    return new Result(json, List.copyOf(c.problems));
  }

  private Object toJson(Object value, String pointer) {
    if (value == null || value == JSONObject.NULL) {
      return JSONObject.NULL;
    } else if (value instanceof String || value instanceof Boolean || value instanceof Integer
        || value instanceof Long || value instanceof BigInteger || value instanceof BigDecimal) {
      return value;
    } else if (value instanceof Short || value instanceof Byte) {
      return ((Number) value).intValue();
    } else if (value instanceof Double || value instanceof Float) {
      double d = value instanceof Float f ? Double.parseDouble(f.toString()) : (Double) value; // 0.1f stays 0.1
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return problem(pointer, "expected a finite number, found " + value);
      }
      return d;
    } else if (value instanceof Instant i) {
      return TIMESTAMP.format(i);
    } else if (value instanceof Map<?, ?> || value instanceof JSONObject) {
      return object(value, pointer);
    } else if (value instanceof List<?> || value instanceof JSONArray) {
      return array(value, pointer);
    }
    return problem(pointer, "expected a JSON value (Map, List, String, number, Boolean, null or Instant), found "
        + value.getClass().getName());
  }

  private Object object(Object value, String pointer) {
    if (!inProgress.add(value)) {
      return problem(pointer, "expected a JSON value, found a cycle back to an enclosing object");
    }
    JSONObject out = new JSONObject();
    if (value instanceof JSONObject o) {
      for (String key : o.keySet()) {
        out.put(key, toJson(o.opt(key), pointer + "/" + JsonText.escape(key)));
      }
    } else {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          problem(pointer, "expected string keys, found key " + e.getKey() + " of "
              + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
          continue;
        }
        out.put(key, toJson(e.getValue(), pointer + "/" + JsonText.escape(key)));
      }
    }
    inProgress.remove(value);
    return out;
  }

  private Object array(Object value, String pointer) {
    if (!inProgress.add(value)) {
      return problem(pointer, "expected a JSON value, found a cycle back to an enclosing array");
    }
    JSONArray out = new JSONArray();
    if (value instanceof JSONArray a) {
      for (int i = 0; i < a.length(); i++) {
        out.put(toJson(a.opt(i), pointer + "/" + i));
      }
    } else {
      int i = 0;
      for (Object item : (List<?>) value) {
        out.put(toJson(item, pointer + "/" + i++));
      }
    }
    inProgress.remove(value);
    return out;
  }

  private Object problem(String pointer, String expectation) {
    problems.add(Violation.of(pointer, "type", (pointer.isEmpty() ? "(root)" : pointer) + ": " + expectation, null));
    return JSONObject.NULL;
  }
}
