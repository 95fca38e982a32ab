package dev.logline.schema;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A SchemaVer version, {@code MODEL-REVISION-ADDITION}, e.g. {@code 1-0-2}; ordered numerically. */
public final class SchemaVer implements Comparable<SchemaVer> {
  // no leading zeros, so that parse(toString()) round-trips and "1-01-0" cannot alias "1-1-0"
  private static final Pattern FORM = Pattern.compile("([1-9][0-9]{0,8})-(0|[1-9][0-9]{0,8})-(0|[1-9][0-9]{0,8})");

  private final int model;
  private final int revision;
  private final int addition;
  private final String text;

  private SchemaVer(int model, int revision, int addition) {
    this.model = model;
    this.revision = revision;
    this.addition = addition;
    this.text = model + "-" + revision + "-" + addition;
  }

  /** {@code model >= 1}, {@code revision >= 0}, {@code addition >= 0}. */
  public static SchemaVer of(int model, int revision, int addition) {
    if (model < 1 || revision < 0 || addition < 0) {
      throw SchemaException.invalidVersion(model + "-" + revision + "-" + addition);
    }
    return new SchemaVer(model, revision, addition);
  }

  /** Parses {@code "1-0-2"}. */
  public static SchemaVer parse(String text) {
    Objects.requireNonNull(text, "text == null");
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw SchemaException.invalidVersion(text);
    }
    return new SchemaVer(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
  }

  public int model() {
    return model;
  }

  public int revision() {
    return revision;
  }

  public int addition() {
    return addition;
  }

  @Override
  public int compareTo(SchemaVer o) {
    int c = Integer.compare(model, o.model);
    if (c == 0) {
      c = Integer.compare(revision, o.revision);
    }
    return c != 0 ? c : Integer.compare(addition, o.addition);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SchemaVer v && v.model == model && v.revision == revision && v.addition == addition;
  }

  @Override
  public int hashCode() {
    return (model * 31 + revision) * 31 + addition;
  }

  /** {@code "1-0-2"}. */
  @Override
  public String toString() {
    return text;
  }
}
