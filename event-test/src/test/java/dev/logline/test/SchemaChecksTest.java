package dev.logline.test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logline.schema.SchemaRegistry;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

class SchemaChecksTest {

  @Test
  void theShippedAndTestSchemasPass() {
    assertThatCode(SchemaChecks::assertClasspathSchemasValid).doesNotThrowAnyException();
  }

  @Test
  void aBumpThatUnderstatesTheChangeFailsNamingTheEventAndTheReason() throws Exception {
    URL root = SchemaChecksTest.class.getResource("/bad-bump/");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {root}, null)) {
      SchemaRegistry registry = SchemaRegistry.fromClasspath(loader);
      assertThatThrownBy(() -> SchemaChecks.assertSchemasValid(registry))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("widget")
          .hasMessageContaining("1-0-1")
          .hasMessageContaining("size");
    }
  }
}
