package dev.logline.servlet;

import static dev.logline.servlet.Bodies.pageViewed;
import static dev.logline.servlet.Bodies.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestMetricsTest {
  @TempDir Path dir;

  @Test
  void metersFollowTheFiltersCountersWithEveryStatusRegisteredAtZero() throws Exception {
    try (TestServer s = new TestServer(dir, c -> { })) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      new IngestMetrics(s.filter, Tags.of("site", "shop")).bindTo(registry);
      String id = uuid();

      assertThat(Http.post(s, pageViewed(id)).status()).isEqualTo(202);
      assertThat(Http.post(s, pageViewed(id)).status()).isEqualTo(202); // a retry: duplicate
      assertThat(Http.post(s, "{not json").status()).isEqualTo(400);

      assertThat(registry.get("logline.ingest.requests").tag("site", "shop").functionCounter().count())
          .isEqualTo(3.0);
      assertThat(registry.get("logline.ingest.events").tag("outcome", "accepted").functionCounter().count())
          .isEqualTo(1.0);
      assertThat(registry.get("logline.ingest.events").tag("outcome", "duplicate").functionCounter().count())
          .isEqualTo(1.0);
      assertThat(registry.get("logline.ingest.events").tag("outcome", "rejected").functionCounter().count())
          .isZero();
      assertThat(registry.get("logline.ingest.responses").tag("status", "202").functionCounter().count())
          .isEqualTo(2.0);
      assertThat(registry.get("logline.ingest.responses").tag("status", "400").functionCounter().count())
          .isEqualTo(1.0);
      assertThat(registry.get("logline.ingest.responses").functionCounters())
          .hasSize(IngestMetrics.STATUSES.length);
      assertThat(registry.get("logline.ingest.internal.errors").functionCounter().count()).isZero();
    }
  }
}
