package dev.logline.schema;

import dev.logline.schema.internal.FastValidator;
import dev.logline.schema.internal.OrgJsonConverter;
import dev.logline.schema.internal.ViolationMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;
import org.json.JSONException;
import org.json.JSONObject;

/** One compiled schema; immutable and safe to validate with from many threads. */
public final class EventSchema {
  private final SchemaKey key;
  private final String resource;
  private final String json;
  private final Schema schema;
  // null when the schema uses a keyword the fast path does not decide: everit validates every value
  private final FastValidator fast;

  private EventSchema(SchemaKey key, String resource, String json, Schema schema) {
    this.key = key;
    this.resource = resource;
    this.json = json;
    this.schema = schema;
    this.fast = schema == null ? null : compileFast(json);
  }

  private static FastValidator compileFast(String json) {
    try {
      return FastValidator.compile(new JSONObject(json));
    } catch (JSONException e) {
      return null;
    }
  }

  static EventSchema of(SchemaKey key, String resource, String json, Schema schema) {
    return new EventSchema(key, resource, json, schema);
  }

  /** The event name and version; {@code envelope/1-0-0} for the envelope. */
  public SchemaKey key() {
    return key;
  }

  /** The classpath resource this schema was loaded from. */
  public String resource() {
    return resource;
  }

  /** The raw schema text. */
  public String json() {
    return json;
  }

  /**
   * Validates a plain Java value: {@code Map<String, ?>}, {@code List<?>}, String, Integer, Long, Short, Byte,
   * BigInteger, Double, Float, BigDecimal, Boolean, null, {@link java.time.Instant} (as an RFC 3339 UTC timestamp with
   * milliseconds), and org.json values. Never throws for bad data.
   *
   * @return the violations sorted by pointer; empty when valid
   */
  public List<Violation> validate(Object value) {
    // most events are valid: prove it on the Java model, leave everything else (and all reporting) to everit
    if (fast != null && fast.isDefinitelyValid(value)) {
      return List.of();
    }
    return validateWithEverit(value);
  }

  /** True when valid values can skip everit (the schema uses only what {@link FastValidator} decides). */
  boolean hasFastPath() {
    return fast != null;
  }

  /** The fast validator, or null; for tests. */
  FastValidator fastValidator() {
    return fast;
  }

  /** {@link #validate} without the fast path: the org.json copy, then everit. */
  List<Violation> validateWithEverit(Object value) {
    OrgJsonConverter.Result converted = OrgJsonConverter.convert(value);
    List<Violation> violations;
    try {
      schema.validate(converted.json());
      violations = List.of();
    } catch (ValidationException e) {
      violations = ViolationMapper.map(e, converted.json());
    }
    if (converted.problems().isEmpty()) {
      return violations;
    }
    // a value that is not JSON was validated as null; report why, not the resulting null mismatch
    Set<String> bad = new HashSet<>();
    List<Violation> out = new ArrayList<>(converted.problems());
    for (Violation v : out) {
      bad.add(v.pointer());
    }
    for (Violation v : violations) {
      if (!bad.contains(v.pointer())) {
        out.add(v);
      }
    }
    out.sort(ViolationMapper.ORDER);
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return key + " (" + resource + ")";
  }
}
