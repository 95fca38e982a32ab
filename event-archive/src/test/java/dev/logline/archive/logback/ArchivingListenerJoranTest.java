package dev.logline.archive.logback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.status.Status;
import dev.logline.archive.EventFiles;
import dev.logline.core.EventLogger;
import dev.logline.core.LogResult;
import dev.logline.core.Producer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@link ArchivingListener} as users configure it: a logback.xml parsed by Joran with a local
 * {@code <archive>} directory, and {@code LoggerContext.stop()} (Logback's shutdown hook on SIGTERM)
 * draining everything into it.
 */
class ArchivingListenerJoranTest {
  static final int EVENTS_PER_PRODUCER = 300;
  static final String XML = "<configuration>\n"
      + "  <appender name=\"EVENTS\" class=\"dev.logline.logback.EventFileAppender\">\n"
      + "    <directory>${dir}</directory>\n"
      + "    <app>shop</app>\n"
      + "    <host>host-1</host>\n"
      + "    <maxFileSize>4 KB</maxFileSize>\n"
      + "    <listener class=\"dev.logline.archive.logback.ArchivingListener\">\n"
      + "      <name>local</name>\n"
      + "      <archive>${archive}</archive>\n"
      + "      <prefix>events</prefix>\n"
      + "      <grace>30 seconds</grace>\n"
      + "    </listener>\n"
      + "  </appender>\n"
      + "  <logger name=\"events\" level=\"INFO\" additivity=\"false\">\n"
      + "    <appender-ref ref=\"EVENTS\"/>\n"
      + "  </logger>\n"
      + "</configuration>\n";

  @TempDir Path tmp;
  final LoggerContext context = new LoggerContext();
  final LoggerContext configured = context;
  /** EventLogger logs through SLF4J's own context: this logger forwards to the configured one. */
  final Logger bridge = ((LoggerContext) LoggerFactory.getILoggerFactory())
      .getLogger("events.joran." + UUID.randomUUID());
  final Forward forward = new Forward();

  /** Hands each event to the "events" logger of the Joran-configured context. */
  final class Forward extends AppenderBase<ILoggingEvent> {
    @Override
    protected void append(ILoggingEvent event) {
      configured.getLogger("events").callAppenders(event);
    }
  }

  @AfterEach
  void tearDown() {
    bridge.detachAppender(forward);
    forward.stop();
    context.stop();
  }

  List<String> problems() {
    return context.getStatusManager().getCopyOfStatusList().stream()
        .filter(s -> s.getEffectiveLevel() >= Status.WARN)
        .map(Status::toString)
        .collect(Collectors.toList());
  }

  @Test
  void logbackXmlArchivesEverySeqLocallyExactlyOnceWhenTheContextStops() throws Exception {
    Path spool = tmp.resolve("spool");
    Path archive = tmp.resolve("archive");
    context.setMDCAdapter(new LogbackMDCAdapter());
    context.putProperty("dir", spool.toString());
    context.putProperty("archive", archive.toString());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(new ByteArrayInputStream(XML.getBytes(StandardCharsets.UTF_8)));
    assertThat(problems()).isEmpty();
    forward.setContext(bridge.getLoggerContext());
    forward.start();
    bridge.setLevel(Level.INFO);
    bridge.setAdditive(false);
    bridge.addAppender(forward);

    List<String> expected = new ArrayList<>();
    for (String instance : List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString())) {
      EventLogger events = EventLogger.builder().producer(Producer.of("shop", "host-1", instance))
          .loggerName(bridge.getName()).build();
      for (int i = 0; i < EVENTS_PER_PRODUCER; i++) {
        LogResult r = events.event("page_viewed").anonymousId("anon-" + i).property("url", "/p/" + i).log();
        assertThat(r.isAccepted()).as("%s", r).isTrue();
      }
      expected.addAll(EventFiles.expected(instance, EVENTS_PER_PRODUCER));
    }
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
    assertThat(problems()).isEmpty();
  }
}
