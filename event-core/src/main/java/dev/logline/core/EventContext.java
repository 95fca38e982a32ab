package dev.logline.core;

import java.util.Objects;

/**
 * Where an event came from: request, client and library. Immutable; absent fields are null and are
 * omitted from the canonical line.
 */
public final class EventContext {
  /** A context with nothing set. */
  public static final EventContext EMPTY = new Builder().build();

  private final String requestId;
  private final String ip;
  private final String userAgent;
  private final String pageUrl;
  private final String pageReferrer;
  private final String locale;
  private final String libraryName;
  private final String libraryVersion;

  private EventContext(Builder builder) {
    this.requestId = builder.requestId;
    this.ip = builder.ip;
    this.userAgent = builder.userAgent;
    this.pageUrl = builder.pageUrl;
    this.pageReferrer = builder.pageReferrer;
    this.locale = builder.locale;
    this.libraryName = builder.libraryName;
    this.libraryVersion = builder.libraryVersion;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.requestId = requestId;
    b.ip = ip;
    b.userAgent = userAgent;
    b.pageUrl = pageUrl;
    b.pageReferrer = pageReferrer;
    b.locale = locale;
    b.libraryName = libraryName;
    b.libraryVersion = libraryVersion;
    return b;
  }

  public String requestId() {
    return requestId;
  }

  public String ip() {
    return ip;
  }

  public String userAgent() {
    return userAgent;
  }

  public String pageUrl() {
    return pageUrl;
  }

  public String pageReferrer() {
    return pageReferrer;
  }

  public String locale() {
    return locale;
  }

  public String libraryName() {
    return libraryName;
  }

  public String libraryVersion() {
    return libraryVersion;
  }

  /** True when no field is set, so the line omits {@code context}. */
  public boolean isEmpty() {
    return requestId == null
        && ip == null
        && userAgent == null
        && pageUrl == null
        && pageReferrer == null
        && locale == null
        && libraryName == null
        && libraryVersion == null;
  }

  /** This context with every absent field taken from {@code fallback}. */
  public EventContext orElse(EventContext fallback) {
    if (fallback == null || fallback.isEmpty() || fallback == this) {
      return this;
    }
    if (isEmpty()) {
      return fallback;
    }
    if (!takesFrom(fallback)) {
      return this; // the usual case for browser events: one object per context, not one per event
    }
    Builder b = toBuilder();
    if (b.requestId == null) b.requestId = fallback.requestId;
    if (b.ip == null) b.ip = fallback.ip;
    if (b.userAgent == null) b.userAgent = fallback.userAgent;
    if (b.pageUrl == null) b.pageUrl = fallback.pageUrl;
    if (b.pageReferrer == null) b.pageReferrer = fallback.pageReferrer;
    if (b.locale == null) b.locale = fallback.locale;
    if (b.libraryName == null) {
      b.libraryName = fallback.libraryName;
      b.libraryVersion = fallback.libraryVersion;
    }
    return b.build();
  }

  private boolean takesFrom(EventContext fallback) {
    return requestId == null && fallback.requestId != null
        || ip == null && fallback.ip != null
        || userAgent == null && fallback.userAgent != null
        || pageUrl == null && fallback.pageUrl != null
        || pageReferrer == null && fallback.pageReferrer != null
        || locale == null && fallback.locale != null
        || libraryName == null && fallback.libraryName != null;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof EventContext)) return false;
    EventContext that = (EventContext) o;
    return Objects.equals(requestId, that.requestId)
        && Objects.equals(ip, that.ip)
        && Objects.equals(userAgent, that.userAgent)
        && Objects.equals(pageUrl, that.pageUrl)
        && Objects.equals(pageReferrer, that.pageReferrer)
        && Objects.equals(locale, that.locale)
        && Objects.equals(libraryName, that.libraryName)
        && Objects.equals(libraryVersion, that.libraryVersion);
  }

  @Override
  public int hashCode() {
    return Objects.hash(requestId, ip, userAgent, pageUrl, pageReferrer, locale, libraryName, libraryVersion);
  }

  @Override
  public String toString() {
    return "EventContext{requestId=" + requestId + ", ip=" + ip + ", userAgent=" + userAgent
        + ", pageUrl=" + pageUrl + ", pageReferrer=" + pageReferrer + ", locale=" + locale
        + ", library=" + libraryName + "/" + libraryVersion + "}";
  }

  /** Builds an {@link EventContext}; every setter accepts null to clear the field. */
  public static final class Builder {
    private String requestId;
    private String ip;
    private String userAgent;
    private String pageUrl;
    private String pageReferrer;
    private String locale;
    private String libraryName;
    private String libraryVersion;

    private Builder() {}

    public Builder requestId(String requestId) {
      this.requestId = requestId;
      return this;
    }

    public Builder ip(String ip) {
      this.ip = ip;
      return this;
    }

    public Builder userAgent(String userAgent) {
      this.userAgent = userAgent;
      return this;
    }

    public Builder pageUrl(String pageUrl) {
      this.pageUrl = pageUrl;
      return this;
    }

    public Builder pageReferrer(String pageReferrer) {
      this.pageReferrer = pageReferrer;
      return this;
    }

    public Builder locale(String locale) {
      this.locale = locale;
      return this;
    }

    /** The library that produced the event, e.g. {@code logline-js} and its version. */
    public Builder library(String name, String version) {
      if (name == null && version != null) {
        throw new IllegalArgumentException("library name == null but version is " + version);
      }
      this.libraryName = name;
      this.libraryVersion = version;
      return this;
    }

    public EventContext build() {
      return new EventContext(this);
    }
  }
}
