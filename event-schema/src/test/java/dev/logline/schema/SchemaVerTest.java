package dev.logline.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaVerTest {
  @Test
  void parsesModelRevisionAddition() {
    SchemaVer v = SchemaVer.parse("12-3-45");
    assertThat(v.model()).isEqualTo(12);
    assertThat(v.revision()).isEqualTo(3);
    assertThat(v.addition()).isEqualTo(45);
    assertThat(v).hasToString("12-3-45").isEqualTo(SchemaVer.of(12, 3, 45));
    assertThat(v.hashCode()).isEqualTo(SchemaVer.of(12, 3, 45).hashCode());
  }

  @Test
  void ordersNumericallyNotAlphabetically() {
    TreeSet<SchemaVer> sorted = new TreeSet<>(List.of(SchemaVer.parse("1-0-10"), SchemaVer.parse("10-0-0"),
        SchemaVer.parse("1-0-2"), SchemaVer.parse("2-0-0"), SchemaVer.parse("1-1-0")));
    assertThat(sorted).map(SchemaVer::toString).containsExactly("1-0-2", "1-0-10", "1-1-0", "2-0-0", "10-0-0");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1.0.0", "1-0", "1-0-0-0", "0-0-0", "01-0-0", "1-00-0", "a-b-c", "1-0-0 ", "-1-0-0",
      "9999999999-0-0"})
  void rejectsBadTextNamingValueAndForm(String text) {
    assertThatThrownBy(() -> SchemaVer.parse(text))
        .isInstanceOfSatisfying(SchemaException.class,
            e -> assertThat(e.kind()).isEqualTo(SchemaException.Kind.INVALID_VERSION))
        .hasMessage("invalid SchemaVer \"" + text
            + "\": expected MODEL-REVISION-ADDITION, e.g. 1-0-0 (MODEL >= 1, no leading zeros)");
  }

  @Test
  void ofRejectsModelZeroAndNegatives() {
    assertThatThrownBy(() -> SchemaVer.of(0, 0, 0)).hasMessageStartingWith("invalid SchemaVer \"0-0-0\"");
    assertThatThrownBy(() -> SchemaVer.of(1, -1, 0)).hasMessageStartingWith("invalid SchemaVer \"1--1-0\"");
    assertThatThrownBy(() -> SchemaVer.of(1, 0, -1)).isInstanceOf(SchemaException.class);
  }

  @Test
  void parseRejectsNull() {
    assertThatThrownBy(() -> SchemaVer.parse(null)).isInstanceOf(NullPointerException.class).hasMessage("text == null");
  }
}
