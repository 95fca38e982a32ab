package dev.logline.logback.internal;

import dev.logline.core.CanonicalLineWriter;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Line writers for encoding outside the appender's lock, so threads serialize events in parallel
 * and hold the lock only for the copy into the file buffer. Slots instead of a ThreadLocal: nothing
 * stays pinned to pooled threads after the appender (or a redeployed application) is gone.
 */
public final class WriterPool {
  private final AtomicReferenceArray<CanonicalLineWriter> idle;
  private final int maxLineBytes;

  public WriterPool(int slots, int maxLineBytes) {
    this.idle = new AtomicReferenceArray<>(slots);
    this.maxLineBytes = maxLineBytes;
  }

  /** An idle writer, or a new one when every slot is taken. */
  public CanonicalLineWriter borrow() {
    // Reads before each swap: a swap of an empty slot would still take the slots' cache line from other threads.
    for (int i = 0; i < idle.length(); i++) {
      CanonicalLineWriter w;
      if (idle.get(i) != null && (w = idle.getAndSet(i, null)) != null) {
        return w;
      }
    }
    return new CanonicalLineWriter(maxLineBytes);
  }

  /** Gives {@code writer} back; dropped when the pool is full. */
  public void release(CanonicalLineWriter writer) {
    for (int i = 0; i < idle.length(); i++) {
      if (idle.get(i) == null && idle.compareAndSet(i, null, writer)) {
        return;
      }
    }
  }
}
