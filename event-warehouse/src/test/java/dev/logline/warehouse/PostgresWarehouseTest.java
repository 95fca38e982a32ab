package dev.logline.warehouse;

import static dev.logline.warehouse.ArchiveFixture.INSTANCE_A;
import static dev.logline.warehouse.ArchiveFixture.checkouts;
import static dev.logline.warehouse.ArchiveFixture.hourDir;
import static dev.logline.warehouse.ArchiveFixture.logger;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loader contract on a real PostgreSQL server, each test in its own schema, dropped after. */
class PostgresWarehouseTest extends WarehouseLoaderContract {
  private final String schema = PostgresSupport.uniqueSchema();

  @Override
  Warehouse openWarehouse() throws Exception {
    return PostgresWarehouse.builder().url(PostgresSupport.url()).schema(schema).build();
  }

  @Override
  Warehouse openReader() throws Exception {
    return PostgresWarehouse.builder().url(PostgresSupport.url()).schema(schema).build();
  }

  @Override
  String tableSchema() {
    return schema;
  }

  @AfterEach
  void dropSchema() throws Exception {
    if (warehouse != null) ((PostgresWarehouse) warehouse).dropSchema();
  }

  @Test
  void tablesUseNativeTypesInTheirOwnSchema() throws Exception {
    warehouse.createTables();
    String schema = ((PostgresWarehouse) warehouse).schema();
    try (Statement s = warehouse.connection().createStatement();
        ResultSet r = s.executeQuery("SELECT column_name, data_type FROM information_schema.columns WHERE "
            + "table_schema = '" + schema + "' AND table_name = 'logline_events' AND column_name IN "
            + "('event_id', 'occurred_at', 'properties', 'seq') ORDER BY column_name")) {
      StringBuilder types = new StringBuilder();
      while (r.next()) types.append(r.getString(1)).append('=').append(r.getString(2)).append(';');
      assertThat(types.toString()).isEqualTo(
          "event_id=uuid;occurred_at=timestamp with time zone;properties=jsonb;seq=bigint;");
    }
  }

  @Test
  void rebuildsKeepEachPrimaryKeyUnderItsTablesName() throws Exception {
    archive.write(hourDir(0), "a", checkouts(logger("shop", "web-1", INSTANCE_A), 3));
    load();

    for (int i = 0; i < 2; i++) {
      assertThat(rebuildLoader().build().load().rowsInserted()).isEqualTo(3);
    }

    // a renamed table keeps its index's name: left as the shadow's, the next shadow's key would be
    // named logline_events__rebuild_pkey1, and so on
    assertThat(rows(warehouse, "SELECT tablename || ' ' || indexname FROM pg_indexes WHERE schemaname = '"
        + schema + "' ORDER BY 1")).containsExactly(
            "logline_events logline_events_pkey", "logline_loaded_files logline_loaded_files_pkey");
  }
}
