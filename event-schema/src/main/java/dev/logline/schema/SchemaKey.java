package dev.logline.schema;

import java.util.Objects;
import java.util.regex.Pattern;

/** An event name plus its {@link SchemaVer}, written {@code checkout_completed/1-0-2}. */
public final class SchemaKey {
  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  private final String name;
  private final SchemaVer version;
  private final String text; // written with every event: build it once

  private SchemaKey(String name, SchemaVer version) {
    this.name = name;
    this.version = version;
    this.text = name + "/" + version;
  }

  /** {@code name} must match {@code [a-z][a-z0-9_]{0,63}}. */
  public static SchemaKey of(String name, SchemaVer version) {
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(version, "version == null");
    if (!isValidName(name)) {
      throw SchemaException.invalidName(name);
    }
    return new SchemaKey(name, version);
  }

  /** Parses {@code "checkout_completed/1-0-2"}. */
  public static SchemaKey parse(String text) {
    Objects.requireNonNull(text, "text == null");
    int slash = text.indexOf('/');
    if (slash < 0 || slash != text.lastIndexOf('/')) {
      throw SchemaException.invalidKey(text);
    }
    return of(text.substring(0, slash), SchemaVer.parse(text.substring(slash + 1)));
  }

  /** Whether {@code name} is a valid event name. */
  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  public String name() {
    return name;
  }

  public SchemaVer version() {
    return version;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SchemaKey k && k.name.equals(name) && k.version.equals(version);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** {@code "checkout_completed/1-0-2"}. */
  @Override
  public String toString() {
    return text;
  }
}
