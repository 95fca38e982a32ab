package dev.logline.schema.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logline.schema.EventSchema;
import dev.logline.schema.SchemaRegistry;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.json.JSONObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FastValidatorTest {
  private static FastValidator compile(String json) {
    return FastValidator.compile(new JSONObject(json));
  }

  /** A validator of one property {@code p} with the given schema, in a closed object. */
  private static FastValidator property(String schema) {
    FastValidator v = compile("{\"type\":\"object\",\"properties\":{\"p\":" + schema + "},\"additionalProperties\":false}");
    assertThat(v).as("eligible: %s", schema).isNotNull();
    return v;
  }

  private static Map<String, Object> p(Object value) {
    Map<String, Object> m = new HashMap<>();
    m.put("p", value);
    return m;
  }

  @Nested
  class Eligibility {
    @ParameterizedTest
    @ValueSource(strings = {
        "\"$ref\":\"#/definitions/x\"",
        "\"anyOf\":[{\"type\":\"string\"}]",
        "\"oneOf\":[{\"type\":\"string\"}]",
        "\"allOf\":[{\"type\":\"string\"}]",
        "\"not\":{\"type\":\"string\"}",
        "\"if\":{\"type\":\"string\"},\"then\":{\"minLength\":1}",
        "\"then\":{\"minLength\":1}",
        "\"else\":{\"minLength\":1}",
        "\"format\":\"date-time\"",
        "\"patternProperties\":{\"^x\":{\"type\":\"string\"}}",
        "\"dependencies\":{\"a\":[\"b\"]}",
        "\"propertyNames\":{\"maxLength\":3}",
        "\"contains\":{\"type\":\"string\"}",
        "\"uniqueItems\":true",
        "\"multipleOf\":2",
        "\"additionalProperties\":{\"type\":\"string\"}",
        "\"items\":[{\"type\":\"string\"}]",
        "\"additionalItems\":false",
        "\"readOnly\":true",
        "\"writeOnly\":true",
        "\"contentMediaType\":\"text/plain\"",
        "\"nullable\":true",
        "\"x-custom\":1",
        "\"id\":\"legacy\"",
        "\"enum\":[1,2]",
        "\"enum\":[\"a\",1.5]",
        "\"enum\":[{\"a\":1}]",
        "\"const\":0",
        "\"const\":[]",
        "\"exclusiveMinimum\":true",
        "\"minimum\":\"0\"",
        "\"minLength\":1.5",
        "\"type\":\"date\"",
        "\"type\":[]",
        "\"required\":\"a\""})
    void everyOtherKeywordOrFormMakesTheWholeSchemaIneligible(String keyword) {
      assertThat(compile("{\"$comment\":\"root\"," + keyword + "}")).as("at the root").isNull();
      assertThat(compile("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"object\",\"properties\":{\"b\":{"
          + keyword + "}}}}}")).as("nested in a property").isNull();
      assertThat(compile("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"array\",\"items\":{" + keyword
          + "}}}}")).as("nested in items").isNull();
    }

    @Test
    void annotationsAreIgnored() {
      assertThat(compile("{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"$id\":\"x\",\"title\":\"t\","
          + "\"description\":\"d\",\"default\":{},\"examples\":[{}],\"$comment\":\"c\",\"type\":\"object\"}"))
          .isNotNull();
    }

    @Test
    void definitionsAreDeadWithoutRefButARefAnywhereIsIneligible() {
      assertThat(compile("{\"definitions\":{\"x\":{\"anyOf\":[]}},\"type\":\"object\"}")).isNotNull();
      assertThat(compile("{\"definitions\":{\"x\":{\"type\":\"string\"}},\"type\":\"object\","
          + "\"properties\":{\"a\":{\"$ref\":\"#/definitions/x\"}}}")).isNull();
    }

    @Test
    void everyShippedEventSchemaIsEligible() {
      // the test class path adds the test_cart fixture, which uses $ref on purpose
      List<String> eligible = new ArrayList<>();
      List<String> ineligible = new ArrayList<>();
      for (EventSchema s : SchemaRegistry.fromClasspath(getClass().getClassLoader()).all()) {
        (FastValidator.compile(new JSONObject(s.json())) != null ? eligible : ineligible).add(s.key().toString());
      }
      assertThat(eligible).containsExactlyInAnyOrder("checkout_completed/1-0-0", "checkout_completed/1-0-1",
          "log_line/1-0-0", "page_viewed/1-0-0", "user_signed_up/1-0-0");
      assertThat(ineligible).containsExactly("test_cart/1-0-0");
    }

    @Test
    void theEnvelopeIsNotEligibleBecauseOfRefAnyOfAndFormat() {
      EventSchema envelope = SchemaRegistry.fromClasspath(getClass().getClassLoader()).envelope();
      assertThat(FastValidator.compile(new JSONObject(envelope.json()))).isNull();
    }

    @Test
    void nullSchemaIsIneligible() {
      assertThat(FastValidator.compile(null)).isNull();
    }
  }

  @Nested
  class Types {
    @Test
    void eachTypeAcceptsItsJavaValuesOnly() {
      assertThat(property("{\"type\":\"string\"}").isDefinitelyValid(p("x"))).isTrue();
      assertThat(property("{\"type\":\"string\"}").isDefinitelyValid(p(1))).isFalse();
      assertThat(property("{\"type\":\"boolean\"}").isDefinitelyValid(p(true))).isTrue();
      assertThat(property("{\"type\":\"boolean\"}").isDefinitelyValid(p("true"))).isFalse();
      assertThat(property("{\"type\":\"null\"}").isDefinitelyValid(p(null))).isTrue();
      assertThat(property("{\"type\":\"null\"}").isDefinitelyValid(p(0))).isFalse();
      assertThat(property("{\"type\":\"object\"}").isDefinitelyValid(p(Map.of("a", 1)))).isTrue();
      assertThat(property("{\"type\":\"object\"}").isDefinitelyValid(p(List.of()))).isFalse();
      assertThat(property("{\"type\":\"array\"}").isDefinitelyValid(p(List.of(1, "a")))).isTrue();
      assertThat(property("{\"type\":\"array\"}").isDefinitelyValid(p(Map.of()))).isFalse();
      assertThat(property("{\"type\":[\"string\",\"null\"]}").isDefinitelyValid(p(null))).isTrue();
      assertThat(property("{\"type\":[\"string\",\"null\"]}").isDefinitelyValid(p(false))).isFalse();
    }

    @Test
    void numberAcceptsEveryJavaNumberType() {
      FastValidator number = property("{\"type\":\"number\"}");
      for (Object n : List.of(1, 1L, (short) 1, (byte) 1, BigInteger.TEN, 1.5d, 1.5f, new BigDecimal("1.25"))) {
        assertThat(number.isDefinitelyValid(p(n))).as("%s", n.getClass()).isTrue();
      }
    }

    @Test
    void integerAcceptsWhatEveritCallsIntegralAndNothingElse() {
      FastValidator integer = property("{\"type\":\"integer\"}");
      for (Object n : List.of(1, 1L, (short) 1, (byte) 1, new BigInteger("123456789012345678901234567890"))) {
        assertThat(integer.isDefinitelyValid(p(n))).as("%s", n.getClass()).isTrue();
      }
      // everit rejects these as integers: 1.0 is a Double, 1 a BigDecimal
      for (Object n : List.of(1.0d, 1.0f, BigDecimal.ONE)) {
        assertThat(integer.isDefinitelyValid(p(n))).as("%s", n.getClass()).isFalse();
      }
    }

    @Test
    void nonFiniteNumbersAndUnknownClassesAreNeverProvenValid() {
      FastValidator anything = property("true");
      for (Object v : List.of(Double.NaN, Double.POSITIVE_INFINITY, Float.NaN, new Object(), new int[0], Set.of(1),
          new java.util.concurrent.atomic.AtomicInteger(1), new JSONObject())) {
        assertThat(anything.isDefinitelyValid(p(v))).as("%s", v).isFalse();
      }
    }

    @Test
    void anInstantIsAStringButOnlyABareTypeCheckIsDecided() {
      Instant t = Instant.parse("2026-11-27T08:15:30.123Z");
      assertThat(property("{\"type\":\"string\"}").isDefinitelyValid(p(t))).isTrue();
      assertThat(property("{\"type\":\"integer\"}").isDefinitelyValid(p(t))).isFalse();
      assertThat(property("{\"type\":\"string\",\"maxLength\":30}").isDefinitelyValid(p(t))).isFalse();
      assertThat(property("{\"type\":\"string\",\"pattern\":\"Z$\"}").isDefinitelyValid(p(t))).isFalse();
      assertThat(property("{\"enum\":[\"a\"]}").isDefinitelyValid(p(t))).isFalse();
      assertThat(property("{\"type\":\"string\"}").isDefinitelyValid(p(Instant.MAX))).as("not 24 chars").isFalse();
    }
  }

  @Nested
  class Objects {
    private final FastValidator closed = compile("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},"
        + "\"b\":{\"type\":\"integer\"}},\"required\":[\"a\"],\"additionalProperties\":false}");
    private final FastValidator open = compile("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},"
        + "\"b\":{\"type\":\"integer\"}},\"required\":[\"a\",\"c\"],\"minProperties\":2,\"maxProperties\":3}");

    @Test
    void requiredAndAdditionalProperties() {
      assertThat(closed.isDefinitelyValid(Map.of("a", "x"))).isTrue();
      assertThat(closed.isDefinitelyValid(Map.of("a", "x", "b", 2))).isTrue();
      assertThat(closed.isDefinitelyValid(Map.of("b", 2))).as("missing a").isFalse();
      assertThat(closed.isDefinitelyValid(Map.of("a", "x", "z", 2))).as("unknown z").isFalse();
      assertThat(closed.isDefinitelyValid(Map.of("a", "x", "b", "2"))).as("b not an integer").isFalse();
      Map<String, Object> nullB = new HashMap<>(Map.of("a", "x"));
      nullB.put("b", null);
      assertThat(closed.isDefinitelyValid(nullB)).as("b present as null").isFalse();
    }

    @Test
    void openObjectsCheckDeclaredPropertiesAndConvertibilityOfTheRest() {
      assertThat(open.isDefinitelyValid(Map.of("a", "x", "c", List.of(1, Map.of("d", true))))).isTrue();
      assertThat(open.isDefinitelyValid(Map.of("a", "x"))).as("missing c").isFalse();
      assertThat(open.isDefinitelyValid(Map.of("a", "x", "c", 1, "b", "no"))).as("b not an integer").isFalse();
      assertThat(open.isDefinitelyValid(Map.of("a", "x", "c", new Object()))).as("not JSON").isFalse();
      assertThat(open.isDefinitelyValid(Map.of("a", "x", "c", 1, "d", 1, "e", 1))).as("maxProperties").isFalse();
      Map<Object, Object> intKey = new HashMap<>(Map.of("a", "x", "c", 1));
      intKey.put(7, 1);
      assertThat(open.isDefinitelyValid(intKey)).as("a key that is not a string").isFalse();
    }

    @Test
    void anyMapImplementationWithEqualsLookupsWorks() {
      Map<String, Object> base = Map.of("a", "x", "b", 2);
      for (Map<String, Object> m : List.of(new HashMap<>(base), new LinkedHashMap<>(base), new TreeMap<>(base),
          Collections.unmodifiableMap(base), base)) {
        assertThat(closed.isDefinitelyValid(m)).as("%s", m.getClass()).isTrue();
      }
    }

    @Test
    void mapsWhoseLookupsIgnoreEqualsAreLeftToEverit() {
      TreeMap<String, Object> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      caseInsensitive.put("A", "x");
      assertThat(closed.isDefinitelyValid(caseInsensitive)).isFalse();
      IdentityHashMap<String, Object> identity = new IdentityHashMap<>(Map.of("a", "x"));
      assertThat(closed.isDefinitelyValid(identity)).isFalse();
    }

    @Test
    void falseSubschemaRejectsPresenceTrueAcceptsAnything() {
      FastValidator v = compile("{\"properties\":{\"no\":false,\"yes\":true}}");
      assertThat(v.isDefinitelyValid(Map.of("yes", List.of(Map.of())))).isTrue();
      assertThat(v.isDefinitelyValid(Map.of("no", 1))).isFalse();
    }

    @Test
    void cyclesAndVeryDeepValuesAreLeftToEverit() {
      Map<String, Object> cycle = new HashMap<>();
      cycle.put("self", cycle);
      assertThat(compile("{}").isDefinitelyValid(cycle)).isFalse();
      Object deep = "leaf";
      for (int i = 0; i < FastValidator.MAX_DEPTH + 1; i++) {
        deep = List.of(deep);
      }
      assertThat(compile("{}").isDefinitelyValid(deep)).isFalse();
    }
  }

  @Nested
  class Numbers {
    @Test
    void inclusiveBoundsAcceptTheBoundInEveryRepresentation() {
      FastValidator v = property("{\"type\":\"number\",\"minimum\":0,\"maximum\":10}");
      for (Object n : List.of(0, 0L, 0.0d, -0.0d, 0f, BigDecimal.ZERO, new BigDecimal("0.000"), BigInteger.ZERO, 10,
          10.0, new BigDecimal("10.00"), 5.5)) {
        assertThat(v.isDefinitelyValid(p(n))).as("%s %s", n, n.getClass()).isTrue();
      }
      for (Object n : List.of(-1, -Double.MIN_VALUE, new BigDecimal("-0.001"), 11, Math.nextUp(10.0),
          new BigDecimal("10.0000001"), BigInteger.valueOf(11))) {
        assertThat(v.isDefinitelyValid(p(n))).as("%s %s", n, n.getClass()).isFalse();
      }
    }

    @Test
    void exclusiveBoundsRejectTheBound() {
      FastValidator v = property("{\"type\":\"integer\",\"exclusiveMinimum\":0,\"exclusiveMaximum\":100}");
      assertThat(v.isDefinitelyValid(p(1))).isTrue();
      assertThat(v.isDefinitelyValid(p(99L))).isTrue();
      assertThat(v.isDefinitelyValid(p(0))).isFalse();
      assertThat(v.isDefinitelyValid(p(100))).isFalse();
    }

    @Test
    void decimalBoundsCompareLikeEveritsBigDecimalValueOf() {
      // everit compares BigDecimal.valueOf(0.1) = 0.1 with the bound 0.1: equal, though the double is above 0.1
      FastValidator min = property("{\"type\":\"number\",\"minimum\":0.1}");
      assertThat(min.isDefinitelyValid(p(0.2))).isTrue();
      assertThat(min.isDefinitelyValid(p(new BigDecimal("0.1")))).isTrue();
      assertThat(min.isDefinitelyValid(p(0.09999999999999999))).isFalse();
      assertThat(min.isDefinitelyValid(p(0.1))).as("equal to the nearest double: not sure").isFalse();
      assertThat(min.isDefinitelyValid(p(1))).isTrue();
      assertThat(min.isDefinitelyValid(p(0))).isFalse();
      FastValidator exclusive = property("{\"type\":\"number\",\"exclusiveMaximum\":2.5}");
      assertThat(exclusive.isDefinitelyValid(p(2))).isTrue();
      assertThat(exclusive.isDefinitelyValid(p(3))).isFalse();
      assertThat(exclusive.isDefinitelyValid(p(2.4999999))).isTrue();
    }

    @Test
    void hugeNumbersAndBoundsBeyondTheLongRange() {
      FastValidator v = property("{\"type\":\"integer\",\"minimum\":-1e30,\"maximum\":9223372036854775807}");
      assertThat(v.isDefinitelyValid(p(Long.MIN_VALUE))).isTrue();
      assertThat(v.isDefinitelyValid(p(Long.MAX_VALUE))).isTrue();
      assertThat(v.isDefinitelyValid(p(new BigInteger("9223372036854775808")))).as("not sure").isFalse();
    }
  }

  @Nested
  class Strings {
    @Test
    void lengthsCountCodePoints() {
      FastValidator v = property("{\"type\":\"string\",\"minLength\":2,\"maxLength\":3}");
      assertThat(v.isDefinitelyValid(p("ab"))).isTrue();
      assertThat(v.isDefinitelyValid(p("\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00"))).as("3 code points, 6 chars").isTrue();
      assertThat(v.isDefinitelyValid(p("a"))).isFalse();
      assertThat(v.isDefinitelyValid(p("\uD83D\uDE00"))).as("1 code point, 2 chars").isFalse();
      assertThat(v.isDefinitelyValid(p("abcd"))).isFalse();
    }

    @Test
    void patternFindsAnywhereLikeEverit() {
      FastValidator anchored = property("{\"type\":\"string\",\"pattern\":\"^[A-Z]{3}$\"}");
      assertThat(anchored.isDefinitelyValid(p("EUR"))).isTrue();
      assertThat(anchored.isDefinitelyValid(p("EURO"))).isFalse();
      assertThat(anchored.isDefinitelyValid(p("eur"))).isFalse();
      FastValidator unanchored = property("{\"type\":\"string\",\"pattern\":\"[0-9]\"}");
      assertThat(unanchored.isDefinitelyValid(p("abc7def"))).isTrue();
      assertThat(unanchored.isDefinitelyValid(p("abc"))).isFalse();
    }

    @Test
    void enumAndConst() {
      FastValidator e = property("{\"enum\":[\"a\",true,null]}");
      assertThat(e.isDefinitelyValid(p("a"))).isTrue();
      assertThat(e.isDefinitelyValid(p(true))).isTrue();
      assertThat(e.isDefinitelyValid(p(null))).isTrue();
      assertThat(e.isDefinitelyValid(p("b"))).isFalse();
      assertThat(e.isDefinitelyValid(p(false))).isFalse();
      assertThat(e.isDefinitelyValid(p(1))).isFalse();
      FastValidator c = property("{\"type\":\"string\",\"const\":\"v1\"}");
      assertThat(c.isDefinitelyValid(p("v1"))).isTrue();
      assertThat(c.isDefinitelyValid(p("v2"))).isFalse();
    }
  }

  @Nested
  class Arrays_ {
    @Test
    void itemsAndCounts() {
      FastValidator v = property("{\"type\":\"array\",\"minItems\":1,\"maxItems\":2,\"items\":{\"type\":\"integer\"}}");
      assertThat(v.isDefinitelyValid(p(List.of(1, 2)))).isTrue();
      assertThat(v.isDefinitelyValid(p(new LinkedList<>(List.of(1))))).isTrue();
      assertThat(v.isDefinitelyValid(p(List.of()))).isFalse();
      assertThat(v.isDefinitelyValid(p(List.of(1, 2, 3)))).isFalse();
      assertThat(v.isDefinitelyValid(p(List.of(1, "2")))).isFalse();
      assertThat(v.isDefinitelyValid(p(Arrays.asList(1, null)))).isFalse();
    }
  }
}
