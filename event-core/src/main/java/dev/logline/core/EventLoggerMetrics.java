package dev.logline.core;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.Objects;

/**
 * Publishes an {@link EventLogger}'s counters to Micrometer, tagged {@code app}. Only this class needs
 * micrometer-core (an optional dependency).
 *
 * <ul>
 *   <li>{@code logline.events.logged}: events handed to the events logger
 *   <li>{@code logline.events.rejected} tagged {@code reason} (one counter per {@link RejectReason}, zero included,
 *       so an alert can watch a reason before it first happens)
 * </ul>
 */
public final class EventLoggerMetrics implements MeterBinder {
  private final EventLogger logger;
  private final Iterable<Tag> tags;

  public EventLoggerMetrics(EventLogger logger) {
    this(logger, Tags.empty());
  }

  public EventLoggerMetrics(EventLogger logger, Iterable<Tag> tags) {
    this.logger = Objects.requireNonNull(logger, "logger == null");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags == null")).and("app", logger.producer().app());
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    FunctionCounter.builder("logline.events.logged", logger, l -> l.stats().logged())
        .description("Events handed to the events logger").tags(tags).register(registry);
    for (RejectReason reason : RejectReason.values()) {
      FunctionCounter.builder("logline.events.rejected", logger, l -> l.stats().rejected(reason))
          .description("Events refused and dead-lettered").tags(tags)
          .tag("reason", reason.name().toLowerCase(Locale.ROOT)).register(registry);
    }
  }
}
