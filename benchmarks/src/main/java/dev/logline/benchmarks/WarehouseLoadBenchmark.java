package dev.logline.benchmarks;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import dev.logline.core.EventLogger;
import dev.logline.core.LogResult;
import dev.logline.logback.EventFileAppender;
import dev.logline.warehouse.DuckDbWarehouse;
import dev.logline.warehouse.LoadReport;
import dev.logline.warehouse.WarehouseLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * B5, warehouse load: one archive of {@code events} typical events, written by the real path (EventLogger ->
 * EventFileAppender, rolled by size into gzipped files with manifests), loaded into a fresh DuckDB file per
 * operation, either by {@link WarehouseLoader} (verify each file against its manifest, stage, dedupe, ledger) or by
 * DuckDB's own {@code read_json} of the same files (the limit). Score is seconds per load; rows/s is events / score.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class WarehouseLoadBenchmark {
  @Param({"100000"})
  public int events;

  /** Size cap per archive file; about 13k events a file by default, so the archive has several. */
  public String maxFileSize = "8 MB";

  public Path archive;
  public Path dbDir;
  public DuckDbWarehouse warehouse;

  @Setup(Level.Trial)
  public void writeArchive() throws IOException {
    archive = Files.createTempDirectory("bench-archive");
    LoggerContext ctx = LogbackSetup.resetContext();
    EventFileAppender appender = new EventFileAppender();
    appender.setContext(ctx);
    appender.setName("events");
    appender.setDirectory(archive.toString());
    appender.setApp(TypicalEvent.APP);
    appender.setMaxFileSize(FileSize.valueOf(maxFileSize));
    appender.setStopTimeout(Duration.valueOf("60 seconds"));
    appender.start();
    LogbackSetup.route(ctx, EventLogger.DEFAULT_LOGGER_NAME, appender);
    EventLogger logger = EventLogger.builder().app(TypicalEvent.APP).build();
    for (int i = 0; i < events; i++) {
      LogResult r = TypicalEvent.log(logger);
      if (!r.isAccepted()) {
        throw new IllegalStateException("refused: " + r);
      }
    }
    appender.stop(); // finishes every file: gzip + manifest
    LogbackSetup.requireNoProblems(ctx);
    ctx.stop();
  }

  @Setup(Level.Invocation)
  public void openEmptyWarehouse() throws IOException, SQLException {
    dbDir = Files.createTempDirectory("bench-duckdb");
    warehouse = DuckDbWarehouse.open(dbDir.resolve("events.duckdb"));
  }

  @TearDown(Level.Invocation)
  public void dropWarehouse() throws Exception {
    warehouse.close();
    LogbackSetup.deleteTree(dbDir);
  }

  @TearDown(Level.Trial)
  public void deleteArchive() {
    LogbackSetup.deleteTree(archive);
  }

  /** Number of data files in the archive. */
  public long files() throws IOException {
    try (Stream<Path> s = Files.list(archive)) {
      return s.filter(p -> p.toString().endsWith(".jsonl.gz")).count();
    }
  }

  @Benchmark
  public LoadReport warehouseLoader() throws IOException, SQLException {
    LoadReport report = WarehouseLoader.builder().source(archive).warehouse(warehouse).build().load();
    if (!report.isClean() || report.rowsInserted() != events) {
      throw new IllegalStateException("expected " + events + " rows, clean: " + report);
    }
    return report;
  }

  @Benchmark
  public long duckdbReadJson() throws SQLException {
    long rows = warehouse.loadWithReadJson(archive, "events_read_json");
    if (rows != events) {
      throw new IllegalStateException("expected " + events + " rows, read_json made " + rows);
    }
    return rows;
  }
}
