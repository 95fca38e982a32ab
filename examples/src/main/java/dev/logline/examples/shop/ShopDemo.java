package dev.logline.examples.shop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mvn -q -pl examples -am package exec:java}: runs the toy shop, optionally with simulated traffic. */
@Command(name = "shop-demo", mixinStandardHelpOptions = true,
    description = "Logline's toy shop: browser and backend events -> event files -> archive.")
public final class ShopDemo implements Callable<Integer> {
  @Option(names = "--port", description = "HTTP port (default ${DEFAULT-VALUE}; 0 = any free port)")
  int port = 8080;

  @Option(names = "--data-dir", description = "event files and dead letters (default ${DEFAULT-VALUE})")
  Path dataDir = Path.of("logline-demo");

  @Option(names = "--archive-dir", description = "local archive, unless LOGLINE_S3_BUCKET is set (default ${DEFAULT-VALUE})")
  Path archiveDir = Path.of("archive");

  @Option(names = "--simulate", paramLabel = "USERS", description = "simulate this many users, then stop")
  int simulateUsers;

  @Option(names = "--duration", paramLabel = "SECONDS", description = "spread simulated users over this long (default ${DEFAULT-VALUE})")
  int durationSeconds = 20;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ShopDemo()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    ShopApp.Settings settings = new ShopApp.Settings().port(port).dataDir(dataDir).archiveDir(archiveDir);
    ShopApp app = ShopApp.start(settings);
    System.out.println("Toy shop running: open " + app.baseUri());
    System.out.println("Event files:      " + settings.eventsDir().toAbsolutePath() + " (rolled every minute)");
    System.out.println("Archive:          " + app.archiveDescription());
    System.out.println("Dead letters:     " + settings.deadLetterFile().toAbsolutePath());
    if (simulateUsers > 0) {
      TrafficSimulator.Result result = new TrafficSimulator(
          app.baseUri(), simulateUsers, Duration.ofSeconds(durationSeconds), System.out).run();
      System.out.println("Simulation done: " + result + ". Stopping: rolling, compressing and archiving the last file...");
      app.close();
      System.out.println("Archived to " + app.archiveDescription() + ". Stats: " + app.events().stats());
      return result.failures == 0 ? 0 : 1;
    }
    System.out.println("Press Ctrl+C to stop (the last file is rolled and archived on the way out).");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      app.close();
      stopped.countDown();
    }, "shop-demo-shutdown"));
    stopped.await();
    return 0;
  }
}
