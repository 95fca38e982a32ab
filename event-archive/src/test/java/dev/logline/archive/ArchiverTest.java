package dev.logline.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiverTest {
  static final Instant T0 = Instant.parse("2026-11-27T08:15:00Z");
  static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path tmp;
  Archiver archiver;

  @AfterEach
  void stop() {
    if (archiver != null) archiver.shutdown(Duration.ZERO);
  }

  Path spool() { return tmp.resolve("spool"); }
  Path archive() { return tmp.resolve("archive"); }

  Archiver.Builder builder(ArchiveDestination destination) {
    return Archiver.builder().directory(spool()).destination(destination).prefix("events")
        .retryBase(Duration.ofMillis(10)).retryMax(Duration.ofMillis(200)).scanInterval(Duration.ofMillis(200));
  }

  static long filesIn(Path dir, String suffix) throws IOException {
    if (!Files.exists(dir)) return 0;
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).count();
    }
  }

  @Test
  void startShipsWhatAnEarlierRunLeftPendingAndDeletesTheLocalCopies() throws Exception {
    EventFiles files = new EventFiles(spool(), "shop", "web-1", "i1");
    files.writeMany(T0, 5, 20);

    archiver = builder(new LocalDirectoryDestination(archive())).build();
    archiver.start();

    await().atMost(WAIT).until(() -> archiver.health().filesShipped() == 5);
    assertThat(EventFiles.seqsUnder(archive())).containsExactlyInAnyOrderElementsOf(EventFiles.expected("i1", 100));
    assertThat(filesIn(spool(), ".jsonl.gz")).isZero();
    assertThat(filesIn(spool(), ".json")).isZero();
    ArchiveHealth h = archiver.health();
    assertThat(h.status()).isEqualTo(ArchiveHealth.Status.UP);
    assertThat(h.filesPending()).isZero();
    assertThat(h.lastSuccess()).isNotNull();
    assertThat(h.bytesShipped()).isPositive();
  }

  @Test
  void keysArePartitionedByDateAndHourAndTheManifestSitsNextToTheData() throws Exception {
    new EventFiles(spool(), "shop", "web-1", "i1").write(T0, 2, 3);
    archiver = builder(new LocalDirectoryDestination(archive())).build();
    archiver.start();
    Path data = archive().resolve("events/event_date=2026-11-27/event_hour=08/shop-web-1-i1-20261127T0815Z-002.jsonl.gz");
    await().atMost(WAIT).until(() -> Files.exists(data.resolveSibling("shop-web-1-i1-20261127T0815Z-002.manifest.json")));
    assertThat(data).exists();
  }

  @Test
  void aNudgedFileShipsAtOnceWithoutWaitingForTheNextScan() throws Exception {
    archiver = builder(new LocalDirectoryDestination(archive())).scanInterval(Duration.ofHours(1)).build();
    archiver.start();
    await().atMost(WAIT).until(() -> archiver.health().running());
    Path gz = new EventFiles(spool(), "shop", "web-1", "i1").write(T0, 0, 10);

    archiver.nudge(gz);

    await().atMost(WAIT).until(() -> archiver.health().filesShipped() == 1);
    assertThat(EventFiles.seqsUnder(archive())).hasSize(10);
  }

  @Test
  void aFileThatDoesNotMatchItsManifestIsQuarantinedAndReportedNeverShipped() throws Exception {
    EventFiles files = new EventFiles(spool(), "shop", "web-1", "i1");
    Path good = files.write(T0, 0, 10);
    Path bad = files.write(T0.plusSeconds(60), 0, 10);
    EventFiles.corrupt(bad);
    RecordingAlerts alerts = new RecordingAlerts();

    archiver = builder(new LocalDirectoryDestination(archive())).alerts(alerts).build();
    archiver.start();

    await().atMost(WAIT).until(() -> archiver.health().quarantined() == 1 && archiver.health().filesShipped() == 1);
    assertThat(spool().resolve("quarantine").resolve(bad.getFileName())).exists();
    assertThat(spool().resolve("quarantine").resolve(EventFiles.manifestOf(bad).getFileName())).exists();
    assertThat(EventFiles.seqsUnder(archive())).containsExactlyInAnyOrderElementsOf(EventFiles.expected("i1", 10));
    assertThat(alerts.calls).contains("quarantined " + bad.getFileName() + " CORRUPT_LOCAL");
    ArchiveHealth h = archiver.health();
    assertThat(h.failures().get(FailureCause.CORRUPT_LOCAL)).isEqualTo(1);
    assertThat(h.status()).isEqualTo(ArchiveHealth.Status.DEGRADED);
    assertThat(h.lastError()).contains(bad.getFileName().toString()).contains("does not match its manifest");
    assertThat(good).doesNotExist();
  }

  @Test
  void shippingAFileThatIsAlreadyInTheArchiveIsANoOpAndCreatesNoSecondObject() throws Exception {
    EventFiles files = new EventFiles(spool(), "shop", "web-1", "i1");
    Path gz = files.write(T0, 0, 10);
    // A process killed after the upload but before the local mark: the file is still pending.
    Path keep = tmp.resolve("copy");
    Files.createDirectories(keep);
    Files.copy(gz, keep.resolve(gz.getFileName()));
    Files.copy(EventFiles.manifestOf(gz), keep.resolve(EventFiles.manifestOf(gz).getFileName()));
    archiver = builder(new LocalDirectoryDestination(archive())).build();
    archiver.start();
    await().atMost(WAIT).until(() -> archiver.health().filesShipped() == 1);
    archiver.shutdown(Duration.ofSeconds(5));
    Files.copy(keep.resolve(gz.getFileName()), gz);
    Files.copy(keep.resolve(EventFiles.manifestOf(gz).getFileName()), EventFiles.manifestOf(gz));

    archiver = builder(new LocalDirectoryDestination(archive())).build();
    archiver.start();

    await().atMost(WAIT).until(() -> archiver.health().filesShipped() == 1);
    try (Stream<Path> all = Files.walk(archive())) {
      assertThat(all.filter(Files::isRegularFile)).hasSize(2); // data + manifest, nothing else
    }
    assertThat(EventFiles.seqsUnder(archive())).hasSize(10).doesNotHaveDuplicates();
    assertThat(archiver.health().failuresTotal()).isZero();
    assertThat(gz).doesNotExist();
  }

  @Test
  void otherBytesUnderAnExistingKeyAreQuarantinedNotOverwritten() throws Exception {
    Path gz = new EventFiles(spool(), "shop", "web-1", "i1").write(T0, 0, 10);
    Path other = new EventFiles(tmp.resolve("other"), "shop", "web-1", "i1").write(T0, 0, 11);
    Path key = archive().resolve("events/event_date=2026-11-27/event_hour=08/shop-web-1-i1-20261127T0815Z-000.jsonl.gz");
    Files.createDirectories(key.getParent());
    Files.copy(other, key);
    byte[] before = Files.readAllBytes(key);
    RecordingAlerts alerts = new RecordingAlerts();

    archiver = builder(new LocalDirectoryDestination(archive())).alerts(alerts).build();
    archiver.start();

    await().atMost(WAIT).until(() -> archiver.health().quarantined() == 1);
    assertThat(Files.readAllBytes(key)).isEqualTo(before);
    assertThat(spool().resolve("quarantine").resolve(gz.getFileName())).exists();
    assertThat(alerts.calls).contains("quarantined " + gz.getFileName() + " CONFLICT");
    assertThat(archiver.health().failures().get(FailureCause.CONFLICT)).isEqualTo(1);
  }

  @Test
  void anOutageGrowsTheBacklogTurnsHealthDownRaisesAnAlertAndEverythingArrivesWhenItEnds() throws Exception {
    FaultyDestination dest = new FaultyDestination(new LocalDirectoryDestination(archive()));
    RecordingAlerts alerts = new RecordingAlerts();
    archiver = builder(dest).maxConsecutiveFailures(3).alerts(alerts).build();
    EventFiles files = new EventFiles(spool(), "shop", "web-1", "i1");
    files.write(T0, 0, 10);
    archiver.start();
    await().atMost(WAIT).until(() -> archiver.health().filesShipped() == 1);

    dest.down(true);
    for (int i = 1; i <= 4; i++) archiver.nudge(files.write(T0.plusSeconds(60L * i), 0, 10));

    await().atMost(WAIT).until(() -> archiver.health().status() == ArchiveHealth.Status.DOWN);
    ArchiveHealth down = archiver.health();
    assertThat(down.filesPending()).isEqualTo(4);
    assertThat(down.bytesPending()).isPositive();
    assertThat(down.consecutiveFailures()).isGreaterThanOrEqualTo(3);
    assertThat(down.failures().get(FailureCause.UNAVAILABLE)).isGreaterThanOrEqualTo(3);
    assertThat(down.lastError()).contains("test outage");
    assertThat(down.toJson()).contains("\"status\":\"DOWN\"").contains("\"files_pending\":4");
    await().atMost(WAIT).until(() -> alerts.calls.contains("raised CONSECUTIVE_FAILURES"));

    dest.down(false);

    await().atMost(WAIT).until(() -> archiver.health().filesShipped() == 5);
    assertThat(archiver.health().status()).isEqualTo(ArchiveHealth.Status.UP);
    await().atMost(WAIT).until(() -> alerts.calls.contains("cleared CONSECUTIVE_FAILURES"));
    assertThat(EventFiles.seqsUnder(archive())).containsExactlyInAnyOrderElementsOf(EventFiles.expected("i1", 50));
    assertThat(filesIn(spool(), ".jsonl.gz")).isZero();
  }

  @Test
  void theOldestPendingAgeRaisesAnAlertPastItsThreshold() throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
    Clock clock = new Clock() {
      @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
      @Override public Clock withZone(java.time.ZoneId zone) { return this; }
      @Override public Instant instant() { return now.get(); }
    };
    FaultyDestination dest = new FaultyDestination(new LocalDirectoryDestination(archive()));
    dest.down(true);
    RecordingAlerts alerts = new RecordingAlerts();
    new EventFiles(spool(), "shop", "web-1", "i1").write(T0, 0, 10);
    archiver = builder(dest).clock(clock).maxConsecutiveFailures(1_000).maxPendingAge(Duration.ofMinutes(5))
        .alerts(alerts).build();
    archiver.start();
    await().atMost(WAIT).until(() -> archiver.health().filesPending() == 1);
    assertThat(alerts.calls).doesNotContain("raised OLDEST_PENDING_TOO_OLD");

    now.set(now.get().plus(Duration.ofMinutes(6)));

    await().atMost(WAIT).until(() -> alerts.calls.contains("raised OLDEST_PENDING_TOO_OLD"));
    assertThat(archiver.health().oldestPendingAge()).isGreaterThan(Duration.ofMinutes(5));
    assertThat(archiver.health().status()).isEqualTo(ArchiveHealth.Status.DOWN);
    dest.down(false);
    await().atMost(WAIT).until(() -> alerts.calls.contains("cleared OLDEST_PENDING_TOO_OLD"));
  }

  @Test
  void shutdownShipsEverythingPendingWithinTheGracePeriod() throws Exception {
    archiver = builder(new LocalDirectoryDestination(archive())).scanInterval(Duration.ofHours(1)).build();
    archiver.start();
    await().atMost(WAIT).until(() -> archiver.health().running());
    // Finished but never nudged: shutdown's own rescan must find them.
    new EventFiles(spool(), "shop", "web-1", "i1").writeMany(T0, 20, 50);

    int left = archiver.shutdown(Duration.ofSeconds(30));

    assertThat(left).isZero();
    assertThat(EventFiles.seqsUnder(archive())).containsExactlyInAnyOrderElementsOf(EventFiles.expected("i1", 1000));
    assertThat(filesIn(spool(), ".jsonl.gz")).isZero();
    assertThat(archiver.health().running()).isFalse();
  }

  @Test
  void whatShutdownCouldNotShipStaysOnDiskAndTheNextStartShipsIt() throws Exception {
    FaultyDestination dest = new FaultyDestination(new LocalDirectoryDestination(archive()));
    dest.down(true);
    new EventFiles(spool(), "shop", "web-1", "i1").writeMany(T0, 3, 10);
    archiver = builder(dest).build();
    archiver.start();

    int left = archiver.shutdown(Duration.ofMillis(300));

    assertThat(left).isEqualTo(3);
    assertThat(filesIn(spool(), ".jsonl.gz")).isEqualTo(3);
    assertThat(filesIn(spool(), ".manifest.json")).isEqualTo(3);

    archiver = builder(new LocalDirectoryDestination(archive())).build();
    archiver.start();
    await().atMost(WAIT).until(() -> archiver.health().filesShipped() == 3);
    assertThat(EventFiles.seqsUnder(archive())).containsExactlyInAnyOrderElementsOf(EventFiles.expected("i1", 30));
  }

  @Test
  void retentionKeepsShippedFilesLocallyMarkedShipped() throws Exception {
    Path gz = new EventFiles(spool(), "shop", "web-1", "i1").write(T0, 0, 10);
    archiver = builder(new LocalDirectoryDestination(archive())).retention(Duration.ofDays(3)).build();
    archiver.start();
    await().atMost(WAIT).until(() -> archiver.health().filesShipped() == 1);
    archiver.shutdown(Duration.ofSeconds(5));

    assertThat(gz).exists();
    assertThat(EventFiles.manifestOf(gz)).doesNotExist();
    String base = gz.getFileName().toString().replace(".jsonl.gz", "");
    assertThat(spool().resolve(base + Archiver.SHIPPED_SUFFIX)).exists();

    // A restart does not ship it again.
    FaultyDestination counting = new FaultyDestination(new LocalDirectoryDestination(archive()));
    archiver = builder(counting).retention(Duration.ofDays(3)).build();
    archiver.start();
    new EventFiles(spool(), "shop", "web-1", "i2").write(T0, 0, 1);
    archiver.rescan();
    await().atMost(WAIT).until(() -> archiver.health().filesShipped() == 1);
    assertThat(counting.puts()).isEqualTo(1);
  }

  @Test
  void shutdownIsSafeWhenNeverStarted() {
    Archiver never = builder(new LocalDirectoryDestination(archive())).build();
    assertThat(never.shutdown(Duration.ofSeconds(1))).isZero();
    assertThat(never.health().status()).isEqualTo(ArchiveHealth.Status.DOWN);
  }

  @Test
  void builderNamesTheMissingAttribute() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Archiver.builder().directory(spool()).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("Attribute 'destination' cannot be null");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Archiver.builder().retryBase(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retryBase");
  }

  static List<String> none() { return List.of(); }
}
