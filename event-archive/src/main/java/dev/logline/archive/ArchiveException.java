package dev.logline.archive;

import java.io.IOException;
import java.util.Objects;

/** A failure to ship one file, with the {@link FailureCause} it is counted under. */
public final class ArchiveException extends IOException {
  private static final long serialVersionUID = 1L;

  private final FailureCause reason;

  public ArchiveException(FailureCause reason, String message) {
    this(reason, message, null);
  }

  public ArchiveException(FailureCause reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason == null");
  }

  /** The counter this failure is counted under. */
  public FailureCause reason() {
    return reason;
  }
}
