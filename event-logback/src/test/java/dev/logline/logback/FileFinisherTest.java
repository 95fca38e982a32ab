package dev.logline.logback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logline.logback.internal.FileFinisher;
import dev.logline.logback.internal.FinishStep;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The zero tail a killed MAPPED writer leaves: padding, not torn bytes, and never in the .gz. */
class FileFinisherTest {
  @TempDir Path dir;
  final FileFinisher finisher = new FileFinisher(FinishStep.Hook.NONE);

  @Test
  void aZeroTailIsLeftOutWithoutCountingTornBytes() throws Exception {
    String lines = lines(1, 3);
    // longer than the finisher's read buffer, so the run spans reads
    Path source = write(lines.getBytes(StandardCharsets.UTF_8), new byte[200_000]);

    FileFinisher.Result r = finisher.finish(source);

    assertThat(r.tornBytes()).isZero();
    assertThat(r.zeroPaddingBytes()).isEqualTo(200_000);
    assertThat(r.manifest().lines()).isEqualTo(3);
    assertThat(r.manifest().uncompressedBytes()).isEqualTo(lines.length());
    assertThat(r.manifest().producers()).singleElement().satisfies(p -> {
      assertThat(p.firstSeq()).isEqualTo(1);
      assertThat(p.lastSeq()).isEqualTo(3);
      assertThat(p.lines()).isEqualTo(3);
    });
    assertThat(gunzip(r.gz())).isEqualTo(lines);
    assertThat(FileFinisher.verify(r.gz(), r.manifest())).isTrue();
  }

  @Test
  void aPartialLineBeforeTheZerosIsTornBytesAndOnlyIt() throws Exception {
    String lines = lines(1, 2);
    String partial = "{\"occurred_at\":\"2026-11-27T08:00:03.0";
    Path source = write((lines + partial).getBytes(StandardCharsets.UTF_8), new byte[70_000]);

    FileFinisher.Result r = finisher.finish(source);

    assertThat(r.tornBytes()).isEqualTo(partial.length());
    assertThat(r.zeroPaddingBytes()).isEqualTo(70_000);
    assertThat(r.manifest().lines()).isEqualTo(2);
    assertThat(gunzip(r.gz())).isEqualTo(lines);
  }

  @Test
  void zerosFollowedByMoreBytesStayInTheirLine() throws Exception {
    // not a tail: kept as the line's content, like any other bytes that are not an event
    String first = lines(1, 1);
    byte[] zerosThenText = "\0\0\0tail\n".getBytes(StandardCharsets.UTF_8);
    Path source = write(first.getBytes(StandardCharsets.UTF_8), zerosThenText);

    FileFinisher.Result r = finisher.finish(source);

    assertThat(r.tornBytes()).isZero();
    assertThat(r.zeroPaddingBytes()).isZero();
    assertThat(r.manifest().lines()).isEqualTo(2);
    assertThat(r.unparsedLines()).isEqualTo(1);
    assertThat(gunzip(r.gz())).isEqualTo(first + "\0\0\0tail\n");
  }

  private Path write(byte[]... parts) throws Exception {
    Path source = dir.resolve("20261127T0800Z_shop_host-9_dead-instance_000.jsonl");
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] p : parts) all.write(p);
    Files.write(source, all.toByteArray());
    return source;
  }

  private static String lines(int fromSeq, int toSeq) {
    StringBuilder sb = new StringBuilder();
    for (int seq = fromSeq; seq <= toSeq; seq++) {
      sb.append("{\"occurred_at\":\"2026-11-27T08:00:0").append(seq).append(".000Z\",\"producer\":{\"app\":\"shop\",")
          .append("\"host\":\"host-9\",\"instance\":\"dead-instance\",\"seq\":").append(seq).append("}}\n");
    }
    return sb.toString();
  }

  private static String gunzip(Path gz) throws Exception {
    try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
