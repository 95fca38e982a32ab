package dev.logline.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.logline.core.LoggedEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CanonicalLineEncoderTest {
  @RegisterExtension final Fixture fx = new Fixture();

  @Test
  void encodesExactlyTheCanonicalLineAndANewline() {
    CanonicalLineEncoder encoder = new CanonicalLineEncoder();
    encoder.setContext(fx.context);
    encoder.start();
    LoggedEvent e = fx.events.event("checkout_completed").user("u-42")
        .property("order_id", "o-1").property("amount", 12.5).property("currency", "EUR").log().logged();

    byte[] bytes = encoder.encode(new LoggingEvent("x", fx.logger, Level.INFO, "{}", null, new Object[] {e}));

    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(e.toString() + "\n");
    assertThat(encoder.headerBytes()).isNull();
    assertThat(encoder.footerBytes()).isNull();
    assertThat(fx.problems(encoder)).isEmpty();
  }

  @Test
  void refusesPlainLogsWithOneWarningPerLoggerAndCountsThem() {
    CanonicalLineEncoder encoder = new CanonicalLineEncoder();
    encoder.setContext(fx.context);
    encoder.start();
    for (int i = 0; i < 3; i++) {
      byte[] bytes = encoder.encode(new LoggingEvent("x", fx.logger, Level.INFO, "hello {}", null, new Object[] {"w"}));
      assertThat(bytes).isEmpty();
    }
    assertThat(encoder.refusedPlainLogs()).isEqualTo(3);
    assertThat(fx.problems(encoder)).containsExactly(
        "refused a plain log from logger '" + fx.loggerName + "': CanonicalLineEncoder encodes only Logline events");
  }
}
