package dev.logline.warehouse;

import static dev.logline.warehouse.ArchiveFixture.INSTANCE_A;
import static dev.logline.warehouse.ArchiveFixture.INSTANCE_B;
import static dev.logline.warehouse.ArchiveFixture.T0;
import static dev.logline.warehouse.ArchiveFixture.checkout;
import static dev.logline.warehouse.ArchiveFixture.checkouts;
import static dev.logline.warehouse.ArchiveFixture.hourDir;
import static dev.logline.warehouse.ArchiveFixture.logger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logline.core.EventLogger;
import dev.logline.core.LoggedEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link Warehouse} must do with the same archive; one subclass per database. */
abstract class WarehouseLoaderContract {
  @TempDir Path tmp;
  ArchiveFixture archive;
  Warehouse warehouse;

  abstract Warehouse openWarehouse() throws Exception;

  /** A second connection to the same tables, as a reader elsewhere would have. */
  abstract Warehouse openReader() throws Exception;

  /** The schema the tables are in, as information_schema names it. */
  abstract String tableSchema();

  @BeforeEach
  void setUp() throws Exception {
    archive = new ArchiveFixture(Files.createDirectories(tmp.resolve("archive")));
    warehouse = openWarehouse();
  }

  @AfterEach
  void closeWarehouse() throws Exception {
    if (warehouse != null) warehouse.close();
  }

  LoadReport load() throws Exception {
    return WarehouseLoader.builder().source(archive.root).warehouse(warehouse).batchSize(3).build().load();
  }

  long query(String sql) throws SQLException {
    try (Statement s = warehouse.connection().createStatement(); ResultSet r = s.executeQuery(sql)) {
      assertThat(r.next()).as(sql).isTrue();
      return r.getLong(1);
    }
  }

  List<Long> seqs() throws SQLException {
    return seqs(warehouse);
  }

  static List<Long> seqs(Warehouse w) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (Statement s = w.connection().createStatement();
        ResultSet r = s.executeQuery("SELECT seq FROM " + w.eventsTable() + " ORDER BY seq")) {
      while (r.next()) out.add(r.getLong(1));
    }
    return out;
  }

  /** Each row as its columns joined by single spaces. */
  static List<String> rows(Warehouse w, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = w.connection().createStatement(); ResultSet r = s.executeQuery(sql)) {
      int n = r.getMetaData().getColumnCount();
      while (r.next()) {
        StringBuilder row = new StringBuilder();
        for (int c = 1; c <= n; c++) row.append(c > 1 ? " " : "").append(r.getString(c));
        out.add(row.toString());
      }
    }
    return out;
  }

  static long count(Warehouse w, String table) throws SQLException {
    try (Statement s = w.connection().createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
      r.next();
      return r.getLong(1);
    }
  }

  /** The tables in the warehouse's schema: only the events table and the ledger once a rebuild is done. */
  List<String> tables() throws SQLException {
    return rows(warehouse, "SELECT table_name FROM information_schema.tables WHERE table_schema = '" + tableSchema()
        + "' AND table_type = 'BASE TABLE' ORDER BY table_name");
  }

  WarehouseLoader.Builder rebuildLoader() {
    return WarehouseLoader.builder().source(archive.root).warehouse(warehouse).batchSize(3).rebuild(true);
  }

  /**
   * Seq 1..8 of one producer in three files (a: 1-3, b: 5-6, c: 7-8; seq 4 never arrived), loaded,
   * then damaged so the old tables differ from any rebuild: seq 2 and 7-8 deleted, 3 rows left.
   */
  List<LoggedEvent> loadedThenDamaged() throws Exception {
    EventLogger shop = logger("shop", "web-1", INSTANCE_A);
    List<LoggedEvent> events = checkouts(shop, 8);
    archive.write(hourDir(0), "a", events.subList(0, 3));
    archive.write(hourDir(1), "b", events.subList(4, 6));
    archive.write(hourDir(2), "c", events.subList(6, 8));
    load();
    try (Statement s = warehouse.connection().createStatement()) {
      s.executeUpdate("DELETE FROM " + warehouse.eventsTable() + " WHERE seq = 2 OR seq > 6");
    }
    assertThat(seqs()).containsExactly(1L, 3L, 5L, 6L);
    return events;
  }

  @Test
  void loadStoresEveryEventOnceWithItsColumnValues() throws Exception {
    EventLogger shop = logger("shop", "web-1", INSTANCE_A);
    List<LoggedEvent> first = checkouts(shop, 3);
    UUID pageId = UUID.fromString("0192f3c1-7a2b-7c3d-8e4f-5a6b7c8d9e0f");
    List<LoggedEvent> second = List.of(checkout(shop, "o-4", 99.25, "USD"),
        ArchiveFixture.pageView(shop, pageId, "https://shop.example/cart?x=\"q\",y"));
    archive.write(hourDir(0), "shop-a", first);
    archive.write(hourDir(1), "shop-b", second);

    LoadReport report = load();

    assertThat(report.filesSeen()).isEqualTo(2);
    assertThat(report.filesLoaded()).isEqualTo(2);
    assertThat(report.rejected()).isEmpty();
    assertThat(report.rowsRead()).isEqualTo(5);
    assertThat(report.rowsInserted()).isEqualTo(5);
    assertThat(report.duplicatesSkipped()).isZero();
    assertThat(report.gaps()).isEmpty();
    assertThat(report.isClean()).isTrue();
    assertThat(warehouse.countEvents()).isEqualTo(5);
    assertThat(query("SELECT count(DISTINCT event_id) FROM " + warehouse.eventsTable())).isEqualTo(5);

    LoggedEvent o4 = second.get(0);
    String sql = "SELECT event_id, event, schema, source, occurred_at, sent_at, received_at, corrected_at, user_id, "
        + "anonymous_id, session_id, producer_app, producer_host, producer_instance, seq, "
        + "context->>'request_id', properties->>'currency', properties->>'order_id', file "
        + "FROM " + warehouse.eventsTable() + " WHERE event_id = CAST(? AS UUID)";
    try (PreparedStatement ps = warehouse.connection().prepareStatement(sql)) {
      ps.setString(1, o4.eventId().toString());
      try (ResultSet r = ps.executeQuery()) {
        assertThat(r.next()).isTrue();
        assertThat(r.getString(1)).isEqualTo(o4.eventId().toString());
        assertThat(r.getString(2)).isEqualTo("checkout_completed");
        assertThat(r.getString(3)).isEqualTo("checkout_completed/1-0-0");
        assertThat(r.getString(4)).isEqualTo("server");
        assertThat(r.getObject(5, OffsetDateTime.class).toInstant()).isEqualTo(T0);
        assertThat(r.getObject(6)).isNull();
        assertThat(r.getObject(7)).isNull();
        assertThat(r.getObject(8)).isNull();
        assertThat(r.getString(9)).isEqualTo("u-o-4");
        assertThat(r.getString(10)).isNull();
        assertThat(r.getString(11)).isEqualTo("s-1");
        assertThat(r.getString(12)).isEqualTo("shop");
        assertThat(r.getString(13)).isEqualTo("web-1");
        assertThat(r.getString(14)).isEqualTo(INSTANCE_A);
        assertThat(r.getLong(15)).isEqualTo(4);
        assertThat(r.getString(16)).isEqualTo("r-o-4");
        assertThat(r.getString(17)).isEqualTo("USD");
        assertThat(r.getString(18)).isEqualTo("o-4");
        assertThat(r.getString(19)).isEqualTo(hourDir(1) + "/shop-b.jsonl.gz");
      }
    }
    try (PreparedStatement ps = warehouse.connection().prepareStatement("SELECT occurred_at, sent_at, received_at, "
        + "corrected_at, anonymous_id, source, properties->>'url', context IS NULL FROM "
        + warehouse.eventsTable() + " WHERE event_id = CAST(? AS UUID)")) {
      ps.setString(1, pageId.toString());
      try (ResultSet r = ps.executeQuery()) {
        assertThat(r.next()).isTrue();
        assertThat(r.getObject(1, OffsetDateTime.class).toInstant()).isEqualTo(T0.minusSeconds(10));
        assertThat(r.getObject(2, OffsetDateTime.class).toInstant()).isEqualTo(T0.minusSeconds(8));
        assertThat(r.getObject(3, OffsetDateTime.class).toInstant()).isEqualTo(T0);
        // received - (sent - occurred) = T0 - 2 s
        assertThat(r.getObject(4, OffsetDateTime.class).toInstant()).isEqualTo(T0.minusSeconds(2));
        assertThat(r.getString(5)).isEqualTo("anon-1");
        assertThat(r.getString(6)).isEqualTo("web");
        assertThat(r.getString(7)).isEqualTo("https://shop.example/cart?x=\"q\",y");
        assertThat(r.getBoolean(8)).isFalse(); // the library block is always there
      }
    }
    // JSON columns are queryable as JSON, numbers included
    assertThat(query("SELECT count(*) FROM " + warehouse.eventsTable() + " WHERE properties->>'currency' = 'EUR'"))
        .isEqualTo(2);
    assertThat(query("SELECT CAST(sum(CAST(properties->>'amount' AS DOUBLE PRECISION)) * 100 AS BIGINT) FROM "
        + warehouse.eventsTable())).isEqualTo((long) ((1.5 + 3.0 + 4.5 + 99.25) * 100));
    assertThat(seqs()).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void rerunLoadsNothingNewBecauseTheLedgerRecordsLoadedFiles() throws Exception {
    EventLogger shop = logger("shop", "web-1", INSTANCE_A);
    archive.write(hourDir(0), "a", checkouts(shop, 4));
    load();

    LoadReport again = load();

    assertThat(again.filesSeen()).isEqualTo(1);
    assertThat(again.filesLoaded()).isZero();
    assertThat(again.filesSkipped()).isEqualTo(1);
    assertThat(again.rowsInserted()).isZero();
    assertThat(warehouse.countEvents()).isEqualTo(4);
    assertThat(query("SELECT count(*) FROM " + warehouse.ledgerTable() + " WHERE lines = 4 AND file_name = '"
        + hourDir(0) + "/a.jsonl.gz'")).isEqualTo(1);

    // a new file next to it is the only thing the next run loads
    archive.write(hourDir(1), "b", List.of(checkout(shop, "o-5", 1, "EUR")));
    LoadReport third = load();
    assertThat(third.filesLoaded()).isEqualTo(1);
    assertThat(third.filesSkipped()).isEqualTo(1);
    assertThat(third.rowsInserted()).isEqualTo(1);
    assertThat(seqs()).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void theSameEventInTwoFilesIsStoredOnceAndCounted() throws Exception {
    EventLogger shop = logger("shop", "web-1", INSTANCE_A);
    List<LoggedEvent> events = checkouts(shop, 5);
    archive.write(hourDir(0), "a", events.subList(0, 3));
    // at-least-once shipping: event 3 again in the next file, and event 5 twice in one file
    archive.write(hourDir(0), "b", List.of(events.get(2), events.get(3), events.get(4), events.get(4)));

    LoadReport report = load();

    assertThat(report.filesLoaded()).isEqualTo(2);
    assertThat(report.rowsRead()).isEqualTo(7);
    assertThat(report.rowsInserted()).isEqualTo(5);
    assertThat(report.duplicatesSkipped()).isEqualTo(2);
    assertThat(warehouse.countEvents()).isEqualTo(5);
    assertThat(seqs()).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void aFileWhoseBytesDoNotMatchItsManifestIsRejectedWholeAndReported() throws Exception {
    EventLogger shop = logger("shop", "web-1", INSTANCE_A);
    List<LoggedEvent> events = checkouts(shop, 9);
    archive.write(hourDir(0), "good", events.subList(0, 3));
    Path flipped = archive.write(hourDir(0), "flipped", events.subList(3, 6));
    Path cut = archive.write(hourDir(1), "cut", events.subList(6, 9));
    byte[] bytes = Files.readAllBytes(flipped);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(flipped, bytes);
    byte[] cutBytes = Files.readAllBytes(cut);
    Files.write(cut, java.util.Arrays.copyOf(cutBytes, cutBytes.length - 10));

    LoadReport report = load();

    assertThat(report.filesSeen()).isEqualTo(3);
    assertThat(report.filesLoaded()).isEqualTo(1);
    assertThat(report.rejected()).extracting(LoadReport.Rejection::file)
        .containsExactly(hourDir(0) + "/flipped.jsonl.gz", hourDir(1) + "/cut.jsonl.gz");
    assertThat(report.rejected().get(0).reason()).startsWith("SHA-256 ").contains("does not match the manifest");
    assertThat(report.rejected().get(1).reason())
        .isEqualTo("size " + (cutBytes.length - 10) + " bytes does not match the manifest's " + cutBytes.length);
    assertThat(report.isClean()).isFalse();
    assertThat(seqs()).containsExactly(1L, 2L, 3L);
    assertThat(query("SELECT count(*) FROM " + warehouse.ledgerTable())).isEqualTo(1);
  }

  @Test
  void aMalformedLineRejectsItsFileNamingTheLine() throws Exception {
    EventLogger shop = logger("shop", "web-1", INSTANCE_A);
    List<LoggedEvent> events = checkouts(shop, 3);
    String text = events.get(0) + "\n" + events.get(1) + "\n" + "{\"envelope\":\"1-0-0\",\"event\":\"x\"}\n";
    archive.writeRaw(hourDir(0), "bad", text, events);

    LoadReport report = load();

    assertThat(report.rejected()).singleElement().satisfies(r -> {
      assertThat(r.file()).isEqualTo(hourDir(0) + "/bad.jsonl.gz");
      assertThat(r.reason()).isEqualTo("line 3: missing 'event_id'");
    });
    assertThat(warehouse.countEvents()).isZero();
  }

  @Test
  void linesAJsonReaderMightLetThroughAreRejectedWithTheLineParsersReason() throws Exception {
    EventLogger shop = logger("shop", "web-1", INSTANCE_A);
    List<LoggedEvent> events = checkouts(shop, 3);
    String first = events.get(0) + "\n";
    String second = events.get(1).toString();
    String third = events.get(2) + "\n";
    archive.write(hourDir(0), "a-good", events);
    archive.writeRaw(hourDir(0), "b-number", first + second.replace("\"event\":\"checkout_completed\"",
        "\"event\":5") + "\n" + third, events);
    archive.writeRaw(hourDir(0), "c-null", first + second.replaceFirst("\"user_id\":\"[^\"]*\"",
        "\"user_id\":null") + "\n" + third, events);
    archive.writeRaw(hourDir(0), "d-seq", first + second.replace("\"seq\":2", "\"seq\":\"2\"") + "\n" + third,
        events);
    archive.writeRaw(hourDir(0), "e-producer", first + second.replaceFirst("\"producer\":\\{[^}]*\\}",
        "\"producer\":\"shop\"") + "\n" + third, events);
    archive.writeRaw(hourDir(0), "f-empty", first + "\n" + second + "\n" + third, events);
    archive.writeRaw(hourDir(0), "g-cut", first + second + "\n" + events.get(2), events);

    LoadReport report = load();

    assertThat(report.rejected()).extracting(r -> r.file().substring(r.file().lastIndexOf('/') + 1) + ": " + r.reason())
        .containsExactly(
            "b-number.jsonl.gz: line 2: 'event' is not a string",
            "c-null.jsonl.gz: line 2: 'user_id' is not a string",
            "d-seq.jsonl.gz: line 2: 'producer.seq' is not an integer",
            "e-producer.jsonl.gz: line 2: 'producer' is not an object",
            "f-empty.jsonl.gz: line 2: not a JSON object",
            "g-cut.jsonl.gz: line 3 has no trailing newline");
    assertThat(report.filesLoaded()).isEqualTo(1);
    assertThat(seqs()).containsExactly(1L, 2L, 3L);
    assertThat(query("SELECT count(*) FROM " + warehouse.ledgerTable())).isEqualTo(1);
  }

  @Test
  void aLineCountOrProducerRangeDifferentFromTheManifestRejectsTheFile() throws Exception {
    EventLogger shop = logger("shop", "web-1", INSTANCE_A);
    List<LoggedEvent> events = checkouts(shop, 4);
    // bytes match the manifest, but it claims a fourth line that is not in the file
    String three = events.get(0) + "\n" + events.get(1) + "\n" + events.get(2) + "\n";
    Path d = archive.root.resolve(hourDir(0));
    Files.createDirectories(d);
    byte[] gz = gzip(three);
    Files.write(d.resolve("short.jsonl.gz"), gz);
    ArchiveFixture.manifest("short", gz, three.length(), 4, events).write(d.resolve("short.manifest.json"));

    LoadReport report = load();

    assertThat(report.rejected()).singleElement()
        .extracting(LoadReport.Rejection::reason).isEqualTo("3 lines but the manifest says 4");
    assertThat(warehouse.countEvents()).isZero();

    Files.delete(d.resolve("short.jsonl.gz"));
    Files.delete(d.resolve("short.manifest.json"));
    // right line count, but the manifest's seq range is not what the lines say
    String two = events.get(0) + "\n" + events.get(2) + "\n";
    byte[] gz2 = gzip(two);
    Files.write(d.resolve("ranges.jsonl.gz"), gz2);
    ArchiveFixture.manifest("ranges", gz2, two.length(), 2, events.subList(0, 2))
        .write(d.resolve("ranges.manifest.json"));

    LoadReport second = load();

    assertThat(second.rejected()).singleElement().extracting(LoadReport.Rejection::reason).asString()
        .isEqualTo("producer seq ranges [shop/web-1/" + INSTANCE_A + " seq 1..3 (2 lines)] do not match the "
            + "manifest's [shop/web-1/" + INSTANCE_A + " seq 1..2 (2 lines)]");
    assertThat(warehouse.countEvents()).isZero();
  }

  @Test
  void aFileWithoutManifestIsRejectedAndLoadedOnceItsManifestArrives() throws Exception {
    EventLogger shop = logger("shop", "web-1", INSTANCE_A);
    Path file = archive.write(hourDir(0), "late", checkouts(shop, 2));
    Path manifest = file.resolveSibling("late.manifest.json");
    Path aside = tmp.resolve("late.manifest.json");
    Files.move(manifest, aside);

    LoadReport first = load();
    assertThat(first.rejected()).singleElement()
        .extracting(LoadReport.Rejection::reason).isEqualTo("no manifest late.manifest.json");

    Files.move(aside, manifest);
    LoadReport second = load();
    assertThat(second.filesLoaded()).isEqualTo(1);
    assertThat(warehouse.countEvents()).isEqualTo(2);
  }

  @Test
  void aGapInSeqIsReportedExactly() throws Exception {
    EventLogger a = logger("shop", "web-1", INSTANCE_A);
    EventLogger b = logger("shop", "web-2", INSTANCE_B);
    List<LoggedEvent> tenOfA = checkouts(a, 10);
    List<LoggedEvent> withoutSeven = new ArrayList<>(tenOfA);
    withoutSeven.remove(6);
    assertThat(tenOfA.get(6).seq()).isEqualTo(7);
    archive.write(hourDir(0), "a", withoutSeven);
    List<LoggedEvent> ofB = checkouts(b, 8);
    archive.write(hourDir(0), "b1", ofB.subList(0, 3));
    archive.write(hourDir(1), "b2", ofB.subList(5, 8)); // seq 4 and 5 of b never arrived

    LoadReport report = load();

    assertThat(report.gaps()).containsExactly(
        new SeqGap("shop", "web-1", INSTANCE_A, 7, 7),
        new SeqGap("shop", "web-2", INSTANCE_B, 4, 5));
    assertThat(report.toString()).contains("seq gaps: 2 (3 events missing)")
        .contains("gap shop@web-1/" + INSTANCE_A + " missing seq 7 (1)")
        .contains("gap shop@web-2/" + INSTANCE_B + " missing seq 4..5 (2)");

    // the missing line turns up in a later file: the gap closes
    archive.write(hourDir(2), "a-late", List.of(tenOfA.get(6)));
    assertThat(load().gaps()).containsExactly(new SeqGap("shop", "web-2", INSTANCE_B, 4, 5));
  }

  @Test
  void rebuildDropsEverythingAndReloadsFromTheArchive() throws Exception {
    EventLogger shop = logger("shop", "web-1", INSTANCE_A);
    archive.write(hourDir(0), "a", checkouts(shop, 3));
    archive.write(hourDir(1), "b", checkouts(shop, 2));
    load();
    // a broken downstream job damaged the table
    try (Statement s = warehouse.connection().createStatement()) {
      s.executeUpdate("DELETE FROM " + warehouse.eventsTable() + " WHERE seq > 2");
    }
    assertThat(load().rowsInserted()).as("the ledger alone does not repair").isZero();
    assertThat(warehouse.countEvents()).isEqualTo(2);

    LoadReport rebuilt = WarehouseLoader.builder().source(archive.root).warehouse(warehouse).rebuild(true).build()
        .load();

    assertThat(rebuilt.rebuilt()).isTrue();
    assertThat(rebuilt.filesLoaded()).isEqualTo(2);
    assertThat(rebuilt.filesSkipped()).isZero();
    assertThat(rebuilt.rowsInserted()).isEqualTo(5);
    assertThat(seqs()).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(query("SELECT count(*) FROM " + warehouse.ledgerTable())).isEqualTo(2);
  }

  @Test
  void duringARebuildReadersSeeTheOldTablesUntilTheRebuiltOnesReplaceThem() throws Exception {
    List<LoggedEvent> events = loadedThenDamaged();
    String shadow = warehouse.qualify(Warehouse.EVENTS_TABLE + "__rebuild");
    List<String> seen = new ArrayList<>();

    LoadReport rebuilt;
    try (Warehouse reader = openReader()) {
      rebuilt = rebuildLoader().afterCommit(file -> seen.add(file + ": readers see seq " + seqs(reader) + " and "
          + count(reader, reader.ledgerTable()) + " ledger rows, rebuilt so far " + count(reader, shadow)))
          .build().load();

      assertThat(seen).containsExactly(
          hourDir(0) + "/a.jsonl.gz: readers see seq [1, 3, 5, 6] and 3 ledger rows, rebuilt so far 3",
          hourDir(1) + "/b.jsonl.gz: readers see seq [1, 3, 5, 6] and 3 ledger rows, rebuilt so far 5",
          hourDir(2) + "/c.jsonl.gz: readers see seq [1, 3, 5, 6] and 3 ledger rows, rebuilt so far 7");
      // the reader's next query, on its own connection, sees the rebuilt tables
      assertThat(seqs(reader)).containsExactly(1L, 2L, 3L, 5L, 6L, 7L, 8L);
      assertThat(count(reader, reader.ledgerTable())).isEqualTo(3);
    }
    assertThat(rebuilt.rebuilt()).isTrue();
    assertThat(rebuilt.filesSeen()).isEqualTo(3);
    assertThat(rebuilt.filesLoaded()).isEqualTo(3);
    assertThat(rebuilt.filesSkipped()).isZero();
    assertThat(rebuilt.rowsRead()).isEqualTo(7);
    assertThat(rebuilt.rowsInserted()).isEqualTo(7);
    assertThat(rebuilt.duplicatesSkipped()).isZero();
    // the gap of the rebuilt data only: the damaged tables also lacked seq 2
    assertThat(rebuilt.gaps()).containsExactly(new SeqGap("shop", "web-1", INSTANCE_A, 4, 4));
    assertThat(tables()).as("the old tables and the shadows are gone")
        .containsExactly(Warehouse.EVENTS_TABLE, Warehouse.LEDGER_TABLE);
    assertThat(rows(warehouse, "SELECT file_name, lines FROM " + warehouse.ledgerTable() + " ORDER BY file_name"))
        .containsExactly(hourDir(0) + "/a.jsonl.gz 3", hourDir(1) + "/b.jsonl.gz 2", hourDir(2) + "/c.jsonl.gz 2");

    // the swapped-in tables work for the next plain load: the ledger skips, the primary key dedupes
    archive.write(hourDir(3), "d", List.of(events.get(3), events.get(7)));
    LoadReport next = load();
    assertThat(next.filesSkipped()).isEqualTo(3);
    assertThat(next.filesLoaded()).isEqualTo(1);
    assertThat(next.rowsInserted()).isEqualTo(1);
    assertThat(next.duplicatesSkipped()).isEqualTo(1);
    assertThat(next.gaps()).isEmpty();
    assertThat(seqs()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
  }

  @Test
  void aRebuildThatFailsPartWayLeavesTheOldTablesAsTheyWereAndTheNextOneSucceeds() throws Exception {
    loadedThenDamaged();
    String eventsSql = "SELECT event_id, seq, file FROM " + warehouse.eventsTable() + " ORDER BY seq";
    String ledgerSql = "SELECT file_sha256, file_name, lines, loaded_at FROM " + warehouse.ledgerTable()
        + " ORDER BY file_name";
    List<String> eventsBefore = rows(warehouse, eventsSql);
    List<String> ledgerBefore = rows(warehouse, ledgerSql);
    SQLException failure = new SQLException("simulated failure after the second file");
    int[] commits = {0};

    assertThatThrownBy(() -> rebuildLoader().afterCommit(file -> {
      if (++commits[0] == 2) throw failure;
    }).build().load()).isSameAs(failure);

    assertThat(commits[0]).isEqualTo(2);
    assertThat(rows(warehouse, eventsSql)).isEqualTo(eventsBefore);
    assertThat(rows(warehouse, ledgerSql)).isEqualTo(ledgerBefore);
    assertThat(tables()).as("the half-built shadows are dropped")
        .containsExactly(Warehouse.EVENTS_TABLE, Warehouse.LEDGER_TABLE);
    // a plain load goes on with the old tables: their ledger has every file
    LoadReport plain = load();
    assertThat(plain.filesSkipped()).isEqualTo(3);
    assertThat(plain.filesLoaded()).isZero();
    assertThat(rows(warehouse, eventsSql)).isEqualTo(eventsBefore);

    // a rebuild killed part-way leaves its shadow behind, in whatever shape: the next rebuild replaces it
    try (Statement s = warehouse.connection().createStatement()) {
      s.execute("CREATE TABLE " + warehouse.qualify(Warehouse.EVENTS_TABLE + "__rebuild") + " (leftover INTEGER)");
      s.execute("INSERT INTO " + warehouse.qualify(Warehouse.EVENTS_TABLE + "__rebuild") + " VALUES (1)");
    }
    LoadReport again = rebuildLoader().build().load();

    assertThat(again.filesLoaded()).isEqualTo(3);
    assertThat(again.rowsInserted()).isEqualTo(7);
    assertThat(seqs()).containsExactly(1L, 2L, 3L, 5L, 6L, 7L, 8L);
    assertThat(count(warehouse, warehouse.ledgerTable())).isEqualTo(3);
    assertThat(tables()).containsExactly(Warehouse.EVENTS_TABLE, Warehouse.LEDGER_TABLE);
  }

  @Test
  void aRebuildWhoseShadowTablesAnotherRebuildReplacedDoesNotSwapThemIn() throws Exception {
    loadedThenDamaged();
    List<Long> before = seqs();
    int[] commits = {0};

    // after the first file, a second rebuild starts on another connection: it drops the first one's
    // shadow tables and creates them anew, so the first file is not in them any more
    try (Warehouse other = openReader()) {
      assertThatThrownBy(() -> rebuildLoader().afterCommit(file -> {
        if (++commits[0] == 1) {
          Warehouse shadow = other.rebuildShadow();
          shadow.dropTables();
          shadow.createTables();
        }
      }).build().load()).isInstanceOf(SQLException.class)
          .hasMessageContaining("(the old tables are unchanged)")
          .hasMessageEndingWith("holds 2 files, but this rebuild loaded 3: did another rebuild run at the same time?");
    }

    assertThat(commits[0]).isEqualTo(3);
    assertThat(seqs()).isEqualTo(before);
    assertThat(count(warehouse, warehouse.ledgerTable())).isEqualTo(3);
  }

  @Test
  void aFlatDirectoryOfAppenderOutputLoadsToo() throws Exception {
    EventLogger shop = logger("shop", "web-1", INSTANCE_A);
    List<LoggedEvent> events = checkouts(shop, 4);
    archive.write(".", "events-2026-11-27T08-0", events.subList(0, 2));
    archive.write(".", "events-2026-11-27T08-1", events.subList(2, 4));

    LoadReport report = load();

    assertThat(report.filesLoaded()).isEqualTo(2);
    assertThat(seqs()).containsExactly(1L, 2L, 3L, 4L);
    assertThat(query("SELECT count(*) FROM " + warehouse.eventsTable()
        + " WHERE file = 'events-2026-11-27T08-1.jsonl.gz'")).isEqualTo(2);
  }

  static byte[] gzip(String text) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
      gz.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }
}
