package dev.logline.core;

import dev.logline.schema.Violation;
import java.util.List;

/** The one unchecked exception of event-core; {@link #kind()} says what went wrong. */
public final class EventException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** A property or envelope value JSON cannot hold or the envelope does not allow. */
    INVALID_VALUE,
    /** The envelope misses something it requires (e.g. both user_id and anonymous_id). */
    INVALID_ENVELOPE,
    /** The properties do not match the event's schema. */
    SCHEMA_VIOLATION,
    /** No schema is known for the event's name or version. */
    UNKNOWN_SCHEMA,
    /** The canonical line exceeds the configured maximum. */
    LINE_TOO_LONG,
    /** The SLF4J logger events go to is disabled at INFO, so the line would vanish. */
    LOGGER_DISABLED,
    /** A bug or a failure below Logline (an appender, a dispatcher); the cause is the original exception. */
    INTERNAL_ERROR
  }

  private final Kind kind;
  private final List<Violation> violations;

  private EventException(Kind kind, String message, List<Violation> violations, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.violations = List.copyOf(violations);
  }

  public Kind kind() {
    return kind;
  }

  /** Schema violations; empty unless {@link #kind()} is {@link Kind#SCHEMA_VIOLATION}. */
  public List<Violation> violations() {
    return violations;
  }

  public static EventException invalidValue(String field, Object value, String expected) {
    return new EventException(
        Kind.INVALID_VALUE,
        field + ": " + expected + ", found " + Values.describe(value),
        List.of(),
        null);
  }

  public static EventException invalidEnvelope(String message) {
    return new EventException(Kind.INVALID_ENVELOPE, message, List.of(), null);
  }

  public static EventException schemaViolation(String schema, List<Violation> violations) {
    StringBuilder message = new StringBuilder("event does not match schema ").append(schema);
    for (Violation v : violations) {
      message.append("\n  ").append(v.message());
    }
    return new EventException(Kind.SCHEMA_VIOLATION, message.toString(), violations, null);
  }

  public static EventException unknownSchema(String message, Throwable cause) {
    return new EventException(Kind.UNKNOWN_SCHEMA, message, List.of(), cause);
  }

  public static EventException loggerDisabled(String loggerName) {
    return new EventException(
        Kind.LOGGER_DISABLED,
        "SLF4J logger '" + loggerName + "' is disabled at INFO; enable it (e.g. <logger name=\"" + loggerName
            + "\" level=\"INFO\"/>) or the events are lost",
        List.of(),
        null);
  }

  /** Wraps an unexpected failure while logging {@code event}, so STRICT callers catch one exception type. */
  public static EventException internalError(String event, RuntimeException cause) {
    return new EventException(
        Kind.INTERNAL_ERROR, "event '" + event + "' not logged: unexpected " + cause, List.of(), cause);
  }

  public static EventException lineTooLong(String event, int atLeastBytes, int maxLineBytes) {
    return new EventException(
        Kind.LINE_TOO_LONG,
        "event '"
            + event
            + "': canonical line is at least "
            + atLeastBytes
            + " bytes, over the limit maxLineBytes="
            + maxLineBytes
            + " (raise it with EventLogger.Builder.maxLineBytes)",
        List.of(),
        null);
  }
}
