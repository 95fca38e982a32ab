package dev.logline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.logline.schema.Violation;
import java.util.Map;
import java.util.TreeMap;
import org.everit.json.schema.ValidationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** B2 compares validators that agree: the same schema, the same event, the same verdicts. */
class ValidationBenchmarkTest {
  private final ValidationBenchmark bench = new ValidationBenchmark();

  @BeforeEach
  void setUp() {
    bench.setUp();
  }

  @Test
  void everyPathAcceptsTheTypicalEvent() throws Exception {
    assertThat(bench.validateLoglineRegistry()).isEmpty();
    assertThat(bench.validateNetworkntJsonNode()).isEmpty();
    assertThat(bench.parseIngestThenLoglineRegistry()).isEmpty();
    assertThat(bench.parseJacksonTreeThenNetworknt()).isEmpty();
    assertThat(bench.validateNetworkntFromJavaModel()).isEmpty();
    assertThat(bench.parseIngestThenNetworkntFromJavaModel()).isEmpty();
    bench.validateEveritOrgJson();
    bench.parseOrgJsonThenEverit();
  }

  @Test
  void theIngestParserHandsTheValidatorTheTypicalProperties() {
    assertThat(bench.parsedByIngest()).isEqualTo(new TreeMap<>(TypicalEvent.properties()));
  }

  @Test
  void theJavaModelConvertsToTheTreeJacksonParses() {
    // same text: readTree makes an IntNode where the model holds a Long; validators see the same number
    assertThat(JavaModelNodes.toNode(bench.javaModel).toString()).isEqualTo(bench.jsonNode.toString());
  }

  @Test
  void everyValidatorRefusesTheSameBadEvent() throws Exception {
    Map<String, Object> bad = new TreeMap<>(TypicalEvent.properties());
    bad.put("currency", "euro");
    bench.javaModel = bad;
    bench.orgJson.put("currency", "euro");
    ((com.fasterxml.jackson.databind.node.ObjectNode) bench.jsonNode).put("currency", "euro");

    assertThat(bench.validateLoglineRegistry()).extracting(Violation::pointer).containsExactly("/currency");
    assertThat(bench.validateNetworkntJsonNode()).hasSize(1);
    assertThat(bench.validateNetworkntFromJavaModel()).hasSize(1);
    assertThatThrownBy(bench::validateEveritOrgJson).isInstanceOf(ValidationException.class);
  }
}
