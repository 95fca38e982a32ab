package dev.logline.archive;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every alert callback as a string, for assertions. */
public final class RecordingAlerts implements ArchiveAlerts {
  public final List<String> calls = new CopyOnWriteArrayList<>();

  @Override
  public void raised(Condition condition, ArchiveHealth health) {
    calls.add("raised " + condition);
  }

  @Override
  public void cleared(Condition condition, ArchiveHealth health) {
    calls.add("cleared " + condition);
  }

  @Override
  public void quarantined(Path file, FailureCause cause, String message) {
    calls.add("quarantined " + file.getFileName() + " " + cause);
  }
}
