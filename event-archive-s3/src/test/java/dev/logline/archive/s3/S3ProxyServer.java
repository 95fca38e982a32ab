package dev.logline.archive.s3;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.awaitility.Awaitility;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A real S3 API server in this JVM: s3proxy on a loopback port over an in-memory jclouds blob store
 * that survives {@link #stop()}/{@link #start()}, so an outage can be staged on the same endpoint.
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String ACCESS_KEY = "logline-access";
  public static final String SECRET_KEY = "logline-secret";
  public static final String REGION = "us-east-1";

  private final BlobStoreContext blobs;
  private final int port;
  private S3Proxy proxy;

  public S3ProxyServer() throws IOException {
    Properties props = new Properties();
    this.blobs = ContextBuilder.newBuilder("transient").credentials("identity", "credential").overrides(props)
        .build(BlobStoreContext.class);
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      this.port = s.getLocalPort();
    }
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public S3ProxyServer start() throws Exception {
    proxy = S3Proxy.builder()
        .blobStore(blobs.getBlobStore())
        .endpoint(endpoint())
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        .build();
    proxy.start();
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "STARTED".equals(proxy.getState()));
    return this;
  }

  public void stop() throws Exception {
    if (proxy != null) {
      proxy.stop();
      proxy = null;
    }
  }

  public void createBucket(String bucket) {
    blobs.getBlobStore().createContainerInLocation(null, bucket);
  }

  /** A client for assertions, configured like the destination's default. */
  public S3Client client() {
    return S3Client.builder()
        .httpClient(UrlConnectionHttpClient.builder().build())
        .endpointOverride(endpoint())
        .region(Region.of(REGION))
        .forcePathStyle(true)
        .credentialsProvider(credentials())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  public static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
  }

  public S3Destination.Builder destination(String bucket) {
    return S3Destination.builder().bucket(bucket).endpoint(endpoint()).region(REGION).pathStyle(true)
        .credentials(credentials()).connectTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(10));
  }

  public static List<S3Object> list(S3Client s3, String bucket) {
    List<S3Object> out = new ArrayList<>();
    s3.listObjectsV2Paginator(r -> r.bucket(bucket)).contents().forEach(out::add);
    return out;
  }

  public static ResponseBytes<GetObjectResponse> get(S3Client s3, String bucket, String key) {
    return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key));
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop s3proxy", e);
    } finally {
      blobs.close();
    }
  }
}
