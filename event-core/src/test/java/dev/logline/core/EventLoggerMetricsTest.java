package dev.logline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventLoggerMetricsTest {
  private LogCapture events;
  private LogCapture deadLetters;

  @BeforeEach
  void capture() {
    events = new LogCapture(EventLogger.DEFAULT_LOGGER_NAME);
    deadLetters = new LogCapture(EventLogger.DEFAULT_DEAD_LETTER_LOGGER_NAME);
  }

  @AfterEach
  void release() {
    events.close();
    deadLetters.close();
  }

  @Test
  void metersFollowTheLoggersCountersWithEveryReasonRegisteredAtZero() {
    EventLogger logger = Data.logger().mode(ValidationMode.LOG).build();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new EventLoggerMetrics(logger, Tags.of("region", "eu")).bindTo(registry);

    logger.log(Data.checkout());
    logger.log(Data.checkout());
    logger.log(Event.builder("checkout_completed").userId("u-1").property("order_id", "o-1")
        .property("amount", 10.0).property("currency", "euro").build());

    String app = logger.producer().app();
    assertThat(registry.get("logline.events.logged").tags("app", app, "region", "eu").functionCounter().count())
        .isEqualTo(2.0);
    assertThat(registry.get("logline.events.rejected").tag("reason", "schema_violation").functionCounter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("logline.events.rejected").functionCounters()).hasSize(RejectReason.values().length);
    assertThat(registry.get("logline.events.rejected").tag("reason", "unknown_schema").functionCounter().count())
        .isZero();
  }

  @Test
  void aNullLoggerIsRefusedAtOnce() {
    assertThatThrownBy(() -> new EventLoggerMetrics(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("logger == null");
  }
}
