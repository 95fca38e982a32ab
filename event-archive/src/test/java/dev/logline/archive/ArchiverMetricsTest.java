package dev.logline.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiverMetricsTest {
  @TempDir Path tmp;

  @Test
  void metersFollowTheArchiver() throws Exception {
    FaultyDestination dest = new FaultyDestination(new LocalDirectoryDestination(tmp.resolve("archive")));
    Archiver archiver = Archiver.builder().directory(tmp.resolve("spool")).destination(dest)
        .retryBase(Duration.ofMillis(10)).retryMax(Duration.ofMillis(100)).scanInterval(Duration.ofMillis(100)).build();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new ArchiverMetrics(archiver).bindTo(registry);
    EventFiles files = new EventFiles(tmp.resolve("spool"), "shop", "web-1", "i1");
    try {
      dest.down(true);
      files.writeMany(Instant.parse("2026-11-27T08:15:00Z"), 2, 10);
      archiver.start();
      await().atMost(Duration.ofSeconds(20))
          .until(() -> registry.get("logline.archive.failures").tag("cause", "unavailable").functionCounter().count() >= 2);
      assertThat(registry.get("logline.archive.pending.files").gauge().value()).isEqualTo(2.0);
      assertThat(registry.get("logline.archive.pending.bytes").gauge().value()).isPositive();
      assertThat(registry.get("logline.archive.last.success.seconds").gauge().value()).isNaN();

      dest.down(false);

      await().atMost(Duration.ofSeconds(20))
          .until(() -> registry.get("logline.archive.shipped.files").functionCounter().count() == 2.0);
      assertThat(registry.get("logline.archive.pending.files").gauge().value()).isZero();
      assertThat(registry.get("logline.archive.shipped.bytes").functionCounter().count()).isPositive();
      assertThat(registry.get("logline.archive.last.success.seconds").gauge().value()).isGreaterThanOrEqualTo(0.0);
      assertThat(registry.get("logline.archive.up").gauge().value()).isEqualTo(1.0);
    } finally {
      archiver.shutdown(Duration.ZERO);
    }
  }
}
