package dev.logline.servlet.internal;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;

/**
 * Recently accepted event ids, bounded by count and age, so browser retries are answered
 * "duplicate" instead of being logged twice. The warehouse load dedupes fully; this only spares it.
 *
 * <p>Semantics: an id claimed again within {@code windowMillis} of its first claim is a duplicate
 * (a repeat neither refreshes its time nor its age rank); an id is forgotten once {@code nowMillis
 * - firstClaim >= windowMillis} (checked from the oldest on each claim), when it is the oldest
 * held and a new id would make more than {@code capacity} (eviction), or on {@link #release}.
 * {@code capacity <= 0} turns it off: every claim succeeds and nothing is kept.
 *
 * <p>Layout, with no allocation per call: slots of 4 {@code long}s in one array (the id's two
 * halves, its claim time, and its prev/next slot packed into one long), chained in claim order as a
 * doubly linked list, so expiry and eviction take the head and {@code release} unlinks a slot in
 * O(1) and frees it for reuse at once (no dead slots, so {@code capacity} is exact). An
 * open-addressing table finds an id (linear probing, power-of-two size at least twice the slots, so
 * at most half full; backward-shift deletion, no tombstones). Each bucket is one {@code long}
 * holding the id's 32-bit hash beside its slot number, so a probe reads a slot only when the hashes
 * match (almost never for a new id), and a backward shift finds each entry's home bucket without
 * reading any slot: the slots are megabytes, each read at random is a cache miss, and once the
 * dedupe is full every claim evicts, so it deletes as often as it inserts. The table hash is
 * murmur3's 64-bit finalizer applied twice with a random per-instance seed: UUIDv7 high bits are
 * mostly timestamp, and since ids come from browsers, a seed keeps clients from crafting ids that
 * share a probe chain (it is not a cryptographic MAC, but an id's bucket cannot be computed without
 * the seed).
 *
 * <p>Memory: 32 bytes per slot plus 16 to 32 bytes per slot of table (8 bytes a bucket, 2 to 4
 * buckets a slot), about 53 bytes per id for the default 100,000 (3.2 MB of slots and 2.1 MB of
 * table, 5.3 MB), allocated once in the constructor for capacities up to {@value #EAGER_SLOTS} ids
 * (6 MiB for that many). A larger capacity starts at {@value #EAGER_SLOTS} slots and doubles while
 * live ids need more (a copy and a rehash, at most a few times; none once full), so a capacity set
 * very high to mean "bounded by the window only" costs memory for the ids actually held. Capacities
 * above {@value #MAX_SLOTS} (8 GiB of slots and 4 GiB of table) are treated as {@value
 * #MAX_SLOTS}, the most that fits the arrays.
 *
 * <p>Thread-safe with one lock, not striped: the exact global capacity and oldest-first eviction
 * need one order across all ids, and the critical section is a few cache lines (the hash is
 * computed before taking the lock), so at 100k claims a second it is held well under 1% of the
 * time.
 */
public final class Dedupe {
  /** Slots allocated by the constructor, at most: enough for the default capacity. */
  static final int EAGER_SLOTS = 1 << 17;
  /** Largest number of slots: 4 longs each must fit one array (the table, 2 longs each, fits too). */
  static final int MAX_SLOTS = 1 << 28;

  private static final int NONE = -1;
  private static final long LOW = 0xFFFF_FFFFL;

  private final int capacity; // 0 when off
  private final long windowMillis;
  private final long seed;

  // Slot s: entries[4s] msb, [4s+1] lsb, [4s+2] claim time, [4s+3] prev << 32 | next (NONE = -1).
  private long[] entries;
  // Bucket: 0 when empty, else the id's hash << 32 | slot + 1 (see bucket()).
  private long[] table;
  private int mask;
  private int slots; // entries.length / 4
  private int used; // slots handed out at least once; [used, slots) never were
  private int free = NONE; // freed slots, chained by next
  private int head = NONE; // oldest claim
  private int tail = NONE; // newest claim
  private int size;

  public Dedupe(int capacity, long windowMillis) {
    this(capacity, windowMillis, EAGER_SLOTS, new SecureRandom().nextLong());
  }

  /** With at most {@code eagerSlots} slots allocated at first and a fixed hash seed (tests). */
  Dedupe(int capacity, long windowMillis, int eagerSlots, long seed) {
    if (eagerSlots < 1) {
      throw new IllegalArgumentException("eagerSlots < 1: " + eagerSlots);
    }
    this.capacity = Math.max(0, Math.min(capacity, MAX_SLOTS));
    this.windowMillis = windowMillis;
    this.seed = seed;
    if (this.capacity > 0) {
      slots = Math.min(this.capacity, eagerSlots);
      entries = new long[slots << 2];
      table = new long[tableSizeFor(slots)];
      mask = table.length - 1;
    }
  }

  /**
   * Claims {@code id}: true when it was not seen within the window (the caller then logs it).
   *
   * @throws NullPointerException if {@code id} is null and deduplication is on
   */
  public boolean claim(UUID id, long nowMillis) {
    if (capacity == 0) {
      return true;
    }
    long msb = id.getMostSignificantBits();
    long lsb = id.getLeastSignificantBits();
    int h = hash(msb, lsb);
    synchronized (this) {
      expire(nowMillis);
      if (find(msb, lsb, h) != NONE) {
        return false; // seen within the window: its first time stays the one that expires
      }
      if (size == capacity) {
        remove(head);
      }
      int s = allocate(); // may grow the table, so probe for the free bucket after it
      int b = s << 2;
      entries[b] = msb;
      entries[b + 1] = lsb;
      entries[b + 2] = nowMillis;
      entries[b + 3] = links(tail, NONE);
      if (tail == NONE) {
        head = s;
      } else {
        setNext(tail, s);
      }
      tail = s;
      put(bucket(h, s));
      size++;
      return true;
    }
  }

  /**
   * Forgets a claim whose event was then refused, so a corrected retry is not called a duplicate.
   *
   * @throws NullPointerException if {@code id} is null and deduplication is on
   */
  public void release(UUID id) {
    if (capacity == 0) {
      return;
    }
    long msb = id.getMostSignificantBits();
    long lsb = id.getLeastSignificantBits();
    int h = hash(msb, lsb);
    synchronized (this) {
      int i = find(msb, lsb, h);
      if (i != NONE) {
        int s = (int) table[i] - 1;
        deleteBucket(i);
        unlinkAndFree(s);
      }
    }
  }

  public synchronized int size() {
    return size;
  }

  private void expire(long nowMillis) {
    while (head != NONE && nowMillis - entries[(head << 2) + 2] >= windowMillis) {
      remove(head);
    }
  }

  /** The bucket holding the id, or NONE. */
  private int find(long msb, long lsb, int h) {
    long[] t = table;
    long[] e = entries;
    int m = mask;
    for (int i = h & m; ; i = (i + 1) & m) {
      long v = t[i];
      if (v == 0) {
        return NONE;
      }
      if ((int) (v >>> 32) == h) { // else a different id: its slot, a likely cache miss, stays unread
        int b = ((int) v - 1) << 2;
        if (e[b] == msb && e[b + 1] == lsb) {
          return i;
        }
      }
    }
  }

  /** Puts bucket value {@code v}, whose id is absent, in the first empty bucket from its home. */
  private void put(long v) {
    long[] t = table;
    int m = mask;
    int i = (int) (v >>> 32) & m;
    while (t[i] != 0) {
      i = (i + 1) & m;
    }
    t[i] = v;
  }

  /** Forgets the id in slot {@code s}: its bucket, its place in claim order, its slot. */
  private void remove(int s) {
    int b = s << 2;
    long[] t = table;
    int m = mask;
    // Rehashed rather than stored in the slot: expiry has just read its claim time, on the same line.
    int i = hash(entries[b], entries[b + 1]) & m;
    while ((int) t[i] != s + 1) {
      i = (i + 1) & m;
    }
    deleteBucket(i);
    unlinkAndFree(s);
  }

  /**
   * Empties bucket {@code i} and shifts later entries of its probe run back into the hole when their
   * home bucket allows, so every run stays unbroken without tombstones.
   */
  private void deleteBucket(int i) {
    long[] t = table;
    int m = mask;
    int hole = i;
    for (int j = (i + 1) & m; ; j = (j + 1) & m) {
      long v = t[j];
      if (v == 0) {
        break;
      }
      int home = (int) (v >>> 32) & m;
      // The entry at j may fill the hole when its home is not cyclically inside (hole, j].
      if (((j - home) & m) >= ((j - hole) & m)) {
        t[hole] = v;
        hole = j;
      }
    }
    t[hole] = 0;
  }

  private void unlinkAndFree(int s) {
    long l = entries[(s << 2) + 3];
    int prev = (int) (l >> 32);
    int next = (int) l;
    if (prev == NONE) {
      head = next;
    } else {
      setNext(prev, next);
    }
    if (next == NONE) {
      tail = prev;
    } else {
      setPrev(next, prev);
    }
    entries[(s << 2) + 3] = links(NONE, free);
    free = s;
    size--;
  }

  /** A slot for a new id; called only when {@code size < capacity}. */
  private int allocate() {
    if (free != NONE) {
      int s = free;
      free = (int) entries[(s << 2) + 3];
      return s;
    }
    if (used == slots) {
      grow(); // every slot holds a live id, yet fewer than capacity
    }
    return used++;
  }

  private void grow() {
    int n = (int) Math.min(2L * slots, capacity);
    entries = Arrays.copyOf(entries, n << 2);
    slots = n;
    int tableSize = tableSizeFor(n);
    if (tableSize > table.length) {
      long[] old = table;
      table = new long[tableSize];
      mask = tableSize - 1;
      for (long v : old) {
        if (v != 0) {
          put(v);
        }
      }
    }
  }

  private void setNext(int s, int next) {
    int k = (s << 2) + 3;
    entries[k] = (entries[k] & ~LOW) | (next & LOW);
  }

  private void setPrev(int s, int prev) {
    int k = (s << 2) + 3;
    entries[k] = ((long) prev << 32) | (entries[k] & LOW);
  }

  private static long links(int prev, int next) {
    return ((long) prev << 32) | (next & LOW);
  }

  /** The bucket of slot {@code s}, whose id hashes to {@code h}: never 0 (empty), as s + 1 > 0. */
  private static long bucket(int h, int s) {
    return ((long) h << 32) | (s + 1);
  }

  /** The power of two at least twice {@code slots}, so the table is at most half full. */
  static int tableSizeFor(int slots) {
    return Integer.highestOneBit(2 * slots - 1) << 1;
  }

  /** Package-private so tests can pick ids that share a probe run. */
  int hash(long msb, long lsb) {
    return (int) fmix64(fmix64(msb ^ seed) ^ lsb);
  }

  /** MurmurHash3's 64-bit finalizer: every input bit flips each output bit with probability ~1/2. */
  private static long fmix64(long z) {
    z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
    z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
    return z ^ (z >>> 33);
  }
}
