package dev.logline.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many clients at once: every event logged exactly once, seq without gaps, duplicates across requests caught. */
class ConcurrentIngestTest {
  static final int CLIENTS = 8;
  static final int REQUESTS = 25;
  static final int PER_REQUEST = 4;

  @Test
  void concurrentBatchesAreAllLoggedOnceWithAGaplessSeq(@TempDir Path dir) throws Exception {
    try (TestServer s = new TestServer(dir, c -> { })) {
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      List<Future<List<String>>> futures = new ArrayList<>();
      for (int t = 0; t < CLIENTS; t++) {
        futures.add(pool.submit(() -> {
          List<String> ids = new ArrayList<>();
          for (int r = 0; r < REQUESTS; r++) {
            String[] events = new String[PER_REQUEST];
            for (int e = 0; e < PER_REQUEST; e++) {
              String id = Bodies.uuid();
              ids.add(id);
              events[e] = Bodies.pageViewed(id);
            }
            Http.Reply reply = Http.post(s, Bodies.batch(events));
            assertThat(reply.status()).isEqualTo(202);
            assertThat(reply.json().get("accepted").asInt()).isEqualTo(PER_REQUEST);
          }
          return ids;
        }));
      }
      Set<String> sent = new HashSet<>();
      for (Future<List<String>> f : futures) sent.addAll(f.get());
      pool.shutdown();

      List<JsonNode> lines = s.events();
      Set<String> logged = new HashSet<>();
      List<Long> seqs = new ArrayList<>();
      for (JsonNode line : lines) {
        logged.add(line.get("event_id").asText());
        seqs.add(line.at("/producer/seq").asLong());
      }
      assertThat(lines).hasSize(CLIENTS * REQUESTS * PER_REQUEST);
      assertThat(logged).isEqualTo(sent);
      assertThat(seqs).containsExactlyInAnyOrderElementsOf(
          java.util.stream.LongStream.rangeClosed(1, lines.size()).boxed().toList());
    }
  }

  @Test
  void theSameEventRacedFromManyClientsIsLoggedOnce(@TempDir Path dir) throws Exception {
    try (TestServer s = new TestServer(dir, c -> { })) {
      String id = Bodies.uuid();
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < CLIENTS * 4; i++) {
        answers.add(pool.submit(() -> Http.post(s, Bodies.pageViewed(id)).json().at("/results/0/status").asText()));
      }
      List<String> statuses = new ArrayList<>();
      for (Future<String> f : answers) statuses.add(f.get());
      pool.shutdown();
      assertThat(statuses).containsOnlyOnce("accepted").containsOnly("accepted", "duplicate");
      assertThat(s.events()).hasSize(1);
    }
  }
}
