package dev.logline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTest {

  @Test
  void buildWithoutANameNamesTheMissingAttribute() {
    Event.Builder b = Event.builder("x");
    assertThatThrownBy(() -> b.name(null)).isInstanceOf(NullPointerException.class).hasMessage("event == null");
  }

  @Test
  void eventNamesMustBeSnakeCase() {
    assertThatThrownBy(() -> Event.builder("Checkout Completed"))
        .isInstanceOf(EventException.class)
        .hasMessage("event: expected [a-z][a-z0-9_]{0,63} (lower-case snake_case), found String \"Checkout Completed\"");
    assertThatThrownBy(() -> Event.builder("x".repeat(65))).isInstanceOf(EventException.class);
    assertThat(Event.builder("a1_b").build().name()).isEqualTo("a1_b");
  }

  @Test
  void nanAndInfinityAreRefusedNamingTheProperty() {
    assertThatThrownBy(() -> Event.builder("e").property("amount", Double.NaN))
        .isInstanceOf(EventException.class)
        .hasMessageContaining("amount")
        .hasMessageContaining("NaN")
        .hasMessageContaining("finite");
    assertThatThrownBy(() -> Event.builder("e").property("nested", Map.of("x", List.of(Double.POSITIVE_INFINITY))))
        .isInstanceOf(EventException.class)
        .hasMessageContaining("nested.x[0]");
  }

  @Test
  void nullValuesAndKeysAreRefused() {
    assertThatThrownBy(() -> Event.builder("e").property("k", (String) null))
        .isInstanceOf(NullPointerException.class).hasMessage("property 'k' == null");
    assertThatThrownBy(() -> Event.builder("e").property(null, "v"))
        .isInstanceOf(NullPointerException.class).hasMessage("property key == null");
    assertThatThrownBy(() -> Event.builder("e").property("", "v"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("property key is empty");
  }

  @Test
  void unsupportedValueTypesAreRefusedWithWhatIsExpected() {
    assertThatThrownBy(() -> Event.builder("e").propertyValue("when", new java.util.Date(0)))
        .isInstanceOf(EventException.class)
        .hasMessageContaining("when: expected String, long, double, BigDecimal, boolean, Instant, Map or List");
  }

  @Test
  void numbersAreNormalised() {
    Event e = Event.builder("e")
        .propertyValue("i", 3)
        .propertyValue("f", 1.5f)
        .propertyValue("big", BigInteger.TEN)
        .property("dec", new BigDecimal("1.10"))
        .build();
    assertThat(e.properties()).containsEntry("i", 3L).containsEntry("f", 1.5d)
        .containsEntry("big", BigDecimal.TEN).containsEntry("dec", new BigDecimal("1.10"));
  }

  @Test
  void theEventIsImmutableAndDefensivelyCopied() {
    Map<String, Object> nested = new HashMap<>(Map.of("a", 1));
    List<Object> list = new ArrayList<>(List.of("x"));
    Event.Builder b = Event.builder("e").property("nested", nested).property("list", list);
    Event e = b.build();
    nested.put("b", 2);
    list.add("y");
    b.property("later", "added");

    assertThat(e.properties()).containsOnlyKeys("list", "nested");
    assertThat(e.properties().get("nested")).isEqualTo(Map.of("a", 1L));
    assertThat(e.properties().get("list")).isEqualTo(List.of("x"));
    assertThatThrownBy(() -> e.properties().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> inner = (Map<String, Object>) e.properties().get("nested");
    assertThatThrownBy(() -> inner.put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toBuilderCopiesEverythingAndLeavesTheOriginalAlone() {
    Event original = Data.browserEvent();
    Event copy = original.toBuilder().build();
    assertThat(copy).isEqualTo(original);
    Event changed = original.toBuilder().property("zeta", "changed").userId("u").build();
    assertThat(original.properties().get("zeta")).isEqualTo("last");
    assertThat(changed.properties().get("zeta")).isEqualTo("changed");
    assertThat(original.userId()).isNull();
  }

  @Test
  void instantsOutsideFourDigitYearsAreRefused() {
    assertThatThrownBy(() -> Event.builder("e").occurredAt(Instant.parse("+10000-01-01T00:00:00Z")))
        .isInstanceOf(EventException.class).hasMessageContaining("occurred_at");
  }

  @Test
  void sourceMustBeSnakeCase() {
    assertThatThrownBy(() -> Event.builder("e").source("Web App")).isInstanceOf(EventException.class)
        .hasMessageStartingWith("source:");
  }

  @Test
  void replacingAllPropertiesWithABadMapLeavesTheBuilderAsItWas() {
    Event.Builder b = Event.builder("e").property("kept", "yes");
    Map<String, Object> bad = new java.util.LinkedHashMap<>();
    bad.put("fine", 1);
    bad.put("broken", Double.NaN);

    assertThatThrownBy(() -> b.properties(bad)).hasMessageContaining("broken");
    assertThat(b.build().properties()).containsExactly(Map.entry("kept", "yes"));
    assertThat(b.properties(Map.of("fine", 1)).build().properties()).containsExactly(Map.entry("fine", 1L));
  }
}
