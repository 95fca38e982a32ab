package dev.logline.schema;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** The one unchecked exception of the schema module; {@link #kind()} tells what went wrong. */
public final class SchemaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** No schema for that event name. */
    UNKNOWN_EVENT,
    /** The event is known but not in that version. */
    UNKNOWN_VERSION,
    /** A schema file cannot be read, parsed or compiled, or its path is not a valid name/version. */
    MALFORMED_SCHEMA,
    /** A schema refers to a non-classpath URI; nothing is ever fetched. */
    REMOTE_REF,
    /** Not a valid event name or schema key. */
    INVALID_NAME,
    /** Not a valid SchemaVer, or versions out of order. */
    INVALID_VERSION,
    /** A schema change is not reflected by its version bump. */
    INCOMPATIBLE_CHANGE
  }

  private final Kind kind;

  private SchemaException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  public static SchemaException unknownEvent(String name, Collection<String> known) {
    return new SchemaException(Kind.UNKNOWN_EVENT, "unknown event " + name + "; known events: " + known, null);
  }

  public static SchemaException unknownVersion(SchemaKey key, Collection<SchemaVer> known) {
    return new SchemaException(Kind.UNKNOWN_VERSION,
        "unknown version " + key + "; known versions of " + key.name() + ": " + known, null);
  }

  public static SchemaException malformedSchema(String resource, String reason, Throwable cause) {
    return new SchemaException(Kind.MALFORMED_SCHEMA, "malformed schema " + resource + ": " + reason, cause);
  }

  public static SchemaException remoteRef(String resource, String ref) {
    return new SchemaException(Kind.REMOTE_REF, "schema " + resource + " refers to " + ref
        + ": only classpath: and relative $refs are allowed, nothing is fetched", null);
  }

  public static SchemaException invalidName(String name) {
    return new SchemaException(Kind.INVALID_NAME,
        "invalid event name " + quote(name) + ": expected [a-z][a-z0-9_]{0,63}", null);
  }

  public static SchemaException invalidKey(String text) {
    return new SchemaException(Kind.INVALID_NAME,
        "invalid schema key " + quote(text) + ": expected NAME/MODEL-REVISION-ADDITION, e.g. checkout_completed/1-0-0",
        null);
  }

  public static SchemaException invalidVersion(String text) {
    return new SchemaException(Kind.INVALID_VERSION,
        "invalid SchemaVer " + quote(text) + ": expected MODEL-REVISION-ADDITION, e.g. 1-0-0 (MODEL >= 1, no leading zeros)",
        null);
  }

  public static SchemaException versionNotIncreasing(SchemaVer older, SchemaVer newer) {
    return new SchemaException(Kind.INVALID_VERSION,
        "version " + newer + " is not greater than " + older, null);
  }

  public static SchemaException incompatibleChange(List<String> errors) {
    Objects.requireNonNull(errors, "errors == null");
    return new SchemaException(Kind.INCOMPATIBLE_CHANGE, "incompatible schema changes: " + String.join("; ", errors),
        null);
  }

  private static String quote(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }
}
