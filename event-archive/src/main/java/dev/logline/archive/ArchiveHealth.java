package dev.logline.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * An immutable snapshot of an {@link Archiver}: what is waiting, what was shipped, what failed. Take
 * one with {@link Archiver#health()}; serve {@link #toJson()} from a health endpoint.
 */
public final class ArchiveHealth {
  private static final JsonFactory JSON = new JsonFactory();

  /** Overall state. */
  public enum Status {
    /** Shipping works and nothing is late. */
    UP,
    /** Recent failures or quarantined files, but within the alert thresholds. */
    DEGRADED,
    /** An alert threshold is crossed (oldest pending too old, too many consecutive failures) or not running. */
    DOWN
  }

  private final Status status;
  private final boolean running;
  private final String destination;
  private final int filesPending;
  private final long bytesPending;
  private final Duration oldestPendingAge;
  private final long filesShipped;
  private final long bytesShipped;
  private final Map<FailureCause, Long> failures;
  private final int consecutiveFailures;
  private final Instant lastSuccess;
  private final String lastError;
  private final int quarantined;

  ArchiveHealth(Status status, boolean running, String destination, int filesPending, long bytesPending,
      Duration oldestPendingAge, long filesShipped, long bytesShipped, Map<FailureCause, Long> failures,
      int consecutiveFailures, Instant lastSuccess, String lastError, int quarantined) {
    this.status = status;
    this.running = running;
    this.destination = destination;
    this.filesPending = filesPending;
    this.bytesPending = bytesPending;
    this.oldestPendingAge = oldestPendingAge;
    this.filesShipped = filesShipped;
    this.bytesShipped = bytesShipped;
    EnumMap<FailureCause, Long> copy = new EnumMap<>(FailureCause.class);
    for (FailureCause c : FailureCause.values()) copy.put(c, failures.getOrDefault(c, 0L));
    this.failures = Collections.unmodifiableMap(copy);
    this.consecutiveFailures = consecutiveFailures;
    this.lastSuccess = lastSuccess;
    this.lastError = lastError;
    this.quarantined = quarantined;
  }

  public Status status() { return status; }
  /** Whether the archiver's worker is running. */
  public boolean running() { return running; }
  /** The destination's description. */
  public String destination() { return destination; }
  /** Finished files not yet shipped. */
  public int filesPending() { return filesPending; }
  public long bytesPending() { return bytesPending; }
  /** Age of the oldest pending file (since its manifest was written); zero when none. */
  public Duration oldestPendingAge() { return oldestPendingAge; }
  /** Files shipped since this archiver started. */
  public long filesShipped() { return filesShipped; }
  public long bytesShipped() { return bytesShipped; }
  /** Failed attempts since start, by cause; every cause present. */
  public Map<FailureCause, Long> failures() { return failures; }
  /** Total failed attempts since start. */
  public long failuresTotal() {
    long n = 0;
    for (long v : failures.values()) n += v;
    return n;
  }
  /** Failed attempts since the last success. */
  public int consecutiveFailures() { return consecutiveFailures; }
  /** When a file was last shipped, or null if never since start. */
  public Instant lastSuccess() { return lastSuccess; }
  /** The last failure's message, or null. */
  public String lastError() { return lastError; }
  /** Files currently in the quarantine directory. */
  public int quarantined() { return quarantined; }

  /** This snapshot as one JSON object, for a health endpoint. */
  public String toJson() {
    StringWriter out = new StringWriter(512);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("status", status.name());
      g.writeBooleanField("running", running);
      g.writeStringField("destination", destination);
      g.writeNumberField("files_pending", filesPending);
      g.writeNumberField("bytes_pending", bytesPending);
      g.writeNumberField("oldest_pending_seconds", oldestPendingAge.toMillis() / 1000.0);
      g.writeNumberField("files_shipped", filesShipped);
      g.writeNumberField("bytes_shipped", bytesShipped);
      g.writeObjectFieldStart("failures");
      for (Map.Entry<FailureCause, Long> e : failures.entrySet()) {
        g.writeNumberField(e.getKey().name().toLowerCase(java.util.Locale.ROOT), e.getValue());
      }
      g.writeEndObject();
      g.writeNumberField("consecutive_failures", consecutiveFailures);
      if (lastSuccess != null) g.writeStringField("last_success", lastSuccess.toString());
      if (lastError != null) g.writeStringField("last_error", lastError);
      g.writeNumberField("quarantined", quarantined);
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("cannot write health JSON", e);
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return toJson();
  }
}
