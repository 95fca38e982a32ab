package dev.logline.core;

/** What {@link EventLogger#log(Event)} does with an event it must refuse. */
public enum ValidationMode {
  /** Throw {@link EventException} (after counting and dead-lettering): for tests and development. */
  STRICT,
  /** Dead-letter and count, never throw: the production default. */
  LOG,
  /** Skip schema validation (envelope rules still apply); dead-letter and count the rest. */
  OFF
}
