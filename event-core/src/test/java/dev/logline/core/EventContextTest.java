package dev.logline.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventContextTest {
  private static final EventContext FULL = EventContext.builder().requestId("r-1").ip("203.0.113.1")
      .userAgent("Mozilla/5.0").pageUrl("https://shop.example/a").pageReferrer("https://shop.example/")
      .locale("de-DE").library("logline-js", "0.1.0").build();

  @Test
  void orElseFillsOnlyTheAbsentFields() {
    EventContext partial = EventContext.builder().pageUrl("https://shop.example/b").build();
    EventContext merged = partial.orElse(FULL);
    assertThat(merged.pageUrl()).isEqualTo("https://shop.example/b");
    assertThat(merged.requestId()).isEqualTo("r-1");
    assertThat(merged.locale()).isEqualTo("de-DE");
    assertThat(merged.libraryName()).isEqualTo("logline-js");
    assertThat(merged.libraryVersion()).isEqualTo("0.1.0");
    assertThat(partial.pageReferrer()).as("this context is unchanged").isNull();
  }

  @Test
  void orElseReturnsThisSameObjectWhenTheFallbackHasNothingToAdd() {
    EventContext library = EventContext.builder().library("logline-java", "9").build();
    assertThat(FULL.orElse(library)).isSameAs(FULL);
    assertThat(FULL.orElse(FULL.toBuilder().ip("198.51.100.7").build())).isSameAs(FULL);
    EventContext noLocale = FULL.toBuilder().locale(null).build();
    assertThat(noLocale.orElse(library)).isSameAs(noLocale);
    assertThat(noLocale.orElse(FULL)).isNotSameAs(noLocale).isEqualTo(FULL);
  }

  @Test
  void orElseOfAnEmptyContextIsTheFallbackAndOfAnEmptyFallbackIsThis() {
    assertThat(EventContext.EMPTY.orElse(FULL)).isSameAs(FULL);
    assertThat(FULL.orElse(EventContext.EMPTY)).isSameAs(FULL);
    assertThat(FULL.orElse(null)).isSameAs(FULL);
  }
}
