package dev.logline.servlet;

import dev.logline.core.EventLogger;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.util.Set;

/**
 * Mounts {@link EventIngestFilter} at container start, opt-in: it does nothing unless the context
 * has the context-param {@value #APP_PARAM} (the app name for a new {@link EventLogger}) or an
 * {@link EventLogger} in the attribute {@value EventIngestFilter#EVENT_LOGGER_ATTRIBUTE}. The
 * limits are read from context-params prefixed {@value #PREFIX} (e.g. {@code
 * logline.ingest.maxEvents}). Listed in {@code META-INF/services} so containers find it.
 */
public final class LoglineServletInitializer implements ServletContainerInitializer {
  /** Prefix of the context-params read as {@link IngestConfig#fromParameters} names: {@value}. */
  public static final String PREFIX = "logline.ingest.";
  /** Context-param naming the app of the EventLogger to create: {@value}. */
  public static final String APP_PARAM = PREFIX + "app";

  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
    Object existing = context.getAttribute(EventIngestFilter.EVENT_LOGGER_ATTRIBUTE);
    String app = context.getInitParameter(APP_PARAM);
    if (!(existing instanceof EventLogger) && app == null) {
      return; // not asked for: the jar being on the classpath must not mount anything
    }
    IngestConfig config;
    try {
      config = IngestConfig.fromParameters(name -> context.getInitParameter(PREFIX + name));
    } catch (IllegalArgumentException e) {
      throw new ServletException("context-param " + PREFIX + e.getMessage(), e);
    }
    EventLogger logger = existing instanceof EventLogger
        ? (EventLogger) existing
        : EventLogger.builder().app(app.trim()).build();
    EventIngestFilter.register(context, logger, config);
  }
}
