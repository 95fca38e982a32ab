package dev.logline.logback;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Publishes an {@link EventFileAppender}'s counters to Micrometer, tagged {@code appender} with its name. Only this
 * class needs micrometer-core (an optional dependency).
 *
 * <ul>
 *   <li>{@code logline.appender.events.written}, {@code .bytes.written}, {@code .files.finished} (counters)
 *   <li>{@code logline.appender.events.lost} tagged {@code reason}: {@code queue_full} (async {@code DROP}),
 *       {@code stopped} (reached the appender while it was not running), {@code write_error},
 *       {@code line_too_long}. Every reason is registered at once, so an alert on {@code > 0} works from the start
 *   <li>{@code logline.appender.plain.logs.refused}, {@code .write.errors}, {@code .finish.errors} (counters)
 *   <li>{@code logline.appender.pending.finishes}, {@code .queued} (gauges)
 * </ul>
 */
public final class EventFileAppenderMetrics implements MeterBinder {
  private final EventFileAppender appender;
  private final Iterable<Tag> tags;

  public EventFileAppenderMetrics(EventFileAppender appender) {
    this(appender, Tags.empty());
  }

  public EventFileAppenderMetrics(EventFileAppender appender, Iterable<Tag> tags) {
    this.appender = Objects.requireNonNull(appender, "appender == null");
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags == null"))
        .and("appender", String.valueOf(appender.getName()));
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(registry, "logline.appender.events.written", "Lines handed to the OS", Tags.empty(),
        EventFileStats::eventsWritten);
    FunctionCounter.builder("logline.appender.bytes.written", appender, a -> a.stats().bytesWritten())
        .baseUnit("bytes").description("Bytes of the lines handed to the OS").tags(tags).register(registry);
    counter(registry, "logline.appender.files.finished", "Files compressed with their manifest", Tags.empty(),
        EventFileStats::filesFinished);
    String lost = "logline.appender.events.lost";
    String lostDescription = "Events that reached the appender and were not written";
    counter(registry, lost, lostDescription, Tags.of("reason", "queue_full"), EventFileStats::dropped);
    counter(registry, lost, lostDescription, Tags.of("reason", "stopped"), EventFileStats::droppedWhileStopped);
    counter(registry, lost, lostDescription, Tags.of("reason", "write_error"), EventFileStats::lostOnError);
    counter(registry, lost, lostDescription, Tags.of("reason", "line_too_long"), EventFileStats::lineTooLong);
    counter(registry, "logline.appender.plain.logs.refused", "Plain application logs refused by the appender",
        Tags.empty(), EventFileStats::refusedPlainLogs);
    counter(registry, "logline.appender.write.errors", "Write errors, all causes", Tags.empty(),
        EventFileStats::writeErrorTotal);
    counter(registry, "logline.appender.finish.errors", "Failed finishes (retried)", Tags.empty(),
        EventFileStats::finishErrors);
    Gauge.builder("logline.appender.pending.finishes", appender, a -> a.stats().pendingFinishes())
        .description("Files closed and waiting for compression").tags(tags).register(registry);
    Gauge.builder("logline.appender.queued", appender, a -> a.stats().queued())
        .description("Events in the async queue").tags(tags).register(registry);
  }

  private void counter(MeterRegistry registry, String name, String description, Tags extra,
      ToLongFunction<EventFileStats> value) {
    FunctionCounter.builder(name, appender, a -> value.applyAsLong(a.stats()))
        .description(description).tags(tags).tags(extra).register(registry);
  }
}
