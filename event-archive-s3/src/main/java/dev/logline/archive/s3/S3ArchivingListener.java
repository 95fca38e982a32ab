package dev.logline.archive.s3;

import dev.logline.archive.ArchiveDestination;
import dev.logline.archive.logback.ArchivingListener;
import java.net.URI;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * {@link ArchivingListener} that ships to S3, configured from {@code logback.xml}:
 *
 * <pre>{@code
 * <listener class="dev.logline.archive.s3.S3ArchivingListener">
 *   <bucket>my-events</bucket>
 *   <region>eu-west-1</region>
 *   <prefix>events/shop</prefix>
 *   <!-- S3-compatible stores: -->
 *   <endpoint>http://minio:9000</endpoint>
 *   <pathStyle>true</pathStyle>
 * </listener>
 * }</pre>
 *
 * Credentials come from the AWS default chain; {@code accessKeyId}/{@code secretAccessKey} exist
 * for stores outside AWS. All {@link ArchivingListener} settings apply.
 */
public class S3ArchivingListener extends ArchivingListener {
  private String bucket;
  private String region;
  private URI endpoint;
  private boolean pathStyle;
  private boolean flexibleChecksums;
  private boolean verifyEtag = true;
  private String accessKeyId;
  private String secretAccessKey;

  public void setBucket(String bucket) {
    this.bucket = Objects.requireNonNull(bucket, "bucket == null");
  }

  public void setRegion(String region) {
    this.region = Objects.requireNonNull(region, "region == null");
  }

  public void setEndpoint(String endpoint) {
    // Blank means AWS itself, so one logback.xml with ${S3_ENDPOINT:-} serves AWS and S3-compatible stores.
    this.endpoint = endpoint == null || endpoint.isBlank() ? null : URI.create(endpoint.trim());
  }

  public void setPathStyle(boolean pathStyle) {
    this.pathStyle = pathStyle;
  }

  public void setFlexibleChecksums(boolean flexibleChecksums) {
    this.flexibleChecksums = flexibleChecksums;
  }

  public void setVerifyEtag(boolean verifyEtag) {
    this.verifyEtag = verifyEtag;
  }

  public void setAccessKeyId(String accessKeyId) {
    this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId == null");
  }

  public void setSecretAccessKey(String secretAccessKey) {
    this.secretAccessKey = Objects.requireNonNull(secretAccessKey, "secretAccessKey == null");
  }

  @Override
  protected ArchiveDestination createDestination() {
    if (bucket == null) throw new IllegalStateException("Attribute 'bucket' cannot be null");
    if ((accessKeyId == null) != (secretAccessKey == null)) {
      throw new IllegalStateException("accessKeyId and secretAccessKey must be set together");
    }
    S3Destination.Builder b = S3Destination.builder().bucket(bucket).pathStyle(pathStyle)
        .flexibleChecksums(flexibleChecksums).verifyEtag(verifyEtag);
    if (region != null) b.region(region);
    if (endpoint != null) b.endpoint(endpoint);
    if (accessKeyId != null) {
      b.credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)));
    }
    return b.build();
  }
}
