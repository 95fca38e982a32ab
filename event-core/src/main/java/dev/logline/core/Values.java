package dev.logline.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Normalises property values into the immutable JSON model events carry. */
final class Values {
  private static final int DESCRIBE_LIMIT = 64;

  private Values() {}

  /**
   * Returns an immutable copy of {@code value} in the event model: String, Long, Double,
   * BigDecimal, Boolean, Instant, sorted Map and List of those. Anything else, NaN and the
   * infinities are refused with the property path in the message.
   */
  static Object normalize(String path, Object value) {
    if (value == null) {
      throw new NullPointerException(path + " == null");
    }
    if (value instanceof String || value instanceof Boolean || value instanceof Long) {
      return value;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Double || value instanceof Float) {
      return checkFinite(path, ((Number) value).doubleValue());
    }
    if (value instanceof BigDecimal) {
      return value;
    }
    if (value instanceof BigInteger) {
      return new BigDecimal((BigInteger) value);
    }
    if (value instanceof Instant) {
      return checkInstant(path, (Instant) value);
    }
    if (value instanceof Map) {
      SortedMap<String, Object> copy = new TreeMap<>();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
        if (!(entry.getKey() instanceof String)) {
          throw EventException.invalidValue(path, entry.getKey(), "expected String keys");
        }
        String key = (String) entry.getKey();
        copy.put(key, normalize(path + "." + key, entry.getValue()));
      }
      return Collections.unmodifiableSortedMap(copy);
    }
    if (value instanceof List) {
      List<?> list = (List<?>) value;
      List<Object> copy = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        copy.add(normalize(path + "[" + i + "]", list.get(i)));
      }
      return Collections.unmodifiableList(copy);
    }
    throw EventException.invalidValue(
        path,
        value,
        "expected String, long, double, BigDecimal, boolean, Instant, Map or List");
  }

  static double checkFinite(String path, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw EventException.invalidValue(path, value, "expected a finite number (JSON cannot hold NaN or Infinity)");
    }
    return value;
  }

  static Instant checkInstant(String path, Instant value) {
    if (!dev.logline.core.internal.Timestamps.inRange(value)) {
      throw EventException.invalidValue(path, value, "expected an instant between years 0000 and 9999");
    }
    return value;
  }

  /** A short, quoted rendering of a value for error messages. */
  static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    String text = value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    if (text.length() > DESCRIBE_LIMIT) {
      text = text.substring(0, DESCRIBE_LIMIT) + "…";
    }
    String type = value.getClass().getSimpleName();
    return type + " " + text;
  }
}
