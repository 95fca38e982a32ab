package dev.logline.benchmarks;

import static net.logstash.logback.argument.StructuredArguments.kv;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.Encoder;
import net.logstash.logback.composite.loggingevent.ArgumentsJsonProvider;
import net.logstash.logback.composite.loggingevent.LogLevelJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggerNameJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventFormattedTimestampJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventJsonProviders;
import net.logstash.logback.composite.loggingevent.LoggingEventThreadNameJsonProvider;
import net.logstash.logback.composite.loggingevent.MessageJsonProvider;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;
import org.slf4j.Logger;

/**
 * The peer: logstash-logback-encoder 8.x behind Logback's {@link FileAppender} with {@code immediateFlush=true}
 * (one flush to the OS per event, Logline's default policy), logging the typical event's fields as structured
 * arguments, the way its documentation shows.
 */
public final class PeerLogging {
  private PeerLogging() {}

  /** Which encoder the peer uses. */
  public enum Kind {
    /** {@link LogstashEncoder} with its defaults. */
    LOGSTASH_ENCODER,
    /** {@link LoggingEventCompositeJsonEncoder}: timestamp, level, logger, thread, message and the arguments. */
    COMPOSITE
  }

  /** A started file appender writing to {@code file}. */
  public static FileAppender<ILoggingEvent> fileAppender(LoggerContext ctx, Kind kind, String file) {
    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(ctx);
    appender.setName("peer-" + kind);
    appender.setFile(file);
    appender.setAppend(true);
    appender.setImmediateFlush(true);
    appender.setEncoder(encoder(ctx, kind));
    appender.start();
    return appender;
  }

  static Encoder<ILoggingEvent> encoder(LoggerContext ctx, Kind kind) {
    if (kind == Kind.LOGSTASH_ENCODER) {
      LogstashEncoder encoder = new LogstashEncoder();
      encoder.setContext(ctx);
      encoder.start();
      return encoder;
    }
    LoggingEventCompositeJsonEncoder encoder = new LoggingEventCompositeJsonEncoder();
    encoder.setContext(ctx);
    LoggingEventJsonProviders providers = new LoggingEventJsonProviders();
    providers.addTimestamp(new LoggingEventFormattedTimestampJsonProvider());
    providers.addLogLevel(new LogLevelJsonProvider());
    providers.addLoggerName(new LoggerNameJsonProvider());
    providers.addThreadName(new LoggingEventThreadNameJsonProvider());
    providers.addMessage(new MessageJsonProvider());
    providers.addArguments(new ArgumentsJsonProvider());
    encoder.setProviders(providers);
    encoder.start();
    return encoder;
  }

  /** The peer's call for the typical event: the user, the session and the ten properties as key-value arguments. */
  public static void log(Logger logger) {
    logger.info(TypicalEvent.NAME,
        kv("user_id", TypicalEvent.USER_ID),
        kv("session_id", TypicalEvent.SESSION_ID),
        kv("order_id", TypicalEvent.ORDER_ID),
        kv("amount", TypicalEvent.AMOUNT),
        kv("currency", TypicalEvent.CURRENCY),
        kv("items", TypicalEvent.ITEMS),
        kv("coupon", TypicalEvent.COUPON),
        kv("payment_method", TypicalEvent.PAYMENT_METHOD),
        kv("shipping_country", TypicalEvent.SHIPPING_COUNTRY),
        kv("first_order", TypicalEvent.FIRST_ORDER),
        kv("discount", TypicalEvent.DISCOUNT),
        kv("channel", TypicalEvent.CHANNEL));
  }
}
