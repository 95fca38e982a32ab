package dev.logline.archive;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Wraps a real destination with a switch that makes it unreachable, as an outage would. */
public final class FaultyDestination implements ArchiveDestination {
  private final ArchiveDestination real;
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicInteger puts = new AtomicInteger();

  public FaultyDestination(ArchiveDestination real) {
    this.real = real;
  }

  public void down(boolean down) {
    this.down.set(down);
  }

  /** put calls that reached the real destination. */
  public int puts() {
    return puts.get();
  }

  @Override
  public void put(ArchiveObject object) throws ArchiveException {
    check(object);
    puts.incrementAndGet();
    real.put(object);
  }

  @Override
  public boolean contains(ArchiveObject object) throws ArchiveException {
    check(object);
    return real.contains(object);
  }

  private void check(ArchiveObject object) throws ArchiveException {
    if (down.get()) throw new ArchiveException(FailureCause.UNAVAILABLE, object.key() + ": connection refused (test outage)");
  }

  @Override
  public String describe() {
    return "faulty " + real.describe();
  }
}
