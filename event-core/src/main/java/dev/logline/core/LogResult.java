package dev.logline.core;

import dev.logline.schema.Violation;
import java.util.List;
import java.util.UUID;

/** The outcome of logging one event. */
public final class LogResult {
  private final LoggedEvent logged;
  private final RejectReason reason;
  private final String message;
  private final List<Violation> violations;
  private final UUID eventId;
  private final RuntimeException failure;

  private LogResult(
      LoggedEvent logged, RejectReason reason, String message, List<Violation> violations, UUID eventId,
      RuntimeException failure) {
    this.failure = failure;
    this.logged = logged;
    this.reason = reason;
    this.message = message;
    this.violations = violations;
    this.eventId = eventId;
  }

  static LogResult accepted(LoggedEvent logged) {
    return new LogResult(logged, null, null, List.of(), null, null);
  }

  static LogResult rejected(
      UUID eventId, RejectReason reason, String message, List<Violation> violations, RuntimeException failure) {
    return new LogResult(null, reason, message, List.copyOf(violations), eventId, failure);
  }

  /** What STRICT mode throws. */
  RuntimeException failure() {
    return failure;
  }

  public boolean isAccepted() {
    return logged != null;
  }

  /** The stamped event when accepted, else null. */
  public LoggedEvent logged() {
    return logged;
  }

  /** The event id: stamped when accepted, the caller's (possibly null) when rejected. */
  public UUID eventId() {
    return logged != null ? logged.eventId() : eventId;
  }

  /** Null when accepted. */
  public RejectReason reason() {
    return reason;
  }

  /** Why it was rejected, naming the field and value; null when accepted. */
  public String message() {
    return message;
  }

  public List<Violation> violations() {
    return violations;
  }

  @Override
  public String toString() {
    return isAccepted() ? "accepted " + eventId() + " seq=" + logged.seq() : "rejected " + reason + ": " + message;
  }
}
