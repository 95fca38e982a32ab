package dev.logline.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.logline.core.EventLogger;
import dev.logline.core.LogResult;
import dev.logline.core.LoggedEvent;
import dev.logline.core.Producer;
import dev.logline.core.spi.EventDispatcher;
import dev.logline.core.spi.EventDispatcherProvider;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * EventLogger asks the {@link EventDispatcherProvider}s on the classpath (this module's tests register {@link
 * TestProvider}) and falls back to {@code logger.info("{}", event)} when none knows the logger or one fails.
 */
class DispatchersTest {
  static final String CLAIMED = "events.dispatchers-test.claimed";
  static final String BROKEN = "events.dispatchers-test.broken";
  static final List<LoggedEvent> DISPATCHED = new CopyOnWriteArrayList<>();

  /** Claims the logger {@value #CLAIMED}, fails for {@value #BROKEN}, knows no other. */
  public static final class TestProvider implements EventDispatcherProvider {
    @Override
    public EventDispatcher dispatcherFor(org.slf4j.Logger logger) {
      if (logger.getName().equals(BROKEN)) {
        throw new IllegalStateException("a provider with a bug");
      }
      return logger.getName().equals(CLAIMED) ? DISPATCHED::add : null;
    }
  }

  private static EventLogger loggerNamed(String name) {
    return EventLogger.builder().producer(Producer.of("shop", "h", UUID.randomUUID().toString())).loggerName(name)
        .build();
  }

  private static LogResult logOne(EventLogger events) {
    return events.event("page_viewed").anonymousId("a-1").property("url", "/").log();
  }

  @Test
  void aProviderThatKnowsTheLoggerGetsTheEvents() {
    ListAppender<ILoggingEvent> slf4j = attach(CLAIMED);
    LogResult result = logOne(loggerNamed(CLAIMED));

    assertThat(result.isAccepted()).isTrue();
    assertThat(DISPATCHED).contains(result.logged());
    assertThat(slf4j.list).as("not also through SLF4J").isEmpty();
  }

  @Test
  void withoutAProviderForTheLoggerEventsGoThroughSlf4jAtInfo() {
    String name = "events.dispatchers-test.plain";
    ListAppender<ILoggingEvent> slf4j = attach(name);
    LogResult result = logOne(loggerNamed(name));

    assertThat(slf4j.list).singleElement().satisfies(e -> {
      assertThat(e.getMessage()).isEqualTo("{}");
      assertThat(e.getArgumentArray()).containsExactly(result.logged());
    });
    assertThat(DISPATCHED).doesNotContain(result.logged());
  }

  @Test
  void aProviderThatFailsLeavesSlf4jInCharge() {
    ListAppender<ILoggingEvent> slf4j = attach(BROKEN);
    LogResult result = logOne(loggerNamed(BROKEN));

    assertThat(result.isAccepted()).isTrue();
    assertThat(slf4j.list).singleElement()
        .satisfies(e -> assertThat(e.getArgumentArray()).containsExactly(result.logged()));
  }

  private static ListAppender<ILoggingEvent> attach(String name) {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ((Logger) LoggerFactory.getLogger(name)).addAppender(appender);
    return appender;
  }
}
