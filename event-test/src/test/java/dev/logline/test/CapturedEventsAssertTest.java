package dev.logline.test;

import static dev.logline.test.LoglineAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logline.core.EventLogger;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The assertions must fail when the events do not match: these tests prove they can. */
@ExtendWith(LoglineExtension.class)
class CapturedEventsAssertTest {
  private CapturedEvents captured;

  @BeforeEach
  void logOne(CapturedEvents captured, EventLogger events) {
    this.captured = captured;
    events.event("checkout_completed").user("u-1")
        .property("order_id", "o-1").property("amount", 12.5).property("currency", "EUR")
        .property("coupon", "WINTER")
        .log();
  }

  @Test
  void missingEventFailsNamingWhatWasLogged() {
    assertThatThrownBy(() -> assertThat(captured).containsEvent("user_signed_up"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("user_signed_up")
        .hasMessageContaining("checkout_completed");
  }

  @Test
  void wrongPropertyValueFails() {
    assertThatThrownBy(() -> assertThat(captured).containsEvent("checkout_completed").withProperty("amount", 13))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("amount").hasMessageContaining("13").hasMessageContaining("12.5");
  }

  @Test
  void missingPropertyFailsListingThePresentOnes() {
    assertThatThrownBy(() -> assertThat(captured).containsEvent("checkout_completed").withProperty("tax", 1))
        .isInstanceOf(AssertionError.class).hasMessageContaining("tax").hasMessageContaining("order_id");
  }

  @Test
  void numbersCompareByValue() {
    assertThat(captured).containsEvent("checkout_completed")
        .withProperty("amount", new BigDecimal("12.50"))
        .withProperty("amount", 12.5f)
        .withoutProperty("tax");
  }

  @Test
  void otherAssertionsFailToo() {
    assertThatThrownBy(() -> assertThat(captured).doesNotContainEvent("checkout_completed")).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> assertThat(captured).containsEventTimes("checkout_completed", 2)).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> assertThat(captured).hasRejected("checkout_completed")).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> assertThat(captured).hasAcceptedCount(0)).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> assertThat(captured).containsEvent("checkout_completed").withUserId("u-2"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("u-2");
    assertThatThrownBy(() -> assertThat(captured).containsEvent("checkout_completed").withoutProperty("coupon"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("WINTER");
  }

  @Test
  void nestedValuesCompareDeeplyByValue(EventLogger events) {
    events.event("golden_free").user("u").property("m", Map.of("n", List.of(1, 2.5))).log();
    assertThat(captured).containsEvent("golden_free").withProperty("m", Map.of("n", List.of(1L, new BigDecimal("2.50"))));
    assertThatThrownBy(() -> assertThat(captured).containsEvent("golden_free").withProperty("m", Map.of("n", List.of(1))))
        .isInstanceOf(AssertionError.class);
  }
}
