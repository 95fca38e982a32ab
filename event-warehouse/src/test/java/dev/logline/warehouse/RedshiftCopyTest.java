package dev.logline.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The generated Redshift SQL, as text: no Redshift runs here. */
class RedshiftCopyTest {
  private static final String ROLE = "arn:aws:iam::123456789012:role/logline-load";

  @Test
  void copiesAPrefixIntoStagingThenInsertsOnlyNewEventIds() {
    List<String> sql = RedshiftCopy.builder()
        .prefix("s3://bucket/events/event_date=2026-11-27/")
        .iamRole(ROLE)
        .build()
        .statements();

    assertThat(sql).hasSize(7);
    assertThat(sql.get(0)).startsWith("CREATE TABLE IF NOT EXISTS logline_events (\n")
        .contains("  event_id VARCHAR(36) NOT NULL PRIMARY KEY,\n")
        .contains("  occurred_at TIMESTAMPTZ NOT NULL,\n")
        .contains("  context SUPER,\n  properties SUPER NOT NULL,\n")
        .contains("  seq BIGINT NOT NULL,\n");
    assertThat(sql.get(1)).startsWith("CREATE TEMP TABLE logline_events_staging (")
        .contains("  producer SUPER,\n");
    assertThat(sql.get(2)).isEqualTo("COPY logline_events_staging\n"
        + "FROM 's3://bucket/events/event_date=2026-11-27/'\n"
        + "IAM_ROLE '" + ROLE + "'\n"
        + "FORMAT JSON 'auto ignorecase'\n"
        + "GZIP\n"
        + "TIMEFORMAT 'auto'");
    assertThat(sql.get(3)).isEqualTo("BEGIN");
    assertThat(sql.get(4)).startsWith("INSERT INTO logline_events (event_id, event, \"schema\", ")
        .contains("producer.app::VARCHAR, producer.host::VARCHAR, producer.instance::VARCHAR, producer.seq::BIGINT")
        .contains("ROW_NUMBER() OVER (PARTITION BY s.event_id ORDER BY s.occurred_at) AS rn")
        .endsWith("WHERE d.rn = 1 AND NOT EXISTS (SELECT 1 FROM logline_events t WHERE t.event_id = d.event_id)");
    assertThat(sql.subList(5, 7)).containsExactly("COMMIT", "DROP TABLE logline_events_staging");
  }

  @Test
  void aCopyManifestRegionAndTableNamesAreHonouredAndQuotesEscaped() {
    RedshiftCopy copy = RedshiftCopy.builder()
        .copyManifest("s3://bucket/loads/it's.manifest")
        .iamRole(ROLE)
        .region("eu-west-1")
        .table("analytics.events")
        .stagingTable("events_stage")
        .build();

    assertThat(copy.statements().get(2)).isEqualTo("COPY events_stage\n"
        + "FROM 's3://bucket/loads/it''s.manifest'\n"
        + "IAM_ROLE '" + ROLE + "'\n"
        + "REGION 'eu-west-1'\n"
        + "MANIFEST\n"
        + "FORMAT JSON 'auto ignorecase'\n"
        + "GZIP\n"
        + "TIMEFORMAT 'auto'");
    assertThat(copy.statements().get(0)).startsWith("CREATE TABLE IF NOT EXISTS analytics.events (");
    assertThat(copy.script()).contains("COPY events_stage\n").contains(";\n\nCOMMIT;\n\n").endsWith("DROP TABLE events_stage;\n\n");
  }

  @Test
  void rejectsWhatWouldMakeBrokenSql() {
    assertThatThrownBy(() -> RedshiftCopy.builder().iamRole(ROLE).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("Attribute 'prefix' cannot be null");
    assertThatThrownBy(() -> RedshiftCopy.builder().prefix("s3://b/p/").build())
        .isInstanceOf(IllegalStateException.class).hasMessage("Attribute 'iamRole' cannot be null");
    assertThatThrownBy(() -> RedshiftCopy.builder().prefix("/local/dir"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("not an s3:// URI: /local/dir");
    assertThatThrownBy(() -> RedshiftCopy.builder().table("events; DROP TABLE x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("table is not a plain identifier: events; DROP TABLE x");
    assertThatThrownBy(() -> RedshiftCopy.builder().iamRole("role"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("iamRole is not an ARN: role");
  }
}
