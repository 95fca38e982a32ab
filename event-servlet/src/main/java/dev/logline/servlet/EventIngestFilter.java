package dev.logline.servlet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.logline.core.Event;
import dev.logline.core.EventLogger;
import dev.logline.core.LogResult;
import dev.logline.core.internal.SlotPool;
import dev.logline.core.internal.Timestamps;
import dev.logline.core.internal.Uuids;
import dev.logline.core.spi.LineBatch;
import dev.logline.schema.Violation;
import dev.logline.servlet.internal.BodyParser;
import dev.logline.servlet.internal.Cidr;
import dev.logline.servlet.internal.Dedupe;
import dev.logline.servlet.internal.EventAssembler;
import dev.logline.servlet.internal.IngestError;
import dev.logline.servlet.internal.RawEvent;
import dev.logline.servlet.internal.TrackerScript;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests browser events: {@code POST <path>} with one event, an array or {@code {"batch":[...]}},
 * each validated, enriched with what only the server knows and logged through {@link
 * EventLogger#tryLog(Event)}; good events of a batch are logged even when others are refused, and
 * the 202 response reports each one. {@code GET <path>.js} serves the tracker script. Every other
 * request passes through untouched.
 *
 * <p>Bad input is answered 4xx with a JSON error body; a bug is answered with a generic 500 and
 * logged here, never with a stack trace. Thread-safe.
 */
public final class EventIngestFilter implements Filter {
  /** ServletContext attribute holding the {@link EventLogger} when none is given: {@value}. */
  public static final String EVENT_LOGGER_ATTRIBUTE = "dev.logline.core.EventLogger";
  /** Filter name used by {@link #register}: {@value}. */
  public static final String FILTER_NAME = "logline-ingest";
  /** Most chars of {@code User-Agent} kept: {@value}. */
  public static final int MAX_USER_AGENT_LENGTH = 512;

  /** The query parameter that chooses which events the 202 lists. */
  private static final String RESULTS_PARAMETER = "results=";
  private static final String REQUEST_ID_HEADER = "X-Request-Id";

  /** A refused body up to this many times maxBodyBytes is read to its end before the 413. */
  private static final int DRAIN_FACTOR = 4;
  /**
   * Bodies up to this size are read into buffers reused across requests ({@value} bytes; a batch of 20 typical events
   * is about 14 KB); at most {@link #POOLED_BODY_BUFFERS} idle ones are kept.
   */
  static final int POOLED_BODY_BYTES = 64 * 1024;
  static final int POOLED_BODY_BUFFERS = 16;

  private static final Logger LOG = LoggerFactory.getLogger(EventIngestFilter.class);
  private static final JsonFactory JSON = new JsonFactory();

  private volatile EventLogger logger;
  private volatile IngestConfig config;
  private BodyParser parser;
  private Dedupe dedupe;
  private TrackerScript script;
  private Logger deadLetters;

  private final SlotPool<byte[]> bodyBuffers = new SlotPool<>(POOLED_BODY_BUFFERS, () -> new byte[POOLED_BODY_BYTES]);
  private final LongAdder requests = new LongAdder();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder internalErrors = new LongAdder();
  private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> spoofed = new ConcurrentHashMap<>();

  /** For {@code web.xml}: configured from init-params in {@link #init(FilterConfig)}. */
  public EventIngestFilter() {}

  /** For programmatic registration; init-params are then ignored. */
  public EventIngestFilter(EventLogger logger, IngestConfig config) {
    this.logger = Objects.requireNonNull(logger, "logger == null");
    this.config = Objects.requireNonNull(config, "config == null");
    setUp();
  }

  /**
   * Adds the filter to {@code context}, mapped to the ingest path and the script path. Call it from
   * a {@code ServletContextListener} or {@code ServletContainerInitializer}.
   */
  public static FilterRegistration.Dynamic register(ServletContext context, EventLogger logger, IngestConfig config) {
    FilterRegistration.Dynamic reg = context.addFilter(FILTER_NAME, new EventIngestFilter(logger, config));
    if (reg == null) {
      throw new IllegalStateException("a filter named " + FILTER_NAME + " is already registered");
    }
    reg.setAsyncSupported(true);
    reg.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, config.path(), config.path() + ".js");
    return reg;
  }

  /**
   * Reads init-params (see {@link IngestConfig#fromParameters}) and finds the logger: the context
   * attribute named by init-param {@code eventLoggerAttribute} (default {@value
   * #EVENT_LOGGER_ATTRIBUTE}), else a new one for init-param {@code app}.
   */
  @Override
  public void init(FilterConfig filterConfig) throws ServletException {
    if (config != null) {
      return;
    }
    try {
      config = IngestConfig.fromParameters(filterConfig::getInitParameter);
    } catch (IllegalArgumentException e) {
      throw new ServletException("filter " + filterConfig.getFilterName() + ": " + e.getMessage(), e);
    }
    if (logger == null) {
      String attribute = filterConfig.getInitParameter("eventLoggerAttribute");
      Object found = filterConfig.getServletContext().getAttribute(attribute == null ? EVENT_LOGGER_ATTRIBUTE : attribute);
      String app = filterConfig.getInitParameter("app");
      if (found instanceof EventLogger) {
        logger = (EventLogger) found;
      } else if (app != null) {
        logger = EventLogger.builder().app(app.trim()).build();
      } else {
        throw new ServletException("filter " + filterConfig.getFilterName() + ": no EventLogger in context attribute "
            + (attribute == null ? EVENT_LOGGER_ATTRIBUTE : attribute) + " and no init-param app");
      }
    }
    setUp();
  }

  private void setUp() {
    parser = new BodyParser(config);
    dedupe = new Dedupe(config.dedupeCapacity(), config.dedupeWindow().toMillis());
    script = TrackerScript.load();
    deadLetters = LoggerFactory.getLogger(config.deadLetterLoggerName());
  }

  public IngestConfig config() {
    return config;
  }

  /** A snapshot of the counters. */
  public IngestStats stats() {
    Map<Integer, Long> status = new HashMap<>();
    byStatus.forEach((k, v) -> status.put(k, v.sum()));
    Map<String, Long> fields = new HashMap<>();
    spoofed.forEach((k, v) -> fields.put(k, v.sum()));
    return new IngestStats(requests.sum(), accepted.sum(), rejected.sum(), duplicates.sum(), status, fields,
        internalErrors.sum());
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest) || !(response instanceof HttpServletResponse)) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletRequest r = (HttpServletRequest) request;
    HttpServletResponse w = (HttpServletResponse) response;
    String uri = r.getRequestURI();
    String ctx = r.getContextPath();
    String path = config.path();
    if (uri.length() == ctx.length() + path.length() && uri.startsWith(path, ctx.length())) {
      ingest(r, w);
    } else if (uri.length() == ctx.length() + path.length() + 3 && uri.startsWith(path, ctx.length())
        && uri.endsWith(".js")) {
      serveScript(r, w);
    } else {
      chain.doFilter(request, response);
    }
  }

  @Override
  public void destroy() {
    // nothing to release: the logger belongs to the application
  }

  private void ingest(HttpServletRequest r, HttpServletResponse w) throws IOException {
    requests.increment();
    long now = logger.clock().millis();
    String requestId = null;
    String ip = null;
    int bodyBytes = -1;
    try {
      byte[] remote = Cidr.parseIp(r.getRemoteAddr());
      boolean viaTrustedProxy = remote != null && config.isTrustedProxy(remote);
      ip = clientIp(r, remote, viaTrustedProxy);
      requestId = requestId(r, viaTrustedProxy, now);

      String origin = r.getHeader("Origin");
      if (origin != null && !sameOrigin(r, origin)) {
        if (!config.allowedOrigins().contains(origin.toLowerCase(Locale.ROOT))) {
          throw new IngestError(403, "origin_not_allowed",
              "origin " + clip(origin) + " is not in allowedOrigins (IngestConfig.allowedOrigins)");
        }
        w.setHeader("Access-Control-Allow-Origin", origin);
        w.setHeader("Access-Control-Allow-Credentials", "true");
        w.addHeader("Vary", "Origin");
      }
      String method = r.getMethod();
      if ("OPTIONS".equals(method)) {
        w.setHeader("Allow", "POST, OPTIONS");
        if (origin != null) {
          w.setHeader("Access-Control-Allow-Methods", "POST, OPTIONS");
          w.setHeader("Access-Control-Allow-Headers", "Content-Type, Content-Encoding");
          w.setHeader("Access-Control-Max-Age", "600");
        }
        count(204);
        w.setStatus(204);
        return;
      }
      if (!"POST".equals(method)) {
        w.setHeader("Allow", "POST, OPTIONS");
        throw new IngestError(405, "method_not_allowed", method + " is not allowed on " + config.path() + "; use POST");
      }
      checkContentType(r.getContentType());
      boolean listAccepted = listsAcceptedEvents(r.getQueryString());
      byte[][] holder = new byte[1][];
      bodyBytes = readBody(r, holder);
      try {
        List<RawEvent> raws = parser.parse(holder[0], bodyBytes);

        String userId = config.userResolver().userId(r);
        String ua = r.getHeader("User-Agent");
        if (ua != null && ua.length() > MAX_USER_AGENT_LENGTH) ua = ua.substring(0, MAX_USER_AGENT_LENGTH);
        EventAssembler.Enrichment server = new EventAssembler.Enrichment(
            Instant.ofEpochMilli(now), config.source(), ip, ua, requestId, userId);
        respond(w, raws, server, now, listAccepted);
      } finally {
        // Nothing of this request refers to the body any more: events, answers and dead letters copied what they keep.
        if (holder[0].length == POOLED_BODY_BYTES) bodyBuffers.release(holder[0]);
      }
    } catch (IngestError e) {
      if (e.status() != 405 && e.status() != 403) {
        deadLetterRequest(e, requestId, ip, bodyBytes);
      }
      if (bodyBytes < 0 && (r.getContentLengthLong() > 0 || r.getHeader("Transfer-Encoding") != null)) {
        // Refused before its body was read: the server may close the connection rather than read it, and a client
        // that reused it for its next request would see that request fail. Say so, and the client will not.
        w.setHeader("Connection", "close");
      }
      error(w, e.status(), e.code(), e.getMessage());
    } catch (RuntimeException | StackOverflowError e) {
      internalErrors.increment();
      LOG.error("ingest request {} failed", requestId, e);
      if (!w.isCommitted()) {
        w.reset();
        error(w, 500, "internal_error", "internal error; the server logged it with request id " + requestId);
      }
    }
  }

  /**
   * {@code ?results=all} (the default) answers one entry per event; {@code ?results=not-accepted}
   * only the rejected and duplicate ones, which is all a client that retries by event id needs, and
   * nothing at all (204) when every event was accepted.
   */
  private static boolean listsAcceptedEvents(String query) throws IngestError {
    if (query == null) {
      return true;
    }
    for (int at = 0; at < query.length(); ) {
      int end = query.indexOf('&', at);
      if (end < 0) end = query.length();
      if (query.startsWith(RESULTS_PARAMETER, at)) {
        String value = query.substring(at + RESULTS_PARAMETER.length(), end);
        if (value.equals("all")) return true;
        if (value.equals("not-accepted")) return false;
        throw new IngestError(400, "invalid_parameter",
            "query parameter results=" + clip(value) + " is not accepted; expected all or not-accepted");
      }
      at = end + 1;
    }
    return true;
  }

  private void respond(HttpServletResponse w, List<RawEvent> raws, EventAssembler.Enrichment server, long now,
      boolean listAccepted) throws IOException {
    int nAccepted = 0;
    int nRejected = 0;
    int nDuplicate = 0;
    Answer answer = new Answer(raws.size());
    // One group commit per request: the lines reach the OS together, before the answer says they are safe.
    try (LineBatch batch = logger.batch()) {
      for (int i = 0; i < raws.size(); i++) {
        RawEvent raw = raws.get(i);
        Event event = EventAssembler.assemble(raw, server, this::spoof);
        if (event == null) {
          nRejected++;
          JsonGenerator g = answer.entry(i);
          String id = raw.eventIdText();
          if (id != null) g.writeStringField("event_id", clip(id));
          g.writeStringField("status", "rejected");
          writeProblems(g, raw.problems);
          g.writeEndObject();
          deadLetterEvent(raw, server);
        } else if (event.eventId() != null && !dedupe.claim(event.eventId(), now)) {
          nDuplicate++;
          JsonGenerator g = answer.entry(i);
          answer.eventId(event.eventId());
          g.writeStringField("status", "duplicate");
          g.writeEndObject();
        } else {
          LogResult result = logger.tryLog(event);
          if (result.isAccepted()) {
            nAccepted++;
            if (!listAccepted) continue;
            JsonGenerator g = answer.entry(i);
            if (result.eventId() != null) answer.eventId(result.eventId());
            g.writeStringField("status", "accepted");
            g.writeEndObject();
          } else {
            nRejected++;
            if (event.eventId() != null) dedupe.release(event.eventId());
            JsonGenerator g = answer.entry(i);
            if (result.eventId() != null) answer.eventId(result.eventId());
            g.writeStringField("status", "rejected");
            writeRejection(g, result);
            g.writeEndObject();
          }
        }
      }
    }
    accepted.add(nAccepted);
    rejected.add(nRejected);
    duplicates.add(nDuplicate);
    if (!listAccepted && nRejected == 0 && nDuplicate == 0) {
      // Nothing to list and the counts are the batch's size: an answer shaped like a bare 204 spares every client
      // (and the server) a body to build, send and read.
      count(204);
      w.setStatus(204);
      w.setHeader(REQUEST_ID_HEADER, server.requestId);
      return;
    }
    count(202);
    w.setStatus(202);
    writeJson(w, answer.finish(nAccepted, nRejected, nDuplicate, server.requestId));
  }

  /** The 202's body, begun at its first entry: a batch answered 204 never builds one. */
  private static final class Answer {
    private final int events;
    private ByteArrayOutputStream body;
    private JsonGenerator g;
    private byte[] id;

    Answer(int events) {
      this.events = events;
    }

    /** The generator, inside a new entry for event {@code index}; the caller ends the entry. */
    JsonGenerator entry(int index) throws IOException {
      started().writeStartObject();
      g.writeNumberField("index", index);
      return g;
    }

    /** Writes {@code event_id} into the current entry. */
    void eventId(java.util.UUID eventId) throws IOException {
      if (id == null) id = new byte[Uuids.LENGTH];
      Uuids.format(eventId.getMostSignificantBits(), eventId.getLeastSignificantBits(), id, 0);
      g.writeFieldName("event_id");
      g.writeRawUTF8String(id, 0, Uuids.LENGTH);
    }

    byte[] finish(int nAccepted, int nRejected, int nDuplicate, String requestId) throws IOException {
      started().writeEndArray();
      g.writeNumberField("accepted", nAccepted);
      g.writeNumberField("rejected", nRejected);
      g.writeNumberField("duplicate", nDuplicate);
      g.writeStringField("request_id", requestId);
      g.writeEndObject();
      g.close();
      return body.toByteArray();
    }

    private JsonGenerator started() throws IOException {
      if (g == null) {
        body = new ByteArrayOutputStream(64 + 64 * events);
        g = JSON.createGenerator(body);
        g.writeStartObject();
        g.writeFieldName("results");
        g.writeStartArray();
      }
      return g;
    }
  }

  private static void writeProblems(JsonGenerator g, List<RawEvent.Problem> problems) throws IOException {
    g.writeArrayFieldStart("errors");
    for (RawEvent.Problem p : problems) {
      g.writeStartObject();
      g.writeStringField("pointer", p.pointer);
      g.writeStringField("keyword", p.keyword);
      g.writeStringField("message", p.message);
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void writeRejection(JsonGenerator g, LogResult result) throws IOException {
    g.writeStringField("reason", result.reason().name());
    g.writeArrayFieldStart("errors");
    if (result.violations().isEmpty()) {
      g.writeStartObject();
      g.writeStringField("pointer", "");
      g.writeStringField("keyword", result.reason().name().toLowerCase(Locale.ROOT));
      g.writeStringField("message", clip(result.message()));
      g.writeEndObject();
    }
    for (Violation v : result.violations()) {
      g.writeStartObject();
      g.writeStringField("pointer", "/properties" + v.pointer());
      g.writeStringField("keyword", v.keyword());
      g.writeStringField("message", v.message());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private void checkContentType(String contentType) throws IngestError {
    if (contentType == null) {
      throw new IngestError(415, "unsupported_media_type", "Content-Type is missing; send application/json or text/plain");
    }
    String[] parts = contentType.split(";");
    String mime = parts[0].trim().toLowerCase(Locale.ROOT);
    if (!mime.equals("application/json") && !mime.equals("text/plain")) {
      throw new IngestError(415, "unsupported_media_type",
          "Content-Type " + clip(mime) + " is not accepted; send application/json or text/plain");
    }
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim().toLowerCase(Locale.ROOT);
      if (p.startsWith("charset=")) {
        String cs = p.substring(8).replace("\"", "");
        if (!cs.equals("utf-8") && !cs.equals("utf8")) {
          throw new IngestError(415, "unsupported_charset", "charset " + clip(cs) + " is not accepted; send UTF-8");
        }
      }
    }
  }

  /** Reads the body, inflating gzip, bounded by maxBodyBytes; returns its length. */
  private int readBody(HttpServletRequest r, byte[][] out) throws IOException, IngestError {
    int max = config.maxBodyBytes();
    long declared = r.getContentLengthLong();
    if (declared > max) {
      drain(r, declared);
      throw tooLarge(declared);
    }
    String encoding = r.getHeader("Content-Encoding");
    boolean gzip = false;
    if (encoding != null && !encoding.isBlank() && !encoding.trim().equalsIgnoreCase("identity")) {
      if (!encoding.trim().equalsIgnoreCase("gzip")) {
        throw new IngestError(415, "unsupported_encoding",
            "Content-Encoding " + clip(encoding) + " is not accepted; send gzip or none");
      }
      gzip = true;
    }
    int wanted = (int) Math.min(max + 1L, declared > 0 ? declared + 1 : 8192);
    // The usual body fits a reused buffer: a new one per request was a third of the filter's garbage.
    byte[] buf = wanted <= POOLED_BODY_BYTES ? bodyBuffers.borrow() : new byte[wanted];
    int limit = (int) Math.min(buf.length, max + 1L); // one byte past maxBodyBytes tells a body that is too large
    int n = 0;
    try {
      InputStream in = gzip ? new GZIPInputStream(r.getInputStream(), 8192) : r.getInputStream();
      int read;
      while ((read = in.read(buf, n, limit - n)) > 0) {
        n += read;
        if (n > max) {
          drain(r, DRAIN_FACTOR * (long) max);
          throw tooLarge(-1);
        }
        if (n == limit) {
          buf = java.util.Arrays.copyOf(buf, (int) Math.min(max + 1L, buf.length * 2L));
          limit = buf.length;
        }
      }
    } catch (IOException e) {
      if (gzip) {
        throw new IngestError(400, "invalid_gzip", "Content-Encoding is gzip but the body is not valid gzip");
      }
      throw e;
    }
    out[0] = buf;
    return n;
  }

  /**
   * Reads and discards what is left of a refused body, up to a bound, so the client reads our 413
   * instead of a reset connection; beyond the bound the container closes the connection.
   */
  private void drain(HttpServletRequest r, long upTo) {
    if (upTo > DRAIN_FACTOR * (long) config.maxBodyBytes()) {
      return;
    }
    byte[] sink = new byte[8192];
    long left = upTo;
    try {
      InputStream in = r.getInputStream();
      int read;
      while (left > 0 && (read = in.read(sink, 0, (int) Math.min(sink.length, left))) > 0) {
        left -= read;
      }
    } catch (IOException | IllegalStateException ignored) {
      // the client went away: nothing to answer
    }
  }

  private IngestError tooLarge(long declared) {
    return new IngestError(413, "body_too_large", "request body " + (declared >= 0 ? "of " + declared + " bytes " : "")
        + "exceeds maxBodyBytes=" + config.maxBodyBytes() + " (IngestConfig.maxBodyBytes); send smaller batches");
  }

  private String clientIp(HttpServletRequest r, byte[] remote, boolean viaTrustedProxy) {
    byte[] address = remote;
    if (viaTrustedProxy) {
      List<String> hops = new ArrayList<>();
      Enumeration<String> headers = r.getHeaders("X-Forwarded-For");
      while (headers != null && headers.hasMoreElements()) {
        for (String hop : headers.nextElement().split(",")) hops.add(hop.trim());
      }
      // Right to left: each hop was appended by the proxy before it; stop at the first we do not trust.
      for (int i = hops.size() - 1; i >= 0; i--) {
        byte[] hop = Cidr.parseIp(hops.get(i));
        if (hop == null) break;
        address = hop;
        if (!config.isTrustedProxy(hop)) break;
      }
    }
    if (address == null) {
      return null;
    }
    return Cidr.format(config.anonymizeIp() ? Cidr.anonymize(address) : address);
  }

  private static String requestId(HttpServletRequest r, boolean viaTrustedProxy, long now) {
    if (viaTrustedProxy) {
      String id = r.getHeader(REQUEST_ID_HEADER);
      if (id != null && id.length() <= 64 && id.matches("[A-Za-z0-9._:-]+")) {
        return id;
      }
    }
    return new java.util.UUID(Uuids.v7MostSignificantBits(now), Uuids.v7LeastSignificantBits()).toString();
  }

  private static boolean sameOrigin(HttpServletRequest r, String origin) {
    String host = r.getHeader("Host");
    return host != null && origin.equalsIgnoreCase(r.getScheme() + "://" + host);
  }

  private void spoof(String field) {
    spoofed.computeIfAbsent(field, k -> new LongAdder()).increment();
  }

  private void count(int status) {
    byStatus.computeIfAbsent(status, k -> new LongAdder()).increment();
  }

  private void serveScript(HttpServletRequest r, HttpServletResponse w) throws IOException {
    String method = r.getMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      w.setHeader("Allow", "GET, HEAD");
      error(w, 405, "method_not_allowed", method + " is not allowed on " + config.path() + ".js; use GET");
      return;
    }
    w.setHeader("Cache-Control", "public, max-age=" + config.scriptMaxAgeSeconds());
    w.setHeader("ETag", script.etag());
    w.setHeader("Vary", "Accept-Encoding");
    String inm = r.getHeader("If-None-Match");
    if (inm != null && (inm.contains(script.etag()) || inm.trim().equals("*"))) {
      w.setStatus(304);
      return;
    }
    w.setContentType("text/javascript;charset=utf-8");
    String ae = r.getHeader("Accept-Encoding");
    byte[] bytes = script.plain();
    if (ae != null && ae.toLowerCase(Locale.ROOT).contains("gzip")) {
      bytes = script.gzipped();
      w.setHeader("Content-Encoding", "gzip");
    }
    w.setContentLength(bytes.length);
    if ("GET".equals(method)) {
      w.getOutputStream().write(bytes);
    }
  }

  private void error(HttpServletResponse w, int status, String code, String message) throws IOException {
    count(status);
    ByteArrayOutputStream body = new ByteArrayOutputStream(128);
    try (JsonGenerator g = JSON.createGenerator(body)) {
      g.writeStartObject();
      g.writeObjectFieldStart("error");
      g.writeNumberField("status", status);
      g.writeStringField("code", code);
      g.writeStringField("message", message);
      g.writeEndObject();
      g.writeEndObject();
    }
    w.setStatus(status);
    writeJson(w, body.toByteArray());
  }

  private static void writeJson(HttpServletResponse w, byte[] body) throws IOException {
    w.setContentType("application/json;charset=utf-8");
    w.setHeader("Cache-Control", "no-store");
    w.setContentLength(body.length);
    w.getOutputStream().write(body);
  }

  private void deadLetterRequest(IngestError e, String requestId, String ip, int bytes) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("rejected_at", Timestamps.format(Instant.ofEpochMilli(logger.clock().millis())));
      g.writeStringField("reason", "INGEST_REQUEST_REFUSED");
      g.writeNumberField("status", e.status());
      g.writeStringField("code", e.code());
      g.writeStringField("message", e.getMessage());
      g.writeStringField("app", logger.producer().app());
      if (requestId != null) g.writeStringField("request_id", requestId);
      if (ip != null) g.writeStringField("ip", ip);
      if (bytes >= 0) g.writeNumberField("body_bytes", bytes);
      g.writeEndObject();
    } catch (IOException | RuntimeException ignored) {
      return; // the status counter still records the refusal
    }
    deadLetters.warn("{}", out);
  }

  private void deadLetterEvent(RawEvent raw, EventAssembler.Enrichment server) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("rejected_at", Timestamps.format(server.receivedAt));
      g.writeStringField("reason", "INGEST_INVALID");
      g.writeStringField("message", raw.problems.isEmpty() ? "" : raw.problems.get(0).message);
      g.writeStringField("app", logger.producer().app());
      writeProblems(g, raw.problems);
      g.writeStringField("request_id", server.requestId);
      if (server.ip != null) g.writeStringField("ip", server.ip);
      g.writeFieldName("raw");
      g.writeRawValue(raw.rawJson()); // the bytes the client sent: a re-run needs them, not our reading of them
      g.writeEndObject();
    } catch (IOException | RuntimeException ignored) {
      return;
    }
    deadLetters.warn("{}", out);
  }

  /** Messages go back to the client: short and on one line. */
  private static String clip(String s) {
    if (s == null) return "";
    String one = s.replace('\n', ' ').replace('\r', ' ');
    return one.length() > 120 ? one.substring(0, 119) + "…" : one;
  }
}
