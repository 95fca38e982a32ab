package dev.logline.logback;

import static dev.logline.logback.Fixture.files;
import static dev.logline.logback.Fixture.range;
import static dev.logline.logback.Fixture.seqsInGz;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import dev.logline.logback.internal.Journal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link WriteMode#JOURNAL}: what only the journal mode does (the common behaviour runs in every mode elsewhere). */
class JournalWriteTest {
  @TempDir Path dir;
  @RegisterExtension final Fixture fx = new Fixture();

  @AfterEach
  void removeHook() {
    Journal.setDrainHookForTests(null);
  }

  private List<Path> journals() throws IOException {
    try (Stream<Path> all = Files.list(dir)) {
      return all.filter(p -> p.getFileName().toString().endsWith(Journal.SUFFIX)).collect(Collectors.toList());
    }
  }

  @Test
  void theActiveFileEndsAtItsLastLineAndTheJournalIsGoneAfterStop() throws Exception {
    EventFileAppender a = fx.attach(fx.appender(dir, "journal", WriteMode.JOURNAL));
    fx.log(500);
    assertThat(journals()).as("one journal while running").hasSize(1);
    Path active = files(dir, ".jsonl").get(0);
    await().until(() -> Files.size(active) == a.stats().bytesWritten());
    byte[] live = Files.readAllBytes(active);
    assertThat(live[live.length - 1]).as("drained to a line's end, no zero tail").isEqualTo((byte) '\n');

    a.stop();

    assertThat(journals()).isEmpty();
    assertThat(seqsInGz(dir, fx.producer.instance())).isEqualTo(range(1, 500));
    fx.assertNoUnexpectedStatus(a);
  }

  @Test
  void anIdleDrainerSleepsUntilTheNextLineWakesIt() throws Exception {
    EventFileAppender a = fx.attach(fx.appender(dir, "idle", WriteMode.JOURNAL));
    fx.log(1);
    Thread drainer = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("logline-drain-idle")).findFirst().orElseThrow();
    Path active = files(dir, ".jsonl").get(0);

    // no busy loop and no timed naps once idle: an idle appender costs no CPU (lesson: logstash-logback-encoder#75)
    await().until(() -> drainer.getState() == Thread.State.WAITING);
    fx.log(1);

    await().until(() -> Files.size(active) == a.stats().bytesWritten());
    assertThat(Files.readAllLines(active)).hasSize(2);
    a.stop();
    assertThat(seqsInGz(dir, fx.producer.instance())).isEqualTo(range(1, 2));
    fx.assertNoUnexpectedStatus(a);
  }

  @Test
  void whenTheDrainKeepsFailingTheJournalIsKeptAndRecoveryPutsItsLinesBack() throws Exception {
    EventFileAppender a = fx.appender(dir, "failing", WriteMode.JOURNAL);
    a.setJournalSize(FileSize.valueOf("2 MB"));
    a.setMaxLineBytes(4096);
    fx.attach(a);
    fx.log(100);
    Path active = files(dir, ".jsonl").get(0);
    await().until(() -> Files.size(active) == a.stats().bytesWritten());
    Journal.setDrainHookForTests(() -> {
      throw new IOException("No space left on device (test)");
    });
    // fill the ring: the event that finds no room after the drain failed for a second is lost, and counted
    while (a.stats().lostOnError() == 0) {
      fx.log(1);
    }
    long logged = a.stats().eventsWritten();
    assertThat(a.stats().writeErrors()).containsKey("IOException");
    assertThat(journals()).as("the full journal is kept").hasSize(1);
    assertThat(fx.problems(a)).anyMatch(m -> m.contains("draining the journal into the active file failed"))
        .anyMatch(m -> m.contains("kept with lines the drain could not write"));

    Journal.setDrainHookForTests(null);
    a.stop();
    EventFileAppender recovery = fx.appender(dir, "recovery");
    recovery.setOrphanGrace(Duration.valueOf("0 seconds"));
    fx.attach(recovery);
    await().until(() -> recovery.stats().pendingFinishes() == 0);
    recovery.stop();

    List<Long> seqs = seqsInGz(dir, fx.producer.instance());
    assertThat(journals()).isEmpty();
    assertThat(seqs).as("every event but the lost one, the last").isEqualTo(range(1, logged));
    assertThat(Fixture.assertFinishedFilesClean(dir)).isEqualTo(seqs.size());
    assertThat(fx.problems(recovery)).isEmpty();
  }

  @Test
  void withoutAJournalTheFileIsWrittenInStreamModeAndTheErrorSaysSo() throws Exception {
    Journal.setCreateFailureForTests(new IOException("Operation not supported (test)"));
    try {
      EventFileAppender a = fx.attach(fx.appender(dir, "nojournal", WriteMode.JOURNAL));
      fx.log(50);
      assertThat(journals()).isEmpty();
      assertThat(Files.size(files(dir, ".jsonl").get(0))).as("each line written at once").isEqualTo(a.stats().bytesWritten());
      a.stop();

      assertThat(seqsInGz(dir, fx.producer.instance())).isEqualTo(range(1, 50));
      assertThat(a.stats().lostOnError()).isZero();
      assertThat(a.stats().writeErrors()).containsEntry("journal", 1L);
      assertThat(fx.problems(a)).singleElement().asString()
          .contains("cannot use a journal in " + dir.toAbsolutePath().normalize())
          .contains("Operation not supported (test)")
          .contains("in STREAM mode instead");
    } finally {
      Journal.setCreateFailureForTests(null);
    }
  }

  @Test
  void recoveryRemovesAJournalAProcessDiedMakingButNotOneBeingMade() throws Exception {
    Path abandoned = Files.write(dir.resolve(Journal.fileName("shop", "host-9", "dead-instance", 0) + ".tmp"), new byte[4096]);
    EventFileAppender a = fx.appender(dir, "sweeper");
    a.setOrphanGrace(Duration.valueOf("0 seconds"));
    fx.attach(a);
    await().until(() -> a.stats().pendingFinishes() == 0);

    assertThat(abandoned).doesNotExist();
    a.stop();
    fx.assertNoUnexpectedStatus(a);
  }

  @Test
  void recoveryInTheSameJvmNeverOpensALiveJournalSoItsLockStaysHeld() throws Exception {
    EventFileAppender live = fx.attach(fx.appender(dir, "live", WriteMode.JOURNAL));
    fx.log(10);
    Path journal = journals().get(0);
    assertThat(probeLock(journal)).isEqualTo("held");

    // closing any descriptor of a file drops every POSIX lock this process has on it: recovery must not open it
    EventFileAppender sweeper = fx.appender(dir, "sweeper");
    sweeper.setOrphanGrace(Duration.valueOf("0 seconds"));
    fx.attach(sweeper);
    await().until(() -> sweeper.stats().pendingFinishes() == 0);

    assertThat(probeLock(journal)).as("another process still sees the journal as live").isEqualTo("held");
    assertThat(journal).exists();
    live.stop();
    sweeper.stop();
  }

  private static String probeLock(Path file) throws Exception {
    Process child = new ProcessBuilder(ChildJvm.command(LockProbe.class, file.toString())).redirectErrorStream(true)
        .start();
    String out = new String(child.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
    assertThat(child.waitFor()).as(out).isZero();
    return out;
  }

  @Test
  void aJournalSmallerThanTwoLinesIsRefusedAtStart() {
    EventFileAppender a = fx.appender(dir, "small", WriteMode.JOURNAL);
    a.setJournalSize(FileSize.valueOf("1 MB")); // maxLineBytes defaults to 1 MB

    a.start();

    assertThat(a.isStarted()).isFalse();
    assertThat(fx.problems(a)).anyMatch(m -> m.contains("journalSize 1048576 bytes is less than twice maxLineBytes"));
  }
}
