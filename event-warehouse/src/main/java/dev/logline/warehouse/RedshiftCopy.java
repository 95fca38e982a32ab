package dev.logline.warehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Generates the Redshift SQL that loads an S3 archive into {@value Warehouse#EVENTS_TABLE}: the
 * tables (JSON columns as {@code SUPER}), a {@code COPY ... FORMAT JSON 'auto ignorecase' GZIP}
 * into a staging table, and an insert of the rows whose {@code event_id} is not stored yet.
 * Redshift does not enforce primary keys, so the dedupe is the {@code NOT EXISTS} plus a
 * {@code ROW_NUMBER()} over the staged rows.
 *
 * <p>The COPY reads every object under the prefix, so point it at a prefix that holds only
 * {@code .jsonl.gz} files, or give it a COPY manifest listing them ({@link Builder#copyManifest}):
 * the archive's {@code .manifest.json} sidecars are not gzip and would fail the COPY. Only the SQL
 * text is tested here; no Redshift runs in this project's tests.
 */
public final class RedshiftCopy {
  /** Default staging table: {@value}. */
  public static final String DEFAULT_STAGING_TABLE = "logline_events_staging";

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

  private final String s3Uri;
  private final String iamRole;
  private final boolean manifest;
  private final String table;
  private final String staging;
  private final String region;

  private RedshiftCopy(Builder b) {
    this.s3Uri = b.s3Uri;
    this.iamRole = b.iamRole;
    this.manifest = b.manifest;
    this.table = b.table;
    this.staging = b.staging;
    this.region = b.region;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The statements, in order, each without a trailing semicolon. */
  public List<String> statements() {
    List<String> sql = new ArrayList<>();
    sql.add("CREATE TABLE IF NOT EXISTS " + table + " (\n"
        + "  event_id VARCHAR(36) NOT NULL PRIMARY KEY,\n"
        + "  event VARCHAR(64) NOT NULL,\n"
        + "  \"schema\" VARCHAR(256) NOT NULL,\n"
        + "  source VARCHAR(32) NOT NULL,\n"
        + "  occurred_at TIMESTAMPTZ NOT NULL,\n"
        + "  sent_at TIMESTAMPTZ,\n"
        + "  received_at TIMESTAMPTZ,\n"
        + "  corrected_at TIMESTAMPTZ,\n"
        + "  user_id VARCHAR(1024),\n"
        + "  anonymous_id VARCHAR(1024),\n"
        + "  session_id VARCHAR(1024),\n"
        + "  producer_app VARCHAR(256) NOT NULL,\n"
        + "  producer_host VARCHAR(256) NOT NULL,\n"
        + "  producer_instance VARCHAR(64) NOT NULL,\n"
        + "  seq BIGINT NOT NULL,\n"
        + "  context SUPER,\n"
        + "  properties SUPER NOT NULL,\n"
        + "  file VARCHAR(1024) NOT NULL\n"
        + ")\nSORTKEY (occurred_at)");
    sql.add("CREATE TEMP TABLE " + staging + " (\n"
        + "  event_id VARCHAR(36),\n"
        + "  event VARCHAR(64),\n"
        + "  \"schema\" VARCHAR(256),\n"
        + "  source VARCHAR(32),\n"
        + "  occurred_at TIMESTAMPTZ,\n"
        + "  sent_at TIMESTAMPTZ,\n"
        + "  received_at TIMESTAMPTZ,\n"
        + "  corrected_at TIMESTAMPTZ,\n"
        + "  user_id VARCHAR(1024),\n"
        + "  anonymous_id VARCHAR(1024),\n"
        + "  session_id VARCHAR(1024),\n"
        + "  producer SUPER,\n"
        + "  context SUPER,\n"
        + "  properties SUPER\n"
        + ")");
    sql.add("COPY " + staging + "\nFROM " + literal(s3Uri) + "\nIAM_ROLE " + literal(iamRole)
        + (region != null ? "\nREGION " + literal(region) : "")
        + (manifest ? "\nMANIFEST" : "")
        + "\nFORMAT JSON 'auto ignorecase'\nGZIP\nTIMEFORMAT 'auto'");
    sql.add("BEGIN");
    sql.add("INSERT INTO " + table + " (event_id, event, \"schema\", source, occurred_at, sent_at, received_at, "
        + "corrected_at, user_id, anonymous_id, session_id, producer_app, producer_host, producer_instance, seq, "
        + "context, properties, file)\n"
        + "SELECT event_id, event, \"schema\", source, occurred_at, sent_at, received_at, corrected_at, user_id, "
        + "anonymous_id, session_id, producer.app::VARCHAR, producer.host::VARCHAR, producer.instance::VARCHAR, "
        + "producer.seq::BIGINT, context, properties, " + literal(s3Uri) + "\n"
        + "FROM (SELECT s.*, ROW_NUMBER() OVER (PARTITION BY s.event_id ORDER BY s.occurred_at) AS rn FROM "
        + staging + " s) d\n"
        + "WHERE d.rn = 1 AND NOT EXISTS (SELECT 1 FROM " + table + " t WHERE t.event_id = d.event_id)");
    sql.add("COMMIT");
    sql.add("DROP TABLE " + staging);
    return List.copyOf(sql);
  }

  /** {@link #statements()} as one script, statements ended by {@code ;} and a blank line. */
  public String script() {
    StringBuilder sb = new StringBuilder(2048);
    for (String s : statements()) sb.append(s).append(";\n\n");
    return sb.toString();
  }

  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /** Builds a {@link RedshiftCopy}. */
  public static final class Builder {
    private String s3Uri;
    private String iamRole;
    private boolean manifest;
    private String table = Warehouse.EVENTS_TABLE;
    private String staging = DEFAULT_STAGING_TABLE;
    private String region;

    private Builder() {}

    /** The S3 prefix holding only {@code .jsonl.gz} files, e.g. {@code s3://bucket/events/event_date=2026-11-27/}. */
    public Builder prefix(String s3Uri) {
      this.s3Uri = checkS3(s3Uri);
      this.manifest = false;
      return this;
    }

    /** A Redshift COPY manifest (JSON {@code entries} of {@code url}, {@code mandatory}) listing the files. */
    public Builder copyManifest(String s3Uri) {
      this.s3Uri = checkS3(s3Uri);
      this.manifest = true;
      return this;
    }

    /** ARN of the role Redshift assumes to read the bucket. Required. */
    public Builder iamRole(String iamRole) {
      Objects.requireNonNull(iamRole, "iamRole == null");
      if (!iamRole.startsWith("arn:")) throw new IllegalArgumentException("iamRole is not an ARN: " + iamRole);
      this.iamRole = iamRole;
      return this;
    }

    /** Target table; defaults to {@value Warehouse#EVENTS_TABLE}. */
    public Builder table(String table) {
      this.table = checkIdentifier(table, "table");
      return this;
    }

    /** Staging table; defaults to {@value RedshiftCopy#DEFAULT_STAGING_TABLE}. */
    public Builder stagingTable(String staging) {
      this.staging = checkIdentifier(staging, "staging");
      return this;
    }

    /** The bucket's region when it differs from the cluster's; default none. */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region == null");
      return this;
    }

    public RedshiftCopy build() {
      if (s3Uri == null) throw new IllegalStateException("Attribute 'prefix' cannot be null");
      if (iamRole == null) throw new IllegalStateException("Attribute 'iamRole' cannot be null");
      return new RedshiftCopy(this);
    }

    private static String checkS3(String uri) {
      Objects.requireNonNull(uri, "s3Uri == null");
      if (!uri.startsWith("s3://") || uri.length() <= 5) throw new IllegalArgumentException("not an s3:// URI: " + uri);
      return uri;
    }

    private static String checkIdentifier(String name, String what) {
      Objects.requireNonNull(name, what + " == null");
      if (!IDENTIFIER.matcher(name).matches()) {
        throw new IllegalArgumentException(what + " is not a plain identifier: " + name);
      }
      return name;
    }
  }
}
