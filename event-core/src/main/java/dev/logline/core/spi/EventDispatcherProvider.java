package dev.logline.core.spi;

import org.slf4j.Logger;

/**
 * Finds a backend-specific {@link EventDispatcher}; implementations are listed in {@code
 * META-INF/services/dev.logline.core.spi.EventDispatcherProvider} and found with {@link
 * java.util.ServiceLoader} when an {@link dev.logline.core.EventLogger} is built.
 */
public interface EventDispatcherProvider {
  /** A dispatcher for {@code logger}, or null when this provider does not know the logger's backend. */
  EventDispatcher dispatcherFor(Logger logger);
}
