package dev.logline.servlet.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One event object as parsed from the body, before it is checked and built into an Event. */
public final class RawEvent {
  /** JSON {@code null}; kept apart from Java null so a null value can be named and refused. */
  public static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  /** Top-level keys in body order; values are String, Long, Double, BigDecimal, Boolean, NULL, Map, List. */
  public final Map<String, Object> fields = new LinkedHashMap<>();
  /** Problems found while parsing (limits, non-object element); the event is rejected when not empty. */
  public final List<Problem> problems = new ArrayList<>(0);
  public int propertyCount;
  /** True when a JSON null was read anywhere in the event: null values are rare, so the search for them is skipped. */
  public boolean sawNull;

  public void problem(String pointer, String keyword, String message) {
    if (problems.size() < 10) { // a body full of problems must not make a huge response
      problems.add(new Problem(pointer, keyword, message));
    }
  }

  /** One reason an event is refused, with an RFC 6901 pointer into the event object. */
  public static final class Problem {
    public final String pointer;
    public final String keyword;
    public final String message;

    public Problem(String pointer, String keyword, String message) {
      this.pointer = pointer;
      this.keyword = keyword;
      this.message = message;
    }
  }
}
