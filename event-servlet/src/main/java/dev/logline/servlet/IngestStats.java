package dev.logline.servlet;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** A snapshot of an {@link EventIngestFilter}'s counters. Immutable. */
public final class IngestStats {
  private final long requests;
  private final long accepted;
  private final long rejected;
  private final long duplicates;
  private final Map<Integer, Long> byStatus;
  private final Map<String, Long> spoofedFields;
  private final long internalErrors;

  IngestStats(long requests, long accepted, long rejected, long duplicates, Map<Integer, Long> byStatus,
      Map<String, Long> spoofedFields, long internalErrors) {
    this.requests = requests;
    this.accepted = accepted;
    this.rejected = rejected;
    this.duplicates = duplicates;
    this.byStatus = Collections.unmodifiableMap(new TreeMap<>(byStatus));
    this.spoofedFields = Collections.unmodifiableMap(new TreeMap<>(spoofedFields));
    this.internalErrors = internalErrors;
  }

  /** Requests to the ingest path (POST and preflight), whatever their outcome. */
  public long requests() {
    return requests;
  }

  /** Events handed to the events logger. */
  public long accepted() {
    return accepted;
  }

  /** Events refused one by one (dead-lettered); events of refused requests are not counted here. */
  public long rejected() {
    return rejected;
  }

  /** Browser retries answered "duplicate" and not logged again. */
  public long duplicates() {
    return duplicates;
  }

  /** Responses by HTTP status. */
  public Map<Integer, Long> byStatus() {
    return byStatus;
  }

  public long status(int status) {
    return byStatus.getOrDefault(status, 0L);
  }

  /** Server-owned fields the client tried to set (and that were overwritten), by field name. */
  public Map<String, Long> spoofedFields() {
    return spoofedFields;
  }

  public long spoofed(String field) {
    return spoofedFields.getOrDefault(field, 0L);
  }

  /** 500s: bugs, each logged server-side with its stack trace. */
  public long internalErrors() {
    return internalErrors;
  }

  @Override
  public String toString() {
    return "IngestStats{requests=" + requests + ", accepted=" + accepted + ", rejected=" + rejected
        + ", duplicates=" + duplicates + ", byStatus=" + byStatus + ", spoofedFields=" + spoofedFields
        + ", internalErrors=" + internalErrors + "}";
  }
}
