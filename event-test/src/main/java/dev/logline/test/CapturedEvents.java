package dev.logline.test;

import dev.logline.core.Event;
import dev.logline.core.LogResult;
import dev.logline.core.LoggedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Events logged by any {@code EventLogger} while a test ran, in logging order. Thread-safe. */
public final class CapturedEvents {
  /** One event with its outcome. */
  public static final class Captured {
    private final Event event;
    private final LogResult result;

    Captured(Event event, LogResult result) {
      this.event = event;
      this.result = result;
    }

    public Event event() {
      return event;
    }

    public LogResult result() {
      return result;
    }

    public boolean accepted() {
      return result.isAccepted();
    }

    /** The stamped event when accepted, else null. */
    public LoggedEvent logged() {
      return result.logged();
    }

    @Override
    public String toString() {
      return (event == null ? "null" : event.name()) + " " + (accepted() ? "accepted" : result.toString())
          + " " + (event == null ? "" : event.properties());
    }
  }

  private final List<Captured> events = new ArrayList<>();

  synchronized void add(Event event, LogResult result) {
    events.add(new Captured(event, result));
  }

  /** Everything captured, accepted and rejected. */
  public synchronized List<Captured> all() {
    return List.copyOf(events);
  }

  /** The events that were accepted and logged. */
  public List<LoggedEvent> accepted() {
    return all().stream().filter(Captured::accepted).map(Captured::logged).collect(Collectors.toList());
  }

  /** The events that were refused, with their results. */
  public List<Captured> rejected() {
    return all().stream().filter(c -> !c.accepted()).collect(Collectors.toList());
  }

  /** Accepted events named {@code name}. */
  public List<LoggedEvent> named(String name) {
    return accepted().stream().filter(e -> e.name().equals(name)).collect(Collectors.toList());
  }

  public synchronized void clear() {
    events.clear();
  }

  @Override
  public synchronized String toString() {
    return events.toString();
  }
}
