package dev.logline.test;

import dev.logline.core.LoggedEvent;
import java.util.List;
import java.util.stream.Collectors;
import org.assertj.core.api.AbstractAssert;

/** Assertions on {@link CapturedEvents}. */
public final class CapturedEventsAssert extends AbstractAssert<CapturedEventsAssert, CapturedEvents> {

  CapturedEventsAssert(CapturedEvents actual) {
    super(actual, CapturedEventsAssert.class);
  }

  /** Passes when at least one accepted event is named {@code name}; continue on the last such event. */
  public LoggedEventAssert containsEvent(String name) {
    isNotNull();
    List<LoggedEvent> matching = actual.named(name);
    if (matching.isEmpty()) {
      failWithMessage("Expected an accepted event named <%s> but got %s", name, summary());
    }
    return new LoggedEventAssert(matching.get(matching.size() - 1), this);
  }

  /** Passes when no accepted event is named {@code name}. */
  public CapturedEventsAssert doesNotContainEvent(String name) {
    isNotNull();
    if (!actual.named(name).isEmpty()) {
      failWithMessage("Expected no event named <%s> but found %d: %s", name, actual.named(name).size(), actual.named(name));
    }
    return this;
  }

  /** Passes when exactly {@code count} accepted events are named {@code name}. */
  public CapturedEventsAssert containsEventTimes(String name, int count) {
    isNotNull();
    int found = actual.named(name).size();
    if (found != count) {
      failWithMessage("Expected %d events named <%s> but found %d in %s", count, name, found, summary());
    }
    return this;
  }

  /** Passes when nothing was rejected; the failure lists every rejection with its reason. */
  public CapturedEventsAssert hasNoRejections() {
    isNotNull();
    if (!actual.rejected().isEmpty()) {
      failWithMessage("Expected no rejected events but got:%n%s",
          actual.rejected().stream().map(c -> "  " + c).collect(Collectors.joining("\n")));
    }
    return this;
  }

  /** Passes when an event named {@code name} was rejected. */
  public CapturedEventsAssert hasRejected(String name) {
    isNotNull();
    boolean found = actual.rejected().stream().anyMatch(c -> c.event() != null && c.event().name().equals(name));
    if (!found) {
      failWithMessage("Expected a rejected event named <%s> but rejections were %s", name, actual.rejected());
    }
    return this;
  }

  /** Passes when exactly {@code count} events were accepted. */
  public CapturedEventsAssert hasAcceptedCount(int count) {
    isNotNull();
    if (actual.accepted().size() != count) {
      failWithMessage("Expected %d accepted events but got %d: %s", count, actual.accepted().size(), summary());
    }
    return this;
  }

  private String summary() {
    List<String> names = actual.accepted().stream().map(LoggedEvent::name).collect(Collectors.toList());
    return "accepted " + names + (actual.rejected().isEmpty() ? "" : ", rejected " + actual.rejected());
  }
}
