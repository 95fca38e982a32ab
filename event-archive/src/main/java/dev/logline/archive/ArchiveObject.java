package dev.logline.archive;

import dev.logline.logback.FileManifest;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * One finished file as handed to an {@link ArchiveDestination}: where it goes, where it is, and the
 * checksums the archiver computed from the bytes on disk (and checked against the manifest).
 */
public final class ArchiveObject {
  private final String key;
  private final String manifestKey;
  private final Path file;
  private final FileManifest manifest;
  private final byte[] manifestJson;
  private final long size;
  private final String sha256;
  private final byte[] md5;

  public ArchiveObject(String key, String manifestKey, Path file, FileManifest manifest,
      byte[] manifestJson, long size, String sha256, byte[] md5) {
    this.key = Objects.requireNonNull(key, "key == null");
    this.manifestKey = Objects.requireNonNull(manifestKey, "manifestKey == null");
    this.file = Objects.requireNonNull(file, "file == null");
    this.manifest = Objects.requireNonNull(manifest, "manifest == null");
    this.manifestJson = Objects.requireNonNull(manifestJson, "manifestJson == null").clone();
    this.size = size;
    this.sha256 = Objects.requireNonNull(sha256, "sha256 == null");
    this.md5 = Objects.requireNonNull(md5, "md5 == null").clone();
  }

  /** Destination key of the {@code .jsonl.gz}, see {@link ArchiveKeys}. */
  public String key() { return key; }
  /** Destination key of the manifest, written after the data object. */
  public String manifestKey() { return manifestKey; }
  /** The local {@code .jsonl.gz}. */
  public Path file() { return file; }
  public FileManifest manifest() { return manifest; }
  /** The manifest's bytes as they are shipped. */
  public byte[] manifestJson() { return manifestJson.clone(); }
  /** Size of {@link #file()} in bytes. */
  public long size() { return size; }
  /** Lower-case hex SHA-256 of the file's bytes. */
  public String sha256() { return sha256; }
  /** MD5 of the file's bytes. */
  public byte[] md5() { return md5.clone(); }
  /** MD5 as base64, the {@code Content-MD5} header value. */
  public String md5Base64() { return Base64.getEncoder().encodeToString(md5); }
  /** MD5 as lower-case hex, the ETag of a single-part S3 PUT. */
  public String md5Hex() { return dev.logline.archive.internal.Digests.hex(md5); }

  @Override
  public String toString() {
    return key + " (" + size + " bytes, sha256 " + sha256 + ")";
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ArchiveObject)) return false;
    ArchiveObject a = (ArchiveObject) o;
    return key.equals(a.key) && size == a.size && sha256.equals(a.sha256) && Arrays.equals(md5, a.md5);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, size, sha256);
  }
}
