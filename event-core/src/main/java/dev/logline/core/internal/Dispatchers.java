package dev.logline.core.internal;

import dev.logline.core.spi.EventDispatcher;
import dev.logline.core.spi.EventDispatcherProvider;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.Logger;

/** Picks the dispatcher for an SLF4J logger: a provider's if one knows the backend, else plain SLF4J. */
public final class Dispatchers {
  private Dispatchers() {}

  /** The first provider's dispatcher for {@code logger}, or {@code logger.info("{}", event)}. */
  public static EventDispatcher forLogger(Logger logger) {
    EventDispatcher found = find(logger, Thread.currentThread().getContextClassLoader());
    if (found == null) {
      found = find(logger, Dispatchers.class.getClassLoader());
    }
    return found != null ? found : event -> logger.info("{}", event);
  }

  private static EventDispatcher find(Logger logger, ClassLoader loader) {
    try {
      for (EventDispatcherProvider provider : ServiceLoader.load(EventDispatcherProvider.class, loader)) {
        EventDispatcher dispatcher = provider.dispatcherFor(logger);
        if (dispatcher != null) {
          return dispatcher;
        }
      }
    } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
      // A broken provider (e.g. a backend jar of another version) must not stop logging: SLF4J still works.
    }
    return null;
  }
}
