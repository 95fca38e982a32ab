package dev.logline.core;

/** Why {@link EventLogger} refused an event. Every refusal is counted and dead-lettered. */
public enum RejectReason {
  /** Properties do not match the schema. */
  SCHEMA_VIOLATION,
  /** No schema for the event's name or pinned version. */
  UNKNOWN_SCHEMA,
  /** The envelope misses what it requires (e.g. user_id and anonymous_id both absent). */
  INVALID_ENVELOPE,
  /** A value JSON cannot hold. */
  INVALID_VALUE,
  /** The canonical line is over maxLineBytes. */
  LINE_TOO_LONG,
  /** The SLF4J events logger is disabled at INFO, so the line would have vanished. */
  LOGGER_DISABLED,
  /** A bug or a failure below Logline; the message says which. */
  INTERNAL_ERROR;

  static RejectReason of(EventException.Kind kind) {
    switch (kind) {
      case SCHEMA_VIOLATION:
        return SCHEMA_VIOLATION;
      case UNKNOWN_SCHEMA:
        return UNKNOWN_SCHEMA;
      case INVALID_ENVELOPE:
        return INVALID_ENVELOPE;
      case LINE_TOO_LONG:
        return LINE_TOO_LONG;
      case LOGGER_DISABLED:
        return LOGGER_DISABLED;
      case INTERNAL_ERROR:
        return INTERNAL_ERROR;
      case INVALID_VALUE:
      default:
        return INVALID_VALUE;
    }
  }
}
