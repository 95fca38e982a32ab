package dev.logline.core;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * An event's properties: immutable, keys in ascending order, backed by two arrays.
 *
 * <p>A {@code TreeMap} costs an entry object per property on every event (measured: more than half
 * of the hot path's garbage); events have a handful of keys, so sorted arrays with a binary search
 * are both smaller and faster. Iterate with {@link #forEach(BiConsumer)} to allocate nothing.
 */
final class PropertyMap extends AbstractMap<String, Object> implements SortedMap<String, Object> {
  static final PropertyMap EMPTY = new PropertyMap(new String[0], new Object[0], 0);

  private final String[] keys;
  private final Object[] values;
  private final int size;

  /** Takes ownership of the arrays, whose first {@code size} keys must be sorted and distinct. */
  PropertyMap(String[] keys, Object[] values, int size) {
    this.keys = keys;
    this.values = values;
    this.size = size;
  }

  String keyAt(int i) {
    return keys[i];
  }

  Object valueAt(int i) {
    return values[i];
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof String && Arrays.binarySearch(keys, 0, size, key) >= 0;
  }

  @Override
  public Object get(Object key) {
    if (!(key instanceof String)) {
      return null;
    }
    int i = Arrays.binarySearch(keys, 0, size, key);
    return i >= 0 ? values[i] : null;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Object> action) {
    for (int i = 0; i < size; i++) {
      action.accept(keys[i], values[i]);
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
            return new SimpleImmutableEntry<>(keys[i], values[i]);
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
    return keys[0];
  }

  @Override
  public String lastKey() {
    if (size == 0) throw new NoSuchElementException();
    return keys[size - 1];
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

  /** The mutable side: unsorted while building, sorted once by {@link #build()}. Not thread-safe. */
  static final class Builder {
    private static final int INITIAL_CAPACITY = 12;
    private String[] keys;
    private Object[] values;
    private int size;
    // Copy-on-write: after build() the arrays belong to the map; the next change copies them.
    private boolean shared;

    Builder() {
      // Room for a typical event's properties without growing.
      keys = new String[INITIAL_CAPACITY];
      values = new Object[INITIAL_CAPACITY];
    }

    /** Starts from {@code map}'s entries without copying until the first change. */
    Builder(PropertyMap map) {
      keys = map.keys;
      values = map.values;
      size = map.size;
      shared = true;
    }

    void put(String key, Object value) {
      for (int i = 0; i < size; i++) {
        if (keys[i].equals(key)) {
          own(size);
          values[i] = value;
          return;
        }
      }
      own(size + 1);
      keys[size] = key;
      values[size] = value;
      size++;
    }

    void remove(String key) {
      for (int i = 0; i < size; i++) {
        if (keys[i].equals(key)) {
          own(size);
          System.arraycopy(keys, i + 1, keys, i, size - i - 1);
          System.arraycopy(values, i + 1, values, i, size - i - 1);
          size--;
          keys[size] = null;
          values[size] = null;
          return;
        }
      }
    }

    PropertyMap build() {
      if (size == 0) {
        return EMPTY;
      }
      if (!shared) {
        sort();
        shared = true;
      }
      return new PropertyMap(keys, values, size);
    }

    private void own(int capacity) {
      if (shared || capacity > keys.length) {
        int length = Math.max(capacity, Math.max(INITIAL_CAPACITY, keys.length * 2));
        keys = Arrays.copyOf(keys, length);
        values = Arrays.copyOf(values, length);
        shared = false;
      }
    }

    /**
     * Sorts by key. A call site logs the same keys in the same order event after event, so the
     * order found for a key sequence is remembered (by the identity of its keys) and replayed
     * in place; an unknown sequence is insertion-sorted (a handful of keys, often in order).
     */
    private void sort() {
      if (size < 2) {
        return;
      }
      int slot = (System.identityHashCode(keys[0]) * 31 + size) & (SortOrder.SLOTS - 1);
      SortOrder known = SortOrder.MEMO[slot];
      if (known != null && known.matches(keys, size)) {
        known.apply(keys, values, size);
        return;
      }
      String[] given = size <= SortOrder.MAX_KEYS ? Arrays.copyOf(keys, size) : null;
      insertionSort();
      if (given != null) {
        SortOrder.MEMO[slot] = SortOrder.of(given, keys);
      }
    }

    private void insertionSort() {
      for (int i = 1; i < size; i++) {
        String key = keys[i];
        Object value = values[i];
        int j = i - 1;
        while (j >= 0 && keys[j].compareTo(key) > 0) {
          keys[j + 1] = keys[j];
          values[j + 1] = values[j];
          j--;
        }
        keys[j + 1] = key;
        values[j + 1] = value;
      }
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
          if (given[j] == sorted[i]) { // keys are distinct (put replaces equal keys), so identities are too
            order[i] = (byte) j;
            break;
          }
        }
      }
      return new SortOrder(given, order);
    }

    boolean matches(String[] candidate, int size) {
      if (keys.length != size) {
        return false;
      }
      for (int i = 0; i < size; i++) {
        if (keys[i] != candidate[i]) {
          return false;
        }
      }
      return true;
    }

    /** Permutes both arrays in place, cycle by cycle. */
    void apply(String[] k, Object[] v, int size) {
      long done = 0;
      for (int start = 0; start < size; start++) {
        if ((done & (1L << start)) != 0) {
          continue;
        }
        String firstKey = k[start];
        Object firstValue = v[start];
        int i = start;
        while (true) {
          done |= 1L << i;
          int from = order[i];
          if (from == start) {
            k[i] = firstKey;
            v[i] = firstValue;
            break;
          }
          k[i] = k[from];
          v[i] = v[from];
          i = from;
        }
      }
    }
  }
}
