package dev.logline.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PropertyMapTest {

  @Test
  void keysComeOutSortedWhateverOrderTheyWentIn() {
    Event e = Event.builder("e").property("zeta", 1).property("alpha", 2).property("mid", 3).property("beta", 4).build();
    assertThat(new ArrayList<>(e.properties().keySet())).containsExactly("alpha", "beta", "mid", "zeta");
    List<String> seen = new ArrayList<>();
    e.properties().forEach((k, v) -> seen.add(k + "=" + v));
    assertThat(seen).containsExactly("alpha=2", "beta=4", "mid=3", "zeta=1");
    assertThat(e.properties().firstKey()).isEqualTo("alpha");
    assertThat(e.properties().lastKey()).isEqualTo("zeta");
  }

  @Test
  void aRepeatedKeySequenceIsSortedTheSameWayAndValuesFollowTheirKeys() {
    // the same String objects in the same order hit the remembered sort order; shuffles and
    // sub-sequences that share a first key must not be confused with it
    String[] pool = {"order_id", "amount", "currency", "items", "coupon", "payment_method", "shipping_country",
        "first_order", "discount", "channel", "a", "zz"};
    java.util.SplittableRandom random = new java.util.SplittableRandom(5);
    for (int round = 0; round < 2_000; round++) {
      java.util.List<String> keys = new java.util.ArrayList<>(java.util.List.of(pool));
      java.util.Collections.shuffle(keys, new java.util.Random(random.nextInt(50)));
      int n = 1 + random.nextInt(keys.size());
      for (int repeat = 0; repeat < 2; repeat++) {
        Event.Builder b = Event.builder("e");
        for (int i = 0; i < n; i++) {
          b.property(keys.get(i), keys.get(i) + "=" + i);
        }
        java.util.Map<String, Object> properties = b.build().properties();
        assertThat(properties.keySet()).containsExactlyElementsOf(new java.util.TreeSet<>(keys.subList(0, n)));
        for (int i = 0; i < n; i++) {
          assertThat(properties.get(keys.get(i))).isEqualTo(keys.get(i) + "=" + i);
        }
      }
    }
  }

  @Test
  void behavesLikeAnyOtherMapForLookupsEqualityAndRanges() {
    Event e = Event.builder("e").property("b", "x").property("a", 1L).property("c", true).build();
    TreeMap<String, Object> expected = new TreeMap<>(Map.of("a", 1L, "b", "x", "c", true));
    assertThat(e.properties()).isEqualTo(expected).hasSameHashCodeAs(expected);
    assertThat(e.properties().get("b")).isEqualTo("x");
    assertThat(e.properties().get(new String("b"))).isEqualTo("x"); // equal, not the same object
    assertThat(e.properties().get(new String("bb"))).isNull();
    assertThat(e.properties().get("nope")).isNull();
    assertThat(e.properties().get(42)).isNull();
    assertThat(e.properties().containsKey("c")).isTrue();
    assertThat(e.properties().headMap("c")).containsOnlyKeys("a", "b");
    assertThat(e.properties().tailMap("b")).containsOnlyKeys("b", "c");
    assertThat(e.properties().subMap("b", "c")).containsOnlyKeys("b");
  }

  @Test
  void replacingAndRemovingKeysKeepsOneEntryPerKey() {
    Event e = Event.builder("e").property("a", 1).property("b", 2).property("a", 3).removeProperty("b").removeProperty("zz").build();
    assertThat(e.properties()).containsExactly(Map.entry("a", 3L));
  }

  @Test
  void theLastPutOfAKeyWinsWhateverItsPlaceAndEqualKeysNeedNotBeTheSameString() {
    String late = new String("amount"); // equal, not identical: the memoized sort order must not take it as new
    for (int round = 0; round < 3; round++) { // later rounds meet remembered sort orders
      Event e = Event.builder("e").property("amount", 1).property("zeta", "z").property("currency", "EUR")
          .property(late, 2).property("currency", "USD").build();
      assertThat(e.properties()).containsExactly(
          Map.entry("amount", 2L), Map.entry("currency", "USD"), Map.entry("zeta", "z"));
    }
  }

  @Test
  void removingAKeyRemovesEveryEarlierPutOfIt() {
    Event e = Event.builder("e").property("a", 1).property("b", 2).property("a", 3).removeProperty("a").build();
    assertThat(e.properties()).containsExactly(Map.entry("b", 2L));
  }

  @Test
  void aKeyPutOverAndOverKeepsOneEntryInTheBuilder() throws ReflectiveOperationException {
    Event.Builder b = Event.builder("e").property("other", true);
    for (int i = 0; i < 100_000; i++) {
      b.property("counter", i);
    }
    java.lang.reflect.Field entries = Event.Builder.class.getDeclaredField("entries");
    entries.setAccessible(true);
    assertThat(((Object[]) entries.get(b)).length).isEqualTo(PropertyMap.INITIAL_CAPACITY);
    Event e = b.build();
    assertThat(e.properties()).containsExactly(Map.entry("counter", 99_999L), Map.entry("other", true));
    assertThat(b.property("next", 1).build().properties()).hasSize(3);
  }

  @Test
  void manyPropertiesGrowTheArrays() {
    Event.Builder b = Event.builder("e");
    for (int i = 99; i >= 0; i--) {
      b.property(String.format("k%03d", i), i);
    }
    Event e = b.build();
    assertThat(e.properties()).hasSize(100);
    assertThat(e.properties().firstKey()).isEqualTo("k000");
    assertThat(e.properties().get("k057")).isEqualTo(57L);
  }

  @Test
  void anEventsPropertiesNeverChangeThroughItsBuildersOrToBuilder() {
    Event.Builder b = Event.builder("e").property("a", 1);
    Event first = b.build();
    b.property("a", 2).property("b", 3);
    Event second = b.build();
    Event third = second.toBuilder().removeProperty("a").property("c", 4).build();

    assertThat(first.properties()).containsExactly(Map.entry("a", 1L));
    assertThat(second.properties()).containsExactly(Map.entry("a", 2L), Map.entry("b", 3L));
    assertThat(third.properties()).containsExactly(Map.entry("b", 3L), Map.entry("c", 4L));
  }

  @Test
  void noPropertiesIsAnEmptyMap() {
    assertThat(Event.builder("e").build().properties()).isEmpty();
  }
}
