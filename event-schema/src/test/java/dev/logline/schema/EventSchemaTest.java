package dev.logline.schema;

import static dev.logline.schema.Data.CART;
import static dev.logline.schema.Data.CHECKOUT_1_0_0;
import static dev.logline.schema.Data.REGISTRY;
import static dev.logline.schema.Data.SIGNED_UP;
import static dev.logline.schema.Data.checkout;
import static dev.logline.schema.Data.checkoutWith;
import static dev.logline.schema.Data.map;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventSchemaTest {
  private final EventSchema checkout = REGISTRY.schema(CHECKOUT_1_0_0);

  @Test
  void validPropertiesHaveNoViolations() {
    assertThat(checkout.validate(checkout())).isEmpty();
    assertThat(REGISTRY.validate(CHECKOUT_1_0_0, map("order_id", "o", "amount", 0, "currency", "USD"))).isEmpty();
  }

  @Test
  void acceptsEveryJavaNumberType() {
    for (Object amount : List.of(1, 1L, (short) 1, (byte) 1, BigInteger.TEN, 1.5d, 1.5f, new BigDecimal("1.25"))) {
      assertThat(checkout.validate(checkoutWith("amount", amount))).as("amount %s", amount.getClass()).isEmpty();
    }
  }

  @Test
  void wrongType() {
    assertThat(checkout.validate(checkoutWith("amount", "abc"))).containsExactly(Violation.of("/amount", "type",
        "/amount: expected type number, found string \"abc\"", "\"abc\""));
  }

  @Test
  void decimalWhereIntegerExpected() {
    assertThat(checkout.validate(checkoutWith("items", 1.5))).containsExactly(Violation.of("/items", "type",
        "/items: expected type integer, found number 1.5", "1.5"));
  }

  @Test
  void missingRequiredPointsAtTheMissingProperty() {
    Map<String, Object> p = checkout();
    p.remove("currency");
    p.remove("order_id");
    assertThat(checkout.validate(p)).containsExactly(
        Violation.of("/currency", "required", "/currency: required property is missing", null),
        Violation.of("/order_id", "required", "/order_id: required property is missing", null));
  }

  @Test
  void valueOutsideEnum() {
    assertThat(REGISTRY.validate(SIGNED_UP, map("method", "fax"))).containsExactly(Violation.of("/method", "enum",
        "/method: expected one of [\"email\",\"google\",\"github\",\"other\"], found \"fax\"", "\"fax\""));
  }

  @Test
  void belowMinimumAndAboveMaximum() {
    assertThat(checkout.validate(checkoutWith("amount", -1))).containsExactly(Violation.of("/amount", "minimum",
        "/amount: expected a number >= 0, found -1", "-1"));
    assertThat(REGISTRY.validate(CART, map("lines", List.of(map("sku", "a", "qty", 100))))).containsExactly(
        Violation.of("/lines/0/qty", "maximum", "/lines/0/qty: expected a number <= 99, found 100", "100"));
  }

  @Test
  void patternMismatch() {
    assertThat(checkout.validate(checkoutWith("currency", "eur"))).containsExactly(Violation.of("/currency", "pattern",
        "/currency: expected a string matching ^[A-Z]{3}$, found \"eur\"", "\"eur\""));
  }

  @Test
  void unknownPropertyPointsAtIt() {
    assertThat(checkout.validate(checkoutWith("coupon", Map.of("code", "SAVE")))).containsExactly(
        Violation.of("/coupon", "additionalProperties",
            "/coupon: property is not allowed (additionalProperties is false), found {\"code\":\"SAVE\"}",
            "{\"code\":\"SAVE\"}"));
  }

  @Test
  void nestedArrayItem() {
    Map<String, Object> p = map("lines", List.of(map("sku", "a", "qty", 1), map("sku", 7, "qty", 1),
        map("qty", 2)));
    assertThat(REGISTRY.validate(CART, p)).containsExactly(
        Violation.of("/lines/1/sku", "type", "/lines/1/sku: expected type string, found integer 7", "7"),
        Violation.of("/lines/2/sku", "required", "/lines/2/sku: required property is missing", null));
  }

  @Test
  void typeListIsOneTypeViolation() {
    assertThat(REGISTRY.validate(CART, map("lines", List.of(map("sku", "a", "qty", 1)), "gift_note", null)))
        .isEmpty();
    assertThat(REGISTRY.validate(CART, map("lines", List.of(map("sku", "a", "qty", 1)), "gift_note", 3)))
        .containsExactly(Violation.of("/gift_note", "type",
            "/gift_note: expected type null or string, found integer 3", "3"));
  }

  @Test
  void internalClasspathAndRelativeRefsAllApply() {
    Map<String, Object> p = map("lines", List.of(map("sku", "", "qty", 1)),
        "total", map("amount", 5, "currency", "eu"), "ship_to", map("country", "DEU"));
    assertThat(REGISTRY.validate(CART, p)).extracting(Violation::pointer, Violation::keyword).containsExactly(
        org.assertj.core.groups.Tuple.tuple("/lines/0/sku", "minLength"),
        org.assertj.core.groups.Tuple.tuple("/ship_to/country", "pattern"),
        org.assertj.core.groups.Tuple.tuple("/total/currency", "pattern"));
  }

  @Test
  void rootOfTheWrongType() {
    assertThat(checkout.validate(List.of(1))).containsExactly(
        Violation.of("", "type", "(root): expected type object, found array [1]", "[1]"));
    assertThat(checkout.validate(null)).containsExactly(
        Violation.of("", "type", "(root): expected type object, found null", "null"));
  }

  @Test
  void longValuesAreTruncatedInValueAndMessage() {
    Violation v = checkout.validate(checkoutWith("amount", "x".repeat(100))).get(0);
    String truncated = "\"" + "x".repeat(62) + "…";
    assertThat(v.value()).isEqualTo(truncated);
    assertThat(v.message()).isEqualTo("/amount: expected type number, found string " + truncated);
  }

  @Test
  void instantIsAnRfc3339UtcTimestampWithMillis() {
    Map<String, Object> lines = map("lines", List.of(map("sku", "a", "qty", 1)));
    lines.put("placed_at", Instant.parse("2026-11-27T08:15:30.123456Z"));
    assertThat(REGISTRY.validate(CART, lines)).isEmpty();
    lines.put("placed_at", Instant.parse("2026-11-27T08:15:30Z"));
    assertThat(REGISTRY.validate(CART, lines)).isEmpty();

    assertThat(checkout.validate(checkoutWith("amount", Instant.parse("2026-11-27T08:15:30.123Z"))))
        .containsExactly(Violation.of("/amount", "type",
            "/amount: expected type number, found string \"2026-11-27T08:15:30.123Z\"",
            "\"2026-11-27T08:15:30.123Z\""));
  }

  @Test
  void nonJsonValuesAreViolationsNotExceptions() {
    Object uuid = UUID.fromString("0192f3c1-7a2b-7c3d-8e4f-5a6b7c8d9e0f");
    assertThat(checkout.validate(checkoutWith("amount", Double.NaN, "items", uuid))).containsExactly(
        Violation.of("/amount", "type", "/amount: expected a finite number, found NaN", null),
        Violation.of("/items", "type", "/items: expected a JSON value (Map, List, String, number, Boolean, null or "
            + "Instant), found java.util.UUID", null));
  }

  @Test
  void reportsEveryViolationSortedByPointer() {
    Map<String, Object> p = map("amount", "1", "currency", "eu", "zzz", 1, "items", -1);
    assertThat(checkout.validate(p)).extracting(Violation::pointer)
        .containsExactly("/amount", "/currency", "/items", "/order_id", "/zzz");
  }

  @Test
  void validatesFromManyThreads() throws Exception {
    Map<String, Object> bad = checkoutWith("currency", "eur");
    List<Violation> expectedBad = checkout.validate(bad);
    assertThat(expectedBad).hasSize(1);
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 8; t++) {
      Thread thread = new Thread(() -> {
        try {
          for (int i = 0; i < 2_000; i++) {
            assertThat(checkout.validate(checkout())).isEmpty();
            assertThat(checkout.validate(bad)).isEqualTo(expectedBad);
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void describesItself() {
    assertThat(checkout.key()).isEqualTo(CHECKOUT_1_0_0);
    assertThat(checkout.resource()).isEqualTo("logline/schemas/events/checkout_completed/1-0-0.json");
    assertThat(checkout.json()).contains("\"order_id\"");
  }
}
