package dev.logline.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ViolationTest {
  @Test
  void keepsItsParts() {
    Violation v = Violation.of("/amount", "type", "/amount: expected type number, found string \"abc\"", "\"abc\"");
    assertThat(v.pointer()).isEqualTo("/amount");
    assertThat(v.keyword()).isEqualTo("type");
    assertThat(v.value()).isEqualTo("\"abc\"");
    assertThat(v).hasToString("/amount: expected type number, found string \"abc\"")
        .isEqualTo(Violation.of("/amount", "type", "/amount: expected type number, found string \"abc\"", "\"abc\""))
        .isNotEqualTo(Violation.of("/amount", "type", "/amount: expected type number, found string \"abc\"", null));
  }

  @Test
  void truncatesValueTo64CharsWithEllipsis() {
    String value = "\"" + "x".repeat(100) + "\"";
    String kept = Violation.of("", "type", "m", value).value();
    assertThat(kept).hasSize(64).isEqualTo("\"" + "x".repeat(62) + "…");
    assertThat(Violation.of("", "type", "m", "y".repeat(64)).value()).isEqualTo("y".repeat(64));
  }

  @Test
  void truncationNeverSplitsASurrogatePair() {
    String value = "x".repeat(62) + "😀" + "tail";
    assertThat(Violation.truncate(value)).isEqualTo("x".repeat(62) + "…");
  }

  @Test
  void requiresPointerKeywordAndMessage() {
    assertThatThrownBy(() -> Violation.of(null, "type", "m", null)).hasMessage("pointer == null");
    assertThatThrownBy(() -> Violation.of("", null, "m", null)).hasMessage("keyword == null");
    assertThatThrownBy(() -> Violation.of("", "type", null, null)).hasMessage("message == null");
  }
}
