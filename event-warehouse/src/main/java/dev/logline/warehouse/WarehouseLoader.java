package dev.logline.warehouse;

import dev.logline.logback.FileManifest;
import dev.logline.warehouse.internal.EventRow;
import dev.logline.warehouse.internal.LineParser;
import dev.logline.warehouse.internal.LineParser.BadLineException;
import dev.logline.warehouse.internal.LineReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Loads an event archive into a {@link Warehouse}, verified and re-runnable.
 *
 * <p>The archive is a directory tree ({@code event_date=.../event_hour=.../<name>.jsonl.gz}) or a
 * flat directory; every {@code <name>.jsonl.gz} needs its sidecar {@code <name>.manifest.json}.
 * Each file is verified before it counts: size and SHA-256 of the gzip bytes, line count and
 * per-producer seq ranges match the manifest, every line is a JSON object with the envelope
 * fields. A file that fails any check is rejected whole and reported. A file that passes is
 * committed with its ledger row in one transaction, so re-running loads only what is new, and an
 * {@code event_id} already stored is skipped and counted, never stored twice.
 *
 * <p>Not thread-safe; one loader per warehouse connection. Concurrent loaders on separate
 * connections are safe: the ledger's primary key lets one of them commit each file.
 */
public final class WarehouseLoader {
  /** Default rows per round trip to the database: {@value}. */
  public static final int DEFAULT_BATCH_SIZE = 10_000;
  /** Longest line read, in bytes: {@value} (the canonical line's default limit is 65536). */
  public static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

  private static final String DATA_SUFFIX = ".jsonl.gz";

  private final Path source;
  private final Warehouse warehouse;
  private final int batchSize;
  private final boolean rebuild;

  private WarehouseLoader(Builder b) {
    this.source = b.source;
    this.warehouse = b.warehouse;
    this.batchSize = b.batchSize;
    this.rebuild = b.rebuild;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs one load: with {@code rebuild}, drops the tables first and reloads everything.
   *
   * @throws IOException when the archive directory cannot be listed
   * @throws SQLException when the database fails; files committed before stay committed
   */
  public LoadReport load() throws IOException, SQLException {
    long start = System.nanoTime();
    if (rebuild) warehouse.dropTables();
    warehouse.createTables();
    List<Path> files = scan(source);
    LineParser parser = new LineParser();
    int loaded = 0;
    int skipped = 0;
    List<LoadReport.Rejection> rejected = new ArrayList<>();
    long rowsRead = 0;
    long inserted = 0;
    long duplicates = 0;
    for (Path file : files) {
      String name = relativeName(file);
      Path manifestFile = manifestOf(file);
      if (!Files.exists(manifestFile)) {
        // still being shipped, or lost: reported now, loaded by a later run once it is there
        rejected.add(new LoadReport.Rejection(name, "no manifest " + manifestFile.getFileName()));
        continue;
      }
      FileManifest manifest;
      try {
        manifest = FileManifest.read(manifestFile);
      } catch (IOException e) {
        rejected.add(new LoadReport.Rejection(name, "unreadable manifest: " + e.getMessage()));
        continue;
      }
      if (warehouse.isLoaded(manifest.sha256())) {
        skipped++;
        continue;
      }
      try {
        verifyBytes(file, manifest);
        long n = stageAndCommit(file, name, manifest, parser);
        if (n < 0) {
          skipped++; // another loader committed it meanwhile
        } else {
          loaded++;
          rowsRead += manifest.lines();
          inserted += n;
          duplicates += manifest.lines() - n;
        }
      } catch (RejectedFileException e) {
        rejected.add(new LoadReport.Rejection(name, e.getMessage()));
      } catch (SQLException e) {
        // e.g. a timestamp the database cannot cast: this file is refused, the others still load
        rejected.add(new LoadReport.Rejection(name, "database refused the file: " + e.getMessage()));
      }
    }
    List<SeqGap> gaps = warehouse.seqGaps();
    return new LoadReport(files.size(), loaded, skipped, rejected, rowsRead, inserted, duplicates, gaps, rebuild,
        Duration.ofNanos(System.nanoTime() - start));
  }

  private long stageAndCommit(Path file, String name, FileManifest manifest, LineParser parser)
      throws SQLException, RejectedFileException {
    Warehouse.Stage stage = warehouse.openStage(name, batchSize);
    boolean committed = false;
    try {
      Map<String, long[]> producers = new HashMap<>();
      long lines = 0;
      try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 64 * 1024)) {
        LineReader reader = new LineReader(in, MAX_LINE_BYTES);
        String lastKey = null;
        long[] last = null;
        while (reader.next()) {
          lines++;
          if (!reader.terminated()) {
            throw new RejectedFileException("line " + lines + " has no trailing newline");
          }
          EventRow row;
          try {
            row = parser.parse(reader.buffer(), reader.length());
          } catch (BadLineException e) {
            throw new RejectedFileException("line " + lines + ": " + e.getMessage());
          }
          String key = row.producerApp + '\u0000' + row.producerHost + '\u0000' + row.producerInstance;
          if (!key.equals(lastKey)) {
            lastKey = key;
            last = producers.computeIfAbsent(key, k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0});
          }
          last[0] = Math.min(last[0], row.seq);
          last[1] = Math.max(last[1], row.seq);
          last[2]++;
          stage.add(row);
        }
      } catch (IOException e) {
        throw new RejectedFileException("unreadable gzip after line " + lines + ": " + e.getMessage());
      }
      if (lines != manifest.lines()) {
        throw new RejectedFileException(lines + " lines but the manifest says " + manifest.lines());
      }
      verifyProducers(manifest, producers);
      long n = stage.commit(manifest.sha256(), lines);
      committed = true;
      return n;
    } finally {
      if (!committed) stage.abort();
    }
  }

  private static void verifyProducers(FileManifest manifest, Map<String, long[]> found) throws RejectedFileException {
    if (manifest.producers().isEmpty()) return; // an older manifest without ranges: lines were checked
    Map<String, String> expected = new HashMap<>();
    for (FileManifest.ProducerRange p : manifest.producers()) {
      expected.put(p.app() + '\u0000' + p.host() + '\u0000' + p.instance(),
          p.firstSeq() + ".." + p.lastSeq() + " (" + p.lines() + " lines)");
    }
    Map<String, String> actual = new HashMap<>();
    found.forEach((k, v) -> actual.put(k, v[0] + ".." + v[1] + " (" + v[2] + " lines)"));
    if (!expected.equals(actual)) {
      throw new RejectedFileException("producer seq ranges " + describe(actual)
          + " do not match the manifest's " + describe(expected));
    }
  }

  private static String describe(Map<String, String> ranges) {
    return ranges.entrySet().stream()
        .map(e -> e.getKey().replace('\u0000', '/') + " seq " + e.getValue())
        .sorted()
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static void verifyBytes(Path file, FileManifest manifest) throws RejectedFileException {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
    long size = 0;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) > 0) {
        sha.update(buf, 0, n);
        size += n;
      }
    } catch (IOException e) {
      throw new RejectedFileException("unreadable: " + e.getMessage());
    }
    if (size != manifest.bytes()) {
      throw new RejectedFileException("size " + size + " bytes does not match the manifest's " + manifest.bytes());
    }
    String hex = HexFormat.of().formatHex(sha.digest());
    if (!hex.equalsIgnoreCase(manifest.sha256())) {
      throw new RejectedFileException("SHA-256 " + hex + " does not match the manifest's " + manifest.sha256());
    }
  }

  private static List<Path> scan(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.getFileName().toString().endsWith(DATA_SUFFIX) && Files.isRegularFile(p))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  private String relativeName(Path file) {
    return source.relativize(file).toString().replace('\\', '/');
  }

  /** {@code <name>.jsonl.gz} -> {@code <name>.manifest.json}. */
  static Path manifestOf(Path file) {
    String name = file.getFileName().toString();
    return file.resolveSibling(name.substring(0, name.length() - DATA_SUFFIX.length()) + FileManifest.SUFFIX);
  }

  /** A file refused whole; the message is the reason reported. */
  private static final class RejectedFileException extends Exception {
    private static final long serialVersionUID = 1L;

    RejectedFileException(String message) {
      super(message, null, false, false);
    }
  }

  /** Builds a {@link WarehouseLoader}. */
  public static final class Builder {
    private Path source;
    private Warehouse warehouse;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private boolean rebuild;

    private Builder() {}

    /** The archive root (or flat directory of files and manifests). Required. */
    public Builder source(Path source) {
      this.source = Objects.requireNonNull(source, "source == null");
      return this;
    }

    /** Where to load. Required; the caller owns and closes it. */
    public Builder warehouse(Warehouse warehouse) {
      this.warehouse = Objects.requireNonNull(warehouse, "warehouse == null");
      return this;
    }

    /** Rows per round trip to the database; defaults to {@value WarehouseLoader#DEFAULT_BATCH_SIZE}. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) throw new IllegalArgumentException("batchSize < 1: " + batchSize);
      this.batchSize = batchSize;
      return this;
    }

    /** Drop both tables and reload everything from the archive; default false. */
    public Builder rebuild(boolean rebuild) {
      this.rebuild = rebuild;
      return this;
    }

    public WarehouseLoader build() {
      if (source == null) throw new IllegalStateException("Attribute 'source' cannot be null");
      if (warehouse == null) throw new IllegalStateException("Attribute 'warehouse' cannot be null");
      if (!Files.isDirectory(source)) throw new IllegalStateException("source is not a directory: " + source);
      return new WarehouseLoader(this);
    }
  }
}
