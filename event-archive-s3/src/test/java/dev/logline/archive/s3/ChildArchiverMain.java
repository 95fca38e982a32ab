package dev.logline.archive.s3;

import dev.logline.archive.ArchiveDestination;
import dev.logline.archive.ArchiveException;
import dev.logline.archive.ArchiveObject;
import dev.logline.archive.Archiver;
import java.net.URI;
import java.nio.file.Paths;
import java.time.Duration;

/**
 * The process that {@code S3ArchiverTest} kills with SIGKILL: an archiver shipping a spool to
 * s3proxy, slowed down after each upload so the kill lands between an upload and its local mark.
 * Args: spool directory, endpoint, bucket, prefix.
 */
public final class ChildArchiverMain {
  public static void main(String[] args) throws Exception {
    S3Destination s3 = S3Destination.builder().bucket(args[2]).endpoint(URI.create(args[1]))
        .region(S3ProxyServer.REGION).pathStyle(true).credentials(S3ProxyServer.credentials()).build();
    ArchiveDestination slow = new ArchiveDestination() {
      @Override
      public void put(ArchiveObject object) throws ArchiveException {
        s3.put(object);
        try {
          Thread.sleep(150); // widen the window between upload and mark
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public boolean contains(ArchiveObject object) throws ArchiveException {
        return s3.contains(object);
      }

      @Override
      public String describe() {
        return "slow " + s3.describe();
      }
    };
    Archiver archiver = Archiver.builder().directory(Paths.get(args[0])).destination(slow).prefix(args[3])
        .scanInterval(Duration.ofMillis(100)).retryBase(Duration.ofMillis(20)).retryMax(Duration.ofMillis(200)).build();
    archiver.start();
    System.out.println("STARTED");
    System.out.flush();
    Thread.currentThread().join(); // until killed
  }
}
