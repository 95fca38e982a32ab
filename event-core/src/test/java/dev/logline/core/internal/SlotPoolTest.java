package dev.logline.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Idle objects are handed out again; a new one is made only when every slot is empty; a full pool drops. */
class SlotPoolTest {
  private final AtomicInteger made = new AtomicInteger();
  private final SlotPool<Object> pool = new SlotPool<>(2, () -> "object-" + made.incrementAndGet());

  @Test
  void anEmptyPoolMakesANewObject() {
    assertThat(pool.borrow()).isEqualTo("object-1");
    assertThat(pool.borrow()).isEqualTo("object-2");
  }

  @Test
  void aReleasedObjectIsBorrowedAgainInsteadOfANewOne() {
    Object first = pool.borrow();
    pool.release(first);
    assertThat(pool.borrow()).isSameAs(first);
    assertThat(made).hasValue(1);
  }

  @Test
  void aFullPoolDropsWhatIsReleasedBeyondItsSlots() {
    Object a = pool.borrow();
    Object b = pool.borrow();
    Object c = pool.borrow();
    pool.release(a);
    pool.release(b);
    pool.release(c); // no slot left
    assertThat(pool.borrow()).isIn(a, b);
    assertThat(pool.borrow()).isIn(a, b);
    assertThat(pool.borrow()).isEqualTo("object-4");
  }
}
