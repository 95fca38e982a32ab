package dev.logline.warehouse.cli;

import dev.logline.warehouse.DuckDbWarehouse;
import dev.logline.warehouse.LoadReport;
import dev.logline.warehouse.PostgresWarehouse;
import dev.logline.warehouse.Warehouse;
import dev.logline.warehouse.WarehouseLoader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code load --archive DIR (--duckdb FILE | --jdbc URL) [--rebuild]}: loads the archive and prints
 * the {@link LoadReport}. Exit codes: {@value #OK} all loaded and no seq gap, {@value #FAILED} the
 * load failed, {@value #USAGE} bad arguments, {@value #REJECTED} some files were rejected, {@value
 * #GAPS} seq gaps found (events missing).
 */
@Command(name = "load", mixinStandardHelpOptions = true, version = "logline warehouse load 0.1.0",
    description = "Loads a Logline event archive into DuckDB or PostgreSQL, verified and re-runnable.")
public final class LoadCommand implements Callable<Integer> {
  /** Everything loaded, nothing missing: {@value}. */
  public static final int OK = 0;
  /** The load failed (database or archive unreachable): {@value}. */
  public static final int FAILED = 1;
  /** Bad command line (picocli's own code): {@value}. */
  public static final int USAGE = 2;
  /** At least one file was rejected: {@value}. */
  public static final int REJECTED = 3;
  /** Files loaded, but seq gaps show missing events: {@value}. */
  public static final int GAPS = 4;

  @Spec
  CommandSpec spec;

  @Option(names = "--archive", required = true, paramLabel = "DIR",
      description = "Archive root (event_date=/event_hour= tree) or a directory of .jsonl.gz files with manifests.")
  Path archive;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Target target;

  static final class Target {
    @Option(names = "--duckdb", required = true, paramLabel = "FILE", description = "DuckDB database file (created when missing).")
    Path duckdb;

    @Option(names = "--jdbc", required = true, paramLabel = "URL",
        description = "PostgreSQL JDBC URL, e.g. jdbc:postgresql://host:5432/db?user=u&password=p")
    String jdbc;
  }

  @Option(names = "--schema", paramLabel = "NAME", description = "PostgreSQL schema for the tables (created when missing).")
  String schema;

  @Option(names = "--rebuild", description = "Reload everything from the archive into new tables; they replace "
      + "the old ones in one transaction at the end, and until then readers see the old ones.")
  boolean rebuild;

  @Option(names = "--batch-size", paramLabel = "ROWS", defaultValue = "" + WarehouseLoader.DEFAULT_BATCH_SIZE,
      description = "Rows per round trip to the database (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isDirectory(archive)) {
      err.println("archive is not a directory: " + archive);
      return USAGE;
    }
    if (schema != null && target.jdbc == null) {
      err.println("--schema applies to --jdbc only");
      return USAGE;
    }
    try (Warehouse warehouse = open()) {
      LoadReport report = WarehouseLoader.builder()
          .source(archive)
          .warehouse(warehouse)
          .batchSize(batchSize)
          .rebuild(rebuild)
          .build()
          .load();
      out.print(report);
      out.flush();
      if (!report.rejected().isEmpty()) return REJECTED;
      if (!report.gaps().isEmpty()) return GAPS;
      return OK;
    } catch (Exception e) {
      err.println("load failed: " + e);
      err.flush();
      return FAILED;
    }
  }

  private Warehouse open() throws java.sql.SQLException {
    if (target.duckdb != null) return DuckDbWarehouse.open(target.duckdb);
    PostgresWarehouse.Builder b = PostgresWarehouse.builder().url(target.jdbc);
    if (schema != null) b.schema(schema);
    return b.build();
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadCommand()).execute(args));
  }
}
