package dev.logline.schema;

import java.util.Objects;

/** A SchemaVer version, {@code MODEL-REVISION-ADDITION}, e.g. {@code 1-0-2}; ordered numerically. */
public final class SchemaVer implements Comparable<SchemaVer> {
  // Accepted form: ([1-9][0-9]{0,8})-(0|[1-9][0-9]{0,8})-(0|[1-9][0-9]{0,8}). No leading zeros, so that
  // parse(toString()) round-trips and "1-01-0" cannot alias "1-1-0".

  private final int model;
  private final int revision;
  private final int addition;
  private final String text;

  private SchemaVer(int model, int revision, int addition) {
    this(model, revision, addition, model + "-" + revision + "-" + addition);
  }

  private SchemaVer(int model, int revision, int addition, String text) {
    this.model = model;
    this.revision = revision;
    this.addition = addition;
    this.text = text;
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
    // By hand rather than with a regex: every ingested event carries one, and the form is simple.
    int first = text.indexOf('-');
    int second = first < 0 ? -1 : text.indexOf('-', first + 1);
    int model = second < 0 ? -1 : number(text, 0, first, false);
    int revision = model < 0 ? -1 : number(text, first + 1, second, true);
    int addition = revision < 0 ? -1 : number(text, second + 1, text.length(), true);
    if (addition < 0) {
      throw SchemaException.invalidVersion(text);
    }
    return new SchemaVer(model, revision, addition, text); // a valid text is already canonical
  }

  /** The number in {@code text[from, to)}: 1 to 9 digits, no leading zero; -1 when it is not one. */
  private static int number(String text, int from, int to, boolean zeroAllowed) {
    int length = to - from;
    if (length < 1 || length > 9) {
      return -1;
    }
    if (text.charAt(from) == '0') {
      return length == 1 && zeroAllowed ? 0 : -1;
    }
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
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
