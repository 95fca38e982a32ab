package dev.logline.core;

import java.util.Objects;
import org.slf4j.MDC;

/**
 * Who and where for the current request, attached to the current thread so events logged deep in
 * services carry it without passing it down. Fields set on an event win over the request's.
 *
 * <pre>{@code
 * try (RequestContext.Scope scope = RequestContext.builder().userId(user).requestId(id).build().open()) {
 *   service.checkout(cart); // events logged here carry user_id and request_id
 * }
 * }</pre>
 *
 * <p>While open, the request id is also in the SLF4J MDC as {@value #MDC_REQUEST_ID}, so plain
 * application logs can be joined with events.
 */
public final class RequestContext {
  /** The MDC key that holds the request id while a scope is open. */
  public static final String MDC_REQUEST_ID = "request_id";

  /** No user, no context. */
  public static final RequestContext EMPTY = new Builder().build();

  private static final ThreadLocal<RequestContext> CURRENT = new ThreadLocal<>();

  private final String userId;
  private final String anonymousId;
  private final String sessionId;
  private final EventContext context;

  private RequestContext(Builder b) {
    this.userId = b.userId;
    this.anonymousId = b.anonymousId;
    this.sessionId = b.sessionId;
    this.context = b.context.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The context open on this thread, or {@link #EMPTY}. */
  public static RequestContext current() {
    RequestContext c = CURRENT.get();
    return c == null ? EMPTY : c;
  }

  /** Makes this the current context of this thread until the scope is closed. */
  public Scope open() {
    RequestContext previous = CURRENT.get();
    String previousRequestId = MDC.get(MDC_REQUEST_ID);
    CURRENT.set(this);
    if (context.requestId() != null) {
      MDC.put(MDC_REQUEST_ID, context.requestId());
    }
    return new Scope(this, previous, previousRequestId);
  }

  /**
   * Wraps {@code task} so that it runs with this context, on whatever thread runs it (executors,
   * async servlet work).
   */
  public Runnable wrap(Runnable task) {
    Objects.requireNonNull(task, "task == null");
    return () -> {
      try (Scope ignored = open()) {
        task.run();
      }
    };
  }

  public String userId() {
    return userId;
  }

  public String anonymousId() {
    return anonymousId;
  }

  public String sessionId() {
    return sessionId;
  }

  public EventContext context() {
    return context;
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.userId = userId;
    b.anonymousId = anonymousId;
    b.sessionId = sessionId;
    b.context = context.toBuilder();
    return b;
  }

  @Override
  public String toString() {
    return "RequestContext{userId=" + userId + ", anonymousId=" + anonymousId + ", sessionId=" + sessionId
        + ", context=" + context + "}";
  }

  /** Restores the previous context when closed. Close it on the thread that opened it. */
  public static final class Scope implements AutoCloseable {
    private final RequestContext opened;
    private final RequestContext previous;
    private final String previousRequestId;
    private boolean closed;

    private Scope(RequestContext opened, RequestContext previous, String previousRequestId) {
      this.opened = opened;
      this.previous = previous;
      this.previousRequestId = previousRequestId;
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      if (CURRENT.get() != opened) {
        throw new IllegalStateException("RequestContext scopes closed out of order (or on another thread)");
      }
      closed = true;
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
      if (previousRequestId == null) {
        MDC.remove(MDC_REQUEST_ID);
      } else {
        MDC.put(MDC_REQUEST_ID, previousRequestId);
      }
    }
  }

  /** Builds a {@link RequestContext}. */
  public static final class Builder {
    private String userId;
    private String anonymousId;
    private String sessionId;
    private EventContext.Builder context = EventContext.builder();

    private Builder() {}

    public Builder userId(String userId) {
      this.userId = userId;
      return this;
    }

    public Builder anonymousId(String anonymousId) {
      this.anonymousId = anonymousId;
      return this;
    }

    public Builder sessionId(String sessionId) {
      this.sessionId = sessionId;
      return this;
    }

    public Builder requestId(String requestId) {
      context.requestId(requestId);
      return this;
    }

    public Builder ip(String ip) {
      context.ip(ip);
      return this;
    }

    public Builder userAgent(String userAgent) {
      context.userAgent(userAgent);
      return this;
    }

    public Builder locale(String locale) {
      context.locale(locale);
      return this;
    }

    /** Replaces the whole event context. */
    public Builder context(EventContext context) {
      this.context = Objects.requireNonNull(context, "context == null").toBuilder();
      return this;
    }

    public RequestContext build() {
      return new RequestContext(this);
    }
  }
}
