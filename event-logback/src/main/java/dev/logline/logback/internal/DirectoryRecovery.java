package dev.logline.logback.internal;

import dev.logline.core.Producer;
import dev.logline.logback.FileManifest;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Finishes what earlier runs left in a directory: unfinished {@code .jsonl} files, temporaries,
 * sources whose {@code .jsonl.gz} already exists, {@code .jsonl.gz} files without a manifest.
 * Only files whose name matches {@link FileName} are touched.
 */
public final class DirectoryRecovery {
  /** Where recovery reports to. */
  public interface Callback {
    void finished(FileFinisher.Result result);

    void info(String message);

    void warn(String message);

    void error(String message, Throwable cause);
  }

  private final Path directory;
  private final FileFinisher finisher;
  private final long orphanGraceMillis;
  private final Callback callback;

  public DirectoryRecovery(Path directory, FileFinisher finisher, long orphanGraceMillis, Callback callback) {
    this.directory = Objects.requireNonNull(directory, "directory == null");
    this.finisher = Objects.requireNonNull(finisher, "finisher == null");
    this.orphanGraceMillis = orphanGraceMillis;
    this.callback = Objects.requireNonNull(callback, "callback == null");
  }

  /** One pass over the directory; never throws (failures go to the callback and are retried next pass). */
  public void run() {
    List<Path> sources = new ArrayList<>();
    List<Path> gzs = new ArrayList<>();
    List<Path> tmps = new ArrayList<>();
    List<Path> journals = new ArrayList<>();
    List<Path> abandonedJournals = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        if (Journal.isJournal(file.getFileName().toString())) {
          journals.add(file);
          continue;
        }
        if (Journal.isTemporary(file.getFileName().toString())) {
          abandonedJournals.add(file);
          continue;
        }
        FileName name = FileName.parse(file.getFileName().toString());
        if (name == null) continue;
        switch (name.suffix()) {
          case FileName.ACTIVE: sources.add(file); break;
          case FileName.GZ: gzs.add(file); break;
          case FileName.GZ_TMP:
          case FileName.MANIFEST_TMP: tmps.add(file); break;
          default: break;
        }
      }
    } catch (IOException e) {
      callback.error("cannot list " + directory + " for recovery: " + e, e);
      return;
    }
    journals.sort(null);
    for (Path journal : journals) {
      try {
        replay(journal);
      } catch (IOException | RuntimeException e) {
        callback.error("cannot replay " + journal.getFileName() + " (kept, retried later): " + e, e);
      }
    }
    for (Path temporary : abandonedJournals) {
      String journal = temporary.getFileName().toString();
      if (isThisJvm(Journal.instanceOf(journal.substring(0, journal.lastIndexOf('.'))))) {
        continue; // being made right now
      }
      try {
        if (Journal.deleteAbandoned(temporary)) {
          callback.info("removed " + journal + ", a journal a process died making");
        }
      } catch (IOException | RuntimeException e) {
        callback.error("cannot remove " + journal + ": " + e, e);
      }
    }
    sources.sort(null);
    for (Path source : sources) {
      try {
        recoverSource(source);
      } catch (IOException | RuntimeException e) {
        callback.error("recovery of " + source.getFileName() + " failed (kept for the next start): " + e, e);
      }
    }
    for (Path gz : gzs) {
      try {
        FileName name = FileName.parse(gz.getFileName().toString());
        Path manifest = gz.resolveSibling(name.withSuffix(FileName.MANIFEST));
        Path source = gz.resolveSibling(name.withSuffix(FileName.ACTIVE));
        if (Files.exists(gz) && !Files.exists(manifest) && !Files.exists(source)) {
          FileManifest m = FileFinisher.regenerateManifest(gz);
          callback.warn("regenerated the missing manifest of " + gz.getFileName() + " (" + m.lines() + " lines)");
        }
      } catch (IOException | RuntimeException e) {
        callback.error("cannot regenerate the manifest of " + gz.getFileName() + ": " + e, e);
      }
    }
    for (Path tmp : tmps) {
      try {
        sweep(tmp);
      } catch (IOException | RuntimeException e) {
        callback.error("cannot remove stray " + tmp.getFileName() + ": " + e, e);
      }
    }
  }

  /**
   * Appends to its file what a journal of a process that is gone holds beyond the file's end: before
   * the file is finished, so the lines are in its {@code .jsonl.gz}.
   */
  private void replay(Path journal) throws IOException {
    if (!isThisJvm(Journal.instanceOf(journal.getFileName().toString()))) {
      long age = System.currentTimeMillis() - Files.getLastModifiedTime(journal).toMillis();
      if (age < orphanGraceMillis) {
        return; // its lock keeps a live process on this host safe, not one on another host sharing the directory
      }
    }
    Journal.Replayed result = Journal.replay(journal);
    if (result.outcome == Journal.Replay.REPLAYED) {
      callback.info("appended " + result.bytes + " bytes from " + journal.getFileName() + " to "
          + result.file.getFileName() + " (lines a killed process had logged but not yet drained)");
    }
  }

  private void recoverSource(Path source) throws IOException {
    if (Ownership.isOwned(source) || !Files.exists(source)) {
      return;
    }
    FileName name = FileName.parse(source.getFileName().toString());
    if (!isThisJvm(name.instance())) {
      long age = System.currentTimeMillis() - Files.getLastModifiedTime(source).toMillis();
      if (age < orphanGraceMillis) {
        return; // possibly a live process on this host or another: its writer finishes it
      }
    }
    if (!Ownership.claimFile(source)) {
      return;
    }
    try {
      Path gz = source.resolveSibling(name.withSuffix(FileName.GZ));
      Path manifestPath = source.resolveSibling(name.withSuffix(FileName.MANIFEST));
      if (Files.exists(gz)) {
        FileManifest manifest = readQuietly(manifestPath);
        if (manifest != null && FileFinisher.verify(gz, manifest)) {
          // crashed between rename and delete: the .gz is complete and proven
          Files.delete(source);
          callback.info("removed " + source.getFileName() + ": its verified " + gz.getFileName() + " exists");
          return;
        }
        callback.warn(gz.getFileName() + " does not match its manifest; rebuilding it from " + source.getFileName());
        Files.deleteIfExists(gz);
      }
      FileFinisher.Result result = finisher.finish(source);
      if (result != null) {
        callback.info("recovered " + source.getFileName() + " -> " + result.gz().getFileName()
            + " (" + result.manifest().lines() + " lines)");
        callback.finished(result);
      }
    } finally {
      Ownership.releaseFile(source);
    }
  }

  private void sweep(Path tmp) throws IOException {
    FileName name = FileName.parse(tmp.getFileName().toString());
    Path source = tmp.resolveSibling(name.withSuffix(FileName.ACTIVE));
    Path gz = tmp.resolveSibling(name.withSuffix(FileName.GZ));
    if (Files.exists(source)) {
      return; // its source is being written or finished, or kept for a later pass: the next finish overwrites it
    }
    if (FileName.MANIFEST_TMP.equals(name.suffix()) || Files.exists(gz)) {
      Files.deleteIfExists(tmp);
      callback.info("removed stray " + tmp.getFileName());
    } else {
      // the source is deleted only after the rename, so this should not exist: keep it for a human
      callback.warn("kept " + tmp.getFileName() + ": neither its source nor its .jsonl.gz exists");
    }
  }

  private static FileManifest readQuietly(Path manifest) {
    try {
      return Files.exists(manifest) ? FileManifest.read(manifest) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static boolean isThisJvm(String instance) {
    return instance.startsWith(FileName.sanitize(Producer.PROCESS_INSTANCE)) || Ownership.isInstanceClaimed(instance);
  }
}
