package dev.logline.test;

import dev.logline.core.LoggedEvent;
import java.math.BigDecimal;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/** Assertions on one logged event; chain back with {@link #and()}. */
public final class LoggedEventAssert extends AbstractAssert<LoggedEventAssert, LoggedEvent> {
  private final CapturedEventsAssert parent;

  LoggedEventAssert(LoggedEvent actual, CapturedEventsAssert parent) {
    super(actual, LoggedEventAssert.class);
    this.parent = parent;
  }

  /**
   * Passes when the property equals {@code expected}. Numbers compare by value, so {@code 12.5},
   * {@code 12.50} as BigDecimal, {@code 3} and {@code 3L} match what the event holds.
   */
  public LoggedEventAssert withProperty(String key, Object expected) {
    isNotNull();
    if (!actual.properties().containsKey(key)) {
      failWithMessage("Expected event <%s> to have property <%s> but it has %s", actual.name(), key, actual.properties().keySet());
    }
    Object value = actual.properties().get(key);
    if (!sameValue(value, expected)) {
      failWithMessage("Expected property <%s> of event <%s> to be <%s> but was <%s>", key, actual.name(), expected, value);
    }
    return this;
  }

  public LoggedEventAssert withoutProperty(String key) {
    isNotNull();
    if (actual.properties().containsKey(key)) {
      failWithMessage("Expected event <%s> not to have property <%s> but it is <%s>", actual.name(), key, actual.properties().get(key));
    }
    return this;
  }

  public LoggedEventAssert withUserId(String userId) {
    isNotNull();
    if (!Objects.equals(actual.userId(), userId)) {
      failWithMessage("Expected user_id of event <%s> to be <%s> but was <%s>", actual.name(), userId, actual.userId());
    }
    return this;
  }

  public LoggedEventAssert withSchema(String schema) {
    isNotNull();
    if (!actual.schema().toString().equals(schema)) {
      failWithMessage("Expected schema <%s> but was <%s>", schema, actual.schema());
    }
    return this;
  }

  /** Back to the collection, to assert on other events. */
  public CapturedEventsAssert and() {
    return parent;
  }

  private static boolean sameValue(Object actual, Object expected) {
    if (actual instanceof Number && expected instanceof Number) {
      return toDecimal((Number) actual).compareTo(toDecimal((Number) expected)) == 0;
    }
    if (actual instanceof java.util.Map && expected instanceof java.util.Map) {
      java.util.Map<?, ?> a = (java.util.Map<?, ?>) actual;
      java.util.Map<?, ?> e = (java.util.Map<?, ?>) expected;
      if (!a.keySet().equals(e.keySet())) return false;
      for (Object k : a.keySet()) {
        if (!sameValue(a.get(k), e.get(k))) return false;
      }
      return true;
    }
    if (actual instanceof java.util.List && expected instanceof java.util.List) {
      java.util.List<?> a = (java.util.List<?>) actual;
      java.util.List<?> e = (java.util.List<?>) expected;
      if (a.size() != e.size()) return false;
      for (int i = 0; i < a.size(); i++) {
        if (!sameValue(a.get(i), e.get(i))) return false;
      }
      return true;
    }
    return Objects.equals(actual, expected);
  }

  private static BigDecimal toDecimal(Number n) {
    return n instanceof BigDecimal ? (BigDecimal) n : new BigDecimal(n.toString());
  }
}
