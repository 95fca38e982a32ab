package dev.logline.core;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/** Attaches a Logback ListAppender to a logger for the duration of a test. */
final class LogCapture implements AutoCloseable {
  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  LogCapture(String loggerName) {
    logger = (Logger) LoggerFactory.getLogger(loggerName);
    appender.start();
    logger.addAppender(appender);
  }

  List<ILoggingEvent> events() {
    return appender.list;
  }

  List<String> messages() {
    return appender.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
  }
}
