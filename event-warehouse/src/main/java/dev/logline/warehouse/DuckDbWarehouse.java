package dev.logline.warehouse;

import dev.logline.warehouse.internal.EventRow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * An embedded DuckDB database file. Rows are staged with DuckDB's Appender into a temporary table,
 * then moved with {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING} together with the ledger
 * row in one transaction. Needs {@code org.duckdb:duckdb_jdbc} on the class path (an optional
 * dependency of this module). JSON columns use DuckDB's {@code JSON} type; timestamps are
 * {@code TIMESTAMPTZ}.
 */
public final class DuckDbWarehouse extends Warehouse {
  private final DuckDBConnection duck;

  private DuckDbWarehouse(Connection connection) throws SQLException {
    super(connection);
    this.duck = connection.unwrap(DuckDBConnection.class);
  }

  /** Opens (creating when missing) the DuckDB database file {@code file}. */
  public static DuckDbWarehouse open(Path file) throws SQLException {
    Objects.requireNonNull(file, "file == null");
    Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
    try {
      DuckDbWarehouse w = new DuckDbWarehouse(c);
      try (Statement s = c.createStatement()) {
        // timestamps are shown and compared in UTC whatever the machine's zone
        s.execute("SET TimeZone = 'UTC'");
      }
      return w;
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  @Override
  String qualify(String table) {
    return table;
  }

  @Override
  List<String> createTableSql() {
    return List.of(eventsDdl("UUID", "TIMESTAMPTZ", "JSON"), ledgerDdl("TIMESTAMPTZ"));
  }

  @Override
  Stage openStage(String file, int batchSize) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TEMP TABLE IF NOT EXISTS " + STAGING_TABLE + " (" + stagingColumnsDdl() + ")");
      s.execute("DELETE FROM " + STAGING_TABLE);
    }
    return new DuckStage(file, batchSize);
  }

  /**
   * Loads with DuckDB's own JSON reader: {@code read_json} over every {@code .jsonl.gz} under
   * {@code archiveRoot}, flattened into a fresh table {@code target} with the same columns as
   * {@value Warehouse#EVENTS_TABLE} (no verification, no ledger, no dedupe). The benchmark's upper
   * bound for {@link WarehouseLoader}: what the database reads on its own. DuckDB's JSON extension
   * is statically linked into the JDBC driver, so this works offline.
   *
   * @return rows in {@code target}
   */
  public long loadWithReadJson(Path archiveRoot, String target) throws SQLException {
    Objects.requireNonNull(archiveRoot, "archiveRoot == null");
    Objects.requireNonNull(target, "target == null");
    if (!target.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("target is not a plain identifier: " + target);
    }
    String glob = archiveRoot.toAbsolutePath().toString().replace("'", "''") + "/**/*.jsonl.gz";
    String sql = "CREATE OR REPLACE TABLE " + target + " AS SELECT "
        + "CAST(event_id AS UUID) AS event_id, event, schema, source, "
        + "CAST(occurred_at AS TIMESTAMPTZ) AS occurred_at, CAST(sent_at AS TIMESTAMPTZ) AS sent_at, "
        + "CAST(received_at AS TIMESTAMPTZ) AS received_at, CAST(corrected_at AS TIMESTAMPTZ) AS corrected_at, "
        + "user_id, anonymous_id, session_id, producer.app AS producer_app, producer.host AS producer_host, "
        + "producer.instance AS producer_instance, CAST(producer.seq AS BIGINT) AS seq, "
        + "context, properties, filename AS file "
        + "FROM read_json('" + glob + "', format = 'newline_delimited', compression = 'gzip', filename = true, "
        + "columns = {event_id: 'VARCHAR', event: 'VARCHAR', schema: 'VARCHAR', source: 'VARCHAR', "
        + "occurred_at: 'VARCHAR', sent_at: 'VARCHAR', received_at: 'VARCHAR', corrected_at: 'VARCHAR', "
        + "user_id: 'VARCHAR', anonymous_id: 'VARCHAR', session_id: 'VARCHAR', "
        + "producer: 'STRUCT(app VARCHAR, host VARCHAR, instance VARCHAR, seq BIGINT)', "
        + "context: 'JSON', properties: 'JSON'})";
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
      try (var r = s.executeQuery("SELECT count(*) FROM " + target)) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  private final class DuckStage implements Stage {
    private final String file;
    private final int batchSize;
    private final DuckDBAppender appender;
    private int pending;

    DuckStage(String file, int batchSize) throws SQLException {
      this.file = file;
      this.batchSize = batchSize;
      this.appender = duck.createAppender("temp", "main", STAGING_TABLE);
    }

    @Override
    public void add(EventRow r) throws SQLException {
      appender.beginRow();
      appender.append(r.eventId);
      appender.append(r.event);
      appender.append(r.schema);
      appender.append(r.source);
      appender.append(r.occurredAt);
      appendNullable(r.sentAt);
      appendNullable(r.receivedAt);
      appendNullable(r.correctedAt);
      appendNullable(r.userId);
      appendNullable(r.anonymousId);
      appendNullable(r.sessionId);
      appender.append(r.producerApp);
      appender.append(r.producerHost);
      appender.append(r.producerInstance);
      appender.append(r.seq);
      appendNullable(r.context);
      appender.append(r.properties);
      appender.endRow();
      if (++pending >= batchSize) {
        appender.flush();
        pending = 0;
      }
    }

    private void appendNullable(String value) throws SQLException {
      if (value == null) {
        appender.appendNull();
      } else {
        appender.append(value);
      }
    }

    @Override
    public long commit(String sha256, long lines) throws SQLException {
      // the appender writes outside the transaction, into the connection's own temp table: flush it
      // first, then move rows and record the file atomically
      appender.close();
      connection.setAutoCommit(false);
      try {
        if (!recordInLedger(sha256, file, lines)) {
          connection.rollback();
          return -1;
        }
        long inserted;
        try (PreparedStatement ps = connection.prepareStatement(
            insertFromStagingSql("UUID", "TIMESTAMPTZ", "JSON", STAGING_TABLE))) {
          ps.setString(1, file);
          inserted = ps.executeUpdate();
        }
        connection.commit();
        return inserted;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
        clearStaging();
      }
    }

    @Override
    public void abort() {
      try {
        if (!appender.isClosed()) appender.close();
      } catch (SQLException ignored) {
        // the staged rows are deleted below either way
      }
      clearStaging();
    }

    private void clearStaging() {
      try (Statement s = connection.createStatement()) {
        s.execute("DELETE FROM " + STAGING_TABLE);
      } catch (SQLException ignored) {
        // staging is re-cleared before the next file; a temp table dies with the connection
      }
    }
  }
}
