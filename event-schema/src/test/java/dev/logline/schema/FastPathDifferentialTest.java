package dev.logline.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logline.schema.internal.FastValidator;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.json.JSONArray;
import org.json.JSONObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fast path may only ever say "valid" when everit agrees. Random Java-model values, grown from valid examples of
 * each eligible schema and mutated towards every edge the fast path decides (boundaries, 1.0 for an integer, code
 * points, pattern near-misses, unknown keys, odd Map and number classes), go through both.
 */
class FastPathDifferentialTest {
  private static final int VALUES_PER_SCHEMA = 4000;
  /** Schemas that exercise every supported keyword; kept out of the registry that other tests enumerate. */
  private static final URLClassLoader FIXTURES =
      new URLClassLoader(new URL[] {FastPathDifferentialTest.class.getClassLoader().getResource("fastpath/")}, null);
  private static final List<String> REPORT = Collections.synchronizedList(new ArrayList<>());

  static Stream<EventSchema> eligibleSchemas() {
    List<EventSchema> all = new ArrayList<>(Data.REGISTRY.all());
    all.addAll(SchemaRegistry.fromClasspath(FIXTURES).all());
    return all.stream().filter(EventSchema::hasFastPath);
  }

  @Test
  void fixturesAndShippedSchemasAreAllEligible() {
    assertThat(eligibleSchemas().map(s -> s.key().toString())).containsExactlyInAnyOrder(
        "checkout_completed/1-0-0", "checkout_completed/1-0-1", "log_line/1-0-0", "page_viewed/1-0-0",
        "user_signed_up/1-0-0", "fp_nested/1-0-0", "fp_numbers/1-0-0", "fp_strings/1-0-0", "fp_untyped/1-0-0");
    assertThat(Data.REGISTRY.schema(Data.CART).hasFastPath()).as("test_cart uses $ref").isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eligibleSchemas")
  void fastPathSaysValidOnlyWhenEveritAgrees(EventSchema schema) {
    JSONObject json = new JSONObject(schema.json());
    FastValidator fast = schema.fastValidator();
    SplittableRandom random = new SplittableRandom(schema.key().toString().hashCode());
    Gen gen = new Gen(random, json);
    int fastTrue = 0;
    int everitValid = 0;
    int examples = 0;
    int examplesFast = 0;
    for (int i = 0; i < VALUES_PER_SCHEMA; i++) {
      Object example = gen.valid(json, 0);
      boolean mutated = i % 4 != 0;
      Object value = mutated ? gen.mutate(example, 1 + random.nextInt(3)) : example;
      value = gen.reshape(value);
      boolean saysValid = fast.isDefinitelyValid(value);
      List<Violation> everit = schema.validateWithEverit(value);
      if (saysValid) {
        fastTrue++;
        assertThat(everit).as("fast path said valid: %s", value).isEmpty();
      }
      assertThat(schema.validate(value)).as("validate == everit for %s", value).isEqualTo(everit);
      if (everit.isEmpty()) {
        everitValid++;
      }
      if (!mutated) {
        assertThat(everit).as("generated example must be valid: %s", value).isEmpty();
        examples++;
        examplesFast += saysValid ? 1 : 0;
      }
    }
    double exampleRate = 100.0 * examplesFast / examples;
    double validRate = 100.0 * fastTrue / everitValid;
    REPORT.add(String.format("%-26s values %d, everit-valid %d, fast path on valid examples %.1f%% (%d/%d), on all"
        + " everit-valid values %.1f%% (%d/%d)", schema.key(), VALUES_PER_SCHEMA, everitValid, exampleRate,
        examplesFast, examples, validRate, fastTrue, everitValid));
    assertThat(exampleRate).as("valid examples taking the fast path").isGreaterThan(90.0);
    assertThat(everitValid).as("enough valid values to mean something").isGreaterThan(VALUES_PER_SCHEMA / 5);
  }

  @AfterAll
  static void report() {
    REPORT.forEach(System.out::println);
  }

  /** Values from a schema subset: the keywords FastValidator supports. */
  private static final class Gen {
    private final SplittableRandom random;
    private final List<BigDecimal> bounds = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<Pattern> patterns = new ArrayList<>();
    private final List<Integer> lengths = new ArrayList<>();

    Gen(SplittableRandom random, JSONObject schema) {
      this.random = random;
      collect(schema);
    }

    private void collect(Object schema) {
      if (!(schema instanceof JSONObject o)) {
        return;
      }
      for (String k : List.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")) {
        if (o.has(k)) {
          bounds.add(new BigDecimal(o.get(k).toString()));
        }
      }
      for (String k : List.of("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties")) {
        if (o.has(k)) {
          lengths.add(o.getInt(k));
        }
      }
      if (o.has("pattern")) {
        patterns.add(Pattern.compile(o.getString("pattern")));
      }
      JSONObject props = o.optJSONObject("properties");
      if (props != null) {
        for (String name : props.keySet()) {
          names.add(name);
          collect(props.get(name));
        }
      }
      if (o.has("items")) {
        collect(o.get("items"));
      }
    }

    Object valid(Object schema, int depth) {
      if (schema instanceof Boolean) {
        return random.nextBoolean() ? "any" : List.of(1, Map.of("x", true));
      }
      JSONObject o = (JSONObject) schema;
      if (o.has("const")) {
        return literal(o.get("const"));
      }
      if (o.has("enum")) {
        JSONArray e = o.getJSONArray("enum");
        return literal(e.get(random.nextInt(e.length())));
      }
      List<String> types = new ArrayList<>();
      Object type = o.opt("type");
      if (type instanceof String t) {
        types.add(t);
      } else if (type instanceof JSONArray a) {
        a.forEach(t -> types.add((String) t));
      } else {
        types.addAll(List.of("object", "string", "integer", "number", "array", "boolean"));
        if (o.has("properties")) {
          types.clear();
          types.add("object");
        }
      }
      String t = types.get(random.nextInt(types.size()));
      switch (t) {
        case "null":
          return null;
        case "boolean":
          return random.nextBoolean();
        case "string":
          return string(o);
        case "integer":
          return integer(o);
        case "number":
          return random.nextBoolean() ? integer(o) : number(o);
        case "array": {
          int min = o.optInt("minItems", 0);
          int max = Math.min(o.optInt("maxItems", min + 3), min + 3);
          List<Object> l = new ArrayList<>();
          int n = min + random.nextInt(max - min + 1);
          for (int i = 0; i < n; i++) {
            l.add(depth > 4 ? 1 : valid(o.has("items") ? o.get("items") : new JSONObject(), depth + 1));
          }
          return l;
        }
        default: {
          Map<String, Object> m = new LinkedHashMap<>();
          JSONObject props = o.optJSONObject("properties");
          JSONArray required = o.optJSONArray("required");
          if (props != null) {
            for (String name : props.keySet()) {
              boolean req = required != null && required.toList().contains(name);
              Object sub = props.get(name);
              if (sub.equals(Boolean.FALSE)) {
                continue;
              }
              if (req || random.nextInt(3) > 0) {
                m.put(name, depth > 4 ? null : valid(sub, depth + 1));
              }
            }
          }
          if (required != null) {
            for (Object r : required) {
              m.putIfAbsent((String) r, 1);
            }
          }
          boolean closed = Boolean.FALSE.equals(o.opt("additionalProperties"));
          int min = o.optInt("minProperties", 0);
          int max = o.optInt("maxProperties", Integer.MAX_VALUE);
          while (!closed && m.size() < min) {
            m.put("extra" + m.size(), "e");
          }
          if (!closed && m.size() < max && random.nextInt(4) == 0) {
            m.put("extra_" + random.nextInt(100), random.nextBoolean() ? "v" : List.of(1.5));
          }
          return m;
        }
      }
    }

    private Object literal(Object v) {
      return v == JSONObject.NULL ? null : v;
    }

    private String string(JSONObject o) {
      int min = o.optInt("minLength", 0);
      int max = Math.min(o.optInt("maxLength", min + 12), min + 12);
      if (o.has("pattern")) {
        Pattern p = Pattern.compile(o.getString("pattern"));
        String example = fromPattern(o.getString("pattern"));
        if (example != null && p.matcher(example).find()) {
          return example;
        }
        for (int attempt = 0; attempt < 2000; attempt++) {
          String s = randomString(min + random.nextInt(max - min + 1));
          if (p.matcher(s).find()) {
            return s;
          }
        }
        return "";
      }
      return randomString(min + random.nextInt(max - min + 1));
    }

    /** An example of a simple pattern: literals, [a-z0-9] classes, \\d, {n} and {n,m}; null for anything else. */
    private String fromPattern(String pattern) {
      StringBuilder b = new StringBuilder();
      int i = 0;
      while (i < pattern.length()) {
        char c = pattern.charAt(i);
        String choices;
        if (c == '^' || c == '$') {
          i++;
          continue;
        } else if (c == '[') {
          int end = pattern.indexOf(']', i);
          StringBuilder set = new StringBuilder();
          for (int j = i + 1; j < end; j++) {
            if (j + 2 < end && pattern.charAt(j + 1) == '-') {
              for (char x = pattern.charAt(j); x <= pattern.charAt(j + 2); x++) {
                set.append(x);
              }
              j += 2;
            } else {
              set.append(pattern.charAt(j));
            }
          }
          choices = set.toString();
          i = end + 1;
        } else if (c == '\\' && i + 1 < pattern.length() && pattern.charAt(i + 1) == 'd') {
          choices = "0123456789";
          i += 2;
        } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '/') {
          choices = String.valueOf(c);
          i++;
        } else {
          return null;
        }
        int min = 1;
        int max = 1;
        if (i < pattern.length() && pattern.charAt(i) == '{') {
          int end = pattern.indexOf('}', i);
          String[] range = pattern.substring(i + 1, end).split(",");
          min = Integer.parseInt(range[0]);
          max = range.length > 1 ? Integer.parseInt(range[1]) : min;
          i = end + 1;
        } else if (i < pattern.length() && (pattern.charAt(i) == '*' || pattern.charAt(i) == '+')) {
          min = pattern.charAt(i) == '+' ? 1 : 0;
          max = min + 3;
          i++;
        }
        int n = min + random.nextInt(max - min + 1);
        for (int k = 0; k < n; k++) {
          b.append(choices.charAt(random.nextInt(choices.length())));
        }
      }
      return b.toString();
    }

    private String randomString(int codePoints) {
      String[] alphabets = {"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz", "0123456789",
          "abcdefghijklmnopqrstuvwxyz-0123456789", "aé€\uD83D\uDE00 -_"};
      String alphabet = alphabets[random.nextInt(alphabets.length)];
      int[] cps = alphabet.codePoints().toArray();
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < codePoints; i++) {
        b.appendCodePoint(cps[random.nextInt(cps.length)]);
      }
      return b.toString();
    }

    private Object integer(JSONObject o) {
      BigDecimal lo = BigDecimal.valueOf(-1000);
      if (o.has("minimum")) {
        lo = ceil(o, "minimum");
      }
      if (o.has("exclusiveMinimum")) {
        lo = lo.max(new BigDecimal(o.get("exclusiveMinimum").toString()).setScale(0, RoundingMode.FLOOR)
            .add(BigDecimal.ONE));
      }
      BigDecimal hi = lo.add(BigDecimal.valueOf(2000));
      if (o.has("maximum")) {
        hi = new BigDecimal(o.get("maximum").toString()).setScale(0, RoundingMode.FLOOR);
      }
      if (o.has("exclusiveMaximum")) {
        hi = hi.min(ceil(o, "exclusiveMaximum").subtract(BigDecimal.ONE));
      }
      long l = lo.max(BigDecimal.valueOf(-1_000_000_000)).longValue();
      long h = hi.min(BigDecimal.valueOf(1_000_000_000)).longValue();
      long v = h <= l ? l : l + random.nextLong(h - l + 1);
      switch (random.nextInt(3)) {
        case 0:
          return (int) v;
        case 1:
          return v;
        default:
          return v == (short) v ? (Object) (short) v : (Object) v;
      }
    }

    private static BigDecimal ceil(JSONObject o, String keyword) {
      return new BigDecimal(o.get(keyword).toString()).setScale(0, RoundingMode.CEILING);
    }

    private Object number(JSONObject o) {
      double lo = o.has("minimum") ? o.getDouble("minimum") : o.has("exclusiveMinimum")
          ? o.getDouble("exclusiveMinimum") : -1000;
      double hi = o.has("maximum") ? o.getDouble("maximum") : o.has("exclusiveMaximum")
          ? o.getDouble("exclusiveMaximum") : lo + 2000;
      hi = Math.min(hi, lo + 1e6);
      double d = lo + (hi - lo) * (0.01 + 0.98 * random.nextDouble());
      switch (random.nextInt(4)) {
        case 0:
          return Math.round(d * 100) / 100.0; // the typical amount
        case 1:
          return new BigDecimal(Double.toString(d));
        default:
          return d;
      }
    }

    /** Applies {@code n} random mutations to a deep copy. */
    Object mutate(Object value, int n) {
      Object v = copy(value);
      for (int i = 0; i < n; i++) {
        v = mutateOnce(v);
      }
      return v;
    }

    @SuppressWarnings("unchecked")
    private Object mutateOnce(Object v) {
      if (v instanceof Map<?, ?> map && !map.isEmpty() && random.nextInt(4) > 0) {
        Map<Object, Object> m = (Map<Object, Object>) map;
        List<Object> keys = new ArrayList<>(m.keySet());
        Object key = keys.get(random.nextInt(keys.size()));
        switch (random.nextInt(8)) {
          case 0:
            m.remove(key);
            break;
          case 1:
            m.put(random.nextBoolean() ? "unknown" : names.get(random.nextInt(names.size())) + "x", wild());
            break;
          case 2:
          case 3:
            m.put(key, mutateOnce(copy(m.get(key))));
            break;
          default:
            m.put(key, wild());
        }
        return m;
      }
      if (v instanceof List<?> list && !list.isEmpty() && random.nextBoolean()) {
        List<Object> l = (List<Object>) list;
        int i = random.nextInt(l.size());
        if (random.nextInt(4) == 0) {
          l.remove(i);
        } else if (random.nextInt(4) == 0) {
          l.add(wild());
        } else {
          l.set(i, mutateOnce(copy(l.get(i))));
        }
        return l;
      }
      return wild();
    }

    /** A value chosen to sit on an edge the fast path decides. */
    private Object wild() {
      switch (random.nextInt(10)) {
        case 0:
        case 1:
          return boundary();
        case 2:
          return lengthEdge();
        case 3:
          return patternNearMiss();
        case 4:
          return Instant.ofEpochMilli(random.nextLong(4_000_000_000_000L));
        case 5: {
          Object[] odd = {null, true, false, "", "a", 1, 1.0, 1.0f, -0.0, Double.NaN, Float.POSITIVE_INFINITY,
              new BigInteger("123456789012345678901234567890"), new BigDecimal("1E+400"), (byte) 7,
              new Object(), new int[] {1}, java.util.Set.of("a"), new JSONObject(), List.of(), Map.of(),
              new java.util.concurrent.atomic.AtomicLong(5), Long.MAX_VALUE, Long.MIN_VALUE};
          return odd[random.nextInt(odd.length)];
        }
        case 6: {
          Map<Object, Object> m = new HashMap<>();
          m.put(names.isEmpty() ? "k" : names.get(random.nextInt(names.size())), boundary());
          if (random.nextInt(4) == 0) {
            m.put(42, "not a string key");
          }
          return m;
        }
        case 7:
          return new ArrayList<>(List.of(boundary(), lengthEdge(), List.of(boundary())));
        default:
          return names.isEmpty() ? "x" : names.get(random.nextInt(names.size()));
      }
    }

    private Object boundary() {
      BigDecimal b = bounds.isEmpty() ? BigDecimal.ZERO : bounds.get(random.nextInt(bounds.size()));
      double d = b.doubleValue();
      switch (random.nextInt(14)) {
        case 0:
          return b;
        case 1:
          return b.setScale(Math.max(b.scale(), 0) + 2);
        case 2:
          return d;
        case 3:
          return Math.nextUp(d);
        case 4:
          return Math.nextDown(d);
        case 5:
          return b.add(BigDecimal.ONE).doubleValue();
        case 6:
          return b.subtract(new BigDecimal("0.5")).doubleValue();
        case 7:
          return (float) d;
        case 8:
          return b.add(new BigDecimal("1E-20"));
        case 9:
          return b.subtract(new BigDecimal("1E-20"));
        default: {
          BigDecimal r = b.setScale(0, random.nextBoolean() ? RoundingMode.FLOOR
              : RoundingMode.CEILING).add(BigDecimal.valueOf(random.nextInt(3) - 1));
          switch (random.nextInt(4)) {
            case 0:
              return r.intValue();
            case 1:
              return r.longValue();
            case 2:
              return r.toBigInteger();
            default:
              return r.doubleValue(); // 1.0 where an integer is expected
          }
        }
      }
    }

    private String lengthEdge() {
      int target = (lengths.isEmpty() ? 3 : lengths.get(random.nextInt(lengths.size()))) + random.nextInt(3) - 1;
      target = Math.max(0, target);
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < target; i++) {
        b.append(random.nextBoolean() ? "\uD83D\uDE00" : "A"); // astral: two chars, one code point
      }
      if (random.nextInt(10) == 0) {
        b.append("x".repeat(5000));
      }
      return b.toString();
    }

    private String patternNearMiss() {
      String s = null;
      if (!patterns.isEmpty()) {
        Pattern p = patterns.get(random.nextInt(patterns.size()));
        for (int attempt = 0; attempt < 500 && s == null; attempt++) {
          String c = randomString(1 + random.nextInt(7));
          if (p.matcher(c).find()) {
            s = c;
          }
        }
      }
      if (s == null) {
        s = "EUR";
      }
      switch (random.nextInt(7)) {
        case 0:
          return s + "\n"; // $ also matches before a final line terminator
        case 1:
          return " " + s;
        case 2:
          return s.toLowerCase();
        case 3:
          return s + s.charAt(s.length() - 1);
        case 4:
          return s.substring(1);
        case 5:
          return s.toUpperCase();
        default:
          return s;
      }
    }

    /** A deep copy in mutable containers. */
    private Object copy(Object v) {
      if (v instanceof Map<?, ?> m) {
        Map<Object, Object> c = new LinkedHashMap<>();
        m.forEach((k, x) -> c.put(k, copy(x)));
        return c;
      } else if (v instanceof List<?> l) {
        List<Object> c = new ArrayList<>();
        l.forEach(x -> c.add(copy(x)));
        return c;
      }
      return v;
    }

    /** The same value in another Map or List implementation, as callers may hand in. */
    Object reshape(Object v) {
      if (v instanceof Map<?, ?> m) {
        Map<Object, Object> inner = new LinkedHashMap<>();
        boolean stringKeys = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
          inner.put(e.getKey(), reshape(e.getValue()));
          stringKeys &= e.getKey() instanceof String;
        }
        boolean hasNull = inner.containsValue(null);
        switch (random.nextInt(stringKeys ? 5 : 2)) {
          case 0:
            return inner;
          case 1:
            return new HashMap<>(inner);
          case 2:
            return new TreeMap<>(inner); // sorted like event-core's PropertyMap
          case 3:
            return Collections.unmodifiableMap(inner);
          default:
            return hasNull ? inner : Map.copyOf(inner);
        }
      } else if (v instanceof List<?> l) {
        List<Object> inner = new ArrayList<>();
        l.forEach(x -> inner.add(reshape(x)));
        return random.nextInt(4) == 0 ? new LinkedList<>(inner) : inner;
      }
      return v;
    }
  }
}
