package dev.logline.servlet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class Utf8Test {

  private static boolean jdkAccepts(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  @Test
  void agreesWithTheJdksStrictDecoderOnRandomMostlyAsciiBytes() {
    SplittableRandom random = new SplittableRandom(11);
    byte[][] pieces = {
        "a".getBytes(StandardCharsets.UTF_8), "é".getBytes(StandardCharsets.UTF_8), "日".getBytes(StandardCharsets.UTF_8),
        "🎉".getBytes(StandardCharsets.UTF_8), {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xC3}, {(byte) 0xFF}};
    int invalid = 0;
    for (int round = 0; round < 20_000; round++) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      int n = random.nextInt(40);
      for (int i = 0; i < n; i++) {
        // Mostly ASCII, so the eight-byte skip is exercised on both sides of every kind of byte.
        byte[] piece = random.nextInt(10) < 7 ? pieces[0] : pieces[random.nextInt(pieces.length)];
        out.write(piece, 0, piece.length);
      }
      byte[] bytes = out.toByteArray();
      boolean ours = Utf8.firstInvalid(bytes, bytes.length) < 0;
      if (!ours) invalid++;
      assertThat(ours).as("bytes %s", java.util.Arrays.toString(bytes)).isEqualTo(jdkAccepts(bytes));
    }
    assertThat(invalid).as("the corpus has invalid cases").isGreaterThan(1000);
  }

  @Test
  void reportsTheOffsetOfTheFirstBadByteAfterAsciiRuns() {
    byte[] bytes = ("0123456789abcdefghij" + "x").getBytes(StandardCharsets.US_ASCII);
    bytes[17] = (byte) 0xC0;
    assertThat(Utf8.firstInvalid(bytes, bytes.length)).isEqualTo(17);
    assertThat(Utf8.firstInvalid(bytes, 17)).as("only the given length counts").isEqualTo(-1);
  }
}
