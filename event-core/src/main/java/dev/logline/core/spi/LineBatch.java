package dev.logline.core.spi;

import java.io.Flushable;
import java.io.IOException;

/**
 * A group commit on the current thread: while a batch is open ({@link
 * dev.logline.core.EventLogger#batch()}), appenders that would hand each line to the OS at once
 * defer that flush here, and {@link #close()} performs it once for all the batch's lines. The
 * durability point moves from each {@code log} call to the batch's close, which is when an ingest
 * endpoint tells its client the events are safe.
 */
public final class LineBatch implements AutoCloseable {
  private static final ThreadLocal<LineBatch> CURRENT = new ThreadLocal<>();

  // Usually one appender: tiny arrays beat a map.
  private Flushable[] deferred = new Flushable[2];
  private Object[] owners = new Object[2];
  private int size;
  private final boolean outermost;

  private LineBatch(boolean outermost) {
    this.outermost = outermost;
  }

  /** Opens a batch on this thread; inside another batch, returns one whose close does nothing. */
  public static LineBatch open() {
    if (CURRENT.get() != null) {
      return new LineBatch(false);
    }
    LineBatch batch = new LineBatch(true);
    CURRENT.set(batch);
    return batch;
  }

  /** The batch open on this thread, or null. */
  public static LineBatch current() {
    return CURRENT.get();
  }

  /**
   * Asks for {@code flush} to run once when the batch closes, on behalf of {@code owner}; a later request of the same
   * owner is ignored. With {@link #deferredBy(Object)}, an appender keeps state of one batch (lines waiting for the
   * close) in the batch itself rather than in a ThreadLocal, which would pin it to pooled threads.
   */
  public void deferFlush(Object owner, Flushable flush) {
    if (deferredBy(owner) != null) {
      return;
    }
    if (size == deferred.length) {
      deferred = java.util.Arrays.copyOf(deferred, size * 2);
      owners = java.util.Arrays.copyOf(owners, size * 2);
    }
    owners[size] = owner;
    deferred[size++] = flush;
  }

  /** The flush {@code owner} deferred in this batch, or null. */
  public Flushable deferredBy(Object owner) {
    for (int i = 0; i < size; i++) {
      if (owners[i] == owner) {
        return deferred[i];
      }
    }
    return null;
  }

  /** Runs every deferred flush; a flush that fails is the appender's to report (it never throws here). */
  @Override
  public void close() {
    if (!outermost) {
      return;
    }
    CURRENT.remove();
    for (int i = 0; i < size; i++) {
      try {
        deferred[i].flush();
      } catch (IOException | RuntimeException ignored) {
        // Appenders report their own write failures to their status and counters.
      }
      deferred[i] = null;
      owners[i] = null;
    }
    size = 0;
  }
}
