package dev.logline.warehouse;

import dev.logline.warehouse.internal.EventRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A database that {@link WarehouseLoader} loads events into: {@link DuckDbWarehouse} (embedded) or
 * {@link PostgresWarehouse}. Owns one JDBC connection; not thread-safe; close it when done.
 *
 * <p>Tables: {@value #EVENTS_TABLE} (one row per {@code event_id}) and the ledger {@value
 * #LEDGER_TABLE} (one row per loaded file, keyed by the SHA-256 of its bytes, written in the same
 * transaction as the file's rows).
 */
public abstract class Warehouse implements AutoCloseable {
  /** The events table: {@value}. */
  public static final String EVENTS_TABLE = "logline_events";
  /** The ledger of loaded files: {@value}. */
  public static final String LEDGER_TABLE = "logline_loaded_files";
  /** The per-connection staging table: {@value}. */
  static final String STAGING_TABLE = "logline_staging";
  /** Ends the names of the shadow tables a rebuild fills before they replace the live ones: {@value}. */
  static final String REBUILD_SUFFIX = "__rebuild";

  /** Staging columns, in order; all text except seq, cast on the way into {@value #EVENTS_TABLE}. */
  static final String STAGING_COLUMNS = "event_id, event, schema, source, occurred_at, sent_at, received_at, corrected_at, "
      + "user_id, anonymous_id, session_id, producer_app, producer_host, producer_instance, seq, context, properties";

  final Connection connection;
  /** Empty for the live tables, {@value #REBUILD_SUFFIX} for a rebuild's shadow tables. */
  final String tableSuffix;

  Warehouse(Connection connection, String tableSuffix) {
    this.connection = Objects.requireNonNull(connection, "connection == null");
    this.tableSuffix = Objects.requireNonNull(tableSuffix, "tableSuffix == null");
  }

  /** The JDBC connection, for queries over the loaded tables. Owned by this warehouse. */
  public Connection connection() {
    return connection;
  }

  /** {@value #EVENTS_TABLE}, qualified as this warehouse needs it in SQL. */
  public String eventsTable() {
    return qualify(EVENTS_TABLE + tableSuffix);
  }

  /** {@value #LEDGER_TABLE}, qualified as this warehouse needs it in SQL. */
  public String ledgerTable() {
    return qualify(LEDGER_TABLE + tableSuffix);
  }

  /** Creates the tables when missing. Idempotent. */
  public void createTables() throws SQLException {
    try (Statement s = connection.createStatement()) {
      for (String sql : createTableSql()) s.execute(sql);
    }
  }

  /** Drops the events and ledger tables: everything loaded is gone, the archive is not touched. */
  public void dropTables() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + eventsTable());
      s.execute("DROP TABLE IF EXISTS " + ledgerTable());
    }
  }

  /** Rows in {@value #EVENTS_TABLE}. */
  public long countEvents() throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM " + eventsTable())) {
      r.next();
      return r.getLong(1);
    }
  }

  /**
   * Every run of missing {@code seq} values per (app, host, instance) between that producer's
   * smallest and largest loaded seq, ordered by producer then seq.
   */
  public List<SeqGap> seqGaps() throws SQLException {
    String sql = "SELECT producer_app, producer_host, producer_instance, prev + 1, seq - 1 FROM ("
        + "SELECT producer_app, producer_host, producer_instance, seq, "
        + "lag(seq) OVER (PARTITION BY producer_app, producer_host, producer_instance ORDER BY seq) AS prev "
        + "FROM " + eventsTable() + ") t WHERE seq - prev > 1 ORDER BY 1, 2, 3, 4";
    List<SeqGap> gaps = new ArrayList<>();
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        gaps.add(new SeqGap(r.getString(1), r.getString(2), r.getString(3), r.getLong(4), r.getLong(5)));
      }
    }
    return gaps;
  }

  /** Whether a file with this SHA-256 is in the ledger. */
  public boolean isLoaded(String sha256) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT 1 FROM " + ledgerTable() + " WHERE file_sha256 = ?")) {
      ps.setString(1, sha256);
      try (ResultSet r = ps.executeQuery()) {
        return r.next();
      }
    }
  }

  /** Closes the connection. */
  @Override
  public void close() throws SQLException {
    connection.close();
  }

  abstract String qualify(String table);

  abstract List<String> createTableSql();

  /**
   * The shadow tables a rebuild loads into while readers keep using these ones: the same connection
   * (not to be closed on its own), both table names ending in {@value #REBUILD_SUFFIX}.
   */
  abstract Warehouse rebuildShadow();

  /** Renames the table {@code from} (qualified) to {@code to}, a plain name in the same schema. */
  List<String> renameSql(String from, String to) {
    return List.of("ALTER TABLE " + from + " RENAME TO " + to);
  }

  /**
   * Replaces the events table and the ledger with {@code shadow}'s, in one transaction: a reader
   * sees both old tables or both new ones, and a failure leaves the old ones as they were. Refuses
   * when the shadow ledger does not hold exactly {@code filesLoaded} files: another rebuild dropped
   * and recreated the shadow tables meanwhile, and they may lack files.
   */
  void replaceWith(Warehouse shadow, long filesLoaded) throws SQLException {
    if (!tableSuffix.isEmpty() || !shadow.tableSuffix.equals(REBUILD_SUFFIX) || shadow.connection != connection) {
      throw new IllegalArgumentException("not this warehouse's rebuild shadow: " + shadow.eventsTable());
    }
    connection.setAutoCommit(false);
    try (Statement s = connection.createStatement()) {
      s.execute("DROP TABLE IF EXISTS " + eventsTable());
      for (String sql : renameSql(shadow.eventsTable(), EVENTS_TABLE)) s.execute(sql);
      s.execute("DROP TABLE IF EXISTS " + ledgerTable());
      for (String sql : renameSql(shadow.ledgerTable(), LEDGER_TABLE)) s.execute(sql);
      // counted after the rename, which locks the table against a concurrent rebuild's commits
      long files;
      try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + ledgerTable())) {
        r.next();
        files = r.getLong(1);
      }
      if (files != filesLoaded) {
        throw new SQLException(shadow.ledgerTable() + " holds " + files + " files, but this rebuild loaded "
            + filesLoaded + ": did another rebuild run at the same time?");
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw new SQLException("could not replace " + eventsTable() + " and " + ledgerTable() + " with "
          + shadow.eventsTable() + " and " + shadow.ledgerTable() + " (the old tables are unchanged): "
          + e.getMessage(), e);
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /** Starts staging one file's rows; {@code batchSize} rows go to the database per round trip. */
  abstract Stage openStage(String file, int batchSize) throws SQLException;

  /**
   * The insert from staging into the events table: one row per event_id (DISTINCT ON, so a
   * duplicate inside one file is skipped too), rows already stored skipped by the primary key.
   */
  String insertFromStagingSql(String uuid, String timestamp, String json, String staging) {
    return "INSERT INTO " + eventsTable() + " (event_id, event, schema, source, occurred_at, sent_at, received_at, "
        + "corrected_at, user_id, anonymous_id, session_id, producer_app, producer_host, producer_instance, seq, "
        + "context, properties, file) "
        + "SELECT DISTINCT ON (id) id, event, schema, source, "
        + "CAST(occurred_at AS " + timestamp + "), CAST(sent_at AS " + timestamp + "), "
        + "CAST(received_at AS " + timestamp + "), CAST(corrected_at AS " + timestamp + "), "
        + "user_id, anonymous_id, session_id, producer_app, producer_host, producer_instance, seq, "
        + "CAST(context AS " + json + "), CAST(properties AS " + json + "), ? "
        + "FROM (SELECT CAST(event_id AS " + uuid + ") AS id, * FROM " + staging + ") s "
        + "ON CONFLICT DO NOTHING";
  }

  String eventsDdl(String uuid, String timestamp, String json) {
    return "CREATE TABLE IF NOT EXISTS " + eventsTable() + " ("
        + "event_id " + uuid + " PRIMARY KEY, "
        + "event VARCHAR NOT NULL, schema VARCHAR NOT NULL, source VARCHAR NOT NULL, "
        + "occurred_at " + timestamp + " NOT NULL, sent_at " + timestamp + ", received_at " + timestamp + ", "
        + "corrected_at " + timestamp + ", "
        + "user_id VARCHAR, anonymous_id VARCHAR, session_id VARCHAR, "
        + "producer_app VARCHAR NOT NULL, producer_host VARCHAR NOT NULL, producer_instance VARCHAR NOT NULL, "
        + "seq BIGINT NOT NULL, context " + json + ", properties " + json + " NOT NULL, file VARCHAR NOT NULL)";
  }

  String ledgerDdl(String timestamp) {
    return "CREATE TABLE IF NOT EXISTS " + ledgerTable() + " ("
        + "file_sha256 VARCHAR PRIMARY KEY, file_name VARCHAR NOT NULL, lines BIGINT NOT NULL, "
        + "loaded_at " + timestamp + " NOT NULL DEFAULT current_timestamp)";
  }

  static String stagingColumnsDdl() {
    return "event_id VARCHAR, event VARCHAR, schema VARCHAR, source VARCHAR, occurred_at VARCHAR, sent_at VARCHAR, "
        + "received_at VARCHAR, corrected_at VARCHAR, user_id VARCHAR, anonymous_id VARCHAR, session_id VARCHAR, "
        + "producer_app VARCHAR, producer_host VARCHAR, producer_instance VARCHAR, seq BIGINT, context VARCHAR, "
        + "properties VARCHAR";
  }

  /** Records the file in the ledger; false when it is already there (another loader got it first). */
  boolean recordInLedger(String sha256, String file, long lines) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + ledgerTable()
        + " (file_sha256, file_name, lines) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
      ps.setString(1, sha256);
      ps.setString(2, file);
      ps.setLong(3, lines);
      return ps.executeUpdate() == 1;
    }
  }

  /** One file's rows on their way in. Nothing reaches the events table before {@link #commit}. */
  interface Stage {
    void add(EventRow row) throws SQLException;

    /**
     * Moves the staged rows into the events table and records the file in the ledger, in one
     * transaction.
     *
     * @return rows inserted, or -1 when the ledger already had the file (nothing was changed)
     */
    long commit(String sha256, long lines) throws SQLException;

    /** Discards the staged rows; safe after a failure and after commit. */
    void abort();
  }
}
