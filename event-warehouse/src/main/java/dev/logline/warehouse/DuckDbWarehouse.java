package dev.logline.warehouse;

import dev.logline.warehouse.internal.EventRow;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    this(connection, "", connection.unwrap(DuckDBConnection.class));
  }

  private DuckDbWarehouse(Connection connection, String tableSuffix, DuckDBConnection duck) {
    super(connection, tableSuffix);
    this.duck = duck;
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
  Warehouse rebuildShadow() {
    if (!tableSuffix.isEmpty()) throw new IllegalStateException("already a rebuild shadow: " + eventsTable());
    return new DuckDbWarehouse(connection, REBUILD_SUFFIX, duck);
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

  /** The per-connection staging table of {@link #stageWithReadJson}: {@value}. */
  static final String BATCH_STAGING_TABLE = "logline_staging_files";

  /**
   * Stages verified {@code .jsonl.gz} files with DuckDB's own {@code read_json} (in parallel, one
   * file per thread) and checks every line as strictly as {@code LineParser} does: envelope major,
   * field types (each field is read as JSON, so a number is not taken for a string), UUID and RFC
   * 3339 UTC shapes, objects for {@code context} and {@code properties}. An explicit JSON {@code
   * null} reads like an absent field here, so the caller must not use this for files that may hold
   * one.
   *
   * @return per file (as given) and producer ({@code app\0host\0instance}): {min seq, max seq,
   *     lines, lines failing a check}; null when DuckDB refuses one of the files (nothing is staged)
   */
  Map<String, Map<String, long[]>> stageWithReadJson(List<Path> files) throws SQLException {
    String isString = "json_type(%s) = 'VARCHAR'";
    String optString = "(%1$s IS NULL OR json_type(%1$s) = 'VARCHAR')";
    String ts = "regexp_full_match(%s->>'$', '[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?Z')";
    String optTs = "(%1$s IS NULL OR (json_type(%1$s) = 'VARCHAR' AND " + ts + "))";
    String valid = String.join(" AND ",
        String.format(isString, "envelope"), "starts_with(envelope->>'$', '1-')",
        String.format(isString, "event_id"),
        "regexp_full_match(event_id->>'$', "
            + "'[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}')",
        String.format(isString, "event"), String.format(isString, "schema"), String.format(isString, "source"),
        String.format(isString, "occurred_at"), String.format(ts, "occurred_at"),
        String.format(optTs, "sent_at"), String.format(optTs, "received_at"), String.format(optTs, "corrected_at"),
        String.format(optString, "user_id"), String.format(optString, "anonymous_id"),
        String.format(optString, "session_id"),
        "producer IS NOT NULL",
        String.format(isString, "producer.app"), String.format(isString, "producer.host"),
        String.format(isString, "producer.instance"), "json_type(producer.seq) IN ('UBIGINT', 'BIGINT')",
        "(context IS NULL OR json_type(context) = 'OBJECT')", "json_type(properties) = 'OBJECT'");
    StringBuilder list = new StringBuilder("[");
    for (Path f : files) {
      if (list.length() > 1) list.append(", ");
      list.append('\'').append(f.toString().replace("'", "''")).append('\'');
    }
    list.append(']');
    String sql = "INSERT INTO " + BATCH_STAGING_TABLE + " SELECT "
        // cast here, in parallel, rather than in the insert: the events table's types, a bad value
        // fails the statement and the Java parser takes the file
        + "CAST(event_id->>'$' AS UUID), event->>'$', schema->>'$', source->>'$', "
        + "CAST(occurred_at->>'$' AS TIMESTAMPTZ), CAST(sent_at->>'$' AS TIMESTAMPTZ), "
        + "CAST(received_at->>'$' AS TIMESTAMPTZ), CAST(corrected_at->>'$' AS TIMESTAMPTZ), "
        + "user_id->>'$', anonymous_id->>'$', session_id->>'$', "
        + "producer.app->>'$', producer.host->>'$', producer.instance->>'$', "
        + "CASE WHEN json_type(producer.seq) IN ('UBIGINT', 'BIGINT') THEN CAST(producer.seq AS BIGINT) END, "
        + "context, properties, filename, coalesce(" + valid + ", false) "
        + "FROM read_json(" + list + ", format = 'newline_delimited', compression = 'gzip', filename = true, "
        + "maximum_object_size = " + (WarehouseLoader.MAX_LINE_BYTES + 1) + ", "
        + "columns = {envelope: 'JSON', event_id: 'JSON', event: 'JSON', schema: 'JSON', source: 'JSON', "
        + "occurred_at: 'JSON', sent_at: 'JSON', received_at: 'JSON', corrected_at: 'JSON', "
        + "user_id: 'JSON', anonymous_id: 'JSON', session_id: 'JSON', "
        + "producer: 'STRUCT(app JSON, host JSON, instance JSON, seq JSON)', context: 'JSON', properties: 'JSON'})";
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TEMP TABLE IF NOT EXISTS " + BATCH_STAGING_TABLE + " (event_id UUID, event VARCHAR, "
          + "schema VARCHAR, source VARCHAR, occurred_at TIMESTAMPTZ, sent_at TIMESTAMPTZ, received_at TIMESTAMPTZ, "
          + "corrected_at TIMESTAMPTZ, user_id VARCHAR, anonymous_id VARCHAR, session_id VARCHAR, "
          + "producer_app VARCHAR, producer_host VARCHAR, producer_instance VARCHAR, seq BIGINT, context JSON, "
          + "properties JSON, src_file VARCHAR, ok BOOLEAN)");
      s.execute("DELETE FROM " + BATCH_STAGING_TABLE);
      try {
        s.execute(sql);
      } catch (SQLException refused) {
        clearStagedFiles();
        return null; // the caller's Java parser finds the line and says what is wrong with it
      }
      Map<String, Map<String, long[]>> stats = new HashMap<>();
      try (ResultSet r = s.executeQuery("SELECT src_file, producer_app, producer_host, producer_instance, "
          + "min(seq), max(seq), count(*), count(*) FILTER (WHERE NOT ok) FROM " + BATCH_STAGING_TABLE
          + " GROUP BY ALL")) {
        while (r.next()) {
          stats.computeIfAbsent(r.getString(1), k -> new HashMap<>())
              .put(r.getString(2) + '\u0000' + r.getString(3) + '\u0000' + r.getString(4),
                  new long[] {r.getLong(5), r.getLong(6), r.getLong(7), r.getLong(8)});
        }
      }
      return stats;
    }
  }

  /**
   * Moves one file's rows staged by {@link #stageWithReadJson} into the events table and records
   * the file in the ledger, in one transaction.
   *
   * @return rows inserted, or -1 when the ledger already had the file (nothing was changed)
   */
  long commitStaged(Path staged, String sha256, String file, long lines) throws SQLException {
    return insertWithLedgerRow(sha256, file, lines,
        "(SELECT " + STAGING_COLUMNS + " FROM " + BATCH_STAGING_TABLE + " WHERE src_file = ?)", staged.toString());
  }

  /**
   * Moves the staged rows into the events table and records the file in the ledger, in one
   * transaction; staging is empty afterwards.
   *
   * @return rows inserted, or -1 when the ledger already had the file (nothing was changed)
   */
  long commitStaging(String sha256, String file, long lines) throws SQLException {
    try {
      return insertWithLedgerRow(sha256, file, lines, STAGING_TABLE, null);
    } finally {
      clearStaging();
    }
  }

  /** One transaction: the ledger row, then the rows from {@code source}; -1 when the ledger had the file. */
  private long insertWithLedgerRow(String sha256, String file, long lines, String source, String sourceFile)
      throws SQLException {
    connection.setAutoCommit(false);
    try {
      if (!recordInLedger(sha256, file, lines)) {
        connection.rollback();
        return -1;
      }
      long inserted;
      try (PreparedStatement ps = connection.prepareStatement(insertFromStagingSql("UUID", "TIMESTAMPTZ", "JSON", source))) {
        ps.setString(1, file);
        if (sourceFile != null) {
          ps.setString(2, sourceFile);
        }
        inserted = ps.executeUpdate();
      }
      connection.commit();
      return inserted;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  void clearStaging() {
    try (Statement s = connection.createStatement()) {
      s.execute("DELETE FROM " + STAGING_TABLE);
    } catch (SQLException ignored) {
      // staging is re-cleared before the next file; a temp table dies with the connection
    }
  }

  /** Empties the staging table of {@link #stageWithReadJson}. */
  void clearStagedFiles() {
    try (Statement s = connection.createStatement()) {
      s.execute("DELETE FROM " + BATCH_STAGING_TABLE);
    } catch (SQLException ignored) {
      // re-cleared before the next batch; a temp table dies with the connection
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
      return commitStaging(sha256, file, lines);
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

  }
}
