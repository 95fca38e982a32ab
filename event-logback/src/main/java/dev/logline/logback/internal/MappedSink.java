package dev.logline.logback.internal;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code WriteMode.MAPPED}: lines are copied into a shared mapping of the file, a window of one
 * chunk at a time. A copy into a MAP_SHARED mapping is in the page cache at once, so a returned
 * {@link #write} survives a kill of the process without any system call.
 *
 * <p>Each chunk is zero-filled with ordinary writes before it is mapped: the blocks are then
 * allocated, and a full disk is an IOException here instead of a SIGBUS (a JVM crash) on a page
 * fault into a sparse file. {@link #close} trims the unused zeros.
 */
public final class MappedSink implements LineSink {
  /** Smallest chunk: also the chunk of a file already past its size cap. */
  public static final long MIN_CHUNK = 64 * 1024;
  /** Largest chunk: a mapping's size is an int. */
  public static final long MAX_CHUNK = 1024 * 1024 * 1024;

  private static final int ZERO_PIECE = 1024 * 1024;
  // read only, shared by every sink: each write uses a duplicate with its own position
  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(ZERO_PIECE).asReadOnlyBuffer();

  private final FileChannel channel;
  @SuppressWarnings("unused") // held for its effect: other processes see the file as live
  private final FileLock fileLock;
  private final long chunkSize;
  private final long sizeCap;
  private MappedByteBuffer window; // null before the first write and after close
  private long position; // bytes written; the window ends at or after it
  private boolean closed;

  private MappedSink(FileChannel channel, FileLock fileLock, long chunkSize, long sizeCap) {
    this.channel = channel;
    this.fileLock = fileLock;
    this.chunkSize = chunkSize;
    this.sizeCap = sizeCap;
  }

  /**
   * Opens {@code path} (which exists and is empty) and locks it. Chunks are {@code chunkSize} but
   * no larger than what is left up to {@code sizeCap} (at least {@link #MIN_CHUNK}), so a small cap
   * does not preallocate a large chunk per file. Nothing is mapped before the first write.
   */
  public static MappedSink open(Path path, long chunkSize, long sizeCap) throws IOException {
    if (chunkSize < MIN_CHUNK || chunkSize > MAX_CHUNK) {
      throw new IllegalArgumentException("chunkSize out of range: " + chunkSize);
    }
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      return new MappedSink(channel, channel.tryLock(), chunkSize, sizeCap);
    } catch (IOException | RuntimeException e) {
      try {
        channel.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("closed");
    }
    while (len > 0) {
      if (window == null || !window.hasRemaining()) {
        nextWindow(); // a line may straddle chunks: the file is a byte stream
      }
      int n = Math.min(len, window.remaining());
      try {
        window.put(b, off, n);
      } catch (InternalError e) {
        // HotSpot turns a SIGBUS in a copy to a mapping (file shrunk under us, I/O error) into this
        throw new IOException("write to the mapped file failed: " + e.getMessage(), e);
      }
      off += n;
      len -= n;
      position += n;
    }
  }

  private void nextWindow() throws IOException {
    MappedByteBuffer old = window;
    window = null;
    if (old != null) {
      // no msync: its dirty pages stay in the page cache, where a later fsync (fsyncInterval,
      // roll) finds them like any written page
      Unmapper.unmap(old);
    }
    long size = Math.min(chunkSize, Math.max(MIN_CHUNK, sizeCap - position));
    zeroFill(position, size);
    window = channel.map(FileChannel.MapMode.READ_WRITE, position, size);
  }

  private void zeroFill(long from, long size) throws IOException {
    long p = from;
    long end = from + size;
    while (p < end) {
      ByteBuffer zeros = ZEROS.duplicate();
      zeros.limit((int) Math.min(ZERO_PIECE, end - p));
      while (zeros.hasRemaining()) {
        p += channel.write(zeros, p);
      }
    }
  }

  @Override
  public void flush() {
    // nothing buffered: a copy into the mapping is already in the page cache
  }

  @Override
  public boolean writeThrough() {
    return true;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    if (window != null) {
      window.force();
    }
    channel.force(metaData);
  }

  @Override
  public void close(boolean durable) throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    IOException failure = null;
    MappedByteBuffer w = window;
    window = null;
    try {
      if (durable && w != null) {
        w.force();
      }
    } catch (RuntimeException | InternalError e) {
      failure = new IOException("msync failed: " + e, e);
    } finally {
      if (w != null) {
        Unmapper.unmap(w);
      }
    }
    try {
      channel.truncate(position); // a rolled file has no zero tail
      if (durable) {
        channel.force(true); // its data and its new length
      }
    } catch (IOException e) {
      if (failure == null) failure = e; else failure.addSuppressed(e);
    } finally {
      try {
        channel.close(); // releases the lock
      } catch (IOException e) {
        if (failure == null) failure = e; else failure.addSuppressed(e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Bytes written so far (without the zero tail). */
  public long position() {
    return position;
  }

  /**
   * Unmaps at once instead of whenever the GC collects the buffer, so a rolled file's mapping does
   * not outlive it. Without {@code sun.misc.Unsafe} the reference is just dropped. The buffer must
   * never be touched afterwards: an access to an unmapped buffer crashes the JVM.
   */
  static final class Unmapper {
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
      Object unsafe = null;
      Method invokeCleaner = null;
      try {
        Class<?> c = Class.forName("sun.misc.Unsafe");
        Field f = c.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        unsafe = f.get(null);
        invokeCleaner = c.getMethod("invokeCleaner", ByteBuffer.class);
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        unsafe = null;
        invokeCleaner = null;
      }
      UNSAFE = unsafe;
      INVOKE_CLEANER = invokeCleaner;
    }

    private Unmapper() {}

    static boolean available() {
      return INVOKE_CLEANER != null;
    }

    static void unmap(MappedByteBuffer buffer) {
      if (INVOKE_CLEANER == null) {
        return;
      }
      try {
        INVOKE_CLEANER.invoke(UNSAFE, buffer);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // left to the GC
      }
    }
  }
}
