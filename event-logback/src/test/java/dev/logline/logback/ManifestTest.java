package dev.logline.logback;

import static dev.logline.logback.Fixture.files;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.core.util.FileSize;
import dev.logline.logback.internal.FileName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every manifest is checked against the bytes it describes, recomputed independently here. */
class ManifestTest {
  @TempDir Path dir;
  @RegisterExtension final Fixture fx = new Fixture();

  @Test
  void manifestsMatchTheRecomputedHashSizeLineCountSeqRangeAndTimes() throws Exception {
    EventFileAppender a = fx.appender(dir, "manifest");
    a.setMaxFileSize(FileSize.valueOf("8 KB"));
    fx.attach(a);
    fx.log(100);
    a.stop();

    List<Path> gzs = files(dir, ".jsonl.gz");
    assertThat(gzs).hasSizeGreaterThan(1);
    long total = 0;
    long expectedFirstSeq = 1;
    for (Path gz : gzs) {
      FileName name = FileName.parse(gz.getFileName().toString());
      FileManifest m = Fixture.manifestOf(gz);
      byte[] bytes = Files.readAllBytes(gz);
      List<String> lines = Fixture.gunzipLines(gz);

      assertThat(m.file()).isEqualTo(gz.getFileName().toString());
      assertThat(m.bytes()).isEqualTo(bytes.length);
      assertThat(m.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
      assertThat(m.lines()).isEqualTo(lines.size());
      assertThat(m.uncompressedBytes()).isEqualTo(lines.stream().mapToLong(l -> l.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1).sum());
      assertThat(m.app()).isEqualTo("shop");
      assertThat(m.host()).isEqualTo("host-1");
      assertThat(m.instance()).isEqualTo(a.fileInstance());
      assertThat(m.part()).isEqualTo(name.part());

      long first = Long.MAX_VALUE, last = Long.MIN_VALUE;
      String minAt = null, maxAt = null;
      for (String line : lines) {
        Fixture.Line l = Fixture.parse(line);
        first = Math.min(first, l.seq);
        last = Math.max(last, l.seq);
        if (minAt == null || l.occurredAt.compareTo(minAt) < 0) minAt = l.occurredAt;
        if (maxAt == null || l.occurredAt.compareTo(maxAt) > 0) maxAt = l.occurredAt;
      }
      assertThat(m.producers()).containsExactly(new FileManifest.ProducerRange(
          "shop", "host-1", fx.producer.instance(), first, last, lines.size()));
      assertThat(first).as("files continue each other's seq").isEqualTo(expectedFirstSeq);
      expectedFirstSeq = last + 1;
      assertThat(m.firstOccurredAt()).isEqualTo(minAt);
      assertThat(m.lastOccurredAt()).isEqualTo(maxAt);
      total += lines.size();
    }
    assertThat(total).isEqualTo(100);
    fx.assertNoUnexpectedStatus(a);
  }

  @Test
  void finishedFilesPassTheSystemGzipIntegrityCheck() throws Exception {
    EventFileAppender a = fx.attach(fx.appender(dir, "gzip"));
    fx.log(20);
    a.stop();

    List<Path> gzs = files(dir, ".jsonl.gz");
    assertThat(gzs).hasSize(1);
    Process gzip = new ProcessBuilder("gzip", "-t", "-v", gzs.get(0).toString()).redirectErrorStream(true).start();
    String output = new String(gzip.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(gzip.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(gzip.exitValue()).as(output).isZero();
    assertThat(output).contains("OK");
    assertThat(Fixture.gunzipLines(gzs.get(0))).hasSize(20); // and java.util.zip reads it
  }

  @Test
  void aTornLastLineIsLeftOutOfTheGzAndReported() throws Exception {
    Path source = dir.resolve("20261127T0800Z_shop_host-9_dead-instance_000.jsonl");
    String whole = "{\"occurred_at\":\"2026-11-27T08:00:01.000Z\",\"producer\":{\"app\":\"shop\",\"host\":\"host-9\","
        + "\"instance\":\"dead-instance\",\"seq\":1}}\n";
    Files.writeString(source, whole + "{\"occurred_at\":\"2026-11-27T08:00:02.0");
    EventFileAppender a = fx.appender(dir, "torn");
    a.setOrphanGrace(ch.qos.logback.core.util.Duration.valueOf("0 seconds"));
    fx.attach(a);
    org.awaitility.Awaitility.await().until(() -> a.stats().pendingFinishes() == 0);
    a.stop();

    Path gz = dir.resolve("20261127T0800Z_shop_host-9_dead-instance_000.jsonl.gz");
    assertThat(Fixture.gunzipLines(gz)).containsExactly(whole.trim());
    assertThat(fx.problems(a)).anyMatch(m -> m.contains("left out 37 bytes after the last newline"));
  }
}
