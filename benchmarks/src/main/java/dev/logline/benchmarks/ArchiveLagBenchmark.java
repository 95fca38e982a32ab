package dev.logline.benchmarks;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.util.Duration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.logline.archive.s3.S3ArchivingListener;
import dev.logline.core.EventLogger;
import dev.logline.core.LogResult;
import dev.logline.logback.EventFileAppender;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * B4, archive lag: the time from {@code EventLogger.log} returning to the event's file being visible in S3. Real
 * path end to end: EventLogger -> EventFileAppender (one-minute rolls) -> S3ArchivingListener -> s3proxy on loopback
 * (in-memory store). A poller lists the bucket every {@value #POLL_MILLIS} ms and reads each new object's seqs; an
 * event is visible at the first listing that shows its file. Also reports "roll -> visible": from the end of the
 * event's roll period (or the appender's stop, in the stop mode) to visibility.
 *
 * <p>Not JMH: one run is minutes long and the quantity is a latency distribution over wall-clock time.
 * Usage: {@code ArchiveLagBenchmark <seconds to log> <events per second> <result.json>}.
 */
public final class ArchiveLagBenchmark {
  static final long POLL_MILLIS = 100;
  static final String BUCKET = "events";
  static final String ACCESS_KEY = "bench-access";
  static final String SECRET_KEY = "bench-secret";
  static final String REGION = "us-east-1";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one run measured; latencies in milliseconds. */
  public static final class Result {
    public long rollPeriodMillis;
    public boolean endedByStop;
    public int events;
    public int files;
    public int visible;
    public long[] lag;
    public long[] rollToVisible;

    public long lagPercentile(double p) {
      return percentile(lag, p);
    }

    public long rollToVisiblePercentile(double p) {
      return percentile(rollToVisible, p);
    }
  }

  private ArchiveLagBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: ArchiveLagBenchmark <seconds to log> <events per second> <result.json>");
      System.exit(2);
    }
    Result r = run(Integer.parseInt(args[0]) * 1000L, Integer.parseInt(args[1]), false);
    write(r, Paths.get(args[2]));
    System.out.printf("B4 archive lag: %d events in %d files, roll period %d s: log->visible p50 %d ms, p99 %d ms;"
            + " roll->visible p50 %d ms, p99 %d ms%n", r.events, r.files, r.rollPeriodMillis / 1000,
        r.lagPercentile(50), r.lagPercentile(99), r.rollToVisiblePercentile(50), r.rollToVisiblePercentile(99));
  }

  /**
   * Logs {@code ratePerSecond} typical events for {@code logMillis}, then waits until every one is visible: after the
   * next roll (one-minute period) or, with {@code endByStop}, after stopping the appender (what a shutdown does).
   */
  public static Result run(long logMillis, int ratePerSecond, boolean endByStop) throws Exception {
    long rollPeriodMillis = 60_000;
    // root off first: jclouds and s3proxy log at DEBUG under Logback's default configuration
    LoggerContext ctx = LogbackSetup.resetContext();
    Path spool = Files.createTempDirectory("bench-lag");
    BlobStoreContext blobs = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
        .overrides(new Properties()).build(BlobStoreContext.class);
    URI endpoint = URI.create("http://127.0.0.1:" + freePort());
    S3Proxy proxy = S3Proxy.builder().blobStore(blobs.getBlobStore()).endpoint(endpoint)
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
    Map<Long, Long> loggedAt = new ConcurrentHashMap<>();
    Map<Long, Long> visibleAt = new ConcurrentHashMap<>();
    Set<String> seenKeys = new HashSet<>();
    long stoppedAt = -1;
    try (S3Client s3 = client(endpoint)) {
      proxy.start();
      while (!"STARTED".equals(proxy.getState())) {
        TimeUnit.MILLISECONDS.sleep(20); // s3proxy has no start latch
      }
      blobs.getBlobStore().createContainerInLocation(null, BUCKET);

      EventFileAppender appender = new EventFileAppender();
      appender.setContext(ctx);
      appender.setName("events");
      appender.setDirectory(spool.toString());
      appender.setApp(TypicalEvent.APP);
      appender.setRollPeriod(Duration.valueOf("1 minute"));
      S3ArchivingListener listener = new S3ArchivingListener();
      listener.setContext(ctx);
      listener.setName(appender.getName());
      listener.setBucket(BUCKET);
      listener.setRegion(REGION);
      listener.setEndpoint(endpoint.toString());
      listener.setPathStyle(true);
      listener.setAccessKeyId(ACCESS_KEY);
      listener.setSecretAccessKey(SECRET_KEY);
      listener.setPrefix("bench");
      listener.start();
      appender.addListener(listener);
      appender.start();
      LogbackSetup.route(ctx, EventLogger.DEFAULT_LOGGER_NAME, appender);
      LogbackSetup.requireNoProblems(ctx);
      EventLogger events = EventLogger.builder().app(TypicalEvent.APP).build();

      Thread poller = new Thread(() -> poll(s3, seenKeys, visibleAt), "lag-poller");
      poller.setDaemon(true);
      poller.start();

      long start = System.currentTimeMillis();
      long intervalNanos = 1_000_000_000L / ratePerSecond;
      long next = System.nanoTime();
      while (System.currentTimeMillis() - start < logMillis) {
        LogResult r = TypicalEvent.log(events);
        long now = System.currentTimeMillis();
        if (!r.isAccepted()) {
          throw new IllegalStateException("refused: " + r);
        }
        loggedAt.put(r.logged().seq(), now);
        next += intervalNanos;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait); // pacing of the load, not a wait for a condition
        }
      }
      if (endByStop) {
        stoppedAt = System.currentTimeMillis();
        appender.stop();
      }
      // the last period ends at most one roll period from now; allow the upload a generous margin
      long deadline = System.currentTimeMillis() + rollPeriodMillis + 60_000;
      while (!visibleAt.keySet().containsAll(loggedAt.keySet()) && System.currentTimeMillis() < deadline) {
        TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
      }
      poller.interrupt();
      poller.join(10_000);
      LogbackSetup.requireNoProblems(ctx);
    } finally {
      ctx.stop();
      proxy.stop();
      blobs.close();
      LogbackSetup.deleteTree(spool);
    }

    Result r = new Result();
    r.rollPeriodMillis = rollPeriodMillis;
    r.endedByStop = endByStop;
    r.events = loggedAt.size();
    synchronized (seenKeys) {
      r.files = seenKeys.size();
    }
    long[] lag = new long[loggedAt.size()];
    long[] rollToVisible = new long[loggedAt.size()];
    int n = 0;
    for (Map.Entry<Long, Long> e : loggedAt.entrySet()) {
      Long visible = visibleAt.get(e.getKey());
      if (visible == null) {
        continue;
      }
      long logged = e.getValue();
      // Periods are aligned to the clock, so a run ended by stop still rolls at a period's end it crosses.
      long periodEnd = Math.floorDiv(logged, rollPeriodMillis) * rollPeriodMillis + rollPeriodMillis;
      long rolled = stoppedAt >= 0 ? Math.min(stoppedAt, periodEnd) : periodEnd;
      lag[n] = visible - logged;
      rollToVisible[n] = visible - rolled;
      n++;
    }
    r.visible = n;
    r.lag = Arrays.copyOf(lag, n);
    r.rollToVisible = Arrays.copyOf(rollToVisible, n);
    Arrays.sort(r.lag);
    Arrays.sort(r.rollToVisible);
    if (r.visible != r.events) {
      throw new IllegalStateException(r.events - r.visible + " of " + r.events + " events never became visible in S3");
    }
    return r;
  }

  private static void poll(S3Client s3, Set<String> seenKeys, Map<Long, Long> visibleAt) {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        long now = System.currentTimeMillis();
        for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents()) {
          boolean fresh;
          synchronized (seenKeys) {
            fresh = o.key().endsWith(".jsonl.gz") && seenKeys.add(o.key());
          }
          if (fresh) {
            for (long seq : seqs(s3, o.key())) {
              visibleAt.putIfAbsent(seq, now);
            }
          }
        }
        TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        if (Thread.currentThread().isInterrupted()) {
          return;
        }
        System.err.println("poll failed, retrying: " + e);
      }
    }
  }

  private static long[] seqs(S3Client s3, String key) throws IOException {
    byte[] gz = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(new java.io.ByteArrayInputStream(gz)), StandardCharsets.UTF_8))) {
      return in.lines().filter(l -> !l.isEmpty()).mapToLong(l -> seqOf(l)).toArray();
    }
  }

  private static long seqOf(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      return node.get("producer").get("seq").asLong();
    } catch (IOException e) {
      throw new IllegalStateException("not a canonical line: " + line, e);
    }
  }

  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static S3Client client(URI endpoint) {
    return S3Client.builder()
        .httpClient(UrlConnectionHttpClient.builder().build())
        .endpointOverride(endpoint)
        .region(Region.of(REGION))
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static void write(Result r, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        JsonGenerator g = new JsonFactory().createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("roll_period_ms", r.rollPeriodMillis);
      g.writeBooleanField("ended_by_stop", r.endedByStop);
      g.writeNumberField("events", r.events);
      g.writeNumberField("files", r.files);
      g.writeNumberField("poll_ms", POLL_MILLIS);
      g.writeNumberField("lag_p50_ms", r.lagPercentile(50));
      g.writeNumberField("lag_p99_ms", r.lagPercentile(99));
      g.writeNumberField("lag_max_ms", r.lagPercentile(100));
      g.writeNumberField("roll_to_visible_p50_ms", r.rollToVisiblePercentile(50));
      g.writeNumberField("roll_to_visible_p99_ms", r.rollToVisiblePercentile(99));
      g.writeNumberField("roll_to_visible_max_ms", r.rollToVisiblePercentile(100));
      g.writeEndObject();
    }
  }
}
