package dev.logline.archive.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logline.archive.ArchiveException;
import dev.logline.archive.ArchiveKeys;
import dev.logline.archive.ArchiveObject;
import dev.logline.archive.EventFiles;
import dev.logline.archive.FailureCause;
import dev.logline.archive.internal.Digests;
import dev.logline.logback.FileManifest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

class S3DestinationTest {
  static S3ProxyServer server;
  static S3Client s3;
  static final Instant T0 = Instant.parse("2026-11-27T08:15:00Z");

  @TempDir Path tmp;

  @BeforeAll
  static void startServer() throws Exception {
    server = new S3ProxyServer().start();
    s3 = server.client();
  }

  @AfterAll
  static void stopServer() throws Exception {
    s3.close();
    server.close();
  }

  static ArchiveObject objectFor(Path gz, String prefix) throws Exception {
    byte[] json = Files.readAllBytes(EventFiles.manifestOf(gz));
    FileManifest m = FileManifest.parse(new String(json, java.nio.charset.StandardCharsets.UTF_8));
    Digests d = Digests.of(gz);
    return new ArchiveObject(ArchiveKeys.dataKey(prefix, m), ArchiveKeys.manifestKey(prefix, m), gz, m, json,
        d.size(), d.sha256(), d.md5());
  }

  @Test
  void putStoresTheVerifiedObjectWithItsChecksumsAndTheManifestNextToIt() throws Exception {
    server.createBucket("put");
    Path gz = new EventFiles(tmp, "shop", "web-1", "i1").write(T0, 0, 25);
    ArchiveObject o = objectFor(gz, "events");
    try (S3Destination dest = server.destination("put").build()) {
      dest.put(o);
      assertThat(dest.contains(o)).isTrue();
    }

    HeadObjectResponse head = s3.headObject(r -> r.bucket("put").key(o.key()));
    assertThat(head.contentLength()).isEqualTo(Files.size(gz));
    assertThat(head.eTag().replace("\"", "")).isEqualTo(o.md5Hex());
    assertThat(head.metadata()).containsEntry("sha256", o.sha256()).containsEntry("lines", "25")
        .containsEntry("first-seq", "1").containsEntry("last-seq", "25");
    ResponseBytes<GetObjectResponse> data = S3ProxyServer.get(s3, "put", o.key());
    assertThat(Digests.sha256Hex(data.asByteArray())).isEqualTo(o.sha256());
    assertThat(EventFiles.seqs(data.asByteArray())).containsExactlyElementsOf(EventFiles.expected("i1", 25));
    assertThat(S3ProxyServer.get(s3, "put", o.manifestKey()).asByteArray())
        .isEqualTo(Files.readAllBytes(EventFiles.manifestOf(gz)));
    assertThat(o.key()).isEqualTo("events/event_date=2026-11-27/event_hour=08/shop-web-1-i1-20261127T0815Z-000.jsonl.gz");
  }

  @Test
  void puttingTheSameFileAgainIsANoOpAndNeverASecondObject() throws Exception {
    server.createBucket("again");
    Path gz = new EventFiles(tmp, "shop", "web-1", "i1").write(T0, 0, 5);
    ArchiveObject o = objectFor(gz, "");
    try (S3Destination dest = server.destination("again").build()) {
      dest.put(o);
      Instant first = s3.headObject(r -> r.bucket("again").key(o.key())).lastModified();
      dest.put(o);
      dest.put(o);
      assertThat(s3.headObject(r -> r.bucket("again").key(o.key())).lastModified()).isEqualTo(first);
    }
    assertThat(S3ProxyServer.list(s3, "again")).extracting(x -> x.key())
        .containsExactlyInAnyOrder(o.key(), o.manifestKey());
  }

  @Test
  void otherBytesUnderAnExistingKeyAreAConflictAndTheObjectIsKept() throws Exception {
    server.createBucket("conflict");
    Path a = new EventFiles(tmp.resolve("a"), "shop", "web-1", "i1").write(T0, 0, 5);
    Path b = new EventFiles(tmp.resolve("b"), "shop", "web-1", "i1").write(T0, 0, 6);
    ArchiveObject oa = objectFor(a, "");
    ArchiveObject ob = objectFor(b, "");
    assertThat(ob.key()).isEqualTo(oa.key());
    try (S3Destination dest = server.destination("conflict").build()) {
      dest.put(oa);
      assertThatThrownBy(() -> dest.put(ob)).isInstanceOfSatisfying(ArchiveException.class,
          e -> assertThat(e.reason()).isEqualTo(FailureCause.CONFLICT));
    }
    assertThat(Digests.sha256Hex(S3ProxyServer.get(s3, "conflict", oa.key()).asByteArray())).isEqualTo(oa.sha256());
  }

  @Test
  void aBodyThatDoesNotMatchItsContentMd5IsRejectedByTheStore() throws Exception {
    server.createBucket("md5");
    Path gz = new EventFiles(tmp, "shop", "web-1", "i1").write(T0, 0, 5);
    ArchiveObject good = objectFor(gz, "");
    byte[] wrongMd5 = Digests.md5("something else".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    ArchiveObject lying = new ArchiveObject(good.key(), good.manifestKey(), gz, good.manifest(), good.manifestJson(),
        good.size(), good.sha256(), wrongMd5);
    try (S3Destination dest = server.destination("md5").build()) {
      assertThatThrownBy(() -> dest.put(lying)).isInstanceOfSatisfying(ArchiveException.class,
          e -> assertThat(e.reason()).isIn(FailureCause.VERIFY_FAILED, FailureCause.REJECTED));
    }
    assertThat(S3ProxyServer.list(s3, "md5")).isEmpty();
  }

  @Test
  void aStoreWithoutFlexibleChecksumsRefusesThemAsARejectionThatNamesTheSettingAndStoresNothing() throws Exception {
    // s3proxy, like some other S3-compatible stores, answers the SDK's streamed SHA-256 checksum with 501
    server.createBucket("flex");
    Path gz = new EventFiles(tmp, "shop", "web-1", "i1").write(T0, 0, 12);
    ArchiveObject o = objectFor(gz, "");
    try (S3Destination dest = server.destination("flex").flexibleChecksums(true).build()) {
      assertThatThrownBy(() -> dest.put(o)).isInstanceOfSatisfying(ArchiveException.class, e -> {
        assertThat(e.reason()).isEqualTo(FailureCause.REJECTED);
        assertThat(e.getMessage()).contains("HTTP 501").contains("set flexibleChecksums=false");
      });
    }
    assertThat(S3ProxyServer.list(s3, "flex")).isEmpty();
    try (S3Destination dest = server.destination("flex").build()) { // the default: Content-MD5
      dest.put(o);
      assertThat(dest.contains(o)).isTrue();
    }
  }

  @Test
  void anUnreachableStoreIsUnavailable() throws Exception {
    Path gz = new EventFiles(tmp, "shop", "web-1", "i1").write(T0, 0, 5);
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (S3Destination dest = server.destination("none").endpoint(URI.create("http://127.0.0.1:" + port)).build()) {
      assertThatThrownBy(() -> dest.put(objectFor(gz, ""))).isInstanceOfSatisfying(ArchiveException.class,
          e -> assertThat(e.reason()).isEqualTo(FailureCause.UNAVAILABLE));
    }
  }

  @Test
  void builderNamesTheMissingBucket() {
    assertThatThrownBy(() -> S3Destination.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessage("Attribute 'bucket' cannot be null");
  }
}
