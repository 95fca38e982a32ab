package dev.logline.logback.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.TurboFilterList;
import ch.qos.logback.core.spi.FilterReply;
import dev.logline.core.LoggedEvent;
import dev.logline.core.spi.EventDispatcher;
import dev.logline.core.spi.EventDispatcherProvider;

/**
 * Dispatches events straight to a Logback logger's appenders, with the decisions {@code
 * logger.info("{}", event)} makes (turbo filters, then the effective level, then the appender
 * hierarchy with additivity) but without Logback's general-purpose {@code LoggingEvent}: a {@link
 * LoglineLoggingEvent} is a third of its size and lets Logline's appender skip the argument array.
 */
public final class LogbackDispatcherProvider implements EventDispatcherProvider {
  /** The frame that calls Logback: caller data starts below it (and below Logline's core). */
  static final String DISPATCH_FRAME_CLASS = Dispatcher.class.getName();

  @Override
  public EventDispatcher dispatcherFor(org.slf4j.Logger logger) {
    return logger instanceof Logger ? new Dispatcher((Logger) logger) : null;
  }

  private static final class Dispatcher implements EventDispatcher {
    private final Logger logger;

    Dispatcher(Logger logger) {
      this.logger = logger;
    }

    @Override
    public void dispatch(LoggedEvent event) {
      TurboFilterList turbo = logger.getLoggerContext().getTurboFilterList();
      FilterReply decision = turbo.isEmpty()
          ? FilterReply.NEUTRAL
          : turbo.getTurboFilterChainDecision(
              null, logger, Level.INFO, LoglineLoggingEvent.MESSAGE, new Object[] {event}, null);
      if (decision == FilterReply.DENY
          || decision == FilterReply.NEUTRAL && logger.getEffectiveLevel().levelInt > Level.INFO_INT) {
        return;
      }
      logger.callAppenders(LoglineLoggingEvent.of(logger, event));
    }

    @Override
    public String toString() {
      return "LogbackDispatcher[" + logger.getName() + "]";
    }
  }
}
