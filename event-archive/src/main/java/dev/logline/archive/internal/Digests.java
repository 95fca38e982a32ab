package dev.logline.archive.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Size, SHA-256 and MD5 of a file in one pass. Not API. */
public final class Digests {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final long size;
  private final String sha256;
  private final byte[] md5;

  private Digests(long size, String sha256, byte[] md5) {
    this.size = size;
    this.sha256 = sha256;
    this.md5 = md5;
  }

  public static Digests of(Path file) throws IOException {
    MessageDigest sha = digest("SHA-256");
    MessageDigest md5 = digest("MD5");
    long size = 0;
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf)) > 0) {
        sha.update(buf, 0, n);
        md5.update(buf, 0, n);
        size += n;
      }
    }
    return new Digests(size, hex(sha.digest()), md5.digest());
  }

  public static String sha256Hex(byte[] bytes) {
    return hex(digest("SHA-256").digest(bytes));
  }

  public static byte[] md5(byte[] bytes) {
    return digest("MD5").digest(bytes);
  }

  public static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " missing from this JDK", e);
    }
  }

  public static String hex(byte[] bytes) {
    char[] out = new char[bytes.length * 2];
    for (int i = 0; i < bytes.length; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    return new String(out);
  }

  public long size() { return size; }
  public String sha256() { return sha256; }
  public byte[] md5() { return md5.clone(); }
}
