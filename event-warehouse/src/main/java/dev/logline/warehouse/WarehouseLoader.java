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

  /** DuckDB stages up to this many lines ... */
  private static final long STAGE_LINES = 200_000;
  /** ... or this many files at once, parsing them in parallel. */
  private static final int STAGE_FILES = 64;

  private static final String DATA_SUFFIX = ".jsonl.gz";
  /** Neither committed (n >= 0) nor already in the ledger (-1): the Java parser takes the file. */
  private static final long NOT_STAGED = -2;

  private final Path source;
  private final Warehouse warehouse;
  private final int batchSize;
  private final boolean rebuild;
  private final CommitListener afterCommit;

  private WarehouseLoader(Builder b) {
    this.source = b.source;
    this.warehouse = b.warehouse;
    this.batchSize = b.batchSize;
    this.rebuild = b.rebuild;
    this.afterCommit = b.afterCommit;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs one load. With {@code rebuild}, loads everything into shadow tables and then swaps them
   * in for the live ones in one transaction; until then readers see the old tables.
   *
   * @throws IOException when the archive directory cannot be listed
   * @throws SQLException when the database fails; files committed before stay committed, except in
   *     a rebuild, which leaves the live tables as they were
   */
  public LoadReport load() throws IOException, SQLException {
    long start = System.nanoTime();
    List<Path> files = scan(source);
    Tally tally;
    if (rebuild) {
      tally = rebuild(files);
    } else {
      warehouse.createTables();
      tally = loadFiles(warehouse, files);
    }
    List<SeqGap> gaps = warehouse.seqGaps();
    return new LoadReport(files.size(), tally.loaded, tally.skipped, tally.rejected, tally.rowsRead, tally.inserted,
        tally.duplicates, gaps, rebuild,
        Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Loads every file into the shadow tables, one transaction per file as in a plain load, then
   * replaces the live tables with them in one more. Nothing touches the live tables before that,
   * so a rebuild that fails or is killed leaves them serving as they were.
   */
  private Tally rebuild(List<Path> files) throws SQLException {
    Warehouse shadow = warehouse.rebuildShadow();
    // a shadow left by a rebuild that was killed is half-built, and rebuilds do not resume
    shadow.dropTables();
    shadow.createTables();
    try {
      Tally tally = loadFiles(shadow, files);
      warehouse.replaceWith(shadow, tally.loaded);
      return tally;
    } catch (SQLException | RuntimeException e) {
      try {
        shadow.dropTables();
      } catch (SQLException | RuntimeException cleanup) {
        e.addSuppressed(cleanup); // the next rebuild drops them
      }
      throw e;
    }
  }

  /** Loads {@code files} into {@code target}'s tables, each file committed, skipped or rejected on its own. */
  private Tally loadFiles(Warehouse target, List<Path> files) throws SQLException {
    Tally tally = new Tally(new LineParser());
    List<Pending> batch = new ArrayList<>();
    long batchLines = 0;
    for (Path file : files) {
      Pending p = new Pending(file, relativeName(file));
      batch.add(p); // even a rejection waits its turn: rejections are reported in file order
      Path manifestFile = manifestOf(file);
      if (!Files.exists(manifestFile)) {
        // still being shipped, or lost: reported now, loaded by a later run once it is there
        p.reason = "no manifest " + manifestFile.getFileName();
        continue;
      }
      try {
        p.manifest = FileManifest.read(manifestFile);
      } catch (IOException e) {
        p.reason = "unreadable manifest: " + e.getMessage();
        continue;
      }
      if (target.isLoaded(p.manifest.sha256())) {
        batch.remove(batch.size() - 1);
        tally.skipped++;
        continue;
      }
      batchLines += p.manifest.lines();
      if (!(target instanceof DuckDbWarehouse) || batchLines >= STAGE_LINES || batch.size() >= STAGE_FILES) {
        loadBatch(target, batch, tally);
        batch.clear();
        batchLines = 0;
      }
    }
    loadBatch(target, batch, tally);
    return tally;
  }

  private long stageAndCommit(Warehouse target, Path file, String name, FileManifest manifest, LineParser parser)
      throws SQLException, RejectedFileException {
    Warehouse.Stage stage = target.openStage(name, batchSize);
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

  /** Loads files in order; each one is committed, skipped or rejected on its own. */
  private void loadBatch(Warehouse target, List<Pending> batch, Tally tally) throws SQLException {
    if (batch.isEmpty()) return;
    if (!(target instanceof DuckDbWarehouse)) {
      for (Pending p : batch) {
        if (p.reason != null) {
          tally.rejected.add(new LoadReport.Rejection(p.name, p.reason));
          continue;
        }
        long n;
        try {
          verifyBytes(p.file, p.manifest);
          n = stageAndCommit(target, p.file, p.name, p.manifest, tally.parser);
        } catch (RejectedFileException e) {
          tally.rejected.add(new LoadReport.Rejection(p.name, e.getMessage()));
          continue;
        } catch (SQLException e) {
          // e.g. a timestamp the database cannot cast: this file is refused, the others still load
          tally.rejected.add(new LoadReport.Rejection(p.name, "database refused the file: " + e.getMessage()));
          continue;
        }
        counted(tally, p, n);
      }
      return;
    }
    loadIntoDuckDb((DuckDbWarehouse) target, batch, tally);
  }

  /** Counts a file that reached the database; outside the per-file catch, so a listener's failure ends the run. */
  private void counted(Tally tally, Pending p, long inserted) throws SQLException {
    tally.count(inserted, p.manifest.lines());
    if (inserted >= 0 && afterCommit != null) afterCommit.committed(p.name);
  }

  /**
   * DuckDB parses faster than Java does, and several files at once, so it parses and checks every
   * line itself, after one Java pass per file has checked size and SHA-256 and counted lines in the
   * inflated bytes. Whenever anything does not agree (a line DuckDB refuses or finds wrong, a count,
   * a range, a line DuckDB cannot check as exactly) that file goes through the Java parser instead:
   * its verdict and its reason are the ones reported. Each file still commits with its ledger row in
   * its own transaction.
   */
  private void loadIntoDuckDb(DuckDbWarehouse duck, List<Pending> batch, Tally tally) throws SQLException {
    List<Path> fast = new ArrayList<>();
    for (Pending p : batch) {
      if (p.reason != null) continue;
      try {
        p.scan = verifyBytesAndCountLines(p.file, p.manifest);
      } catch (RejectedFileException e) {
        p.reason = e.getMessage();
        continue;
      }
      if (p.scan.plain && p.scan.lines == p.manifest.lines()) fast.add(p.file.toAbsolutePath());
    }
    // when DuckDB refuses one file of the batch, each is staged again on its own
    Map<String, Map<String, long[]>> together = fast.size() > 1 ? duck.stageWithReadJson(fast) : null;
    try {
      for (Pending p : batch) {
        if (p.reason != null) {
          tally.rejected.add(new LoadReport.Rejection(p.name, p.reason));
          continue;
        }
        long n = NOT_STAGED;
        try {
          Path key = p.file.toAbsolutePath();
          if (fast.contains(key)) {
            Map<String, Map<String, long[]>> staged =
                together != null ? together : duck.stageWithReadJson(List.of(key));
            Map<String, long[]> producers = staged == null ? null : staged.get(key.toString());
            if (producers != null && passes(producers, p)) {
              n = duck.commitStaged(key, p.manifest.sha256(), p.name, p.scan.lines);
            }
          }
          if (n == NOT_STAGED) n = stageAndCommit(duck, p.file, p.name, p.manifest, tally.parser);
        } catch (RejectedFileException e) {
          tally.rejected.add(new LoadReport.Rejection(p.name, e.getMessage()));
          continue;
        } catch (SQLException e) {
          tally.rejected.add(new LoadReport.Rejection(p.name, "database refused the file: " + e.getMessage()));
          continue;
        }
        counted(tally, p, n);
      }
    } finally {
      duck.clearStagedFiles();
    }
  }

  /** Every line passed DuckDB's checks, and lines and ranges agree with the count and the manifest. */
  private static boolean passes(Map<String, long[]> producers, Pending p) {
    long rows = 0;
    for (long[] v : producers.values()) {
      if (v[3] != 0) return false;
      rows += v[2];
    }
    return rows == p.scan.lines && producerMismatch(p.manifest, producers) == null;
  }

  /** One file on its way through a load. */
  private static final class Pending {
    final Path file;
    final String name;
    FileManifest manifest;
    /** Set when the file is rejected before it is read. */
    String reason;
    Prescan scan;

    Pending(Path file, String name) {
      this.file = file;
      this.name = name;
    }
  }

  /** The running counts of one load. */
  private static final class Tally {
    final LineParser parser;
    final List<LoadReport.Rejection> rejected = new ArrayList<>();
    int loaded;
    int skipped;
    long rowsRead;
    long inserted;
    long duplicates;

    Tally(LineParser parser) {
      this.parser = parser;
    }

    void count(long inserted, long lines) {
      if (inserted < 0) {
        skipped++; // another loader committed it meanwhile
      } else {
        loaded++;
        rowsRead += lines;
        this.inserted += inserted;
        duplicates += lines - inserted;
      }
    }
  }

  /** What one pass over a file's bytes found. */
  private static final class Prescan {
    long lines;
    /**
     * No empty, unterminated or over-long line, no unreadable gzip, no {@code :null}: nothing DuckDB
     * would read differently from the Java parser (it skips empty lines, takes a last line without
     * newline, and reads an explicit null like an absent field).
     */
    boolean plain = true;
  }

  /** {@link #verifyBytes} plus a count of lines in the inflated bytes, in one read of the file. */
  private static Prescan verifyBytesAndCountLines(Path file, FileManifest manifest) throws RejectedFileException {
    MessageDigest sha = sha256();
    Prescan scan = new Prescan();
    long size;
    try (InputStream raw = Files.newInputStream(file)) {
      long[] count = {0};
      InputStream digesting = new java.io.FilterInputStream(raw) {
        @Override
        public int read() throws IOException {
          int b = super.read();
          if (b >= 0) {
            sha.update((byte) b);
            count[0]++;
          }
          return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          if (n > 0) {
            sha.update(b, off, n);
            count[0] += n;
          }
          return n;
        }

        @Override
        public void close() {
          // the raw stream is drained and closed below, whatever the gzip stream did
        }
      };
      try (InputStream in = new GZIPInputStream(digesting, 64 * 1024)) {
        byte[] buf = new byte[64 * 1024];
        long lineLen = 0;
        boolean afterColon = false;
        boolean sawNull = false;
        int n;
        while ((n = in.read(buf)) > 0) {
          for (int i = 0; i < n; i++) {
            byte c = buf[i];
            if (c == '\n') {
              if (lineLen == 0) scan.plain = false;
              scan.lines++;
              lineLen = 0;
            } else if (++lineLen > MAX_LINE_BYTES) {
              scan.plain = false;
            }
            if (c == ':') {
              afterColon = true;
            } else if (afterColon && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
              if (c == 'n') sawNull = true;
              afterColon = false;
            }
          }
        }
        if (lineLen > 0 || sawNull) scan.plain = false;
      } catch (IOException badGzip) {
        scan.plain = false; // the Java parser says where it broke, once the bytes are known to match
      }
      byte[] rest = new byte[64 * 1024];
      while (digesting.read(rest) > 0) {
        // drain what the gzip reader left, so size and digest cover every byte
      }
      size = count[0];
    } catch (IOException e) {
      throw new RejectedFileException("unreadable: " + e.getMessage());
    }
    checkSizeAndDigest(size, sha, manifest);
    return scan;
  }

  private static String producerMismatch(FileManifest manifest, Map<String, long[]> found) {
    if (manifest.producers().isEmpty()) return null; // an older manifest without ranges: lines were checked
    Map<String, String> expected = new HashMap<>();
    for (FileManifest.ProducerRange p : manifest.producers()) {
      expected.put(p.app() + '\u0000' + p.host() + '\u0000' + p.instance(),
          p.firstSeq() + ".." + p.lastSeq() + " (" + p.lines() + " lines)");
    }
    Map<String, String> actual = new HashMap<>();
    found.forEach((k, v) -> actual.put(k, v[0] + ".." + v[1] + " (" + v[2] + " lines)"));
    if (expected.equals(actual)) return null;
    return "producer seq ranges " + describe(actual) + " do not match the manifest's " + describe(expected);
  }

  private static void verifyProducers(FileManifest manifest, Map<String, long[]> found) throws RejectedFileException {
    String mismatch = producerMismatch(manifest, found);
    if (mismatch != null) throw new RejectedFileException(mismatch);
  }

  private static String describe(Map<String, String> ranges) {
    return ranges.entrySet().stream()
        .map(e -> e.getKey().replace('\u0000', '/') + " seq " + e.getValue())
        .sorted()
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from this JVM", e);
    }
  }

  private static void verifyBytes(Path file, FileManifest manifest) throws RejectedFileException {
    MessageDigest sha = sha256();
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
    checkSizeAndDigest(size, sha, manifest);
  }

  private static void checkSizeAndDigest(long size, MessageDigest sha, FileManifest manifest)
      throws RejectedFileException {
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

  /** Told after each file's transaction commits: a test hook for watching a load part-way. */
  interface CommitListener {
    /** {@code file} is the path relative to the archive root; throwing ends the run. */
    void committed(String file) throws SQLException;
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
    private CommitListener afterCommit;

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

    /**
     * Reload everything from the archive into new tables that replace both tables in one
     * transaction at the end; default false.
     */
    public Builder rebuild(boolean rebuild) {
      this.rebuild = rebuild;
      return this;
    }

    /** Tests: called after each file commits, between files. */
    Builder afterCommit(CommitListener listener) {
      this.afterCommit = Objects.requireNonNull(listener, "listener == null");
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
