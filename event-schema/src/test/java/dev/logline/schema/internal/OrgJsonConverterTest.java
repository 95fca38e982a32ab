package dev.logline.schema.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

class OrgJsonConverterTest {
  private static String render(Object value) {
    OrgJsonConverter.Result r = OrgJsonConverter.convert(value);
    assertThat(r.problems()).isEmpty();
    return JsonText.render(r.json());
  }

  @Test
  void convertsThePlainObjectModel() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "x");
    m.put("i", 1);
    m.put("l", Long.MAX_VALUE);
    m.put("sh", (short) 2);
    m.put("b", (byte) 3);
    m.put("bi", new BigInteger("123456789012345678901234567890"));
    m.put("d", 1.5);
    m.put("f", 0.1f);
    m.put("bd", new BigDecimal("12.50"));
    m.put("t", true);
    m.put("n", null);
    m.put("list", List.of(1, "a"));
    m.put("at", Instant.parse("2026-11-27T08:15:30.123456Z"));
    assertThat(render(m)).isEqualTo("{\"at\":\"2026-11-27T08:15:30.123Z\",\"b\":3,"
        + "\"bd\":12.50,\"bi\":123456789012345678901234567890,\"d\":1.5,\"f\":0.1,\"i\":1,\"l\":9223372036854775807,"
        + "\"list\":[1,\"a\"],\"n\":null,\"s\":\"x\",\"sh\":2,\"t\":true}");
  }

  @Test
  void instantAlwaysHasMillis() {
    assertThat(render(Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("\"2026-01-02T03:04:05.000Z\"");
    assertThat(render(Instant.EPOCH)).isEqualTo("\"1970-01-01T00:00:00.000Z\"");
  }

  @Test
  void copiesOrgJsonValues() {
    JSONObject o = new JSONObject("{\"a\":[1,{\"b\":null}]}");
    assertThat(render(o)).isEqualTo("{\"a\":[1,{\"b\":null}]}");
    assertThat(render(new JSONArray("[true]"))).isEqualTo("[true]");
  }

  @Test
  void reportsNonFiniteNumbersWithTheirPointer() {
    OrgJsonConverter.Result r = OrgJsonConverter.convert(Map.of("a~b/c", List.of(Double.POSITIVE_INFINITY)));
    assertThat(r.problems()).singleElement().satisfies(v -> {
      assertThat(v.pointer()).isEqualTo("/a~0b~1c/0");
      assertThat(v.message()).isEqualTo("/a~0b~1c/0: expected a finite number, found Infinity");
    });
    assertThat(JsonText.render(r.json())).isEqualTo("{\"a~b/c\":[null]}");
  }

  @Test
  void reportsNonStringKeys() {
    Map<Object, Object> m = new HashMap<>();
    m.put(1, "x");
    assertThat(OrgJsonConverter.convert(m).problems()).singleElement()
        .satisfies(v -> assertThat(v.message()).isEqualTo("(root): expected string keys, found key 1 of java.lang.Integer"));
  }

  @Test
  void reportsCyclesInsteadOfOverflowingTheStack() {
    List<Object> list = new ArrayList<>();
    Map<String, Object> m = new HashMap<>();
    m.put("self", list);
    list.add(m);
    assertThat(OrgJsonConverter.convert(m).problems()).singleElement()
        .satisfies(v -> assertThat(v.pointer()).isEqualTo("/self/0"));
  }

  @Test
  void sameValueTwiceIsNotACycle() {
    List<Integer> shared = List.of(1);
    assertThat(render(Map.of("a", shared, "b", shared))).isEqualTo("{\"a\":[1],\"b\":[1]}");
  }
}
