package dev.logline.logback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import dev.logline.core.EventLogger;
import dev.logline.core.LogResult;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/**
 * The process {@link CrashSafetyTest} stops with SIGTERM: configured from logback.xml as the README shows (a
 * {@code DefaultShutdownHook} with a delay), it logs in a loop and prints "{@code <instance> <seq>}" after each
 * {@code log()} returned, until its own shutdown hook (the application's, like a web server's graceful stop) ends the
 * loop. Argument: the directory.
 */
public final class ShutdownChild {
  private ShutdownChild() {}

  static final String LOGBACK_XML = "<configuration>\n"
      + "  <shutdownHook class=\"ch.qos.logback.core.hook.DefaultShutdownHook\"><delay>1 second</delay></shutdownHook>\n"
      + "  <appender name=\"EVENTS\" class=\"dev.logline.logback.EventFileAppender\">\n"
      + "    <directory>${dir}</directory>\n"
      + "    <app>child</app>\n"
      + "    <maxFileSize>32 KB</maxFileSize>\n"
      + "  </appender>\n"
      + "  <logger name=\"events\" level=\"INFO\" additivity=\"false\"><appender-ref ref=\"EVENTS\"/></logger>\n"
      + "</configuration>\n";

  private static volatile boolean running = true;

  public static void main(String[] args) throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    context.putProperty("dir", args[0]);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(new ByteArrayInputStream(LOGBACK_XML.getBytes(StandardCharsets.UTF_8)));

    Thread loop = Thread.currentThread();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      running = false; // the application stops taking work, while Logback's hook waits out its delay
      try {
        loop.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    EventLogger logger = EventLogger.builder().app("child").build();
    PrintStream out = System.out;
    String instance = logger.producer().instance();
    while (running) {
      LogResult r = logger.event("page_viewed").anonymousId("anon-1").property("url", "/child").log();
      if (r.isAccepted()) {
        out.println(instance + " " + r.logged().seq());
      }
    }
    out.println("stopped logging");
    out.flush();
  }
}
