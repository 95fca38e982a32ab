package dev.logline.core;

/** Checks identifier-like envelope values: lower-case ASCII snake_case. */
final class Names {
  private Names() {}

  static String check(String field, String value, int maxLength) {
    if (value == null) {
      throw new NullPointerException(field + " == null");
    }
    boolean ok = !value.isEmpty() && value.length() <= maxLength && isLower(value.charAt(0));
    for (int i = 1; ok && i < value.length(); i++) {
      char c = value.charAt(i);
      ok = isLower(c) || (c >= '0' && c <= '9') || c == '_';
    }
    if (!ok) {
      throw EventException.invalidValue(
          field, value, "expected [a-z][a-z0-9_]{0," + (maxLength - 1) + "} (lower-case snake_case)");
    }
    return value;
  }

  private static boolean isLower(char c) {
    return c >= 'a' && c <= 'z';
  }
}
