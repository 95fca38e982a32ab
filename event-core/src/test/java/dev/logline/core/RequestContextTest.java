package dev.logline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class RequestContextTest {

  @Test
  void noScopeMeansEmpty() {
    assertThat(RequestContext.current()).isSameAs(RequestContext.EMPTY);
  }

  @Test
  void aScopeIsVisibleOnItsThreadAndRestoredWhenClosed() {
    RequestContext outer = RequestContext.builder().userId("outer").requestId("r-outer").build();
    RequestContext inner = RequestContext.builder().userId("inner").requestId("r-inner").build();
    try (RequestContext.Scope a = outer.open()) {
      assertThat(RequestContext.current().userId()).isEqualTo("outer");
      assertThat(MDC.get(RequestContext.MDC_REQUEST_ID)).isEqualTo("r-outer");
      try (RequestContext.Scope b = inner.open()) {
        assertThat(RequestContext.current().userId()).isEqualTo("inner");
        assertThat(MDC.get(RequestContext.MDC_REQUEST_ID)).isEqualTo("r-inner");
      }
      assertThat(RequestContext.current().userId()).isEqualTo("outer");
      assertThat(MDC.get(RequestContext.MDC_REQUEST_ID)).isEqualTo("r-outer");
    }
    assertThat(RequestContext.current()).isSameAs(RequestContext.EMPTY);
    assertThat(MDC.get(RequestContext.MDC_REQUEST_ID)).isNull();
  }

  @Test
  void otherThreadsDoNotSeeIt() throws Exception {
    try (RequestContext.Scope ignored = RequestContext.builder().userId("u").build().open()) {
      String seen = CompletableFuture.supplyAsync(() -> RequestContext.current().userId()).get();
      assertThat(seen).isNull();
    }
  }

  @Test
  void wrapCarriesTheContextToAnExecutorThread() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      AtomicReference<String> seen = new AtomicReference<>();
      RequestContext ctx = RequestContext.builder().userId("u-async").build();
      pool.submit(ctx.wrap(() -> seen.set(RequestContext.current().userId()))).get();
      assertThat(seen.get()).isEqualTo("u-async");
      assertThat(pool.submit(() -> RequestContext.current()).get()).isSameAs(RequestContext.EMPTY);
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void closingOutOfOrderIsAnError() {
    RequestContext.Scope a = RequestContext.builder().userId("a").build().open();
    RequestContext.Scope b = RequestContext.builder().userId("b").build().open();
    try {
      assertThatThrownBy(a::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("out of order");
    } finally {
      b.close();
      a.close();
    }
    assertThat(RequestContext.current()).isSameAs(RequestContext.EMPTY);
  }
}
