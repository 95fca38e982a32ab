package dev.logline.archive.logback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import dev.logline.archive.EventFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ArchivingListener} as users configure it: a logback.xml parsed by Joran with a local
 * {@code <archive>} directory, and {@code LoggerContext.stop()} (Logback's shutdown hook on SIGTERM)
 * draining everything into it.
 */
class ArchivingListenerJoranTest {
  static final int EVENTS_PER_PRODUCER = 300;
  static final String XML = JoranHarness.logbackXml(""
      + "    <listener class=\"dev.logline.archive.logback.ArchivingListener\">\n"
      + "      <name>local</name>\n"
      + "      <archive>${archive}</archive>\n"
      + "      <prefix>events</prefix>\n"
      + "      <grace>30 seconds</grace>\n"
      + "    </listener>\n");

  @TempDir Path tmp;
  @RegisterExtension final JoranHarness joran = new JoranHarness();
  final LoggerContext context = joran.context;

  @Test
  void logbackXmlArchivesEverySeqLocallyExactlyOnceWhenTheContextStops() throws Exception {
    Path spool = tmp.resolve("spool");
    Path archive = tmp.resolve("archive");
    context.putProperty("dir", spool.toString());
    context.putProperty("archive", archive.toString());
    joran.configure(XML);
    assertThat(joran.problems()).isEmpty();

    List<String> expected = joran.logFromTwoInstances(EVENTS_PER_PRODUCER);
    // size rolls already finished files: the archiver named in the XML runs
    await().until(() -> ArchivingListener.archiverOf(context, "local") != null);
    assertThat(ArchivingListener.archiverOf(context, "local").destination().describe()).contains(archive.toString());

    context.stop(); // the appender finishes its last file, the listener drains within its grace

    assertThat(EventFiles.seqsUnder(archive)).containsExactlyInAnyOrderElementsOf(expected);
    try (Stream<Path> files = Files.walk(archive)) {
      assertThat(files.filter(p -> p.toString().endsWith(".jsonl.gz")).map(p -> archive.relativize(p).toString()))
          .hasSizeGreaterThan(2)
          .allSatisfy(key -> assertThat(key).startsWith("events/event_date="));
    }
    try (Stream<Path> left = Files.list(spool)) {
      assertThat(left.filter(p -> p.toString().endsWith(".jsonl.gz") || p.toString().endsWith(".jsonl")))
          .as("nothing left to ship").isEmpty();
    }
    assertThat(joran.problems()).isEmpty();
  }
}
