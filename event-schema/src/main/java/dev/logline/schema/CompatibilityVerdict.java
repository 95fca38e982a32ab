package dev.logline.schema;

import java.util.ArrayList;
import java.util.List;

/** How two schema versions differ: the most severe {@link ChangeKind} and one sentence per finding. */
public final class CompatibilityVerdict {
  private final ChangeKind kind;
  private final List<SchemaDiff.Finding> findings;

  private CompatibilityVerdict(ChangeKind kind, List<SchemaDiff.Finding> findings) {
    this.kind = kind;
    this.findings = findings;
  }

  static CompatibilityVerdict of(List<SchemaDiff.Finding> findings) {
    ChangeKind kind = ChangeKind.NONE;
    for (SchemaDiff.Finding f : findings) {
      if (f.kind().compareTo(kind) > 0) {
        kind = f.kind();
      }
    }
    return new CompatibilityVerdict(kind, List.copyOf(findings));
  }

  /** The most severe change found; {@link ChangeKind#NONE} when no datum's validity changes. */
  public ChangeKind kind() {
    return kind;
  }

  /** One sentence per finding, naming the property path, in schema order. */
  public List<String> reasons() {
    List<String> out = new ArrayList<>();
    for (SchemaDiff.Finding f : findings) {
      out.add(f.reason());
    }
    return List.copyOf(out);
  }

  /** The reasons more severe than {@code kind}. */
  List<String> reasonsAbove(ChangeKind kind) {
    List<String> out = new ArrayList<>();
    for (SchemaDiff.Finding f : findings) {
      if (f.kind().compareTo(kind) > 0) {
        out.add(f.reason());
      }
    }
    return List.copyOf(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CompatibilityVerdict v && v.kind == kind && v.findings.equals(findings);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + findings.hashCode();
  }

  @Override
  public String toString() {
    return kind + " " + reasons();
  }
}
