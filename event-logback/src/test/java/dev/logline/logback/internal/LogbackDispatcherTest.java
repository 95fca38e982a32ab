package dev.logline.logback.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.BasicSequenceNumberGenerator;
import ch.qos.logback.core.spi.FilterReply;
import dev.logline.core.Event;
import dev.logline.core.EventLogger;
import dev.logline.core.LogResult;
import dev.logline.core.LoggedEvent;
import dev.logline.core.Producer;
import dev.logline.core.spi.EventDispatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.helpers.NOPLogger;

/**
 * With event-logback on the classpath, EventLogger hands events straight to the Logback logger's appenders; every
 * appender must see what {@code logger.info("{}", event)} would have given it.
 */
class LogbackDispatcherTest {
  final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  final String loggerName = "events.dispatch." + UUID.randomUUID();
  final Logger logger = context.getLogger(loggerName);
  final EventLogger events = EventLogger.builder()
      .producer(Producer.of("shop", "host-1", UUID.randomUUID().toString()))
      .loggerName(loggerName)
      .build();
  final ListAppender<ILoggingEvent> list = new ListAppender<>();
  final List<Runnable> cleanup = new ArrayList<>();

  LogbackDispatcherTest() {
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
    list.setContext(context);
    list.start();
    logger.addAppender(list);
  }

  @AfterEach
  void tearDown() {
    cleanup.forEach(Runnable::run);
    logger.detachAndStopAllAppenders();
    MDC.clear();
  }

  LogResult logOne() {
    return events.event("page_viewed").anonymousId("anon-1").property("url", "/p/1").log();
  }

  @Test
  void eventLoggerUsesTheLogbackDispatcherAndAppendersSeeTheEventAsTheOnlyArgument() {
    MDC.put("request", "r-42");
    LogResult result = logOne();

    assertThat(result.isAccepted()).isTrue();
    assertThat(list.list).hasSize(1);
    ILoggingEvent seen = list.list.get(0);
    assertThat(seen).isInstanceOf(LoglineLoggingEvent.class);
    assertThat(seen.getLevel()).isEqualTo(Level.INFO);
    assertThat(seen.getLoggerName()).isEqualTo(loggerName);
    assertThat(seen.getMessage()).isEqualTo("{}");
    assertThat(seen.getArgumentArray()).containsExactly(result.logged());
    assertThat(seen.getFormattedMessage()).isEqualTo(result.logged().toString());
    assertThat(seen.getThreadName()).isEqualTo(Thread.currentThread().getName());
    assertThat(seen.getMDCPropertyMap()).containsEntry("request", "r-42");
    assertThat(seen.getThrowableProxy()).isNull();
    assertThat(seen.getMarkerList()).isNull();
    assertThat(seen.getKeyValuePairs()).isNull();
    assertThat(seen.getLoggerContextVO().getName()).isEqualTo(context.getName());
    assertThat(seen.getTimeStamp()).isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis());
    assertThat(seen.getInstant().toEpochMilli()).isEqualTo(seen.getTimeStamp());
    assertThat(seen.getNanoseconds()).isEqualTo((int) (seen.getTimeStamp() % 1000) * 1_000_000);
    assertThat(LoglineLoggingEvent.loggedEventOf(seen)).isSameAs(result.logged());
  }

  @Test
  void aPatternLayoutPrintsTheSameAsForLogbacksOwnEvent() {
    PatternLayout layout = new PatternLayout();
    layout.setContext(context);
    layout.setPattern("%level|%logger|%thread|%X{request}|%class.%method:%line|%msg");
    layout.start();
    List<String> printed = new ArrayList<>();
    AppenderBase<ILoggingEvent> printer = new AppenderBase<>() {
      @Override
      protected void append(ILoggingEvent event) {
        printed.add(layout.doLayout(event)); // at append time, as a console appender does: caller data is live
      }
    };
    printer.setContext(context);
    printer.start();
    logger.addAppender(printer);
    MDC.put("request", "r-7");

    // The caller is the code that called log(), not Logline's internals; the same line calls plain SLF4J.
    Event.Builder event = events.event("page_viewed").anonymousId("anon-1").property("url", "/");
    logger.info("{}", event.log().logged()); // Logline's event first, then plain SLF4J's, from one line

    assertThat(list.list).hasSize(2);
    assertThat(list.list.get(0)).isInstanceOf(LoglineLoggingEvent.class);
    assertThat(list.list.get(1)).isNotInstanceOf(LoglineLoggingEvent.class);
    assertThat(printed).hasSize(2);
    assertThat(printed.get(0)).isEqualTo(printed.get(1));
    assertThat(printed.get(0))
        .contains("|r-7|" + getClass().getName() + ".aPatternLayoutPrintsTheSameAsForLogbacksOwnEvent:");
  }

  @Test
  void anAsyncAppenderGetsTheThreadNameAndMdcOfTheLoggingThread() throws Exception {
    ListAppender<ILoggingEvent> behind = new ListAppender<>();
    behind.setContext(context);
    behind.start();
    AsyncAppender async = new AsyncAppender();
    async.setContext(context);
    async.setName("async-" + loggerName);
    async.addAppender(behind);
    async.start();
    logger.addAppender(async);

    AtomicReference<LogResult> result = new AtomicReference<>();
    Thread t = new Thread(() -> {
      MDC.put("request", "r-async");
      result.set(logOne());
      MDC.clear();
    }, "checkout-worker-3");
    t.start();
    t.join();
    async.stop(); // drains the queue

    assertThat(behind.list).hasSize(1);
    ILoggingEvent seen = behind.list.get(0);
    assertThat(seen.getThreadName()).isEqualTo("checkout-worker-3");
    assertThat(seen.getMDCPropertyMap()).containsEntry("request", "r-async");
    assertThat(seen.getFormattedMessage()).isEqualTo(result.get().logged().toString());
  }

  @Test
  void additivityDecidesWhetherParentAppendersSeeTheEvent() {
    ListAppender<ILoggingEvent> parent = new ListAppender<>();
    parent.setContext(context);
    parent.start();
    Logger parentLogger = context.getLogger(loggerName.substring(0, loggerName.lastIndexOf('.')));
    parentLogger.addAppender(parent);
    cleanup.add(() -> parentLogger.detachAppender(parent));

    logger.setAdditive(true);
    logOne();
    logger.setAdditive(false);
    logOne();

    assertThat(list.list).hasSize(2);
    assertThat(parent.list).hasSize(1);
  }

  @Test
  void aTurboFilterThatDeniesTheEventArgumentStopsItLikeForLogbacksOwnEvents() {
    TurboFilter denyEvents = new TurboFilter() {
      @Override
      public FilterReply decide(Marker marker, Logger l, Level level, String format, Object[] params, Throwable t) {
        return params != null && params.length == 1 && params[0] instanceof LoggedEvent && l == logger
            ? FilterReply.DENY
            : FilterReply.NEUTRAL;
      }
    };
    denyEvents.setContext(context);
    denyEvents.start();
    context.addTurboFilter(denyEvents);
    cleanup.add(() -> context.getTurboFilterList().remove(denyEvents));

    logOne();
    assertThat(list.list).isEmpty();

    context.getTurboFilterList().remove(denyEvents);
    logOne();
    assertThat(list.list).hasSize(1);
  }

  @Test
  void aTurboFilterThatAcceptsOverridesTheLevelLikeForLogbacksOwnEvents() {
    LoggedEvent logged = logOne().logged();
    list.list.clear();
    TurboFilter acceptEvents = new TurboFilter() {
      @Override
      public FilterReply decide(Marker marker, Logger l, Level level, String format, Object[] params, Throwable t) {
        return l == logger ? FilterReply.ACCEPT : FilterReply.NEUTRAL;
      }
    };
    acceptEvents.setContext(context);
    acceptEvents.start();
    logger.setLevel(Level.WARN);
    EventDispatcher dispatch = new LogbackDispatcherProvider().dispatcherFor(logger);

    dispatch.dispatch(logged);
    assertThat(list.list).as("INFO below WARN, no turbo filter").isEmpty();

    context.addTurboFilter(acceptEvents);
    cleanup.add(() -> context.getTurboFilterList().remove(acceptEvents));
    dispatch.dispatch(logged);
    assertThat(list.list).hasSize(1);
  }

  @Test
  void sequenceNumbersComeFromTheContextsGenerator() {
    context.setSequenceNumberGenerator(new BasicSequenceNumberGenerator());
    cleanup.add(() -> context.setSequenceNumberGenerator(null));
    logOne();
    logOne();
    assertThat(list.list).hasSize(2);
    assertThat(list.list.get(1).getSequenceNumber()).isEqualTo(list.list.get(0).getSequenceNumber() + 1);
  }

  @Test
  void otherBackendsGetNoDispatcherAndPlainLogsCarryNoEvent() {
    assertThat(new LogbackDispatcherProvider().dispatcherFor(NOPLogger.NOP_LOGGER)).isNull();

    logger.info("a plain application log with {}", "an argument");
    assertThat(LoglineLoggingEvent.loggedEventOf(list.list.get(0))).isNull();
  }

  @Test
  void aLogstashEncoderAppenderWritesTheEventAsItWouldLogbacksOwn() throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    net.logstash.logback.encoder.LogstashEncoder encoder = new net.logstash.logback.encoder.LogstashEncoder();
    encoder.setContext(context);
    encoder.start();
    ch.qos.logback.core.OutputStreamAppender<ILoggingEvent> json = new ch.qos.logback.core.OutputStreamAppender<>();
    json.setContext(context);
    json.setEncoder(encoder);
    json.setOutputStream(out);
    json.start();
    logger.addAppender(json);
    MDC.put("request", "r-9");

    LoggedEvent logged = logOne().logged();
    logger.info("{}", logged);
    json.stop();

    String[] lines = out.toString(java.nio.charset.StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(2);
    com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.JsonNode ours = mapper.readTree(lines[0]);
    com.fasterxml.jackson.databind.JsonNode logbacks = mapper.readTree(lines[1]);
    for (String field : List.of("message", "logger_name", "thread_name", "level", "level_value", "request")) {
      assertThat(ours.get(field)).as(field).isEqualTo(logbacks.get(field)).isNotNull();
    }
    assertThat(ours.get("message").asText()).isEqualTo(logged.toString());
    assertThat(ours.fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(() -> logbacks.fieldNames());
  }
}
