package dev.logline.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Flushable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A batch runs each deferred flush once, at the outermost close, and keeps one flush per owner. */
class LineBatchTest {
  private final List<String> flushed = new ArrayList<>();

  private Flushable named(String name) {
    return () -> flushed.add(name);
  }

  @Test
  void anOwnerFindsItsFlushAndALaterOneOfTheSameOwnerIsIgnored() {
    Object appenderA = new Object();
    Object appenderB = new Object();
    Flushable a = named("a");
    try (LineBatch batch = LineBatch.open()) {
      assertThat(batch.deferredBy(appenderA)).isNull();
      batch.deferFlush(appenderA, a);
      batch.deferFlush(appenderA, named("a-again"));
      batch.deferFlush(appenderB, named("b"));
      batch.deferFlush(appenderB, named("b-again"));
      batch.deferFlush(new Object(), named("c"));
      assertThat(batch.deferredBy(appenderA)).isSameAs(a);
      assertThat(flushed).isEmpty();
    }
    assertThat(flushed).containsExactly("a", "b", "c");
  }

  @Test
  void aNestedBatchSharesTheOutermostAndOnlyItsCloseFlushes() {
    Object owner = new Object();
    try (LineBatch outer = LineBatch.open()) {
      try (LineBatch inner = LineBatch.open()) {
        assertThat(LineBatch.current()).isSameAs(outer);
        LineBatch.current().deferFlush(owner, named("x"));
      }
      assertThat(flushed).isEmpty();
      assertThat(outer.deferredBy(owner)).isNotNull();
    }
    assertThat(flushed).containsExactly("x");
    assertThat(LineBatch.current()).isNull();
  }

  @Test
  void aFailingFlushDoesNotStopTheOthers() {
    try (LineBatch batch = LineBatch.open()) {
      batch.deferFlush(new Object(), () -> {
        throw new java.io.IOException("disk full");
      });
      batch.deferFlush(new Object(), named("after"));
    }
    assertThat(flushed).containsExactly("after");
  }
}
