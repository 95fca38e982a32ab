package dev.logline.logback.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.logline.logback.FileManifest;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Turns a closed {@code .jsonl} into a {@code .jsonl.gz} with its manifest, in the crash-safe order
 * of {@link FinishStep}. Stateless apart from the hook; callers serialise work per file.
 */
public final class FileFinisher {
  private static final JsonFactory JSON = new JsonFactory();
  private static final int BUFFER = 64 * 1024;

  private final FinishStep.Hook hook;

  public FileFinisher(FinishStep.Hook hook) {
    this.hook = Objects.requireNonNull(hook, "hook == null");
  }

  /** What one finish produced. */
  public static final class Result {
    private final Path gz;
    private final Path manifestPath;
    private final FileManifest manifest;
    private final long tornBytes;
    private final long zeroPaddingBytes;
    private final long unparsedLines;

    Result(Path gz, Path manifestPath, FileManifest manifest, long tornBytes, long zeroPaddingBytes,
        long unparsedLines) {
      this.gz = gz;
      this.manifestPath = manifestPath;
      this.manifest = manifest;
      this.tornBytes = tornBytes;
      this.zeroPaddingBytes = zeroPaddingBytes;
      this.unparsedLines = unparsedLines;
    }

    public Path gz() { return gz; }
    public Path manifestPath() { return manifestPath; }
    public FileManifest manifest() { return manifest; }
    /**
     * Bytes after the last newline, left out: a line whose write never completed. The zero bytes
     * that end a file are not counted (see {@link #zeroPaddingBytes()}).
     */
    public long tornBytes() { return tornBytes; }
    /** The run of zero bytes that ended the file, left out: the unused tail of a MAPPED file. */
    public long zeroPaddingBytes() { return zeroPaddingBytes; }
    /** Lines kept but not parseable as events (producer and time unknown). */
    public long unparsedLines() { return unparsedLines; }
  }

  /**
   * Finishes {@code source}. Returns null when another process (or another appender of this JVM)
   * holds the file's lock: it is not ours to finish.
   */
  public Result finish(Path source) throws IOException {
    FileName name = requireName(source);
    Path dir = source.toAbsolutePath().getParent();
    Path tmp = dir.resolve(name.withSuffix(FileName.GZ_TMP));
    Path gz = dir.resolve(name.withSuffix(FileName.GZ));
    Path manifestPath = dir.resolve(name.withSuffix(FileName.MANIFEST));
    try (FileChannel ch = FileChannel.open(source, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        return null;
      }
      if (lock == null) {
        return null;
      }
      hook.after(FinishStep.STARTED, source);
      Scan scan = new Scan();
      MessageDigest sha = sha256();
      long gzBytes;
      try (FileOutputStream fileOut = new FileOutputStream(tmp.toFile())) {
        CountingDigestStream counted = new CountingDigestStream(fileOut, sha);
        GZIPOutputStream gzOut = new GZIPOutputStream(counted, BUFFER);
        scan.run(Channels.newInputStream(ch), gzOut, source, hook);
        gzOut.finish();
        gzOut.flush();
        fileOut.getFD().sync();
        gzBytes = counted.count;
      }
      hook.after(FinishStep.COMPRESSED, source);
      FileManifest manifest = scan.manifest(name, gzBytes, HexFormat.of().formatHex(sha.digest()));
      manifest.write(manifestPath);
      hook.after(FinishStep.MANIFEST_WRITTEN, source);
      Files.move(tmp, gz, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      fsyncDirectory(dir);
      hook.after(FinishStep.RENAMED, source);
      Files.delete(source);
      hook.after(FinishStep.SOURCE_DELETED, source);
      return new Result(gz, manifestPath, manifest, scan.tornBytes, scan.zeros, scan.unparsed);
    }
  }

  /** Rebuilds the manifest of a {@code .jsonl.gz} found without one, by reading it. */
  public static FileManifest regenerateManifest(Path gz) throws IOException {
    FileName name = requireName(gz);
    Scan scan = new Scan();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), BUFFER)) {
      scan.run(in, OutputStream.nullOutputStream(), null, FinishStep.Hook.NONE);
    }
    FileManifest manifest = scan.manifest(name, Files.size(gz), sha256Hex(gz));
    manifest.write(gz.resolveSibling(name.withSuffix(FileName.MANIFEST)));
    return manifest;
  }

  /** True when {@code gz} has the size and SHA-256 its manifest records. */
  public static boolean verify(Path gz, FileManifest manifest) throws IOException {
    return Files.size(gz) == manifest.bytes() && sha256Hex(gz).equals(manifest.sha256());
  }

  /** Lower-case hex SHA-256 of a file's bytes. */
  public static String sha256Hex(Path file) throws IOException {
    MessageDigest sha = sha256();
    byte[] buf = new byte[BUFFER];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        sha.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  /** Makes renames and deletes in {@code dir} durable (Linux; a no-op where directories can't be opened). */
  public static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms cannot open a directory; the rename itself is still atomic there.
    }
  }

  private static FileName requireName(Path file) throws IOException {
    FileName name = FileName.parse(file.getFileName().toString());
    if (name == null) {
      throw new IOException(file + ": not an event file name");
    }
    return name;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /**
   * Splits lines, copies complete ones to the output and collects the manifest's facts. A run of
   * zero bytes at the end of the input is the unused tail of a MAPPED file (a process killed before
   * its roll) and is left out. Canonical lines never contain a zero byte, so zeros followed by more
   * bytes are kept as part of their line.
   */
  private static final class Scan {
    long lines;
    long uncompressed;
    long tornBytes;
    long unparsed;
    /** Zero bytes since the last other byte, not yet in {@link #line}: counted, never buffered (the tail can be a whole chunk). */
    long zeros;
    String firstOccurredAt;
    String lastOccurredAt;
    final Map<String, Range> producers = new LinkedHashMap<>();
    private byte[] line = new byte[8192];
    private int length;

    void run(InputStream in, OutputStream out, Path hookSource, FinishStep.Hook hook) throws IOException {
      byte[] buf = new byte[BUFFER];
      boolean hooked = false;
      for (int n; (n = in.read(buf)) > 0; ) {
        int start = 0;
        for (int i = 0; i < n; i++) {
          byte b = buf[i];
          if (b == 0) {
            append(buf, start, i - start);
            start = i + 1;
            zeros++;
            continue;
          }
          if (zeros > 0) {
            appendZeros(); // not the tail after all: part of this line
          }
          if (b == '\n') {
            append(buf, start, i - start);
            line(out);
            start = i + 1;
            if (!hooked && hookSource != null) {
              hooked = true;
              out.flush();
              // a crash here leaves a truncated .gz.tmp: recovery must never take it for a finished file
              hook.after(FinishStep.COMPRESSING, hookSource);
            }
          }
        }
        append(buf, start, n - start);
      }
      tornBytes = length;
    }

    private void appendZeros() {
      if (length + zeros > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("a line of more than 2 GB");
      }
      int len = (int) zeros;
      if (length + len > line.length) {
        line = Arrays.copyOf(line, Math.max(length + len, line.length * 2));
      }
      Arrays.fill(line, length, length + len, (byte) 0);
      length += len;
      zeros = 0;
    }

    private void append(byte[] b, int off, int len) {
      if (length + len > line.length) {
        line = Arrays.copyOf(line, Math.max(length + len, line.length * 2));
      }
      System.arraycopy(b, off, line, length, len);
      length += len;
    }

    private void line(OutputStream out) throws IOException {
      out.write(line, 0, length);
      out.write('\n');
      lines++;
      uncompressed += length + 1;
      if (!parse()) {
        unparsed++;
      }
      length = 0;
    }

    private boolean parse() {
      String occurredAt = null, app = null, host = null, instance = null;
      long seq = -1;
      try (JsonParser p = JSON.createParser(line, 0, length)) {
        if (p.nextToken() != JsonToken.START_OBJECT) return false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken t = p.nextToken();
          if ("occurred_at".equals(field) && t == JsonToken.VALUE_STRING) {
            occurredAt = p.getText();
          } else if ("producer".equals(field) && t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String f = p.currentName();
              JsonToken v = p.nextToken();
              switch (f) {
                case "app": app = p.getText(); break;
                case "host": host = p.getText(); break;
                case "instance": instance = p.getText(); break;
                case "seq": if (v == JsonToken.VALUE_NUMBER_INT) seq = p.getLongValue(); break;
                default: p.skipChildren();
              }
            }
          } else {
            p.skipChildren();
          }
        }
      } catch (IOException e) {
        return false;
      }
      if (occurredAt != null) {
        if (firstOccurredAt == null || occurredAt.compareTo(firstOccurredAt) < 0) firstOccurredAt = occurredAt;
        if (lastOccurredAt == null || occurredAt.compareTo(lastOccurredAt) > 0) lastOccurredAt = occurredAt;
      }
      if (app == null || host == null || instance == null || seq < 0) {
        return false;
      }
      producers.computeIfAbsent(app + "\n" + host + "\n" + instance, k -> new Range()).add(seq);
      return occurredAt != null;
    }

    FileManifest manifest(FileName name, long gzBytes, String sha256) {
      FileManifest.Builder b = FileManifest.builder()
          .file(name.withSuffix(FileName.GZ))
          .app(name.app())
          .host(name.host())
          .instance(name.instance())
          .periodStart(name.periodStartRfc3339())
          .part(name.part())
          .lines(lines)
          .bytes(gzBytes)
          .sha256(sha256)
          .uncompressedBytes(uncompressed)
          .firstOccurredAt(firstOccurredAt)
          .lastOccurredAt(lastOccurredAt)
          .createdAt(FileName.rfc3339(System.currentTimeMillis()));
      producers.forEach((key, r) -> {
        String[] parts = key.split("\n", 3);
        b.addProducer(new FileManifest.ProducerRange(parts[0], parts[1], parts[2], r.first, r.last, r.count));
      });
      return b.build();
    }
  }

  private static final class Range {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long count;

    void add(long seq) {
      first = Math.min(first, seq);
      last = Math.max(last, seq);
      count++;
    }
  }

  private static final class CountingDigestStream extends OutputStream {
    private final OutputStream out;
    private final MessageDigest digest;
    long count;

    CountingDigestStream(OutputStream out, MessageDigest digest) {
      this.out = out;
      this.digest = digest;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      digest.update((byte) b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      digest.update(b, off, len);
      count += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }
  }
}
