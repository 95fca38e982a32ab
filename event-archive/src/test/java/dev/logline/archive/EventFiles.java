package dev.logline.archive;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.logline.archive.internal.Digests;
import dev.logline.logback.FileManifest;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes finished event files the way the appender does ({@code .jsonl.gz} + manifest) and reads
 * archived ones back into "instance:seq" strings, so tests can count every event.
 */
public final class EventFiles {
  private static final DateTimeFormatter PERIOD = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);
  private static final JsonFactory JSON = new JsonFactory();

  private final Path directory;
  private final String app;
  private final String host;
  private final String instance;
  private long seq;

  public EventFiles(Path directory, String app, String host, String instance) {
    this.directory = directory;
    this.app = app;
    this.host = host;
    this.instance = instance;
  }

  /** Last seq written. */
  public long lastSeq() {
    return seq;
  }

  /** A finished file of {@code lines} events for the minute at {@code period}, part {@code part}; returns the gz. */
  public Path write(Instant period, int part, int lines) throws IOException {
    Files.createDirectories(directory);
    String base = PERIOD.format(period) + "_" + app + "_" + host + "_" + instance + "_" + String.format("%03d", part);
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    long first = seq + 1;
    long uncompressed = 0;
    try (GZIPOutputStream gz = new GZIPOutputStream(raw)) {
      for (int i = 0; i < lines; i++) {
        long s = ++seq;
        String line = "{\"envelope\":\"1-0-0\",\"event_id\":\"00000000-0000-7000-8000-" + String.format("%012d", s)
            + "\",\"event\":\"page_viewed\",\"schema\":\"page_viewed/1-0-0\",\"source\":\"server\",\"occurred_at\":\""
            + period + "\",\"user_id\":\"u-1\",\"producer\":{\"app\":\"" + app + "\",\"host\":\"" + host
            + "\",\"instance\":\"" + instance + "\",\"seq\":" + s + "},\"properties\":{\"pad\":\"" + "x".repeat(40) + "\"}}\n";
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        uncompressed += b.length;
        gz.write(b);
      }
    }
    byte[] bytes = raw.toByteArray();
    Path file = directory.resolve(base + ".jsonl.gz");
    Files.write(file, bytes);
    FileManifest.builder()
        .file(file.getFileName().toString()).app(app).host(host).instance(instance)
        .periodStart(period.toString()).part(part).lines(lines).bytes(bytes.length)
        .sha256(Digests.sha256Hex(bytes)).uncompressedBytes(uncompressed)
        .firstOccurredAt(period.toString()).lastOccurredAt(period.toString()).createdAt(Instant.now().toString())
        .addProducer(new FileManifest.ProducerRange(app, host, instance, first, seq, lines))
        .build()
        .write(manifestOf(file));
    return file;
  }

  /** Writes {@code files} files of {@code lines} each, one per minute from {@code start}. */
  public List<Path> writeMany(Instant start, int files, int lines) throws IOException {
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < files; i++) out.add(write(start.plusSeconds(60L * i), 0, lines));
    return out;
  }

  public static Path manifestOf(Path gz) {
    String name = gz.getFileName().toString();
    return gz.resolveSibling(name.substring(0, name.length() - ".jsonl.gz".length()) + FileManifest.SUFFIX);
  }

  /** Flips one byte in the middle of {@code file}, as disk corruption would. */
  public static void corrupt(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    b[b.length / 2] ^= 0x5a;
    Files.write(file, b);
  }

  /** Every event in a gzipped JSON-lines file as "instance:seq". */
  public static List<String> seqs(byte[] gz) {
    List<String> out = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(new ByteArrayInputStream(gz)), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isEmpty()) out.add(instanceAndSeq(line));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Every event in every {@code .jsonl.gz} under {@code root}, as "instance:seq". */
  public static List<String> seqsUnder(Path root) throws IOException {
    List<String> out = new ArrayList<>();
    if (!Files.exists(root)) return out;
    try (var files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".jsonl.gz"))::iterator) {
        out.addAll(seqs(Files.readAllBytes(p)));
      }
    }
    return out;
  }

  /** "instance:seq" of each seq from 1 to {@code last}. */
  public static List<String> expected(String instance, long last) {
    List<String> out = new ArrayList<>();
    for (long s = 1; s <= last; s++) out.add(instance + ":" + s);
    return out;
  }

  private static String instanceAndSeq(String line) throws IOException {
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("not an object: " + line);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String f = p.currentName();
        p.nextToken();
        if (f.equals("producer")) {
          String instance = null;
          long seq = -1;
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String g = p.currentName();
            p.nextToken();
            if (g.equals("instance")) instance = p.getText();
            else if (g.equals("seq")) seq = p.getLongValue();
          }
          return instance + ":" + seq;
        }
        p.skipChildren();
      }
    }
    throw new IOException("no producer: " + line);
  }
}
