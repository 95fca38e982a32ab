package dev.logline.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidsTest {

  @Test
  void formatsAsciiBytesExactlyLikeUuidToStringAtTheOffsetGiven() {
    byte[] buf = new byte[Uuids.LENGTH + 3];
    for (int i = 0; i < 100_000; i++) {
      UUID uuid = i % 2 == 0 ? UUID.randomUUID() : new UUID(i * 0x9E3779B97F4A7C15L, ~i * 31L);
      buf[0] = 'x';
      buf[Uuids.LENGTH + 2] = 'y';
      assertThat(Uuids.format(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits(), buf, 2))
          .isEqualTo(Uuids.LENGTH);
      String written = new String(buf, StandardCharsets.US_ASCII);
      if (!written.substring(2, 2 + Uuids.LENGTH).equals(uuid.toString()) || buf[0] != 'x' || buf[38] != 'y') {
        assertThat(written).isEqualTo("x" + (char) buf[1] + uuid + "y");
      }
    }
  }

  @Test
  void v7CarriesVersionVariantAndTheMillisecondTimestamp() {
    long millis = 1_764_230_130_123L;
    UUID id = Uuids.v7(millis);
    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
  }

  @Test
  void v7IdsSortByTime() {
    UUID earlier = Uuids.v7(1_000_000L);
    UUID later = Uuids.v7(1_000_001L);
    assertThat(earlier.toString()).isLessThan(later.toString());
  }

  @Test
  void parseReadsTheCanonicalFormInEitherCase() {
    for (int i = 0; i < 10_000; i++) {
      UUID uuid = UUID.randomUUID();
      assertThat(Uuids.parse(uuid.toString())).isEqualTo(uuid);
      assertThat(Uuids.parse(uuid.toString().toUpperCase(java.util.Locale.ROOT))).isEqualTo(uuid);
    }
  }

  @Test
  void parseRefusesWhatUuidFromStringWouldStretch() {
    for (String text : new String[] {
        "1-1-1-1-1", "0192f3c1-7a2b-7c3d-8e4f-5a6b7c8d9e0", "0192f3c1-7a2b-7c3d-8e4f-5a6b7c8d9e0ff",
        "0192f3c1x7a2b-7c3d-8e4f-5a6b7c8d9e0f", "0192f3c1-7a2b-7c3d-8e4f-5a6b7c8d9e0g", "",
        "0192f3c1-7a2b-7c3d-8e4f-5a6b7c8d9e0\uff10"}) { // a fullwidth digit
      assertThat(Uuids.parse(text)).as(text).isNull();
    }
  }
}
