package dev.logline.warehouse;

import dev.logline.warehouse.internal.EventRow;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/**
 * The loader in a child JVM that {@link KilledLoadTest} kills with SIGKILL. It prints
 * {@code committed <file> <rows>} after each file's transaction commits, and pauses before each
 * commit with the file's rows already staged, so the kill lands inside a file's load.
 *
 * <p>Arguments: {@code <archive> <pauseMillis> (load|rebuild) duckdb <file>} or
 * {@code <archive> <pauseMillis> (load|rebuild) postgres <jdbcUrl> <schema>}.
 */
public final class KilledLoadChild {
  private KilledLoadChild() {}

  public static void main(String[] args) throws Exception {
    Path archive = Path.of(args[0]);
    long pauseMillis = Long.parseLong(args[1]);
    boolean rebuild = switch (args[2]) {
      case "load" -> false;
      case "rebuild" -> true;
      default -> throw new IllegalArgumentException("unknown mode " + args[2]);
    };
    Warehouse target = switch (args[3]) {
      case "duckdb" -> DuckDbWarehouse.open(Path.of(args[4]));
      case "postgres" -> PostgresWarehouse.builder().url(args[4]).schema(args[5]).build();
      default -> throw new IllegalArgumentException("unknown warehouse " + args[3]);
    };
    try (Warehouse w = new Reporting(target, pauseMillis)) {
      WarehouseLoader.builder().source(archive).warehouse(w).rebuild(rebuild).build().load();
    }
    System.out.println("done");
  }

  /** The real warehouse (or its rebuild shadow), with a pause before and a line after each file's commit. */
  private static final class Reporting extends Warehouse {
    private final Warehouse delegate;
    private final long pauseMillis;

    Reporting(Warehouse delegate, long pauseMillis) {
      super(delegate.connection(), delegate.tableSuffix);
      this.delegate = delegate;
      this.pauseMillis = pauseMillis;
    }

    @Override
    String qualify(String table) {
      return delegate.qualify(table);
    }

    @Override
    List<String> createTableSql() {
      return delegate.createTableSql();
    }

    @Override
    Warehouse rebuildShadow() {
      return new Reporting(delegate.rebuildShadow(), pauseMillis);
    }

    @Override
    List<String> renameSql(String from, String to) {
      return delegate.renameSql(from, to);
    }

    @Override
    Stage openStage(String file, int batchSize) throws SQLException {
      Stage stage = delegate.openStage(file, batchSize);
      return new Stage() {
        @Override
        public void add(EventRow row) throws SQLException {
          stage.add(row);
        }

        @Override
        public long commit(String sha256, long lines) throws SQLException {
          try {
            // slows the run so the parent's kill lands while this file is staged, not committed
            Thread.sleep(pauseMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted", e);
          }
          long n = stage.commit(sha256, lines);
          System.out.println("committed " + file + " " + n);
          System.out.flush();
          return n;
        }

        @Override
        public void abort() {
          stage.abort();
        }
      };
    }
  }
}
