package dev.logline.archive.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import dev.logline.archive.Archiver;
import dev.logline.archive.EventFiles;
import dev.logline.archive.logback.ArchivingListener;
import dev.logline.archive.logback.JoranHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link S3ArchivingListener} as users configure it: a logback.xml parsed by Joran, with the store's
 * endpoint, bucket and credentials coming from properties, and {@code LoggerContext.stop()} (what
 * Logback's shutdown hook does on SIGTERM) draining to the bucket.
 */
class S3ArchivingListenerJoranTest {
  static final int EVENTS_PER_PRODUCER = 300;
  static final String LISTENER = "    <listener class=\"dev.logline.archive.s3.S3ArchivingListener\">\n"
      + "      <name>s3</name>\n"
      + "%s"
      + "      <bucket>${S3_BUCKET}</bucket>\n"
      + "      <region>${S3_REGION:-us-east-1}</region>\n"
      + "      <endpoint>%s</endpoint>\n"
      + "      <pathStyle>true</pathStyle>\n"
      + "      <accessKeyId>${S3_ACCESS_KEY}</accessKeyId>\n"
      + "      <secretAccessKey>${S3_SECRET_KEY}</secretAccessKey>\n"
      + "      <prefix>prod/shop</prefix>\n"
      + "      <grace>30 seconds</grace>\n"
      + "    </listener>\n";

  @TempDir Path tmp;
  @RegisterExtension final JoranHarness joran = new JoranHarness();
  final LoggerContext context = joran.context;

  void configure(String listenerExtra, String endpointBody) throws Exception {
    Path spool = Files.createDirectories(tmp.resolve("spool"));
    context.putProperty("dir", spool.toString());
    context.putProperty("S3_BUCKET", "events");
    context.putProperty("S3_ACCESS_KEY", S3ProxyServer.ACCESS_KEY);
    context.putProperty("S3_SECRET_KEY", S3ProxyServer.SECRET_KEY);
    joran.configure(JoranHarness.logbackXml(String.format(LISTENER, listenerExtra, endpointBody)));
  }

  @Test
  void logbackXmlShipsEverySeqToTheBucketExactlyOnceWhenTheContextStops() throws Exception {
    try (S3ProxyServer server = new S3ProxyServer().start(); S3Client s3 = server.client()) {
      server.createBucket("events");
      context.putProperty("S3_ENDPOINT", server.endpoint().toString());
      configure("", "${S3_ENDPOINT:-}");
      assertThat(joran.problems()).isEmpty();

      List<String> expected = joran.logFromTwoInstances(EVENTS_PER_PRODUCER);
      // size rolls already finished files, so the archiver runs, pointed at the proxy
      await().until(() -> ArchivingListener.archiverOf(context, "s3") != null);
      Archiver archiver = ArchivingListener.archiverOf(context, "s3");
      assertThat(archiver.destination().describe()).isEqualTo("s3://events at " + server.endpoint());

      context.stop(); // Logback's shutdown hook does this on SIGTERM: the appender finishes, the listener drains

      List<String> archived = new ArrayList<>();
      List<S3Object> data = S3ProxyServer.list(s3, "events").stream()
          .filter(o -> o.key().endsWith(".jsonl.gz")).collect(Collectors.toList());
      assertThat(data).hasSizeGreaterThan(2);
      for (S3Object o : data) {
        assertThat(o.key()).startsWith("prod/shop/event_date=");
        archived.addAll(EventFiles.seqs(S3ProxyServer.get(s3, "events", o.key()).asByteArray()));
      }
      assertThat(archived).containsExactlyInAnyOrderElementsOf(expected);
      try (Stream<Path> left = Files.list(tmp.resolve("spool"))) {
        assertThat(left.filter(p -> p.toString().endsWith(".jsonl.gz") || p.toString().endsWith(".jsonl")))
            .as("nothing left to ship").isEmpty();
      }
      assertThat(joran.problems()).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "${S3_ENDPOINT:-}", "  "})
  void aBlankOrUnsetEndpointMeansNoOverride(String endpointBody) throws Exception {
    // directory set on the listener: its archiver starts at once, with the destination built from the XML
    configure("      <directory>${dir}</directory>\n", endpointBody);

    Archiver archiver = ArchivingListener.archiverOf(context, "s3");
    assertThat(archiver).as("status: %s", joran.problems()).isNotNull();
    assertThat(archiver.destination().describe()).isEqualTo("s3://events");
    assertThat(joran.problems()).isEmpty();
  }
}
