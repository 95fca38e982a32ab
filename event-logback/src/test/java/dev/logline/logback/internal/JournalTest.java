package dev.logline.logback.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  private static final long RING = Journal.MIN_SIZE;

  @TempDir Path dir;
  private final List<IOException> reported = new ArrayList<>();
  private final ByteArrayOutputStream expected = new ByteArrayOutputStream();
  private int seq;

  @AfterEach
  void removeHook() {
    Journal.setDrainHookForTests(null);
  }

  private Path active() throws IOException {
    return Files.createFile(dir.resolve("20261127T0800Z_shop_host-1_i-1_000.jsonl"));
  }

  private Journal journal() throws IOException {
    return Journal.create(dir.resolve(Journal.fileName("shop", "host-1", "i-1", 0)), RING,
        e -> reported.add(e), "drain-test");
  }

  /** Writes lines of varying length (never a divisor of the ring) until {@code bytes} more were written. */
  private void writeLines(LineSink sink, long bytes) throws IOException {
    for (long written = 0; written < bytes; ) {
      byte[] line = ("{\"seq\":" + ++seq + ",\"pad\":\"" + "x".repeat(seq % 97) + "\"}\n").getBytes(StandardCharsets.UTF_8);
      sink.write(line, 0, line.length);
      expected.write(line, 0, line.length);
      written += line.length;
    }
  }

  @Test
  void linesReachTheFileInOrderAcrossTheRingsEnd() throws IOException {
    Journal journal = journal();
    Path file = active();
    LineSink sink = journal.attach(file);
    writeLines(sink, 3 * RING);
    sink.close(true);
    journal.close();

    assertThat(sink.finishable()).isTrue();
    assertThat(Files.readAllBytes(file)).isEqualTo(expected.toByteArray());
    assertThat(journal.path()).as("a clean journal is deleted at close").doesNotExist();
    assertThat(reported).isEmpty();
  }

  @Test
  void oneJournalServesFileAfterFile() throws IOException {
    Journal journal = journal();
    Path first = active();
    LineSink sink = journal.attach(first);
    writeLines(sink, RING / 3);
    sink.close(true);
    byte[] firstBytes = expected.toByteArray();
    expected.reset();
    Path second = Files.createFile(dir.resolve("20261127T0800Z_shop_host-1_i-1_001.jsonl"));
    sink = journal.attach(second);
    writeLines(sink, RING);
    sink.close(true);
    journal.close();

    assertThat(Files.readAllBytes(first)).isEqualTo(firstBytes);
    assertThat(Files.readAllBytes(second)).isEqualTo(expected.toByteArray());
  }

  @Test
  void recoveryReplaysWhatTheDrainCouldNotWriteIncludingAcrossTheRingsEnd() throws IOException {
    Journal journal = journal();
    Path file = active();
    LineSink sink = journal.attach(file);
    writeLines(sink, RING * 7 / 10);
    sink.force(false); // drained up to here
    long drainedLength = Files.size(file);
    Journal.setDrainHookForTests(() -> {
      throw new IOException("No space left on device (test)");
    });
    writeLines(sink, RING / 2); // wraps around the ring's end

    assertThatThrownBy(() -> sink.close(false))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("the drainer cannot write " + file.getFileName())
        .hasMessageContaining("No space left on device (test)");
    assertThat(sink.finishable()).as("its tail is in the journal").isFalse();
    assertThat(journal.retired()).isTrue();
    journal.close();
    assertThat(journal.path()).as("kept for recovery").exists();
    assertThat(Files.size(file)).isEqualTo(drainedLength);
    assertThat(reported).singleElement().satisfies(e -> assertThat(e).hasMessageContaining("(test)"));

    Journal.setDrainHookForTests(null);
    Journal.Replayed replayed = Journal.replay(journal.path());

    assertThat(replayed.outcome).isEqualTo(Journal.Replay.REPLAYED);
    assertThat(replayed.file).isEqualTo(file);
    assertThat(replayed.bytes).isEqualTo(expected.size() - drainedLength);
    assertThat(Files.readAllBytes(file)).isEqualTo(expected.toByteArray());
    assertThat(journal.path()).doesNotExist();
  }

  @Test
  void aWriterWaitsForRoomWhileTheDrainIsBehindAndGoesOnWhenItCatchesUp() throws Exception {
    Journal journal = journal();
    Path file = active();
    LineSink sink = journal.attach(file);
    CountDownLatch release = new CountDownLatch(1);
    Journal.setDrainHookForTests(() -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IOException(e);
      }
    });
    writeLines(sink, RING - 4096); // the ring is all but full, none of it drained
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread writer = new Thread(() -> {
      try {
        writeLines(sink, 8192);
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    writer.start();
    await().until(() -> writer.getState() == Thread.State.TIMED_WAITING);
    assertThat(writer.isAlive()).as("waiting for room").isTrue();

    release.countDown();
    writer.join();
    sink.close(true);
    journal.close();

    assertThat(failure.get()).isNull();
    assertThat(Files.readAllBytes(file)).isEqualTo(expected.toByteArray());
  }

  @Test
  void aWriterGivesUpWithAnIoExceptionOnceTheDrainHasFailedForASecond() throws IOException {
    Journal journal = journal();
    Path file = active();
    LineSink sink = journal.attach(file);
    Journal.setDrainHookForTests(() -> {
      throw new IOException("Input/output error (test)");
    });

    assertThatThrownBy(() -> writeLines(sink, 2 * RING))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("waited for room in the journal")
        .hasMessageContaining("Input/output error (test)");
    assertThatThrownBy(() -> sink.close(false)).isInstanceOf(IOException.class);
    journal.close();
  }

  @Test
  void replayLeavesAJournalAloneWhileItsAppenderHoldsIt() throws IOException {
    Journal journal = journal();
    LineSink sink = journal.attach(active());
    writeLines(sink, 1000);

    assertThat(Journal.replay(journal.path()).outcome).isEqualTo(Journal.Replay.LIVE);

    sink.close(true);
    journal.close();
  }

  @Test
  void replayKeepsAJournalWhoseFileIsGoneAndSaysHowMuchItHolds() throws IOException {
    Journal journal = journal();
    Path file = active();
    LineSink sink = journal.attach(file);
    Journal.setDrainHookForTests(() -> {
      throw new IOException("test");
    });
    writeLines(sink, 1000);
    assertThatThrownBy(() -> sink.close(false)).isInstanceOf(IOException.class);
    journal.close();
    Files.delete(file);
    long held = expected.size();

    assertThatThrownBy(() -> Journal.replay(journal.path()))
        .isInstanceOf(IOException.class)
        .hasMessage(journal.path().getFileName() + " holds " + held + " bytes of " + file.getFileName()
            + ", which does not exist (kept)");
    assertThat(journal.path()).exists();
  }

  @Test
  void journalNamesCarryTheInstanceRecoveryChecks() {
    String name = Journal.fileName("shop", "host-1", "0192f3c0-a.b", 12);

    assertThat(name).isEqualTo(".shop_host-1_0192f3c0-a.b_12.journal");
    assertThat(Journal.isJournal(name)).isTrue();
    assertThat(Journal.instanceOf(name)).isEqualTo("0192f3c0-a.b");
    assertThat(Journal.isJournal("20261127T0800Z_shop_host-1_i-1_000.jsonl")).isFalse();
    assertThat(Journal.instanceOf("notes.journal")).isNull();
  }
}
