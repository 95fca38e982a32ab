package dev.logline.logback.internal;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.file.Path;

/** {@code WriteMode.STREAM}: a buffered stream, one {@code write} call per flush. */
public final class StreamSink implements LineSink {
  private static final int BUFFER_SIZE = 64 * 1024;

  private final FileOutputStream fos;
  @SuppressWarnings("unused") // held for its effect: other processes see the file as live
  private final FileLock fileLock;
  private final BufferedOutputStream out;

  private StreamSink(FileOutputStream fos, FileLock fileLock) {
    this.fos = fos;
    this.fileLock = fileLock;
    this.out = new BufferedOutputStream(fos, BUFFER_SIZE);
  }

  /** Opens {@code path} (which exists and is empty) for appending and locks it. */
  public static StreamSink open(Path path) throws IOException {
    FileOutputStream fos = new FileOutputStream(path.toFile(), true);
    try {
      return new StreamSink(fos, fos.getChannel().tryLock());
    } catch (IOException | RuntimeException e) {
      try {
        fos.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public boolean writeThrough() {
    return false;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    fos.getChannel().force(metaData);
  }

  @Override
  public void close(boolean durable) throws IOException {
    try {
      if (durable && fos.getChannel().isOpen()) {
        fos.getChannel().force(true);
      }
    } finally {
      fos.close(); // not out.close(): what was not flushed is counted as lost, never written late
    }
  }
}
