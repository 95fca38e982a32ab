package dev.logline.logback;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The sidecar of a finished {@code .jsonl.gz}: what is inside and how to prove it arrived whole.
 * Written next to the file as {@code <base>.manifest.json}; the archiver and the warehouse load use
 * it to verify the bytes (size, SHA-256) and to find gaps (per-producer first/last {@code seq}).
 */
public final class FileManifest {
  /** Version of this manifest format: {@value}. */
  public static final String MANIFEST_VERSION = "1-0-0";
  /** Suffix of manifest files: {@value}. */
  public static final String SUFFIX = ".manifest.json";

  private static final JsonFactory JSON = new JsonFactory();

  /** The seq range one producer wrote into the file. */
  public static final class ProducerRange {
    private final String app;
    private final String host;
    private final String instance;
    private final long firstSeq;
    private final long lastSeq;
    private final long lines;

    public ProducerRange(String app, String host, String instance, long firstSeq, long lastSeq, long lines) {
      this.app = Objects.requireNonNull(app, "app == null");
      this.host = Objects.requireNonNull(host, "host == null");
      this.instance = Objects.requireNonNull(instance, "instance == null");
      this.firstSeq = firstSeq;
      this.lastSeq = lastSeq;
      this.lines = lines;
    }

    public String app() { return app; }
    public String host() { return host; }
    public String instance() { return instance; }
    /** Smallest seq in the file for this producer. */
    public long firstSeq() { return firstSeq; }
    /** Largest seq in the file for this producer. */
    public long lastSeq() { return lastSeq; }
    public long lines() { return lines; }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof ProducerRange)) return false;
      ProducerRange r = (ProducerRange) o;
      return app.equals(r.app) && host.equals(r.host) && instance.equals(r.instance)
          && firstSeq == r.firstSeq && lastSeq == r.lastSeq && lines == r.lines;
    }

    @Override
    public int hashCode() {
      return Objects.hash(app, host, instance, firstSeq, lastSeq, lines);
    }

    @Override
    public String toString() {
      return app + "@" + host + "/" + instance + " seq " + firstSeq + ".." + lastSeq + " (" + lines + " lines)";
    }
  }

  private final String file;
  private final String app;
  private final String host;
  private final String instance;
  private final String periodStart;
  private final int part;
  private final long lines;
  private final long bytes;
  private final String sha256;
  private final long uncompressedBytes;
  private final String firstOccurredAt;
  private final String lastOccurredAt;
  private final String createdAt;
  private final List<ProducerRange> producers;

  private FileManifest(Builder b) {
    this.file = b.file;
    this.app = b.app;
    this.host = b.host;
    this.instance = b.instance;
    this.periodStart = b.periodStart;
    this.part = b.part;
    this.lines = b.lines;
    this.bytes = b.bytes;
    this.sha256 = b.sha256;
    this.uncompressedBytes = b.uncompressedBytes;
    this.firstOccurredAt = b.firstOccurredAt;
    this.lastOccurredAt = b.lastOccurredAt;
    this.createdAt = b.createdAt;
    this.producers = List.copyOf(b.producers);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.file = file;
    b.app = app;
    b.host = host;
    b.instance = instance;
    b.periodStart = periodStart;
    b.part = part;
    b.lines = lines;
    b.bytes = bytes;
    b.sha256 = sha256;
    b.uncompressedBytes = uncompressedBytes;
    b.firstOccurredAt = firstOccurredAt;
    b.lastOccurredAt = lastOccurredAt;
    b.createdAt = createdAt;
    b.producers = new ArrayList<>(producers);
    return b;
  }

  /** File name (no directory) of the {@code .jsonl.gz} this describes. */
  public String file() { return file; }
  /** The writing appender's app. */
  public String app() { return app; }
  public String host() { return host; }
  public String instance() { return instance; }
  /** Start of the rolling period, RFC 3339 UTC with millis. */
  public String periodStart() { return periodStart; }
  /** 0 for the first file of a period, then 1, 2, ... after size rolls. */
  public int part() { return part; }
  /** Number of lines (events). */
  public long lines() { return lines; }
  /** Size of the {@code .gz} file in bytes. */
  public long bytes() { return bytes; }
  /** Lower-case hex SHA-256 of the {@code .gz} file's bytes. */
  public String sha256() { return sha256; }
  /** Size of the uncompressed JSON lines. */
  public long uncompressedBytes() { return uncompressedBytes; }
  /** Earliest {@code occurred_at} in the file, or null when empty. */
  public String firstOccurredAt() { return firstOccurredAt; }
  /** Latest {@code occurred_at} in the file, or null when empty. */
  public String lastOccurredAt() { return lastOccurredAt; }
  /** When the manifest was written. */
  public String createdAt() { return createdAt; }
  /** One entry per producer (app, host, instance) found in the lines. */
  public List<ProducerRange> producers() { return producers; }

  /** The manifest as one JSON object (no trailing newline). */
  public String toJson() {
    StringWriter out = new StringWriter(512);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("manifest", MANIFEST_VERSION);
      g.writeStringField("file", file);
      g.writeStringField("app", app);
      g.writeStringField("host", host);
      g.writeStringField("instance", instance);
      g.writeStringField("period_start", periodStart);
      g.writeNumberField("part", part);
      g.writeNumberField("lines", lines);
      g.writeNumberField("bytes", bytes);
      g.writeStringField("sha256", sha256);
      g.writeNumberField("uncompressed_bytes", uncompressedBytes);
      if (firstOccurredAt != null) g.writeStringField("first_occurred_at", firstOccurredAt);
      if (lastOccurredAt != null) g.writeStringField("last_occurred_at", lastOccurredAt);
      g.writeStringField("created_at", createdAt);
      g.writeArrayFieldStart("producers");
      for (ProducerRange p : producers) {
        g.writeStartObject();
        g.writeStringField("app", p.app);
        g.writeStringField("host", p.host);
        g.writeStringField("instance", p.instance);
        g.writeNumberField("first_seq", p.firstSeq);
        g.writeNumberField("last_seq", p.lastSeq);
        g.writeNumberField("lines", p.lines);
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("cannot write manifest JSON", e);
    }
    return out.toString();
  }

  /**
   * Parses a manifest.
   *
   * @throws IOException naming the missing or malformed field
   */
  public static FileManifest parse(String json) throws IOException {
    Builder b = new Builder();
    try (JsonParser p = JSON.createParser(json)) {
      expect(p.nextToken(), JsonToken.START_OBJECT, "manifest");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "file": b.file = p.getText(); break;
          case "app": b.app = p.getText(); break;
          case "host": b.host = p.getText(); break;
          case "instance": b.instance = p.getText(); break;
          case "period_start": b.periodStart = p.getText(); break;
          case "part": b.part = p.getIntValue(); break;
          case "lines": b.lines = p.getLongValue(); break;
          case "bytes": b.bytes = p.getLongValue(); break;
          case "sha256": b.sha256 = p.getText(); break;
          case "uncompressed_bytes": b.uncompressedBytes = p.getLongValue(); break;
          case "first_occurred_at": b.firstOccurredAt = p.getText(); break;
          case "last_occurred_at": b.lastOccurredAt = p.getText(); break;
          case "created_at": b.createdAt = p.getText(); break;
          case "producers":
            expect(value, JsonToken.START_ARRAY, "producers");
            while (p.nextToken() == JsonToken.START_OBJECT) {
              String pApp = null, pHost = null, pInstance = null;
              long first = 0, last = 0, n = 0;
              while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                  case "app": pApp = p.getText(); break;
                  case "host": pHost = p.getText(); break;
                  case "instance": pInstance = p.getText(); break;
                  case "first_seq": first = p.getLongValue(); break;
                  case "last_seq": last = p.getLongValue(); break;
                  case "lines": n = p.getLongValue(); break;
                  default: p.skipChildren();
                }
              }
              if (pApp == null || pHost == null || pInstance == null) {
                throw new IOException("manifest producers entry lacks app, host or instance");
              }
              b.producers.add(new ProducerRange(pApp, pHost, pInstance, first, last, n));
            }
            break;
          default:
            p.skipChildren();
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException("malformed manifest JSON: " + e.getOriginalMessage(), e);
    }
    try {
      return b.build();
    } catch (IllegalStateException e) {
      throw new IOException("invalid manifest: " + e.getMessage(), e);
    }
  }

  /** Reads and parses the manifest at {@code path}. */
  public static FileManifest read(Path path) throws IOException {
    try {
      return parse(Files.readString(path, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IOException(path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes this manifest to {@code path} crash-safely: temporary file, fsync, atomic rename, so a
   * reader sees either no manifest or a complete one.
   */
  public void write(Path path) throws IOException {
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    byte[] bytes = (toJson() + "\n").getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) ch.write(buf);
      ch.force(true);
    }
    Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static void expect(JsonToken actual, JsonToken expected, String what) throws IOException {
    if (actual != expected) {
      throw new IOException(what + ": expected " + expected + " but found " + actual);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileManifest && toJson().equals(((FileManifest) o).toJson());
  }

  @Override
  public int hashCode() {
    return toJson().hashCode();
  }

  @Override
  public String toString() {
    return toJson();
  }

  /** Builds a {@link FileManifest}. */
  public static final class Builder {
    private String file;
    private String app;
    private String host;
    private String instance;
    private String periodStart;
    private int part;
    private long lines;
    private long bytes;
    private String sha256;
    private long uncompressedBytes;
    private String firstOccurredAt;
    private String lastOccurredAt;
    private String createdAt;
    private List<ProducerRange> producers = new ArrayList<>();

    private Builder() {}

    public Builder file(String file) { this.file = file; return this; }
    public Builder app(String app) { this.app = app; return this; }
    public Builder host(String host) { this.host = host; return this; }
    public Builder instance(String instance) { this.instance = instance; return this; }
    public Builder periodStart(String periodStart) { this.periodStart = periodStart; return this; }
    public Builder part(int part) { this.part = part; return this; }
    public Builder lines(long lines) { this.lines = lines; return this; }
    public Builder bytes(long bytes) { this.bytes = bytes; return this; }
    public Builder sha256(String sha256) { this.sha256 = sha256; return this; }
    public Builder uncompressedBytes(long uncompressedBytes) { this.uncompressedBytes = uncompressedBytes; return this; }
    public Builder firstOccurredAt(String firstOccurredAt) { this.firstOccurredAt = firstOccurredAt; return this; }
    public Builder lastOccurredAt(String lastOccurredAt) { this.lastOccurredAt = lastOccurredAt; return this; }
    public Builder createdAt(String createdAt) { this.createdAt = createdAt; return this; }
    public Builder addProducer(ProducerRange range) { this.producers.add(Objects.requireNonNull(range, "range == null")); return this; }

    /** @throws IllegalStateException naming the first missing attribute */
    public FileManifest build() {
      require(file, "file");
      require(app, "app");
      require(host, "host");
      require(instance, "instance");
      require(periodStart, "period_start");
      require(sha256, "sha256");
      require(createdAt, "created_at");
      return new FileManifest(this);
    }

    private static void require(Object value, String name) {
      if (value == null) {
        throw new IllegalStateException("Attribute '" + name + "' cannot be null");
      }
    }
  }
}
