package dev.logline.warehouse;

import java.util.Objects;

/**
 * A run of {@code seq} values missing for one producer between two loaded events: {@code fromSeq}
 * to {@code toSeq} inclusive. Seq is strictly increasing per (app, host, instance), so each value
 * in the run is an event that never reached the warehouse.
 */
public final class SeqGap {
  private final String app;
  private final String host;
  private final String instance;
  private final long fromSeq;
  private final long toSeq;

  public SeqGap(String app, String host, String instance, long fromSeq, long toSeq) {
    this.app = Objects.requireNonNull(app, "app == null");
    this.host = Objects.requireNonNull(host, "host == null");
    this.instance = Objects.requireNonNull(instance, "instance == null");
    if (fromSeq > toSeq) throw new IllegalArgumentException("fromSeq > toSeq: " + fromSeq + " > " + toSeq);
    this.fromSeq = fromSeq;
    this.toSeq = toSeq;
  }

  public String app() { return app; }
  public String host() { return host; }
  public String instance() { return instance; }
  /** First missing seq. */
  public long fromSeq() { return fromSeq; }
  /** Last missing seq (inclusive). */
  public long toSeq() { return toSeq; }
  /** How many events are missing. */
  public long missing() { return toSeq - fromSeq + 1; }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SeqGap)) return false;
    SeqGap g = (SeqGap) o;
    return app.equals(g.app) && host.equals(g.host) && instance.equals(g.instance)
        && fromSeq == g.fromSeq && toSeq == g.toSeq;
  }

  @Override
  public int hashCode() {
    return Objects.hash(app, host, instance, fromSeq, toSeq);
  }

  @Override
  public String toString() {
    String range = fromSeq == toSeq ? "seq " + fromSeq : "seq " + fromSeq + ".." + toSeq;
    return app + "@" + host + "/" + instance + " missing " + range + " (" + missing() + ")";
  }
}
