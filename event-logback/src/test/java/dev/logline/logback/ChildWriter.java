package dev.logline.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.util.FileSize;
import dev.logline.core.EventLogger;
import dev.logline.core.LogResult;
import java.io.PrintStream;
import org.slf4j.LoggerFactory;

/**
 * The process {@link CrashSafetyTest} kills with SIGKILL: logs events in a loop and prints
 * "{@code <instance> <seq>}" after each {@code log()} returned. Arguments: directory, then
 * optionally a {@link WriteMode} (default STREAM; {@code JOURNAL-HELD}: JOURNAL with a drain that never writes) and a mapped chunk size (e.g. {@code 64 KB}), then optionally a
 * number of threads and a batch size: each thread logs in {@code EventLogger.batch()}es of that size and prints the
 * batch's seqs once the batch closed (its durability point).
 */
public final class ChildWriter {
  /** System property: the appender's {@code maxFileSize}, to make it roll while it is killed. */
  static final String MAX_FILE_SIZE = "logline.child.maxFileSize";

  private ChildWriter() {}

  public static void main(String[] args) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    EventFileAppender appender = new EventFileAppender();
    appender.setContext(context);
    appender.setName("child");
    appender.setDirectory(args[0]);
    appender.setApp("child");
    if (args.length > 1 && args[1].equals("JOURNAL-HELD")) {
      // the drain never writes: every line logged is only in the journal when the process dies
      appender.setWriteMode(WriteMode.JOURNAL);
      dev.logline.logback.internal.Journal.setDrainHookForTests(() -> {
        while (true) {
          java.util.concurrent.locks.LockSupport.park();
        }
      });
    } else if (args.length > 1) {
      appender.setWriteMode(WriteMode.valueOf(args[1]));
    }
    if (args.length > 2) {
      appender.setMappedChunkSize(FileSize.valueOf(args[2]));
    }
    String maxFileSize = System.getProperty(MAX_FILE_SIZE);
    if (maxFileSize != null) {
      appender.setMaxFileSize(FileSize.valueOf(maxFileSize));
    }
    appender.start();
    Logger events = context.getLogger("events");
    events.setLevel(Level.INFO);
    events.setAdditive(false);
    events.addAppender(appender);
    EventLogger logger = EventLogger.builder().app("child").build();
    PrintStream out = System.out;
    String instance = logger.producer().instance();
    if (args.length > 4) {
      int batchSize = Integer.parseInt(args[4]);
      for (int t = Integer.parseInt(args[3]); t > 0; t--) {
        new Thread(() -> logInBatches(logger, batchSize, out, instance)).start();
      }
      return;
    }
    while (true) {
      LogResult r = logger.event("page_viewed").anonymousId("anon-1").property("url", "/child").log();
      if (r.isAccepted()) {
        out.println(instance + " " + r.logged().seq());
      }
    }
  }

  private static void logInBatches(EventLogger logger, int batchSize, PrintStream out, String instance) {
    long[] seqs = new long[batchSize];
    while (true) {
      int n = 0;
      try (dev.logline.core.spi.LineBatch batch = logger.batch()) {
        for (int i = 0; i < batchSize; i++) {
          LogResult r = logger.event("page_viewed").anonymousId("anon-1").property("url", "/child").log();
          if (r.isAccepted()) {
            seqs[n++] = r.logged().seq();
          }
        }
      }
      for (int i = 0; i < n; i++) {
        out.println(instance + " " + seqs[i]);
      }
    }
  }
}
