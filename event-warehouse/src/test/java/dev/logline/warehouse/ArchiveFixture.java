package dev.logline.warehouse;

import dev.logline.core.Event;
import dev.logline.core.EventContext;
import dev.logline.core.EventLogger;
import dev.logline.core.LogResult;
import dev.logline.core.LoggedEvent;
import dev.logline.core.Producer;
import dev.logline.core.ValidationMode;
import dev.logline.logback.FileManifest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Builds archives the way the appender and archiver do: canonical lines from {@link EventLogger},
 * gzipped, each file with a {@link FileManifest} sidecar whose size, SHA-256, line count and
 * producer ranges are computed from what was written.
 */
final class ArchiveFixture {
  static final Instant T0 = Instant.parse("2026-11-27T08:15:30.123Z");
  static final String INSTANCE_A = "0192f3c0-0000-7000-8000-00000000000a";
  static final String INSTANCE_B = "0192f3c0-0000-7000-8000-00000000000b";

  final Path root;

  ArchiveFixture(Path root) {
    this.root = root;
  }

  /** A logger with its own producer (seq from 1) and a clock fixed at {@link #T0}. */
  static EventLogger logger(String app, String host, String instance) {
    return EventLogger.builder()
        .producer(Producer.of(app, host, instance))
        .clock(Clock.fixed(T0, ZoneOffset.UTC))
        .mode(ValidationMode.STRICT)
        .build();
  }

  static LoggedEvent checkout(EventLogger logger, String orderId, double amount, String currency) {
    Event e = Event.builder("checkout_completed")
        .schemaVersion("1-0-0")
        .userId("u-" + orderId)
        .sessionId("s-1")
        .context(EventContext.builder().requestId("r-" + orderId).build())
        .property("order_id", orderId)
        .property("amount", amount)
        .property("currency", currency)
        .build();
    return logged(logger.log(e));
  }

  /** A browser event with sent_at/received_at, so corrected_at is stamped. */
  static LoggedEvent pageView(EventLogger logger, UUID id, String url) {
    Event e = Event.builder("page_viewed")
        .eventId(id)
        .source("web")
        .anonymousId("anon-1")
        .occurredAt(T0.minusSeconds(10))
        .sentAt(T0.minusSeconds(8))
        .receivedAt(T0)
        .property("url", url)
        .build();
    return logged(logger.log(e));
  }

  /** {@code n} checkouts numbered from 1: seq 1..n of a fresh producer. */
  static List<LoggedEvent> checkouts(EventLogger logger, int n) {
    List<LoggedEvent> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) out.add(checkout(logger, "o-" + i, i * 1.5, i % 2 == 0 ? "USD" : "EUR"));
    return out;
  }

  private static LoggedEvent logged(LogResult result) {
    if (!result.isAccepted()) throw new AssertionError("fixture event refused: " + result);
    return result.logged();
  }

  /** Hive-style path of the hour of {@link #T0} plus {@code hours}. */
  static String hourDir(int hours) {
    Instant t = T0.plusSeconds(3600L * hours);
    String s = t.toString();
    return "event_date=" + s.substring(0, 10) + "/event_hour=" + s.substring(11, 13);
  }

  /** Writes {@code <dir>/<base>.jsonl.gz} and its manifest; returns the data file. */
  Path write(String dir, String base, List<LoggedEvent> events) throws IOException {
    StringBuilder lines = new StringBuilder();
    for (LoggedEvent e : events) lines.append(e).append('\n');
    return writeRaw(dir, base, lines.toString(), events);
  }

  /** Writes arbitrary text as the file; the manifest describes {@code events} (line count = text's lines). */
  Path writeRaw(String dir, String base, String text, List<LoggedEvent> events) throws IOException {
    Path d = root.resolve(dir);
    Files.createDirectories(d);
    byte[] raw = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write(raw);
    }
    byte[] bytes = gz.toByteArray();
    Path file = d.resolve(base + ".jsonl.gz");
    Files.write(file, bytes);
    long lineCount = text.chars().filter(c -> c == '\n').count();
    manifest(base, bytes, raw.length, lineCount, events).write(d.resolve(base + FileManifest.SUFFIX));
    return file;
  }

  static FileManifest manifest(String base, byte[] gz, long uncompressed, long lines, List<LoggedEvent> events) {
    Map<String, long[]> ranges = new LinkedHashMap<>();
    Map<String, Producer> producers = new LinkedHashMap<>();
    for (LoggedEvent e : events) {
      Producer p = e.producer();
      String key = p.app() + "|" + p.host() + "|" + p.instance();
      producers.putIfAbsent(key, p);
      long[] r = ranges.computeIfAbsent(key, k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0});
      r[0] = Math.min(r[0], e.seq());
      r[1] = Math.max(r[1], e.seq());
      r[2]++;
    }
    FileManifest.Builder b = FileManifest.builder()
        .file(base + ".jsonl.gz")
        .app("shop")
        .host("web-1")
        .instance(INSTANCE_A)
        .periodStart("2026-11-27T08:00:00.000Z")
        .lines(lines)
        .bytes(gz.length)
        .sha256(sha256(gz))
        .uncompressedBytes(uncompressed)
        .createdAt("2026-11-27T09:00:00.000Z");
    ranges.forEach((k, r) -> {
      Producer p = producers.get(k);
      b.addProducer(new FileManifest.ProducerRange(p.app(), p.host(), p.instance(), r[0], r[1], r[2]));
    });
    return b.build();
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
