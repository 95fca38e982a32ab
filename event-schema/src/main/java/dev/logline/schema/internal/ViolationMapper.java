package dev.logline.schema.internal;

import dev.logline.schema.Violation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.everit.json.schema.ArraySchema;
import org.everit.json.schema.BooleanSchema;
import org.everit.json.schema.ConstSchema;
import org.everit.json.schema.EnumSchema;
import org.everit.json.schema.NullSchema;
import org.everit.json.schema.NumberSchema;
import org.everit.json.schema.ObjectSchema;
import org.everit.json.schema.Schema;
import org.everit.json.schema.StringSchema;
import org.everit.json.schema.ValidationException;
import org.json.JSONArray;

/** Maps an everit {@link ValidationException} tree to {@link Violation}s, one per failed leaf. */
public final class ViolationMapper {
  // everit names the missing / extra key only in its message; these are its 1.14 formats
  private static final Pattern REQUIRED = Pattern.compile("required key \\[(.*)] not found");
  private static final Pattern EXTRA = Pattern.compile("extraneous key \\[(.*)] is not permitted");

  /** Orders violations by pointer, then keyword, then message, so output does not depend on hash order. */
  public static final Comparator<Violation> ORDER = Comparator.comparing(Violation::pointer)
      .thenComparing(Violation::keyword).thenComparing(Violation::message);

  private final Object root;

  private ViolationMapper(Object root) {
    this.root = root;
  }

  /** The violations in {@code e}, sorted by {@link #ORDER}; {@code root} is the validated org.json value. */
  public static List<Violation> map(ValidationException e, Object root) {
    List<Violation> out = new ArrayList<>();
    new ViolationMapper(root).collect(e, out);
    out.sort(ORDER);
    return out;
  }

  /** Display form of a pointer in messages. */
  public static String display(String pointer) {
    return pointer.isEmpty() ? "(root)" : pointer;
  }

  private void collect(ValidationException e, List<Violation> out) {
    List<ValidationException> causes = e.getCausingExceptions();
    String keyword = e.getKeyword();
    if (causes.isEmpty()) {
      out.add(leaf(e));
    } else if ("anyOf".equals(keyword) || "oneOf".equals(keyword)) {
      out.add(alternatives(e, causes));
    } else {
      for (ValidationException cause : causes) {
        collect(cause, out);
      }
    }
  }

  // a failed anyOf/oneOf is one violation: listing each branch's failure as its own would demand all of them
  private Violation alternatives(ValidationException e, List<ValidationException> causes) {
    String pointer = pointer(e);
    List<List<Violation>> branches = new ArrayList<>();
    boolean onlyTypes = true;
    for (ValidationException cause : causes) {
      List<Violation> branch = new ArrayList<>();
      collect(cause, branch);
      branches.add(branch);
      for (Violation v : branch) {
        onlyTypes &= v.keyword().equals("type") && v.pointer().equals(pointer);
      }
    }
    Object value = JsonText.at(root, pointer);
    if (onlyTypes && "anyOf".equals(e.getKeyword())) { // "type": ["string", "null"] compiles to an anyOf
      Set<String> types = new TreeSet<>(); // everit's branch order is its own; sorted reads the same every time
      for (ValidationException cause : causes) {
        types.add(expectedType(cause.getViolatedSchema()));
      }
      return Violation.of(pointer, "type", display(pointer) + ": expected type " + String.join(" or ", types)
          + ", found " + found(value, true), render(value));
    }
    StringBuilder sb = new StringBuilder(display(pointer))
        .append("anyOf".equals(e.getKeyword()) ? ": expected any of: " : ": expected exactly one of: ");
    for (int i = 0; i < branches.size(); i++) {
      sb.append(i == 0 ? "" : "; ").append('(').append(i + 1).append(") ");
      List<String> messages = new ArrayList<>();
      for (Violation v : branches.get(i)) {
        messages.add(v.message());
      }
      sb.append(String.join(" and ", messages));
    }
    return Violation.of(pointer, e.getKeyword(), sb.toString(), render(value));
  }

  private Violation leaf(ValidationException e) {
    String pointer = pointer(e);
    String keyword = e.getKeyword() == null ? "schema" : e.getKeyword();
    Schema schema = e.getViolatedSchema();
    String message = e.getErrorMessage();
    if (keyword.equals("required")) {
      Matcher m = REQUIRED.matcher(message);
      String at = m.matches() ? pointer + "/" + JsonText.escape(m.group(1)) : pointer;
      return Violation.of(at, keyword, display(at) + ": required property is missing", null);
    }
    if (keyword.equals("additionalProperties")) {
      Matcher m = EXTRA.matcher(message);
      String at = m.matches() ? pointer + "/" + JsonText.escape(m.group(1)) : pointer;
      Object value = JsonText.at(root, at);
      return Violation.of(at, keyword, display(at) + ": property is not allowed (additionalProperties is false)"
          + ", found " + found(value, false), render(value));
    }
    Object value = JsonText.at(root, pointer);
    String expected = expectation(keyword, schema);
    String text = expected != null
        ? "expected " + expected + ", found " + found(value, keyword.equals("type"))
        : stripRoot(message) + ", found " + found(value, false);
    return Violation.of(pointer, keyword, display(pointer) + ": " + text, render(value));
  }

  private static String expectation(String keyword, Schema schema) {
    if (keyword.equals("type")) {
      return "type " + expectedType(schema);
    }
    if (schema instanceof NumberSchema n) {
      switch (keyword) {
        case "minimum":
          return (n.isExclusiveMinimum() ? "a number greater than " : "a number >= ") + n.getMinimum();
        case "maximum":
          return (n.isExclusiveMaximum() ? "a number less than " : "a number <= ") + n.getMaximum();
        case "exclusiveMinimum":
          return "a number greater than " + n.getExclusiveMinimumLimit();
        case "exclusiveMaximum":
          return "a number less than " + n.getExclusiveMaximumLimit();
        case "multipleOf":
          return "a multiple of " + n.getMultipleOf();
        default:
          return null;
      }
    }
    if (schema instanceof StringSchema s) {
      switch (keyword) {
        case "minLength":
          return "at least " + s.getMinLength() + " characters";
        case "maxLength":
          return "at most " + s.getMaxLength() + " characters";
        case "pattern":
          return "a string matching " + s.getPattern();
        case "format":
          return "a string in format " + s.getFormatValidator().formatName();
        default:
          return null;
      }
    }
    if (schema instanceof ArraySchema a) {
      switch (keyword) {
        case "minItems":
          return "at least " + a.getMinItems() + " items";
        case "maxItems":
          return "at most " + a.getMaxItems() + " items";
        case "uniqueItems":
          return "unique items";
        default:
          return null;
      }
    }
    if (schema instanceof ObjectSchema o) {
      switch (keyword) {
        case "minProperties":
          return "at least " + o.getMinProperties() + " properties";
        case "maxProperties":
          return "at most " + o.getMaxProperties() + " properties";
        default:
          return null;
      }
    }
    if (schema instanceof EnumSchema en && keyword.equals("enum")) {
      return "one of " + JsonText.render(new JSONArray(en.getPossibleValuesAsList()));
    }
    if (schema instanceof ConstSchema c && keyword.equals("const")) {
      return JsonText.render(c.getPermittedValue());
    }
    return null;
  }

  private static String expectedType(Schema schema) {
    if (schema instanceof NumberSchema n) {
      return n.requiresInteger() ? "integer" : "number";
    } else if (schema instanceof StringSchema) {
      return "string";
    } else if (schema instanceof ObjectSchema) {
      return "object";
    } else if (schema instanceof ArraySchema) {
      return "array";
    } else if (schema instanceof BooleanSchema) {
      return "boolean";
    } else if (schema instanceof NullSchema) {
      return "null";
    }
    return String.valueOf(schema);
  }

  private static String found(Object value, boolean withType) {
    String rendered = Violation.truncate(render(value)); // messages stay short too
    if (rendered == null || rendered.equals("null")) {
      return "null";
    }
    return withType ? JsonText.typeOf(value) + " " + rendered : rendered;
  }

  private static String render(Object value) {
    return value == null ? null : JsonText.render(value);
  }

  private static String pointer(ValidationException e) {
    String p = e.getPointerToViolation();
    if (p == null || p.equals("#")) {
      return "";
    }
    return p.startsWith("#") ? p.substring(1) : p;
  }

  private static String stripRoot(String message) {
    return message.startsWith("#: ") ? message.substring(3) : message;
  }
}
