package dev.logline.schema.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.SortedMap;
import org.everit.json.schema.regexp.Regexp;
import org.json.JSONArray;
import org.json.JSONObject;

/**
 * A conservative fast path in front of everit: proves "valid" for the common case on the plain Java model, without
 * the org.json copy and without allocating. {@link #isDefinitelyValid} answers {@code true} only when everit would
 * certainly accept the value; {@code false} means "not sure": everit decides and reports.
 *
 * <p>Only a subset of draft-07 compiles (see {@link #SUPPORTED} and {@link #ANNOTATIONS}); any other keyword anywhere
 * makes the whole schema ineligible and {@link #compile} returns null. Numbers are compared the way everit 1.14 does
 * (its {@code NumberComparator}: {@code BigDecimal.valueOf(double)} for doubles, exact for integers), and whenever
 * that cannot be decided without allocating, the answer is "not sure".
 */
public final class FastValidator {
  /** Keywords with a check here. */
  public static final Set<String> SUPPORTED = Set.of("type", "properties", "required", "additionalProperties", "enum",
      "const", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "pattern",
      "items", "minItems", "maxItems", "minProperties", "maxProperties");

  /**
   * Keywords that never change a verdict. {@code definitions} is only reachable through {@code $ref}, which makes a
   * schema ineligible, so when a schema compiles here its definitions are dead text.
   */
  public static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "title", "description", "default",
      "examples", "$comment", "definitions");

  /** As deep as OrgJsonConverter goes before it suspects a cycle; deeper values are left to everit. */
  static final int MAX_DEPTH = 64;

  private static final int OBJECT = 1;
  private static final int STRING = 2;
  private static final int NUMBER = 4;
  private static final int INTEGER = 8;
  private static final int BOOLEAN = 16;
  private static final int NULL = 32;
  private static final int ARRAY = 64;
  private static final Map<String, Integer> TYPES = Map.of("object", OBJECT, "string", STRING, "number", NUMBER,
      "integer", INTEGER, "boolean", BOOLEAN, "null", NULL, "array", ARRAY);

  // 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the range in which an Instant formats to 24 characters
  private static final long MIN_INSTANT_SECOND = -62167219200L;
  private static final long MAX_INSTANT_SECOND = 253402300799L;

  private final Node root;

  private FastValidator(Node root) {
    this.root = root;
  }

  /** The fast validator of {@code schema}, or null when a keyword anywhere in it is not supported. */
  public static FastValidator compile(JSONObject schema) {
    if (schema == null) {
      return null;
    }
    try {
      return new FastValidator(node(schema));
    } catch (Unsupported | RuntimeException e) {
      return null;
    }
  }

  /**
   * True only when everit would find no violation in {@code javaModel} (a value {@link OrgJsonConverter} accepts);
   * false when it would, or when this cannot tell cheaply. Never throws.
   */
  public boolean isDefinitelyValid(Object javaModel) {
    try {
      return root.accepts(javaModel, 0);
    } catch (RuntimeException | StackOverflowError e) {
      return false; // a misbehaving Map or List: everit's path reports it
    }
  }

  private static Node node(Object schema) throws Unsupported {
    if (schema instanceof Boolean b) {
      Node n = new Node();
      n.never = !b;
      return n;
    }
    if (!(schema instanceof JSONObject o)) {
      throw new Unsupported();
    }
    Node n = new Node();
    for (String keyword : o.keySet()) {
      if (!SUPPORTED.contains(keyword) && !ANNOTATIONS.contains(keyword)) {
        throw new Unsupported();
      }
    }
    Object type = o.opt("type");
    if (type instanceof String t) {
      n.types = typeBit(t);
    } else if (type instanceof JSONArray a) {
      for (Object t : a) {
        if (!(t instanceof String s)) {
          throw new Unsupported();
        }
        n.types |= typeBit(s);
      }
      if (n.types == 0) {
        throw new Unsupported();
      }
    } else if (type != null) {
      throw new Unsupported();
    }
    JSONObject properties = o.optJSONObject("properties");
    if (o.has("properties") && properties == null) {
      throw new Unsupported();
    }
    List<String> names = new ArrayList<>();
    List<Node> nodes = new ArrayList<>();
    if (properties != null) {
      for (String name : properties.keySet()) {
        // Interned: property keys in application code are literals and the ingest parser interns the names it
        // reads, so a lookup by this name usually meets the very same String and compares by reference.
        names.add(name.intern());
        nodes.add(node(properties.get(name)));
      }
    }
    List<String> required = new ArrayList<>();
    if (o.has("required")) {
      JSONArray r = o.optJSONArray("required");
      if (r == null) {
        throw new Unsupported();
      }
      for (Object name : r) {
        if (!(name instanceof String s)) {
          throw new Unsupported();
        }
        required.add(s);
      }
    }
    n.names = names.toArray(new String[0]);
    n.nodes = nodes.toArray(new Node[0]);
    n.required = new boolean[n.names.length];
    List<String> extraRequired = new ArrayList<>();
    for (String r : required) {
      int i = names.indexOf(r);
      if (i >= 0) {
        n.required[i] = true;
      } else if (!extraRequired.contains(r)) {
        extraRequired.add(r);
      }
    }
    n.extraRequired = extraRequired.toArray(new String[0]);
    n.requiredNames = required.toArray(new String[0]);
    for (int i = 0; i < n.names.length; i++) {
      n.byName.put(n.names[i], n.nodes[i]);
    }
    if (o.has("additionalProperties")) {
      if (!(o.get("additionalProperties") instanceof Boolean b)) {
        throw new Unsupported(); // a schema for additional properties
      }
      n.closed = !b;
    }
    n.minProperties = count(o, "minProperties");
    n.maxProperties = count(o, "maxProperties");
    if (o.has("items")) {
      Object items = o.get("items");
      if (items instanceof JSONArray) {
        throw new Unsupported(); // tuple form
      }
      n.items = node(items);
    }
    n.minItems = count(o, "minItems");
    n.maxItems = count(o, "maxItems");
    n.minLength = count(o, "minLength");
    n.maxLength = count(o, "maxLength");
    if (o.has("pattern")) {
      if (!(o.get("pattern") instanceof String p)) {
        throw new Unsupported();
      }
      n.pattern = new PooledRegexpFactory().createHandler(p); // also proves the pattern compiles
      n.simplePattern = SimplePattern.compile(p);
    }
    if (o.has("enum")) {
      JSONArray values = o.optJSONArray("enum");
      if (values == null) {
        throw new Unsupported();
      }
      List<Object> allowed = new ArrayList<>();
      for (Object v : values) {
        allowed.add(literal(v));
      }
      n.allowed = allowed.toArray();
    }
    if (o.has("const")) {
      Object c = literal(o.get("const"));
      n.allowed = n.allowed == null ? new Object[] {c} : intersect(n.allowed, c);
    }
    n.minimum = bound(o, "minimum");
    n.maximum = bound(o, "maximum");
    n.exclusiveMinimum = bound(o, "exclusiveMinimum");
    n.exclusiveMaximum = bound(o, "exclusiveMaximum");
    n.numeric = n.minimum != null || n.maximum != null || n.exclusiveMinimum != null || n.exclusiveMaximum != null;
    n.stringChecks = n.minLength >= 0 || n.maxLength >= 0 || n.pattern != null;
    return n;
  }

  private static Object[] intersect(Object[] allowed, Object c) {
    for (Object a : allowed) {
      if (a.equals(c)) {
        return new Object[] {c};
      }
    }
    return new Object[0];
  }

  private static int typeBit(String name) throws Unsupported {
    Integer bit = TYPES.get(name);
    if (bit == null) {
      throw new Unsupported();
    }
    return bit;
  }

  /** Strings, booleans and null only: numbers in an enum compare by class first in everit, not worth mirroring. */
  private static Object literal(Object v) throws Unsupported {
    if (v instanceof String || v instanceof Boolean || v == JSONObject.NULL) {
      return v;
    }
    throw new Unsupported();
  }

  private static int count(JSONObject o, String keyword) throws Unsupported {
    if (!o.has(keyword)) {
      return -1;
    }
    Object v = o.get(keyword);
    if (!(v instanceof Integer i) || i < 0) {
      throw new Unsupported();
    }
    return i;
  }

  private static Bound bound(JSONObject o, String keyword) throws Unsupported {
    if (!o.has(keyword)) {
      return null;
    }
    Object v = o.get(keyword);
    if (!(v instanceof Number number)) {
      throw new Unsupported(); // the draft-04 boolean exclusiveMinimum too
    }
    return new Bound(number);
  }

  /** One compiled (sub)schema; fields unset (null, -1, 0) mean "no such keyword". */
  private static final class Node {
    boolean never;
    int types;
    String[] names;
    Node[] nodes;
    boolean[] required;
    String[] requiredNames;
    String[] extraRequired;
    final Map<String, Node> byName = new HashMap<>();
    boolean closed;
    int minProperties = -1;
    int maxProperties = -1;
    Node items;
    int minItems = -1;
    int maxItems = -1;
    int minLength = -1;
    int maxLength = -1;
    Regexp pattern;
    /** The exact regex-free matcher of {@link #pattern}, when it is simple enough; null otherwise. */
    SimplePattern simplePattern;
    boolean stringChecks;
    Object[] allowed;
    Bound minimum;
    Bound maximum;
    Bound exclusiveMinimum;
    Bound exclusiveMaximum;
    boolean numeric;

    boolean accepts(Object v, int depth) {
      if (never) {
        return false;
      }
      if (v == null) {
        return type(NULL) && allows(JSONObject.NULL);
      } else if (v instanceof String s) {
        return type(STRING) && allows(s) && string(s);
      } else if (v instanceof Boolean) {
        return type(BOOLEAN) && allows(v);
      } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
        return type(INTEGER) && allowed == null && integral(((Number) v).longValue());
      } else if (v instanceof Double d) {
        return number(d);
      } else if (v instanceof Map<?, ?> m) {
        return type(OBJECT) && allowed == null && object(m, depth);
      } else if (v instanceof List<?> l) {
        return type(ARRAY) && allowed == null && array(l, depth);
      } else if (v instanceof BigDecimal d) {
        return type(NUMBER) && allowed == null && (!numeric || decimal(d));
      } else if (v instanceof BigInteger i) {
        return type(INTEGER) && allowed == null && (!numeric || (i.bitLength() < 64 && integral(i.longValue())));
      } else if (v instanceof Float f) {
        // OrgJsonConverter validates a Float as the double of its decimal text
        return Float.isFinite(f) && number(numeric ? Double.parseDouble(f.toString()) : f.doubleValue());
      } else if (v instanceof Instant i) {
        // formatted to a 24-character string; only a bare type check is decided here
        return type(STRING) && allowed == null && !stringChecks
            && i.getEpochSecond() >= MIN_INSTANT_SECOND && i.getEpochSecond() <= MAX_INSTANT_SECOND;
      }
      return false; // org.json values, arrays, sets, other numbers: everit's path knows what to do
    }

    /** Integer-valued numbers pass both number and integer. */
    private boolean type(int bit) {
      if (types == 0) {
        return true;
      }
      int accepted = bit == INTEGER ? INTEGER | NUMBER : bit;
      return (types & accepted) != 0;
    }

    private boolean allows(Object v) {
      if (allowed == null) {
        return true;
      }
      for (Object a : allowed) {
        if (a.equals(v)) {
          return true;
        }
      }
      return false;
    }

    private boolean string(String s) {
      if (!stringChecks) {
        return true;
      }
      if (minLength >= 0 || maxLength >= 0) {
        // everit counts code points
        int length = s.codePointCount(0, s.length());
        if (minLength >= 0 && length < minLength || maxLength >= 0 && length > maxLength) {
          return false;
        }
      }
      if (simplePattern != null) {
        return simplePattern.matches(s);
      }
      return pattern == null || pattern.patternMatchingFailure(s).isEmpty();
    }

    private boolean number(double d) {
      if (!Double.isFinite(d) || !type(NUMBER)) {
        return false; // NaN and infinities are conversion problems; everit's integer never takes a double
      }
      if (allowed != null) {
        return false;
      }
      if (!numeric) {
        return true;
      }
      return atLeast(minimum, Bound.compare(d, minimum), 0) && atMost(maximum, Bound.compare(d, maximum), 0)
          && atLeast(exclusiveMinimum, Bound.compare(d, exclusiveMinimum), 1)
          && atMost(exclusiveMaximum, Bound.compare(d, exclusiveMaximum), -1);
    }

    private boolean integral(long v) {
      if (!numeric) {
        return true;
      }
      return atLeast(minimum, Bound.compare(v, minimum), 0) && atMost(maximum, Bound.compare(v, maximum), 0)
          && atLeast(exclusiveMinimum, Bound.compare(v, exclusiveMinimum), 1)
          && atMost(exclusiveMaximum, Bound.compare(v, exclusiveMaximum), -1);
    }

    private boolean decimal(BigDecimal d) {
      return atLeast(minimum, Bound.compare(d, minimum), 0) && atMost(maximum, Bound.compare(d, maximum), 0)
          && atLeast(exclusiveMinimum, Bound.compare(d, exclusiveMinimum), 1)
          && atMost(exclusiveMaximum, Bound.compare(d, exclusiveMaximum), -1);
    }

    /** {@code cmp} is -1, 0, 1 or {@link Bound#UNKNOWN}; passes when the bound is absent or cmp >= least. */
    private static boolean atLeast(Bound b, int cmp, int least) {
      return b == null || cmp != Bound.UNKNOWN && cmp >= least;
    }

    private static boolean atMost(Bound b, int cmp, int most) {
      return b == null || cmp != Bound.UNKNOWN && cmp <= most;
    }

    private boolean object(Map<?, ?> m, int depth) {
      if (depth >= MAX_DEPTH || m instanceof IdentityHashMap
          || m instanceof SortedMap<?, ?> s && s.comparator() != null) {
        return false; // lookups that do not follow String.equals could see keys everit does not
      }
      int size = m.size();
      if (minProperties >= 0 && size < minProperties || maxProperties >= 0 && size > maxProperties) {
        return false;
      }
      if (closed) {
        // no iterator: every declared name by lookup; all keys are declared when the counts agree
        if (extraRequired.length > 0) {
          return false;
        }
        int present = 0;
        for (int i = 0; i < names.length; i++) {
          Object value = m.get(names[i]);
          if (value == null && !m.containsKey(names[i])) {
            if (required[i]) {
              return false;
            }
            continue;
          }
          present++;
          if (!nodes[i].accepts(value, depth + 1)) {
            return false;
          }
        }
        return present == size;
      }
      for (String name : requiredNames) {
        if (!m.containsKey(name)) {
          return false;
        }
      }
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String key)) {
          return false;
        }
        Node child = byName.get(key);
        if (!(child != null ? child.accepts(e.getValue(), depth + 1) : ANY.accepts(e.getValue(), depth + 1))) {
          return false;
        }
      }
      return true;
    }

    private boolean array(List<?> l, int depth) {
      if (depth >= MAX_DEPTH) {
        return false;
      }
      int size = l.size();
      if (minItems >= 0 && size < minItems || maxItems >= 0 && size > maxItems) {
        return false;
      }
      Node each = items != null ? items : ANY;
      if (l instanceof RandomAccess) {
        for (int i = 0; i < size; i++) {
          if (!each.accepts(l.get(i), depth + 1)) {
            return false;
          }
        }
      } else {
        for (Object item : l) {
          if (!each.accepts(item, depth + 1)) {
            return false;
          }
        }
      }
      return true;
    }
  }

  /** The empty schema: accepts any value OrgJsonConverter can convert. */
  private static final Node ANY = newAny();

  private static Node newAny() {
    Node n = new Node();
    n.names = new String[0];
    n.nodes = new Node[0];
    n.required = new boolean[0];
    n.requiredNames = new String[0];
    n.extraRequired = new String[0];
    return n;
  }

  /**
   * A numeric bound, exact as everit's NumberComparator sees it, with what comparing a long or a double to it
   * without allocation needs.
   */
  static final class Bound {
    static final int UNKNOWN = 2;
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal EXACT_DOUBLE_TEXT = BigDecimal.valueOf(10_000_000);

    final BigDecimal exact;
    /** Nearest double (BigDecimal.doubleValue is correctly rounded), maybe infinite. */
    final double nearest;
    /** -1 below the long range, 1 above it, 0 inside. */
    final int outside;
    final boolean integral;
    final long floor;
    /** An integer below 10^7 in magnitude: a double equal to it prints as exactly it ("12.0"). */
    final boolean smallIntegral;

    Bound(Number n) {
      exact = asBigDecimal(n);
      nearest = exact.doubleValue();
      outside = exact.compareTo(LONG_MIN) < 0 ? -1 : exact.compareTo(LONG_MAX) > 0 ? 1 : 0;
      integral = exact.signum() == 0 || exact.stripTrailingZeros().scale() <= 0;
      floor = outside == 0 ? exact.setScale(0, RoundingMode.FLOOR).longValueExact() : 0;
      smallIntegral = integral && exact.abs().compareTo(EXACT_DOUBLE_TEXT) < 0;
    }

    /** everit's NumberComparator.getAsBigDecimal. */
    static BigDecimal asBigDecimal(Number n) {
      if (n instanceof BigDecimal d) {
        return d;
      } else if (n instanceof BigInteger i) {
        return new BigDecimal(i);
      } else if (n instanceof Integer || n instanceof Long) {
        return new BigDecimal(n.longValue());
      }
      return BigDecimal.valueOf(n.doubleValue());
    }

    static int compare(long v, Bound b) {
      if (b == null) {
        return 0;
      }
      if (b.outside != 0) {
        return -b.outside;
      }
      if (b.integral) {
        return Long.compare(v, b.floor);
      }
      return v <= b.floor ? -1 : 1; // floor < b < floor + 1
    }

    /** As everit compares BigDecimal.valueOf(v) to the bound; rounding to nearest is monotonic. */
    static int compare(double v, Bound b) {
      if (b == null) {
        return 0;
      }
      if (v < b.nearest) {
        return -1;
      } else if (v > b.nearest) {
        return 1;
      }
      return b.smallIntegral ? 0 : UNKNOWN;
    }

    static int compare(BigDecimal v, Bound b) {
      return b == null ? 0 : Integer.signum(v.compareTo(b.exact));
    }
  }

  /** Signals a keyword or form the fast path does not decide. */
  private static final class Unsupported extends Exception {
    private static final long serialVersionUID = 1L;

    Unsupported() {
      super(null, null, false, false);
    }
  }
}
