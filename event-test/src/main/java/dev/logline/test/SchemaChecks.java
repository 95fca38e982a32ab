package dev.logline.test;

import dev.logline.schema.CompatibilityChecker;
import dev.logline.schema.SchemaException;
import dev.logline.schema.SchemaRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The one-liner for a build: {@code SchemaChecks.assertClasspathSchemasValid();} loads and compiles
 * every event schema on the classpath and checks that each version bump states its change honestly.
 */
public final class SchemaChecks {
  private SchemaChecks() {}

  /** Fails with every problem found, one per line. */
  public static void assertClasspathSchemasValid() {
    assertSchemasValid(SchemaRegistry.fromClasspath());
  }

  public static void assertSchemasValid(SchemaRegistry registry) {
    List<String> problems = new ArrayList<>();
    try {
      registry.all();
      problems.addAll(CompatibilityChecker.checkAll(registry));
    } catch (SchemaException e) {
      problems.add(e.getMessage());
    }
    if (!problems.isEmpty()) {
      throw new AssertionError("Event schemas have problems:\n  " + String.join("\n  ", problems));
    }
  }
}
