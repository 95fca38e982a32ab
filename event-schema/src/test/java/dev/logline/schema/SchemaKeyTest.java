package dev.logline.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaKeyTest {
  @Test
  void parsesNameAndVersion() {
    SchemaKey key = SchemaKey.parse("checkout_completed/1-0-2");
    assertThat(key.name()).isEqualTo("checkout_completed");
    assertThat(key.version()).isEqualTo(SchemaVer.of(1, 0, 2));
    assertThat(key).hasToString("checkout_completed/1-0-2")
        .isEqualTo(SchemaKey.of("checkout_completed", SchemaVer.of(1, 0, 2)))
        .hasSameHashCodeAs(SchemaKey.of("checkout_completed", SchemaVer.of(1, 0, 2)))
        .isNotEqualTo(SchemaKey.parse("checkout_completed/1-0-1"));
  }

  @Test
  void cachesItsText() {
    SchemaKey key = SchemaKey.parse("a/1-0-0");
    assertThat(key.toString()).isSameAs(key.toString());
  }

  @Test
  void acceptsNamesUpTo64Chars() {
    String longest = "a" + "b".repeat(63);
    assertThat(SchemaKey.of(longest, SchemaVer.of(1, 0, 0)).name()).isEqualTo(longest);
    assertThat(SchemaKey.of("a", SchemaVer.of(1, 0, 0)).name()).isEqualTo("a");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Checkout", "1abc", "_a", "a-b", "a b", "checkout.completed", "é",
      "abbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"})
  void rejectsBadNames(String name) {
    assertThatThrownBy(() -> SchemaKey.of(name, SchemaVer.of(1, 0, 0)))
        .isInstanceOfSatisfying(SchemaException.class,
            e -> assertThat(e.kind()).isEqualTo(SchemaException.Kind.INVALID_NAME))
        .hasMessage("invalid event name \"" + name + "\": expected [a-z][a-z0-9_]{0,63}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"checkout_completed", "checkout_completed-1-0-0", "a/b/1-0-0"})
  void rejectsTextWithoutExactlyOneSlash(String text) {
    assertThatThrownBy(() -> SchemaKey.parse(text))
        .isInstanceOfSatisfying(SchemaException.class,
            e -> assertThat(e.kind()).isEqualTo(SchemaException.Kind.INVALID_NAME))
        .hasMessage("invalid schema key \"" + text
            + "\": expected NAME/MODEL-REVISION-ADDITION, e.g. checkout_completed/1-0-0");
  }

  @Test
  void reportsTheBadPartOfAKey() {
    assertThatThrownBy(() -> SchemaKey.parse("checkout_completed/1.0.0"))
        .isInstanceOfSatisfying(SchemaException.class,
            e -> assertThat(e.kind()).isEqualTo(SchemaException.Kind.INVALID_VERSION))
        .hasMessageStartingWith("invalid SchemaVer \"1.0.0\"");
    assertThatThrownBy(() -> SchemaKey.parse("Checkout/1-0-0"))
        .hasMessageStartingWith("invalid event name \"Checkout\"");
  }

  @Test
  void rejectsNulls() {
    assertThatThrownBy(() -> SchemaKey.of(null, SchemaVer.of(1, 0, 0))).hasMessage("name == null");
    assertThatThrownBy(() -> SchemaKey.of("a", null)).hasMessage("version == null");
    assertThatThrownBy(() -> SchemaKey.parse(null)).hasMessage("text == null");
  }
}
