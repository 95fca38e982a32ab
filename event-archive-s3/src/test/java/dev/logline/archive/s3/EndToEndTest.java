package dev.logline.archive.s3;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.FileSize;
import dev.logline.archive.Archiver;
import dev.logline.archive.EventFiles;
import dev.logline.archive.logback.ArchivingListener;
import dev.logline.core.EventLogger;
import dev.logline.core.LogResult;
import dev.logline.core.Producer;
import dev.logline.logback.EventFileAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The whole path: EventLogger -> SLF4J -> EventFileAppender (tiny size rolls) -> ArchivingListener ->
 * archive, then appender stop (the SIGTERM path) drains. Every seq of every producer instance must be
 * in the archive exactly once, and nothing left locally.
 */
class EndToEndTest {
  static final int EVENTS_PER_PRODUCER = 400;

  @TempDir Path tmp;
  final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  final String loggerName = "events.e2e." + UUID.randomUUID();
  final Logger logger = context.getLogger(loggerName);

  EventFileAppender appender(Path dir, ArchivingListener listener) {
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
    EventFileAppender a = new EventFileAppender();
    a.setContext(context);
    a.setName("e2e-" + UUID.randomUUID());
    a.setDirectory(dir.toString());
    a.setApp("shop");
    a.setHost("host-1");
    a.setMaxFileSize(FileSize.valueOf("4 KB"));
    listener.setContext(context);
    listener.setName(a.getName());
    listener.start();
    a.addListener(listener);
    a.start();
    assertThat(a.isStarted()).as("appender started: %s", problems(a)).isTrue();
    logger.addAppender(a);
    return a;
  }

  /** Two producer instances (as two processes would be) log through the same appender. */
  List<String> logFromTwoProducers() {
    List<String> expected = new ArrayList<>();
    for (String instance : List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString())) {
      EventLogger events = EventLogger.builder().producer(Producer.of("shop", "host-1", instance))
          .loggerName(loggerName).build();
      for (int i = 0; i < EVENTS_PER_PRODUCER; i++) {
        LogResult r = events.event("page_viewed").anonymousId("anon-" + i).property("url", "/p/" + i).log();
        assertThat(r.isAccepted()).as("%s", r).isTrue();
      }
      expected.addAll(EventFiles.expected(instance, EVENTS_PER_PRODUCER));
    }
    return expected;
  }

  List<String> problems(Object origin) {
    return context.getStatusManager().getCopyOfStatusList().stream()
        .filter(s -> s.getOrigin() == origin && s.getEffectiveLevel() >= Status.WARN)
        .map(s -> s.getMessage() + (s.getThrowable() != null ? " (" + s.getThrowable() + ")" : ""))
        .collect(Collectors.toList());
  }

  /** What a failure needs to be understood without a rerun: statuses, counters and every file left behind. */
  String diagnostics(EventFileAppender a, Object listener, Archiver archiver, Path root) {
    StringBuilder b = new StringBuilder("appender status ").append(problems(a))
        .append("\nlistener status ").append(problems(listener))
        .append("\nappender ").append(a.stats())
        .append("\narchiver ").append(archiver == null ? "-" : archiver.health());
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted().forEach(f -> b.append("\n  ").append(root.relativize(f)).append(' ').append(f.toFile().length()));
    } catch (Exception e) {
      b.append("\n(cannot list ").append(root).append(": ").append(e).append(')');
    }
    return b.toString();
  }

  static long localDataFiles(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".jsonl.gz")).count();
    }
  }

  @Test
  void everySeqOfEveryProducerReachesTheLocalArchiveExactlyOnce() throws Exception {
    Path spool = tmp.resolve("spool");
    Path archive = tmp.resolve("archive");
    ArchivingListener listener = new ArchivingListener();
    listener.setArchive(archive.toString());
    listener.setPrefix("events");
    EventFileAppender a = appender(spool, listener);

    List<String> expected = logFromTwoProducers();
    a.stop(); // finishes the last file, then the listener drains within its grace
    logger.detachAppender(a);

    Archiver archiver = ArchivingListener.archiverOf(context, a.getName());
    assertThat(EventFiles.seqsUnder(archive)).as(() -> diagnostics(a, listener, archiver, tmp))
        .containsExactlyInAnyOrderElementsOf(expected);
    assertThat(archiver.health().filesShipped()).isGreaterThan(2); // size rolls made many files
    assertThat(localDataFiles(spool)).isZero();
    assertThat(problems(a)).isEmpty();
    assertThat(problems(listener)).isEmpty();
  }

  @Test
  void everySeqOfEveryProducerReachesS3ExactlyOnce() throws Exception {
    try (S3ProxyServer server = new S3ProxyServer().start(); S3Client s3 = server.client()) {
      server.createBucket("events");
      Path spool = tmp.resolve("spool");
      S3ArchivingListener listener = new S3ArchivingListener();
      listener.setBucket("events");
      listener.setRegion(S3ProxyServer.REGION);
      listener.setEndpoint(server.endpoint().toString());
      listener.setPathStyle(true);
      listener.setAccessKeyId(S3ProxyServer.ACCESS_KEY);
      listener.setSecretAccessKey(S3ProxyServer.SECRET_KEY);
      listener.setPrefix("prod/shop");
      EventFileAppender a = appender(spool, listener);

      List<String> expected = logFromTwoProducers();
      a.stop();
      logger.detachAppender(a);

      List<String> archived = new ArrayList<>();
      List<S3Object> data = S3ProxyServer.list(s3, "events").stream()
          .filter(o -> o.key().endsWith(".jsonl.gz")).collect(Collectors.toList());
      for (S3Object o : data) {
        assertThat(o.key()).startsWith("prod/shop/event_date=").contains("/event_hour=");
        archived.addAll(EventFiles.seqs(S3ProxyServer.get(s3, "events", o.key()).asByteArray()));
      }
      assertThat(archived).as(() -> diagnostics(a, listener, null, tmp)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(localDataFiles(spool)).isZero();
      assertThat(problems(a)).isEmpty();
      assertThat(problems(listener)).isEmpty();
    }
  }
}
