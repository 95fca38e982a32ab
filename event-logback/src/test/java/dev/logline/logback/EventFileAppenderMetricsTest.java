package dev.logline.logback;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class EventFileAppenderMetricsTest {
  @TempDir Path dir;
  @RegisterExtension final Fixture fx = new Fixture();

  @Test
  void metersFollowTheAppendersCountersAndEveryLossReasonIsThereFromTheStart() {
    EventFileAppender a = fx.attach(fx.appender(dir, "metered"));
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new EventFileAppenderMetrics(a).bindTo(registry);
    assertThat(registry.get("logline.appender.events.lost").tag("appender", "metered").functionCounters())
        .extracting(c -> c.getId().getTag("reason"))
        .containsExactlyInAnyOrder("queue_full", "stopped", "write_error", "line_too_long");

    fx.log(5);
    a.stop();
    fx.log(2);

    assertThat(registry.get("logline.appender.events.written").functionCounter().count()).isEqualTo(5.0);
    assertThat(registry.get("logline.appender.bytes.written").functionCounter().count())
        .isEqualTo(a.stats().bytesWritten()).isPositive();
    assertThat(registry.get("logline.appender.files.finished").functionCounter().count()).isEqualTo(1.0);
    assertThat(registry.get("logline.appender.events.lost").tag("reason", "stopped").functionCounter().count())
        .isEqualTo(2.0);
    assertThat(registry.get("logline.appender.events.lost").tag("reason", "write_error").functionCounter().count())
        .isZero();
    assertThat(registry.get("logline.appender.pending.finishes").gauge().value()).isZero();
    fx.assertNoUnexpectedStatus(a, "while it was stopped");
  }
}
