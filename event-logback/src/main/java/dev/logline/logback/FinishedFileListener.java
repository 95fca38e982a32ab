package dev.logline.logback;

import java.nio.file.Path;

/**
 * Told about event files as {@link EventFileAppender} finishes them, so an archiver can ship each
 * one at once instead of on a schedule. Configure in {@code logback.xml} with
 * {@code <listener class="...">} inside the appender.
 *
 * <p>Called on the appender's rolling thread; must not throw (a throw is reported to Logback's
 * status and otherwise ignored). The directory stays the source of truth: a listener that misses a
 * call finds the file on its next scan.
 */
public interface FinishedFileListener {
  /**
   * A file is complete: {@code gz} is the durable, renamed {@code .jsonl.gz} and {@code manifest}
   * its sidecar, both fsynced.
   */
  void onFileFinished(Path gz, Path manifest, FileManifest parsed);

  /**
   * The appender stopped (shutdown hook, {@code LoggerContext.stop()}): the last partial file is
   * already finished. An archiver ships what is pending here, within its grace period.
   */
  default void onAppenderStopped(Path directory) {}
}
