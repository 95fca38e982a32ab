package dev.logline.core.spi;

import dev.logline.core.Event;
import dev.logline.core.LogResult;

/**
 * Sees every event any {@link dev.logline.core.EventLogger} in this JVM accepts or rejects. Used by
 * the test support to capture events; must be fast and must not throw.
 */
public interface EventTap {
  /** Called after the event was accepted and handed to SLF4J, or after it was rejected. */
  void onEvent(Event event, LogResult result);
}
