package dev.logline.schema;

import java.util.Objects;

/** One validation failure: where, which keyword, a sentence, and the offending value. */
public final class Violation {
  /** Longest {@link #value()} rendering, in chars, including the trailing ellipsis. */
  public static final int MAX_VALUE_LENGTH = 64;

  private final String pointer;
  private final String keyword;
  private final String message;
  private final String value;

  private Violation(String pointer, String keyword, String message, String value) {
    this.pointer = pointer;
    this.keyword = keyword;
    this.message = message;
    this.value = value;
  }

  /** {@code value} longer than {@value #MAX_VALUE_LENGTH} chars is truncated with "…". */
  public static Violation of(String pointer, String keyword, String message, String value) {
    Objects.requireNonNull(pointer, "pointer == null");
    Objects.requireNonNull(keyword, "keyword == null");
    Objects.requireNonNull(message, "message == null");
    return new Violation(pointer, keyword, message, truncate(value));
  }

  /** {@code value} cut to {@value #MAX_VALUE_LENGTH} chars, the last being "…"; never splits a surrogate pair. */
  public static String truncate(String value) {
    if (value == null || value.length() <= MAX_VALUE_LENGTH) {
      return value;
    }
    int end = MAX_VALUE_LENGTH - 1;
    if (Character.isHighSurrogate(value.charAt(end - 1))) {
      end--;
    }
    return value.substring(0, end) + "…";
  }

  /** RFC 6901 pointer into the validated value, e.g. {@code /items/0/sku}; {@code ""} for the root. */
  public String pointer() {
    return pointer;
  }

  /** The JSON Schema keyword that failed, e.g. {@code type}, {@code required}. */
  public String keyword() {
    return keyword;
  }

  /** A sentence naming the field, the expectation and the value found. */
  public String message() {
    return message;
  }

  /** The offending value as compact JSON, at most {@value #MAX_VALUE_LENGTH} chars; null when absent. */
  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Violation v && v.pointer.equals(pointer) && v.keyword.equals(keyword)
        && v.message.equals(message) && Objects.equals(v.value, value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(pointer, keyword, message, value);
  }

  @Override
  public String toString() {
    return message;
  }
}
