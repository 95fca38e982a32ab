package dev.logline.logback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logline.core.spi.LineBatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Group commit in {@link WriteMode#STREAM}: inside {@code EventLogger.batch()} lines reach the OS together, when the batch closes (the other modes hand each line to the OS at once). */
class LineBatchTest {
  @TempDir Path dir;
  @RegisterExtension final Fixture fx = new Fixture();

  @Test
  void linesOfABatchReachTheFileTogetherWhenItCloses() throws Exception {
    EventFileAppender a = fx.attach(fx.appender(dir, "batch", WriteMode.STREAM));
    fx.log(1); // outside a batch: on disk before log returns
    assertThat(activeLines()).isEqualTo(1);

    try (LineBatch batch = fx.events.batch()) {
      fx.log(5);
      assertThat(activeLines()).as("deferred until the batch closes").isEqualTo(1);
      assertThat(a.stats().eventsWritten()).isEqualTo(1);
    }
    assertThat(activeLines()).as("handed to the OS by close()").isEqualTo(6);
    assertThat(a.stats().eventsWritten()).isEqualTo(6);

    fx.log(1);
    assertThat(activeLines()).as("per-event flushing resumes after the batch").isEqualTo(7);
    fx.assertNoUnexpectedStatus(a);
  }

  @Test
  void aNestedBatchDefersToTheOutermost() throws Exception {
    EventFileAppender a = fx.attach(fx.appender(dir, "nested", WriteMode.STREAM));
    try (LineBatch outer = fx.events.batch()) {
      try (LineBatch inner = fx.events.batch()) {
        fx.log(2);
      }
      assertThat(activeLines()).isZero();
      fx.log(1);
    }
    assertThat(activeLines()).isEqualTo(3);
    assertThat(LineBatch.current()).isNull();
    fx.assertNoUnexpectedStatus(a);
  }

  @Test
  void concurrentBatchesWriteEveryLineOnceAndWholeBatchesTogether() throws Exception {
    EventFileAppender a = fx.attach(fx.appender(dir, "concurrent", WriteMode.STREAM));
    int threads = 4;
    int batches = 200;
    int perBatch = 20;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<List<Long>>>> logged = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      logged.add(pool.submit(() -> {
        List<List<Long>> mine = new ArrayList<>();
        for (int b = 0; b < batches; b++) {
          List<Long> seqs = new ArrayList<>();
          try (LineBatch batch = fx.events.batch()) {
            for (int i = 0; i < perBatch; i++) seqs.add(fx.log());
          }
          mine.add(seqs);
        }
        return mine;
      }));
    }
    List<List<Long>> sent = new ArrayList<>();
    for (Future<List<List<Long>>> f : logged) sent.addAll(f.get(60, TimeUnit.SECONDS));
    pool.shutdown();
    assertThat(a.stats().eventsWritten()).isEqualTo((long) threads * batches * perBatch);

    List<Long> written = activeSeqs();
    assertThat(written).hasSize(threads * batches * perBatch).doesNotHaveDuplicates();
    Map<Long, Integer> lineOf = new HashMap<>();
    for (int i = 0; i < written.size(); i++) lineOf.put(written.get(i), i);
    for (List<Long> batch : sent) {
      int first = lineOf.get(batch.get(0));
      for (int i = 0; i < perBatch; i++) {
        assertThat(lineOf.get(batch.get(i))).as("a batch's lines are written together, in order").isEqualTo(first + i);
      }
    }
    fx.assertNoUnexpectedStatus(a);
  }

  @Test
  void stopWritesTheLinesOfABatchStillOpenOnAnotherThread() throws Exception {
    EventFileAppender a = fx.attach(fx.appender(dir, "stop-open", WriteMode.STREAM));
    CountDownLatch logged = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread t = new Thread(() -> {
      try (LineBatch batch = fx.events.batch()) {
        fx.log(3);
        logged.countDown();
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    t.start();
    assertThat(logged.await(10, TimeUnit.SECONDS)).isTrue();
    a.stop();
    stopped.countDown();
    t.join(10_000);

    assertThat(a.stats().eventsWritten()).isEqualTo(3);
    assertThat(a.stats().lostOnError()).isZero();
    assertThat(Fixture.assertFinishedFilesClean(dir)).as("lines in the finished file").isEqualTo(3);
    assertThat(Fixture.files(dir, ".jsonl")).as("no file opened after stop").isEmpty();
  }

  @Test
  void aBatchLargerThanTheCommitSizeReachesTheOsBeforeItCloses() throws Exception {
    EventFileAppender a = fx.attach(fx.appender(dir, "large", WriteMode.STREAM));
    int n = 0;
    try (LineBatch batch = fx.events.batch()) {
      while (activeLines() == 0) {
        fx.log();
        n++;
        assertThat(n).as("lines logged before any reached the file").isLessThan(10_000);
      }
      assertThat(activeBytes()).as("committed in blocks of about 64 KiB").isGreaterThanOrEqualTo(64 * 1024);
      fx.log(5);
      n += 5;
    }
    assertThat(activeLines()).isEqualTo(n);
    assertThat(a.stats().eventsWritten()).isEqualTo(n);
    fx.assertNoUnexpectedStatus(a);
  }

  private List<Long> activeSeqs() throws Exception {
    List<Long> seqs = new ArrayList<>();
    for (Path p : Fixture.files(dir, ".jsonl")) {
      for (String line : Files.readAllLines(p)) seqs.add(Fixture.parse(line).seq);
    }
    return seqs;
  }

  private long activeBytes() throws Exception {
    long n = 0;
    for (Path p : Fixture.files(dir, ".jsonl")) n += Files.size(p);
    return n;
  }

  private long activeLines() throws Exception {
    List<Path> active;
    try (Stream<Path> s = Files.list(dir)) {
      active = s.filter(p -> p.toString().endsWith(".jsonl")).collect(Collectors.toList());
    }
    long n = 0;
    for (Path p : active) {
      n += Files.readAllLines(p).size();
    }
    return n;
  }
}
