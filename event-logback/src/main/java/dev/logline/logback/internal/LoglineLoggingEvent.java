package dev.logline.logback.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.CallerData;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.spi.SequenceNumberGenerator;
import dev.logline.core.LoggedEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;
import org.slf4j.spi.MDCAdapter;

/**
 * The Logback event for one {@link LoggedEvent}: what {@code logger.info("{}", event)} would create
 * (level INFO, message {@value #MESSAGE}, the event as the only argument, no marker, no throwable),
 * with the same lazily captured thread name, MDC and caller data, in a third of the memory. Any
 * appender sees an ordinary {@link ILoggingEvent}; Logline's own take {@link #loggedEvent()}.
 */
public sealed class LoglineLoggingEvent implements ILoggingEvent permits LoglineLoggingEvent.Sequenced {
  /** The message pattern, as in {@code logger.info("{}", event)}: {@value}. */
  public static final String MESSAGE = "{}";

  private final Logger logger;
  private final LoggedEvent event;
  private final long timeStamp;
  // Captured on first use, on the logging thread at the latest (prepareForDeferredProcessing), like LoggingEvent.
  private String threadName;
  private Map<String, String> mdc;
  private StackTraceElement[] callerData;
  // No cached message or argument array: the event is immutable, so each call gives an equal value, and Logline's
  // own appenders never ask (two fields less on every event).

  private LoglineLoggingEvent(Logger logger, LoggedEvent event) {
    this.logger = logger;
    this.event = event;
    this.timeStamp = System.currentTimeMillis();
  }

  /** The Logback event for {@code event} on {@code logger}, numbered when the context has a sequence generator. */
  static LoglineLoggingEvent of(Logger logger, LoggedEvent event) {
    SequenceNumberGenerator sequence = logger.getLoggerContext().getSequenceNumberGenerator();
    // Most contexts have no generator: only those events carry the field (8 bytes less on every other event).
    return sequence == null ? new LoglineLoggingEvent(logger, event) : new Sequenced(logger, event, sequence);
  }

  /**
   * The {@link LoggedEvent} {@code event} carries: from a {@code LoglineLoggingEvent} directly, else its first
   * argument (an event logged through plain SLF4J); null for an ordinary application log.
   */
  public static LoggedEvent loggedEventOf(ILoggingEvent event) {
    if (event instanceof LoglineLoggingEvent) {
      return ((LoglineLoggingEvent) event).event;
    }
    Object[] args = event.getArgumentArray();
    return args != null && args.length > 0 && args[0] instanceof LoggedEvent ? (LoggedEvent) args[0] : null;
  }

  /** The stamped event this Logback event carries. */
  public LoggedEvent loggedEvent() {
    return event;
  }

  @Override
  public String getThreadName() {
    if (threadName == null) {
      Thread thread = Thread.currentThread();
      String name = thread.getName();
      if (name != null && !name.isEmpty()) {
        threadName = name;
      } else {
        // Logback's names for unnamed threads; a virtual thread's toString starts with "VirtualThread" (Java 21+).
        threadName = (thread.toString().startsWith("VirtualThread") ? "virtual-" : "unnamed-") + thread.getId();
      }
    }
    return threadName;
  }

  @Override
  public Level getLevel() {
    return Level.INFO;
  }

  @Override
  public String getMessage() {
    return MESSAGE;
  }

  @Override
  public Object[] getArgumentArray() {
    return new Object[] {event};
  }

  @Override
  public String getFormattedMessage() {
    return event.toString();
  }

  @Override
  public String getLoggerName() {
    return logger.getName();
  }

  @Override
  public LoggerContextVO getLoggerContextVO() {
    return logger.getLoggerContext().getLoggerContextRemoteView();
  }

  @Override
  public IThrowableProxy getThrowableProxy() {
    return null;
  }

  @Override
  public StackTraceElement[] getCallerData() {
    if (callerData == null) {
      // The caller is the first frame outside Logback's logger and Logline's core (EventLogger, the builder).
      LoggerContext context = logger.getLoggerContext();
      List<String> framework = new ArrayList<>(context.getFrameworkPackages());
      framework.add("dev.logline.core.");
      callerData = CallerData.extract(
          new Throwable(), LogbackDispatcherProvider.DISPATCH_FRAME_CLASS, context.getMaxCallerDataDepth(), framework);
    }
    return callerData;
  }

  @Override
  public boolean hasCallerData() {
    return callerData != null;
  }

  @Override
  public List<Marker> getMarkerList() {
    return null;
  }

  @Override
  public Map<String, String> getMDCPropertyMap() {
    if (mdc == null) {
      MDCAdapter adapter = logger.getLoggerContext().getMDCAdapter();
      Map<String, String> map = adapter instanceof LogbackMDCAdapter
          ? ((LogbackMDCAdapter) adapter).getPropertyMap()
          : adapter.getCopyOfContextMap();
      mdc = map != null ? map : Collections.emptyMap();
    }
    return mdc;
  }

  @Override
  @Deprecated
  public Map<String, String> getMdc() {
    return getMDCPropertyMap();
  }

  @Override
  public long getTimeStamp() {
    return timeStamp;
  }

  @Override
  public int getNanoseconds() {
    return (int) Math.floorMod(timeStamp, 1000L) * 1_000_000;
  }

  /** 0 unless the logger context has a sequence number generator, as for Logback's own events. */
  @Override
  public long getSequenceNumber() {
    return 0;
  }

  @Override
  public List<KeyValuePair> getKeyValuePairs() {
    return null;
  }

  @Override
  public void prepareForDeferredProcessing() {
    getThreadName();
    getMDCPropertyMap();
  }

  @Override
  public String toString() {
    return "[INFO] " + getFormattedMessage();
  }

  static final class Sequenced extends LoglineLoggingEvent {
    private final long sequenceNumber;

    Sequenced(Logger logger, LoggedEvent event, SequenceNumberGenerator sequence) {
      super(logger, event);
      this.sequenceNumber = sequence.nextSequenceNumber();
    }

    @Override
    public long getSequenceNumber() {
      return sequenceNumber;
    }
  }
}
