package dev.logline.schema.internal;

import java.util.Arrays;

/**
 * An exact, allocation-free matcher for the simple anchored patterns schemas mostly use ({@code ^[A-Z]{3}$},
 * {@code ^[a-z0-9_]+$}, {@code ^\d{5}$}): the {@code java.util.regex} check of such short strings was measured at
 * ~2.5% of logging an event. {@link #compile} accepts a pattern only when it fully understands it and greedy
 * left-to-right matching is provably the only way to match; {@link #matches} then answers exactly what
 * {@code Pattern.compile(regex).matcher(s).find()} (everit's semantics) answers. Anything else returns null and
 * stays with the regex.
 *
 * <p>Grammar: {@code ^}, then atoms each optionally followed by one greedy quantifier ({@code {n}}, {@code {n,m}},
 * {@code {n,}}, {@code +}, {@code *}, {@code ?}), then {@code $}. An atom is a class {@code [...]} of printable ASCII
 * literals and ranges (escapes {@code \d \w \- \. \_ \\ \] \[}), {@code \d}, {@code \w}, an ASCII letter or digit,
 * one of {@code - _ : @ / , =} and space, or one of the escapes {@code \. \- \+ \/ \\ \( \) \[ \] \{ \} \* \? \| \^
 * \$}. Each atom is a set of ASCII chars (two longs) with a minimum and maximum count.
 */
final class SimplePattern {
  /** Counts at most this large; larger ones are left to the regex. */
  static final int MAX_COUNT = 1_000_000;
  private static final int UNBOUNDED = Integer.MAX_VALUE;
  private static final long DIGITS = 0x03FF_0000_0000_0000L; // '0'..'9' in the low word
  private static final long[] WORD = {DIGITS, 0x07FF_FFFE_87FF_FFFEL}; // digits; A-Z, '_', a-z
  private static final String LITERALS = "-_:@/,= ";
  private static final String ESCAPED = ".-+/\\()[]{}*?|^$";
  private static final String CLASS_ESCAPED = "-._\\][";

  private final String source;
  // atom i: chars in (low[i], high[i]), between min[i] and max[i] of them
  private final long[] low;
  private final long[] high;
  private final int[] min;
  private final int[] max;

  private SimplePattern(String source, long[] low, long[] high, int[] min, int[] max) {
    this.source = source;
    this.low = low;
    this.high = high;
    this.min = min;
    this.max = max;
  }

  /** The matcher of {@code regex}, or null when it is outside the grammar or could need backtracking. */
  static SimplePattern compile(String regex) {
    if (regex == null) {
      return null;
    }
    Parser p = new Parser(regex);
    try {
      return p.parse();
    } catch (NotSimple e) {
      return null;
    }
  }

  /** Exactly {@code Pattern.compile(regex).matcher(s).find()}; never allocates. */
  boolean matches(String s) {
    int n = s.length();
    int i = 0;
    for (int a = 0; a < min.length; a++) {
      long lo = low[a];
      long hi = high[a];
      int most = max[a];
      int count = 0;
      while (count < most && i < n && contains(lo, hi, s.charAt(i))) {
        i++;
        count++;
      }
      if (count < min[a]) {
        return false;
      }
    }
    // Java's $ (no MULTILINE) also matches before one final line terminator; no atom's set holds one, so the
    // greedy loop stopped before it and no '\r' precedes a '\n' here
    int rest = n - i;
    if (rest == 0) {
      return true;
    }
    char c = s.charAt(i);
    if (rest == 1) {
      return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }
    return rest == 2 && c == '\r' && s.charAt(i + 1) == '\n';
  }

  private static boolean contains(long lo, long hi, char c) {
    return c < 64 ? (lo >>> c & 1) != 0 : c < 128 && (hi >>> (c - 64) & 1) != 0;
  }

  @Override
  public String toString() {
    return source;
  }

  private static final class Parser {
    private final String re;
    private int pos;
    private final long[] set = new long[2];

    Parser(String re) {
      this.re = re;
    }

    SimplePattern parse() throws NotSimple {
      int end = re.length() - 1;
      if (end < 1 || re.charAt(0) != '^') {
        throw new NotSimple();
      }
      pos = 1;
      int size = 0;
      long[] low = new long[4];
      long[] high = new long[4];
      int[] min = new int[4];
      int[] max = new int[4];
      while (true) {
        if (pos >= re.length()) {
          throw new NotSimple(); // no closing $
        }
        char c = re.charAt(pos);
        if (c == '$') {
          if (pos != end) {
            throw new NotSimple();
          }
          break;
        }
        set[0] = 0;
        set[1] = 0;
        atom();
        int lo = 1;
        int hi = 1;
        if (pos < re.length()) {
          char q = re.charAt(pos);
          if (q == '+') {
            hi = UNBOUNDED;
            pos++;
          } else if (q == '*') {
            lo = 0;
            hi = UNBOUNDED;
            pos++;
          } else if (q == '?') {
            lo = 0;
            pos++;
          } else if (q == '{') {
            pos++;
            lo = number();
            hi = lo;
            if (peek() == ',') {
              pos++;
              hi = peek() == '}' ? UNBOUNDED : number();
            }
            if (peek() != '}' || hi < lo) {
              throw new NotSimple();
            }
            pos++;
          }
          // a second quantifier (reluctant ?, possessive +, or {..}) is not an atom: the next round rejects it
        }
        if (size == min.length) {
          low = Arrays.copyOf(low, size * 2);
          high = Arrays.copyOf(high, size * 2);
          min = Arrays.copyOf(min, size * 2);
          max = Arrays.copyOf(max, size * 2);
        }
        low[size] = set[0];
        high[size] = set[1];
        min[size] = lo;
        max[size] = hi;
        size++;
      }
      // Greedy is the only way when a variable atom can never give a char to what follows it: its set is disjoint
      // from every later atom up to and including the first that must take at least one char (the atoms in between
      // may take none, so any of them could start right after it).
      for (int a = 0; a < size; a++) {
        if (min[a] == max[a]) {
          continue;
        }
        for (int b = a + 1; b < size; b++) {
          if ((low[a] & low[b]) != 0 || (high[a] & high[b]) != 0) {
            throw new NotSimple();
          }
          if (min[b] > 0) {
            break;
          }
        }
      }
      return new SimplePattern(re, Arrays.copyOf(low, size), Arrays.copyOf(high, size),
          Arrays.copyOf(min, size), Arrays.copyOf(max, size));
    }

    private int peek() {
      return pos < re.length() ? re.charAt(pos) : -1;
    }

    private int number() throws NotSimple {
      int start = pos;
      long n = 0;
      while (pos < re.length() && re.charAt(pos) >= '0' && re.charAt(pos) <= '9') {
        n = n * 10 + (re.charAt(pos) - '0');
        if (n > MAX_COUNT) {
          throw new NotSimple();
        }
        pos++;
      }
      if (pos == start) {
        throw new NotSimple();
      }
      return (int) n;
    }

    /** One atom into {@link #set}. */
    private void atom() throws NotSimple {
      char c = re.charAt(pos++);
      if (c == '[') {
        charClass();
      } else if (c == '\\') {
        char e = escaped();
        if (e == 'd') {
          digits();
        } else if (e == 'w') {
          word();
        } else if (ESCAPED.indexOf(e) >= 0) {
          add(e);
        } else {
          throw new NotSimple();
        }
      } else if (c < 128 && (Character.isLetterOrDigit(c) || LITERALS.indexOf(c) >= 0)) {
        add(c);
      } else {
        throw new NotSimple();
      }
    }

    private char escaped() throws NotSimple {
      if (pos >= re.length()) {
        throw new NotSimple();
      }
      return re.charAt(pos++);
    }

    /** After '['. Unescaped '-' only first, last, or between two single chars; no '^', '&', nested '['. */
    private void charClass() throws NotSimple {
      boolean first = true;
      while (true) {
        if (pos >= re.length()) {
          throw new NotSimple();
        }
        char c = re.charAt(pos++);
        if (c == ']') {
          if (first) {
            throw new NotSimple(); // Java reads "[]" as the start of a class holding ']'
          }
          return;
        }
        int single; // the char, or -1 after a \d or \w
        if (c == '\\') {
          char e = escaped();
          if (e == 'd') {
            digits();
            single = -1;
          } else if (e == 'w') {
            word();
            single = -1;
          } else if (CLASS_ESCAPED.indexOf(e) >= 0) {
            single = e;
          } else {
            throw new NotSimple();
          }
        } else if (c == '-') {
          if (!first && peek() != ']') {
            throw new NotSimple();
          }
          single = c;
        } else if (c == '[' || c == '^' || c == '&' || c < 0x20 || c > 0x7E) {
          throw new NotSimple();
        } else {
          single = c;
        }
        first = false;
        boolean range = peek() == '-' && pos + 1 < re.length() && re.charAt(pos + 1) != ']';
        if (!range) {
          if (single >= 0) {
            add((char) single);
          }
          continue;
        }
        if (single < 0) {
          throw new NotSimple(); // "[\d-z]": Java reads a literal '-'; not worth mirroring
        }
        pos++; // the '-'
        char to = re.charAt(pos++);
        if (to == '\\') {
          to = escaped();
          if (CLASS_ESCAPED.indexOf(to) < 0) {
            throw new NotSimple();
          }
        } else if (to == '[' || to == '^' || to == '&' || to == '-' || to < 0x20 || to > 0x7E) {
          throw new NotSimple();
        }
        if (to < single) {
          throw new NotSimple();
        }
        for (int x = single; x <= to; x++) {
          add((char) x);
        }
      }
    }

    private void add(char c) {
      if (c < 64) {
        set[0] |= 1L << c;
      } else {
        set[1] |= 1L << (c - 64);
      }
    }

    private void digits() {
      set[0] |= DIGITS;
    }

    private void word() {
      set[0] |= WORD[0];
      set[1] |= WORD[1];
    }
  }

  /** The pattern is outside the grammar. */
  private static final class NotSimple extends Exception {
    private static final long serialVersionUID = 1L;

    NotSimple() {
      super(null, null, false, false);
    }
  }
}
