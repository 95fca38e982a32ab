package dev.logline.core.internal;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Idle objects kept for reuse across threads: the appender's line writers (so threads encode outside its lock) and
 * batch buffers, the ingest filter's body buffers. Slots instead of a ThreadLocal: nothing stays pinned to pooled
 * threads after the appender, the filter or a redeployed application is gone.
 */
public final class SlotPool<T> {
  private final AtomicReferenceArray<T> idle;
  private final Supplier<T> factory;

  public SlotPool(int slots, Supplier<T> factory) {
    this.idle = new AtomicReferenceArray<>(slots);
    this.factory = factory;
  }

  /** An idle object, or a new one when every slot is empty. */
  public T borrow() {
    // Reads before each swap: a swap of an empty slot would still take the slots' cache line from other threads.
    for (int i = 0; i < idle.length(); i++) {
      T t;
      if (idle.get(i) != null && (t = idle.getAndSet(i, null)) != null) {
        return t;
      }
    }
    return factory.get();
  }

  /** Gives {@code t} back; dropped when the pool is full. */
  public void release(T t) {
    for (int i = 0; i < idle.length(); i++) {
      if (idle.get(i) == null && idle.compareAndSet(i, null, t)) {
        return;
      }
    }
  }
}
