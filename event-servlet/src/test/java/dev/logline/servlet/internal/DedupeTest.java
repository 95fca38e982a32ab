package dev.logline.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Dedupe remembers claimed event ids within a count and an age: a repeat within the window is a
 * duplicate, the first claim's time is the one that expires, the oldest is evicted beyond capacity,
 * and a released id may be claimed again. The differential test holds it to the original
 * LinkedHashMap implementation, kept below as {@link Reference}.
 */
// A corrupt table would make a probe loop forever: fail instead of hanging the build.
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DedupeTest {
  private static final long T0 = 1_790_000_000_000L;

  private static UUID id(long n) {
    return new UUID(0x0190_0000_0000_7000L | n << 16, 0x8000_0000_0000_0000L | n);
  }

  @Test
  void aRepeatWithinTheWindowIsADuplicate() {
    Dedupe d = new Dedupe(10, 1_000);
    assertThat(d.claim(id(1), T0)).isTrue();
    assertThat(d.claim(id(2), T0)).isTrue();
    assertThat(d.claim(id(1), T0)).as("same instant").isFalse();
    assertThat(d.claim(id(1), T0 + 999)).as("1 ms short of the window").isFalse();
    assertThat(d.claim(id(2), T0 + 500)).isFalse();
    assertThat(d.claim(new UUID(id(1).getMostSignificantBits(), id(1).getLeastSignificantBits()), T0))
        .as("equal, not identical, UUID").isFalse();
    assertThat(d.size()).isEqualTo(2);
  }

  @Test
  void anIdExpiresAWindowAfterItsFirstClaimNotItsLatestRepeat() {
    Dedupe d = new Dedupe(10, 1_000);
    assertThat(d.claim(id(1), T0)).isTrue();
    assertThat(d.claim(id(2), T0 + 400)).isTrue();
    assertThat(d.claim(id(1), T0 + 900)).as("repeat, which does not extend the window").isFalse();
    assertThat(d.claim(id(1), T0 + 1_000)).as("exactly the window after the first claim").isTrue();
    assertThat(d.claim(id(2), T0 + 1_000)).as("id 2 has 400 ms left").isFalse();
    assertThat(d.claim(id(1), T0 + 1_999)).as("remembered from its new claim").isFalse();
    assertThat(d.claim(id(3), T0 + 1_400)).as("expiry drops id 2").isTrue();
    assertThat(d.size()).isEqualTo(2);
    assertThat(d.claim(id(2), T0 + 1_400)).isTrue();
  }

  @Test
  void theOldestClaimIsEvictedAtCapacityAndARepeatDoesNotRefreshIt() {
    Dedupe d = new Dedupe(3, Long.MAX_VALUE);
    assertThat(d.claim(id(1), T0)).isTrue();
    assertThat(d.claim(id(2), T0)).isTrue();
    assertThat(d.claim(id(3), T0)).isTrue();
    assertThat(d.claim(id(1), T0)).as("3 ids fit in capacity 3").isFalse();
    assertThat(d.size()).isEqualTo(3);

    assertThat(d.claim(id(4), T0)).as("evicts id 1, the oldest claim").isTrue();
    assertThat(d.size()).isEqualTo(3);
    assertThat(d.claim(id(1), T0)).as("evicted, so new again; evicts id 2").isTrue();
    assertThat(d.claim(id(3), T0)).isFalse();
    assertThat(d.claim(id(4), T0)).isFalse();
    assertThat(d.claim(id(2), T0)).as("evicted").isTrue();
  }

  @Test
  void aReleasedIdMayBeClaimedAgainAndFreesItsPlace() {
    Dedupe d = new Dedupe(3, 1_000);
    assertThat(d.claim(id(1), T0)).isTrue();
    assertThat(d.claim(id(2), T0 + 10)).isTrue();
    assertThat(d.claim(id(3), T0 + 20)).isTrue();
    d.release(id(2));
    assertThat(d.size()).isEqualTo(2);
    d.release(id(2));
    d.release(id(9));
    assertThat(d.size()).as("releasing an unknown id changes nothing").isEqualTo(2);

    assertThat(d.claim(id(2), T0 + 30)).as("the corrected retry").isTrue();
    assertThat(d.size()).as("the released place was free: nothing evicted").isEqualTo(3);
    assertThat(d.claim(id(1), T0 + 30)).isFalse();
    assertThat(d.claim(id(4), T0 + 40)).as("evicts id 1").isTrue();
    assertThat(d.claim(id(3), T0 + 40)).as("id 3 is now older than the re-claimed id 2").isFalse();
    assertThat(d.claim(id(5), T0 + 50)).as("evicts id 3").isTrue();
    assertThat(d.claim(id(2), T0 + 50)).isFalse();
    assertThat(d.claim(id(3), T0 + 50)).isTrue();

    assertThat(d.claim(id(2), T0 + 1_030)).as("expires from its second claim's time").isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1})
  void capacityZeroOrLessTurnsItOff(int capacity) {
    Dedupe d = new Dedupe(capacity, 1_000);
    for (int i = 0; i < 3; i++) {
      assertThat(d.claim(id(1), T0)).isTrue();
    }
    d.release(id(1));
    d.release(null);
    assertThat(d.size()).isZero();
  }

  @Test
  void sizeCountsTheIdsHeld() {
    Dedupe d = new Dedupe(4, 100);
    assertThat(d.size()).isZero();
    d.claim(id(1), T0);
    d.claim(id(1), T0);
    assertThat(d.size()).as("a duplicate adds nothing").isEqualTo(1);
    for (int i = 2; i <= 6; i++) {
      d.claim(id(i), T0 + 1);
    }
    assertThat(d.size()).as("bounded by capacity").isEqualTo(4);
    d.release(id(6));
    assertThat(d.size()).isEqualTo(3);
    d.claim(id(7), T0 + 101);
    assertThat(d.size()).as("the ids of T0 + 1 expired").isEqualTo(1);
  }

  @Test
  void slotsAreReusedAroundTheRingManyTimes() {
    int capacity = 7;
    Dedupe d = new Dedupe(capacity, Long.MAX_VALUE);
    for (int i = 0; i < 100_000; i++) {
      assertThat(d.claim(id(i), T0)).isTrue();
      assertThat(d.size()).isEqualTo(Math.min(i + 1, capacity));
      if (i >= capacity - 1) {
        assertThat(d.claim(id(i - capacity + 1), T0)).as("the oldest of the last 7, step %d", i).isFalse();
      }
    }
    assertThat(d.claim(id(100_000 - capacity - 1), T0)).as("evicted").isTrue();

    // Releases free slots in the middle of the ring, which later claims reuse.
    Dedupe holey = new Dedupe(capacity, Long.MAX_VALUE);
    ArrayDeque<Integer> kept = new ArrayDeque<>();
    for (int i = 0; i < 100_000; i++) {
      assertThat(holey.claim(id(i), T0)).isTrue();
      kept.addLast(i);
      if (kept.size() > capacity) {
        kept.removeFirst();
      }
      if (i % 3 == 0 && i >= 2) {
        holey.release(id(i - 2));
        kept.remove(i - 2);
      }
      assertThat(holey.size()).as("step %d", i).isEqualTo(kept.size());
      for (int j : kept) {
        assertThat(holey.claim(id(j), T0)).as("id %d kept at step %d", j, i).isFalse();
      }
    }

    // By age: at most `window` ids live when one is claimed per ms, whatever the capacity.
    Dedupe timed = new Dedupe(64, 10);
    for (int i = 0; i < 100_000; i++) {
      assertThat(timed.claim(id(i), T0 + i)).isTrue();
      assertThat(timed.size()).isEqualTo(Math.min(i + 1, 10));
    }
    assertThat(timed.claim(id(99_990), T0 + 99_999)).isFalse();
    assertThat(timed.claim(id(99_989), T0 + 99_999)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 7, 64})
  void agreesWithTheLinkedHashMapImplementationOnRandomSequences(int capacity) {
    long[] windows = {0, 1, 7, 50, 1_000, Long.MAX_VALUE};
    int checked = 0;
    for (int seed = 0; seed < 36; seed++) {
      SplittableRandom random = new SplittableRandom(seed * 1_000_003L + capacity);
      long window = windows[seed % windows.length];
      // Eagerly sized, grown from one slot (resizes mid-sequence), or as the filter makes it.
      Dedupe d = switch (seed / windows.length % 3) {
        case 0 -> new Dedupe(capacity, window, Dedupe.EAGER_SLOTS, random.nextLong());
        case 1 -> new Dedupe(capacity, window, 1, random.nextLong());
        default -> new Dedupe(capacity, window);
      };
      Reference ref = new Reference(capacity, window);
      UUID[] pool = pool(random, 1 + random.nextInt(4 * capacity + 4));
      long now = random.nextLong(Long.MIN_VALUE / 2, Long.MAX_VALUE / 2);
      long step = window == Long.MAX_VALUE ? 100 : window / 3 + 2;
      for (int i = 0; i < 6_000; i++) {
        int op = random.nextInt(100);
        String what;
        if (op < 55) {
          UUID id = pool[random.nextInt(pool.length)];
          what = "claim " + id + " at " + now;
          assertThat(d.claim(id, now)).as("%s: seed %d step %d", what, seed, i).isEqualTo(ref.claim(id, now));
        } else if (op < 62) {
          UUID id = new UUID(random.nextLong(), random.nextLong()); // never seen: pushes the others out
          what = "claim new " + id + " at " + now;
          assertThat(d.claim(id, now)).as("%s: seed %d step %d", what, seed, i).isTrue();
          assertThat(ref.claim(id, now)).isTrue();
        } else if (op < 75) {
          UUID id = pool[random.nextInt(pool.length)];
          what = "release " + id;
          d.release(id);
          ref.release(id);
        } else if (op < 97) {
          now += random.nextLong(step);
          what = "time " + now;
        } else {
          now -= random.nextLong(step * 2); // the wall clock stepped back
          what = "time back " + now;
        }
        assertThat(d.size()).as("size after %s: seed %d step %d", what, seed, i).isEqualTo(ref.size());
        checked++;
      }
    }
    assertThat(checked).isEqualTo(36 * 6_000);
  }

  /**
   * Every id homes in one of 8 buckets around the end of the table, so the held ids form one probe
   * run of up to the capacity, wrapping past bucket 0, and each release, eviction or expiry shifts
   * most of it back: a shift that took a wrong home bucket would strand a held id before its home
   * (claimed again) or leave a gap hiding the rest of the run. The homes stay within 8 buckets of the
   * end in every smaller table too, so growing from one slot keeps the run.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 128})
  void everyHeldIdOfALongWrappingProbeRunStaysFoundAfterBackwardShifts(int eagerSlots) {
    int capacity = 128;
    long seed = 0x5EED;
    int mask = Dedupe.tableSizeFor(capacity) - 1;
    Dedupe hasher = new Dedupe(capacity, 1, capacity, seed); // the same seed: the same buckets
    SplittableRandom random = new SplittableRandom(17);
    UUID[] pool = new UUID[3 * capacity];
    for (int n = 0; n < pool.length; ) {
      UUID id = new UUID(random.nextLong(), random.nextLong());
      if (((hasher.hash(id.getMostSignificantBits(), id.getLeastSignificantBits()) + 4) & mask) < 8) {
        pool[n++] = id;
      }
    }
    for (long window : new long[] {Long.MAX_VALUE, 2_000, 1_000}) {
      Dedupe d = new Dedupe(capacity, window, eagerSlots, seed);
      Reference ref = new Reference(capacity, window);
      long now = T0;
      int released = 0;
      int forgotten = 0; // evicted or expired
      int fullest = 0;
      for (int i = 0; i < 5_000; i++) {
        int op = random.nextInt(100);
        UUID id = pool[random.nextInt(pool.length)];
        if (op < 60) {
          int before = ref.size();
          boolean claimed = ref.claim(id, now);
          assertThat(d.claim(id, now)).as("claim %s, window %d step %d", id, window, i).isEqualTo(claimed);
          forgotten += before + (claimed ? 1 : 0) - ref.size();
        } else if (op < 80) {
          released += ref.seen.containsKey(id) ? 1 : 0;
          d.release(id);
          ref.release(id);
        } else {
          now += random.nextLong(40);
        }
        assertThat(d.size()).as("size, window %d step %d", window, i).isEqualTo(ref.size());
        fullest = Math.max(fullest, ref.size());
        if (i % 50 == 0) { // all the ids held: each a duplicate, unless it expired since the last claim
          for (UUID held : List.copyOf(ref.seen.keySet())) {
            assertThat(d.claim(held, now)).as("held %s, window %d step %d", held, window, i)
                .isEqualTo(ref.claim(held, now));
          }
        }
      }
      assertThat(fullest).as("the longest run, window %d", window).isGreaterThanOrEqualTo(capacity / 2);
      assertThat(released).as("releases of held ids, window %d", window).isGreaterThan(100);
      assertThat(forgotten).as("evictions and expiries, window %d", window).isGreaterThan(100);
    }
  }

  /** Ids of the shapes seen or feared: random v4, v7 sharing timestamp bits, and low-entropy ones. */
  private static UUID[] pool(SplittableRandom random, int n) {
    UUID[] pool = new UUID[n];
    long ms = 0x0190_1234_5678L;
    for (int i = 0; i < n; i++) {
      pool[i] = switch (random.nextInt(5)) {
        case 0 -> UUID.randomUUID();
        case 1 -> new UUID((ms + random.nextInt(3)) << 16 | 0x7000 | random.nextInt(4096),
            0x8000_0000_0000_0000L | random.nextLong() >>> 2);
        case 2 -> new UUID(0, i);
        case 3 -> new UUID(i, 0);
        default -> new UUID(i, i);
      };
    }
    return pool;
  }

  @Test
  void concurrentClaimsOfTheSameIdsSucceedOncePerId() throws Exception {
    int ids = 20_000;
    int threads = 4;
    UUID[] pool = new UUID[ids];
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < ids; i++) {
      pool[i] = new UUID(random.nextLong(), random.nextLong());
    }
    Dedupe d = new Dedupe(32_768, Long.MAX_VALUE, 16, 77); // small at first: it also grows under contention
    AtomicIntegerArray wins = new AtomicIntegerArray(ids);
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        SplittableRandom order = random.split();
        // Each thread claims three quarters of the ids, so every id is raced by three threads.
        int from = t * ids / threads;
        done.add(executor.submit(() -> {
          start.await();
          int n = ids * 3 / 4;
          int[] mine = new int[n];
          for (int k = 0; k < n; k++) {
            mine[k] = (from + k) % ids;
          }
          for (int k = n - 1; k > 0; k--) {
            int j = order.nextInt(k + 1);
            int x = mine[k];
            mine[k] = mine[j];
            mine[j] = x;
          }
          for (int i : mine) {
            if (d.claim(pool[i], T0)) {
              wins.incrementAndGet(i);
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      executor.shutdownNow();
    }
    for (int i = 0; i < ids; i++) {
      assertThat(wins.get(i)).as("claims won for id %d", i).isEqualTo(1);
    }
    assertThat(d.size()).isEqualTo(ids);
  }

  @Test
  void claimAndReleaseAllocateNothingOnceSized() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeThat(bean).isInstanceOf(com.sun.management.ThreadMXBean.class);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeThat(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()).isTrue();
    SplittableRandom random = new SplittableRandom(3);
    UUID[] pool = pool(random, 700);
    int ops = 200_000;
    int[] claims = random.ints(ops, 0, pool.length).toArray();
    int[] releases = random.ints(ops, 0, pool.length).toArray();
    Dedupe d = new Dedupe(500, 50); // ~800 claims per window: evictions, expiries and duplicates
    long tid = Thread.currentThread().getId();
    long before = 0;
    int duplicates = 0;
    for (int round = 0; round < 2; round++) { // the first round warms up
      before = threads.getThreadAllocatedBytes(tid);
      for (int i = 0; i < ops; i++) {
        if (!d.claim(pool[claims[i]], T0 + round * 1_000_000L + i / 16)) {
          duplicates++;
        }
        if (i % 5 == 0) {
          d.release(pool[releases[i]]);
        }
      }
    }
    long allocated = threads.getThreadAllocatedBytes(tid) - before;
    assertThat(duplicates).as("the sequence repeats ids").isPositive();
    assertThat(allocated).as("bytes allocated by %d claims", ops).isLessThan(4_096);
  }

  /** The implementation Dedupe replaced, verbatim but for its name: the specification it keeps. */
  static final class Reference {
    private final int capacity;
    private final long windowMillis;
    private final LinkedHashMap<UUID, Long> seen = new LinkedHashMap<>();

    Reference(int capacity, long windowMillis) {
      this.capacity = capacity;
      this.windowMillis = windowMillis;
    }

    synchronized boolean claim(UUID id, long nowMillis) {
      if (capacity == 0) {
        return true;
      }
      expire(nowMillis);
      if (seen.putIfAbsent(id, nowMillis) != null) {
        return false;
      }
      if (seen.size() > capacity) {
        Iterator<UUID> it = seen.keySet().iterator();
        it.next();
        it.remove();
      }
      return true;
    }

    synchronized void release(UUID id) {
      seen.remove(id);
    }

    synchronized int size() {
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
}
