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
      "9999999999-0-0", "1-0-", "1--0", "+1-0-0", "1-0-01", "1-0-1234567890", "\u0661-0-0", "1-0-0\n"})
  void rejectsBadTextNamingValueAndForm(String text) {
    assertThatThrownBy(() -> SchemaVer.parse(text))
        .isInstanceOfSatisfying(SchemaException.class,
            e -> assertThat(e.kind()).isEqualTo(SchemaException.Kind.INVALID_VERSION))
        .hasMessage("invalid SchemaVer \"" + text
            + "\": expected MODEL-REVISION-ADDITION, e.g. 1-0-0 (MODEL >= 1, no leading zeros)");
  }

  @Test
  void parseAcceptsExactlyTheDocumentedFormOnRandomTexts() {
    java.util.regex.Pattern form =
        java.util.regex.Pattern.compile("([1-9][0-9]{0,8})-(0|[1-9][0-9]{0,8})-(0|[1-9][0-9]{0,8})");
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    String alphabet = "0123456789--a";
    int accepted = 0;
    for (int i = 0; i < 200_000; i++) {
      StringBuilder sb = new StringBuilder();
      for (int n = random.nextInt(13); n > 0; n--) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      String text = sb.toString();
      boolean expected = form.matcher(text).matches();
      SchemaVer parsed = null;
      try {
        parsed = SchemaVer.parse(text);
      } catch (SchemaException e) {
        // rejected
      }
      assertThat(parsed != null).as("\"%s\"", text).isEqualTo(expected);
      if (parsed != null) {
        accepted++;
        assertThat(parsed.toString()).isEqualTo(text);
        assertThat(parsed).isEqualTo(SchemaVer.of(parsed.model(), parsed.revision(), parsed.addition()));
      }
    }
    assertThat(accepted).as("the generator reaches valid versions").isGreaterThan(100);
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
