package dev.logline.archive.s3;

import dev.logline.archive.ArchiveDestination;
import dev.logline.archive.ArchiveException;
import dev.logline.archive.ArchiveObject;
import dev.logline.archive.FailureCause;
import dev.logline.logback.FileManifest;
import java.io.UncheckedIOException;
import java.net.URI;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Archives to S3 or an S3-compatible store (MinIO, Ceph, s3proxy) through the AWS SDK v2.
 *
 * <p>Each upload is checked by the store and read back before the archiver marks the local file
 * shipped: by default a {@code Content-MD5} header (the store rejects a body that does not match it),
 * the ETag of the single PUT compared with the MD5, and a HEAD that must show the size and the
 * SHA-256 kept in user metadata ({@code x-amz-meta-sha256}). This works on every S3-compatible store
 * tried; {@code flexibleChecksums(true)} instead sends the SDK's SHA-256 checksum, which AWS S3
 * verifies but some compatible stores reject. Keys are deterministic and a HEAD comes first, so
 * shipping a file again never creates a second object; other bytes under the key are a
 * {@link FailureCause#CONFLICT}. The manifest is stored next to the data object, after it.
 */
public final class S3Destination implements ArchiveDestination {
  /** User-metadata key of the object's SHA-256 (hex): {@value}. */
  public static final String META_SHA256 = "sha256";
  /** User-metadata key of the line count: {@value}. */
  public static final String META_LINES = "lines";
  /** User-metadata key of the period start: {@value}. */
  public static final String META_PERIOD_START = "period-start";
  /** User-metadata key of the first seq (when the file holds one producer): {@value}. */
  public static final String META_FIRST_SEQ = "first-seq";
  /** User-metadata key of the last seq (when the file holds one producer): {@value}. */
  public static final String META_LAST_SEQ = "last-seq";
  /** Default connect timeout: {@value} ms. */
  public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 5_000;
  /** Default socket read timeout: {@value} ms. */
  public static final long DEFAULT_SOCKET_TIMEOUT_MILLIS = 60_000;

  private final S3Client s3;
  private final boolean ownsClient;
  private final String bucket;
  private final boolean flexibleChecksums;
  private final boolean verifyEtag;
  private final String description;

  private S3Destination(Builder b) {
    this.bucket = b.bucket;
    this.flexibleChecksums = b.flexibleChecksums;
    this.verifyEtag = b.verifyEtag && !b.flexibleChecksums;
    if (b.client != null) {
      this.s3 = b.client;
      this.ownsClient = false;
    } else {
      this.s3 = newClient(b);
      this.ownsClient = true;
    }
    this.description = "s3://" + bucket + (b.endpoint != null ? " at " + b.endpoint : "");
  }

  public static Builder builder() {
    return new Builder();
  }

  private static S3Client newClient(Builder b) {
    S3ClientBuilder c = S3Client.builder()
        .httpClient(UrlConnectionHttpClient.builder()
            .connectionTimeout(b.connectTimeout)
            .socketTimeout(b.socketTimeout)
            .build())
        .forcePathStyle(b.pathStyle)
        .credentialsProvider(b.credentials != null ? b.credentials : DefaultCredentialsProvider.builder().build())
        .requestChecksumCalculation(b.flexibleChecksums
            ? RequestChecksumCalculation.WHEN_SUPPORTED : RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(b.flexibleChecksums
            ? ResponseChecksumValidation.WHEN_SUPPORTED : ResponseChecksumValidation.WHEN_REQUIRED);
    if (b.region != null) c.region(Region.of(b.region));
    if (b.endpoint != null) c.endpointOverride(b.endpoint);
    return c.build();
  }

  /** The bucket objects go to. */
  public String bucket() {
    return bucket;
  }

  /** The client in use (owned by this destination unless one was passed to the builder). */
  public S3Client client() {
    return s3;
  }

  @Override
  public void put(ArchiveObject object) throws ArchiveException {
    if (!contains(object)) {
      upload(object);
      HeadObjectResponse head = head(object.key());
      if (head == null || !matches(head, object)) {
        throw new ArchiveException(FailureCause.VERIFY_FAILED, object.key() + ": after upload the store shows "
            + (head == null ? "no object" : head.contentLength() + " bytes sha256 " + head.metadata().get(META_SHA256))
            + ", expected " + object.size() + " bytes sha256 " + object.sha256());
      }
    }
    putManifest(object);
  }

  @Override
  public boolean contains(ArchiveObject object) throws ArchiveException {
    HeadObjectResponse head = head(object.key());
    if (head == null) return false;
    if (matches(head, object)) return true;
    throw new ArchiveException(FailureCause.CONFLICT, description + "/" + object.key() + " already holds other bytes ("
        + head.contentLength() + " bytes, sha256 " + head.metadata().get(META_SHA256) + "), refusing to overwrite with "
        + object.size() + " bytes sha256 " + object.sha256());
  }

  private static boolean matches(HeadObjectResponse head, ArchiveObject object) {
    return head.contentLength() != null && head.contentLength() == object.size()
        && object.sha256().equalsIgnoreCase(head.metadata().get(META_SHA256));
  }

  private void upload(ArchiveObject object) throws ArchiveException {
    FileManifest m = object.manifest();
    Map<String, String> meta = new HashMap<>();
    meta.put(META_SHA256, object.sha256());
    meta.put(META_LINES, Long.toString(m.lines()));
    meta.put(META_PERIOD_START, m.periodStart());
    if (m.producers().size() == 1) {
      meta.put(META_FIRST_SEQ, Long.toString(m.producers().get(0).firstSeq()));
      meta.put(META_LAST_SEQ, Long.toString(m.producers().get(0).lastSeq()));
    }
    PutObjectRequest.Builder req = PutObjectRequest.builder()
        .bucket(bucket)
        .key(object.key())
        .contentLength(object.size())
        .contentType("application/gzip")
        .metadata(meta);
    if (flexibleChecksums) {
      req.checksumAlgorithm(ChecksumAlgorithm.SHA256).checksumSHA256(base64OfHex(object.sha256()));
    } else {
      req.contentMD5(object.md5Base64());
    }
    PutObjectResponse resp;
    try {
      resp = s3.putObject(req.build(), RequestBody.fromFile(object.file()));
    } catch (UncheckedIOException e) {
      throw new ArchiveException(FailureCause.LOCAL_IO, object.key() + ": cannot read " + object.file() + ": " + e, e);
    } catch (SdkException e) {
      throw translate(object.key(), e);
    }
    if (verifyEtag) {
      String etag = unquote(resp.eTag());
      if (!object.md5Hex().equalsIgnoreCase(etag)) {
        throw new ArchiveException(FailureCause.VERIFY_FAILED, object.key() + ": ETag " + etag
            + " is not the MD5 " + object.md5Hex() + " that was sent (setting 'verifyEtag' turns this off for SSE-KMS)");
      }
    }
  }

  private void putManifest(ArchiveObject object) throws ArchiveException {
    byte[] json = object.manifestJson();
    byte[] md5 = md5(json);
    HeadObjectResponse head = head(object.manifestKey());
    if (head != null && head.contentLength() != null && head.contentLength() == json.length
        && hex(md5).equalsIgnoreCase(unquote(head.eTag()))) {
      return;
    }
    PutObjectRequest.Builder req = PutObjectRequest.builder()
        .bucket(bucket)
        .key(object.manifestKey())
        .contentLength((long) json.length)
        .contentType("application/json");
    if (flexibleChecksums) {
      req.checksumAlgorithm(ChecksumAlgorithm.SHA256);
    } else {
      req.contentMD5(Base64.getEncoder().encodeToString(md5));
    }
    try {
      s3.putObject(req.build(), RequestBody.fromBytes(json));
    } catch (SdkException e) {
      throw translate(object.manifestKey(), e);
    }
  }

  private HeadObjectResponse head(String key) throws ArchiveException {
    try {
      return s3.headObject(r -> r.bucket(bucket).key(key));
    } catch (NoSuchKeyException e) {
      return null;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) return null;
      throw translate(key, e);
    } catch (SdkException e) {
      throw translate(key, e);
    }
  }

  private ArchiveException translate(String key, SdkException e) {
    String where = description + "/" + key + ": ";
    if (e instanceof S3Exception) {
      S3Exception s = (S3Exception) e;
      int status = s.statusCode();
      String code = s.awsErrorDetails() != null ? s.awsErrorDetails().errorCode() : null;
      String msg = where + "HTTP " + status + (code != null ? " " + code : "") + ": " + s.getMessage();
      if (status == 501) { // a feature this store lacks: not an outage, and retrying alone will not fix it
        return new ArchiveException(FailureCause.REJECTED, msg + (flexibleChecksums
            ? " (the store does not implement the SDK's flexible checksums: set flexibleChecksums=false)" : ""), e);
      }
      if (status >= 500 || status == 429 || status == 408) return new ArchiveException(FailureCause.UNAVAILABLE, msg, e);
      if ("BadDigest".equals(code) || "InvalidDigest".equals(code)) {
        return new ArchiveException(FailureCause.VERIFY_FAILED, msg, e);
      }
      return new ArchiveException(FailureCause.REJECTED, msg, e);
    }
    if (e instanceof SdkClientException) {
      return new ArchiveException(FailureCause.UNAVAILABLE, where + e.getMessage(), e);
    }
    return new ArchiveException(FailureCause.OTHER, where + e, e);
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public void close() {
    if (ownsClient) s3.close();
  }

  @Override
  public String toString() {
    return description;
  }

  private static String unquote(String etag) {
    if (etag == null) return "";
    return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
  }

  private static byte[] md5(byte[] bytes) {
    try {
      return MessageDigest.getInstance("MD5").digest(bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 missing from this JDK", e);
    }
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder(b.length * 2);
    for (byte x : b) s.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
    return s.toString();
  }

  private static String base64OfHex(String hex) {
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return Base64.getEncoder().encodeToString(out);
  }

  /** Builds an {@link S3Destination}; {@code bucket} is required. */
  public static final class Builder {
    private String bucket;
    private String region;
    private URI endpoint;
    private boolean pathStyle;
    private boolean flexibleChecksums;
    private boolean verifyEtag = true;
    private AwsCredentialsProvider credentials;
    private S3Client client;
    private Duration connectTimeout = Duration.ofMillis(DEFAULT_CONNECT_TIMEOUT_MILLIS);
    private Duration socketTimeout = Duration.ofMillis(DEFAULT_SOCKET_TIMEOUT_MILLIS);

    private Builder() {}

    public Builder bucket(String bucket) {
      this.bucket = Objects.requireNonNull(bucket, "bucket == null");
      return this;
    }

    /** AWS region, e.g. {@code eu-west-1}; default from the AWS region chain (env, profile, instance metadata). */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region == null");
      return this;
    }

    /** Endpoint of an S3-compatible store, e.g. {@code http://127.0.0.1:9000}; default AWS. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint == null");
      return this;
    }

    /** Path-style URLs ({@code host/bucket/key}), needed by most S3-compatible stores; default false. */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /** Use the SDK's flexible SHA-256 checksums (AWS S3) instead of Content-MD5; default false. */
    public Builder flexibleChecksums(boolean flexibleChecksums) {
      this.flexibleChecksums = flexibleChecksums;
      return this;
    }

    /** Compare the PUT's ETag with the MD5 sent; default true. Turn off for SSE-KMS buckets, whose ETag is not an MD5. */
    public Builder verifyEtag(boolean verifyEtag) {
      this.verifyEtag = verifyEtag;
      return this;
    }

    /** Credentials; default the AWS default chain (env, profile, web identity, container, instance). */
    public Builder credentials(AwsCredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials == null");
      return this;
    }

    /**
     * A client to use instead of building one (region, endpoint, credentials, path style and checksum
     * settings are then the client's); the caller closes it.
     */
    public Builder client(S3Client client) {
      this.client = Objects.requireNonNull(client, "client == null");
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout == null");
      return this;
    }

    public Builder socketTimeout(Duration socketTimeout) {
      this.socketTimeout = Objects.requireNonNull(socketTimeout, "socketTimeout == null");
      return this;
    }

    /** @throws IllegalStateException naming the first missing attribute */
    public S3Destination build() {
      if (bucket == null) throw new IllegalStateException("Attribute 'bucket' cannot be null");
      return new S3Destination(this);
    }
  }
}
