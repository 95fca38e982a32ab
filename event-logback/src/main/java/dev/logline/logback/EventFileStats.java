package dev.logline.logback;

import java.util.Map;
import java.util.Objects;

/** An immutable snapshot of an {@link EventFileAppender}'s counters. */
public final class EventFileStats {
  private final long eventsWritten;
  private final long bytesWritten;
  private final long filesFinished;
  private final long refusedPlainLogs;
  private final long dropped;
  private final long droppedWhileStopped;
  private final long lostOnError;
  private final long lineTooLong;
  private final Map<String, Long> writeErrors;
  private final long finishErrors;
  private final String lastError;
  private final int pendingFinishes;
  private final int queued;
  private final long fsyncs;

  EventFileStats(long eventsWritten, long bytesWritten, long filesFinished, long refusedPlainLogs, long dropped,
      long droppedWhileStopped, long lostOnError, long lineTooLong, Map<String, Long> writeErrors, long finishErrors,
      String lastError, int pendingFinishes, int queued, long fsyncs) {
    this.eventsWritten = eventsWritten;
    this.bytesWritten = bytesWritten;
    this.filesFinished = filesFinished;
    this.refusedPlainLogs = refusedPlainLogs;
    this.dropped = dropped;
    this.droppedWhileStopped = droppedWhileStopped;
    this.lostOnError = lostOnError;
    this.lineTooLong = lineTooLong;
    this.writeErrors = Map.copyOf(writeErrors);
    this.finishErrors = finishErrors;
    this.lastError = lastError;
    this.pendingFinishes = pendingFinishes;
    this.queued = queued;
    this.fsyncs = fsyncs;
  }

  /** Lines handed to the OS (flushed) since start. */
  public long eventsWritten() { return eventsWritten; }
  /** Bytes of those lines, newlines included. */
  public long bytesWritten() { return bytesWritten; }
  /** Files compressed with a manifest, recovered ones included. */
  public long filesFinished() { return filesFinished; }
  /** Plain application logs (no {@code LoggedEvent} argument) that reached the appender and were refused. */
  public long refusedPlainLogs() { return refusedPlainLogs; }
  /** Events dropped because the async queue was full ({@link OverflowPolicy#DROP}). */
  public long dropped() { return dropped; }
  /**
   * Events that reached the appender while it was not running (an application still logging while the Logback
   * context stops, or an appender whose start failed): not written, reported as an error.
   */
  public long droppedWhileStopped() { return droppedWhileStopped; }
  /** Events lost to write errors (an upper bound: a failed flush counts its whole batch). */
  public long lostOnError() { return lostOnError; }
  /** Events whose line exceeded the appender's {@code maxLineBytes}: a defect signal, they go nowhere. */
  public long lineTooLong() { return lineTooLong; }
  /** Write errors by cause (exception class simple name, e.g. {@code NoSuchFileException}). */
  public Map<String, Long> writeErrors() { return writeErrors; }
  /** Total of {@link #writeErrors()}. */
  public long writeErrorTotal() {
    long sum = 0;
    for (long n : writeErrors.values()) sum += n;
    return sum;
  }
  /** Finishes (compress + manifest) that failed; their source stays and is retried. */
  public long finishErrors() { return finishErrors; }
  /** The last error reported, or null. */
  public String lastError() { return lastError; }
  /** Files closed and waiting for (or in) compression. */
  public int pendingFinishes() { return pendingFinishes; }
  /** Events in the async queue, not yet written. */
  public int queued() { return queued; }
  /** fsyncs of the active file done by the {@code fsyncInterval} timer; stays 0 when that is unset. */
  public long fsyncs() { return fsyncs; }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof EventFileStats)) return false;
    EventFileStats s = (EventFileStats) o;
    return eventsWritten == s.eventsWritten && bytesWritten == s.bytesWritten && filesFinished == s.filesFinished
        && refusedPlainLogs == s.refusedPlainLogs && dropped == s.dropped
        && droppedWhileStopped == s.droppedWhileStopped && lostOnError == s.lostOnError
        && lineTooLong == s.lineTooLong && writeErrors.equals(s.writeErrors) && finishErrors == s.finishErrors
        && Objects.equals(lastError, s.lastError) && pendingFinishes == s.pendingFinishes && queued == s.queued
        && fsyncs == s.fsyncs;
  }

  @Override
  public int hashCode() {
    return Objects.hash(eventsWritten, bytesWritten, filesFinished, refusedPlainLogs, dropped, droppedWhileStopped,
        lostOnError, lineTooLong, writeErrors, finishErrors, lastError, pendingFinishes, queued, fsyncs);
  }

  @Override
  public String toString() {
    return "EventFileStats{written=" + eventsWritten + ", bytes=" + bytesWritten + ", filesFinished=" + filesFinished
        + ", refusedPlainLogs=" + refusedPlainLogs + ", dropped=" + dropped
        + ", droppedWhileStopped=" + droppedWhileStopped + ", lostOnError=" + lostOnError
        + ", lineTooLong=" + lineTooLong + ", writeErrors=" + writeErrors + ", finishErrors=" + finishErrors
        + ", pendingFinishes=" + pendingFinishes + ", queued=" + queued + ", fsyncs=" + fsyncs
        + ", lastError=" + lastError + "}";
  }
}
