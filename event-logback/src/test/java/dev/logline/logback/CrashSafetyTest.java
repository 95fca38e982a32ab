package dev.logline.logback;

import static dev.logline.logback.Fixture.files;
import static dev.logline.logback.Fixture.range;
import static dev.logline.logback.Fixture.seqsInGz;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.core.util.Duration;
import dev.logline.logback.internal.FileFinisher;
import dev.logline.logback.internal.FinishStep;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A crash at any point leaves the source or a complete .gz; the next start makes it whole, exactly once. */
class CrashSafetyTest {
  @TempDir Path dir;
  @RegisterExtension final Fixture fx = new Fixture();

  @ParameterizedTest
  @EnumSource(FinishStep.class)
  void aCrashAfterAnyFinishStepIsRepairedOnTheNextStartWithEveryLineExactlyOnce(FinishStep crashAfter)
      throws Exception {
    EventFileAppender first = fx.appender(dir, "crashing");
    first.setFinishHook((step, source) -> {
      if (step == crashAfter) throw new IOException("simulated crash after " + step);
    });
    fx.attach(first);
    fx.log(40);
    first.stop(); // the roll at stop "crashes" in the finisher and leaves the directory as a crash would
    fx.logger.detachAppender(first);

    assertThat(fx.problems(first)).anyMatch(m -> m.contains("simulated crash after " + crashAfter));
    boolean sourceLeft = !files(dir, ".jsonl").isEmpty();
    boolean gzComplete = !files(dir, ".jsonl.gz").isEmpty();
    assertThat(sourceLeft || gzComplete).as("source or complete gz").isTrue();
    if (crashAfter.compareTo(FinishStep.RENAMED) < 0) {
      assertThat(gzComplete).as("no .jsonl.gz before the rename").isFalse();
    }
    if (crashAfter == FinishStep.COMPRESSING || crashAfter == FinishStep.COMPRESSED
        || crashAfter == FinishStep.MANIFEST_WRITTEN) {
      assertThat(files(dir, ".jsonl.gz.tmp")).hasSize(1);
    }

    EventFileAppender second = fx.appender(dir, "restarted");
    second.setOrphanGrace(Duration.valueOf("0 seconds"));
    fx.attach(second);
    await().until(() -> second.stats().pendingFinishes() == 0);
    second.stop();

    assertThat(seqsInGz(dir, fx.producer.instance())).isEqualTo(range(1, 40));
    assertThat(files(dir, ".tmp")).isEmpty();
    assertThat(files(dir, ".jsonl")).isEmpty();
    for (Path gz : files(dir, ".jsonl.gz")) {
      FileManifest m = Fixture.manifestOf(gz);
      assertThat(FileFinisher.verify(gz, m)).isTrue();
      assertThat(m.lines()).isEqualTo(40);
    }
    fx.assertNoUnexpectedStatus(second);
  }

  @ParameterizedTest
  @EnumSource(WriteMode.class)
  void killMinus9OfAChildJvmLosesNoEventWhoseLogReturned(WriteMode mode) throws Exception {
    // small chunks: the kill lands past several
    Killed child = killChildAfter(2000, dir.toString(), mode.name(), "64 KB");
    assertThat(files(dir, ".jsonl")).as("the killed child's active file").hasSize(1);
    byte[] raw = Files.readAllBytes(files(dir, ".jsonl").get(0));
    int afterLastNewline = lastIndexOf(raw, (byte) '\n') + 1;
    int firstZero = indexOf(raw, (byte) 0, afterLastNewline);
    long torn = (firstZero < 0 ? raw.length : firstZero) - afterLastNewline;
    if (mode == WriteMode.MAPPED) {
      assertThat(raw.length % (64 * 1024) == 0 || raw[raw.length - 1] == 0)
          .as("a mapped file: whole zero-filled chunks, %s bytes", raw.length).isTrue();
    }

    EventFileAppender recovery = recoverKilledChildsFiles();

    List<Long> seqs = seqsInGz(dir, child.instance);
    assertThat(new HashSet<>(seqs)).hasSameSizeAs(seqs); // exactly once
    assertThat(seqs).containsAll(range(1, child.lastReturned()));
    assertThat(seqs).isEqualTo(range(1, seqs.size())); // and nothing beyond it is half-there
    assertThat(files(dir, ".jsonl")).isEmpty();
    assertThat(journals()).as("replayed and deleted").isEmpty();
    assertThat(Fixture.assertFinishedFilesClean(dir)).isEqualTo(seqs.size());
    if (torn == 0) {
      // the zero tail alone is padding, not a torn write
      fx.assertNoUnexpectedStatus(recovery);
    } else {
      assertThat(fx.problems(recovery)).anyMatch(m -> m.contains("left out " + torn + " bytes after the last newline"));
      fx.assertNoUnexpectedStatus(recovery, "bytes after the last newline");
    }
  }

  @ParameterizedTest
  @EnumSource(WriteMode.class)
  void killMinus9WhileFilesRollEveryHundredLinesLosesNothingAndDuplicatesNothing(WriteMode mode) throws Exception {
    // a roll closes the file and (JOURNAL) re-points the journal at the next one: the kill lands among dozens of them
    Killed child = killChildAfter(List.of("-D" + ChildWriter.MAX_FILE_SIZE + "=32 KB"), 4000,
        dir.toString(), mode.name(), "64 KB");

    EventFileAppender recovery = recoverKilledChildsFiles();

    List<Long> seqs = seqsInGz(dir, child.instance);
    assertThat(files(dir, ".jsonl.gz")).as("files rolled by size").hasSizeGreaterThan(5);
    assertThat(new HashSet<>(seqs)).hasSameSizeAs(seqs); // exactly once
    assertThat(seqs).containsAll(range(1, child.lastReturned()));
    assertThat(seqs).isEqualTo(range(1, seqs.size()));
    assertThat(files(dir, ".jsonl")).isEmpty();
    assertThat(journals()).isEmpty();
    assertThat(Fixture.assertFinishedFilesClean(dir)).isEqualTo(seqs.size());
    fx.assertNoUnexpectedStatus(recovery, "bytes after the last newline");
  }

  @Test
  void sigtermWithTheDocumentedShutdownHookFinishesEveryFileItselfAndLosesNothing() throws Exception {
    Process child = new ProcessBuilder(ChildJvm.command(ShutdownChild.class, dir.toString()))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<String> printed = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        printed.add(line);
        if (printed.size() == 3000) {
          child.toHandle().destroy(); // SIGTERM, as an autoscaler or `docker stop` sends it (and our pipe stays open)
        }
      }
    }
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(printed).as("the application's own hook ended its loop").endsWith("stopped logging");
    Killed stopped = Killed.of(printed);

    // nothing left for a next start to recover: the stop itself rolled, compressed and wrote every manifest
    assertThat(files(dir, ".jsonl")).isEmpty();
    assertThat(journals()).isEmpty();
    assertThat(files(dir, ".jsonl.gz")).as("files rolled by size too").hasSizeGreaterThan(5);
    List<Long> seqs = seqsInGz(dir, stopped.instance);
    assertThat(seqs).as("every event whose log() returned, once").isEqualTo(range(1, stopped.lastReturned()));
    assertThat(Fixture.assertFinishedFilesClean(dir)).isEqualTo(seqs.size());
  }

  @Test
  void killMinus9WhileEveryLineIsOnlyInTheJournalLosesNothing() throws Exception {
    Killed child = killChildAfter(2000, dir.toString(), "JOURNAL-HELD");
    assertThat(files(dir, ".jsonl")).hasSize(1);
    assertThat(Files.size(files(dir, ".jsonl").get(0))).as("nothing was drained").isZero();
    assertThat(journals()).hasSize(1);

    EventFileAppender recovery = recoverKilledChildsFiles();

    List<Long> seqs = seqsInGz(dir, child.instance);
    assertThat(seqs).as("every line came from the journal").isEqualTo(range(1, seqs.size()));
    assertThat(seqs).containsAll(range(1, child.lastReturned()));
    assertThat(journals()).isEmpty();
    assertThat(Fixture.assertFinishedFilesClean(dir)).isEqualTo(seqs.size());
    fx.assertNoUnexpectedStatus(recovery);
  }

  private List<Path> journals() throws IOException {
    try (Stream<Path> all = Files.list(dir)) {
      return all.filter(p -> p.getFileName().toString().endsWith(".journal")).collect(Collectors.toList());
    }
  }

  @Test
  void killMinus9OfAChildJvmLosesNoEventOfABatchThatClosed() throws Exception {
    // three threads, batches of 20: the lines of a batch join the file together when it closes
    Killed child = killChildAfter(3000, dir.toString(), WriteMode.STREAM.name(), "64 KB", "3", "20");

    EventFileAppender recovery = recoverKilledChildsFiles();

    List<Long> seqs = seqsInGz(dir, child.instance);
    assertThat(new HashSet<>(seqs)).hasSameSizeAs(seqs); // exactly once
    assertThat(seqs).as("every event of every batch that closed").containsAll(child.returned);
    assertThat(Fixture.assertFinishedFilesClean(dir)).isEqualTo(seqs.size());
    fx.assertNoUnexpectedStatus(recovery, "bytes after the last newline");
  }

  /** Starts an appender on the killed child's directory, lets it finish what the child left, and stops it. */
  private EventFileAppender recoverKilledChildsFiles() {
    EventFileAppender recovery = fx.appender(dir, "recovery");
    recovery.setOrphanGrace(Duration.valueOf("0 seconds"));
    fx.attach(recovery);
    await().until(() -> recovery.stats().pendingFinishes() == 0);
    recovery.stop();
    return recovery;
  }

  /** What a killed {@link ChildWriter} printed: its instance, and the seq of each event whose log had returned. */
  private static final class Killed {
    final Set<Long> returned = new HashSet<>();
    String instance;

    long lastReturned() {
      return returned.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    static Killed of(List<String> printed) {
      Killed killed = new Killed();
      for (String line : printed) {
        String[] parts = line.split(" ");
        if (parts.length == 2 && parts[1].matches("\\d+")) { // a torn last line is ignored
          killed.instance = parts[0];
          killed.returned.add(Long.parseLong(parts[1]));
        }
      }
      assertThat(killed.instance).as("the child printed the seqs it logged: %s", printed).isNotNull();
      return killed;
    }
  }

  /** Starts {@link ChildWriter} with {@code args}, reads {@code lines} lines of its output, then kills it with SIGKILL. */
  private static Killed killChildAfter(int lines, String... args) throws Exception {
    return killChildAfter(List.of(), lines, args);
  }

  private static Killed killChildAfter(List<String> jvmOptions, int lines, String... args) throws Exception {
    Process child = new ProcessBuilder(ChildJvm.command(jvmOptions, ChildWriter.class, args)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<String> printed = new ArrayList<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; printed.size() < lines && (line = out.readLine()) != null; ) {
        printed.add(line);
      }
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, no stop(); it closes our end of the pipe
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(printed).as("child output").hasSizeGreaterThanOrEqualTo(lines);
    return Killed.of(printed);
  }

  private static int lastIndexOf(byte[] a, byte b) {
    for (int i = a.length - 1; i >= 0; i--) {
      if (a[i] == b) return i;
    }
    return -1;
  }

  private static int indexOf(byte[] a, byte b, int from) {
    for (int i = from; i < a.length; i++) {
      if (a[i] == b) return i;
    }
    return -1;
  }

  @Test
  void anotherInstancesFreshFileIsLeftAloneUntilItsGraceHasPassed() throws Exception {
    // a live process elsewhere: its file is young, not ours, and must not be finished under it
    Path theirs = dir.resolve("20261127T0800Z_shop_other-host_other-instance_000.jsonl");
    java.nio.file.Files.writeString(theirs,
        "{\"occurred_at\":\"2026-11-27T08:00:01.000Z\",\"producer\":{\"app\":\"shop\",\"host\":\"other-host\","
            + "\"instance\":\"other-instance\",\"seq\":1}}\n");
    EventFileAppender a = fx.attach(fx.appender(dir, "graceful"));
    await().until(() -> a.stats().pendingFinishes() == 0);
    a.stop();
    assertThat(files(dir, ".jsonl")).containsExactly(theirs);

    EventFileAppender b = fx.appender(dir, "impatient");
    b.setOrphanGrace(Duration.valueOf("0 seconds"));
    fx.attach(b);
    await().until(() -> b.stats().pendingFinishes() == 0);
    b.stop();
    assertThat(files(dir, ".jsonl")).isEmpty();
    assertThat(seqsInGz(dir, "other-instance")).containsExactly(1L);
    fx.assertNoUnexpectedStatus(a);
    fx.assertNoUnexpectedStatus(b);
  }

  @Test
  void aGzFoundWithoutItsManifestGetsOneRegeneratedOnStart() throws Exception {
    EventFileAppender a = fx.attach(fx.appender(dir, "before"));
    fx.log(7);
    a.stop();
    Path manifest = files(dir, ".manifest.json").get(0);
    FileManifest original = FileManifest.read(manifest);
    java.nio.file.Files.delete(manifest);

    EventFileAppender b = fx.attach(fx.appender(dir, "after"));
    await().until(() -> b.stats().pendingFinishes() == 0);
    b.stop();
    FileManifest regenerated = FileManifest.read(manifest);
    assertThat(regenerated.sha256()).isEqualTo(original.sha256());
    assertThat(regenerated.lines()).isEqualTo(7);
    assertThat(regenerated.producers()).isEqualTo(original.producers());
    fx.assertNoUnexpectedStatus(b, "regenerated the missing manifest");
  }

}
