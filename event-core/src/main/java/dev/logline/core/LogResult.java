package dev.logline.core;

import dev.logline.schema.Violation;
import java.util.List;
import java.util.UUID;

/**
 * The outcome of logging one event. An accepted result is the {@link LoggedEvent} itself (so accepting an event
 * allocates no result object); a rejected one carries the reason, the message and the violations.
 */
public abstract sealed class LogResult permits LoggedEvent, LogResult.Rejected {
  LogResult() {}

  static LogResult rejected(
      UUID eventId, RejectReason reason, String message, List<Violation> violations, RuntimeException failure) {
    return new Rejected(eventId, reason, message, List.copyOf(violations), failure);
  }

  /** What STRICT mode throws; null when accepted. */
  abstract RuntimeException failure();

  public abstract boolean isAccepted();

  /** The stamped event when accepted, else null. */
  public abstract LoggedEvent logged();

  /** The event id: stamped when accepted, the caller's (possibly null) when rejected. */
  public abstract UUID eventId();

  /** Null when accepted. */
  public abstract RejectReason reason();

  /** Why it was rejected, naming the field and value; null when accepted. */
  public abstract String message();

  /** The schema violations of a rejected event; empty otherwise. */
  public abstract List<Violation> violations();

  /**
   * {@code "rejected REASON: message"} when rejected; when accepted, the canonical line (see {@link
   * LoggedEvent#toString()}).
   */
  @Override
  public abstract String toString();

  static final class Rejected extends LogResult {
    private final UUID eventId;
    private final RejectReason reason;
    private final String message;
    private final List<Violation> violations;
    private final RuntimeException failure;

    Rejected(UUID eventId, RejectReason reason, String message, List<Violation> violations, RuntimeException failure) {
      this.eventId = eventId;
      this.reason = reason;
      this.message = message;
      this.violations = violations;
      this.failure = failure;
    }

    @Override
    RuntimeException failure() {
      return failure;
    }

    @Override
    public boolean isAccepted() {
      return false;
    }

    @Override
    public LoggedEvent logged() {
      return null;
    }

    @Override
    public UUID eventId() {
      return eventId;
    }

    @Override
    public RejectReason reason() {
      return reason;
    }

    @Override
    public String message() {
      return message;
    }

    @Override
    public List<Violation> violations() {
      return violations;
    }

    @Override
    public String toString() {
      return "rejected " + reason + ": " + message;
    }
  }
}
