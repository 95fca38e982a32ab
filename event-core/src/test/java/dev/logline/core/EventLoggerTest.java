package dev.logline.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.logline.core.spi.EventTaps;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class EventLoggerTest {
  private LogCapture events;
  private LogCapture deadLetters;

  @BeforeEach
  void capture() {
    events = new LogCapture(EventLogger.DEFAULT_LOGGER_NAME);
    deadLetters = new LogCapture(EventLogger.DEFAULT_DEAD_LETTER_LOGGER_NAME);
  }

  @AfterEach
  void release() {
    events.close();
    deadLetters.close();
  }

  private static Event.Builder validCheckout() {
    return Event.builder("checkout_completed")
        .userId("u-1")
        .property("order_id", "o-1")
        .property("amount", 10.0)
        .property("currency", "EUR");
  }

  @Test
  void logHandsTheCanonicalLineToTheEventsLoggerAtInfo() {
    EventLogger logger = Data.logger().build();
    LogResult result = logger.log(Data.checkout());

    assertThat(result.isAccepted()).isTrue();
    assertThat(events.events()).hasSize(1);
    assertThat(events.events().get(0).getLevel()).isEqualTo(Level.INFO);
    assertThat(events.events().get(0).getArgumentArray()[0]).isSameAs(result.logged());
    assertThat(events.messages().get(0)).isEqualTo(result.logged().toString()).startsWith("{\"envelope\":\"1-0-0\"");
  }

  @Test
  void stampsIdTimeSourceProducerAndIncreasingSeq() {
    EventLogger logger = Data.logger().build();
    LoggedEvent first = logger.event("checkout_completed").user("u").property("order_id", "o").property("amount", 1)
        .property("currency", "EUR").log().logged();
    LoggedEvent second = logger.log(validCheckout().build()).logged();

    assertThat(first.eventId().version()).isEqualTo(7);
    assertThat(first.eventId()).isNotEqualTo(second.eventId());
    assertThat(first.occurredAt()).isEqualTo(Data.T0);
    assertThat(first.source()).isEqualTo("server");
    assertThat(first.producer().app()).isEqualTo("shop");
    assertThat(first.seq()).isEqualTo(1);
    assertThat(second.seq()).isEqualTo(2);
    assertThat(first.context().libraryName()).isEqualTo(Logline.LIBRARY_NAME);
  }

  @Test
  void keepsTheCallersEventIdSoRetriesDedupe() {
    UUID id = UUID.randomUUID();
    LoggedEvent logged = Data.logger().build().log(validCheckout().eventId(id).build()).logged();
    assertThat(logged.eventId()).isEqualTo(id);
  }

  @Test
  void resolvesTheLatestSchemaVersionUnlessPinned() {
    EventLogger logger = Data.logger().build();
    assertThat(logger.log(validCheckout().build()).logged().schema().toString()).isEqualTo("checkout_completed/1-0-1");
    assertThat(logger.log(validCheckout().schemaVersion("1-0-0").build()).logged().schema().toString())
        .isEqualTo("checkout_completed/1-0-0");
    // again, from the logger's cache of resolved keys: the same answers, in either order
    assertThat(logger.log(validCheckout().schemaVersion("1-0-0").build()).logged().schema().toString())
        .isEqualTo("checkout_completed/1-0-0");
    assertThat(logger.log(validCheckout().build()).logged().schema().toString()).isEqualTo("checkout_completed/1-0-1");
    assertThat(logger.log(validCheckout().schemaVersion("1-0-1").build()).logged().schema().toString())
        .isEqualTo("checkout_completed/1-0-1");
  }

  @Test
  void strictModeThrowsWithTheViolationsAfterCountingAndDeadLettering() {
    EventLogger logger = Data.logger().mode(ValidationMode.STRICT).build();
    Event bad = validCheckout().property("amount", "ten").build();

    assertThatThrownBy(() -> logger.log(bad))
        .isInstanceOf(EventException.class)
        .hasMessageContaining("/amount")
        .satisfies(t -> assertThat(((EventException) t).kind()).isEqualTo(EventException.Kind.SCHEMA_VIOLATION))
        .satisfies(t -> assertThat(((EventException) t).violations()).extracting("pointer").containsExactly("/amount"));
    assertThat(logger.stats().rejected(RejectReason.SCHEMA_VIOLATION)).isEqualTo(1);
    assertThat(deadLetters.messages()).hasSize(1);
    assertThat(events.events()).isEmpty();
  }

  @Test
  void logModeNeverThrowsDeadLettersWithTheReasonAndCounts() {
    EventLogger logger = Data.logger().mode(ValidationMode.LOG).build();
    LogResult result = logger.log(validCheckout().property("currency", "euro").build());

    assertThat(result.isAccepted()).isFalse();
    assertThat(result.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
    assertThat(result.violations()).extracting("pointer").containsExactly("/currency");
    assertThat(deadLetters.messages()).singleElement().asString()
        .contains("\"reason\":\"SCHEMA_VIOLATION\"").contains("/currency").contains("euro");
    assertThat(deadLetters.events().get(0).getLevel()).isEqualTo(Level.WARN);
    assertThat(logger.stats().logged()).isZero();
    assertThat(logger.stats().rejected()).isEqualTo(1);
  }

  @Test
  void refusedEventsSpendNoSeqSoAGapAlwaysMeansLoss() {
    EventLogger logger = Data.logger().mode(ValidationMode.LOG).build();
    logger.log(validCheckout().build());
    logger.log(validCheckout().property("amount", -5).build());
    LoggedEvent next = logger.log(validCheckout().build()).logged();
    assertThat(next.seq()).isEqualTo(2);
  }

  @Test
  void unknownEventAndUnknownVersionAreRejectedByName() {
    EventLogger logger = Data.logger().mode(ValidationMode.LOG).build();
    LogResult unknown = logger.log(Event.builder("no_such_event").userId("u").build());
    LogResult badVersion = logger.log(validCheckout().schemaVersion("9-0-0").build());

    assertThat(unknown.reason()).isEqualTo(RejectReason.UNKNOWN_SCHEMA);
    assertThat(unknown.message()).contains("no_such_event").contains("logline/schemas/events/no_such_event/");
    assertThat(badVersion.reason()).isEqualTo(RejectReason.UNKNOWN_SCHEMA);
    assertThat(badVersion.message()).contains("9-0-0");
    // a known name with an unknown version stays refused after the name's known versions were resolved
    assertThat(logger.log(validCheckout().schemaVersion("1-0-0").build()).isAccepted()).isTrue();
    assertThat(logger.log(validCheckout().schemaVersion("9-0-0").build()).reason()).isEqualTo(RejectReason.UNKNOWN_SCHEMA);
    assertThat(logger.log(Event.builder("no_such_event").userId("u").build()).reason())
        .isEqualTo(RejectReason.UNKNOWN_SCHEMA);
    assertThat(logger.stats().rejected(RejectReason.UNKNOWN_SCHEMA)).isEqualTo(4);
  }

  @Test
  void anEventNeedsAUserOrAnAnonymousId() {
    EventLogger logger = Data.logger().mode(ValidationMode.LOG).build();
    LogResult result = logger.log(validCheckout().userId(null).build());
    assertThat(result.reason()).isEqualTo(RejectReason.INVALID_ENVELOPE);
    assertThat(result.message()).contains("user_id or anonymous_id is required");
  }

  @Test
  void validationOffSkipsSchemaChecksButKeepsEnvelopeRules() {
    EventLogger logger = Data.logger().mode(ValidationMode.OFF).build();
    assertThat(logger.log(validCheckout().property("amount", "ten").build()).isAccepted()).isTrue();
    assertThat(logger.log(validCheckout().userId(null).build()).reason()).isEqualTo(RejectReason.INVALID_ENVELOPE);
  }

  @Test
  void anOversizedLineIsRejectedBeforeItTakesASeq() {
    EventLogger logger = Data.logger().mode(ValidationMode.LOG).maxLineBytes(1024).build();
    LogResult result = logger.log(Event.builder("golden_case").userId("u").property("blob", "x".repeat(2000)).build());
    assertThat(result.reason()).isEqualTo(RejectReason.LINE_TOO_LONG);
    assertThat(result.message()).contains("maxLineBytes=1024");
    assertThat(logger.log(validCheckout().build()).logged().seq()).isEqualTo(1);
  }

  @Test
  void aDisabledEventsLoggerIsARejectionNotASilentDrop() {
    Logger slf4j = (Logger) LoggerFactory.getLogger("events-off");
    slf4j.setLevel(Level.OFF);
    EventLogger logger = Data.logger().mode(ValidationMode.LOG).loggerName("events-off").build();
    LogResult result = logger.log(validCheckout().build());
    assertThat(result.reason()).isEqualTo(RejectReason.LOGGER_DISABLED);
    assertThat(logger.stats().rejected(RejectReason.LOGGER_DISABLED)).isEqualTo(1);
    assertThat(deadLetters.messages()).anyMatch(m -> m.contains("events-off"));

    EventLogger strict = Data.logger().mode(ValidationMode.STRICT).loggerName("events-off").build();
    assertThatThrownBy(() -> strict.log(validCheckout().build()))
        .isInstanceOf(EventException.class)
        .hasMessageContaining("'events-off' is disabled at INFO")
        .satisfies(t -> assertThat(((EventException) t).kind()).isEqualTo(EventException.Kind.LOGGER_DISABLED));
  }

  @Test
  void aFailureBelowLoglineIsCountedNotThrownInLogMode() {
    EventLogger logger = Data.logger().mode(ValidationMode.LOG).build();
    try (EventTaps.Registration ignored = EventTaps.register((e, r) -> {})) {
      assertThatCode(() -> logger.log(null)).doesNotThrowAnyException();
    }
    assertThat(logger.stats().rejected(RejectReason.INTERNAL_ERROR)).isEqualTo(1);
  }

  @Test
  void strictModeWrapsAFailureBelowLoglineInAnEventExceptionWithTheOriginalAsCause() {
    java.time.Clock broken = new java.time.Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public java.time.Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public java.time.Instant instant() {
        throw new IllegalStateException("clock broken");
      }

      @Override
      public long millis() {
        throw new IllegalStateException("clock broken");
      }
    };
    EventLogger strict = Data.logger().mode(ValidationMode.STRICT).clock(broken).build();

    assertThatThrownBy(() -> strict.log(validCheckout().build()))
        .isInstanceOf(EventException.class)
        .hasMessageContaining("event 'checkout_completed' not logged: unexpected java.lang.IllegalStateException: clock broken")
        .hasCauseInstanceOf(IllegalStateException.class)
        .satisfies(t -> assertThat(((EventException) t).kind()).isEqualTo(EventException.Kind.INTERNAL_ERROR));
    assertThatThrownBy(() -> strict.log(null))
        .isInstanceOf(EventException.class)
        .hasCauseInstanceOf(NullPointerException.class);
    assertThat(strict.stats().rejected(RejectReason.INTERNAL_ERROR)).isEqualTo(2);
  }

  @Test
  void statsListEveryReasonIncludingZeroes() {
    EventLoggerStats stats = Data.logger().build().stats();
    assertThat(stats.rejectedByReason()).containsOnlyKeys(RejectReason.values());
    assertThat(stats.rejected()).isZero();
  }

  @Test
  void requestContextFillsUserAndContextOfEventsLoggedDeepInServices() {
    EventLogger logger = Data.logger().build();
    RequestContext request = RequestContext.builder().userId("u-ctx").sessionId("s-ctx").requestId("r-ctx").build();
    LoggedEvent logged;
    try (RequestContext.Scope ignored = request.open()) {
      logged = logger.log(validCheckout().userId(null).build()).logged();
    }
    assertThat(logged.userId()).isEqualTo("u-ctx");
    assertThat(logged.sessionId()).isEqualTo("s-ctx");
    assertThat(logged.context().requestId()).isEqualTo("r-ctx");
    assertThat(logged.toString()).contains("\"request_id\":\"r-ctx\"");
  }

  @Test
  void fieldsOnTheEventWinOverTheRequestContext() {
    EventLogger logger = Data.logger().build();
    try (RequestContext.Scope ignored = RequestContext.builder().userId("u-ctx").requestId("r-ctx").build().open()) {
      LoggedEvent logged = logger.log(validCheckout().userId("u-event")
          .context(EventContext.builder().requestId("r-event").build()).build()).logged();
      assertThat(logged.userId()).isEqualTo("u-event");
      assertThat(logged.context().requestId()).isEqualTo("r-event");
    }
  }

  @Test
  void concurrentLoggingHandsOutEverySeqExactlyOnce() throws Exception {
    EventLogger logger = Data.logger().mode(ValidationMode.LOG).build();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Long> seqs = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 4; t++) {
      pool.execute(() -> {
        for (int i = 0; i < 500; i++) {
          seqs.add(logger.log(validCheckout().build()).logged().seq());
        }
      });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(new java.util.TreeSet<>(seqs)).hasSize(2000).first().isEqualTo(1L);
    assertThat(new java.util.TreeSet<>(seqs).last()).isEqualTo(2000L);
    assertThat(logger.stats().logged()).isEqualTo(2000);
  }

  @Test
  void tapsSeeAcceptedAndRejectedEvents() {
    EventLogger logger = Data.logger().mode(ValidationMode.LOG).build();
    ConcurrentHashMap<String, Boolean> seen = new ConcurrentHashMap<>();
    try (EventTaps.Registration ignored = EventTaps.register((e, r) -> seen.put(e.name() + ":" + r.isAccepted(), true))) {
      logger.log(validCheckout().build());
      logger.log(validCheckout().property("amount", "x").build());
    }
    logger.log(validCheckout().build());
    assertThat(seen.keySet()).containsExactlyInAnyOrder("checkout_completed:true", "checkout_completed:false");
  }

  @Test
  void builderRequiresAnApp() {
    assertThatThrownBy(() -> EventLogger.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessage("Attribute 'app' cannot be null");
  }

  @Test
  void fluentLogNeedsALoggerBoundBuilder() {
    assertThatThrownBy(() -> Event.builder("x").log()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("EventLogger.event(name)");
  }

  @Test
  void fluentTryLogNeverThrowsEvenInStrictModeWhileFluentLogDoes() {
    EventLogger logger = Data.logger().mode(ValidationMode.STRICT).build();

    LogResult refused = logger.event("checkout_completed").user("u-1").property("order_id", "o-1")
        .property("amount", "ten").property("currency", "EUR").tryLog();
    assertThat(refused.isAccepted()).isFalse();
    assertThat(refused.reason()).isEqualTo(RejectReason.SCHEMA_VIOLATION);
    assertThat(refused.violations()).extracting("pointer").containsExactly("/amount");
    assertThat(deadLetters.messages()).singleElement().asString().contains("\"event\":\"checkout_completed\"");

    assertThatThrownBy(() -> logger.event("checkout_completed").user("u-1").property("order_id", "o-1")
        .property("amount", "ten").property("currency", "EUR").log())
        .isInstanceOf(EventException.class).hasMessageContaining("/amount");
    assertThat(logger.stats().rejected(RejectReason.SCHEMA_VIOLATION)).isEqualTo(2);
    assertThatThrownBy(() -> Event.builder("x").tryLog()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anAcceptedResultIsTheLoggedEventItselfAndARejectedOneSaysWhy() {
    EventLogger logger = Data.logger().mode(ValidationMode.LOG).build();
    LogResult accepted = logger.log(validCheckout().build());
    LogResult rejected = logger.log(validCheckout().property("currency", "euro").build());

    assertThat(accepted).isInstanceOf(LoggedEvent.class);
    assertThat(accepted.logged()).isSameAs(accepted);
    assertThat(accepted.reason()).isNull();
    assertThat(accepted.message()).isNull();
    assertThat(accepted.violations()).isEmpty();
    assertThat(accepted.eventId()).isEqualTo(accepted.logged().eventId());
    assertThat(accepted.toString()).isEqualTo(events.messages().get(0)).startsWith("{\"envelope\"");

    assertThat(rejected.logged()).isNull();
    assertThat(rejected.toString()).startsWith("rejected SCHEMA_VIOLATION: ").contains("/currency");
  }

  @Test
  void aBuilderLoggedTwiceLogsTwoEventsAndTheFirstNeverChanges() {
    EventLogger logger = Data.logger().build();
    Event.Builder b = logger.event("checkout_completed").user("u-1").property("order_id", "o-1")
        .property("amount", 1.5).property("currency", "EUR").property("items", 2);
    LoggedEvent first = b.log().logged();
    String firstLine = first.toString();
    LoggedEvent second = b.property("amount", 2.5).property("coupon", "X").removeProperty("items").log().logged();

    assertThat(first.properties()).containsExactly(
        Map.entry("amount", 1.5), Map.entry("currency", "EUR"), Map.entry("items", 2L), Map.entry("order_id", "o-1"));
    assertThat(first.toString()).isEqualTo(firstLine);
    assertThat(second.properties()).containsExactly(
        Map.entry("amount", 2.5), Map.entry("coupon", "X"), Map.entry("currency", "EUR"), Map.entry("order_id", "o-1"));
    assertThat(second.seq()).isEqualTo(first.seq() + 1);
    assertThat(second.eventId()).isNotEqualTo(first.eventId());
  }

  @Test
  void theLoggedEventCarriesTheBuildersValuesAsTheyWereWhenLogged() {
    EventLogger logger = Data.logger().build();
    UUID id = UUID.fromString("0191f6a0-2c3e-7d4f-8a1b-2c3d4e5f6a7b");
    Instant sent = Data.T0.plusMillis(500);
    Instant received = Data.T0.plusMillis(900);
    Event.Builder b = logger.event("checkout_completed").eventId(id).user("u-1").sentAt(sent).receivedAt(received)
        .occurredAt(Data.T0).property("order_id", "o-1").property("amount", 1).property("currency", "EUR");
    LoggedEvent logged = b.log().logged();
    b.eventId(null).sentAt(null).receivedAt(null).user("u-2");

    assertThat(logged.name()).isEqualTo("checkout_completed");
    assertThat(logged.eventId()).isEqualTo(id);
    assertThat(logged.userId()).isEqualTo("u-1");
    assertThat(logged.sentAt()).isEqualTo(sent);
    assertThat(logged.receivedAt()).isEqualTo(received);
    assertThat(logged.correctedAtMillis()).isEqualTo(received.toEpochMilli() - 500);
  }

  @Test
  void tapsSeeTheEventAsTheCallerBuiltItOnTheFluentPathToo() {
    EventLogger logger = Data.logger().mode(ValidationMode.LOG).build();
    List<Event> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (EventTaps.Registration ignored = EventTaps.register((e, r) -> seen.add(e))) {
      logger.event("checkout_completed").user("u-1").property("order_id", "o-1").property("amount", 1)
          .property("currency", "EUR").log();
      logger.event("checkout_completed").user("u-1").property("amount", "x").log();
    }
    assertThat(seen).hasSize(2);
    assertThat(seen.get(0).eventId()).as("unset by the caller; stamped only on the logged event").isNull();
    assertThat(seen.get(0).properties()).containsKeys("order_id", "amount", "currency");
    assertThat(seen.get(1).properties()).containsEntry("amount", "x");
  }

  @Test
  void metricsFollowTheLoggersCountersWithEveryReasonRegisteredAtZero() {
    EventLogger logger = Data.logger().mode(ValidationMode.LOG).build();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    new EventLoggerMetrics(logger, Tags.of("region", "eu")).bindTo(registry);

    logger.log(Data.checkout());
    logger.log(Data.checkout());
    logger.log(Event.builder("checkout_completed").userId("u-1").property("order_id", "o-1")
        .property("amount", 10.0).property("currency", "euro").build());

    String app = logger.producer().app();
    assertThat(registry.get("logline.events.logged").tags("app", app, "region", "eu").functionCounter().count())
        .isEqualTo(2.0);
    assertThat(registry.get("logline.events.rejected").tag("reason", "schema_violation").functionCounter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("logline.events.rejected").functionCounters()).hasSize(RejectReason.values().length);
    assertThat(registry.get("logline.events.rejected").tag("reason", "unknown_schema").functionCounter().count())
        .isZero();
  }

  @Test
  void metricsRefuseANullLoggerAtOnce() {
    assertThatThrownBy(() -> new EventLoggerMetrics(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("logger == null");
  }
}
