package dev.logline.servlet.internal;

import dev.logline.core.Event;
import dev.logline.core.EventContext;
import dev.logline.core.EventException;
import dev.logline.schema.SchemaException;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns a {@link RawEvent} into an {@link Event} with the server-owned fields filled in, or records
 * why it cannot. The parser already typed the envelope and refused unknown keys; keys the server
 * owns were dropped there and are reported here to {@code spoofed}.
 */
public final class EventAssembler {
  /** What the server stamps on every event of one request; one per request (not thread-safe). */
  public static final class Enrichment {
    public final Instant receivedAt;
    public final String source;
    public final String ip;
    public final String userAgent;
    public final String requestId;
    public final String resolvedUserId;
    // The context of the request's previous event: events of one page share one object, which the line writer
    // then encodes once.
    private EventContext lastContext;

    public Enrichment(Instant receivedAt, String source, String ip, String userAgent, String requestId,
        String resolvedUserId) {
      this.receivedAt = receivedAt;
      this.source = source;
      this.ip = ip;
      this.userAgent = userAgent;
      this.requestId = requestId;
      this.resolvedUserId = resolvedUserId;
    }
  }

  private EventAssembler() {}

  /**
   * The event, or null when {@code raw} has problems (added to them when the event model refuses a value). Keys the
   * client may not set go to {@code spoofed} either way.
   */
  public static Event assemble(RawEvent raw, Enrichment server, Consumer<String> spoofed) {
    if (raw.spoofed != null) {
      raw.spoofed.forEach(spoofed);
    }
    String userId = raw.userId;
    if (server.resolvedUserId != null) {
      if (userId != null && !userId.equals(server.resolvedUserId)) {
        spoofed.accept("user_id");
      }
      userId = server.resolvedUserId;
    }
    if (!raw.problems.isEmpty()) {
      return null;
    }
    String libraryVersion = raw.libraryName != null ? raw.libraryVersion : null;
    EventContext context = server.lastContext;
    // The server's fields are the request's own, so the previous event's context is this one's when the page and
    // library are the same: no builder, no new context.
    if (context == null || !Objects.equals(context.pageUrl(), raw.pageUrl)
        || !Objects.equals(context.pageReferrer(), raw.pageReferrer) || !Objects.equals(context.locale(), raw.locale)
        || !Objects.equals(context.libraryName(), raw.libraryName)
        || !Objects.equals(context.libraryVersion(), libraryVersion)) {
      EventContext.Builder ctx = EventContext.builder()
          .ip(server.ip).userAgent(server.userAgent).requestId(server.requestId)
          .pageUrl(raw.pageUrl).pageReferrer(raw.pageReferrer).locale(raw.locale);
      if (raw.libraryName != null) {
        ctx.library(raw.libraryName, libraryVersion);
      }
      context = ctx.build();
      server.lastContext = context;
    }
    try {
      Event.Builder b = Event.builder(raw.name)
          .eventId(raw.eventId)
          .schemaVersion(raw.schema)
          .source(server.source)
          .occurredAt(raw.occurredAt != null ? raw.occurredAt : server.receivedAt)
          .sentAt(raw.sentAt)
          .receivedAt(server.receivedAt)
          .userId(userId)
          .anonymousId(raw.anonymousId)
          .sessionId(raw.sessionId)
          .context(context);
      Object[] properties = raw.properties;
      for (int i = 0; i < raw.propertySize; i++) {
        b.propertyValue((String) properties[2 * i], properties[2 * i + 1]);
      }
      return b.build();
    } catch (EventException | SchemaException | IllegalArgumentException | NullPointerException e) {
      raw.problem(pointerOf(e), "invalid_value", BodyParser.clip(e.getMessage()));
      return null;
    }
  }

  private static String pointerOf(RuntimeException e) {
    String m = String.valueOf(e.getMessage());
    if (m.startsWith("event:")) return "/event";
    if (m.startsWith("occurred_at")) return "/occurred_at";
    if (m.startsWith("sent_at")) return "/sent_at";
    if (m.contains("SchemaVer") || m.contains("MODEL-REVISION-ADDITION")) return "/schema";
    return "";
  }
}
