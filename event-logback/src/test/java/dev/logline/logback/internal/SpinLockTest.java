package dev.logline.logback.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SpinLockTest {
  private final SpinLock lock = new SpinLock();
  private long counter; // guarded by lock

  @Test
  void excludesEveryOtherThreadWhileHeld() throws Exception {
    int threads = 4;
    int rounds = 50_000;
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      workers.add(new Thread(() -> {
        for (int i = 0; i < rounds; i++) {
          lock.lockSpinning();
          try {
            counter++; // not atomic: a lost update would show a broken lock
          } finally {
            lock.unlock();
          }
        }
      }));
    }
    workers.forEach(Thread::start);
    for (Thread w : workers) {
      w.join(TimeUnit.SECONDS.toMillis(60));
    }
    assertThat(counter).isEqualTo((long) threads * rounds);
    assertThat(lock.leadSpinning()).as("no waiter is left marked as the lead").isFalse();
  }

  @Test
  void waitersWhoseSpinRunsOutParkAndGetTheLockWhenItIsReleased() throws Exception {
    lock.lock();
    CountDownLatch acquired = new CountDownLatch(3);
    for (int t = 0; t < 3; t++) {
      new Thread(() -> {
        lock.lockSpinning();
        try {
          acquired.countDown();
        } finally {
          lock.unlock();
        }
      }).start();
    }
    // every spin ends within microseconds: then the three are parked in the lock's queue
    await().atMost(Duration.ofSeconds(30)).until(() -> lock.getQueueLength() == 3);
    assertThat(lock.leadSpinning()).as("the lead stopped spinning when it parked").isFalse();
    assertThat(acquired.getCount()).isEqualTo(3);
    lock.unlock();
    assertThat(acquired.await(30, TimeUnit.SECONDS)).isTrue();
  }
}
