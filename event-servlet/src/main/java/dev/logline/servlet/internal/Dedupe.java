package dev.logline.servlet.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Recently accepted event ids, bounded by count and age, so browser retries are answered
 * "duplicate" instead of being logged twice. The warehouse load dedupes fully; this only spares it.
 */
public final class Dedupe {
  private final int capacity;
  private final long windowMillis;
  // Insertion order is age order, so expiry and eviction both take from the head.
  private final LinkedHashMap<UUID, Long> seen = new LinkedHashMap<>();

  public Dedupe(int capacity, long windowMillis) {
    this.capacity = capacity;
    this.windowMillis = windowMillis;
  }

  /** Claims {@code id}: true when it was not seen within the window (the caller then logs it). */
  public synchronized boolean claim(UUID id, long nowMillis) {
    if (capacity == 0) {
      return true;
    }
    expire(nowMillis);
    if (seen.putIfAbsent(id, nowMillis) != null) {
      return false; // seen within the window: its first time stays the one that expires
    }
    if (seen.size() > capacity) {
      Iterator<UUID> it = seen.keySet().iterator();
      it.next();
      it.remove();
    }
    return true;
  }

  /** Forgets a claim whose event was then refused, so a corrected retry is not called a duplicate. */
  public synchronized void release(UUID id) {
    seen.remove(id);
  }

  public synchronized int size() {
    return seen.size();
  }

  private void expire(long nowMillis) {
    Iterator<Map.Entry<UUID, Long>> it = seen.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<UUID, Long> e = it.next();
      if (nowMillis - e.getValue() < windowMillis) {
        return;
      }
      it.remove();
    }
  }
}
