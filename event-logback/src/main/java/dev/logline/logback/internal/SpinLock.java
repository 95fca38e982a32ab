package dev.logline.logback.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A lock whose holder is usually inside one {@code write} call of a few microseconds, where parking and waking a
 * thread costs more than the wait. {@link #lockSpinning()}: one waiter at a time, the lead, spins {@value
 * #LEAD_SPINS} times (about 50 µs on a 2-core VM), long enough to outlast the occasional slow {@code write}: once a
 * waiter parks, each unlock has to wake it and the threads fall into a convoy, which halved the throughput of two
 * logging threads (after a short spin about 2% of their acquisitions parked; after the lead's, 0.02%). The other
 * waiters spin {@value #SPINS} times (about 5 µs) and park, so however many threads log, at most one core spins long.
 * {@link #lock()} parks at once, for callers off the hot path.
 */
public final class SpinLock extends ReentrantLock {
  private static final long serialVersionUID = 1L;
  /** Spins of a waiter other than the lead before it parks: {@value}. */
  public static final int SPINS = 200;
  /** Spins of the lead waiter before it parks: {@value}. */
  public static final int LEAD_SPINS = 2000;

  private final AtomicBoolean leadSpinning = new AtomicBoolean();

  /** Locks, spinning first as described above. */
  public void lockSpinning() {
    if (tryNow()) {
      return;
    }
    boolean lead = !leadSpinning.get() && leadSpinning.compareAndSet(false, true);
    try {
      for (int i = lead ? LEAD_SPINS : SPINS; i > 0; i--) {
        Thread.onSpinWait();
        if (tryNow()) {
          return;
        }
      }
    } finally {
      if (lead) {
        leadSpinning.set(false);
      }
    }
    lock();
  }

  /** True while a waiter spins as the lead. */
  boolean leadSpinning() {
    return leadSpinning.get();
  }

  // Reads before the CAS: a failing CAS would take the lock's cache line from the holder, slowing its unlock.
  private boolean tryNow() {
    return !isLocked() && tryLock();
  }
}
