package dev.logline.archive;

/**
 * Where finished files go. Implementations must be idempotent and verifying: {@link #put} returns
 * only once the object is durably stored with the given size and SHA-256 and the manifest sits next
 * to it; putting the same object again is a cheap success; a key that already holds other bytes is
 * an {@link ArchiveException} with {@link FailureCause#CONFLICT}, never an overwrite.
 *
 * <p>Called from the archiver's single worker thread.
 */
public interface ArchiveDestination extends AutoCloseable {
  /**
   * Stores {@code object}, verified.
   *
   * @throws ArchiveException with the cause to count; the archiver retries all but CONFLICT
   */
  void put(ArchiveObject object) throws ArchiveException;

  /**
   * Whether {@code object.key()} already holds exactly these bytes (size and SHA-256), e.g. after a
   * process was killed between the upload and the local mark.
   */
  boolean contains(ArchiveObject object) throws ArchiveException;

  /** A short description for logs and health, without secrets. */
  String describe();

  @Override
  default void close() {}
}
