package dev.logline.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import dev.logline.core.CanonicalLineWriter;
import dev.logline.core.EventException;
import dev.logline.core.LoggedEvent;
import dev.logline.core.Producer;
import dev.logline.core.internal.SlotPool;
import dev.logline.core.spi.LineBatch;
import dev.logline.logback.internal.DirectoryRecovery;
import dev.logline.logback.internal.FileFinisher;
import dev.logline.logback.internal.FileName;
import dev.logline.logback.internal.FinishStep;
import dev.logline.logback.internal.Journal;
import dev.logline.logback.internal.LineSink;
import dev.logline.logback.internal.LoglineLoggingEvent;
import dev.logline.logback.internal.MappedSink;
import dev.logline.logback.internal.Ownership;
import dev.logline.logback.internal.SpinLock;
import dev.logline.logback.internal.StreamSink;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes {@link LoggedEvent}s as canonical lines into rolled, gzipped, crash-safe files with a
 * manifest each. See docs/LOGBACK.md for configuration, file layout and the durability policy.
 *
 * <p>Accepts logging events whose first argument is a {@link LoggedEvent} (what {@code EventLogger}
 * logs); plain application logs are refused with a status warning and counted. Nothing is ever
 * thrown into the logging thread: failures go to Logback's status and to {@link #stats()}.
 */
public final class EventFileAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  /** Default roll period: {@value} (one hour). */
  public static final String DEFAULT_ROLL_PERIOD = "1 hour";
  /** Default size cap per file: {@value}. */
  public static final String DEFAULT_MAX_FILE_SIZE = "128 MB";
  /** Default bound of {@link #stop()}: {@value}. */
  public static final String DEFAULT_STOP_TIMEOUT = "30 seconds";
  /** Default async queue capacity: {@value} events. */
  public static final int DEFAULT_QUEUE_SIZE = 8192;
  /** Default longest line written, in bytes: {@value}. */
  public static final int DEFAULT_MAX_LINE_BYTES = 1024 * 1024;
  /** Default chunk of the active file mapped at a time in {@link WriteMode#MAPPED}: {@value}. */
  public static final String DEFAULT_MAPPED_CHUNK_SIZE = "8 MB";
  /** Default {@code writeMode}. */
  public static final WriteMode DEFAULT_WRITE_MODE = WriteMode.JOURNAL;
  /** Default {@code journalSize}: {@value}. */
  public static final String DEFAULT_JOURNAL_SIZE = "8 MB";

  private static final long MINUTE = 60_000L;
  private static final long DAY = 24 * 60 * MINUTE;
  private static final long MIN_ORPHAN_GRACE = 2 * MINUTE;
  private static final long REPORT_INTERVAL_MILLIS = 10_000L;
  private static final int BATCH = 512;
  private static final int MAX_WARNED_LOGGERS = 1000;

  // configuration (set before start)
  private String directory;
  private String app;
  private String host;
  private String instance;
  private long rollPeriodMillis = Duration.valueOf(DEFAULT_ROLL_PERIOD).getMilliseconds();
  private long maxFileSize = FileSize.valueOf(DEFAULT_MAX_FILE_SIZE).getSize();
  private long stopTimeoutMillis = Duration.valueOf(DEFAULT_STOP_TIMEOUT).getMilliseconds();
  private long fsyncIntervalMillis;
  private long orphanGraceMillis = -1;
  private boolean async;
  private int queueSize = DEFAULT_QUEUE_SIZE;
  private OverflowPolicy overflowPolicy = OverflowPolicy.BLOCK;
  private int maxLineBytes = DEFAULT_MAX_LINE_BYTES;
  private WriteMode writeMode = DEFAULT_WRITE_MODE;
  private long mappedChunkSize = FileSize.valueOf(DEFAULT_MAPPED_CHUNK_SIZE).getSize();
  private long journalSize = FileSize.valueOf(DEFAULT_JOURNAL_SIZE).getSize();
  private final List<FinishedFileListener> listeners = new CopyOnWriteArrayList<>();
  // test seams
  private Clock clock = Clock.systemUTC();
  private long tickMillis = 1000;
  private FinishStep.Hook finishHook = FinishStep.Hook.NONE;

  // runtime
  // idle line writers and batch buffers kept: enough for the threads that can run at once
  private static final int POOL_SLOTS = 2 * Runtime.getRuntime().availableProcessors();
  // appends and group-commit flushes take it with lockSpinning(): its holder is usually inside one short write
  private final SpinLock lock = new SpinLock();
  // STREAM inside a LineBatch: the batch's lines wait in a buffer of its own, kept in the batch, and join the file
  // under the lock once, when it closes. Taking the lock per line made concurrent batches spin on each other's writes.
  // Idle buffers wait in slots, not in a ThreadLocal: nothing stays pinned to pooled threads.
  private final SlotPool<PendingLines> batchBuffers = new SlotPool<>(POOL_SLOTS, () -> new PendingLines(this));
  // Buffers holding lines right now, so stop() writes them rather than lose them.
  private final java.util.Set<PendingLines> pending = ConcurrentHashMap.newKeySet();
  private Path dir;
  private String fileApp;
  private String fileHost;
  private String fileInstance;
  private CanonicalLineWriter lineWriter;
  private SlotPool<CanonicalLineWriter> writers;
  private ActiveFile active; // guarded by lock
  private long currentPeriodStart = Long.MIN_VALUE; // guarded by lock
  private int nextPart; // guarded by lock
  private ScheduledExecutorService timer;
  private ThreadPoolExecutor finisher;
  private ExecutorService prefill; // MAPPED: zero-fills the next chunk off the logging thread
  private Journal journal; // JOURNAL: guarded by lock; made at the first open, a new one after one is retired
  private int journals; // guarded by lock: journals made, for their names
  private FileFinisher fileFinisher;
  private ArrayBlockingQueue<LoggedEvent> queue;
  private Thread writerThread;
  private volatile boolean draining;
  private volatile boolean rescanNeeded;

  // counters
  private final LongAdder eventsWritten = new LongAdder();
  private final LongAdder bytesWritten = new LongAdder();
  private final AtomicLong filesFinished = new AtomicLong();
  private final LongAdder refused = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder droppedWhileStopped = new LongAdder();
  // set under the lock by stop() after its last roll: a line that reaches the lock later must not open a new file
  private boolean closed;
  private final LongAdder lostOnError = new LongAdder();
  private final LongAdder lineTooLong = new LongAdder();
  private final AtomicLong finishErrors = new AtomicLong();
  private final LongAdder fsyncs = new LongAdder();
  private final Map<String, LongAdder> writeErrors = new ConcurrentHashMap<>();
  private final Map<String, Long> lastReported = new ConcurrentHashMap<>();
  private final Map<String, Boolean> warnedLoggers = new ConcurrentHashMap<>();
  private final AtomicInteger pendingFinishes = new AtomicInteger();
  private final AtomicLong droppedReported = new AtomicLong();
  private volatile String lastError;

  /** The directory of this appender's files (created if missing). Required. */
  public void setDirectory(String directory) {
    this.directory = requireNonBlank(directory, "directory");
  }

  public String getDirectory() {
    return directory;
  }

  /** The app written into file names. Required. */
  public void setApp(String app) {
    this.app = requireNonBlank(app, "app");
  }

  public String getApp() {
    return app;
  }

  /** Host in file names; defaults to {@link Producer#localHost()}. */
  public void setHost(String host) {
    this.host = requireNonBlank(host, "host");
  }

  /** Instance in file names; defaults to {@link Producer#PROCESS_INSTANCE} (one per JVM). */
  public void setInstance(String instance) {
    this.instance = requireNonBlank(instance, "instance");
  }

  /**
   * Length of a rolling period, e.g. {@code 1 hour} (default {@value #DEFAULT_ROLL_PERIOD}) or
   * {@code 1 minute}: a whole number of minutes, at least one, dividing a day. Periods start at UTC
   * multiples of it.
   */
  public void setRollPeriod(Duration rollPeriod) {
    Objects.requireNonNull(rollPeriod, "rollPeriod == null");
    long ms = rollPeriod.getMilliseconds();
    if (ms < MINUTE || ms % MINUTE != 0 || DAY % ms != 0) {
      throw new IllegalArgumentException("rollPeriod " + rollPeriod
          + " is not supported: use a whole number of minutes from 1 minute to 1 day that divides a day"
          + " (e.g. 1 minute, 5 minutes, 1 hour)");
    }
    this.rollPeriodMillis = ms;
  }

  /** Size after which a file is rolled within its period; default {@value #DEFAULT_MAX_FILE_SIZE}. */
  public void setMaxFileSize(FileSize maxFileSize) {
    Objects.requireNonNull(maxFileSize, "maxFileSize == null");
    if (maxFileSize.getSize() < 1) {
      throw new IllegalArgumentException("maxFileSize < 1 byte: " + maxFileSize);
    }
    this.maxFileSize = maxFileSize.getSize();
  }

  /** How long {@link #stop()} waits for compression; default {@value #DEFAULT_STOP_TIMEOUT}. */
  public void setStopTimeout(Duration stopTimeout) {
    Objects.requireNonNull(stopTimeout, "stopTimeout == null");
    this.stopTimeoutMillis = Math.max(0, stopTimeout.getMilliseconds());
  }

  /** When set, a timer fsyncs the active file this often (machine crashes); off by default. */
  public void setFsyncInterval(Duration fsyncInterval) {
    Objects.requireNonNull(fsyncInterval, "fsyncInterval == null");
    if (fsyncInterval.getMilliseconds() < 1) {
      throw new IllegalArgumentException("fsyncInterval < 1 ms: " + fsyncInterval);
    }
    this.fsyncIntervalMillis = fsyncInterval.getMilliseconds();
  }

  /**
   * How long another instance's {@code .jsonl} must be untouched before this appender's start-up
   * recovery treats it as orphaned; default twice the roll period, at least 2 minutes. Set
   * {@code 0 seconds} when only one process at a time uses the directory.
   */
  public void setOrphanGrace(Duration orphanGrace) {
    Objects.requireNonNull(orphanGrace, "orphanGrace == null");
    this.orphanGraceMillis = Math.max(0, orphanGrace.getMilliseconds());
  }

  /** Write from a background thread through a bounded queue; off by default (see the durability policy). */
  public void setAsync(boolean async) {
    this.async = async;
  }

  /** Capacity of the async queue; default {@value #DEFAULT_QUEUE_SIZE}. */
  public void setQueueSize(int queueSize) {
    if (queueSize < 1) {
      throw new IllegalArgumentException("queueSize < 1: " + queueSize);
    }
    this.queueSize = queueSize;
  }

  /** What a full async queue does; default {@link OverflowPolicy#BLOCK}. */
  public void setOverflowPolicy(OverflowPolicy overflowPolicy) {
    this.overflowPolicy = Objects.requireNonNull(overflowPolicy, "overflowPolicy == null");
  }

  /** Longest line written; default {@value #DEFAULT_MAX_LINE_BYTES}. Keep it at least EventLogger's maxLineBytes. */
  public void setMaxLineBytes(int maxLineBytes) {
    if (maxLineBytes < 512) {
      throw new IllegalArgumentException("maxLineBytes < 512: " + maxLineBytes);
    }
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * How lines reach the OS: {@link WriteMode#JOURNAL} (the default: copied into a memory-mapped journal
   * that a background thread drains into the file), {@link WriteMode#STREAM} (one {@code write} call per
   * event or batch) or {@link WriteMode#MAPPED} (copied into a memory-mapped window of the file). All
   * keep every returned event through a process crash; see docs/LOGBACK.md.
   */
  public void setWriteMode(WriteMode writeMode) {
    this.writeMode = Objects.requireNonNull(writeMode, "writeMode == null");
  }

  public WriteMode getWriteMode() {
    return writeMode;
  }

  /**
   * In {@link WriteMode#MAPPED}, how much of the active file is zero-filled and mapped at a time;
   * default {@value #DEFAULT_MAPPED_CHUNK_SIZE}, from 64 KB to 1 GB. A chunk is never larger than
   * what is left up to {@code maxFileSize} (but at least 64 KB), so small files do not claim a whole
   * chunk each. Ignored in {@link WriteMode#STREAM}.
   */
  public void setMappedChunkSize(FileSize mappedChunkSize) {
    Objects.requireNonNull(mappedChunkSize, "mappedChunkSize == null");
    long size = mappedChunkSize.getSize();
    if (size < MappedSink.MIN_CHUNK || size > MappedSink.MAX_CHUNK) {
      // bytes, not FileSize.toString(): that rounds down, and 1 GB + 1 byte would print as "1 GB"
      throw new IllegalArgumentException("mappedChunkSize " + size + " bytes is out of range: use 64 KB to 1 GB");
    }
    this.mappedChunkSize = size;
  }

  public FileSize getMappedChunkSize() {
    return new FileSize(mappedChunkSize);
  }

  /**
   * In {@link WriteMode#JOURNAL}, the size of the journal's ring: how far the drain into the active
   * file may fall behind before a logging thread waits; default {@value #DEFAULT_JOURNAL_SIZE}, from
   * 1 MB to 1023 MB, and at least twice {@code maxLineBytes} (checked at start). Ignored in the other modes.
   */
  public void setJournalSize(FileSize journalSize) {
    Objects.requireNonNull(journalSize, "journalSize == null");
    long size = journalSize.getSize();
    if (size < Journal.MIN_SIZE || size > Journal.MAX_SIZE) {
      throw new IllegalArgumentException("journalSize " + size + " bytes is out of range: use 1 MB to 1023 MB");
    }
    this.journalSize = size;
  }

  public FileSize getJournalSize() {
    return new FileSize(journalSize);
  }

  /** Adds a listener told about each finished file; in logback.xml: {@code <listener class="..."/>}. */
  public void addListener(FinishedFileListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener == null"));
  }

  void setClock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock == null");
  }

  void setTickMillis(long tickMillis) {
    this.tickMillis = tickMillis;
  }

  ReentrantLock lockForTest() {
    return lock;
  }

  void setFinishHook(FinishStep.Hook hook) {
    this.finishHook = Objects.requireNonNull(hook, "hook == null");
  }

  /** The directory in use, once started. */
  public Path directoryPath() {
    return dir;
  }

  /** The instance written into this appender's file names (it may carry a suffix, see docs). */
  public String fileInstance() {
    return fileInstance;
  }

  /** A snapshot of the counters. */
  public EventFileStats stats() {
    Map<String, Long> errors = new TreeMap<>();
    writeErrors.forEach((cause, n) -> errors.put(cause, n.sum()));
    ArrayBlockingQueue<LoggedEvent> q = queue;
    return new EventFileStats(eventsWritten.sum(), bytesWritten.sum(), filesFinished.get(), refused.sum(),
        dropped.sum(), droppedWhileStopped.sum(), lostOnError.sum(), lineTooLong.sum(), errors, finishErrors.get(),
        lastError, pendingFinishes.get(), q == null ? 0 : q.size(), fsyncs.sum());
  }

  @Override
  public void start() {
    if (isStarted()) {
      return;
    }
    if (directory == null) {
      addError("Attribute 'directory' cannot be null: set <directory> on appender '" + getName() + "'");
      return;
    }
    if (app == null) {
      addError("Attribute 'app' cannot be null: set <app> on appender '" + getName() + "'");
      return;
    }
    if (writeMode == WriteMode.JOURNAL && journalSize < 2L * maxLineBytes) {
      addError("journalSize " + journalSize + " bytes is less than twice maxLineBytes (" + maxLineBytes
          + "): raise <journalSize> or lower <maxLineBytes> on appender '" + getName() + "'");
      return;
    }
    try {
      dir = Files.createDirectories(Paths.get(directory)).toAbsolutePath().normalize();
    } catch (IOException | RuntimeException e) {
      addError("cannot create directory '" + directory + "': " + e, e);
      return;
    }
    fileApp = FileName.sanitize(app);
    fileHost = FileName.sanitize(host != null ? host : Producer.localHost());
    String baseInstance = FileName.sanitize(instance != null ? instance : Producer.PROCESS_INSTANCE);
    String candidate = baseInstance;
    for (int i = 2; !Ownership.claimKey(dir, fileApp, fileHost, candidate); i++) {
      // another appender of this JVM writes the same app into this directory: keep names apart
      String suffix = FileName.sanitize(getName() != null ? getName() : "appender");
      candidate = baseInstance + "-" + suffix + (i > 2 ? "-" + i : "");
    }
    fileInstance = candidate;
    if (orphanGraceMillis < 0) {
      orphanGraceMillis = Math.max(MIN_ORPHAN_GRACE, 2 * rollPeriodMillis);
    }
    lineWriter = new CanonicalLineWriter(maxLineBytes);
    int lineBytes = maxLineBytes;
    writers = new SlotPool<>(POOL_SLOTS, () -> new CanonicalLineWriter(lineBytes));
    fileFinisher = new FileFinisher(finishHook);
    String label = getName() != null ? getName() : fileApp;
    finisher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
        daemonThreads("logline-finisher-" + label));
    if (writeMode == WriteMode.MAPPED) {
      prefill = Executors.newSingleThreadExecutor(daemonThreads("logline-prefill-" + label));
    }
    ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, daemonThreads("logline-roll-" + label));
    t.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    timer = t;
    submitRecovery();
    timer.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    if (fsyncIntervalMillis > 0) {
      timer.scheduleWithFixedDelay(this::fsyncActive, fsyncIntervalMillis, fsyncIntervalMillis, TimeUnit.MILLISECONDS);
    }
    if (async) {
      queue = new ArrayBlockingQueue<>(queueSize);
      draining = false;
      writerThread = new Thread(this::drainLoop, "logline-writer-" + label);
      writerThread.setDaemon(true);
      writerThread.start();
    }
    lock.lock();
    try {
      closed = false;
    } finally {
      lock.unlock();
    }
    super.start();
    addInfo("writing events to " + dir + " as " + fileApp + "_" + fileHost + "_" + fileInstance
        + (async ? " (async, queue " + queueSize + ", " + overflowPolicy : " (sync")
        + (writeMode == WriteMode.MAPPED ? ", mapped in chunks of " + mappedChunkSize + " bytes)"
            : writeMode == WriteMode.JOURNAL ? ", journal of " + journalSize + " bytes)" : ", stream)"));
  }

  /**
   * Logback drops an event that reaches an appender that is not started with a status warning (a few times, then
   * silently); this one counts it ({@link EventFileStats#droppedWhileStopped()}) and reports it as an error.
   */
  @Override
  public void doAppend(ILoggingEvent event) {
    if (!isStarted() && LoglineLoggingEvent.loggedEventOf(event) != null) {
      notWrittenWhileStopped(1);
      return;
    }
    super.doAppend(event);
  }

  private void notWrittenWhileStopped(int lines) {
    droppedWhileStopped.add(lines);
    reportError("stopped", lines + " event(s) reached appender '" + getName() + "' while it was stopped and were"
        + " not written (" + droppedWhileStopped.sum() + " in total): if start() failed, see its error; at shutdown,"
        + " stop logging before the Logback context stops, e.g. with a <delay> on the <shutdownHook>", null);
  }

  @Override
  protected void append(ILoggingEvent event) {
    LoggedEvent loggedEvent = LoglineLoggingEvent.loggedEventOf(event);
    if (loggedEvent == null) {
      refuse(event);
      return;
    }
    if (async) {
      enqueue(loggedEvent);
      return;
    }
    // Serialize before taking the lock: only the copy into the file buffer is serialized.
    CanonicalLineWriter writer = writers.borrow();
    try {
      int n;
      try {
        n = writer.encodeLine(loggedEvent);
      } catch (EventException e) {
        lineNotWritten(loggedEvent, e);
        return;
      }
      appendEncoded(writer.buffer(), n);
    } finally {
      writers.release(writer);
    }
  }

  private void appendEncoded(byte[] line, int length) {
    LineBatch current = LineBatch.current();
    if (current != null && writeMode == WriteMode.STREAM) {
      PendingLines lines = (PendingLines) current.deferredBy(this);
      if (lines == null) {
        lines = batchBuffers.borrow();
        current.deferFlush(this, lines);
      }
      lines.add(line, length);
      return;
    }
    lock.lockSpinning();
    try {
      writeEncoded(line, length, 1);
      flushActive(); // outside a batch, or MAPPED: a write-through sink has nothing to defer, only the size check
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    super.stop();
    long deadline = System.currentTimeMillis() + stopTimeoutMillis;
    if (writerThread != null) {
      draining = true;
      lock.lock();
      try {
        // wakes it from its queue wait; under the lock so it never lands inside a file operation
        // (an interrupt during a FileChannel call closes the channel)
        writerThread.interrupt();
      } finally {
        lock.unlock();
      }
      try {
        writerThread.join(Math.max(1, deadline - System.currentTimeMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (writerThread.isAlive()) {
        addError("async writer did not drain " + queue.size() + " queued events within stopTimeout "
            + stopTimeoutMillis + " ms; they are lost");
      }
    }
    timer.shutdownNow();
    for (PendingLines lines : pending) {
      lines.commit(false); // a batch still open on another thread: its lines go into this file, not lost
    }
    lock.lock();
    try {
      if (queue != null) {
        // events a blocked caller managed to enqueue while the writer was leaving
        for (LoggedEvent event; (event = queue.poll()) != null; ) {
          write(event);
        }
        flushActive();
      }
      roll("stop");
      if (journal != null) {
        closeJournal(); // after the last file: nothing is left to drain
      }
      closed = true;
    } finally {
      lock.unlock();
    }
    if (prefill != null) {
      prefill.shutdownNow(); // the last roll waited for its fill; nothing else is pending
    }
    finisher.shutdown();
    boolean done = false;
    try {
      done = finisher.awaitTermination(Math.max(0, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!done) {
      finisher.shutdownNow();
      addWarn(pendingFinishes.get() + " file(s) not finished within stopTimeout " + stopTimeoutMillis
          + " ms; they stay as .jsonl in " + dir + " and the next start finishes them");
    }
    long d = dropped.sum();
    if (d > droppedReported.get()) {
      droppedReported.set(d);
      addError(d + " events dropped in total: async queue of " + queueSize
          + " was full (overflowPolicy DROP; raise queueSize or use BLOCK)");
    }
    Ownership.releaseKey(dir, fileApp, fileHost, fileInstance);
    for (FinishedFileListener listener : listeners) {
      try {
        listener.onAppenderStopped(dir);
      } catch (RuntimeException e) {
        addError("listener " + listener + " threw from onAppenderStopped: " + e, e);
      }
    }
  }

  /**
   * The lines of one open {@link LineBatch}, in STREAM mode. Only the batch's thread adds to it; {@link #stop()} may
   * commit it from another, hence the monitor (uncontended but for that). Taken before the appender's lock, never
   * after it.
   */
  private static final class PendingLines implements java.io.Flushable {
    /** Past this many bytes, the lines join the file buffer before the batch closes: {@value}. */
    static final int COMMIT_BYTES = 64 * 1024;
    private static final int INITIAL_BYTES = 8 * 1024;

    private final EventFileAppender appender;
    private byte[] buffer = new byte[INITIAL_BYTES];
    private int size;
    private int lines;

    PendingLines(EventFileAppender appender) {
      this.appender = appender;
    }

    synchronized void add(byte[] line, int length) {
      if (lines == 0) {
        appender.pending.add(this);
      }
      if (size + length > buffer.length) {
        buffer = java.util.Arrays.copyOf(buffer, Math.max(size + length, 2 * buffer.length));
      }
      System.arraycopy(line, 0, buffer, size, length);
      size += length;
      lines++;
      if (size >= COMMIT_BYTES) {
        commit(false); // a huge batch: one write per COMMIT_BYTES, and the buffer stays small
      }
    }

    /** The batch closed: the lines join the file and go to the OS, and the buffer is free for another batch. */
    @Override
    public void flush() {
      commit(true);
      appender.batchBuffers.release(this);
    }

    synchronized void commit(boolean flush) {
      appender.lock.lockSpinning();
      try {
        if (lines > 0) {
          appender.writeEncoded(buffer, size, lines);
        }
        if (flush) {
          appender.flushActive();
        }
      } finally {
        appender.lock.unlock();
      }
      if (lines > 0) {
        size = 0;
        lines = 0;
        appender.pending.remove(this);
        if (buffer.length > COMMIT_BYTES) {
          buffer = new byte[INITIAL_BYTES];
        }
      }
    }
  }

  // ---- writing (under lock) ----

  private void write(LoggedEvent event) {
    int n;
    try {
      n = lineWriter.encodeLine(event);
    } catch (EventException e) {
      lineNotWritten(event, e);
      return;
    }
    writeEncoded(lineWriter.buffer(), n, 1);
  }

  /** Writes {@code lines} whole lines, {@code n} bytes in all. */
  private void writeEncoded(byte[] line, int n, int lines) {
    if (closed) {
      notWrittenWhileStopped(lines); // passed the started check just before stop() took the lock for its last roll
      return;
    }
    long now = clock.millis();
    try {
      if (active != null && now >= active.periodEnd) {
        roll("time");
      }
      if (active == null) {
        open(now);
      }
      active.sink.write(line, 0, n);
      active.bytes += n;
      if (active.sink.writeThrough()) {
        eventsWritten.add(lines); // with the OS already: a later error cannot lose them
        bytesWritten.add(n);
      } else {
        active.unflushedLines += lines;
        active.unflushedBytes += n;
      }
    } catch (IOException | RuntimeException e) {
      lostOnError.add(lines);
      writeFailed(e);
    }
  }

  private void lineNotWritten(LoggedEvent event, EventException e) {
    lineTooLong.increment();
    reportError("line", "event '" + event.name() + "' seq " + event.seq() + " not written: " + e.getMessage(), null);
  }

  /** Hands everything written so far to the OS; rolls when the file reached its size cap. */
  private void flushActive() {
    if (active == null) {
      return;
    }
    try {
      active.sink.flush();
      eventsWritten.add(active.unflushedLines);
      bytesWritten.add(active.unflushedBytes);
      active.unflushedLines = 0;
      active.unflushedBytes = 0;
      if (active.bytes >= maxFileSize) {
        roll("size");
      }
    } catch (IOException | RuntimeException e) {
      writeFailed(e);
    }
  }

  private void open(long now) throws IOException {
    long periodStart = Math.floorDiv(now, rollPeriodMillis) * rollPeriodMillis;
    if (periodStart != currentPeriodStart) {
      currentPeriodStart = periodStart;
      nextPart = 0;
    }
    while (true) {
      FileName name = FileName.of(periodStart, fileApp, fileHost, fileInstance, nextPart++);
      Path path = dir.resolve(name.withSuffix(FileName.ACTIVE));
      if (Files.exists(dir.resolve(name.withSuffix(FileName.GZ)))
          || Files.exists(dir.resolve(name.withSuffix(FileName.MANIFEST)))) {
        continue;
      }
      // Claimed before it exists: a recovery pass in this JVM (one runs at start, on the finisher thread) that lists
      // the new file must find it owned, or it would finish and delete the file this appender is about to write.
      if (!Ownership.claimFile(path)) {
        continue;
      }
      try {
        Files.createFile(path); // CREATE_NEW: never append to a file another instance left
      } catch (FileAlreadyExistsException e) {
        Ownership.releaseFile(path);
        continue;
      } catch (IOException | RuntimeException e) {
        Ownership.releaseFile(path);
        throw e;
      }
      try {
        LineSink sink = writeMode == WriteMode.MAPPED
            ? MappedSink.open(path, mappedChunkSize, maxFileSize, prefill)
            : writeMode == WriteMode.JOURNAL ? journalSink(path) : StreamSink.open(path);
        active = new ActiveFile(path, periodStart + rollPeriodMillis, sink);
        return;
      } catch (IOException | RuntimeException e) {
        Ownership.releaseFile(path);
        throw e;
      }
    }
  }

  /**
   * The journal's sink for {@code path}; a STREAM sink when no journal can be made (a filesystem without shared
   * writable mappings, say): the same durability, a system call per event, and an error in the status. Under lock.
   */
  private LineSink journalSink(Path path) throws IOException {
    try {
      return journal().attach(path);
    } catch (IOException | RuntimeException e) {
      writeErrors.computeIfAbsent("journal", k -> new LongAdder()).increment();
      reportError("journal", "cannot use a journal in " + dir + ": " + e + "; writing " + path.getFileName()
          + " in STREAM mode instead (set <writeMode>STREAM</writeMode> to silence this)", e);
      return StreamSink.open(path);
    }
  }

  /** The journal for the next file: a new one when there is none or the last one was retired. Under lock. */
  private Journal journal() throws IOException {
    if (journal != null && journal.retired()) {
      closeJournal();
    }
    while (journal == null) {
      Path path = dir.resolve(Journal.fileName(fileApp, fileHost, fileInstance, journals++));
      try {
        journal = Journal.create(path, journalSize, e -> {
          writeErrors.computeIfAbsent(e.getClass().getSimpleName(), k -> new LongAdder()).increment();
          reportError("drain", "draining the journal into the active file failed (the lines stay in the journal; "
              + "retrying): " + e, e);
        }, "logline-drain-" + (getName() != null ? getName() : fileApp));
      } catch (FileAlreadyExistsException e) {
        // a journal kept for recovery by an earlier appender of this instance: never reuse one
      }
    }
    return journal;
  }

  /** Releases the journal; a retired one is kept for recovery, which is asked to run. Under lock. */
  private void closeJournal() {
    Journal j = journal;
    journal = null;
    try {
      j.close();
    } catch (IOException | RuntimeException e) {
      reportError("journal", "closing " + j.path().getFileName() + " failed: " + e, e);
    }
    if (j.retired()) {
      addWarn(j.path().getFileName() + " kept with lines the drain could not write; recovery appends them to their file");
      rescanNeeded = true;
    }
  }

  /** Queues a closed file for compression, unless some of its lines wait in a journal for recovery. */
  private void finishClosed(ActiveFile file) {
    if (journal != null && journal.retired()) {
      closeJournal(); // releases it, so recovery can replay it
    }
    if (file.sink.finishable()) {
      submitFinish(file.path);
    } else {
      Ownership.releaseFile(file.path); // recovery replays its journal, then finishes it
      rescanNeeded = true;
    }
  }

  /** Closes the active file durably and queues it for compression. Under lock. */
  private void roll(String cause) {
    ActiveFile file = active;
    if (file == null) {
      return;
    }
    active = null;
    try {
      file.sink.flush();
      eventsWritten.add(file.unflushedLines);
      bytesWritten.add(file.unflushedBytes);
      file.sink.close(true); // fsync; MAPPED also unmaps and cuts the zero tail
    } catch (IOException | RuntimeException e) {
      lostOnError.add(file.unflushedLines);
      reportError(e.getClass().getSimpleName(), "closing " + file.path.getFileName() + " on " + cause + " roll: " + e, e);
    } finally {
      closeQuietly(file.sink);
    }
    finishClosed(file);
  }

  private void writeFailed(Exception e) {
    ActiveFile file = active;
    String cause = e.getClass().getSimpleName();
    writeErrors.computeIfAbsent(cause, k -> new LongAdder()).increment();
    if (file != null) {
      lostOnError.add(file.unflushedLines);
      active = null;
      closeQuietly(file.sink); // what reached the file stays; a torn last line is cut when it is finished
      if (Files.exists(file.path)) {
        finishClosed(file);
      } else {
        Ownership.releaseFile(file.path);
      }
    }
    reportError(cause, "event write failed (events lost, counted in lostOnError; retrying on the next event): " + e, e);
  }

  private void submitFinish(Path path) {
    pendingFinishes.incrementAndGet();
    try {
      finisher.execute(() -> {
        try {
          finish(path);
        } finally {
          pendingFinishes.decrementAndGet();
          Ownership.releaseFile(path);
        }
      });
    } catch (RejectedExecutionException e) {
      pendingFinishes.decrementAndGet();
      Ownership.releaseFile(path);
      addWarn(path.getFileName() + " left unfinished (finisher stopped); the next start finishes it");
    }
    if (rescanNeeded) {
      submitRecovery();
    }
  }

  private void finish(Path path) {
    try {
      FileFinisher.Result result = fileFinisher.finish(path);
      if (result != null) {
        finished(result);
      }
    } catch (IOException | RuntimeException e) {
      finishErrors.incrementAndGet();
      rescanNeeded = true;
      reportError("finish", "cannot finish " + path.getFileName() + " (kept, retried later): " + e, e);
    }
  }

  private void finished(FileFinisher.Result result) {
    filesFinished.incrementAndGet();
    if (result.tornBytes() > 0) {
      addWarn(result.gz().getFileName() + ": left out " + result.tornBytes()
          + " bytes after the last newline (a write that never completed)");
    }
    if (result.unparsedLines() > 0) {
      addWarn(result.gz().getFileName() + ": " + result.unparsedLines() + " lines are not Logline events");
    }
    for (FinishedFileListener listener : listeners) {
      try {
        listener.onFileFinished(result.gz(), result.manifestPath(), result.manifest());
      } catch (RuntimeException e) {
        addError("listener " + listener + " threw from onFileFinished: " + e, e);
      }
    }
  }

  private void submitRecovery() {
    rescanNeeded = false;
    DirectoryRecovery recovery = new DirectoryRecovery(dir, fileFinisher, orphanGraceMillis,
        new DirectoryRecovery.Callback() {
          @Override
          public void finished(FileFinisher.Result result) {
            EventFileAppender.this.finished(result);
          }

          @Override
          public void info(String message) {
            addInfo(message);
          }

          @Override
          public void warn(String message) {
            addWarn(message);
          }

          @Override
          public void error(String message, Throwable cause) {
            finishErrors.incrementAndGet();
            rescanNeeded = true;
            reportError("recovery", message, cause);
          }
        });
    pendingFinishes.incrementAndGet();
    try {
      finisher.execute(() -> {
        try {
          recovery.run();
        } finally {
          pendingFinishes.decrementAndGet();
        }
      });
    } catch (RejectedExecutionException e) {
      pendingFinishes.decrementAndGet();
    }
  }

  // ---- timers ----

  private void tick() {
    try {
      lock.lock();
      try {
        if (active != null && clock.millis() >= active.periodEnd) {
          roll("time");
        }
      } finally {
        lock.unlock();
      }
      long d = dropped.sum();
      long reported = droppedReported.get();
      if (d > reported && shouldReport("dropped") && droppedReported.compareAndSet(reported, d)) {
        addError((d - reported) + " events dropped: async queue of " + queueSize
            + " was full (overflowPolicy DROP; raise queueSize or use BLOCK); total dropped " + d);
      }
    } catch (RuntimeException e) {
      addError("roll timer failed: " + e, e);
    }
  }

  private void fsyncActive() {
    lock.lock();
    try {
      if (active != null) {
        active.sink.force(false);
        fsyncs.increment();
      }
    } catch (IOException | RuntimeException e) {
      reportError("fsync", "fsync of the active file failed: " + e, e);
    } finally {
      lock.unlock();
    }
  }

  // ---- async ----

  private void enqueue(LoggedEvent event) {
    if (overflowPolicy == OverflowPolicy.DROP) {
      if (!queue.offer(event)) {
        dropped.increment();
      } else {
        unlessStopped(event);
      }
      return;
    }
    boolean interrupted = false;
    try {
      while (true) {
        try {
          if (queue.offer(event, 100, TimeUnit.MILLISECONDS)) {
            unlessStopped(event);
            return;
          }
          if (!isStarted()) {
            notWrittenWhileStopped(1); // the appender stopped while this thread waited
            return;
          }
        } catch (InterruptedException e) {
          interrupted = true; // keep waiting: BLOCK promises not to lose; restore the flag after
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * An event queued after stop() took the queue's last events would stay there unwritten: it is taken back and
   * counted. One queued before that is stop()'s to write.
   */
  private void unlessStopped(LoggedEvent event) {
    if (isStarted()) {
      return;
    }
    lock.lock();
    try {
      if (closed && queue.remove(event)) {
        notWrittenWhileStopped(1);
      }
    } finally {
      lock.unlock();
    }
  }

  private void drainLoop() {
    List<LoggedEvent> batch = new ArrayList<>(BATCH);
    while (true) {
      try {
        if (batch.isEmpty()) {
          if (draining && queue.isEmpty()) {
            return;
          }
          LoggedEvent first = queue.poll(100, TimeUnit.MILLISECONDS);
          if (first == null) {
            continue;
          }
          batch.add(first);
        }
        queue.drainTo(batch, BATCH - batch.size());
        lock.lock();
        try {
          for (LoggedEvent event : batch) {
            write(event);
          }
          flushActive();
        } finally {
          lock.unlock();
        }
        batch.clear();
      } catch (InterruptedException e) {
        // stop() interrupts to wake us; draining decides when to leave
      } catch (RuntimeException e) {
        batch.clear();
        addError("async writer failed: " + e, e);
      }
    }
  }

  // ---- plumbing ----

  private void refuse(ILoggingEvent event) {
    refused.increment();
    String logger = event.getLoggerName();
    boolean first = warnedLoggers.size() < MAX_WARNED_LOGGERS
        ? warnedLoggers.putIfAbsent(String.valueOf(logger), Boolean.TRUE) == null
        : shouldReport("refused");
    if (first) {
      addWarn("refused a plain log from logger '" + logger + "': " + getName()
          + " writes only Logline events (EventLogger); route other loggers elsewhere (counted in refusedPlainLogs)");
    }
  }

  private void reportError(String cause, String message, Throwable e) {
    lastError = message;
    if (shouldReport(cause)) {
      addError(message, e);
    }
  }

  private boolean shouldReport(String key) {
    long now = System.currentTimeMillis();
    Long last = lastReported.get(key);
    if (last != null && now - last < REPORT_INTERVAL_MILLIS) {
      return false;
    }
    return last == null ? lastReported.putIfAbsent(key, now) == null : lastReported.replace(key, last, now);
  }

  private static void closeQuietly(LineSink sink) {
    try {
      sink.close(false);
    } catch (IOException | RuntimeException ignored) {
      // the data was flushed or is counted as lost already; a zero tail left behind is cut when finished
    }
  }

  private static String requireNonBlank(String value, String name) {
    if (value == null) {
      throw new NullPointerException(name + " == null");
    }
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " is blank");
    }
    return value.trim();
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** The file being written. */
  private static final class ActiveFile {
    final Path path;
    final long periodEnd;
    final LineSink sink;
    long bytes; // real bytes written (a MAPPED file's zero tail is not counted)
    long unflushedLines;
    long unflushedBytes;

    ActiveFile(Path path, long periodEnd, LineSink sink) {
      this.path = path;
      this.periodEnd = periodEnd;
      this.sink = sink;
    }
  }
}
