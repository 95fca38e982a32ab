package dev.logline.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.logline.core.EventLogger;
import dev.logline.core.LogResult;
import dev.logline.core.Producer;
import dev.logline.logback.internal.FileName;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * One test's wiring: the real path EventLogger -> SLF4J -> Logback logger -> EventFileAppender, on
 * a logger name of its own, plus readers for what ends up on disk. Registered with {@code @RegisterExtension},
 * it closes itself after each test, so no appender of one test stays attached to SLF4J's context for the next.
 */
final class Fixture implements AutoCloseable, AfterEachCallback {
  static final JsonFactory JSON = new JsonFactory();

  final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  final String loggerName = "events.test." + UUID.randomUUID();
  final Logger logger = context.getLogger(loggerName);
  final Producer producer = Producer.of("shop", "host-1", UUID.randomUUID().toString());
  final EventLogger events = EventLogger.builder().producer(producer).loggerName(loggerName).build();
  private final List<EventFileAppender> appenders = new ArrayList<>();

  Fixture() {
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
  }

  /** An appender on {@code dir}, not yet started. */
  EventFileAppender appender(Path dir, String name) {
    EventFileAppender a = new EventFileAppender();
    a.setContext(context);
    a.setName(name);
    a.setDirectory(dir.toString());
    a.setApp("shop");
    a.setHost("host-1");
    a.setTickMillis(20);
    appenders.add(a);
    return a;
  }

  /** An appender on {@code dir} writing in {@code mode}, not yet started. */
  EventFileAppender appender(Path dir, String name, WriteMode mode) {
    EventFileAppender a = appender(dir, name);
    a.setWriteMode(mode);
    return a;
  }

  /** Starts {@code a} and attaches it to this fixture's logger. */
  EventFileAppender attach(EventFileAppender a) {
    a.start();
    assertThat(a.isStarted()).as("appender started; status: %s", problems(a)).isTrue();
    logger.addAppender(a);
    return a;
  }

  /** Logs one valid event through the real EventLogger; returns its seq. */
  long log() {
    LogResult r = events.event("page_viewed").anonymousId("anon-1").property("url", "/p/" + producer.lastSeq()).log();
    assertThat(r.isAccepted()).as("%s", r).isTrue();
    return r.logged().seq();
  }

  void log(int n) {
    for (int i = 0; i < n; i++) log();
  }

  /** WARN and ERROR statuses emitted by {@code origin}. */
  List<String> problems(Object origin) {
    return context.getStatusManager().getCopyOfStatusList().stream()
        .filter(s -> s.getOrigin() == origin && s.getEffectiveLevel() >= Status.WARN)
        .map(s -> s.getMessage() + (s.getThrowable() != null ? " (" + s.getThrowable() + ")" : ""))
        .collect(Collectors.toList());
  }

  /** Fails on any WARN/ERROR from {@code origin} that matches none of {@code allowed}. */
  void assertNoUnexpectedStatus(Object origin, String... allowed) {
    List<Pattern> patterns = Stream.of(allowed).map(Pattern::compile).collect(Collectors.toList());
    assertThat(problems(origin))
        .filteredOn(m -> patterns.stream().noneMatch(p -> p.matcher(m).find()))
        .as("unexpected status WARN/ERROR")
        .isEmpty();
  }

  @Override
  public void close() {
    for (EventFileAppender a : appenders) {
      a.stop();
      logger.detachAppender(a);
    }
  }

  @Override
  public void afterEach(ExtensionContext extension) {
    close();
  }

  // ---- reading the directory ----

  static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().collect(Collectors.toList());
    }
  }

  /**
   * Every finished file of {@code dir} matches its manifest (size, SHA-256, line count) and holds no
   * zero byte (a MAPPED file's tail must never reach a .gz); returns the total line count.
   */
  static long assertFinishedFilesClean(Path dir) throws IOException {
    long total = 0;
    for (Path gz : files(dir, ".jsonl.gz")) {
      FileManifest m = manifestOf(gz);
      assertThat(dev.logline.logback.internal.FileFinisher.verify(gz, m)).as("%s verifies", gz).isTrue();
      byte[] content = gunzip(gz);
      assertThat(content).as("%s has no zero byte", gz).doesNotContain((byte) 0);
      assertThat(m.uncompressedBytes()).isEqualTo(content.length);
      assertThat(gunzipLines(gz)).hasSize((int) m.lines());
      total += m.lines();
    }
    return total;
  }

  /** The manifest written next to the finished file {@code gz}. */
  static FileManifest manifestOf(Path gz) throws IOException {
    FileName name = FileName.parse(gz.getFileName().toString());
    return FileManifest.read(gz.resolveSibling(name.withSuffix(FileName.MANIFEST)));
  }

  static byte[] gunzip(Path gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  static List<String> gunzipLines(Path gz) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
      return r.lines().collect(Collectors.toList());
    }
  }

  /** The parsed producer fields and occurred_at of one canonical line. */
  static final class Line {
    String instance;
    String occurredAt;
    long seq = -1;
  }

  static Line parse(String line) throws IOException {
    Line l = new Line();
    try (JsonParser p = JSON.createParser(line)) {
      assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        p.nextToken();
        if (f.equals("occurred_at")) {
          l.occurredAt = p.getText();
        } else if (f.equals("producer")) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String g = p.currentName();
            p.nextToken();
            if (g.equals("instance")) l.instance = p.getText();
            if (g.equals("seq")) l.seq = p.getLongValue();
          }
        } else {
          p.skipChildren();
        }
      }
    }
    return l;
  }

  /** Every seq of {@code instance} in every {@code .jsonl.gz} of {@code dir}, duplicates kept, sorted. */
  static List<Long> seqsInGz(Path dir, String instance) throws IOException {
    List<Long> seqs = new ArrayList<>();
    for (Path gz : files(dir, ".jsonl.gz")) {
      for (String line : gunzipLines(gz)) {
        Line l = parse(line);
        if (l.instance.equals(instance)) seqs.add(l.seq);
      }
    }
    seqs.sort(null);
    return seqs;
  }

  static List<Long> range(long from, long to) {
    List<Long> r = new ArrayList<>();
    for (long i = from; i <= to; i++) r.add(i);
    return r;
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    final AtomicLong millis;

    MutableClock(Instant start) {
      millis = new AtomicLong(start.toEpochMilli());
    }

    void advance(java.time.Duration d) {
      millis.addAndGet(d.toMillis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public long millis() {
      return millis.get();
    }
  }
}
