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

  /** Deeper than this, a cycle is the likely cause: convert again with exact cycle detection. */
  private static final int FAST_MAX_DEPTH = 64;

  private final List<Violation> problems = new ArrayList<>();
  // Only on the slow path: the common case (no cycles possible in parsed or built events) pays nothing.
  private final Set<Object> inProgress;
  // The path to the current value; pointers are only built for problems.
  private Object[] path = new Object[16];
  private int depth;

  private OrgJsonConverter(boolean detectCycles) {
    this.inProgress = detectCycles ? Collections.newSetFromMap(new IdentityHashMap<>()) : null;
  }

  public static Result convert(Object value) {
    OrgJsonConverter c = new OrgJsonConverter(false);
    Object json;
    try {
      json = c.toJson(value);
    } catch (TooDeep e) {
      c = new OrgJsonConverter(true);
      json = c.toJson(value);
    }
    return new Result(json, c.problems.isEmpty() ? List.of() : List.copyOf(c.problems));
  }

  private Object toJson(Object value) {
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
        return problem("expected a finite number, found " + value);
      }
      return d;
    } else if (value instanceof Instant i) {
      return TIMESTAMP.format(i);
    } else if (value instanceof Map<?, ?> || value instanceof JSONObject) {
      return object(value);
    } else if (value instanceof List<?> || value instanceof JSONArray) {
      return array(value);
    }
    return problem("expected a JSON value (Map, List, String, number, Boolean, null or Instant), found "
        + value.getClass().getName());
  }

  private boolean enter(Object container) {
    if (inProgress == null) {
      if (depth >= FAST_MAX_DEPTH) {
        throw new TooDeep();
      }
      return true;
    }
    return inProgress.add(container);
  }

  private void leave(Object container) {
    if (inProgress != null) {
      inProgress.remove(container);
    }
  }

  private void push(Object segment) {
    if (depth == path.length) {
      path = java.util.Arrays.copyOf(path, depth * 2);
    }
    path[depth++] = segment;
  }

  private void pop() {
    path[--depth] = null;
  }

  private Object object(Object value) {
    if (!enter(value)) {
      return problem("expected a JSON value, found a cycle back to an enclosing object");
    }
    JSONObject out = new JSONObject();
    if (value instanceof JSONObject o) {
      for (String key : o.keySet()) {
        push(key);
        out.put(key, toJson(o.opt(key)));
        pop();
      }
    } else {
      ((Map<?, ?>) value).forEach((k, v) -> {
        if (!(k instanceof String key)) {
          problem("expected string keys, found key " + k + " of " + (k == null ? "null" : k.getClass().getName()));
          return;
        }
        push(key);
        out.put(key, toJson(v));
        pop();
      });
    }
    leave(value);
    return out;
  }

  private Object array(Object value) {
    if (!enter(value)) {
      return problem("expected a JSON value, found a cycle back to an enclosing array");
    }
    JSONArray out = new JSONArray();
    if (value instanceof JSONArray a) {
      for (int i = 0; i < a.length(); i++) {
        push(i);
        out.put(toJson(a.opt(i)));
        pop();
      }
    } else {
      List<?> list = (List<?>) value;
      for (int i = 0, n = list.size(); i < n; i++) {
        push(i);
        out.put(toJson(list.get(i)));
        pop();
      }
    }
    leave(value);
    return out;
  }

  private String pointer() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      b.append('/').append(path[i] instanceof String key ? JsonText.escape(key) : path[i].toString());
    }
    return b.toString();
  }

  private Object problem(String expectation) {
    String pointer = pointer();
    problems.add(Violation.of(pointer, "type", (pointer.isEmpty() ? "(root)" : pointer) + ": " + expectation, null));
    return JSONObject.NULL;
  }

  /** Signals the fast path that it went deep enough to suspect a cycle. */
  private static final class TooDeep extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooDeep() {
      super(null, null, false, false);
    }
  }
}
