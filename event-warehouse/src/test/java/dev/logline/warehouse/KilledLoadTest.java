package dev.logline.warehouse;

import static dev.logline.warehouse.ArchiveFixture.INSTANCE_A;
import static dev.logline.warehouse.ArchiveFixture.INSTANCE_B;
import static dev.logline.warehouse.ArchiveFixture.checkout;
import static dev.logline.warehouse.ArchiveFixture.hourDir;
import static dev.logline.warehouse.ArchiveFixture.logger;
import static dev.logline.warehouse.WarehouseLoaderContract.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.logline.core.EventLogger;
import dev.logline.core.LoggedEvent;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability of the one-transaction-per-file load: a loader JVM killed with SIGKILL in the middle of
 * an archive leaves only whole files behind, and the next run stores every event exactly once. A
 * rebuild killed the same way leaves the live tables as they were.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KilledLoadTest {
  static final int FILES = 40;
  static final int EVENTS_PER_FILE = 500;
  /** Each file holds half of its events from each of two producers. */
  static final int PER_PRODUCER = FILES * EVENTS_PER_FILE / 2;
  static final int COMMITS_BEFORE_KILL = 3;
  /** The child waits this long before each commit: 40 files take 12 s, the kill comes after 3. */
  static final long PAUSE_MILLIS = 300;

  @TempDir Path tmp;

  @Test
  void aDuckDbLoadKilledMidWayAndRerunStoresEveryEventExactlyOnce() throws Exception {
    Path db = tmp.resolve("events.duckdb");
    killedThenRerun(List.of("duckdb", db.toString()), () -> DuckDbWarehouse.open(db));
  }

  @Test
  void aPostgresLoadKilledMidWayAndRerunStoresEveryEventExactlyOnce() throws Exception {
    String url = PostgresSupport.url();
    String schema = PostgresSupport.uniqueSchema();
    try {
      killedThenRerun(List.of("postgres", url, schema),
          () -> PostgresWarehouse.builder().url(url).schema(schema).build());
    } finally {
      try (PostgresWarehouse w = PostgresWarehouse.builder().url(url).schema(schema).build()) {
        w.dropSchema();
      }
    }
  }

  @Test
  void aDuckDbRebuildKilledMidWayLeavesTheOldTablesServing() throws Exception {
    Path db = tmp.resolve("events.duckdb");
    killedRebuildThenRerun(List.of("duckdb", db.toString()), () -> DuckDbWarehouse.open(db), "main");
  }

  @Test
  void aPostgresRebuildKilledMidWayLeavesTheOldTablesServing() throws Exception {
    String url = PostgresSupport.url();
    String schema = PostgresSupport.uniqueSchema();
    try {
      killedRebuildThenRerun(List.of("postgres", url, schema),
          () -> PostgresWarehouse.builder().url(url).schema(schema).build(), schema);
    } finally {
      try (PostgresWarehouse w = PostgresWarehouse.builder().url(url).schema(schema).build()) {
        w.dropSchema();
      }
    }
  }

  interface Opener {
    Warehouse open() throws SQLException;
  }

  private void killedThenRerun(List<String> target, Opener opener) throws Exception {
    Path root = Files.createDirectories(tmp.resolve("archive"));
    List<String> fileNames = writeArchive(new ArchiveFixture(root));

    loadUntilKilled(root, "load", target);

    try (Warehouse w = opener.open()) {
      // what the kill left: whole files only, each with its ledger row
      long committed = query(w, "SELECT count(*) FROM " + w.ledgerTable());
      assertThat(committed).isBetween((long) COMMITS_BEFORE_KILL, FILES - 1L);
      assertThat(w.countEvents()).isEqualTo(committed * EVENTS_PER_FILE);

      LoadReport report = WarehouseLoader.builder().source(root).warehouse(w).build().load();

      assertThat(report.filesSeen()).isEqualTo(FILES);
      assertThat(report.filesSkipped()).isEqualTo(committed);
      assertThat(report.filesLoaded()).isEqualTo(FILES - committed);
      assertThat(report.rejected()).isEmpty();
      assertThat(report.rowsInserted()).isEqualTo((FILES - committed) * EVENTS_PER_FILE);
      assertThat(report.duplicatesSkipped()).isZero();
      assertThat(report.gaps()).isEmpty();
      assertThat(report.isClean()).isTrue();
      assertEveryEventOnce(w, fileNames);
    }
  }

  /**
   * The archive loaded, then damaged (seq 100, 200, ... of both producers deleted), so the old
   * tables differ from anything a rebuild commits; a rebuild killed part-way must leave them so.
   */
  private void killedRebuildThenRerun(List<String> target, Opener opener, String schema) throws Exception {
    Path root = Files.createDirectories(tmp.resolve("archive"));
    List<String> fileNames = writeArchive(new ArchiveFixture(root));
    String eventsSql;
    String ledgerSql;
    List<String> ledgerBefore;
    try (Warehouse w = opener.open()) {
      assertThat(WarehouseLoader.builder().source(root).warehouse(w).build().load().filesLoaded()).isEqualTo(FILES);
      try (Statement s = w.connection().createStatement()) {
        s.executeUpdate("DELETE FROM " + w.eventsTable() + " WHERE seq % 100 = 0");
      }
      eventsSql = "SELECT count(*), count(DISTINCT event_id), sum(seq) FROM " + w.eventsTable();
      ledgerSql = "SELECT file_sha256, file_name, lines, loaded_at FROM " + w.ledgerTable() + " ORDER BY file_name";
      ledgerBefore = rows(w, ledgerSql);
    } // DuckDB: one process at a time holds the file
    long damagedRows = FILES * EVENTS_PER_FILE - 2L * (PER_PRODUCER / 100);
    long damagedSeqSum = 2L * (sumTo(PER_PRODUCER) - 100 * sumTo(PER_PRODUCER / 100));
    List<String> damaged = List.of(damagedRows + " " + damagedRows + " " + damagedSeqSum);

    loadUntilKilled(root, "rebuild", target);

    try (Warehouse w = opener.open()) {
      assertThat(rows(w, eventsSql)).as("the live events, after the kill").isEqualTo(damaged);
      assertThat(rows(w, ledgerSql)).as("the live ledger, after the kill").isEqualTo(ledgerBefore);
      // what the killed rebuild left: whole files in its shadow tables, which nothing reads
      Warehouse shadow = w.rebuildShadow();
      long committed = query(w, "SELECT count(*) FROM " + shadow.ledgerTable());
      assertThat(committed).isBetween((long) COMMITS_BEFORE_KILL, FILES - 1L);
      assertThat(query(w, "SELECT count(*) FROM " + shadow.eventsTable())).isEqualTo(committed * EVENTS_PER_FILE);

      // a plain load goes on with the live tables: their ledger has every file
      LoadReport plain = WarehouseLoader.builder().source(root).warehouse(w).build().load();
      assertThat(plain.filesSkipped()).isEqualTo(FILES);
      assertThat(plain.filesLoaded()).isZero();
      assertThat(rows(w, eventsSql)).isEqualTo(damaged);

      LoadReport rebuilt = WarehouseLoader.builder().source(root).warehouse(w).rebuild(true).build().load();

      assertThat(rebuilt.filesLoaded()).isEqualTo(FILES);
      assertThat(rebuilt.filesSkipped()).isZero();
      assertThat(rebuilt.rowsInserted()).isEqualTo((long) FILES * EVENTS_PER_FILE);
      assertThat(rebuilt.isClean()).isTrue();
      assertEveryEventOnce(w, fileNames);
      assertThat(rows(w, "SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema
          + "' AND table_type = 'BASE TABLE' ORDER BY table_name"))
          .as("the killed rebuild's shadows are gone").containsExactly(Warehouse.EVENTS_TABLE, Warehouse.LEDGER_TABLE);
    }
  }

  private static long sumTo(long n) {
    return n * (n + 1) / 2;
  }

  /** Starts the child loader ({@code load} or {@code rebuild}) and kills it after its third commit. */
  private void loadUntilKilled(Path root, String mode, List<String> target) throws Exception {
    Path stderr = tmp.resolve("child-" + mode + ".err");
    List<String> command = new ArrayList<>(List.of(
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
        "-cp", System.getProperty("java.class.path"),
        KilledLoadChild.class.getName(), root.toString(), String.valueOf(PAUSE_MILLIS), mode));
    command.addAll(target);
    Process child = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    List<String> printed = new ArrayList<>();
    boolean aliveAtKill;
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; printed.size() < COMMITS_BEFORE_KILL && (line = out.readLine()) != null; ) {
        printed.add(line);
      }
      aliveAtKill = child.isAlive();
      child.destroyForcibly(); // SIGKILL: no rollback, no close, the file being staged is cut off
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(printed).as("child output; stderr: %s", Files.readString(stderr))
        .hasSize(COMMITS_BEFORE_KILL)
        .allSatisfy(line -> assertThat(line).matches("committed \\S+ " + EVENTS_PER_FILE));
    assertThat(aliveAtKill).as("the child was still loading when killed").isTrue();
    assertThat(child.exitValue()).as("killed, not finished").isNotZero();
  }

  /** Every event of the archive once, per producer seq 1..PER_PRODUCER, every file in the ledger once. */
  private static void assertEveryEventOnce(Warehouse w, List<String> fileNames) throws SQLException {
    String events = w.eventsTable();
    assertThat(rows(w, "SELECT count(*), count(DISTINCT event_id) FROM " + events))
        .containsExactly((long) FILES * EVENTS_PER_FILE + " " + (long) FILES * EVENTS_PER_FILE);
    assertThat(rows(w, "SELECT producer_instance, count(*), count(DISTINCT seq), min(seq), max(seq) FROM "
        + events + " GROUP BY producer_instance ORDER BY producer_instance"))
        .containsExactly(
            INSTANCE_A + " " + PER_PRODUCER + " " + PER_PRODUCER + " 1 " + PER_PRODUCER,
            INSTANCE_B + " " + PER_PRODUCER + " " + PER_PRODUCER + " 1 " + PER_PRODUCER);
    assertThat(rows(w, "SELECT file_name, lines FROM " + w.ledgerTable() + " ORDER BY file_name"))
        .containsExactlyElementsOf(fileNames.stream().map(f -> f + " " + EVENTS_PER_FILE).toList());
    assertThat(query(w, "SELECT count(DISTINCT file_sha256) FROM " + w.ledgerTable())).isEqualTo(FILES);
    assertThat(w.seqGaps()).isEmpty();
  }

  /** 40 files over 4 hours; file i holds seq 250i+1..250i+250 of producer A, then the same of B. */
  private static List<String> writeArchive(ArchiveFixture archive) throws Exception {
    EventLogger a = logger("shop", "web-1", INSTANCE_A);
    EventLogger b = logger("shop", "web-2", INSTANCE_B);
    List<String> names = new ArrayList<>();
    int half = EVENTS_PER_FILE / 2;
    for (int i = 0; i < FILES; i++) {
      List<LoggedEvent> events = new ArrayList<>(EVENTS_PER_FILE);
      for (int j = 0; j < half; j++) events.add(checkout(a, "a-" + i + "-" + j, 1.5, "EUR"));
      for (int j = 0; j < half; j++) events.add(checkout(b, "b-" + i + "-" + j, 2.5, "USD"));
      String dir = hourDir(i / 10);
      String base = String.format("part-%02d", i);
      archive.write(dir, base, events);
      names.add(dir + "/" + base + ".jsonl.gz");
    }
    names.sort(null);
    return names;
  }

  private static long query(Warehouse w, String sql) throws SQLException {
    try (Statement s = w.connection().createStatement(); ResultSet r = s.executeQuery(sql)) {
      assertThat(r.next()).as(sql).isTrue();
      return r.getLong(1);
    }
  }
}
