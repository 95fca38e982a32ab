package dev.logline.core;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** A snapshot of an {@link EventLogger}'s counters. */
public final class EventLoggerStats {
  private final long logged;
  private final Map<RejectReason, Long> rejected;

  EventLoggerStats(long logged, EnumMap<RejectReason, Long> rejected) {
    this.logged = logged;
    this.rejected = Collections.unmodifiableMap(rejected);
  }

  /** Events handed to the events logger. */
  public long logged() {
    return logged;
  }

  /** Events refused, all reasons. */
  public long rejected() {
    long sum = 0;
    for (long n : rejected.values()) sum += n;
    return sum;
  }

  public long rejected(RejectReason reason) {
    return rejected.getOrDefault(reason, 0L);
  }

  /** Every reason, zero included. */
  public Map<RejectReason, Long> rejectedByReason() {
    return rejected;
  }

  @Override
  public String toString() {
    return "EventLoggerStats{logged=" + logged + ", rejected=" + rejected + "}";
  }
}
