package dev.logline.servlet;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Publishes an {@link EventIngestFilter}'s counters to Micrometer. Only this class needs micrometer-core (an optional
 * dependency).
 *
 * <ul>
 *   <li>{@code logline.ingest.requests}: requests to the ingest path, whatever their outcome
 *   <li>{@code logline.ingest.events} tagged {@code outcome}: {@code accepted}, {@code rejected} (dead-lettered one by
 *       one), {@code duplicate} (a browser retry, not logged again)
 *   <li>{@code logline.ingest.responses} tagged {@code status}: one counter per status the filter answers with
 *       on the ingest path (202, 204, 400, 403, 405, 413, 415, 500)
 *   <li>{@code logline.ingest.internal.errors}: 500s, each logged server-side with its stack trace
 * </ul>
 */
public final class IngestMetrics implements MeterBinder {
  /** Every status {@link EventIngestFilter} answers with, so each counter exists before its first response. */
  static final int[] STATUSES = {202, 204, 400, 403, 405, 413, 415, 500};

  private final EventIngestFilter filter;
  private final Iterable<Tag> tags;

  public IngestMetrics(EventIngestFilter filter) {
    this(filter, Tags.empty());
  }

  public IngestMetrics(EventIngestFilter filter, Iterable<Tag> tags) {
    this.filter = Objects.requireNonNull(filter, "filter == null");
    this.tags = Objects.requireNonNull(tags, "tags == null");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    counter(registry, "logline.ingest.requests", "Requests to the ingest path", Tags.empty(), IngestStats::requests);
    counter(registry, "logline.ingest.events", "Events by outcome", Tags.of("outcome", "accepted"),
        IngestStats::accepted);
    counter(registry, "logline.ingest.events", "Events by outcome", Tags.of("outcome", "rejected"),
        IngestStats::rejected);
    counter(registry, "logline.ingest.events", "Events by outcome", Tags.of("outcome", "duplicate"),
        IngestStats::duplicates);
    for (int status : STATUSES) {
      counter(registry, "logline.ingest.responses", "Responses by HTTP status", Tags.of("status", "" + status),
          s -> s.status(status));
    }
    counter(registry, "logline.ingest.internal.errors", "500s", Tags.empty(), IngestStats::internalErrors);
  }

  private void counter(MeterRegistry registry, String name, String description, Tags extra,
      ToLongFunction<IngestStats> value) {
    FunctionCounter.builder(name, filter, f -> value.applyAsLong(f.stats()))
        .description(description).tags(tags).tags(extra).register(registry);
  }
}
