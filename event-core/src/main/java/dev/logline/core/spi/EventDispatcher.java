package dev.logline.core.spi;

import dev.logline.core.LoggedEvent;

/**
 * Hands a stamped event to the logging backend behind {@link dev.logline.core.EventLogger}'s SLF4J
 * logger. The default is {@code logger.info("{}", event)}; a backend module may provide a faster
 * one through {@link EventDispatcherProvider} that keeps the backend's semantics (filters, levels,
 * appender hierarchy).
 */
@FunctionalInterface
public interface EventDispatcher {
  /** Logs {@code event} at INFO, as {@code logger.info("{}", event)} would; may throw what the backend throws. */
  void dispatch(LoggedEvent event);
}
