package dev.logline.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The loader contract on a real PostgreSQL server, each test in its own schema, dropped after. */
class PostgresWarehouseTest extends WarehouseLoaderContract {
  @Override
  Warehouse openWarehouse() throws Exception {
    return PostgresWarehouse.builder().url(PostgresSupport.url()).schema(PostgresSupport.uniqueSchema()).build();
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
}
