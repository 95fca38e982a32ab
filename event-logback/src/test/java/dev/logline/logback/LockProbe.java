package dev.logline.logback;

import java.io.RandomAccessFile;
import java.nio.channels.FileLock;

/** A child JVM that says whether another process holds the OS lock on a file: prints {@code held} or {@code free}. */
public final class LockProbe {
  private LockProbe() {}

  public static void main(String[] args) throws Exception {
    try (RandomAccessFile file = new RandomAccessFile(args[0], "rw")) {
      FileLock lock = file.getChannel().tryLock();
      System.out.println(lock == null ? "held" : "free");
    }
  }
}
