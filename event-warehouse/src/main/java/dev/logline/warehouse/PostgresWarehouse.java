package dev.logline.warehouse;

import dev.logline.warehouse.internal.EventRow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * A PostgreSQL database. One file is one transaction: its rows are streamed with {@code COPY ...
 * FROM STDIN (FORMAT csv)} into a temporary staging table, then moved with {@code INSERT ... SELECT
 * ... ON CONFLICT DO NOTHING} together with the ledger row. Needs {@code org.postgresql:postgresql}
 * on the class path (an optional dependency of this module). JSON columns are {@code JSONB};
 * timestamps {@code TIMESTAMPTZ}.
 */
public final class PostgresWarehouse extends Warehouse {
  private final String schema;

  private PostgresWarehouse(Connection connection, String schema, String tableSuffix) {
    super(connection, tableSuffix);
    this.schema = schema;
  }

  /** Connects to {@code jdbcUrl} and uses the connection's default schema. */
  public static PostgresWarehouse open(String jdbcUrl) throws SQLException {
    return builder().url(jdbcUrl).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The schema the tables live in, or null for the connection's search_path. */
  public String schema() {
    return schema;
  }

  /** Drops the schema this warehouse was built with, and everything in it. For tests and scratch loads. */
  public void dropSchema() throws SQLException {
    if (schema == null) throw new IllegalStateException("no schema set");
    try (Statement s = connection.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + quote(schema) + " CASCADE");
    }
  }

  @Override
  String qualify(String table) {
    return schema == null ? table : quote(schema) + "." + table;
  }

  @Override
  List<String> createTableSql() {
    String events = eventsDdl("UUID", "TIMESTAMPTZ", "JSONB");
    String ledger = ledgerDdl("TIMESTAMPTZ");
    return schema == null
        ? List.of(events, ledger)
        : List.of("CREATE SCHEMA IF NOT EXISTS " + quote(schema), events, ledger);
  }

  @Override
  Warehouse rebuildShadow() {
    if (!tableSuffix.isEmpty()) throw new IllegalStateException("already a rebuild shadow: " + eventsTable());
    return new PostgresWarehouse(connection, schema, REBUILD_SUFFIX);
  }

  @Override
  List<String> renameSql(String from, String to) {
    // the primary key's index keeps the shadow's name through the rename: give it the live one's,
    // or each rebuild's key gets a new name (logline_events__rebuild_pkey1, ...2, ...)
    return List.of("ALTER TABLE " + from + " RENAME TO " + to,
        "ALTER TABLE " + qualify(to) + " RENAME CONSTRAINT " + to + REBUILD_SUFFIX + "_pkey TO " + to + "_pkey");
  }

  @Override
  Stage openStage(String file, int batchSize) throws SQLException {
    connection.setAutoCommit(false);
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TEMP TABLE IF NOT EXISTS " + STAGING_TABLE + " (" + stagingColumnsDdl() + ")");
      s.execute("TRUNCATE " + STAGING_TABLE);
      return new PgStage(file, batchSize);
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      connection.setAutoCommit(true);
      throw e;
    }
  }

  private static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private final class PgStage implements Stage {
    private final String file;
    private final int batchSize;
    private final PGCopyOutputStream copy;
    private final StringBuilder line = new StringBuilder(1024);
    private int pending;
    private boolean done;

    PgStage(String file, int batchSize) throws SQLException {
      this.file = file;
      this.batchSize = batchSize;
      this.copy = new PGCopyOutputStream(connection.unwrap(PGConnection.class),
          "COPY " + STAGING_TABLE + " (" + STAGING_COLUMNS + ") FROM STDIN (FORMAT csv)", 64 * 1024);
    }

    @Override
    public void add(EventRow r) throws SQLException {
      line.setLength(0);
      field(r.eventId).field(r.event).field(r.schema).field(r.source).field(r.occurredAt)
          .field(r.sentAt).field(r.receivedAt).field(r.correctedAt).field(r.userId).field(r.anonymousId)
          .field(r.sessionId).field(r.producerApp).field(r.producerHost).field(r.producerInstance);
      line.append(r.seq).append(',');
      field(r.context);
      field(r.properties);
      line.setCharAt(line.length() - 1, '\n');
      try {
        copy.write(line.toString().getBytes(StandardCharsets.UTF_8));
        if (++pending >= batchSize) {
          copy.flush();
          pending = 0;
        }
      } catch (IOException e) {
        throw new SQLException("COPY into staging failed: " + e.getMessage(), e);
      }
    }

    /** CSV: null is an empty unquoted field, every value is quoted with inner quotes doubled. */
    private PgStage field(String value) {
      if (value != null) {
        line.append('"');
        for (int i = 0, n = value.length(); i < n; i++) {
          char c = value.charAt(i);
          if (c == '"') line.append('"');
          line.append(c);
        }
        line.append('"');
      }
      line.append(',');
      return this;
    }

    @Override
    public long commit(String sha256, long lines) throws SQLException {
      try {
        copy.endCopy();
        if (!recordInLedger(sha256, file, lines)) {
          connection.rollback();
          return -1;
        }
        long inserted;
        try (PreparedStatement ps = connection.prepareStatement(
            insertFromStagingSql("UUID", "TIMESTAMPTZ", "JSONB", STAGING_TABLE))) {
          ps.setString(1, file);
          inserted = ps.executeUpdate();
        }
        try (Statement s = connection.createStatement()) {
          s.execute("TRUNCATE " + STAGING_TABLE);
        }
        connection.commit();
        return inserted;
      } catch (SQLException | RuntimeException e) {
        abort();
        throw e;
      } finally {
        done = true;
        connection.setAutoCommit(true);
      }
    }

    @Override
    public void abort() {
      if (done) return;
      done = true;
      try {
        if (copy.isActive()) copy.cancelCopy();
      } catch (SQLException ignored) {
        // the rollback below discards whatever reached the server
      }
      try {
        connection.rollback();
        connection.setAutoCommit(true);
      } catch (SQLException ignored) {
        // a broken connection fails the next statement, which reports it
      }
    }
  }

  /** Builds a {@link PostgresWarehouse}. */
  public static final class Builder {
    private String url;
    private String schema;

    private Builder() {}

    /** JDBC URL, e.g. {@code jdbc:postgresql://127.0.0.1:5432/db?user=u&password=p}. Required. */
    public Builder url(String url) {
      this.url = Objects.requireNonNull(url, "url == null");
      return this;
    }

    /** Schema for the tables, created when missing; default: the connection's search_path. */
    public Builder schema(String schema) {
      this.schema = Objects.requireNonNull(schema, "schema == null");
      return this;
    }

    /** Connects. */
    public PostgresWarehouse build() throws SQLException {
      if (url == null) throw new IllegalStateException("Attribute 'url' cannot be null");
      return new PostgresWarehouse(DriverManager.getConnection(url), schema, "");
    }
  }
}
