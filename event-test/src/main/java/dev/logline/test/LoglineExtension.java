package dev.logline.test;

import dev.logline.core.EventLogger;
import dev.logline.core.Producer;
import dev.logline.core.ValidationMode;
import dev.logline.core.spi.EventTaps;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Captures every event logged during each test.
 *
 * <pre>{@code
 * @ExtendWith(LoglineExtension.class)
 * class CheckoutTest {
 *   @Test
 *   void checkoutIsTracked(CapturedEvents captured, EventLogger events) {
 *     new CheckoutService(events).checkout(cart);
 *     assertThat(captured).containsEvent("checkout_completed").withProperty("amount", 12.5);
 *   }
 * }
 * }</pre>
 *
 * <p>Parameters it resolves: {@link CapturedEvents}, and an {@link EventLogger} in {@link
 * ValidationMode#STRICT} (app {@value #TEST_APP}) so a bad event fails the test at its source.
 * Capture is JVM-wide: with parallel test execution, events from concurrent tests appear too.
 */
public final class LoglineExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  /** App name of the resolved {@link EventLogger}: {@value}. */
  public static final String TEST_APP = "test";

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LoglineExtension.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    CapturedEvents captured = new CapturedEvents();
    EventTaps.Registration registration = EventTaps.register(captured::add);
    context.getStore(NS).put(CapturedEvents.class, captured);
    context.getStore(NS).put(EventTaps.Registration.class, registration);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    EventTaps.Registration registration =
        context.getStore(NS).remove(EventTaps.Registration.class, EventTaps.Registration.class);
    if (registration != null) {
      registration.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == CapturedEvents.class || type == EventLogger.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    if (type == CapturedEvents.class) {
      CapturedEvents captured = context.getStore(NS).get(CapturedEvents.class, CapturedEvents.class);
      if (captured == null) {
        throw new IllegalStateException("CapturedEvents is available in test methods (and @BeforeEach), not in @BeforeAll");
      }
      return captured;
    }
    return EventLogger.builder()
        .producer(Producer.of(TEST_APP, "localhost", "test-" + context.getUniqueId().hashCode()))
        .mode(ValidationMode.STRICT)
        .build();
  }
}
