package dev.logline.warehouse;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the PostgreSQL tests connect: {@code LOGLINE_PG_URL} ({@code .ci/run} starts the server and
 * sets it). Unset under {@code CI=true} is a failure, elsewhere a skip with the reason.
 */
final class PostgresSupport {
  static final String ENV = "LOGLINE_PG_URL";

  private PostgresSupport() {}

  static String url() {
    String url = System.getenv(ENV);
    if (url == null || url.isBlank()) {
      if ("true".equals(System.getenv("CI"))) {
        fail(ENV + " is not set under CI=true: .ci/run must start PostgreSQL and export it");
      }
      Assumptions.abort(ENV + " is not set: PostgreSQL tests skipped (set it to a jdbc:postgresql:// URL, "
          + "as .ci/run does, to run them)");
    }
    return url;
  }

  /** A schema name no parallel run uses. */
  static String uniqueSchema() {
    return "logline_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }
}
