package dev.logline.core;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * An event's properties: immutable, keys in ascending order, backed by one array of key, value, key, value, ...
 *
 * <p>A {@code TreeMap} costs an entry object per property on every event (measured: more than half
 * of the hot path's garbage); events have a handful of keys, so a sorted array with a binary search
 * is both smaller and faster, and one interleaved array is one object header less than two.
 * Iterate with {@link #forEach(BiConsumer)} to allocate nothing.
 */
final class PropertyMap extends AbstractMap<String, Object> implements SortedMap<String, Object> {
  static final PropertyMap EMPTY = new PropertyMap(new Object[0], 0);
  /** Room for a typical event's properties (key and value slots) without growing. */
  static final int INITIAL_CAPACITY = 2 * 12;
  /** Up to this many keys, a lookup first looks for the very same String object. */
  private static final int IDENTITY_SCAN_MAX = 16;

  private final Object[] entries;
  private final int size;

  /**
   * Takes ownership of {@code entries}: key {@code i} at {@code 2i}, its value at {@code 2i + 1}; the first {@code
   * size} keys must be sorted and distinct.
   */
  PropertyMap(Object[] entries, int size) {
    this.entries = entries;
    this.size = size;
  }

  /**
   * Sorts the first {@code size} entries in place and wraps the array, which then belongs to the map: the caller
   * must copy it before any further change. Of equal keys the last one given wins (the builder appends without
   * looking for an earlier put of the same key), so the map may be smaller than {@code size}.
   */
  static PropertyMap adoptSorted(Object[] entries, int size) {
    if (size == 0) {
      return EMPTY;
    }
    return new PropertyMap(entries, sortDistinct(entries, size));
  }

  /** The backing array (shared: copy before changing it). */
  Object[] entryArray() {
    return entries;
  }

  String keyAt(int i) {
    return (String) entries[2 * i];
  }

  Object valueAt(int i) {
    return entries[2 * i + 1];
  }

  @Override
  public int size() {
    return size;
  }

  private int indexOf(Object key) {
    if (!(key instanceof String)) {
      return -1;
    }
    String k = (String) key;
    if (size <= IDENTITY_SCAN_MAX) {
      // The usual hit: keys and schema names are interned, and a row of reference compares costs less than the
      // compareTo calls of a binary search (which has no identity shortcut).
      for (int i = 0; i < size; i++) {
        if (entries[2 * i] == k) {
          return i;
        }
      }
    }
    int low = 0;
    int high = size - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      Object at = entries[2 * mid];
      if (at == k) {
        return mid;
      }
      int cmp = ((String) at).compareTo(k);
      if (cmp < 0) {
        low = mid + 1;
      } else if (cmp > 0) {
        high = mid - 1;
      } else {
        return mid;
      }
    }
    return -1;
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public Object get(Object key) {
    int i = indexOf(key);
    return i >= 0 ? entries[2 * i + 1] : null;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Object> action) {
    for (int i = 0; i < size; i++) {
      action.accept((String) entries[2 * i], entries[2 * i + 1]);
    }
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < size;
          }

          @Override
          public Entry<String, Object> next() {
            if (next >= size) throw new NoSuchElementException();
            int i = next++;
            return new SimpleImmutableEntry<>((String) entries[2 * i], entries[2 * i + 1]);
          }
        };
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  @Override
  public Comparator<? super String> comparator() {
    return null;
  }

  @Override
  public String firstKey() {
    if (size == 0) throw new NoSuchElementException();
    return keyAt(0);
  }

  @Override
  public String lastKey() {
    if (size == 0) throw new NoSuchElementException();
    return keyAt(size - 1);
  }

  // Range views are rare: a copy keeps this class small.
  @Override
  public SortedMap<String, Object> subMap(String fromKey, String toKey) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(this).subMap(fromKey, toKey));
  }

  @Override
  public SortedMap<String, Object> headMap(String toKey) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(this).headMap(toKey));
  }

  @Override
  public SortedMap<String, Object> tailMap(String fromKey) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(this).tailMap(fromKey));
  }

  /** Sorts in place, dropping all but the last of equal keys; returns the number of distinct keys. */
  static int sortDistinct(Object[] entries, int size) {
    if (size < 2) {
      return size;
    }
    int slot = (System.identityHashCode(entries[0]) * 31 + size) & (SortOrder.SLOTS - 1);
    SortOrder known = SortOrder.MEMO[slot];
    if (known != null && known.matches(entries, size)) {
      known.apply(entries, size); // the same key instances as a sequence found distinct before
      return size;
    }
    String[] given = size <= SortOrder.MAX_KEYS ? keys(entries, size) : null;
    insertionSort(entries, size);
    int distinct = dropEarlierDuplicates(entries, size);
    if (given != null && distinct == size) {
      SortOrder.MEMO[slot] = SortOrder.of(given, keys(entries, size));
    }
    return distinct;
  }

  /** On sorted entries (stable: equal keys in the order given), keeps the last of each run of equal keys. */
  private static int dropEarlierDuplicates(Object[] entries, int size) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (i + 1 < size && entries[2 * i].equals(entries[2 * i + 2])) {
        continue;
      }
      entries[2 * kept] = entries[2 * i];
      entries[2 * kept + 1] = entries[2 * i + 1];
      kept++;
    }
    for (int i = 2 * kept; i < 2 * size; i++) {
      entries[i] = null;
    }
    return kept;
  }

  private static String[] keys(Object[] entries, int size) {
    String[] keys = new String[size];
    for (int i = 0; i < size; i++) {
      keys[i] = (String) entries[2 * i];
    }
    return keys;
  }

  private static void insertionSort(Object[] entries, int size) {
    for (int i = 1; i < size; i++) {
      String key = (String) entries[2 * i];
      Object value = entries[2 * i + 1];
      int j = i - 1;
      while (j >= 0 && ((String) entries[2 * j]).compareTo(key) > 0) {
        entries[2 * j + 2] = entries[2 * j];
        entries[2 * j + 3] = entries[2 * j + 1];
        j--;
      }
      entries[2 * j + 2] = key;
      entries[2 * j + 3] = value;
    }
  }

  /** The sorted order of one key sequence; immutable, so shared between threads without locks. */
  static final class SortOrder {
    static final int SLOTS = 64; // a power of two
    static final int MAX_KEYS = 64; // order positions fit a long bit set
    // Racy by design: a slot holds the last order stored there, and a stale read only misses.
    static final SortOrder[] MEMO = new SortOrder[SLOTS];

    private final String[] keys; // the sequence as given
    private final byte[] order; // order[i]: where the i-th smallest key is in the given sequence

    private SortOrder(String[] keys, byte[] order) {
      this.keys = keys;
      this.order = order;
    }

    static SortOrder of(String[] given, String[] sorted) {
      byte[] order = new byte[given.length];
      for (int i = 0; i < given.length; i++) {
        for (int j = 0; j < given.length; j++) {
          if (given[j] == sorted[i]) { // only distinct sequences are memoized, so identities differ too
            order[i] = (byte) j;
            break;
          }
        }
      }
      return new SortOrder(given, order);
    }

    boolean matches(Object[] entries, int size) {
      if (keys.length != size) {
        return false;
      }
      for (int i = 0; i < size; i++) {
        if (keys[i] != entries[2 * i]) {
          return false;
        }
      }
      return true;
    }

    /** Permutes the entries in place, cycle by cycle. */
    void apply(Object[] entries, int size) {
      long done = 0;
      for (int start = 0; start < size; start++) {
        if ((done & (1L << start)) != 0) {
          continue;
        }
        Object firstKey = entries[2 * start];
        Object firstValue = entries[2 * start + 1];
        int i = start;
        while (true) {
          done |= 1L << i;
          int from = order[i];
          if (from == start) {
            entries[2 * i] = firstKey;
            entries[2 * i + 1] = firstValue;
            break;
          }
          entries[2 * i] = entries[2 * from];
          entries[2 * i + 1] = entries[2 * from + 1];
          i = from;
        }
      }
    }
  }
}
