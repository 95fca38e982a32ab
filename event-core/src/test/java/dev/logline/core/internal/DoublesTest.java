package dev.logline.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast path writes exactly what Jackson's shortest-representation writer writes, or declines. */
class DoublesTest {
  private final char[] buf = new char[Doubles.MAX_LENGTH];

  /** Jackson with USE_FAST_DOUBLE_WRITER, as CanonicalLineWriter configures it. */
  private static String jackson(double value) {
    return NumberOutput.toString(value, true);
  }

  /** Returns the fast path's text, or null when it declined. */
  private String fast(double value) {
    int n = Doubles.format(value, buf, 0);
    return n < 0 ? null : new String(buf, 0, n);
  }

  private void assertAgreesIfTaken(double value) {
    String fast = fast(value);
    if (fast != null && !fast.equals(jackson(value))) {
      assertThat(fast).as("value bits %x", Double.doubleToRawLongBits(value)).isEqualTo(jackson(value));
    }
  }

  @Test
  void everyAmountInCentsUpToTenThousandIsTakenAndMatchesJackson() {
    for (long cents = -1_000_000; cents <= 1_000_000; cents++) {
      double value = cents / 100.0;
      String fast = fast(value);
      if (cents != 0 && (fast == null || !fast.equals(jackson(value)))) {
        assertThat(fast).as("cents %d", cents).isEqualTo(jackson(value));
      }
    }
  }

  @Test
  void thousandthsAndLargeAmountsMatchJackson() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 1_000_000; i++) {
      long scaled = random.nextLong(1, 10_000_000_000L);
      int k = random.nextInt(4);
      double value = scaled / new double[] {1, 10, 100, 1000}[k];
      String fast = fast(value);
      if (value >= 1e-3 && value < 1e7) {
        if (fast == null || !fast.equals(jackson(value))) {
          assertThat(fast).as("%d / 10^%d", scaled, k).isEqualTo(jackson(value));
        }
      } else {
        assertThat(fast).as("%d / 10^%d is out of range", scaled, k).isNull();
      }
    }
  }

  @Test
  void arbitraryDoublesAreEitherDeclinedOrMatchJackson() {
    SplittableRandom random = new SplittableRandom(11);
    int taken = 0;
    for (int i = 0; i < 2_000_000; i++) {
      double value = i % 2 == 0
          ? Math.pow(10, random.nextDouble(-5, 9)) * (random.nextBoolean() ? 1 : -1)
          : Double.longBitsToDouble(random.nextLong());
      assertAgreesIfTaken(value);
      // results of arithmetic: near-decimals such as 0.1 + 0.2
      double sum = Math.round(value * 100) / 100.0 + 0.1;
      assertAgreesIfTaken(sum);
      if (fast(sum) != null) taken++;
    }
    assertThat(taken).as("sums near decimals take the fast path often").isGreaterThan(100_000);
  }

  @Test
  void edgesOfTheRange() {
    double[] edges = {
      1e-3, Math.nextDown(1e-3), Math.nextUp(1e-3), 1e7, Math.nextDown(1e7), 9_999_999.999, 9_999_999.99,
      0.1 + 0.2, 1.005, 2.675, 0.5, 1.0, 3.0, 100.0, 12.5, 129.95, 0.001, 0.009, 0.01, 0.999,
      Double.MIN_VALUE, Double.MAX_VALUE, Double.MIN_NORMAL, 1e22, 1e23, 5e-324
    };
    for (double edge : edges) {
      assertAgreesIfTaken(edge);
      assertAgreesIfTaken(-edge);
    }
    assertThat(fast(129.95)).isEqualTo("129.95");
    assertThat(fast(-12.5)).isEqualTo("-12.5");
    assertThat(fast(3.0)).isEqualTo("3.0");
    assertThat(fast(0.0)).isEqualTo("0.0");
    assertThat(fast(0.001)).isEqualTo("0.001");
    assertThat(fast(9_999_999.999)).isEqualTo("9999999.999");
    assertThat(fast(0.1 + 0.2)).as("needs 17 digits").isNull();
    assertThat(fast(-0.0)).isNull();
    assertThat(fast(Double.NaN)).isNull();
    assertThat(fast(Double.POSITIVE_INFINITY)).isNull();
    assertThat(fast(1e7)).as("Jackson switches to 1.0E7").isNull();
    assertThat(fast(Math.nextDown(1e-3))).isNull();
  }
}
