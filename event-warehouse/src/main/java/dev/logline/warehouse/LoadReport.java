package dev.logline.warehouse;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** What one {@link WarehouseLoader#load()} did, file by file and row by row. Immutable. */
public final class LoadReport {
  /** A file that was not loaded, and why. Nothing of it is in the warehouse. */
  public static final class Rejection {
    private final String file;
    private final String reason;

    public Rejection(String file, String reason) {
      this.file = Objects.requireNonNull(file, "file == null");
      this.reason = Objects.requireNonNull(reason, "reason == null");
    }

    /** Path relative to the archive root. */
    public String file() { return file; }
    public String reason() { return reason; }

    @Override
    public String toString() {
      return file + ": " + reason;
    }
  }

  private final int filesSeen;
  private final int filesLoaded;
  private final int filesSkipped;
  private final List<Rejection> rejected;
  private final long rowsRead;
  private final long rowsInserted;
  private final long duplicatesSkipped;
  private final List<SeqGap> gaps;
  private final boolean rebuilt;
  private final Duration elapsed;

  LoadReport(int filesSeen, int filesLoaded, int filesSkipped, List<Rejection> rejected, long rowsRead,
      long rowsInserted, long duplicatesSkipped, List<SeqGap> gaps, boolean rebuilt, Duration elapsed) {
    this.filesSeen = filesSeen;
    this.filesLoaded = filesLoaded;
    this.filesSkipped = filesSkipped;
    this.rejected = List.copyOf(rejected);
    this.rowsRead = rowsRead;
    this.rowsInserted = rowsInserted;
    this.duplicatesSkipped = duplicatesSkipped;
    this.gaps = List.copyOf(gaps);
    this.rebuilt = rebuilt;
    this.elapsed = elapsed;
  }

  /** {@code .jsonl.gz} files found under the archive root. */
  public int filesSeen() { return filesSeen; }
  /** Files verified and committed with their rows in this run. */
  public int filesLoaded() { return filesLoaded; }
  /** Files whose SHA-256 was already in the ledger {@value Warehouse#LEDGER_TABLE}. */
  public int filesSkipped() { return filesSkipped; }
  /** Files refused whole, with the reason. */
  public List<Rejection> rejected() { return rejected; }
  /** Lines read from the loaded files. */
  public long rowsRead() { return rowsRead; }
  /** Rows new to {@value Warehouse#EVENTS_TABLE}. */
  public long rowsInserted() { return rowsInserted; }
  /** Lines of loaded files whose {@code event_id} was already stored (retries, at-least-once shipping). */
  public long duplicatesSkipped() { return duplicatesSkipped; }
  /** Seq gaps over everything in the warehouse after this run: empty means nothing is missing. */
  public List<SeqGap> gaps() { return gaps; }
  /** Whether the tables were rebuilt from the archive and replaced the old ones. */
  public boolean rebuilt() { return rebuilt; }
  public Duration elapsed() { return elapsed; }

  /** True when no file was rejected and no seq gap exists. */
  public boolean isClean() {
    return rejected.isEmpty() && gaps.isEmpty();
  }

  /** A human-readable, multi-line summary (what the CLI prints). */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(256);
    sb.append(rebuilt ? "rebuild" : "load").append(" finished in ").append(elapsed.toMillis()).append(" ms\n");
    sb.append("files: seen ").append(filesSeen).append(", loaded ").append(filesLoaded)
        .append(", skipped (already loaded) ").append(filesSkipped)
        .append(", rejected ").append(rejected.size()).append('\n');
    sb.append("rows: read ").append(rowsRead).append(", inserted ").append(rowsInserted)
        .append(", duplicate event_ids skipped ").append(duplicatesSkipped).append('\n');
    for (Rejection r : rejected) {
      sb.append("rejected ").append(r).append('\n');
    }
    if (gaps.isEmpty()) {
      sb.append("seq gaps: none\n");
    } else {
      long missing = 0;
      for (SeqGap g : gaps) missing += g.missing();
      sb.append("seq gaps: ").append(gaps.size()).append(" (").append(missing).append(" events missing)\n");
      for (SeqGap g : gaps) {
        sb.append("gap ").append(g).append('\n');
      }
    }
    return sb.toString();
  }
}
