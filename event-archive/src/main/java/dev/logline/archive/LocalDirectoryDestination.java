package dev.logline.archive;

import dev.logline.archive.internal.Digests;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * Archives into a local or mounted directory, the zero-setup default. Each object is copied to a
 * temporary file in its target directory, fsynced, read back (size and SHA-256) and renamed
 * atomically into place, so the archive never holds a partial object. The same bytes under the same
 * key again is a no-op; other bytes under an existing key are a {@link FailureCause#CONFLICT}.
 */
public final class LocalDirectoryDestination implements ArchiveDestination {
  private final Path root;

  /** Archives under {@code root}, creating it when missing. */
  public LocalDirectoryDestination(Path root) {
    this.root = Objects.requireNonNull(root, "root == null").toAbsolutePath().normalize();
  }

  /** The archive's root directory. */
  public Path root() {
    return root;
  }

  @Override
  public void put(ArchiveObject object) throws ArchiveException {
    Path target = resolve(object.key());
    Path manifestTarget = resolve(object.manifestKey());
    try {
      if (!contains(object)) {
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
          Files.copy(object.file(), tmp, StandardCopyOption.REPLACE_EXISTING);
          fsync(tmp);
          Digests back = Digests.of(tmp);
          if (back.size() != object.size() || !back.sha256().equals(object.sha256())) {
            throw new ArchiveException(FailureCause.VERIFY_FAILED, object.key() + ": copy reads back as "
                + back.size() + " bytes sha256 " + back.sha256() + ", expected " + object.size() + " bytes sha256 "
                + object.sha256());
          }
          publish(tmp, target, object);
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
      byte[] json = object.manifestJson();
      if (!Files.exists(manifestTarget) || !Arrays.equals(Files.readAllBytes(manifestTarget), json)) {
        Path tmp = manifestTarget.resolveSibling("." + manifestTarget.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
          write(tmp, json);
          Files.move(tmp, manifestTarget, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          fsync(manifestTarget.getParent());
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
    } catch (ArchiveException e) {
      throw e;
    } catch (AccessDeniedException e) {
      throw new ArchiveException(FailureCause.REJECTED, object.key() + ": " + e, e);
    } catch (IOException e) {
      throw new ArchiveException(FailureCause.UNAVAILABLE, object.key() + ": " + e, e);
    }
  }

  private void publish(Path tmp, Path target, ArchiveObject object) throws IOException {
    // A hard link publishes atomically and fails if the key exists, so a concurrent writer of other
    // bytes is detected instead of overwritten; rename is the fallback where links are unsupported.
    try {
      Files.createLink(target, tmp);
    } catch (FileAlreadyExistsException e) {
      if (!contains(object)) {
        throw new ArchiveException(FailureCause.CONFLICT, object.key() + " already holds other bytes");
      }
      return;
    } catch (UnsupportedOperationException | IOException e) {
      if (Files.exists(target)) throw e;
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e2) {
        Files.move(tmp, target);
      }
    }
    fsync(target.getParent());
  }

  @Override
  public boolean contains(ArchiveObject object) throws ArchiveException {
    Path target = resolve(object.key());
    try {
      if (!Files.exists(target)) return false;
      Digests there = Digests.of(target);
      if (there.size() == object.size() && there.sha256().equals(object.sha256())) return true;
      throw new ArchiveException(FailureCause.CONFLICT, object.key() + " already holds other bytes ("
          + there.size() + " bytes, sha256 " + there.sha256() + "), refusing to overwrite with " + object.size()
          + " bytes sha256 " + object.sha256());
    } catch (ArchiveException e) {
      throw e;
    } catch (IOException e) {
      throw new ArchiveException(FailureCause.UNAVAILABLE, object.key() + ": " + e, e);
    }
  }

  @Override
  public String describe() {
    return "directory " + root;
  }

  private Path resolve(String key) throws ArchiveException {
    Path p = root.resolve(key).normalize();
    if (!p.startsWith(root)) {
      throw new ArchiveException(FailureCause.REJECTED, "key escapes the archive root: " + key);
    }
    return p;
  }

  private static void write(Path file, byte[] bytes) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) ch.write(buf);
      ch.force(true);
    }
  }

  static void fsync(Path path) throws IOException {
    boolean dir = Files.isDirectory(path);
    try (FileChannel ch = FileChannel.open(path, dir ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
      ch.force(true);
    } catch (IOException e) {
      // Some platforms cannot open directories for fsync; the data file itself was forced.
      if (!dir) throw e;
    }
  }

  @Override
  public String toString() {
    return describe();
  }
}
