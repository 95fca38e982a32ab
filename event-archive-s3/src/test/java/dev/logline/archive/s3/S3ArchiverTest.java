package dev.logline.archive.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.logline.archive.ArchiveHealth;
import dev.logline.archive.Archiver;
import dev.logline.archive.EventFiles;
import dev.logline.archive.FailureCause;
import dev.logline.archive.RecordingAlerts;
import dev.logline.archive.internal.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

class S3ArchiverTest {
  static final Instant T0 = Instant.parse("2026-11-27T08:15:00Z");
  static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path tmp;
  S3ProxyServer server;
  S3Client s3;
  Archiver archiver;
  Process child;

  @BeforeEach
  void startServer() throws Exception {
    server = new S3ProxyServer().start();
    server.createBucket("events");
    s3 = server.client();
  }

  @AfterEach
  void stopAll() throws Exception {
    if (child != null) child.destroyForcibly().waitFor();
    if (archiver != null) archiver.shutdown(Duration.ZERO);
    s3.close();
    server.close();
  }

  Path spool() { return tmp.resolve("spool"); }

  Archiver.Builder archiver(S3Destination dest) {
    return Archiver.builder().directory(spool()).destination(dest).prefix("logs")
        .retryBase(Duration.ofMillis(50)).retryMax(Duration.ofMillis(500)).scanInterval(Duration.ofMillis(200));
  }

  List<S3Object> dataObjects() {
    return S3ProxyServer.list(s3, "events").stream().filter(o -> o.key().endsWith(".jsonl.gz")).collect(Collectors.toList());
  }

  /** Every object read back: its SHA-256 matches its metadata, and all events as instance:seq. */
  List<String> archivedSeqs() {
    List<String> out = new ArrayList<>();
    for (S3Object o : dataObjects()) {
      byte[] bytes = S3ProxyServer.get(s3, "events", o.key()).asByteArray();
      String sha = s3.headObject(r -> r.bucket("events").key(o.key())).metadata().get("sha256");
      assertThat(Digests.sha256Hex(bytes)).as(o.key()).isEqualTo(sha);
      String manifestKey = o.key().replace(".jsonl.gz", ".manifest.json");
      assertThat(new String(S3ProxyServer.get(s3, "events", manifestKey).asByteArray(), java.nio.charset.StandardCharsets.UTF_8))
          .contains("\"sha256\":\"" + sha + "\"");
      out.addAll(EventFiles.seqs(bytes));
    }
    return out;
  }

  long localGz() throws IOException {
    try (Stream<Path> s = Files.list(spool())) {
      return s.filter(p -> p.toString().endsWith(".jsonl.gz")).count();
    }
  }

  @Test
  void anS3OutageBuildsABacklogAndAlertsThenEverythingArrivesExactlyOnceWhenItEnds() throws Exception {
    RecordingAlerts alerts = new RecordingAlerts();
    archiver = archiver(server.destination("events").build()).maxConsecutiveFailures(3).alerts(alerts).build();
    EventFiles files = new EventFiles(spool(), "shop", "web-1", "i1");
    files.writeMany(T0, 2, 30);
    archiver.start();
    await().atMost(WAIT).until(() -> archiver.health().filesShipped() == 2);
    assertThat(archiver.health().status()).isEqualTo(ArchiveHealth.Status.UP);

    server.stop();
    for (int i = 2; i < 6; i++) archiver.nudge(files.write(T0.plusSeconds(60L * i), 0, 30));

    await().atMost(WAIT).until(() -> archiver.health().status() == ArchiveHealth.Status.DOWN);
    ArchiveHealth down = archiver.health();
    assertThat(down.filesPending()).isEqualTo(4);
    assertThat(down.oldestPendingAge()).isPositive();
    assertThat(down.failures().get(FailureCause.UNAVAILABLE)).isGreaterThanOrEqualTo(3);
    await().atMost(WAIT).until(() -> alerts.calls.contains("raised CONSECUTIVE_FAILURES"));
    assertThat(localGz()).isEqualTo(4);

    server.start();

    await().atMost(WAIT).until(() -> archiver.health().filesShipped() == 6 && archiver.health().filesPending() == 0);
    await().atMost(WAIT).until(() -> alerts.calls.contains("cleared CONSECUTIVE_FAILURES"));
    assertThat(archiver.health().status()).isEqualTo(ArchiveHealth.Status.UP);
    assertThat(dataObjects()).hasSize(6);
    assertThat(archivedSeqs()).containsExactlyInAnyOrderElementsOf(EventFiles.expected("i1", 180));
    assertThat(localGz()).isZero();
  }

  @Test
  void aCorruptedLocalFileIsQuarantinedAndNeverUploaded() throws Exception {
    EventFiles files = new EventFiles(spool(), "shop", "web-1", "i1");
    List<Path> gz = files.writeMany(T0, 3, 10);
    EventFiles.corrupt(gz.get(1));
    RecordingAlerts alerts = new RecordingAlerts();
    archiver = archiver(server.destination("events").build()).alerts(alerts).build();
    archiver.start();

    await().atMost(WAIT).until(() -> archiver.health().filesShipped() == 2 && archiver.health().quarantined() == 1);
    assertThat(dataObjects()).extracting(S3Object::key).noneMatch(k -> k.contains("20261127T0816Z"));
    assertThat(dataObjects()).hasSize(2);
    assertThat(spool().resolve("quarantine").resolve(gz.get(1).getFileName())).exists();
    assertThat(alerts.calls).contains("quarantined " + gz.get(1).getFileName() + " CORRUPT_LOCAL");
    assertThat(archiver.health().status()).isEqualTo(ArchiveHealth.Status.DEGRADED);
  }

  @Test
  void aProcessKilledMidUploadLosesNothingAndDuplicatesNothingAfterRestart() throws Exception {
    EventFiles files = new EventFiles(spool(), "shop", "web-1", "i1");
    files.writeMany(T0, 30, 20);
    Path out = tmp.resolve("child.log");
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        ChildArchiverMain.class.getName(), spool().toString(), server.endpoint().toString(), "events", "logs")
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();

    try {
      await().atMost(WAIT).until(() -> dataObjects().size() >= 5 || !child.isAlive());
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("the child archiver made no progress; its output:\n" + Files.readString(out), e);
    }
    assertThat(child.isAlive()).as("the child archiver died on its own; its output:%n%s", Files.readString(out)).isTrue();
    child.destroyForcibly(); // SIGKILL: no shutdown hook, no grace
    child.waitFor();
    child = null;
    int shippedBeforeKill = dataObjects().size();
    assertThat(localGz()).as("the kill must leave work behind").isGreaterThan(0);
    assertThat(shippedBeforeKill).isLessThan(30);

    archiver = archiver(server.destination("events").build()).build();
    archiver.start();

    await().atMost(WAIT).until(() -> archiver.health().filesPending() == 0 && localGz() == 0);
    assertThat(dataObjects()).hasSize(30);
    assertThat(archivedSeqs()).containsExactlyInAnyOrderElementsOf(EventFiles.expected("i1", 600));
    assertThat(archiver.health().failuresTotal()).isZero();
  }
}
