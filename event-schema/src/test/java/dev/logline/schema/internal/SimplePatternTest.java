package dev.logline.schema.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.everit.json.schema.Schema;
import org.everit.json.schema.ValidationException;
import org.everit.json.schema.loader.SchemaLoader;
import org.json.JSONObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimplePatternTest {
  /** What everit answers for a {@code pattern}: java.util.regex, no flags, find(). */
  private static boolean java(String regex, String s) {
    return Pattern.compile(regex).matcher(s).find();
  }

  private static final String[] LINE_TERMINATORS = {"\n", "\r\n", "\r", "\u0085", "\u2028", "\u2029"};

  @Nested
  class Grammar {
    @ParameterizedTest
    @ValueSource(strings = {"^[A-Z]{3}$", "^[A-Z]{2}$", "^[a-z0-9_]+$", "^\\d{5}$", "^[a-z]+-[0-9]+$", "^v\\d+\\.\\d+$",
        "^[a-z]{2}-\\d{3}$", "^\\w{1,64}$", "^[A-Za-z][A-Za-z0-9_-]*$", "^[-a-z]+$", "^[a-z.]+@[a-z]+$", "^a?b{0,}$",
        "^[\\d\\-\\.\\_\\\\\\]\\[]{2,}$", "^\\$\\{\\}\\*\\?\\|\\^\\(\\)\\+\\/$", "^x:y@z/w,v=u t$", "^$", "^[!-~]$"})
    void understoodPatternsCompile(String regex) {
      assertThat(SimplePattern.compile(regex)).as(regex).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // not anchored at both ends
        "[A-Z]{3}", "^[A-Z]{3}", "[A-Z]{3}$", "^[A-Z]{3}\\$", "^a$$", "a^b$", "^",
        // groups, alternation, any char, negation, nested classes, intersections, other escapes and flags
        "^(ab)+$", "^a|b$", "^(?i)abc$", "^(?=a)a$", "^(a)\\1$", "^a.b$", "^[^a]$", "^[a[b]]$", "^[a-z&&[^b]]$",
        "^[a&b]$", "^[a^]$", "^\\s+$", "^\\D$", "^\\W$", "^\\bx$", "^\\n$", "^\\t$", "^\\Qa\\E$", "^\\p{Alpha}$",
        "^[\\s]$", "^[\\n]$", "^[]a]$", "^[]$", "^[a$", "^a\\$", "^é$", "^[é]$", "^a]$", "^a}$", "^#$", "^a\tb$",
        // '-' in a class only first, last or as a range between two chars
        "^[a-z-0]$", "^[\\d-z]$", "^[a-\\d]$", "^[z-a]$",
        // quantifiers: malformed, reluctant, possessive, doubled, huge
        "^a{2,1}$", "^a{,3}$", "^a{$", "^a{x}$", "^a{ 2}$", "^a{2}{3}$", "^a+?$", "^a*?$", "^a??$", "^a{2}?$",
        "^a*+$", "^a++$", "^a{1,2}+$", "^*a$", "^+$", "^a{2000000}$",
        // greedy would not be the only way
        "^[a-z]*a$", "^\\w+\\d$", "^a+a$", "^[0-9]{1,3}\\d$", "^a*b?a$", "^a?b*c{0,2}a$"})
    void everythingElseIsNotSupported(String regex) {
      assertThat(SimplePattern.compile(regex)).as(regex).isNull();
    }

    @Test
    void aVariableAtomMustBeDisjointFromEveryAtomThatCouldStartAfterIt() {
      // the next atom alone is not enough: b? may take nothing, and java finds "a" + "" + "a"
      assertThat(java("^a*b?a$", "aa")).isTrue();
      assertThat(SimplePattern.compile("^a*b?a$")).isNull();
      // fixed counts impose nothing; a mandatory atom in between shields what comes after it
      assertThat(SimplePattern.compile("^a{2}a{3}$")).isNotNull();
      assertThat(SimplePattern.compile("^a*b?ca$")).isNotNull();
    }

    @Test
    void nullIsNotAPattern() {
      assertThat(SimplePattern.compile(null)).isNull();
    }
  }

  @Nested
  class Matching {
    @Test
    void currencyCode() {
      SimplePattern p = SimplePattern.compile("^[A-Z]{3}$");
      assertThat(p.matches("EUR")).isTrue();
      assertThat(p.matches("EURO")).isFalse();
      assertThat(p.matches("EU")).isFalse();
      assertThat(p.matches("eur")).isFalse();
      assertThat(p.matches("")).isFalse();
      assertThat(p.matches("ÉUR")).isFalse();
      assertThat(p.matches(" EUR")).isFalse();
    }

    @Test
    void dollarAlsoMatchesBeforeOneFinalLineTerminatorAsInJava() {
      SimplePattern p = SimplePattern.compile("^[A-Z]{3}$");
      for (String t : LINE_TERMINATORS) {
        assertThat(java("^[A-Z]{3}$", "ABC" + t)).as("java, %s", escape(t)).isTrue();
        assertThat(p.matches("ABC" + t)).as(escape(t)).isTrue();
      }
      for (String notOne : new String[] {"\n\n", "\r\r", "\n\r", "\r\n\n", "\u000B", "\f", " ", "\u2028\n"}) {
        assertThat(java("^[A-Z]{3}$", "ABC" + notOne)).as("java, %s", escape(notOne)).isFalse();
        assertThat(p.matches("ABC" + notOne)).as(escape(notOne)).isFalse();
      }
      assertThat(p.matches("AB\nC")).isFalse();
      assertThat(p.matches("\nABC")).isFalse();
      SimplePattern empty = SimplePattern.compile("^$");
      assertThat(empty.matches("")).isTrue();
      assertThat(empty.matches("\r\n")).isTrue();
      assertThat(empty.matches("\n\n")).isFalse();
    }

    @Test
    void countsAndShorthands() {
      SimplePattern p = SimplePattern.compile("^v\\d+\\.\\d{1,2}-[a-z_]*$");
      assertThat(p.matches("v1.0-")).isTrue();
      assertThat(p.matches("v12.34-rc_")).isTrue();
      assertThat(p.matches("v12.345-")).isFalse();
      assertThat(p.matches("v.1-")).isFalse();
      assertThat(p.matches("v1x0-")).isFalse();
      SimplePattern w = SimplePattern.compile("^\\w{2,3}$");
      assertThat(w.matches("a_")).isTrue();
      assertThat(w.matches("Z9_")).isTrue();
      assertThat(w.matches("a-")).isFalse();
      assertThat(w.matches("abcd")).isFalse();
      assertThat(w.matches("a\uD83D\uDE00")).isFalse();
    }
  }

  /**
   * Random patterns of the grammar, with some atoms and quantifiers just outside it, against java.util.regex on
   * strings grown near their matches. Whatever compiles must agree with java on every string; a clean pattern must
   * compile exactly when greedy is provably the only way; a pattern java rejects must not compile.
   */
  @Nested
  class Differential {
    private static final int PATTERNS = 5000;
    private static final int STRINGS_PER_PATTERN = 60;
    private static final String PLAIN = "abcxyzABCXYZ0189_:@/,= ";
    private static final String CLASS_PLAIN = "abcmxyzABMZ0189_:@/,= .$*+?(){}|#!~'\"<>%";
    private static final String NOISE = "aZ09_- .\\É\u00e9\t\n\r\u0085\u2028\u2029\u0000\u007f~";

    private final Random random = new Random(20240611L);
    private final Map<String, BitSet> alphabets = new HashMap<>();

    /** One generated atom with its quantifier; {@code clean} when inside the grammar. */
    private record Atom(String text, String quantifier, int min, int max, boolean clean) {
    }

    @Test
    void agreesWithJavaUtilRegexOnEveryString() {
      int compiled = 0;
      int clean = 0;
      int notGreedy = 0;
      int javaRejected = 0;
      int withVariableAtom = 0;
      int checks = 0;
      int javaTrue = 0;
      int trueBeforeTerminator = 0;
      for (int n = 0; n < PATTERNS; n++) {
        List<Atom> atoms = atoms();
        boolean anchored = random.nextInt(40) > 3;
        String regex = anchored ? anchored(atoms) : unanchored(atoms);
        boolean isClean = anchored && atoms.stream().allMatch(Atom::clean);
        Pattern java;
        try {
          java = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
          javaRejected++;
          assertThat(SimplePattern.compile(regex)).as("java rejects %s", regex).isNull();
          continue;
        }
        SimplePattern simple = SimplePattern.compile(regex);
        if (isClean) {
          clean++;
          boolean greedy = greedyIsTheOnlyWay(atoms);
          notGreedy += greedy ? 0 : 1;
          assertThat(simple != null).as("compiles exactly when greedy is the only way: %s", regex).isEqualTo(greedy);
        }
        if (simple == null) {
          continue;
        }
        compiled++;
        withVariableAtom += atoms.stream().anyMatch(a -> a.min != a.max) ? 1 : 0;
        Matcher m = java.matcher("");
        for (int k = 0; k < STRINGS_PER_PATTERN; k++) {
          String s = string(atoms);
          boolean expected = m.reset(s).find();
          assertThat(simple.matches(s)).as("%s on \"%s\"", regex, escape(s)).isEqualTo(expected);
          checks++;
          if (expected) {
            javaTrue++;
            if (!s.isEmpty() && "\n\r\u0085\u2028\u2029".indexOf(s.charAt(s.length() - 1)) >= 0) {
              trueBeforeTerminator++;
            }
          }
        }
      }
      System.out.printf("SimplePattern differential: %d patterns, %d clean (%d of them not greedy-only), %d rejected"
          + " by java, %d compiled (%d with a variable count), %d strings checked, %d matched (%d before a final line"
          + " terminator)%n", PATTERNS, clean, notGreedy, javaRejected, compiled, withVariableAtom, checks, javaTrue,
          trueBeforeTerminator);
      assertThat(compiled).as("patterns that compiled").isGreaterThan(PATTERNS / 3);
      assertThat(withVariableAtom).as("compiled patterns with a variable count").isGreaterThan(PATTERNS / 6);
      assertThat(notGreedy).as("clean patterns refused for needing backtracking").isGreaterThan(PATTERNS / 100);
      assertThat(javaRejected).as("invalid patterns tried").isGreaterThan(PATTERNS / 100);
      assertThat(javaTrue).as("strings that match").isGreaterThan(checks / 5);
      assertThat(checks - javaTrue).as("strings that do not").isGreaterThan(checks / 5);
      assertThat(trueBeforeTerminator).as("matches before a final line terminator").isGreaterThan(checks / 100);
    }

    private List<Atom> atoms() {
      int count = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(4);
      List<Atom> atoms = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String[] text = atomText(); // {text, "clean" or ""}
        boolean clean = !text[1].isEmpty();
        int min;
        int max;
        String q;
        int r = random.nextInt(20);
        if (r < 6) {
          q = "";
          min = 1;
          max = 1;
        } else if (r < 9) {
          min = random.nextInt(4);
          max = min;
          q = "{" + min + "}";
        } else if (r < 11) {
          min = random.nextInt(3);
          max = min + random.nextInt(3);
          q = "{" + min + "," + max + "}";
        } else if (r < 12) {
          min = random.nextInt(3);
          max = Integer.MAX_VALUE;
          q = "{" + min + ",}";
        } else if (r < 14) {
          q = "+";
          min = 1;
          max = Integer.MAX_VALUE;
        } else if (r < 16) {
          q = "*";
          min = 0;
          max = Integer.MAX_VALUE;
        } else if (r < 18) {
          q = "?";
          min = 0;
          max = 1;
        } else {
          String[] odd = {"+?", "*?", "??", "{1,2}?", "*+", "++", "{2}{1}", "{2,1}", "{,2}", "{", "{1", "{ 1}",
              "{x}", "{1,2", "{1000001}"};
          q = odd[random.nextInt(odd.length)];
          min = 1;
          max = 2;
          clean = false;
        }
        atoms.add(new Atom(text[0], q, min, max, clean));
      }
      return atoms;
    }

    private String anchored(List<Atom> atoms) {
      StringBuilder b = new StringBuilder("^");
      atoms.forEach(a -> b.append(a.text).append(a.quantifier));
      return b.append('$').toString();
    }

    private String unanchored(List<Atom> atoms) {
      StringBuilder b = new StringBuilder();
      atoms.forEach(a -> b.append(a.text).append(a.quantifier));
      String[] forms = {b.toString(), "^" + b, b + "$", "^" + b + "\\$"};
      return forms[random.nextInt(forms.length)];
    }

    private String[] atomText() {
      int r = random.nextInt(30);
      if (r < 12) {
        return characterClass();
      } else if (r < 14) {
        return new String[] {random.nextBoolean() ? "\\d" : "\\w", "clean"};
      } else if (r < 22) {
        return new String[] {String.valueOf(pick(PLAIN)), "clean"};
      } else if (r < 26) {
        return new String[] {"\\" + pick(".-+/\\()[]{}*?|^$"), "clean"};
      }
      String[] odd = {".", "(a)", "(?:ab)", "a|b", "|", "\\s", "\\D", "\\W", "\\S", "\\b", "\\n", "\\t", "\\1", "}",
          "]", "$", "^", "é", "\\Qa\\E", "#", "\\p{Lower}", "\\x41", "\\u0041", "&", "\"", "'", "[^a-c]"};
      return new String[] {odd[random.nextInt(odd.length)], ""};
    }

    private String[] characterClass() {
      StringBuilder b = new StringBuilder("[");
      boolean clean = true;
      if (random.nextInt(30) == 0) {
        b.append('^');
        clean = false;
      }
      if (random.nextInt(8) == 0) {
        b.append('-');
      }
      int items = 1 + random.nextInt(3);
      for (int i = 0; i < items; i++) {
        int r = random.nextInt(12);
        if (r < 4) {
          char from = pick(CLASS_PLAIN);
          char to = (char) Math.min(0x7E, from + random.nextInt(8));
          if (to == '\\' || to == '[' || to == ']' || to == '^' || to == '&' || to == '-') {
            to = from;
          }
          b.append(from).append('-').append(to);
        } else if (r < 7) {
          b.append(pick(CLASS_PLAIN));
        } else if (r < 9) {
          b.append('\\').append(pick("dw-._\\]["));
        } else if (r < 10) {
          String[] ranges = {"a-z", "A-Z", "0-9", "a-f", " -/", "!-~", "\\.-9", "0-\\\\", "Z-\\]"};
          b.append(ranges[random.nextInt(ranges.length)]);
        } else {
          String[] odd = {"a-z-0", "\\d-z", "a-\\d", "z-a", "a&&b", "[b]", "\\s", "é", "a^", "--/", "&", "a-"};
          b.append(odd[random.nextInt(odd.length)]);
          clean = false;
        }
      }
      if (random.nextInt(8) == 0) {
        b.append('-');
      }
      b.append(']');
      if (random.nextInt(60) == 0) {
        return new String[] {random.nextBoolean() ? "[]a]" : "[a", ""};
      }
      return new String[] {b.toString(), clean ? "clean" : ""};
    }

    /** The ASCII chars an atom matches, asked of java.util.regex one char at a time. */
    private BitSet alphabet(String atom) {
      return alphabets.computeIfAbsent(atom, a -> {
        BitSet set = new BitSet();
        try {
          Matcher m = Pattern.compile(a).matcher("");
          for (char c = 0; c < 128; c++) {
            if (m.reset(String.valueOf(c)).matches()) {
              set.set(c);
            }
          }
        } catch (PatternSyntaxException e) {
          // not an atom on its own: strings get noise only
        }
        return set;
      });
    }

    /** The rule, restated: no variable atom shares a char with any atom that could take the char after it. */
    private boolean greedyIsTheOnlyWay(List<Atom> atoms) {
      for (int a = 0; a < atoms.size(); a++) {
        if (atoms.get(a).min == atoms.get(a).max) {
          continue;
        }
        for (int b = a + 1; b < atoms.size(); b++) {
          if (alphabet(atoms.get(a).text).intersects(alphabet(atoms.get(b).text))) {
            return false;
          }
          if (atoms.get(b).min > 0) {
            break;
          }
        }
      }
      return true;
    }

    /** A string near the pattern: counts around the bounds, members of each atom, sometimes noise and endings. */
    private String string(List<Atom> atoms) {
      if (random.nextInt(25) == 0) {
        return "";
      }
      StringBuilder b = new StringBuilder();
      if (random.nextInt(30) == 0) {
        b.append(pick(NOISE));
      }
      for (Atom a : atoms) {
        BitSet alphabet = alphabet(a.text);
        int top = (int) Math.min(a.max, a.min + 3L);
        int count = a.min + random.nextInt(top - a.min + 1);
        if (random.nextInt(15) == 0) {
          count += random.nextBoolean() ? 1 : -1;
        }
        for (int i = 0; i < count; i++) {
          if (alphabet.isEmpty() || random.nextInt(40) == 0) {
            b.append(pick(NOISE));
          } else {
            b.append(member(alphabet));
          }
        }
      }
      switch (random.nextInt(16)) {
        case 0:
        case 1:
        case 2:
          b.append(LINE_TERMINATORS[random.nextInt(LINE_TERMINATORS.length)]);
          break;
        case 3:
          b.append(random.nextBoolean() ? "\n\n" : "\r\n\n");
          break;
        case 4:
          b.append(pick(NOISE));
          break;
        case 5:
          if (b.length() > 0) {
            b.insert(random.nextInt(b.length()), LINE_TERMINATORS[random.nextInt(LINE_TERMINATORS.length)]);
          }
          break;
        case 6:
          b.append("\uD83D\uDE00");
          break;
        default:
          break;
      }
      return b.toString();
    }

    private char member(BitSet alphabet) {
      int k = random.nextInt(alphabet.cardinality());
      int c = alphabet.nextSetBit(0);
      for (int i = 0; i < k; i++) {
        c = alphabet.nextSetBit(c + 1);
      }
      return (char) c;
    }

    private char pick(String chars) {
      return chars.charAt(random.nextInt(chars.length()));
    }
  }

  /** FastValidator with a pattern: the same verdicts as everit, which stays the authority. */
  @Nested
  class InFastValidator {
    @ParameterizedTest
    @ValueSource(strings = {"^[A-Z]{3}$", "^[a-z]{2}-\\d{3}$", "^v\\d+\\.\\d+$", "^[a-z0-9_]+$", "[0-9]"})
    void sameVerdictsAsEverit(String regex) {
      String json = "{\"type\":\"object\",\"properties\":{\"p\":{\"type\":\"string\",\"pattern\":"
          + JSONObject.quote(regex) + "}},\"additionalProperties\":false}";
      FastValidator fast = FastValidator.compile(new JSONObject(json));
      assertThat(fast).isNotNull();
      assertThat(SimplePattern.compile(regex) != null).as("simple").isEqualTo(!regex.equals("[0-9]"));
      Schema everit = SchemaLoader.builder().draftV7Support().schemaJson(new JSONObject(json)).build().load().build();
      int valid = 0;
      for (String s : new String[] {"EUR", "ABC\n", "ABC\r\n", "ABC\u2028", "ABC\n\n", "EURO", "eur", "", "ÉUR",
          "AB\nC", "ab-123", "ab-123\n", "ab-1234", "Ab-123", "v1.2", "v10.20\r", "v1.", "v1x2", "a_1", "a-1", "7"}) {
        Map<String, Object> value = Map.of("p", s);
        boolean everitValid = everitAccepts(everit, value);
        valid += everitValid ? 1 : 0;
        assertThat(fast.isDefinitelyValid(value)).as("%s on \"%s\"", regex, escape(s)).isEqualTo(everitValid);
      }
      assertThat(valid).as("some strings match %s", regex).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aTrailingNewlinePassesBothAsJavaDollarAllowsIt() {
      String json = "{\"type\":\"object\",\"properties\":{\"currency\":{\"type\":\"string\","
          + "\"pattern\":\"^[A-Z]{3}$\"}}}";
      FastValidator fast = FastValidator.compile(new JSONObject(json));
      Schema everit = SchemaLoader.builder().draftV7Support().schemaJson(new JSONObject(json)).build().load().build();
      assertThat(everitAccepts(everit, Map.of("currency", "ABC\n"))).isTrue();
      assertThat(fast.isDefinitelyValid(Map.of("currency", "ABC\n"))).isTrue();
      assertThat(everitAccepts(everit, Map.of("currency", "ABCD"))).isFalse();
      assertThat(fast.isDefinitelyValid(Map.of("currency", "ABCD"))).isFalse();
    }

    private boolean everitAccepts(Schema everit, Map<String, Object> value) {
      try {
        everit.validate(new JSONObject(value));
        return true;
      } catch (ValidationException e) {
        return false;
      }
    }
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      b.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return b.toString();
  }
}
