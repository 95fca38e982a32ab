package dev.logline.logback.internal;

/**
 * The steps of finishing an event file, in order. A crash after any of them leaves either the
 * source {@code .jsonl} or a complete {@code .jsonl.gz} with its manifest; recovery on the next
 * start completes the job.
 */
public enum FinishStep {
  /** The source is locked and about to be read. */
  STARTED,
  /** Some, not all, bytes are in the {@code .jsonl.gz.tmp}: a crash here leaves a truncated temporary. */
  COMPRESSING,
  /** The {@code .jsonl.gz.tmp} is complete and fsynced. */
  COMPRESSED,
  /** The manifest is written (temporary, fsync, atomic rename). */
  MANIFEST_WRITTEN,
  /** The temporary is renamed to {@code .jsonl.gz} and the directory fsynced. */
  RENAMED,
  /** The source is deleted. */
  SOURCE_DELETED;

  /** Called after each step; tests throw from it to simulate a crash at that point. */
  @FunctionalInterface
  public interface Hook {
    /** A hook that does nothing. */
    Hook NONE = (step, source) -> {};

    void after(FinishStep step, java.nio.file.Path source) throws java.io.IOException;
  }
}
