package dev.logline.archive;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Publishes an {@link Archiver}'s health to Micrometer. Only this class needs micrometer-core (an
 * optional dependency); the archiver works without it.
 *
 * <ul>
 *   <li>{@code logline.archive.pending.files}, {@code .pending.bytes}, {@code .oldest.pending.seconds} (gauges)
 *   <li>{@code logline.archive.shipped.files}, {@code .shipped.bytes} (counters)
 *   <li>{@code logline.archive.failures} tagged {@code cause} (one counter per {@link FailureCause})
 *   <li>{@code logline.archive.consecutive.failures}, {@code .quarantined.files} (gauges)
 *   <li>{@code logline.archive.last.success.seconds}: seconds since the last file was shipped, NaN before the first
 *   <li>{@code logline.archive.up}: 1 for UP, 0.5 for DEGRADED, 0 for DOWN
 * </ul>
 */
public final class ArchiverMetrics implements MeterBinder {
  private final Archiver archiver;
  private final Iterable<Tag> tags;

  public ArchiverMetrics(Archiver archiver) {
    this(archiver, Tags.empty());
  }

  public ArchiverMetrics(Archiver archiver, Iterable<Tag> tags) {
    this.archiver = Objects.requireNonNull(archiver, "archiver == null");
    this.tags = Objects.requireNonNull(tags, "tags == null");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Archiver a = archiver;
    Gauge.builder("logline.archive.pending.files", a, x -> x.health().filesPending())
        .description("Finished files not yet shipped").tags(tags).register(registry);
    Gauge.builder("logline.archive.pending.bytes", a, x -> x.health().bytesPending())
        .baseUnit("bytes").description("Bytes of finished files not yet shipped").tags(tags).register(registry);
    Gauge.builder("logline.archive.oldest.pending.seconds", a, x -> x.health().oldestPendingAge().toMillis() / 1000.0)
        .baseUnit("seconds").description("Age of the oldest file not yet shipped").tags(tags).register(registry);
    FunctionCounter.builder("logline.archive.shipped.files", a, x -> x.health().filesShipped())
        .description("Files shipped and verified").tags(tags).register(registry);
    FunctionCounter.builder("logline.archive.shipped.bytes", a, x -> x.health().bytesShipped())
        .baseUnit("bytes").description("Bytes shipped and verified").tags(tags).register(registry);
    for (FailureCause cause : FailureCause.values()) {
      FunctionCounter.builder("logline.archive.failures", a, x -> x.health().failures().get(cause))
          .description("Failed shipping attempts").tags(tags).tag("cause", cause.name().toLowerCase(java.util.Locale.ROOT))
          .register(registry);
    }
    Gauge.builder("logline.archive.consecutive.failures", a, x -> x.health().consecutiveFailures())
        .description("Failed attempts since the last success").tags(tags).register(registry);
    Gauge.builder("logline.archive.quarantined.files", a, x -> x.health().quarantined())
        .description("Files in quarantine, waiting for a human").tags(tags).register(registry);
    Gauge.builder("logline.archive.last.success.seconds", a, ArchiverMetrics::sinceLastSuccess)
        .baseUnit("seconds").description("Seconds since a file was last shipped").tags(tags).register(registry);
    Gauge.builder("logline.archive.up", a, x -> {
      switch (x.health().status()) {
        case UP: return 1.0;
        case DEGRADED: return 0.5;
        default: return 0.0;
      }
    }).description("1 UP, 0.5 DEGRADED, 0 DOWN").tags(tags).register(registry);
  }

  private static double sinceLastSuccess(Archiver a) {
    Instant last = a.health().lastSuccess();
    if (last == null) return Double.NaN;
    return Duration.between(last, Instant.now()).toMillis() / 1000.0;
  }
}
