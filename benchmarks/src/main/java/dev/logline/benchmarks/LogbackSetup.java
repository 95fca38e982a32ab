package dev.logline.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.status.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * Configures the process-wide Logback context in code, the same shape for every B1 path: one named logger at INFO,
 * not additive, with one appender; the root logger off. The global context is used (not a private one) because
 * {@code EventLogger} finds its logger through {@code LoggerFactory}, as in an application.
 */
public final class LogbackSetup {
  private LogbackSetup() {}

  /** The global context, reset, with an MDC adapter (Logback 1.5 writes nothing without one). */
  public static LoggerContext resetContext() {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    ctx.reset();
    if (ctx.getMDCAdapter() == null) {
      ctx.setMDCAdapter(new LogbackMDCAdapter());
    }
    ctx.getStatusManager().clear();
    ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.OFF);
    return ctx;
  }

  /** Attaches the started {@code appender} as the only one of {@code loggerName}. */
  public static Logger route(LoggerContext ctx, String loggerName, Appender<ILoggingEvent> appender) {
    Logger logger = ctx.getLogger(loggerName);
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
    logger.addAppender(appender);
    return logger;
  }

  /** Fails when the context reported a warning or an error: a benchmark that silently writes nothing is worthless. */
  public static void requireNoProblems(LoggerContext ctx) {
    List<Status> problems = ctx.getStatusManager().getCopyOfStatusList().stream()
        .filter(s -> s.getEffectiveLevel() >= Status.WARN)
        .collect(Collectors.toList());
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Logback reported problems: " + problems);
    }
  }

  /** Deletes {@code dir} and everything in it; benchmark files run to gigabytes. */
  public static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
