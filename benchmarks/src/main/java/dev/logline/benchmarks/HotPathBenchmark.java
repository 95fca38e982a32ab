package dev.logline.benchmarks;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import dev.logline.core.EventLogger;
import dev.logline.core.LogResult;
import dev.logline.core.Producer;
import dev.logline.core.ValidationMode;
import dev.logline.logback.EventFileAppender;
import dev.logline.logback.EventFileStats;
import dev.logline.logback.WriteMode;
import dev.logline.logback.internal.SpinLock;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.slf4j.Logger;

/**
 * B1, the backend hot path: one typical event (ten properties, about 630 bytes) from the caller's thread to a file,
 * flushed to the OS per event on every path. Run with {@code -t 1} and {@code -t 2}, and {@code -prof gc} for B/op.
 *
 * <p>Every path starts each measured iteration with a new, empty file and deletes it after. A file that grows by
 * 150 MB/s for a whole trial measures how fast the machine hands the page cache fresh memory (on the 2-core VM
 * this suite was written on, every path fell to the same ~150 MB/s of lines after about ten seconds, so the path
 * with the shortest line won); with a new file per iteration the logging path's own cost is what is measured.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HotPathBenchmark {
  /** Files outgrow this only in runs far longer than the documented settings; a roll would gzip on the side. */
  static final String NO_SIZE_ROLL = "1000 GB";
  /** Daily periods: an hourly roll inside a run would gzip a gigabyte-sized file on the side (runs avoid midnight UTC). */
  static final String NO_TIME_ROLL = "1 day";

  /**
   * A started EventFileAppender writing {@code dir} as the measured paths use it: no size or time rolls during
   * measurement, so nothing gzips on the side.
   */
  static EventFileAppender startAppender(LoggerContext ctx, Path dir, WriteMode writeMode) {
    EventFileAppender appender = new EventFileAppender();
    appender.setContext(ctx);
    appender.setName("events");
    appender.setDirectory(dir.toString());
    appender.setApp(TypicalEvent.APP);
    appender.setMaxFileSize(FileSize.valueOf(NO_SIZE_ROLL));
    appender.setRollPeriod(Duration.valueOf(NO_TIME_ROLL));
    appender.setStopTimeout(Duration.valueOf("2 seconds"));
    appender.setWriteMode(writeMode);
    appender.start();
    return appender;
  }

  /** Logline as applications use it: EventLogger (validation on) -> Logback -> EventFileAppender, synchronous. */
  @State(Scope.Benchmark)
  public static class LoglineState {
    public Path dir;
    public LoggerContext ctx;
    public EventFileAppender appender;
    public EventLogger events;

    @Setup(Level.Iteration)
    public void setUp() throws IOException {
      dir = Files.createTempDirectory("bench-logline");
      ctx = LogbackSetup.resetContext();
      appender = startAppender(ctx, dir, writeMode());
      LogbackSetup.route(ctx, EventLogger.DEFAULT_LOGGER_NAME, appender);
      LogbackSetup.requireNoProblems(ctx);
      events = EventLogger.builder().app(TypicalEvent.APP).mode(mode()).build();
      LogResult first = TypicalEvent.log(events);
      if (!first.isAccepted()) {
        throw new IllegalStateException("typical event refused: " + first);
      }
    }

    ValidationMode mode() {
      return ValidationMode.LOG;
    }

    WriteMode writeMode() {
      return EventFileAppender.DEFAULT_WRITE_MODE;
    }

    /** Fails the run when anything was refused or lost: throughput of dropped events would be a lie. */
    public void verify() {
      EventFileStats stats = appender.stats();
      if (events.stats().rejected() != 0 || stats.lostOnError() != 0 || stats.dropped() != 0
          || stats.droppedWhileStopped() != 0 || stats.writeErrorTotal() != 0) {
        throw new IllegalStateException("events were lost: " + events.stats() + " " + stats);
      }
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
      verify();
      LogbackSetup.deleteTree(dir); // before stop: the gzip of gigabytes is no part of the measurement
      ctx.stop();
    }
  }

  /** {@link LoglineState} with {@link ValidationMode#OFF}: splits the schema validation's share of the cost. */
  public static class LoglineNoValidationState extends LoglineState {
    @Override
    ValidationMode mode() {
      return ValidationMode.OFF;
    }
  }

  /**
   * {@link LoglineState} with {@link WriteMode#MAPPED}: lines copied into a shared mapping of the file, the same
   * process-crash durability without a system call per event.
   */
  public static class LoglineMappedState extends LoglineState {
    @Override
    WriteMode writeMode() {
      return WriteMode.MAPPED;
    }
  }

  /** {@link LoglineState} with {@link WriteMode#STREAM}: one {@code write} call per event, as every other path. */
  public static class LoglineStreamState extends LoglineState {
    @Override
    WriteMode writeMode() {
      return WriteMode.STREAM;
    }
  }

  /** The peer: logstash-logback-encoder behind FileAppender, immediateFlush=true. */
  @State(Scope.Benchmark)
  public static class PeerState {
    public Path dir;
    public LoggerContext ctx;
    public FileAppender<ILoggingEvent> appender;
    public Logger logger;

    void start(PeerLogging.Kind kind) throws IOException {
      dir = Files.createTempDirectory("bench-peer");
      ctx = LogbackSetup.resetContext();
      appender = PeerLogging.fileAppender(ctx, kind, dir.resolve("events.json").toString());
      logger = LogbackSetup.route(ctx, "events", appender);
      LogbackSetup.requireNoProblems(ctx);
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
      LogbackSetup.requireNoProblems(ctx);
      ctx.stop();
      LogbackSetup.deleteTree(dir);
    }
  }

  /** {@link PeerState} with {@code LogstashEncoder}. */
  public static class LogstashEncoderState extends PeerState {
    @Setup(Level.Iteration)
    public void setUp() throws IOException {
      start(PeerLogging.Kind.LOGSTASH_ENCODER);
    }
  }

  /** {@link PeerState} with {@code LoggingEventCompositeJsonEncoder}. */
  public static class CompositeEncoderState extends PeerState {
    @Setup(Level.Iteration)
    public void setUp() throws IOException {
      start(PeerLogging.Kind.COMPOSITE);
    }
  }

  /** The limit's shared file: a buffered stream flushed per event under one lock, as an appender does. */
  @State(Scope.Benchmark)
  public static class LimitFile {
    public Path dir;
    public FileOutputStream file;
    public BufferedOutputStream out;
    public final AtomicLong seq = new AtomicLong();
    /**
     * The lock {@code EventFileAppender} takes ({@link SpinLock#lockSpinning()}), for a section that is one {@code
     * write} call long. With {@code synchronized} or a plain {@code lock()}, a second thread that parks and is woken
     * costs more than the write, and two threads ran slower than one. The same lock on both sides keeps B1 a
     * comparison of everything but the lock.
     */
    public final SpinLock lock = new SpinLock();

    @Setup(Level.Iteration)
    public void setUp() throws IOException {
      dir = Files.createTempDirectory("bench-limit");
      file = new FileOutputStream(dir.resolve("events.jsonl").toFile(), true);
      out = new BufferedOutputStream(file, 64 * 1024);
    }

    @TearDown(Level.Iteration)
    public void tearDown() throws IOException {
      out.close();
      LogbackSetup.deleteTree(dir);
    }
  }

  /** The limit's per-thread encoder. */
  @State(Scope.Thread)
  public static class LimitEncoder {
    public LimitLine line;

    @Setup(Level.Trial)
    public void setUp() {
      line = new LimitLine(Producer.localHost(), Producer.PROCESS_INSTANCE);
    }
  }

  @Benchmark
  public LogResult logline(LoglineState s) {
    return TypicalEvent.log(s.events);
  }

  @Benchmark
  public LogResult loglineValidationOff(LoglineNoValidationState s) {
    return TypicalEvent.log(s.events);
  }

  @Benchmark
  public LogResult loglineMapped(LoglineMappedState s) {
    return TypicalEvent.log(s.events);
  }

  @Benchmark
  public LogResult loglineStream(LoglineStreamState s) {
    return TypicalEvent.log(s.events);
  }

  @Benchmark
  public void logstashEncoder(LogstashEncoderState s) {
    PeerLogging.log(s.logger);
  }

  @Benchmark
  public void logstashComposite(CompositeEncoderState s) {
    PeerLogging.log(s.logger);
  }

  @Benchmark
  public int limit(LimitFile f, LimitEncoder e) throws IOException {
    int length = e.line.encode(f.seq.incrementAndGet());
    f.lock.lockSpinning();
    try {
      e.line.writeTo(f.out, length);
    } finally {
      f.lock.unlock();
    }
    return length;
  }
}
