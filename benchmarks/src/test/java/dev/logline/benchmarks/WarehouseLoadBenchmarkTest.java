package dev.logline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.logline.warehouse.LoadReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** B5 loads a real multi-file archive both ways and both ways store every event. */
class WarehouseLoadBenchmarkTest {
  private final WarehouseLoadBenchmark bench = new WarehouseLoadBenchmark();

  @BeforeEach
  void writeSmallArchive() throws Exception {
    bench.events = 2_000;
    bench.maxFileSize = "256 KB";
    bench.writeArchive();
  }

  @AfterEach
  void deleteArchive() {
    bench.deleteArchive();
  }

  @Test
  void archiveIsSeveralFinishedFiles() throws Exception {
    assertThat(bench.files()).isGreaterThan(2);
  }

  @Test
  void warehouseLoaderStoresEveryEventOnce() throws Exception {
    bench.openEmptyWarehouse();
    try {
      LoadReport report = bench.warehouseLoader();
      assertThat(report.rowsInserted()).isEqualTo(2_000);
      assertThat(report.filesLoaded()).isEqualTo((int) bench.files());
      assertThat(bench.warehouse.countEvents()).isEqualTo(2_000);
    } finally {
      bench.dropWarehouse();
    }
  }

  @Test
  void duckdbReadJsonReadsTheSameRows() throws Exception {
    bench.openEmptyWarehouse();
    try {
      assertThat(bench.duckdbReadJson()).isEqualTo(2_000);
    } finally {
      bench.dropWarehouse();
    }
  }
}
