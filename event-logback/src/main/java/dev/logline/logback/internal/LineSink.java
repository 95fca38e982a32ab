package dev.logline.logback.internal;

import java.io.IOException;

/**
 * Where the appender's active file takes its bytes. Not thread-safe: the appender calls it under
 * its lock. Implementations hold the OS lock on the file (recovery and the finisher rely on it)
 * until {@link #close}.
 */
public interface LineSink {
  void write(byte[] b, int off, int len) throws IOException;

  /** Hands buffered bytes to the OS; a no-op when {@link #writeThrough()}. */
  void flush() throws IOException;

  /** True when a returned {@link #write} is already in the OS page cache (survives a process crash). */
  boolean writeThrough();

  /** Forces what was handed to the OS to the disk. */
  void force(boolean metaData) throws IOException;

  /**
   * Releases the file, leaving exactly the bytes written in it; with {@code durable}, they and the
   * file's length reach the disk first. Does not flush. Idempotent; resources are released even
   * when it throws.
   */
  void close(boolean durable) throws IOException;

  /**
   * False after {@link #close} when some of the file's bytes are kept elsewhere (a journal left for
   * recovery): the file must not be finished before recovery put them back.
   */
  default boolean finishable() {
    return true;
  }
}
