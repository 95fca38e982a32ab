package dev.logline.benchmarks;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.logline.core.EventLogger;
import dev.logline.logback.EventFileAppender;
import dev.logline.logback.WriteMode;
import dev.logline.servlet.EventIngestFilter;
import dev.logline.servlet.IngestConfig;
import dev.logline.servlet.IngestStats;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * B3, browser ingest: HTTP POSTs of {@code batch} typical browser events to Jetty 12 on loopback, either through the
 * real {@link EventIngestFilter} (parse, validate, enrich, log to an {@link EventFileAppender}) or to a servlet that
 * only reads the body (the HTTP stack's own limit).
 *
 * <p>A paired load generator, not JMH: both servers run in this JVM, and the client threads alternate between them in
 * short slices: bare, filter, bare, filter, ..., bare. Each round compares one filter slice with the mean of the bare
 * slices just before and just after it, so a machine that slows down for a while (this 2-core VM does) slows both
 * sides of a round alike; JMH would measure the two sides in separate forks minutes apart. The result is the median
 * of the rounds' ratios. Each slice also records the
 * process's CPU time per request (client, server, JIT and GC together), which says whether a side kept the machine
 * busy.
 *
 * <p>The load: {@code threads} client threads, each sending one request at a time with {@code
 * java.net.http.HttpClient} (HTTP/1.1 keep-alive), every event with a fresh {@code event_id}, so the filter's
 * duplicate check never short-cuts. Requests ask for the answer the tracker asks for ({@code ?results=not-accepted}:
 * 204 with no body when every event was accepted).
 * Every filter slice writes a new file (see B1: a file growing for minutes measures how fast the VM hands out page
 * cache). The run fails if any request is answered other than 202, or any event sent is not accepted and written once.
 *
 * <p>With {@code control}, two more measurements follow the rounds, to tell the filter's own cost from what a slower
 * request costs the HTTP stack and the client:
 * <ul>
 *   <li><b>The filter's own CPU</b>: one more filter slice in which the request thread's CPU time is read before and
 *       after the filter (less the cost of reading it), so it counts the filter's work and nothing else.
 *   <li><b>A spin control</b>: the bare servlet made to spin that much CPU per request (arithmetic on registers, no
 *       memory traffic), paired against the plain bare servlet like the filter. Its ratio is what any handler of
 *       the filter's CPU cost would get; the client and Jetty cost more per request when requests take longer.
 * </ul>
 *
 * <p>Usage: {@code IngestBenchmark <batch> <threads> <warm-up seconds> <rounds> <slice seconds> <result.json>
 * [control]}.
 */
public final class IngestBenchmark {
  static final String PATH = IngestConfig.DEFAULT_PATH;
  static final int MAX_ATTEMPTS = 3;
  /** Warm-up slices alternate sides at most this long each, so both are compiled by the time rounds start. */
  static final double WARMUP_SLICE_SECONDS = 5;
  /** The spin control runs code already compiled by the rounds but for the spin loop: a short warm-up does. */
  static final double CONTROL_WARMUP_SECONDS = 6;
  static final int CONTROL_ROUNDS = 4;
  static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  public static void main(String[] args) throws Exception {
    if (args.length != 6 && !(args.length == 7 && args[6].equals("control"))) {
      System.err.println("usage: IngestBenchmark <batch> <threads> <warm-up seconds> <rounds> <slice seconds>"
          + " <result.json> [control]");
      System.exit(2);
    }
    int batch = Integer.parseInt(args[0]);
    int threads = Integer.parseInt(args[1]);
    double warmupSeconds = Double.parseDouble(args[2]);
    int rounds = Integer.parseInt(args[3]);
    double sliceSeconds = Double.parseDouble(args[4]);
    Path out = Paths.get(args[5]);
    LoggerContext ctx = LogbackSetup.resetContext();
    boolean control = args.length == 7;
    FilterServer filter = new FilterServer(batch, ctx);
    BareServer bare = new BareServer(batch);
    BareServer spin = new BareServer(batch);
    try {
      filter.start();
      bare.start();
      Result result;
      Control measured = null;
      try (Generator generator = new Generator(threads)) {
        result = generator.run(bare, filter, warmupSeconds, rounds, sliceSeconds);
        if (control) {
          SliceResult accounted = generator.accounted(filter, sliceSeconds);
          double ownNanos = filter.ownCpu.nanosPerRequest();
          spin.spinNanos = ownNanos;
          spin.start();
          Result spun = generator.run(bare, spin, CONTROL_WARMUP_SECONDS, CONTROL_ROUNDS, sliceSeconds);
          measured = new Control(accounted, ownNanos / 1e3, spin.spinCpu.nanosPerRequest() / 1e3, spun);
          System.out.printf("B3 batch %d: the filter's own CPU %.1f us/request; bare + a spin of that CPU / bare %.2fx"
              + " (rounds %s)%n", batch, measured.ownMicros(), spun.medianRatio(), Arrays.toString(spun.ratios()));
        }
      }
      filter.verify();
      try (OutputStream os = Files.newOutputStream(out)) {
        result.write(os, batch, threads, warmupSeconds, sliceSeconds, measured);
      }
      System.out.printf("B3 batch %d: median filter/bare %.2fx (rounds %s)%n", batch, result.medianRatio(),
          Arrays.toString(result.ratios()));
    } finally {
      filter.stop();
      bare.stop();
      spin.stop();
      ctx.stop();
    }
  }

  /** One Jetty on a loopback port and a client; subclasses mount what is measured. */
  public abstract static class ServerState {
    public final int batch;
    public Server server;
    public HttpClient client;
    public URI uri;
    final LongAdder sent = new LongAdder();
    final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    /** Requests sent again after a closed connection; the filter may count their events as duplicates. */
    public final LongAdder retries = new LongAdder();

    ServerState(int batch) {
      this.batch = batch;
    }

    abstract void mount(ServletContextHandler context) throws IOException;

    /** What the slices name this side. */
    abstract String side();

    /** The only answer this side may give: anything else fails the run. */
    abstract int expectedStatus();

    public void start() throws Exception {
      server = new Server();
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      server.addConnector(connector);
      ServletContextHandler context = new ServletContextHandler();
      context.setContextPath("/");
      mount(context);
      server.setHandler(context);
      server.start();
      // the bare servlet ignores the query
      uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + PATH + "?results=not-accepted");
      client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Called between slices, when no request of this side is in flight. */
    void beforeSlice() throws IOException {}

    /**
     * Sends one batch; fails the run on any answer but {@link #expectedStatus()}. A connection the JDK client finds
     * closed under it ("header parser received no bytes") is retried with the same body, as a browser's retry would be,
     * and counted; a retry may then be answered 202 with its events as duplicates (their first attempt arrived), which
     * {@link FilterServer#verify()} bounds. The body of an unexpected answer goes into the failure.
     */
    public int post() throws IOException, InterruptedException {
      HttpRequest request = HttpRequest.newBuilder(uri)
          .header("Content-Type", "text/plain;charset=utf-8")
          .POST(HttpRequest.BodyPublishers.ofString(body(batch)))
          .build();
      HttpResponse.BodyHandler<String> handler = info -> info.statusCode() == expectedStatus()
          ? HttpResponse.BodySubscribers.replacing(null)
          : HttpResponse.BodySubscribers.ofString(java.nio.charset.StandardCharsets.UTF_8);
      HttpResponse<String> response;
      int attempt = 1;
      inFlight.incrementAndGet();
      try {
        for (; ; attempt++) {
          try {
            response = client.send(request, handler);
            break;
          } catch (IOException e) {
            if (attempt == MAX_ATTEMPTS) {
              throw e;
            }
            retries.increment();
          }
        }
      } finally {
        inFlight.decrementAndGet();
      }
      int status = response.statusCode();
      if (status != expectedStatus() && !(attempt > 1 && status == 202)) {
        throw new IllegalStateException("POST " + uri + " (attempt " + attempt + ") answered " + status + ": "
            + response.body());
      }
      sent.add(batch);
      return status;
    }

    public void stop() throws Exception {
      if (server != null) {
        server.stop();
      }
    }
  }

  /**
   * The real filter in front of an empty application, logging through EventFileAppender as in production. Each
   * slice writes a new file (a new appender in a new directory; the last one is deleted unfinished).
   */
  public static final class FilterServer extends ServerState {
    /** The appender's default unless {@code -Db3.writeMode=STREAM} (or {@code MAPPED}) asks for another, for A/B runs. */
    static final WriteMode WRITE_MODE =
        WriteMode.valueOf(System.getProperty("b3.writeMode", EventFileAppender.DEFAULT_WRITE_MODE.name()));

    private final LoggerContext ctx;
    public EventIngestFilter filter;
    public EventFileAppender appender;
    /** The request thread's CPU time in the filter, while {@link ThreadCpu#on} (the accounting slice only). */
    final ThreadCpu ownCpu = new ThreadCpu();
    public Path dir;
    private long writtenToEarlierFiles;
    private long lostInEarlierFiles;

    public FilterServer(int batch, LoggerContext ctx) {
      super(batch);
      this.ctx = ctx;
    }

    @Override
    String side() {
      return "filter";
    }

    /** Every event is new and valid, so the tracker's form of the answer is a 204 with no body. */
    @Override
    int expectedStatus() {
      return 204;
    }

    @Override
    void mount(ServletContextHandler context) throws IOException {
      newFile();
      LogbackSetup.requireNoProblems(ctx);
      EventLogger events = EventLogger.builder().app(TypicalEvent.APP).build();
      filter = new EventIngestFilter(events, IngestConfig.defaults());
      EventIngestFilter measured = filter;
      context.addFilter(new FilterHolder(new HttpFilter() {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
          if (!ownCpu.on) {
            measured.doFilter(req, resp, chain);
            return;
          }
          long start = THREADS.getCurrentThreadCpuTime();
          try {
            measured.doFilter(req, resp, chain);
          } finally {
            ownCpu.add(THREADS.getCurrentThreadCpuTime() - start);
          }
        }

        @Override
        public void init(FilterConfig config) throws ServletException {
          measured.init(config);
        }
      }), "/*", EnumSet.of(DispatcherType.REQUEST));
    }

    @Override
    void beforeSlice() throws IOException {
      if (appender.stats().eventsWritten() > 0) {
        newFile();
      }
    }

    private void newFile() throws IOException {
      Path next = Files.createTempDirectory("bench-ingest");
      EventFileAppender fresh = HotPathBenchmark.startAppender(ctx, next, WRITE_MODE);
      EventFileAppender old = appender;
      if (old == null) {
        LogbackSetup.route(ctx, EventLogger.DEFAULT_LOGGER_NAME, fresh);
      } else {
        ch.qos.logback.classic.Logger logger = ctx.getLogger(EventLogger.DEFAULT_LOGGER_NAME);
        logger.addAppender(fresh);
        logger.detachAppender(old);
        writtenToEarlierFiles += old.stats().eventsWritten();
        lostInEarlierFiles += old.stats().lostOnError();
        LogbackSetup.deleteTree(dir); // before stop: gzipping a gigabyte is no part of the measurement
        old.stop();
      }
      appender = fresh;
      dir = next;
    }

    /**
     * Fails the run unless every event sent was accepted and written once; a retried request whose first attempt
     * did arrive may add its events as duplicates (refused, not written twice), never more.
     */
    public void verify() {
      IngestStats stats = filter.stats();
      if (stats.accepted() != sent.sum() || stats.rejected() != 0
          || stats.duplicates() > retries.sum() * batch || lostInEarlierFiles + appender.stats().lostOnError() != 0
          || writtenToEarlierFiles + appender.stats().eventsWritten() != sent.sum()) {
        throw new IllegalStateException("sent " + sent.sum() + " events (" + retries.sum() + " retried requests) but "
            + stats + " " + appender.stats());
      }
    }

    @Override
    public void stop() throws Exception {
      super.stop();
      if (appender != null) {
        LogbackSetup.deleteTree(dir);
        appender.stop();
      }
    }
  }

  /**
   * The limit: the same Jetty, a servlet that reads the whole body and answers 202. As the spin control, it then
   * spins {@link #spinNanos} of CPU per request.
   */
  public static final class BareServer extends ServerState {
    public final LongAdder bytesRead = new LongAdder();
    /** CPU to spend per request after reading the body; 0 for the limit itself. */
    volatile double spinNanos;
    /** The request thread's CPU time in the spin, always read when spinning. */
    final ThreadCpu spinCpu = new ThreadCpu();

    public BareServer(int batch) {
      super(batch);
    }

    @Override
    String side() {
      return spinNanos > 0 ? "spin" : "bare";
    }

    @Override
    int expectedStatus() {
      return 202;
    }

    @Override
    void mount(ServletContextHandler context) {
      context.addServlet(new ServletHolder(new ReadBodyServlet(this)), PATH);
    }
  }

  /** Reads the body into a reused buffer and answers 202 Accepted with no content. */
  static final class ReadBodyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient BareServer server;

    ReadBodyServlet(BareServer server) {
      this.server = server;
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
      byte[] buffer = new byte[8192];
      long total = 0;
      try (InputStream in = req.getInputStream()) {
        for (int n; (n = in.read(buffer)) != -1; ) {
          total += n;
        }
      }
      server.bytesRead.add(total);
      double spinNanos = server.spinNanos;
      if (spinNanos > 0) {
        long start = THREADS.getCurrentThreadCpuTime();
        Spin.spend(spinNanos);
        server.spinCpu.add(THREADS.getCurrentThreadCpuTime() - start);
      }
      resp.setStatus(HttpServletResponse.SC_ACCEPTED);
    }
  }

  /** The two measurements of {@code control}: the filter's own CPU, and the bare servlet spinning as much. */
  record Control(SliceResult accounted, double ownMicros, double spinMicros, Result spun) {}

  /** CPU time read on request threads around a handler: a sum and a count, less what the reads cost themselves. */
  static final class ThreadCpu {
    /** One read of a thread's CPU clock, as measured here (a system call on Linux, about a microsecond). */
    static final double READ_NANOS = readCost();
    volatile boolean on;
    private final LongAdder nanos = new LongAdder();
    private final LongAdder requests = new LongAdder();

    void add(long elapsed) {
      nanos.add(elapsed);
      requests.increment();
    }

    /** Between two reads lies the cost of about one read: it is taken off. */
    double nanosPerRequest() {
      long n = requests.sum();
      return n == 0 ? Double.NaN : Math.max(0, nanos.sum() / (double) n - READ_NANOS);
    }

    private static double readCost() {
      double best = Double.MAX_VALUE;
      for (int round = 0; round < 5; round++) {
        int reads = 20_000;
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < reads; i++) {
          THREADS.getCurrentThreadCpuTime();
        }
        best = Math.min(best, (THREADS.getCurrentThreadCpuTime() - start) / (double) (reads + 1));
      }
      return best;
    }
  }

  /** CPU spent on registers alone (a xorshift loop, no memory traffic), calibrated against the thread's CPU clock. */
  static final class Spin {
    private static volatile long sink;
    private static final double ITERATIONS_PER_NANO = calibrate();

    static void spend(double nanos) {
      sink = run((long) (nanos * ITERATIONS_PER_NANO));
    }

    private static long run(long iterations) {
      long x = 0x9E3779B97F4A7C15L ^ iterations;
      for (long i = 0; i < iterations; i++) {
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
      }
      return x;
    }

    /** The fastest of many timed runs: the loop is compiled after the first few. */
    private static double calibrate() {
      double best = 0;
      for (int round = 0; round < 40; round++) {
        long start = THREADS.getCurrentThreadCpuTime();
        sink = run(2_000_000);
        best = Math.max(best, 2e6 / Math.max(1, THREADS.getCurrentThreadCpuTime() - start));
      }
      return best;
    }
  }

  /** What the client threads send to while it is current; requests that complete while it is current count. */
  static final class Slice {
    final ServerState target;
    final LongAdder completed = new LongAdder();

    Slice(ServerState target) {
      this.target = target;
    }
  }

  /** One measured slice: its side, requests per second, and the process's CPU time per request. */
  record SliceResult(String side, long requests, double seconds, double cpuSeconds) {
    double requestsPerSecond() {
      return requests / seconds;
    }

    double cpuMicrosPerRequest() {
      return requests == 0 ? Double.NaN : cpuSeconds * 1e6 / requests;
    }

    /** The share of the machine's cores the process kept busy. */
    double busy() {
      return cpuSeconds / (seconds * Runtime.getRuntime().availableProcessors());
    }
  }

  /**
   * The measured slices of one run: {@code bare} has one slice more than {@code filter} (the other side: the filter,
   * or the spin control), and its slice {@code i} ran between bare slices {@code i} and {@code i + 1}.
   */
  record Result(List<SliceResult> bare, List<SliceResult> filter) {
    int rounds() {
      return filter.size();
    }

    /** Round {@code i}: the filter slice against the mean rate of its two neighbouring bare slices. */
    double ratio(int i) {
      double bareRate = (bare.get(i).requestsPerSecond() + bare.get(i + 1).requestsPerSecond()) / 2;
      return filter.get(i).requestsPerSecond() / bareRate;
    }

    double[] ratios() {
      double[] r = new double[rounds()];
      for (int i = 0; i < r.length; i++) {
        r[i] = Math.round(100 * ratio(i)) / 100.0;
      }
      return r;
    }

    double medianRatio() {
      double[] r = new double[rounds()];
      Arrays.setAll(r, this::ratio);
      return median(r);
    }

    static double median(List<SliceResult> slices, java.util.function.ToDoubleFunction<SliceResult> f) {
      return median(slices.stream().mapToDouble(f).toArray());
    }

    static double median(double[] values) {
      double[] v = values.clone();
      Arrays.sort(v);
      int n = v.length;
      return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    void write(OutputStream os, int batch, int threads, double warmupSeconds, double sliceSeconds, Control control)
        throws IOException {
      try (JsonGenerator g = new JsonFactory().createGenerator(os)) {
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeNumberField("batch", batch);
        g.writeNumberField("threads", threads);
        g.writeNumberField("warmup_seconds", warmupSeconds);
        g.writeNumberField("slice_seconds", sliceSeconds);
        writeSummary(g, "filter");
        if (control != null) {
          g.writeObjectFieldStart("control");
          g.writeNumberField("filter_own_cpu_us_per_request", control.ownMicros());
          g.writeNumberField("accounted_filter_rps", control.accounted().requestsPerSecond());
          g.writeNumberField("spin_cpu_us_per_request", control.spinMicros());
          control.spun().writeSummary(g, "spin");
          g.writeEndObject();
        }
        g.writeArrayFieldStart("slices"); // in the order they ran
        for (int i = 0; i < bare.size(); i++) {
          writeSlice(g, bare.get(i), Double.NaN);
          if (i < filter.size()) {
            writeSlice(g, filter.get(i), ratio(i));
          }
        }
        g.writeEndArray();
        g.writeEndObject();
      }
    }

    /** The rounds, their median ratio and range, and each side's medians, its slices named {@code other}. */
    private void writeSummary(JsonGenerator g, String other) throws IOException {
      g.writeNumberField("rounds", rounds());
      g.writeNumberField("median_ratio", medianRatio());
      g.writeNumberField("min_ratio", Arrays.stream(ratios()).min().orElse(Double.NaN));
      g.writeNumberField("max_ratio", Arrays.stream(ratios()).max().orElse(Double.NaN));
      for (List<SliceResult> side : List.of(bare, filter)) {
        String name = side == bare ? "bare" : other;
        g.writeNumberField(name + "_median_rps", median(side, SliceResult::requestsPerSecond));
        g.writeNumberField(name + "_median_cpu_us_per_request", median(side, SliceResult::cpuMicrosPerRequest));
        g.writeNumberField(name + "_median_busy", median(side, SliceResult::busy));
      }
    }

    private static void writeSlice(JsonGenerator g, SliceResult r, double ratio) throws IOException {
      g.writeStartObject();
      g.writeStringField("side", r.side());
      g.writeNumberField("requests", r.requests());
      g.writeNumberField("seconds", r.seconds());
      g.writeNumberField("rps", r.requestsPerSecond());
      g.writeNumberField("cpu_us_per_request", r.cpuMicrosPerRequest());
      g.writeNumberField("busy", r.busy());
      if (!Double.isNaN(ratio)) {
        g.writeNumberField("ratio", ratio);
      }
      g.writeEndObject();
    }
  }

  /**
   * Client threads that send to whichever slice is current, one request at a time each. They start with the first run
   * and stop at {@link #close()}, so runs and slices follow one another without a pause.
   */
  static final class Generator implements AutoCloseable {
    private final int threads;
    private final List<Thread> clients = new ArrayList<>();
    private volatile Slice current;
    private volatile boolean running = true;
    private volatile Throwable failure;

    Generator(int threads) {
      this.threads = threads;
    }

    /** Warm-up slices that alternate the two sides, then {@code rounds} of an {@code other} slice between bare ones. */
    Result run(BareServer bare, ServerState other, double warmupSeconds, int rounds, double sliceSeconds)
        throws Exception {
      if (clients.isEmpty()) {
        current = new Slice(bare);
        for (int i = 0; i < threads; i++) {
          Thread t = new Thread(this::sendLoop, "b3-client-" + i);
          t.setDaemon(true);
          clients.add(t);
          t.start();
        }
      }
      ServerState[] sides = {bare, other};
      int warmupSlices = 2 * (int) Math.ceil(warmupSeconds / (2 * WARMUP_SLICE_SECONDS));
      for (int i = 0; i < warmupSlices; i++) {
        slice(sides[i % 2], warmupSeconds / warmupSlices);
      }
      List<SliceResult> bareSlices = new ArrayList<>();
      List<SliceResult> otherSlices = new ArrayList<>();
      bareSlices.add(slice(bare, sliceSeconds));
      for (int r = 0; r < rounds; r++) {
        otherSlices.add(slice(other, sliceSeconds));
        bareSlices.add(slice(bare, sliceSeconds));
      }
      return new Result(bareSlices, otherSlices);
    }

    /** One filter slice in which the request threads' CPU time in the filter is read. */
    SliceResult accounted(FilterServer filter, double seconds) throws Exception {
      filter.ownCpu.on = true;
      try {
        return slice(filter, seconds);
      } finally {
        filter.ownCpu.on = false;
      }
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      current = null;
      for (Thread t : clients) {
        t.join(10_000);
      }
    }

    /** Points the clients at {@code target} for {@code seconds}; counts what completed meanwhile. */
    private SliceResult slice(ServerState target, double seconds) throws Exception {
      if (current.target != target) {
        // the clients were on the other side for a whole slice: wait for any late request of this side to finish
        for (long deadline = System.nanoTime() + 10_000_000_000L; target.inFlight.get() > 0; ) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException(target.side() + " still has requests in flight after 10 s");
          }
          Thread.sleep(1);
        }
        target.beforeSlice();
      }
      Slice slice = new Slice(target);
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime();
      current = slice;
      long end = t0 + (long) (seconds * 1e9);
      for (long now; (now = System.nanoTime()) < end; ) {
        Thread.sleep(Math.max(1, Math.min(100, (end - now) / 1_000_000)));
        if (failure != null) {
          throw new IllegalStateException("a client thread failed", failure);
        }
      }
      long requests = slice.completed.sum();
      long t1 = System.nanoTime();
      long cpu1 = os.getProcessCpuTime();
      return new SliceResult(target.side(), requests, (t1 - t0) / 1e9, (cpu1 - cpu0) / 1e9);
    }

    private void sendLoop() {
      try {
        while (running) {
          Slice s = current;
          if (s == null) {
            return;
          }
          s.target.post();
          if (current == s) {
            s.completed.increment();
          }
        }
      } catch (Throwable t) {
        failure = t;
      }
    }
  }

  /** {@code batch} typical browser events with fresh ids: one object for 1, {@code {"batch":[...]}} otherwise. */
  public static String body(int batch) {
    if (batch == 1) {
      return TypicalEvent.browserEventJson(randomId());
    }
    StringBuilder sb = new StringBuilder(600 * batch + 16).append("{\"batch\":[");
    for (int i = 0; i < batch; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append(TypicalEvent.browserEventJson(randomId()));
    }
    return sb.append("]}").toString();
  }

  // UUID.randomUUID() serialises client threads on SecureRandom; the server does not care how ids were made
  private static String randomId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | Long.MIN_VALUE)
        .toString();
  }
}
