package dev.logline.logback.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * {@code WriteMode.MAPPED}: lines are copied into a shared mapping of the file, a window of one
 * chunk at a time. A copy into a MAP_SHARED mapping is in the page cache at once, so a returned
 * {@link #write} survives a kill of the process without any system call.
 *
 * <p>Each chunk is zero-filled with ordinary writes before it is mapped: the blocks are then
 * allocated, and a full disk is an IOException here instead of a SIGBUS (a JVM crash) on a page
 * fault into a sparse file. {@link #close} trims the unused zeros.
 *
 * <p>Writes, truncation and fsync go through {@link RandomAccessFile}, not the {@link FileChannel}:
 * an interrupt of the calling thread (an application thread, or the async writer that
 * {@code stop()} wakes) during a channel operation closes the channel, and with it the file's
 * lock. Only {@code tryLock} and {@code map} need the channel; they run with the thread's interrupt
 * flag held aside.
 */
public final class MappedSink implements LineSink {
  /** Smallest chunk: also the chunk of a file already past its size cap. */
  public static final long MIN_CHUNK = 64 * 1024;
  /** Largest chunk: a mapping's size is an int. */
  public static final long MAX_CHUNK = 1024 * 1024 * 1024;

  private static final int ZERO_PIECE = 1024 * 1024;
  private static final byte[] ZEROS = new byte[ZERO_PIECE]; // never written to: shared by every sink

  private final RandomAccessFile file;
  private final FileChannel channel;
  @SuppressWarnings("unused") // held for its effect: other processes see the file as live
  private final FileLock fileLock;
  private final long chunkSize;
  private final long sizeCap;
  private final Executor prefill; // null: chunks are zero-filled by the writing thread
  private MappedByteBuffer window; // null before the first write and after close
  private long position; // bytes written; the window ends at or after it
  private long filledTo; // the file is zero-filled (blocks claimed) up to here
  private Future<Long> pendingFill; // the next chunk being zero-filled in the background, or null
  private boolean closed;

  private MappedSink(
      RandomAccessFile file, FileLock fileLock, long chunkSize, long sizeCap, Executor prefill) {
    this.file = file;
    this.channel = file.getChannel();
    this.fileLock = fileLock;
    this.chunkSize = chunkSize;
    this.sizeCap = sizeCap;
    this.prefill = prefill;
  }

  /**
   * Opens {@code path} (which exists and is empty) and locks it. Chunks are {@code chunkSize} but
   * no larger than what is left up to {@code sizeCap} (at least {@link #MIN_CHUNK}), so a small cap
   * does not preallocate a large chunk per file. Nothing is mapped before the first write.
   *
   * <p>With a {@code prefill} executor, the chunk after the current one is zero-filled there while
   * lines are copied into the current one, so the writing thread (the application's, in sync mode)
   * only maps it: zero-filling was the largest single cost of a line in this mode. Null fills each
   * chunk on the writing thread when it is needed.
   */
  public static MappedSink open(Path path, long chunkSize, long sizeCap, Executor prefill) throws IOException {
    if (chunkSize < MIN_CHUNK || chunkSize > MAX_CHUNK) {
      throw new IllegalArgumentException("chunkSize out of range: " + chunkSize);
    }
    RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
    try {
      FileChannel channel = file.getChannel();
      return new MappedSink(file, uninterrupted(channel::tryLock), chunkSize, sizeCap, prefill);
    } catch (IOException | RuntimeException e) {
      try {
        file.close();
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
    long start = position;
    long size = chunkFrom(start);
    awaitFill();
    if (filledTo < start + size) {
      long from = Math.max(filledTo, start); // first chunk, or the background fill fell behind
      uninterrupted(() -> fill(from, start + size));
      filledTo = start + size;
    }
    window = uninterrupted(() -> channel.map(FileChannel.MapMode.READ_WRITE, start, size));
    startFill(start + size);
  }

  /** The size of a chunk starting at {@code start}. */
  private long chunkFrom(long start) {
    return Math.min(chunkSize, Math.max(MIN_CHUNK, sizeCap - start));
  }

  /** Zero-fills the chunk at {@code start} in the background. */
  private void startFill(long start) {
    if (prefill == null) {
      return;
    }
    long end = start + chunkFrom(start);
    // Only stop() interrupts the prefill thread, after the last close: the channel cannot be closed under a writer.
    FutureTask<Long> task = new FutureTask<>(() -> fill(start, end));
    try {
      prefill.execute(task);
      pendingFill = task;
    } catch (RejectedExecutionException e) {
      pendingFill = null; // the appender is stopping: the writing thread fills what it needs
    }
  }

  /** Waits for the background fill; its failure (a full disk) fails this write like any I/O error. */
  private void awaitFill() throws IOException {
    Future<Long> fill = pendingFill;
    if (fill == null) {
      return;
    }
    pendingFill = null;
    boolean interrupted = false;
    try {
      while (true) {
        try {
          filledTo = Math.max(filledTo, fill.get());
          return;
        } catch (InterruptedException e) {
          interrupted = true; // the fill is short; keep the promise not to lose the line
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          throw cause instanceof IOException ? (IOException) cause : new IOException("zero-fill failed: " + cause, cause);
        } catch (CancellationException e) {
          return;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Writes zeros over {@code [from, to)} by positional writes through the locked handle: they leave
   * the file pointer alone, and a second handle could be refused where file locks are mandatory
   * (Windows). Returns {@code to}.
   */
  private long fill(long from, long to) throws IOException {
    ByteBuffer zeros = ByteBuffer.wrap(ZEROS);
    for (long at = from; at < to; ) {
      zeros.clear().limit((int) Math.min(ZERO_PIECE, to - at));
      while (zeros.hasRemaining()) {
        at += channel.write(zeros, at);
      }
    }
    return to;
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
    file.getFD().sync(); // metadata too: a changed length only happens once per chunk
  }

  @Override
  public void close(boolean durable) throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    IOException failure = null;
    try {
      awaitFill(); // before the cut: a fill finishing later would lengthen the file again
    } catch (IOException e) {
      failure = e;
    }
    MappedByteBuffer w = window;
    window = null;
    try {
      if (durable && w != null) {
        w.force();
      }
    } catch (RuntimeException | InternalError e) {
      IOException msync = new IOException("msync failed: " + e, e);
      if (failure == null) failure = msync; else failure.addSuppressed(msync);
    } finally {
      if (w != null) {
        Unmapper.unmap(w);
      }
    }
    try {
      file.setLength(position); // a rolled file has no zero tail
      if (durable) {
        file.getFD().sync(); // its data and its new length
      }
    } catch (IOException e) {
      if (failure == null) failure = e; else failure.addSuppressed(e);
    } finally {
      try {
        file.close(); // and its channel: releases the lock
      } catch (IOException e) {
        if (failure == null) failure = e; else failure.addSuppressed(e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  interface ChannelCall<T> {
    T call() throws IOException;
  }

  /**
   * Runs a channel operation with the thread's interrupt flag cleared, then restores it: a set
   * flag would close the channel at once. An interrupt arriving during the call itself still can;
   * the write then fails like any I/O error (counted, the file finished, the next event opens one).
   */
  static <T> T uninterrupted(ChannelCall<T> call) throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      return call.call();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
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
