package dev.logline.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.EncoderBase;
import dev.logline.core.CanonicalLineWriter;
import dev.logline.core.EventException;
import dev.logline.core.LoggedEvent;
import dev.logline.logback.internal.LoglineLoggingEvent;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Logback encoder that emits the canonical line plus {@code '\n'} for events logged by
 * {@code EventLogger}, with no pattern decoration, so any Logback appender (console, socket, ...)
 * can carry Logline lines. Plain logs are refused: nothing is written, a status warning is issued
 * once per logger name, and {@link #refusedPlainLogs()} counts them.
 *
 * <p>Thread-safe: Logback calls {@code encode} outside its appenders' locks.
 */
public final class CanonicalLineEncoder extends EncoderBase<ILoggingEvent> {
  private static final byte[] NOTHING = new byte[0];
  private static final int MAX_WARNED_LOGGERS = 1000;

  private final CanonicalLineWriter writer = new CanonicalLineWriter(EventFileAppender.DEFAULT_MAX_LINE_BYTES);
  private final Map<String, Boolean> warned = new ConcurrentHashMap<>();
  private final LongAdder refused = new LongAdder();

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    LoggedEvent loggedEvent = LoglineLoggingEvent.loggedEventOf(event);
    if (loggedEvent == null) {
      refused.increment();
      String logger = String.valueOf(event.getLoggerName());
      if (warned.size() < MAX_WARNED_LOGGERS && warned.putIfAbsent(logger, Boolean.TRUE) == null) {
        addWarn("refused a plain log from logger '" + logger + "': CanonicalLineEncoder encodes only Logline events");
      }
      return NOTHING;
    }
    synchronized (writer) {
      try {
        int length = writer.encode(loggedEvent);
        byte[] line = Arrays.copyOf(writer.buffer(), length + 1);
        line[length] = '\n';
        return line;
      } catch (EventException e) {
        addError("event '" + loggedEvent.name() + "' seq " + loggedEvent.seq() + " not encoded: " + e.getMessage());
        return NOTHING;
      }
    }
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }

  /** Plain logs refused since creation. */
  public long refusedPlainLogs() {
    return refused.sum();
  }
}
