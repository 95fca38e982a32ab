package dev.logline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** B4's harness sees every event arrive in S3 through the real appender, listener and s3proxy. */
class ArchiveLagBenchmarkTest {
  @Test
  void everyLoggedEventIsFoundInS3AndItsLagIsMeasured() throws Exception {
    // ended by stop: a one-minute roll would make this test a minute long; the roll path is what run.sh measures
    ArchiveLagBenchmark.Result r = ArchiveLagBenchmark.run(1_000, 200, true);

    assertThat(r.events).isGreaterThan(100);
    assertThat(r.visible).isEqualTo(r.events);
    assertThat(r.files).isGreaterThanOrEqualTo(1);
    assertThat(r.lag).hasSize(r.events);
    assertThat(r.lagPercentile(50)).isLessThanOrEqualTo(r.lagPercentile(99));
    assertThat(r.rollToVisiblePercentile(0)).isGreaterThanOrEqualTo(0);
  }

  @Test
  void percentilesAreNearestRank() {
    long[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    assertThat(ArchiveLagBenchmark.percentile(sorted, 50)).isEqualTo(5);
    assertThat(ArchiveLagBenchmark.percentile(sorted, 99)).isEqualTo(10);
    assertThat(ArchiveLagBenchmark.percentile(sorted, 100)).isEqualTo(10);
  }
}
