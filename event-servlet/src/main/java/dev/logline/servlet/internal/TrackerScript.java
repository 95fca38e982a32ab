package dev.logline.servlet.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.GZIPOutputStream;

/** The tracker script as served (compacted), gzipped, with a strong ETag; loaded once. */
public final class TrackerScript {
  public static final String RESOURCE = "/dev/logline/servlet/logline.js";

  private final byte[] plain;
  private final byte[] gzipped;
  private final String etag;

  private TrackerScript(byte[] plain) {
    this.plain = plain;
    this.gzipped = gzip(plain);
    this.etag = "\"" + sha256Hex(plain).substring(0, 32) + "\"";
  }

  public static TrackerScript load() {
    try (InputStream in = TrackerScript.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("tracker script missing from the classpath: " + RESOURCE);
      }
      return new TrackerScript(compact(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public byte[] plain() {
    return plain;
  }

  public byte[] gzipped() {
    return gzipped;
  }

  public String etag() {
    return etag;
  }

  /**
   * The source without what a browser never needs: comment lines and comment blocks (the {@code /*!} banner stays),
   * indentation, blank lines, and trailing {@code // comments}. Only what cannot change the program goes: the
   * tracker has no template literals or line continuations, line breaks stay where code ends, and a trailing comment
   * is cut only when the code before it holds no quote or slash that could put the {@code //} inside a string or
   * regex.
   */
  public static byte[] compact(byte[] source) {
    String text = new String(source, StandardCharsets.UTF_8);
    if (text.indexOf('`') >= 0) {
      // a template literal may span lines, and its lines are text, not code: this pass would change them
      throw new IllegalStateException("the tracker holds a template literal (`); compact() cannot keep it intact");
    }
    StringBuilder out = new StringBuilder(source.length);
    boolean inBlock = false;
    for (String raw : text.split("\n", -1)) {
      String line = raw.strip();
      if (line.endsWith("\\")) {
        throw new IllegalStateException("the tracker continues a line with a backslash; compact() cannot keep it intact");
      }
      if (inBlock) {
        inBlock = !line.endsWith("*/");
        continue;
      }
      if (line.startsWith("/*") && !line.startsWith("/*!")) {
        inBlock = !line.endsWith("*/");
        continue;
      }
      if (line.startsWith("//")) {
        continue;
      }
      int comment = line.indexOf(" // ");
      if (comment > 0 && line.substring(0, comment).chars().noneMatch(c -> c == '\'' || c == '"' || c == '`' || c == '/')) {
        line = line.substring(0, comment).strip();
      }
      if (!line.isEmpty()) {
        out.append(line).append('\n');
      }
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2);
    try (GZIPOutputStream gz = new GZIPOutputStream(out) {
      {
        def.setLevel(java.util.zip.Deflater.BEST_COMPRESSION);
      }
    }) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
      StringBuilder sb = new StringBuilder(64);
      for (byte b : d) {
        sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
