package dev.logline.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * Checks schema evolution against SchemaVer: ADDITION keeps all history valid, REVISION may invalidate some, MODEL
 * breaks it.
 */
public final class CompatibilityChecker {
  private CompatibilityChecker() {
  }

  /** Compares two schema texts structurally; anything it cannot classify counts as a REVISION. */
  public static CompatibilityVerdict compare(String olderSchemaJson, String newerSchemaJson) {
    Objects.requireNonNull(olderSchemaJson, "olderSchemaJson == null");
    Objects.requireNonNull(newerSchemaJson, "newerSchemaJson == null");
    return CompatibilityVerdict.of(SchemaDiff.diff(parse("older schema", olderSchemaJson),
        parse("newer schema", newerSchemaJson)));
  }

  /**
   * Which component {@code newer} increments over {@code older}.
   *
   * @throws SchemaException INVALID_VERSION when {@code newer <= older}
   */
  public static ChangeKind bumpOf(SchemaVer older, SchemaVer newer) {
    Objects.requireNonNull(older, "older == null");
    Objects.requireNonNull(newer, "newer == null");
    if (newer.compareTo(older) <= 0) {
      throw SchemaException.versionNotIncreasing(older, newer);
    }
    if (newer.model() != older.model()) {
      return ChangeKind.MODEL;
    }
    return newer.revision() != older.revision() ? ChangeKind.REVISION : ChangeKind.ADDITION;
  }

  /** Errors when the version bump from {@code older} to {@code newer} under-states the schema change; empty = OK. */
  public static List<String> checkBump(EventSchema older, EventSchema newer) {
    Objects.requireNonNull(older, "older == null");
    Objects.requireNonNull(newer, "newer == null");
    if (!older.key().name().equals(newer.key().name())) {
      throw new IllegalArgumentException("different events: " + older.key() + " and " + newer.key());
    }
    ChangeKind bump = bumpOf(older.key().version(), newer.key().version());
    CompatibilityVerdict verdict = compare(older.json(), newer.json());
    if (verdict.kind().compareTo(bump) <= 0) {
      return List.of();
    }
    return List.of(head(older.key(), newer.key()) + "bumped " + bump + " but the change is a " + verdict.kind()
        + " change: " + String.join("; ", verdict.reasonsAbove(bump)));
  }

  /**
   * Checks every event's consecutive versions: each bump must cover its change, and no version may be skipped.
   *
   * @return the errors; empty = OK
   */
  public static List<String> checkAll(SchemaRegistry registry) {
    Objects.requireNonNull(registry, "registry == null");
    List<String> errors = new ArrayList<>();
    for (String name : registry.eventNames()) {
      SchemaVer previous = null;
      for (SchemaVer version : registry.versions(name)) {
        if (previous != null) {
          SchemaKey older = SchemaKey.of(name, previous);
          SchemaKey newer = SchemaKey.of(name, version);
          if (!isSuccessor(previous, version)) {
            errors.add(head(older, newer) + "skips a version; the next of " + previous + " is "
                + SchemaVer.of(previous.model(), previous.revision(), previous.addition() + 1) + ", "
                + SchemaVer.of(previous.model(), previous.revision() + 1, 0) + " or "
                + SchemaVer.of(previous.model() + 1, 0, 0));
          }
          errors.addAll(checkBump(registry.schema(older), registry.schema(newer)));
        }
        previous = version;
      }
    }
    return List.copyOf(errors);
  }

  /**
   * {@link #checkAll} as an assertion, e.g. in a build's test.
   *
   * @throws SchemaException INCOMPATIBLE_CHANGE listing every error
   */
  public static void requireCompatible(SchemaRegistry registry) {
    List<String> errors = checkAll(registry);
    if (!errors.isEmpty()) {
      throw SchemaException.incompatibleChange(errors);
    }
  }

  private static boolean isSuccessor(SchemaVer a, SchemaVer b) {
    return b.equals(SchemaVer.of(a.model(), a.revision(), a.addition() + 1))
        || b.equals(SchemaVer.of(a.model(), a.revision() + 1, 0))
        || b.equals(SchemaVer.of(a.model() + 1, 0, 0));
  }

  private static String head(SchemaKey older, SchemaKey newer) {
    return older.name() + " " + older.version() + " -> " + newer.version() + ": ";
  }

  private static JSONObject parse(String what, String json) {
    try {
      return new JSONObject(json);
    } catch (JSONException e) {
      throw SchemaException.malformedSchema(what, String.valueOf(e.getMessage()), e);
    }
  }
}
