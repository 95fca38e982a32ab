package dev.logline.core.spi;

import dev.logline.core.Event;
import dev.logline.core.LogResult;
import java.util.concurrent.CopyOnWriteArrayList;

/** The JVM-wide list of {@link EventTap}s. Empty in production: one volatile read per event. */
public final class EventTaps {
  private static final CopyOnWriteArrayList<EventTap> TAPS = new CopyOnWriteArrayList<>();

  private EventTaps() {}

  /** Removes its tap when closed. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /** Adds {@code tap} until the returned handle is closed. */
  public static Registration register(EventTap tap) {
    if (tap == null) throw new NullPointerException("tap == null");
    TAPS.add(tap);
    return () -> TAPS.remove(tap);
  }

  /** Whether any tap is registered: callers skip building what only taps would see. */
  public static boolean active() {
    return !TAPS.isEmpty();
  }

  /** Notifies every tap; a tap that throws is removed rather than break logging. */
  public static void publish(Event event, LogResult result) {
    if (TAPS.isEmpty()) {
      return;
    }
    for (EventTap tap : TAPS) {
      try {
        tap.onEvent(event, result);
      } catch (RuntimeException e) {
        TAPS.remove(tap);
      }
    }
  }
}
