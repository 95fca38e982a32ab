package dev.logline.archive.logback;

import ch.qos.logback.core.Context;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.spi.LifeCycle;
import ch.qos.logback.core.util.Duration;
import dev.logline.archive.ArchiveAlerts;
import dev.logline.archive.ArchiveDestination;
import dev.logline.archive.Archiver;
import dev.logline.archive.LocalDirectoryDestination;
import dev.logline.logback.FileManifest;
import dev.logline.logback.FinishedFileListener;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Objects;

/**
 * Wires an {@link Archiver} into the event file appender from {@code logback.xml}:
 *
 * <pre>{@code
 * <appender name="EVENTS" class="dev.logline.logback.EventFileAppender">
 *   <directory>/var/log/app/events</directory>
 *   <listener class="dev.logline.archive.logback.ArchivingListener">
 *     <archive>/mnt/archive/events</archive>
 *     <prefix>shop</prefix>
 *     <grace>60 seconds</grace>
 *   </listener>
 * </appender>
 * }</pre>
 *
 * <p>The archiver starts at {@link #start()} when {@code directory} is set (so files left by an
 * earlier run are shipped at once), otherwise on the first finished file. Each finished file is
 * shipped as soon as the appender reports it. When the appender stops (Logback's shutdown hook on
 * SIGTERM, or {@code LoggerContext.stop()}), everything pending is shipped within {@code grace};
 * the rest stays on disk for the next start.
 *
 * <p>Subclasses ship elsewhere by overriding {@link #createDestination()} (event-archive-s3 does).
 * The running archiver is published in the Logback context under {@link #contextKey(String)} for
 * health endpoints and metrics.
 */
public class ArchivingListener extends ContextAwareBase implements FinishedFileListener, LifeCycle {
  /** Default shutdown grace period: {@value} seconds. */
  public static final int DEFAULT_GRACE_SECONDS = 60;
  /** Default listener name, the suffix of its context key: {@value}. */
  public static final String DEFAULT_NAME = "default";

  private String name = DEFAULT_NAME;
  private Path archive;
  private Path directory;
  private String prefix = "";
  private java.time.Duration grace = java.time.Duration.ofSeconds(DEFAULT_GRACE_SECONDS);
  private java.time.Duration retention = java.time.Duration.ZERO;
  private java.time.Duration retryBase = java.time.Duration.ofMillis(Archiver.DEFAULT_RETRY_BASE_MILLIS);
  private java.time.Duration retryMax = java.time.Duration.ofMillis(Archiver.DEFAULT_RETRY_MAX_MILLIS);
  private java.time.Duration scanInterval = java.time.Duration.ofMillis(Archiver.DEFAULT_SCAN_INTERVAL_MILLIS);
  private java.time.Duration maxPendingAge = java.time.Duration.ofMillis(Archiver.DEFAULT_MAX_PENDING_AGE_MILLIS);
  private int maxConsecutiveFailures = Archiver.DEFAULT_MAX_CONSECUTIVE_FAILURES;
  private ArchiveAlerts alerts = ArchiveAlerts.NONE;

  private final Object lock = new Object();
  private Archiver archiver;
  private volatile boolean started;
  private boolean stopped;

  /** The Logback context key under which a listener named {@code name} publishes its {@link Archiver}. */
  public static String contextKey(String name) {
    return "logline.archiver." + name;
  }

  /** The archiver a listener named {@code name} runs in {@code context}, or null when none started yet. */
  public static Archiver archiverOf(Context context, String name) {
    Object o = context.getObject(contextKey(name));
    return o instanceof Archiver ? (Archiver) o : null;
  }

  /** Name under which the archiver is published in the context; default {@value #DEFAULT_NAME}. */
  public void setName(String name) {
    this.name = Objects.requireNonNull(name, "name == null");
  }

  /** The local or mounted archive directory (for this class; subclasses ignore it). */
  public void setArchive(String archive) {
    this.archive = Paths.get(Objects.requireNonNull(archive, "archive == null"));
  }

  /** The appender's directory; when set the archiver starts at {@link #start()}. Default: learnt from the first finished file. */
  public void setDirectory(String directory) {
    this.directory = Paths.get(Objects.requireNonNull(directory, "directory == null"));
  }

  /** Key prefix; default none. */
  public void setPrefix(String prefix) {
    this.prefix = Objects.requireNonNull(prefix, "prefix == null");
  }

  /** How long the appender's stop waits for pending files to ship; default {@value #DEFAULT_GRACE_SECONDS} s. */
  public void setGrace(Duration grace) {
    this.grace = nonNegative(grace, "grace");
  }

  /** How long shipped files stay on local disk; default 0 (deleted once shipped and verified). */
  public void setRetention(Duration retention) {
    this.retention = nonNegative(retention, "retention");
  }

  public void setRetryBase(Duration retryBase) {
    this.retryBase = positive(retryBase, "retryBase");
  }

  public void setRetryMax(Duration retryMax) {
    this.retryMax = positive(retryMax, "retryMax");
  }

  public void setScanInterval(Duration scanInterval) {
    this.scanInterval = positive(scanInterval, "scanInterval");
  }

  public void setMaxPendingAge(Duration maxPendingAge) {
    this.maxPendingAge = positive(maxPendingAge, "maxPendingAge");
  }

  public void setMaxConsecutiveFailures(int maxConsecutiveFailures) {
    if (maxConsecutiveFailures < 1) {
      throw new IllegalArgumentException("maxConsecutiveFailures < 1: " + maxConsecutiveFailures);
    }
    this.maxConsecutiveFailures = maxConsecutiveFailures;
  }

  /** Alert hook (programmatic configuration only). */
  public void setAlerts(ArchiveAlerts alerts) {
    this.alerts = Objects.requireNonNull(alerts, "alerts == null");
  }

  public String getName() {
    return name;
  }

  public java.time.Duration getGrace() {
    return grace;
  }

  /** The running archiver, or null before it started. */
  public Archiver archiver() {
    synchronized (lock) {
      return archiver;
    }
  }

  /**
   * The destination files are shipped to; called once, when the archiver starts.
   *
   * @throws IllegalStateException when it is not configured
   */
  protected ArchiveDestination createDestination() {
    if (archive == null) throw new IllegalStateException("Attribute 'archive' cannot be null");
    return new LocalDirectoryDestination(archive);
  }

  /** Checks the configuration, and starts the archiver at once when {@code directory} is set. */
  @Override
  public void start() {
    try {
      createDestination().close();
    } catch (RuntimeException e) {
      addError("ArchivingListener '" + name + "' not started: " + e.getMessage(), e);
      return;
    }
    started = true;
    if (directory != null) ensureStarted(directory);
  }

  @Override
  public void onFileFinished(Path gz, Path manifest, FileManifest parsed) {
    try {
      Archiver a = ensureStarted(gz.toAbsolutePath().getParent());
      if (a != null) a.nudge(gz);
    } catch (RuntimeException e) {
      addError("ArchivingListener '" + name + "' cannot ship " + gz + "; it stays on disk for the next scan", e);
    }
  }

  @Override
  public void onAppenderStopped(Path directory) {
    Archiver a;
    try {
      a = ensureStarted(directory.toAbsolutePath());
    } catch (RuntimeException e) {
      addError("ArchivingListener '" + name + "' cannot start to drain " + directory, e);
      return;
    }
    if (a == null) return;
    int left = a.shutdown(grace);
    if (left > 0) {
      addWarn("ArchivingListener '" + name + "': " + left + " file(s) not shipped within grace " + grace
          + " (setting 'grace'); they stay in " + directory + " and are shipped by the next start");
    } else {
      addInfo("ArchivingListener '" + name + "': everything shipped to " + a.destination().describe());
    }
    synchronized (lock) {
      stopped = true;
    }
  }

  /** Stops the archiver without a grace period (the appender's stop drains; this is for a bare context reset). */
  @Override
  public void stop() {
    Archiver a;
    synchronized (lock) {
      a = archiver;
      stopped = true;
    }
    if (a != null) a.shutdown(java.time.Duration.ZERO);
    started = false;
  }

  @Override
  public boolean isStarted() {
    return started;
  }

  private Archiver ensureStarted(Path dir) {
    synchronized (lock) {
      if (archiver != null) return archiver;
      if (stopped) return null;
      if (!started) start0Unchecked();
      Archiver a = Archiver.builder()
          .directory(directory != null ? directory : dir)
          .destination(createDestination())
          .prefix(prefix)
          .retention(retention)
          .retryBase(retryBase)
          .retryMax(retryMax.compareTo(retryBase) < 0 ? retryBase : retryMax)
          .scanInterval(scanInterval)
          .maxPendingAge(maxPendingAge)
          .maxConsecutiveFailures(maxConsecutiveFailures)
          .alerts(alerts)
          .build();
      a.start();
      archiver = a;
      if (getContext() != null) getContext().putObject(contextKey(name), a);
      addInfo("ArchivingListener '" + name + "' ships " + a.directory() + " to " + a.destination().describe());
      return a;
    }
  }

  // Used programmatically without start(): behave as if started.
  private void start0Unchecked() {
    started = true;
  }

  private static java.time.Duration positive(Duration d, String name) {
    java.time.Duration j = nonNegative(d, name);
    if (j.isZero()) throw new IllegalArgumentException(name + " must be > 0: " + d);
    return j;
  }

  private static java.time.Duration nonNegative(Duration d, String name) {
    Objects.requireNonNull(d, name + " == null");
    if (d.getMilliseconds() < 0) throw new IllegalArgumentException(name + " < 0: " + d);
    return java.time.Duration.ofMillis(d.getMilliseconds());
  }
}
