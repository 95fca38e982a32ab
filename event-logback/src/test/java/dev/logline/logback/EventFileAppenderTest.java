package dev.logline.logback;

import static dev.logline.logback.Fixture.files;
import static dev.logline.logback.Fixture.range;
import static dev.logline.logback.Fixture.seqsInGz;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import dev.logline.logback.internal.FileName;
import dev.logline.logback.internal.Journal;
import dev.logline.logback.internal.Ownership;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventFileAppenderTest {
  @TempDir Path dir;
  @RegisterExtension final Fixture fx = new Fixture();

  @ParameterizedTest
  @EnumSource(WriteMode.class)
  void timerRollsAFinishedPeriodWithoutAnyEventArriving(WriteMode mode) throws Exception {
    Fixture.MutableClock clock = new Fixture.MutableClock(Instant.parse("2026-11-27T08:15:30Z"));
    EventFileAppender a = fx.appender(dir, "timer", mode);
    a.setRollPeriod(Duration.valueOf("1 minute"));
    a.setClock(clock);
    fx.attach(a);

    fx.log(3);
    assertThat(files(dir, ".jsonl")).hasSize(1);
    assertThat(files(dir, ".jsonl").get(0).getFileName().toString()).startsWith("20261127T0815Z_shop_host-1_");

    clock.advance(java.time.Duration.ofSeconds(31)); // 08:16:01, no event logged from here on
    await().until(() -> files(dir, ".jsonl").isEmpty() && files(dir, ".jsonl.gz").size() == 1);
    await().until(() -> a.stats().pendingFinishes() == 0);
    Path gz = files(dir, ".jsonl.gz").get(0);
    assertThat(Fixture.gunzipLines(gz)).hasSize(3);
    assertThat(Fixture.manifestOf(gz).lines()).isEqualTo(3);
    assertThat(a.isStarted()).isTrue();
    assertThat(Fixture.assertFinishedFilesClean(dir)).isEqualTo(3);
    fx.assertNoUnexpectedStatus(a);
  }

  @ParameterizedTest
  @EnumSource(WriteMode.class)
  void nextEventAfterThePeriodGoesToANewFileOfTheNewPeriod(WriteMode mode) throws Exception {
    Fixture.MutableClock clock = new Fixture.MutableClock(Instant.parse("2026-11-27T08:59:59Z"));
    EventFileAppender a = fx.appender(dir, "period", mode);
    a.setClock(clock);
    a.setTickMillis(3_600_000); // the timer stays out of it: the event itself rolls
    fx.attach(a);
    fx.log(2);
    clock.advance(java.time.Duration.ofSeconds(2));
    fx.log(1);
    a.stop();

    assertThat(files(dir, ".jsonl.gz")).extracting(p -> p.getFileName().toString().substring(0, 14))
        .containsExactly("20261127T0800Z", "20261127T0900Z");
    assertThat(seqsInGz(dir, fx.producer.instance())).isEqualTo(range(1, 3));
    assertThat(Fixture.assertFinishedFilesClean(dir)).isEqualTo(3);
    fx.assertNoUnexpectedStatus(a);
  }

  @ParameterizedTest
  @EnumSource(WriteMode.class)
  void stopRollsAndFinishesThePartialFileBeforeReturning(WriteMode mode) throws Exception {
    List<String> calls = new CopyOnWriteArrayList<>();
    EventFileAppender a = fx.appender(dir, "stop", mode);
    a.addListener(new FinishedFileListener() {
      @Override
      public void onFileFinished(Path gz, Path manifest, FileManifest parsed) {
        calls.add("finished " + gz.getFileName() + " " + parsed.lines());
      }

      @Override
      public void onAppenderStopped(Path directory) {
        calls.add("stopped " + directory);
      }
    });
    fx.attach(a);
    fx.log(5);

    a.stop();

    assertThat(files(dir, ".jsonl")).isEmpty();
    List<Path> gz = files(dir, ".jsonl.gz");
    assertThat(gz).hasSize(1);
    assertThat(files(dir, ".manifest.json")).hasSize(1);
    assertThat(calls).containsExactly("finished " + gz.get(0).getFileName() + " 5", "stopped " + a.directoryPath());
    assertThat(seqsInGz(dir, fx.producer.instance())).isEqualTo(range(1, 5));
    assertThat(a.stats().filesFinished()).isEqualTo(1);
    assertThat(a.stats().eventsWritten()).isEqualTo(5);
    assertThat(Fixture.assertFinishedFilesClean(dir)).isEqualTo(5);
    fx.assertNoUnexpectedStatus(a);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void eventsThatReachTheAppenderAfterStopAreCountedAndReportedNotSilentlyLost(boolean async) throws Exception {
    EventFileAppender a = fx.appender(dir, "late");
    a.setAsync(async);
    fx.attach(a);
    fx.log(3);
    a.stop();

    fx.log(2); // an application thread still logging while the Logback context stops

    assertThat(a.stats().droppedWhileStopped()).isEqualTo(2);
    assertThat(fx.problems(a)).anyMatch(m -> m.contains("while it was stopped and were not written"));
    assertThat(files(dir, ".jsonl")).as("no file opened after stop").isEmpty();
    assertThat(seqsInGz(dir, fx.producer.instance())).isEqualTo(range(1, 3));
    fx.assertNoUnexpectedStatus(a, "while it was stopped");
  }

  @Test
  void eventsReachingAnAppenderWhoseStartFailedAreCountedNotSilentlyLost() {
    EventFileAppender a = new EventFileAppender();
    a.setContext(fx.context);
    a.setName("misconfigured");
    a.setDirectory(dir.toString()); // and no <app>
    a.start();
    assertThat(a.isStarted()).isFalse();
    fx.logger.addAppender(a); // Logback attaches an appender from logback.xml even when its start failed

    fx.log(5);

    assertThat(a.stats().droppedWhileStopped()).isEqualTo(5);
    assertThat(fx.problems(a)).anyMatch(m -> m.contains("Attribute 'app' cannot be null"))
        .anyMatch(m -> m.contains("while it was stopped and were not written"));
    fx.logger.detachAppender(a);
  }

  @ParameterizedTest
  @EnumSource(WriteMode.class)
  void anEventAlreadyPastTheStartedCheckWhenStopRollsOpensNoNewFile(WriteMode mode) throws Exception {
    raceAnEventWithStop(fx.appender(dir, "racing", mode));
  }

  @Test
  void anAsyncEventQueuedAfterStopTookTheQueuesLastEventsIsTakenBackAndCounted() throws Exception {
    EventFileAppender a = fx.appender(dir, "racing-async");
    a.setAsync(true);
    raceAnEventWithStop(a);
    assertThat(a.stats().queued()).isZero();
  }

  /** One event passes Logback's started check, then waits in a filter until the appender has stopped. */
  private void raceAnEventWithStop(EventFileAppender a) throws Exception {
    CountDownLatch inFilter = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    a.addFilter(new ch.qos.logback.core.filter.Filter<>() {
      @Override
      public ch.qos.logback.core.spi.FilterReply decide(ch.qos.logback.classic.spi.ILoggingEvent event) {
        if (Thread.currentThread().getName().equals("late-logger")) {
          inFilter.countDown(); // Logback checked isStarted() just before the filters
          awaitQuietly(release);
        }
        return ch.qos.logback.core.spi.FilterReply.NEUTRAL;
      }
    });
    fx.attach(a);
    fx.log(3);
    Thread late = new Thread(fx::log, "late-logger");
    late.start();
    assertThat(inFilter.await(10, TimeUnit.SECONDS)).isTrue();

    a.stop();
    release.countDown();
    late.join();

    assertThat(a.stats().droppedWhileStopped()).isEqualTo(1);
    assertThat(files(dir, ".jsonl")).as("no file opened after the last roll").isEmpty();
    assertThat(files(dir, Journal.SUFFIX)).as("no journal made after stop").isEmpty();
    assertThat(seqsInGz(dir, fx.producer.instance())).isEqualTo(range(1, 3));
    fx.assertNoUnexpectedStatus(a, "while it was stopped");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void theAppenderWritesOnlyIntoAFileItClaimedSoRecoveryInThisJvmNeverFinishesOneUnderIt() throws Exception {
    Fixture.MutableClock clock = new Fixture.MutableClock(Instant.parse("2026-11-27T08:15:00Z"));
    EventFileAppender a = fx.appender(dir, "claimed");
    a.setInstance("i-1");
    a.setClock(clock);
    Path first = dir.resolve(FileName.of(Instant.parse("2026-11-27T08:00:00Z").toEpochMilli(), "shop", "host-1",
        "i-1", 0).withSuffix(FileName.ACTIVE));
    // held as a recovery pass holds a name while it finishes and deletes that file (one runs at start)
    assertThat(Ownership.claimFile(first)).isTrue();
    try {
      fx.attach(a);
      fx.log(3);

      assertThat(first).as("never created while another owner holds the name").doesNotExist();
      assertThat(files(dir, ".jsonl")).singleElement()
          .satisfies(p -> assertThat(p.getFileName().toString()).endsWith("_001.jsonl"));
    } finally {
      Ownership.releaseFile(first);
    }
    a.stop();
    assertThat(seqsInGz(dir, fx.producer.instance())).isEqualTo(range(1, 3));
    fx.assertNoUnexpectedStatus(a);
  }

  @Test
  void stopIsSafeWhenNeverStarted() {
    EventFileAppender a = new EventFileAppender();
    a.stop();
    assertThat(a.isStarted()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(WriteMode.class)
  void sizeCapRollsWithinAPeriodIntoNumberedParts(WriteMode mode) throws Exception {
    EventFileAppender a = fx.appender(dir, "size", mode);
    a.setMaxFileSize(FileSize.valueOf("2 KB"));
    fx.attach(a);
    fx.log(60);
    a.stop();

    List<Path> gzs = files(dir, ".jsonl.gz");
    assertThat(gzs.size()).isGreaterThan(3);
    List<Integer> parts = new ArrayList<>();
    for (Path gz : gzs) {
      FileManifest m = Fixture.manifestOf(gz);
      // a file is rolled by the line that reaches the cap, so it exceeds the cap by less than one line
      assertThat(m.uncompressedBytes()).isLessThan(2048 + 1024);
      parts.add(m.part());
    }
    assertThat(parts).isEqualTo(new ArrayList<>(range(0, gzs.size() - 1).stream().map(Long::intValue).toList()));
    assertThat(seqsInGz(dir, fx.producer.instance())).isEqualTo(range(1, 60));
    assertThat(Fixture.assertFinishedFilesClean(dir)).isEqualTo(60);
    fx.assertNoUnexpectedStatus(a);
  }

  @Test
  void plainApplicationLogsAreRefusedWarnedOncePerLoggerAndCounted() throws Exception {
    EventFileAppender a = fx.attach(fx.appender(dir, "plain"));
    ch.qos.logback.classic.Logger other = fx.context.getLogger(fx.loggerName + ".other");
    fx.logger.info("user {} logged in", "u-1");
    fx.logger.info("user {} logged in", "u-2");
    other.info("plain text");
    fx.log(1);
    a.stop();

    assertThat(a.stats().refusedPlainLogs()).isEqualTo(3);
    assertThat(fx.problems(a)).hasSize(2).allMatch(m -> m.startsWith("refused a plain log from logger"));
    assertThat(Fixture.gunzipLines(files(dir, ".jsonl.gz").get(0))).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(WriteMode.class)
  void twoAppendersInOneDirectoryNeverShareAFile(WriteMode mode) throws Exception {
    Fixture second = new Fixture();
    try {
      EventFileAppender a = fx.attach(fx.appender(dir, "first", mode));
      EventFileAppender b = second.attach(second.appender(dir, "second", mode));
      assertThat(a.fileInstance()).isNotEqualTo(b.fileInstance());
      for (int i = 0; i < 50; i++) {
        fx.log();
        second.log();
      }
      a.stop();
      b.stop();

      List<Path> gzs = files(dir, ".jsonl.gz");
      assertThat(gzs).hasSize(2);
      for (Path gz : gzs) {
        List<String> instances = new ArrayList<>();
        for (String line : Fixture.gunzipLines(gz)) instances.add(Fixture.parse(line).instance);
        assertThat(instances).hasSize(50).containsOnly(instances.get(0));
      }
      assertThat(seqsInGz(dir, fx.producer.instance())).isEqualTo(range(1, 50));
      assertThat(seqsInGz(dir, second.producer.instance())).isEqualTo(range(1, 50));
      assertThat(Fixture.assertFinishedFilesClean(dir)).isEqualTo(100);
      fx.assertNoUnexpectedStatus(a);
      second.assertNoUnexpectedStatus(b);
    } finally {
      second.close();
    }
  }

  @ParameterizedTest
  @EnumSource(WriteMode.class)
  void asyncBlockLosesNothingUnderConcurrentLoad(WriteMode mode) throws Exception {
    EventFileAppender a = fx.appender(dir, "async-block", mode);
    a.setAsync(true);
    a.setQueueSize(4);
    fx.attach(a);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(new Thread(() -> fx.log(500)));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) t.join();
    a.stop();

    assertThat(a.stats().dropped()).isZero();
    assertThat(seqsInGz(dir, fx.producer.instance())).isEqualTo(range(1, 2000));
    assertThat(Fixture.assertFinishedFilesClean(dir)).isEqualTo(2000);
    fx.assertNoUnexpectedStatus(a);
  }

  @ParameterizedTest
  @EnumSource(WriteMode.class)
  void asyncDropCountsAndReportsEveryDroppedEvent(WriteMode mode) throws Exception {
    EventFileAppender a = fx.appender(dir, "async-drop", mode);
    a.setAsync(true);
    a.setQueueSize(4);
    a.setOverflowPolicy(OverflowPolicy.DROP);
    fx.attach(a);
    ReentrantLock writerLock = a.lockForTest();
    writerLock.lock(); // the writer thread can hold at most one batch plus the queue meanwhile
    try {
      fx.log(1000);
    } finally {
      writerLock.unlock();
    }
    a.stop();

    EventFileStats stats = a.stats();
    List<Long> written = seqsInGz(dir, fx.producer.instance());
    assertThat(stats.dropped()).isGreaterThanOrEqualTo(1000 - 512 - 4);
    assertThat(written).doesNotHaveDuplicates();
    assertThat(written.size() + stats.dropped()).isEqualTo(1000);
    assertThat(stats.eventsWritten()).isEqualTo(written.size());
    assertThat(fx.problems(a)).anyMatch(m -> m.contains("events dropped") && m.contains("overflowPolicy DROP"));
    assertThat(Fixture.assertFinishedFilesClean(dir)).isEqualTo(written.size());
    fx.assertNoUnexpectedStatus(a, "events dropped");
  }

  @ParameterizedTest
  @EnumSource(WriteMode.class)
  void writeErrorsAreCountedNeverThrownAndTheAppenderRecoversWhenTheCauseClears(WriteMode mode) throws Exception {
    EventFileAppender a = fx.appender(dir, "errors", mode);
    a.setMaxFileSize(new FileSize(1)); // every event closes its file, so every event opens one
    fx.attach(a);
    fx.log(3);
    await().until(() -> a.stats().pendingFinishes() == 0);

    Path aside = dir.resolveSibling(dir.getFileName() + "-aside");
    Files.move(dir, aside);
    Files.writeString(dir, "not a directory");
    fx.log(3); // each fails to open its file: lost and counted, nothing thrown
    EventFileStats broken = a.stats();
    assertThat(broken.lostOnError()).isEqualTo(3);
    assertThat(broken.writeErrorTotal()).isEqualTo(3);
    assertThat(broken.lastError()).contains("event write failed");

    Files.delete(dir);
    Files.move(aside, dir);
    fx.log(3);
    a.stop();

    List<Long> expected = new ArrayList<>(range(1, 3));
    expected.addAll(range(7, 9));
    assertThat(seqsInGz(dir, fx.producer.instance())).isEqualTo(expected);
    assertThat(a.stats().eventsWritten()).isEqualTo(6);
    assertThat(Fixture.assertFinishedFilesClean(dir)).isEqualTo(6);
    fx.assertNoUnexpectedStatus(a, "event write failed");
  }

  @Test
  void settersRejectBadValuesAtOnceAndStartReportsMissingAttributes() {
    EventFileAppender a = new EventFileAppender();
    assertThatThrownBy(() -> a.setRollPeriod(Duration.valueOf("30 seconds")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rollPeriod 30 seconds is not supported");
    assertThatThrownBy(() -> a.setRollPeriod(Duration.valueOf("7 minutes")))
        .hasMessageContaining("divides a day");
    assertThatThrownBy(() -> a.setQueueSize(0)).hasMessage("queueSize < 1: 0");
    assertThatThrownBy(() -> a.setApp(null)).hasMessage("app == null");
    assertThatThrownBy(() -> a.setWriteMode(null))
        .isInstanceOf(NullPointerException.class).hasMessage("writeMode == null");
    assertThatThrownBy(() -> a.setMappedChunkSize(null))
        .isInstanceOf(NullPointerException.class).hasMessage("mappedChunkSize == null");
    assertThatThrownBy(() -> a.setMappedChunkSize(new FileSize(64 * 1024 - 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mappedChunkSize 65535 bytes is out of range: use 64 KB to 1 GB");
    assertThatThrownBy(() -> a.setMappedChunkSize(new FileSize(1024L * 1024 * 1024 + 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mappedChunkSize 1073741825 bytes is out of range: use 64 KB to 1 GB");
    a.setMappedChunkSize(FileSize.valueOf("64 KB")); // both bounds are allowed
    a.setMappedChunkSize(FileSize.valueOf("1 GB"));
    assertThat(a.getMappedChunkSize().getSize()).isEqualTo(1024L * 1024 * 1024);
    assertThatThrownBy(() -> a.setJournalSize(null))
        .isInstanceOf(NullPointerException.class).hasMessage("journalSize == null");
    assertThatThrownBy(() -> a.setJournalSize(new FileSize(1024 * 1024 - 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("journalSize 1048575 bytes is out of range: use 1 MB to 1023 MB");
    assertThatThrownBy(() -> a.setJournalSize(new FileSize(1023L * 1024 * 1024 + 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("journalSize 1072693249 bytes is out of range: use 1 MB to 1023 MB");
    a.setJournalSize(FileSize.valueOf("1023 MB"));
    a.setJournalSize(FileSize.valueOf("1 MB")); // both bounds are allowed
    assertThat(a.getJournalSize().getSize()).isEqualTo(1024L * 1024);
    assertThat(a.getWriteMode()).as("the default").isEqualTo(WriteMode.JOURNAL);

    a.setContext(fx.context);
    a.setDirectory(dir.toString());
    a.start();
    assertThat(a.isStarted()).isFalse();
    assertThat(fx.problems(a)).containsExactly("Attribute 'app' cannot be null: set <app> on appender 'null'");
  }
}
