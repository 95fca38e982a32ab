package dev.logline.schema;

import static dev.logline.schema.Data.CHECKOUT_1_0_0;
import static dev.logline.schema.Data.CHECKOUT_1_0_1;
import static dev.logline.schema.Data.REGISTRY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URLClassLoader;
import org.assertj.core.api.ListAssert;
import org.junit.jupiter.api.Test;

class CompatibilityCheckerTest {
  /** An object schema with the given properties, required list and additionalProperties. */
  private static String schema(String properties, String required, String additionalProperties) {
    return "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"object\",\"properties\":{" + properties
        + "},\"required\":[" + required + "]" + (additionalProperties == null ? ""
        : ",\"additionalProperties\":" + additionalProperties) + "}";
  }

  private static final String BASE = schema("\"amount\":{\"type\":\"number\"},\"note\":{\"type\":\"string\"}",
      "\"amount\"", "false");

  private static CompatibilityVerdict compare(String older, String newer) {
    return CompatibilityChecker.compare(older, newer);
  }

  /** Asserts that {@code older -> newer} is a {@code kind} change; returns its reasons, to assert next. */
  private static ListAssert<String> assertVerdict(String older, String newer, ChangeKind kind) {
    CompatibilityVerdict v = compare(older, newer);
    assertThat(v.kind()).isEqualTo(kind);
    return assertThat(v.reasons());
  }

  private static EventSchema event(String key, String json) {
    return EventSchema.of(SchemaKey.parse(key), "test", json, null);
  }

  @Test
  void identicalIsNone() {
    assertVerdict(BASE, BASE, ChangeKind.NONE).isEmpty();
  }

  @Test
  void annotationOnlyChangeIsNone() {
    String described = BASE.replace("\"type\":\"object\"", "\"type\":\"object\",\"description\":\"now documented\"");
    assertThat(compare(BASE, described).kind()).isEqualTo(ChangeKind.NONE);
  }

  @Test
  void shippedCheckoutOneZeroOneIsAnAddition() {
    assertVerdict(REGISTRY.schema(CHECKOUT_1_0_0).json(), REGISTRY.schema(CHECKOUT_1_0_1).json(), ChangeKind.ADDITION)
        .containsExactly("optional property /coupon was added");
  }

  @Test
  void loosenedConstraintsAreAdditions() {
    String older = schema("\"code\":{\"type\":\"string\",\"maxLength\":10},\"n\":{\"type\":\"integer\",\"maximum\":5},"
        + "\"kind\":{\"enum\":[\"a\",\"b\"]}", "\"code\"", "false");
    String newer = schema("\"code\":{\"type\":\"string\",\"maxLength\":20},\"n\":{\"type\":\"number\",\"maximum\":9},"
        + "\"kind\":{\"enum\":[\"a\",\"b\",\"c\"]}", "", "false");
    assertVerdict(older, newer, ChangeKind.ADDITION).containsExactlyInAnyOrder(
        "property /code is no longer required",
        "maxLength of /code raised from 10 to 20",
        "type of /n changed from integer to number (widened)",
        "maximum of /n raised from 5 to 9",
        "enum of /kind gained \"c\"");
  }

  @Test
  void optionalPropertyAddedToAnOpenSchemaIsARevision() {
    String older = schema("\"amount\":{\"type\":\"number\"}", "\"amount\"", null);
    String newer = schema("\"amount\":{\"type\":\"number\"},\"coupon\":{\"type\":\"string\"}", "\"amount\"", null);
    assertVerdict(older, newer, ChangeKind.REVISION)
        .containsExactly("optional property /coupon was added while additionalProperties of "
            + "(root) was not false, so older data may hold it with another value");
  }

  @Test
  void tightenedConstraintsAreRevisions() {
    String older = schema("\"code\":{\"type\":\"string\",\"maxLength\":20},\"n\":{\"type\":\"number\",\"minimum\":0},"
        + "\"kind\":{\"enum\":[\"a\",\"b\"]},\"note\":{\"type\":\"string\"}", "\"n\"", "true");
    String newer = schema("\"code\":{\"type\":\"string\",\"maxLength\":10},\"n\":{\"type\":\"number\",\"minimum\":1},"
        + "\"kind\":{\"enum\":[\"a\"]},\"note\":{\"type\":\"integer\"}", "\"n\"", "false");
    assertVerdict(older, newer, ChangeKind.REVISION).containsExactlyInAnyOrder(
        "additionalProperties of (root) changed from true to false",
        "maxLength of /code lowered from 20 to 10",
        "minimum of /n raised from 0 to 1",
        "enum of /kind lost \"b\"",
        "type of /note changed from string to integer");
  }

  @Test
  void unclassifiableChangeIsARevision() {
    String older = schema("\"amount\":{\"type\":\"number\",\"multipleOf\":0.01}", "\"amount\"", "false");
    String newer = schema("\"amount\":{\"type\":\"number\",\"multipleOf\":0.05}", "\"amount\"", "false");
    assertVerdict(older, newer, ChangeKind.REVISION)
        .containsExactly("cannot prove compatible: keyword multipleOf changed at /amount");
  }

  @Test
  void newRequiredPropertyIsAModelChange() {
    String newer = schema("\"amount\":{\"type\":\"number\"},\"note\":{\"type\":\"string\"},"
        + "\"currency\":{\"type\":\"string\"}", "\"amount\",\"currency\",\"note\"", "false");
    assertVerdict(BASE, newer, ChangeKind.MODEL).containsExactly("property /currency was added as required",
        "property /note became required");
  }

  @Test
  void removedPropertyUnderClosedSchemaIsAModelChange() {
    assertVerdict(BASE, schema("\"amount\":{\"type\":\"number\"}", "\"amount\"", "false"), ChangeKind.MODEL)
        .containsExactly("property /note was removed");
  }

  @Test
  void removedPropertyUnderOpenSchemaIsAnAddition() {
    String older = schema("\"amount\":{\"type\":\"number\"},\"note\":{\"type\":\"string\"}", "\"amount\"", null);
    assertVerdict(older, schema("\"amount\":{\"type\":\"number\"}", "\"amount\"", null), ChangeKind.ADDITION)
        .containsExactly("property /note was removed, so any value is accepted");
  }

  @Test
  void requiredPropertyChangingTypeIsAModelChange() {
    String newer = BASE.replace("\"amount\":{\"type\":\"number\"}", "\"amount\":{\"type\":\"string\"}");
    assertVerdict(BASE, newer, ChangeKind.MODEL).containsExactly("type of /amount changed from number to string");
  }

  @Test
  void rootTypeChangeIsAModelChange() {
    assertVerdict("{\"type\":\"object\"}", "{\"type\":\"array\"}", ChangeKind.MODEL)
        .containsExactly("type of (root) changed from object to array");
  }

  @Test
  void comparesArrayItemsRecursively() {
    String older = schema("\"lines\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":"
        + "{\"qty\":{\"type\":\"integer\",\"maximum\":99}}}}", "", "false");
    assertVerdict(older, older.replace("99", "10"), ChangeKind.REVISION)
        .containsExactly("maximum of /lines/*/qty lowered from 99 to 10");
  }

  @Test
  void verdictListsReasonsOfEverySeverity() {
    String newer = schema("\"amount\":{\"type\":\"number\"},\"note\":{\"type\":\"string\"},"
        + "\"coupon\":{\"type\":\"string\"}", "\"amount\",\"note\"", "false");
    assertVerdict(BASE, newer, ChangeKind.MODEL)
        .containsExactly("property /note became required", "optional property /coupon was added");
  }

  @Test
  void bumpOfNamesTheIncrementedComponent() {
    assertThat(CompatibilityChecker.bumpOf(SchemaVer.parse("1-0-0"), SchemaVer.parse("1-0-1")))
        .isEqualTo(ChangeKind.ADDITION);
    assertThat(CompatibilityChecker.bumpOf(SchemaVer.parse("1-0-3"), SchemaVer.parse("1-1-0")))
        .isEqualTo(ChangeKind.REVISION);
    assertThat(CompatibilityChecker.bumpOf(SchemaVer.parse("1-2-3"), SchemaVer.parse("2-0-0")))
        .isEqualTo(ChangeKind.MODEL);
  }

  @Test
  void bumpOfRejectsAVersionThatDoesNotIncrease() {
    assertThatThrownBy(() -> CompatibilityChecker.bumpOf(SchemaVer.parse("1-0-1"), SchemaVer.parse("1-0-1")))
        .isInstanceOfSatisfying(SchemaException.class,
            e -> assertThat(e.kind()).isEqualTo(SchemaException.Kind.INVALID_VERSION))
        .hasMessage("version 1-0-1 is not greater than 1-0-1");
    assertThatThrownBy(() -> CompatibilityChecker.bumpOf(SchemaVer.parse("1-1-0"), SchemaVer.parse("1-0-9")))
        .hasMessage("version 1-0-9 is not greater than 1-1-0");
  }

  @Test
  void checkBumpReportsAnUnderstatedChange() {
    String newer = BASE.replace("\"required\":[\"amount\"]", "\"required\":[\"amount\",\"note\"]");
    assertThat(CompatibilityChecker.checkBump(event("order/1-0-0", BASE), event("order/1-0-1", newer)))
        .containsExactly("order 1-0-0 -> 1-0-1: bumped ADDITION but the change is a MODEL change: "
            + "property /note became required");
    assertThat(CompatibilityChecker.checkBump(event("order/1-0-0", BASE), event("order/2-0-0", newer))).isEmpty();
  }

  @Test
  void checkBumpNamesOnlyTheReasonsAboveTheBump() {
    String newer = schema("\"amount\":{\"type\":\"number\"},\"note\":{\"type\":\"string\"},"
        + "\"coupon\":{\"type\":\"string\"}", "\"amount\",\"note\"", "false");
    assertThat(CompatibilityChecker.checkBump(event("order/1-0-0", BASE), event("order/1-1-0", newer)))
        .containsExactly("order 1-0-0 -> 1-1-0: bumped REVISION but the change is a MODEL change: "
            + "property /note became required");
  }

  @Test
  void checkBumpAcceptsAnOverstatedChange() {
    assertThat(CompatibilityChecker.checkBump(event("order/1-0-0", BASE), event("order/1-1-0", BASE))).isEmpty();
  }

  @Test
  void checkBumpRejectsDifferentEvents() {
    assertThatThrownBy(() -> CompatibilityChecker.checkBump(event("a/1-0-0", BASE), event("b/1-0-1", BASE)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("different events: a/1-0-0 and b/1-0-1");
  }

  @Test
  void shippedSchemasEvolveCorrectly() {
    assertThat(CompatibilityChecker.checkAll(REGISTRY)).isEmpty();
    CompatibilityChecker.requireCompatible(REGISTRY);
  }

  @Test
  void checkAllReportsUnderstatedBumpsAndSkippedVersions() throws IOException {
    try (URLClassLoader loader = Data.broken("evolution")) {
      SchemaRegistry registry = SchemaRegistry.fromClasspath(loader);
      assertThat(CompatibilityChecker.checkAll(registry)).containsExactly(
          "order 1-0-0 -> 1-0-1: bumped ADDITION but the change is a MODEL change: "
              + "property /currency was added as required",
          "order 1-0-1 -> 1-0-3: skips a version; the next of 1-0-1 is 1-0-2, 1-1-0 or 2-0-0");
      assertThatThrownBy(() -> CompatibilityChecker.requireCompatible(registry))
          .isInstanceOfSatisfying(SchemaException.class,
              e -> assertThat(e.kind()).isEqualTo(SchemaException.Kind.INCOMPATIBLE_CHANGE))
          .hasMessageStartingWith("incompatible schema changes: order 1-0-0 -> 1-0-1: bumped ADDITION");
    }
  }

  @Test
  void compareRejectsMalformedJson() {
    assertThatThrownBy(() -> compare("{", BASE))
        .isInstanceOfSatisfying(SchemaException.class,
            e -> assertThat(e.kind()).isEqualTo(SchemaException.Kind.MALFORMED_SCHEMA))
        .hasMessageStartingWith("malformed schema older schema: ");
  }
}
