package dev.logline.test;

import static dev.logline.test.LoglineAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logline.core.Event;
import dev.logline.core.EventException;
import dev.logline.core.EventLogger;
import dev.logline.core.ValidationMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LoglineExtension.class)
class LoglineExtensionTest {

  private static void checkout(EventLogger events, double amount) {
    events.event("checkout_completed").user("u-1")
        .property("order_id", "o-1").property("amount", amount).property("currency", "EUR").property("items", 2)
        .log();
  }

  @Test
  void capturesEventsLoggedDuringTheTest(CapturedEvents captured, EventLogger events) {
    checkout(events, 12.5);

    assertThat(captured).hasAcceptedCount(1).hasNoRejections()
        .containsEvent("checkout_completed").withProperty("amount", 12.5).withProperty("items", 2)
        .withUserId("u-1").withSchema("checkout_completed/1-0-1");
  }

  @Test
  void eachTestStartsEmpty(CapturedEvents captured) {
    assertThat(captured).hasAcceptedCount(0);
  }

  @Test
  void theResolvedLoggerIsStrictSoABadEventFailsAtItsSource(CapturedEvents captured, EventLogger events) {
    org.assertj.core.api.Assertions.assertThat(events.mode()).isEqualTo(ValidationMode.STRICT);
    assertThatThrownBy(() -> checkout(events, -1)).isInstanceOf(EventException.class).hasMessageContaining("/amount");
    assertThat(captured).hasRejected("checkout_completed").doesNotContainEvent("checkout_completed");
  }

  @Test
  void capturesEventsFromTheApplicationsOwnLoggers(CapturedEvents captured) {
    EventLogger appLogger = EventLogger.builder().app("shop").mode(ValidationMode.LOG).build();
    appLogger.log(Event.builder("page_viewed").anonymousId("a").property("url", "https://x/").build());
    appLogger.log(Event.builder("page_viewed").anonymousId("a").build());

    assertThat(captured).containsEventTimes("page_viewed", 1).hasRejected("page_viewed");
  }
}
