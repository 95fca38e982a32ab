package dev.logline.archive;

import dev.logline.archive.internal.Digests;
import dev.logline.logback.FileManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships every finished event file in a directory to an {@link ArchiveDestination}, verified and
 * retried without limit.
 *
 * <p>The queue is the directory itself: a {@code <base>.jsonl.gz} with a {@code <base>.manifest.json}
 * beside it is pending. Shipping is: recompute size and SHA-256 and compare them with the manifest
 * (a mismatch moves both files to {@code quarantine/}), {@link ArchiveDestination#put put} (which
 * verifies the stored object), then mark it shipped by renaming the manifest to
 * {@code <base>.shipped.json} (atomic, fsynced), then delete the local files (or keep them for
 * {@code retention}). A crash at any point leaves either a pending file, which is shipped again to the
 * same key (a no-op when it is already there), or a shipped mark, which is only cleaned up. Nothing is
 * held only in memory, so a restart resumes where the last process stopped.
 *
 * <p>Failures are retried with exponential backoff and full jitter, between {@code retryBase} and
 * {@code retryMax}, for ever. One worker thread does all the I/O; {@link #nudge} wakes it as soon as
 * a file is finished, and it rescans the directory every {@code scanInterval} in case a nudge was
 * missed.
 */
public final class Archiver implements AutoCloseable {
  /** Default first retry delay bound: {@value} ms. */
  public static final long DEFAULT_RETRY_BASE_MILLIS = 1_000;
  /** Default longest retry delay bound: {@value} ms. */
  public static final long DEFAULT_RETRY_MAX_MILLIS = 300_000;
  /** Default interval between directory rescans: {@value} ms. */
  public static final long DEFAULT_SCAN_INTERVAL_MILLIS = 10_000;
  /** Default age of the oldest pending file that raises an alert: {@value} ms. */
  public static final long DEFAULT_MAX_PENDING_AGE_MILLIS = 600_000;
  /** Default number of failures in a row that raises an alert: {@value}. */
  public static final int DEFAULT_MAX_CONSECUTIVE_FAILURES = 5;
  /** Name of the directory (inside the watched one) that holds quarantined files: {@value}. */
  public static final String QUARANTINE_DIR = "quarantine";
  /** Suffix a manifest is renamed to once its file is shipped: {@value}. */
  public static final String SHIPPED_SUFFIX = ".shipped.json";

  static final String GZ_SUFFIX = ".jsonl.gz";
  private static final long MAX_IDLE_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final Logger log = LoggerFactory.getLogger(Archiver.class);

  private final Path directory;
  private final Path quarantineDir;
  private final ArchiveDestination destination;
  private final Clock clock;
  private final String prefix;
  private final Duration retryBase;
  private final Duration retryMax;
  private final Duration retention;
  private final Duration scanInterval;
  private final Duration maxPendingAge;
  private final int maxConsecutiveFailures;
  private final ArchiveAlerts alerts;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Condition idle = lock.newCondition();
  // guarded by lock
  private final Map<String, Pending> pending = new HashMap<>();
  private final Set<Path> nudged = new LinkedHashSet<>();
  private final EnumMap<FailureCause, Long> failures = new EnumMap<>(FailureCause.class);
  private final EnumMap<ArchiveAlerts.Condition, Boolean> raised = new EnumMap<>(ArchiveAlerts.Condition.class);
  private boolean scanRequested;
  private long scanGenRequested;
  private long scanGenDone = -1;
  private long lastScanNanos;
  private boolean stopRequested;
  private boolean started;
  private long filesShipped;
  private long bytesShipped;
  private int consecutiveFailures;
  private Instant lastSuccess;
  private String lastError;
  private int quarantined;
  private long gateNanos;
  private Thread worker;
  private volatile boolean running;

  private Archiver(Builder b) {
    this.directory = b.directory.toAbsolutePath().normalize();
    this.quarantineDir = directory.resolve(QUARANTINE_DIR);
    this.destination = b.destination;
    this.clock = b.clock;
    this.prefix = ArchiveKeys.normalizePrefix(b.prefix);
    this.retryBase = b.retryBase;
    this.retryMax = b.retryMax;
    this.retention = b.retention;
    this.scanInterval = b.scanInterval;
    this.maxPendingAge = b.maxPendingAge;
    this.maxConsecutiveFailures = b.maxConsecutiveFailures;
    this.alerts = b.alerts;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The watched directory. */
  public Path directory() { return directory; }
  public ArchiveDestination destination() { return destination; }
  /** Key prefix, without leading or trailing slashes. */
  public String prefix() { return prefix; }

  /**
   * Scans the directory and starts the worker; pending files from an earlier run are shipped first.
   * Calling it again is a no-op.
   *
   * @throws IllegalStateException when called after {@link #shutdown}
   */
  public void start() {
    lock.lock();
    try {
      if (started) {
        if (stopRequested) throw new IllegalStateException("archiver was shut down");
        return;
      }
      started = true;
      scanRequested = true;
      running = true;
      worker = new Thread(this::run, "logline-archiver");
      worker.setDaemon(true);
      worker.start();
    } finally {
      lock.unlock();
    }
  }

  /** Asks the worker to ship {@code gz} now (its manifest must be beside it). Never blocks. */
  public void nudge(Path gz) {
    Objects.requireNonNull(gz, "gz == null");
    lock.lock();
    try {
      nudged.add(gz.toAbsolutePath().normalize());
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Asks the worker to rescan the directory now. Never blocks. */
  public void rescan() {
    lock.lock();
    try {
      scanRequested = true;
      scanGenRequested++;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ships everything pending (after a rescan) within {@code grace}, then stops the worker. Files that
   * could not be shipped stay on disk for the next start. Safe to call when never started, and more
   * than once.
   *
   * @return how many files were left pending
   */
  public int shutdown(Duration grace) {
    Objects.requireNonNull(grace, "grace == null");
    long deadline = System.nanoTime() + grace.toNanos();
    Thread w;
    lock.lock();
    try {
      if (!started || worker == null) {
        started = true;
        stopRequested = true;
        return 0;
      }
      // Draining: a fresh scan must see the file the appender finished last, and earlier backoff must
      // not eat the grace period.
      scanRequested = true;
      long drainGen = ++scanGenRequested;
      long now = System.nanoTime();
      gateNanos = now;
      for (Pending p : pending.values()) p.notBefore = now;
      wake.signalAll();
      while (running && !(scanGenDone >= drainGen && pending.isEmpty() && nudged.isEmpty())) {
        long left = deadline - System.nanoTime();
        if (left <= 0) break;
        idle.awaitNanos(left);
      }
      stopRequested = true;
      wake.signalAll();
      w = worker;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopRequested = true;
      w = worker;
    } finally {
      lock.unlock();
    }
    if (w != Thread.currentThread()) {
      try {
        w.join(TimeUnit.SECONDS.toMillis(1));
        if (w.isAlive()) {
          // Past the grace period: abort the upload in flight; the file stays pending on disk.
          w.interrupt();
          w.join(TimeUnit.SECONDS.toMillis(10));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    lock.lock();
    try {
      int left = pending.size();
      if (left > 0) {
        log.warn("Archiver stopped with {} file(s) not shipped to {}; they stay in {} and are shipped by the next start",
            left, destination.describe(), directory);
      }
      return left;
    } finally {
      lock.unlock();
    }
  }

  /** {@link #shutdown} with no grace: stops after the upload in flight. */
  @Override
  public void close() {
    shutdown(Duration.ZERO);
  }

  /** A snapshot of the archiver's state. */
  public ArchiveHealth health() {
    lock.lock();
    try {
      return healthLocked(System.nanoTime());
    } finally {
      lock.unlock();
    }
  }

  private ArchiveHealth healthLocked(long nowNanos) {
    Instant now = clock.instant();
    long bytes = 0;
    Instant oldest = null;
    for (Pending p : pending.values()) {
      bytes += p.size;
      if (oldest == null || p.finishedAt.isBefore(oldest)) oldest = p.finishedAt;
    }
    Duration age = oldest == null || oldest.isAfter(now) ? Duration.ZERO : Duration.between(oldest, now);
    boolean ageAlert = age.compareTo(maxPendingAge) > 0;
    boolean failAlert = consecutiveFailures >= maxConsecutiveFailures;
    ArchiveHealth.Status status;
    if (!running || ageAlert || failAlert) {
      status = ArchiveHealth.Status.DOWN;
    } else if (consecutiveFailures > 0 || quarantined > 0) {
      status = ArchiveHealth.Status.DEGRADED;
    } else {
      status = ArchiveHealth.Status.UP;
    }
    return new ArchiveHealth(status, running, destination.describe(), pending.size(), bytes, age, filesShipped,
        bytesShipped, failures, consecutiveFailures, lastSuccess, lastError, quarantined);
  }

  // ---- worker ----

  private void run() {
    try {
      while (true) {
        long scanGen = -1;
        List<Path> nudges;
        lock.lock();
        try {
          if (stopRequested) return;
          if (scanRequested || System.nanoTime() - lastScanNanos >= scanInterval.toNanos()) {
            scanRequested = false;
            scanGen = scanGenRequested;
          }
          nudges = new ArrayList<>(nudged);
          nudged.clear();
        } finally {
          lock.unlock();
        }
        if (scanGen >= 0) scan();
        for (Path gz : nudges) addIfFinished(gz);
        evaluateAlerts();

        Pending next;
        lock.lock();
        try {
          if (scanGen >= 0) scanGenDone = Math.max(scanGenDone, scanGen);
          if (stopRequested) return;
          long now = System.nanoTime();
          next = pickReady(now);
          if (next == null) {
            if (pending.isEmpty() && nudged.isEmpty()) idle.signalAll();
            long wait = Math.min(MAX_IDLE_WAIT_NANOS, lastScanNanos + scanInterval.toNanos() - now);
            Pending soonest = soonest();
            if (soonest != null) wait = Math.min(wait, Math.max(soonest.notBefore - now, gateNanos - now));
            if (!scanRequested && nudged.isEmpty() && wait > 0) wake.awaitNanos(wait);
          }
        } finally {
          lock.unlock();
        }
        if (next != null) ship(next);
      }
    } catch (InterruptedException e) {
      // shutdown past its grace period
    } catch (RuntimeException | Error e) {
      log.error("Archiver worker died; pending files stay in {} for the next start", directory, e);
    } finally {
      lock.lock();
      try {
        running = false;
        idle.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  private Pending pickReady(long now) {
    if (now - gateNanos < 0) return null;
    Pending best = null;
    for (Pending p : pending.values()) {
      if (now - p.notBefore < 0) continue;
      // Fewest attempts first, so one failing file cannot starve the rest; then oldest period first.
      if (best == null || p.attempts < best.attempts
          || (p.attempts == best.attempts && p.base.compareTo(best.base) < 0)) {
        best = p;
      }
    }
    return best;
  }

  private Pending soonest() {
    Pending best = null;
    for (Pending p : pending.values()) {
      if (best == null || p.notBefore - best.notBefore < 0) best = p;
    }
    return best;
  }

  private void scan() {
    lock.lock();
    try {
      lastScanNanos = System.nanoTime();
    } finally {
      lock.unlock();
    }
    Map<String, Path> found = new HashMap<>();
    List<Path> shipped = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (name.endsWith(GZ_SUFFIX)) {
          String base = name.substring(0, name.length() - GZ_SUFFIX.length());
          if (Files.exists(directory.resolve(base + FileManifest.SUFFIX))) found.put(base, f);
        } else if (name.endsWith(SHIPPED_SUFFIX)) {
          shipped.add(f);
        }
      }
    } catch (NoSuchFileException e) {
      // nothing written yet
    } catch (IOException e) {
      fail(FailureCause.LOCAL_IO, "cannot list " + directory + ": " + e);
      return;
    }
    for (Path s : shipped) sweep(s);
    int q = countQuarantined();
    lock.lock();
    try {
      pending.keySet().retainAll(found.keySet());
      for (Map.Entry<String, Path> e : found.entrySet()) {
        if (!pending.containsKey(e.getKey())) pending.put(e.getKey(), describe(e.getKey(), e.getValue()));
      }
      quarantined = q;
    } finally {
      lock.unlock();
    }
  }

  private void addIfFinished(Path gz) {
    String name = gz.getFileName().toString();
    if (!name.endsWith(GZ_SUFFIX) || !directory.equals(gz.getParent())) {
      if (name.endsWith(GZ_SUFFIX)) {
        log.warn("Archiver for {} ignores {}: not in its directory", directory, gz);
      }
      return;
    }
    String base = name.substring(0, name.length() - GZ_SUFFIX.length());
    if (!Files.exists(gz) || !Files.exists(directory.resolve(base + FileManifest.SUFFIX))) return;
    Pending p = describe(base, gz);
    lock.lock();
    try {
      pending.putIfAbsent(base, p);
    } finally {
      lock.unlock();
    }
  }

  private Pending describe(String base, Path gz) {
    long size = 0;
    Instant finishedAt = clock.instant();
    try {
      size = Files.size(gz);
      finishedAt = Files.getLastModifiedTime(directory.resolve(base + FileManifest.SUFFIX)).toInstant();
    } catch (IOException e) {
      // vanished or unreadable: shipping it reports the real error
    }
    return new Pending(base, gz, directory.resolve(base + FileManifest.SUFFIX), size, finishedAt);
  }

  private int countQuarantined() {
    int n = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(quarantineDir, "*" + GZ_SUFFIX)) {
      for (Path ignored : files) n++;
    } catch (IOException e) {
      // no quarantine directory: nothing quarantined
    }
    return n;
  }

  private void sweep(Path shippedMark) {
    String name = shippedMark.getFileName().toString();
    String base = name.substring(0, name.length() - SHIPPED_SUFFIX.length());
    try {
      if (!retention.isZero()) {
        Instant finished = Files.getLastModifiedTime(shippedMark).toInstant();
        if (finished.plus(retention).isAfter(clock.instant())) return;
      }
      Files.deleteIfExists(directory.resolve(base + GZ_SUFFIX));
      Files.deleteIfExists(shippedMark);
    } catch (IOException e) {
      log.warn("Archiver cannot delete shipped file {}: {}", base + GZ_SUFFIX, e.toString());
    }
  }

  private void ship(Pending p) {
    FileManifest manifest;
    byte[] manifestJson;
    Digests local;
    try {
      manifestJson = Files.readAllBytes(p.manifest);
      manifest = FileManifest.parse(new String(manifestJson, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      forget(p);
      return;
    } catch (IOException e) {
      quarantine(p, "manifest unreadable: " + e.getMessage());
      return;
    }
    try {
      local = Digests.of(p.gz);
    } catch (NoSuchFileException e) {
      forget(p);
      return;
    } catch (IOException e) {
      failed(p, new ArchiveException(FailureCause.LOCAL_IO, "cannot read " + p.gz + ": " + e, e));
      return;
    }
    if (local.size() != manifest.bytes() || !local.sha256().equals(manifest.sha256())) {
      quarantine(p, "file does not match its manifest: " + local.size() + " bytes sha256 " + local.sha256()
          + ", manifest says " + manifest.bytes() + " bytes sha256 " + manifest.sha256());
      return;
    }
    ArchiveObject object;
    try {
      object = new ArchiveObject(ArchiveKeys.dataKey(prefix, manifest), ArchiveKeys.manifestKey(prefix, manifest),
          p.gz, manifest, manifestJson, local.size(), local.sha256(), local.md5());
    } catch (IllegalArgumentException e) {
      quarantine(p, e.getMessage());
      return;
    }
    try {
      destination.put(object);
    } catch (ArchiveException e) {
      if (e.reason() == FailureCause.CONFLICT) {
        quarantine(p, FailureCause.CONFLICT, e.getMessage());
      } else {
        failed(p, e);
      }
      return;
    } catch (RuntimeException e) {
      if (Thread.currentThread().isInterrupted()) return;
      failed(p, new ArchiveException(FailureCause.OTHER, object.key() + ": " + e, e));
      return;
    }
    try {
      markShipped(p);
    } catch (IOException e) {
      failed(p, new ArchiveException(FailureCause.LOCAL_IO, "cannot mark " + p.gz + " shipped: " + e, e));
      return;
    }
    boolean recovered;
    lock.lock();
    try {
      pending.remove(p.base);
      recovered = consecutiveFailures > 0;
      consecutiveFailures = 0;
      filesShipped++;
      bytesShipped += object.size();
      lastSuccess = clock.instant();
    } finally {
      lock.unlock();
    }
    if (recovered) log.info("Archiver shipping to {} works again", destination.describe());
    log.debug("Archived {} as {}", p.gz.getFileName(), object.key());
  }

  private void markShipped(Pending p) throws IOException {
    Path mark = directory.resolve(p.base + SHIPPED_SUFFIX);
    Files.move(p.manifest, mark, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    LocalDirectoryDestination.fsync(directory);
    if (retention.isZero()) {
      Files.deleteIfExists(p.gz);
      Files.deleteIfExists(mark);
    }
  }

  private void forget(Pending p) {
    lock.lock();
    try {
      pending.remove(p.base);
    } finally {
      lock.unlock();
    }
  }

  private void failed(Pending p, ArchiveException e) {
    if (Thread.currentThread().isInterrupted()) return;
    long delay;
    lock.lock();
    try {
      p.attempts++;
      consecutiveFailures++;
      delay = backoffNanos(consecutiveFailures);
      long now = System.nanoTime();
      p.notBefore = now + backoffNanos(p.attempts);
      gateNanos = now + delay;
    } finally {
      lock.unlock();
    }
    fail(e.reason(), e.getMessage());
    log.warn("Archiver could not ship {} to {} (attempt {}, retrying in {} ms): {}", p.gz.getFileName(),
        destination.describe(), p.attempts, TimeUnit.NANOSECONDS.toMillis(delay), e.getMessage());
  }

  private void fail(FailureCause cause, String message) {
    lock.lock();
    try {
      failures.merge(cause, 1L, Long::sum);
      lastError = cause + ": " + message;
    } finally {
      lock.unlock();
    }
  }

  /** Full jitter: uniform in [0, min(max, base * 2^(n-1))]. */
  private long backoffNanos(int n) {
    long base = retryBase.toNanos();
    long cap = retryMax.toNanos();
    long bound = base << Math.min(Math.max(n - 1, 0), 30);
    if (bound <= 0 || bound > cap) bound = cap;
    return bound <= 0 ? 0 : ThreadLocalRandom.current().nextLong(bound + 1);
  }

  private void quarantine(Pending p, String message) {
    quarantine(p, FailureCause.CORRUPT_LOCAL, message);
  }

  private void quarantine(Pending p, FailureCause cause, String message) {
    Path target = quarantineDir.resolve(p.gz.getFileName());
    try {
      Files.createDirectories(quarantineDir);
      move(p.gz, target);
      move(p.manifest, quarantineDir.resolve(p.manifest.getFileName()));
      LocalDirectoryDestination.fsync(quarantineDir);
      LocalDirectoryDestination.fsync(directory);
    } catch (IOException e) {
      failed(p, new ArchiveException(FailureCause.LOCAL_IO, "cannot quarantine " + p.gz + ": " + e, e));
      return;
    }
    lock.lock();
    try {
      pending.remove(p.base);
      quarantined++;
    } finally {
      lock.unlock();
    }
    fail(cause, p.gz.getFileName() + ": " + message);
    log.error("Archiver quarantined {} ({}): {}; it was not shipped and needs a human", target, cause, message);
    try {
      alerts.quarantined(target, cause, message);
    } catch (RuntimeException e) {
      log.warn("ArchiveAlerts.quarantined threw", e);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private void evaluateAlerts() {
    ArchiveHealth h;
    List<ArchiveAlerts.Condition> up = new ArrayList<>(2);
    List<ArchiveAlerts.Condition> down = new ArrayList<>(2);
    lock.lock();
    try {
      h = healthLocked(System.nanoTime());
      check(ArchiveAlerts.Condition.OLDEST_PENDING_TOO_OLD, h.oldestPendingAge().compareTo(maxPendingAge) > 0, up, down);
      check(ArchiveAlerts.Condition.CONSECUTIVE_FAILURES, h.consecutiveFailures() >= maxConsecutiveFailures, up, down);
    } finally {
      lock.unlock();
    }
    for (ArchiveAlerts.Condition c : up) {
      if (c == ArchiveAlerts.Condition.CONSECUTIVE_FAILURES) {
        log.error("Archiver alert {}: {} uploads in a row failed (maxConsecutiveFailures {}), last error: {}; {} file(s) pending",
            c, h.consecutiveFailures(), maxConsecutiveFailures, h.lastError(), h.filesPending());
      } else {
        log.warn("Archiver alert {}: oldest pending file is {} s old (maxPendingAge {} s); {} file(s) pending",
            c, h.oldestPendingAge().toSeconds(), maxPendingAge.toSeconds(), h.filesPending());
      }
      try {
        alerts.raised(c, h);
      } catch (RuntimeException e) {
        log.warn("ArchiveAlerts.raised threw", e);
      }
    }
    for (ArchiveAlerts.Condition c : down) {
      log.info("Archiver alert {} cleared", c);
      try {
        alerts.cleared(c, h);
      } catch (RuntimeException e) {
        log.warn("ArchiveAlerts.cleared threw", e);
      }
    }
  }

  private void check(ArchiveAlerts.Condition c, boolean now, List<ArchiveAlerts.Condition> up,
      List<ArchiveAlerts.Condition> down) {
    boolean was = raised.getOrDefault(c, false);
    if (now && !was) up.add(c);
    if (!now && was) down.add(c);
    raised.put(c, now);
  }

  private static final class Pending {
    final String base;
    final Path gz;
    final Path manifest;
    final long size;
    final Instant finishedAt;
    int attempts;
    long notBefore = System.nanoTime();

    Pending(String base, Path gz, Path manifest, long size, Instant finishedAt) {
      this.base = base;
      this.gz = gz;
      this.manifest = manifest;
      this.size = size;
      this.finishedAt = finishedAt;
    }
  }

  /** Builds an {@link Archiver}; {@code directory} and {@code destination} are required. */
  public static final class Builder {
    private Path directory;
    private ArchiveDestination destination;
    private Clock clock = Clock.systemUTC();
    private String prefix = "";
    private Duration retryBase = Duration.ofMillis(DEFAULT_RETRY_BASE_MILLIS);
    private Duration retryMax = Duration.ofMillis(DEFAULT_RETRY_MAX_MILLIS);
    private Duration retention = Duration.ZERO;
    private Duration scanInterval = Duration.ofMillis(DEFAULT_SCAN_INTERVAL_MILLIS);
    private Duration maxPendingAge = Duration.ofMillis(DEFAULT_MAX_PENDING_AGE_MILLIS);
    private int maxConsecutiveFailures = DEFAULT_MAX_CONSECUTIVE_FAILURES;
    private ArchiveAlerts alerts = ArchiveAlerts.NONE;

    private Builder() {}

    /** The directory the appender writes finished files to. */
    public Builder directory(Path directory) {
      this.directory = Objects.requireNonNull(directory, "directory == null");
      return this;
    }

    public Builder destination(ArchiveDestination destination) {
      this.destination = Objects.requireNonNull(destination, "destination == null");
      return this;
    }

    /** Clock for ages and timestamps; default UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock == null");
      return this;
    }

    /** Key prefix, e.g. {@code events/shop}; default none. */
    public Builder prefix(String prefix) {
      this.prefix = ArchiveKeys.normalizePrefix(prefix);
      return this;
    }

    /** Bound of the first retry delay; default {@value #DEFAULT_RETRY_BASE_MILLIS} ms. */
    public Builder retryBase(Duration retryBase) {
      this.retryBase = positive(retryBase, "retryBase");
      return this;
    }

    /** Largest retry delay bound; default {@value #DEFAULT_RETRY_MAX_MILLIS} ms. */
    public Builder retryMax(Duration retryMax) {
      this.retryMax = positive(retryMax, "retryMax");
      return this;
    }

    /** How long shipped files are kept locally after they were finished; default zero (deleted at once). */
    public Builder retention(Duration retention) {
      Objects.requireNonNull(retention, "retention == null");
      if (retention.isNegative()) throw new IllegalArgumentException("retention < 0: " + retention);
      this.retention = retention;
      return this;
    }

    /** How often the directory is rescanned in case a nudge was missed; default {@value #DEFAULT_SCAN_INTERVAL_MILLIS} ms. */
    public Builder scanInterval(Duration scanInterval) {
      this.scanInterval = positive(scanInterval, "scanInterval");
      return this;
    }

    /** Oldest-pending age that raises an alert and turns health DOWN; default {@value #DEFAULT_MAX_PENDING_AGE_MILLIS} ms. */
    public Builder maxPendingAge(Duration maxPendingAge) {
      this.maxPendingAge = positive(maxPendingAge, "maxPendingAge");
      return this;
    }

    /** Failures in a row that raise an alert and turn health DOWN; default {@value #DEFAULT_MAX_CONSECUTIVE_FAILURES}. */
    public Builder maxConsecutiveFailures(int maxConsecutiveFailures) {
      if (maxConsecutiveFailures < 1) {
        throw new IllegalArgumentException("maxConsecutiveFailures < 1: " + maxConsecutiveFailures);
      }
      this.maxConsecutiveFailures = maxConsecutiveFailures;
      return this;
    }

    public Builder alerts(ArchiveAlerts alerts) {
      this.alerts = Objects.requireNonNull(alerts, "alerts == null");
      return this;
    }

    /** @throws IllegalStateException naming the first missing attribute */
    public Archiver build() {
      if (directory == null) throw new IllegalStateException("Attribute 'directory' cannot be null");
      if (destination == null) throw new IllegalStateException("Attribute 'destination' cannot be null");
      if (retryMax.compareTo(retryBase) < 0) {
        throw new IllegalStateException("retryMax " + retryMax + " < retryBase " + retryBase);
      }
      return new Archiver(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name + " == null");
      if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be > 0: " + d);
      return d;
    }
  }
}
