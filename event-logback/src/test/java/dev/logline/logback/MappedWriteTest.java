package dev.logline.logback;

import static dev.logline.logback.Fixture.files;
import static dev.logline.logback.Fixture.range;
import static dev.logline.logback.Fixture.seqsInGz;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.core.util.FileSize;
import dev.logline.core.EventLogger;
import dev.logline.core.LogResult;
import dev.logline.core.spi.LineBatch;
import dev.logline.logback.internal.FinishStep;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link WriteMode#MAPPED}: what only the mapped mode does (the common behaviour runs in both modes elsewhere). */
class MappedWriteTest {
  private static final int KB = 1024;

  @TempDir Path dir;
  @RegisterExtension final Fixture fx = new Fixture();

  @Test
  void linesStraddlingSmallChunksComeOutByteIdenticalToStreamMode() throws Exception {
    EventFileAppender stream = fx.appender(dir.resolve("stream"), "stream", WriteMode.STREAM);
    EventFileAppender mapped = fx.appender(dir.resolve("mapped"), "mapped", WriteMode.MAPPED);
    mapped.setMappedChunkSize(FileSize.valueOf("64 KB"));
    fx.attach(stream);
    fx.attach(mapped);
    // the same events reach both appenders; lengths vary so lines end anywhere in a chunk
    EventLogger big = EventLogger.builder().producer(fx.producer).loggerName(fx.loggerName)
        .maxLineBytes(512 * KB).build();
    for (int i = 0; i < 3000; i++) {
      if (i == 1500) {
        // one line larger than two whole chunks
        LogResult r = big.event("page_viewed").anonymousId("anon-1").property("url", "/big/" + "b".repeat(150 * KB)).log();
        assertThat(r.isAccepted()).as("%s", r).isTrue();
      }
      LogResult r = fx.events.event("page_viewed").anonymousId("anon-1").property("url", "/p/" + "x".repeat(i % 397)).log();
      assertThat(r.isAccepted()).as("%s", r).isTrue();
    }
    long bytes = mapped.stats().bytesWritten();
    assertThat(bytes).as("many chunks").isGreaterThan(20 * 64 * KB);
    Path active = files(mapped.directoryPath(), ".jsonl").get(0);
    assertThat(Files.size(active)).as("whole zero-filled chunks while active").isGreaterThan(bytes)
        .satisfies(size -> assertThat(size % (64 * KB)).isZero());
    stream.stop();
    mapped.stop();

    byte[] expected = content(stream.directoryPath());
    assertThat(expected).hasSize((int) bytes);
    assertThat(content(mapped.directoryPath())).isEqualTo(expected);
    assertThat(seqsInGz(mapped.directoryPath(), fx.producer.instance())).isEqualTo(range(1, 3001));
    assertThat(Fixture.assertFinishedFilesClean(mapped.directoryPath())).isEqualTo(3001);
    assertThat(mapped.stats().eventsWritten()).isEqualTo(3001);
    assertThat(mapped.stats().bytesWritten()).isEqualTo(stream.stats().bytesWritten());
    fx.assertNoUnexpectedStatus(stream);
    fx.assertNoUnexpectedStatus(mapped);
  }

  @Test
  void aChunkIsNoLargerThanWhatIsLeftUpToMaxFileSizeButAtLeast64Kb() throws Exception {
    EventFileAppender byChunk = fx.appender(dir.resolve("chunk"), "chunk", WriteMode.MAPPED);
    byChunk.setMappedChunkSize(FileSize.valueOf("128 KB"));
    EventFileAppender byCap = fx.appender(dir.resolve("cap"), "cap", WriteMode.MAPPED);
    byCap.setMaxFileSize(FileSize.valueOf("100 KB"));
    EventFileAppender atLeast = fx.appender(dir.resolve("least"), "least", WriteMode.MAPPED);
    atLeast.setMaxFileSize(FileSize.valueOf("10 KB"));
    fx.attach(byChunk);
    fx.attach(byCap);
    fx.attach(atLeast);
    fx.log(1);

    // the first chunk, then the next one zero-filled in the background, each sized by the same rule
    assertActiveFileReaches(byChunk, 128 * KB + 128 * KB);
    assertActiveFileReaches(byCap, 100 * KB + 64 * KB); // the next chunk starts at the cap: the 64 KB minimum
    assertActiveFileReaches(atLeast, 64 * KB + 64 * KB);
  }

  private static void assertActiveFileReaches(EventFileAppender a, long size) throws Exception {
    Path active = files(a.directoryPath(), ".jsonl").get(0);
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
      long now = Files.size(active);
      assertThat(now).as("never more than one chunk ahead").isLessThanOrEqualTo(size);
      return now == size;
    });
  }

  @Test
  void aRolledFileIsCutToItsLinesBeforeTheFinisherReadsIt() throws Exception {
    List<Long> sizesAtFinish = new CopyOnWriteArrayList<>();
    EventFileAppender a = fx.appender(dir, "cut", WriteMode.MAPPED);
    a.setFinishHook((step, source) -> {
      if (step == FinishStep.STARTED) sizesAtFinish.add(Files.size(source));
    });
    fx.attach(a);
    fx.log(7);
    long active = Files.size(files(dir, ".jsonl").get(0));
    a.stop();

    assertThat(active).as("zero tail while active").isGreaterThan(a.stats().bytesWritten());
    assertThat(sizesAtFinish).containsExactly(a.stats().bytesWritten());
    assertThat(Fixture.assertFinishedFilesClean(dir)).isEqualTo(7);
    fx.assertNoUnexpectedStatus(a);
  }

  @Test
  void insideABatchEachLineIsInTheFileAndCountedAtOnce() throws Exception {
    EventFileAppender a = fx.attach(fx.appender(dir, "batch", WriteMode.MAPPED));
    try (LineBatch batch = fx.events.batch()) {
      fx.log(5);
      // nothing to defer: copied into the mapping is already with the OS
      assertThat(a.stats().eventsWritten()).isEqualTo(5);
      assertThat(newlines(Files.readAllBytes(files(dir, ".jsonl").get(0)))).isEqualTo(5);
    }
    a.stop();
    assertThat(Fixture.assertFinishedFilesClean(dir)).isEqualTo(5);
    fx.assertNoUnexpectedStatus(a);
  }

  private static byte[] content(Path dir) throws Exception {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (Path gz : files(dir, ".jsonl.gz")) {
      all.write(Fixture.gunzip(gz));
    }
    return all.toByteArray();
  }

  private static long newlines(byte[] raw) {
    long n = 0;
    for (byte b : raw) {
      if (b == '\n') n++;
    }
    return n;
  }
}
