package dev.logline.warehouse;

import static dev.logline.warehouse.ArchiveFixture.INSTANCE_A;
import static dev.logline.warehouse.ArchiveFixture.checkouts;
import static dev.logline.warehouse.ArchiveFixture.hourDir;
import static dev.logline.warehouse.ArchiveFixture.logger;
import static org.assertj.core.api.Assertions.assertThat;

import dev.logline.core.EventLogger;
import dev.logline.core.LoggedEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loader contract on an embedded DuckDB file, plus DuckDB's own reader as the benchmark bound. */
class DuckDbWarehouseTest extends WarehouseLoaderContract {
  @Override
  Warehouse openWarehouse() throws Exception {
    return DuckDbWarehouse.open(tmp.resolve("events.duckdb"));
  }

  @Override
  Warehouse openReader() throws Exception {
    // DuckDB's JDBC driver shares one database instance between connections to the same file
    return DuckDbWarehouse.open(tmp.resolve("events.duckdb"));
  }

  @Override
  String tableSchema() {
    return "main";
  }

  @Test
  void readJsonLoadsTheSameRowsAsTheLoaderWithoutNetwork() throws Exception {
    EventLogger shop = logger("shop", "web-1", INSTANCE_A);
    List<LoggedEvent> events = checkouts(shop, 6);
    archive.write(hourDir(0), "a", events.subList(0, 4));
    archive.write(hourDir(1), "b", events.subList(4, 6));
    load();

    long rows = ((DuckDbWarehouse) warehouse).loadWithReadJson(archive.root, "bench_read_json");

    assertThat(rows).isEqualTo(6);
    String columns = "event_id, event, schema, source, occurred_at, sent_at, received_at, corrected_at, user_id, "
        + "anonymous_id, session_id, producer_app, producer_host, producer_instance, seq, "
        + "CAST(context AS VARCHAR), CAST(properties AS VARCHAR)";
    assertThat(query("SELECT count(*) FROM (SELECT " + columns + " FROM bench_read_json EXCEPT SELECT " + columns
        + " FROM " + warehouse.eventsTable() + ")")).isZero();
    assertThat(query("SELECT count(*) FROM bench_read_json WHERE properties->>'currency' = 'USD'")).isEqualTo(3);
  }
}
