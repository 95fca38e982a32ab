package dev.logline.warehouse.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a stream into {@code \n}-terminated lines in one reused buffer. Not thread-safe.
 */
public final class LineReader {
  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] chunk = new byte[64 * 1024];
  private int chunkPos;
  private int chunkLen;
  private byte[] line = new byte[8 * 1024];
  private int lineLen;
  private boolean terminated;

  public LineReader(InputStream in, int maxLineBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Reads the next line into {@link #buffer()}.
   *
   * @return false at the end of the stream
   * @throws IOException when the line exceeds the limit, or the stream fails
   */
  public boolean next() throws IOException {
    lineLen = 0;
    terminated = false;
    while (true) {
      if (chunkPos == chunkLen) {
        chunkLen = in.read(chunk, 0, chunk.length);
        chunkPos = 0;
        if (chunkLen <= 0) {
          chunkLen = 0;
          return lineLen > 0;
        }
      }
      int start = chunkPos;
      int end = start;
      while (end < chunkLen && chunk[end] != '\n') end++;
      append(start, end - start);
      if (end < chunkLen) {
        chunkPos = end + 1;
        terminated = true;
        return true;
      }
      chunkPos = chunkLen;
    }
  }

  private void append(int from, int n) throws IOException {
    if (n == 0) return;
    int need = lineLen + n;
    if (need > maxLineBytes) {
      throw new LineTooLongException("line longer than " + maxLineBytes + " bytes");
    }
    if (need > line.length) {
      line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(need, line.length * 2)));
    }
    System.arraycopy(chunk, from, line, lineLen, n);
    lineLen = need;
  }

  public byte[] buffer() {
    return line;
  }

  public int length() {
    return lineLen;
  }

  /** False for a last line that ended without {@code \n}: a cut-off file. */
  public boolean terminated() {
    return terminated;
  }

  /** A line over the reader's limit. */
  public static final class LineTooLongException extends IOException {
    private static final long serialVersionUID = 1L;

    LineTooLongException(String message) {
      super(message);
    }
  }
}
