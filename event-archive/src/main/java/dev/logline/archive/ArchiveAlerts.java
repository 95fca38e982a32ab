package dev.logline.archive;

import java.nio.file.Path;

/**
 * Told when archiving needs a human: called on the archiver's worker thread, must be quick and not
 * throw (a throw is logged and ignored). Each condition is raised once when it starts and cleared
 * once when it ends; the archiver also logs each at WARN/ERROR, so this hook is for paging.
 */
public interface ArchiveAlerts {
  /** The conditions that raise an alert. */
  enum Condition {
    /** The oldest pending file is older than the threshold ({@code Archiver.Builder#maxPendingAge}). */
    OLDEST_PENDING_TOO_OLD,
    /** At least N uploads failed in a row ({@code Archiver.Builder#maxConsecutiveFailures}). */
    CONSECUTIVE_FAILURES
  }

  /** A condition started. */
  default void raised(Condition condition, ArchiveHealth health) {}

  /** A condition that was raised ended. */
  default void cleared(Condition condition, ArchiveHealth health) {}

  /** A file was moved to quarantine (corrupt, or its key holds other bytes); it needs a human. */
  default void quarantined(Path file, FailureCause cause, String message) {}

  /** Ignores everything (the logs still carry the alerts). */
  ArchiveAlerts NONE = new ArchiveAlerts() {};
}
