package dev.logline.logback.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code WriteMode.JOURNAL}: a line is copied into a memory-mapped journal and the call returns; a
 * drainer thread hands the journal's bytes to the active file in large positional writes. A copy
 * into a shared mapping is in the kernel's page cache at once, so a returned write survives a kill
 * of the process without a system call, and the active file stays an ordinary file that ends at its
 * last drained line. After a kill, {@link #replay} appends the undrained tail to the file the
 * journal names, before that file is finished.
 *
 * <p>One journal per appender, reused from file to file, never truncated or grown: it is
 * zero-filled once when created, so a full disk fails there and never as a SIGBUS on a page fault.
 * Layout: a header page (magic, ring size, the named file's base in the ring and committed length,
 * the file's name), then the ring, where byte {@code o} of the named file sits at ring offset
 * {@code (base + o) % ringSize}. A writer waits while the drainer is a whole ring behind, so every
 * byte between the file's length on disk and its committed length is still in the ring.
 *
 * <p>Writers call {@link Sink#write} under the appender's lock; only the drainer thread uses the
 * target file's channel (an interrupt of a channel operation would close it and drop its lock), and
 * nothing here interrupts the drainer.
 */
public final class Journal {
  /** Smallest journal: {@value} bytes. */
  public static final long MIN_SIZE = 1024 * 1024;
  /** Largest journal ring: {@value} bytes (1023 MB: with its header, a mapping indexed by int). */
  public static final long MAX_SIZE = 1023L * 1024 * 1024;
  /** Suffix of journal files; their names start with a dot. */
  public static final String SUFFIX = ".journal";
  private static final String TEMPORARY = ".tmp";

  /** A writer waiting for room, or a close waiting for the drain, gives up after the drainer failed this long. */
  static final long GIVE_UP_NANOS = 1_000_000_000L;

  private static final int HEADER = 4096;
  private static final long MAGIC = 0x4c4c4a524e4c3031L; // "LLJRNL01"
  private static final int MAGIC_AT = 0;
  private static final int SIZE_AT = 8;
  private static final int BASE_AT = 16;
  private static final int COMMITTED_AT = 24;
  private static final int NAME_LENGTH_AT = 32;
  private static final int NAME_AT = 36;
  private static final int MAX_NAME = HEADER - NAME_AT;
  private static final VarHandle LONGS =
      MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
  private static final int SPINS = 200;
  /** The drainer's first nap when it finds nothing to drain; each next one doubles, up to {@link #MAX_NAP_NANOS}. */
  private static final long MIN_NAP_NANOS = 50_000;
  /** Its longest nap: how long a line can wait in the journal before the file has it, under a light load. */
  private static final long MAX_NAP_NANOS = 1_000_000;
  /** After this long without lines it sleeps until a writer wakes it: an idle appender costs no CPU. */
  private static final long SLEEP_AFTER_NANOS = 100_000_000;
  private static final byte[] ZEROS = new byte[1024 * 1024]; // never written to
  private static final Pattern NAME =
      Pattern.compile("\\.([A-Za-z0-9.-]+)_([A-Za-z0-9.-]+)_([A-Za-z0-9.-]+)_(\\d+)\\.journal");

  /** Runs on the drainer before each write; tests use it to hold the drain or make it fail. */
  public interface DrainHook {
    void beforeWrite() throws IOException;
  }

  private static volatile DrainHook drainHook;

  private static volatile IOException createFailure;

  /** For tests only: every {@link #create} in this JVM throws {@code failure}; null removes it. */
  public static void setCreateFailureForTests(IOException failure) {
    createFailure = failure;
  }

  /** For tests only: {@code hook} runs before every drainer write in this JVM; null removes it. */
  public static void setDrainHookForTests(DrainHook hook) {
    drainHook = hook;
  }

  /** Where the drainer reports its write failures (the appender's status, rate-limited there). */
  public interface Reporter {
    void drainFailed(IOException e);
  }

  private final Path path;
  private final RandomAccessFile file;
  @SuppressWarnings("unused") // held for its effect: recovery sees the journal as live
  private final FileLock fileLock;
  private final MappedByteBuffer map;
  private final int ringSize;
  private final Reporter reporter;
  private final Thread drainer;
  private final ByteBuffer drainView; // the drainer's own view of the ring

  // positions count bytes through the journal since it was created; they never wrap
  private long committedPosition; // writers, under the appender's lock
  private volatile long published; // committedPosition, for the drainer
  private volatile long drained;
  private volatile Target target; // the file being drained into; null between files
  private volatile boolean sleeping;
  private volatile boolean closing;
  private volatile IOException drainError;
  private volatile long drainErrorSince;
  private volatile boolean retired;
  private long fileBase; // journal position of the attached file's first byte; under the appender's lock

  private Journal(Path path, RandomAccessFile file, FileLock fileLock, MappedByteBuffer map, int ringSize,
      Reporter reporter, String threadName) {
    this.path = path;
    this.file = file;
    this.fileLock = fileLock;
    this.map = map;
    this.ringSize = ringSize;
    this.reporter = reporter;
    this.drainView = map.duplicate();
    this.drainer = new Thread(this::drainLoop, threadName);
    drainer.setDaemon(true);
  }

  /**
   * Creates the journal at {@code path} (which must not exist) with a ring of {@code ringSize}
   * bytes, zero-filled, mapped and locked, and starts its drainer thread.
   */
  public static Journal create(Path path, long ringSize, Reporter reporter, String threadName) throws IOException {
    if (ringSize < MIN_SIZE || ringSize > MAX_SIZE) {
      throw new IllegalArgumentException("journal size out of range: " + ringSize);
    }
    Objects.requireNonNull(reporter, "reporter == null");
    IOException failure = createFailure;
    if (failure != null) {
      throw failure;
    }
    if (Files.exists(path)) {
      throw new FileAlreadyExistsException(path.toString()); // never reuse a journal: it may hold another file's tail
    }
    // made under a temporary name and renamed once locked and filled: recovery never sees a journal half made
    Path temporary = path.resolveSibling(path.getFileName() + TEMPORARY);
    Files.createFile(temporary);
    RandomAccessFile file = new RandomAccessFile(temporary.toFile(), "rw");
    boolean moved = false;
    try {
      FileChannel channel = file.getChannel();
      FileLock lock = MappedSink.uninterrupted(channel::tryLock);
      if (lock == null) {
        throw new IOException(temporary + " is locked by another process");
      }
      long length = HEADER + ringSize;
      for (long p = 0; p < length; p += ZEROS.length) {
        file.write(ZEROS, 0, (int) Math.min(ZEROS.length, length - p));
      }
      MappedByteBuffer map = MappedSink.uninterrupted(() -> channel.map(FileChannel.MapMode.READ_WRITE, 0, length));
      map.order(ByteOrder.nativeOrder());
      map.putLong(SIZE_AT, ringSize);
      map.putLong(MAGIC_AT, MAGIC);
      // Claimed before it has its name, so recovery in this JVM never sees it unclaimed and never opens it: closing
      // any descriptor of a file drops every lock the process holds on it.
      Ownership.claimFile(path);
      Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE);
      moved = true;
      Journal journal = new Journal(path, file, lock, map, (int) ringSize, reporter, threadName);
      journal.drainer.start();
      return journal;
    } catch (IOException | RuntimeException e) {
      try {
        file.close();
        Files.deleteIfExists(moved ? path : temporary); // nothing was ever written through it
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      } finally {
        Ownership.releaseFile(path);
      }
      throw e;
    }
  }

  /**
   * Deletes a journal's temporary file left by a process that died while making it (nothing was ever written
   * through it); false when a live process holds it.
   */
  public static boolean deleteAbandoned(Path temporary) throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(temporary.toFile(), "rw")) {
      FileLock lock;
      try {
        lock = MappedSink.uninterrupted(file.getChannel()::tryLock);
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        return false;
      }
    }
    return Files.deleteIfExists(temporary);
  }

  /** The journal's file. */
  public Path path() {
    return path;
  }

  /** True once a file was detached with bytes the drainer could not write: the journal is kept for recovery. */
  public boolean retired() {
    return retired;
  }

  /**
   * Names {@code activeFile} (which exists and is empty) as the journal's file and returns the sink
   * that writes to it. Under the appender's lock, with no file attached.
   */
  public Sink attach(Path activeFile) throws IOException {
    if (target != null || retired) {
      throw new IllegalStateException("journal busy or retired");
    }
    byte[] name = activeFile.getFileName().toString().getBytes(StandardCharsets.UTF_8);
    if (name.length > MAX_NAME) {
      throw new IOException("file name longer than " + MAX_NAME + " bytes: " + activeFile.getFileName());
    }
    RandomAccessFile out = new RandomAccessFile(activeFile.toFile(), "rw");
    try {
      FileLock lock = MappedSink.uninterrupted(out.getChannel()::tryLock);
      long base = committedPosition;
      // the committed length is 0 here (a fresh journal, or detach reset it), so a crash while the
      // header changes leaves nothing to replay
      LONGS.setRelease(map, BASE_AT, base);
      fileBase = base;
      map.putInt(NAME_LENGTH_AT, name.length);
      map.put(NAME_AT, name, 0, name.length);
      Target t = new Target(activeFile, out, lock, base);
      target = t;
      return new Sink(t);
    } catch (IOException | RuntimeException e) {
      try {
        out.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  /**
   * Stops the drainer and releases the journal; deletes it unless it was retired. Call after the
   * last file was detached.
   */
  public void close() throws IOException {
    closing = true;
    LockSupport.unpark(drainer);
    boolean interrupted = false;
    while (drainer.isAlive()) {
      try {
        drainer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    MappedSink.Unmapper.unmap(map);
    try {
      file.close();
      if (!retired) {
        Files.deleteIfExists(path);
      }
    } finally {
      Ownership.releaseFile(path); // a retired journal is now recovery's to replay
    }
  }

  private void append(byte[] b, int off, int len) throws IOException {
    if (len > ringSize) {
      throw new IOException("a write of " + len + " bytes is larger than the journal (" + ringSize
          + " bytes): raise journalSize");
    }
    long position = committedPosition;
    long room = position + len - ringSize;
    if (drained < room) {
      awaitDrained(room, "room in the journal");
    }
    int at = (int) (position % ringSize);
    int first = Math.min(len, ringSize - at);
    map.put(HEADER + at, b, off, first);
    if (first < len) {
      map.put(HEADER, b, off + first, len - first);
    }
    position += len;
    committedPosition = position;
    // after the bytes, in program order: a kill can stop the thread between them, never reorder them
    LONGS.setRelease(map, COMMITTED_AT, position - fileBase);
    published = position;
    if (sleeping) {
      LockSupport.unpark(drainer);
    }
  }

  /** Waits until the drainer reached {@code position}; gives up once it has failed for {@link #GIVE_UP_NANOS}. */
  private void awaitDrained(long position, String what) throws IOException {
    int spins = 0;
    while (drained < position) {
      IOException e = drainError;
      if (e != null && System.nanoTime() - drainErrorSince > GIVE_UP_NANOS) {
        throw new IOException("waited for " + what + ", but the drainer cannot write "
            + target.path.getFileName() + ": " + e.getMessage(), e);
      }
      LockSupport.unpark(drainer); // it may be napping: a waiter is worth a system call
      if (++spins < SPINS) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(this, 20_000);
      }
    }
  }

  private void drainLoop() {
    long pause = 0; // the next nap while idle; 0 while lines come
    long idleSince = 0;
    while (true) {
      if (retired) {
        return; // what is left stays in the journal for recovery
      }
      long p = published;
      long d = drained;
      if (p > d) {
        Target t = target; // published moved after the target was set: it is the file of these bytes
        if (t == null) {
          return; // detached with bytes left: retired
        }
        try {
          DrainHook hook = drainHook;
          if (hook != null) {
            hook.beforeWrite();
          }
          int at = (int) (d % ringSize);
          int n = (int) Math.min(p - d, ringSize - at);
          drainView.limit(HEADER + at + n).position(HEADER + at);
          int written = t.channel.write(drainView, d - t.base);
          drained = d + written;
          drainError = null;
          pause = 0;
        } catch (IOException | RuntimeException e) {
          if (drainError == null) {
            drainErrorSince = System.nanoTime();
            reporter.drainFailed(e instanceof IOException ? (IOException) e : new IOException(e));
          }
          drainError = e instanceof IOException ? (IOException) e : new IOException(e);
          LockSupport.parkNanos(this, 50_000_000L); // retried: the bytes stay in the journal
        }
        continue;
      }
      if (closing) {
        return;
      }
      // Idle: nap a little longer each time, and sleep until woken only after a while without lines. A writer
      // wakes only a sleeping drainer: waking costs it a system call, which is what this mode saves.
      if (pause == 0) {
        for (int i = 0; i < SPINS && published == d && !closing; i++) {
          Thread.onSpinWait();
        }
        if (published != d || closing) {
          continue;
        }
        pause = MIN_NAP_NANOS;
        idleSince = System.nanoTime();
      }
      if (System.nanoTime() - idleSince < SLEEP_AFTER_NANOS) {
        LockSupport.parkNanos(this, pause);
        pause = Math.min(2 * pause, MAX_NAP_NANOS);
        continue;
      }
      sleeping = true;
      if (published == d && !closing) {
        LockSupport.park(this);
      }
      sleeping = false;
      pause = 0;
    }
  }

  /** The active file the journal drains into. */
  private static final class Target {
    final Path path;
    final RandomAccessFile file;
    final FileChannel channel;
    @SuppressWarnings("unused") // held for its effect: other processes see the file as live
    final FileLock lock;
    final long base; // journal position of the file's first byte

    Target(Path path, RandomAccessFile file, FileLock lock, long base) {
      this.path = path;
      this.file = file;
      this.channel = file.getChannel();
      this.lock = lock;
      this.base = base;
    }
  }

  /** The sink of one active file. */
  public final class Sink implements LineSink {
    private final Target t;
    private boolean closed;
    private boolean kept;

    private Sink(Target t) {
      this.t = t;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (closed) {
        throw new IOException("sink closed");
      }
      append(b, off, len);
    }

    @Override
    public void flush() {
      // a returned write is already with the OS
    }

    @Override
    public boolean writeThrough() {
      return true;
    }

    /** Drains what was written so far into the file, then forces the file. */
    @Override
    public void force(boolean metaData) throws IOException {
      awaitDrained(committedPosition, "the drain before an fsync");
      t.file.getFD().sync();
    }

    /**
     * Waits for the drain; then, with {@code durable}, forces the file, resets the journal's
     * committed length and releases the file. If the drainer keeps failing, the journal is kept
     * with the undrained bytes ({@link #finishable()} is then false: recovery replays them into
     * the file before finishing it) and a new journal is needed for the next file.
     */
    @Override
    public void close(boolean durable) throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      IOException failure = null;
      try {
        awaitDrained(committedPosition, "the drain of " + t.path.getFileName());
        if (durable) {
          t.file.getFD().sync();
        }
        // only now: until the file has every byte, a crash must find them in the journal
        LONGS.setRelease(map, COMMITTED_AT, 0L);
      } catch (IOException e) {
        failure = e;
      }
      if (drained < committedPosition) {
        kept = true;
        retire();
      }
      target = null;
      try {
        t.file.close(); // and its channel: releases the lock
      } catch (IOException e) {
        if (failure == null) failure = e; else failure.addSuppressed(e);
      }
      if (failure != null) {
        throw failure;
      }
    }

    /** False when some of the file's bytes are only in a retired journal; recovery replays them first. */
    @Override
    public boolean finishable() {
      return !kept;
    }
  }

  /**
   * Stops draining and leaves the journal for recovery: {@link #close} then releases it without
   * deleting it, and the next file needs a new journal (each has a name of its own).
   */
  private void retire() {
    retired = true;
    LockSupport.unpark(drainer);
  }

  // ---- recovery ----

  /** What {@link #replay} did. */
  public enum Replay {
    /** Another live process (or this JVM) holds the journal. */
    LIVE,
    /** Nothing was missing from the file; the journal is deleted. */
    NOTHING,
    /** Bytes were appended to the named file; the journal is deleted. */
    REPLAYED
  }

  /** The result of {@link #replay}: what happened, the file and the bytes appended. */
  public static final class Replayed {
    public final Replay outcome;
    public final Path file;
    public final long bytes;

    Replayed(Replay outcome, Path file, long bytes) {
      this.outcome = outcome;
      this.file = file;
      this.bytes = bytes;
    }
  }

  /**
   * Appends what the journal at {@code journalPath} holds beyond the end of the file it names, forces
   * that file and deletes the journal. A journal held by a live appender is left alone. Throws (and
   * keeps the journal) when the header is not a journal's, the named file is missing, or the file is
   * shorter than the journal can fill.
   */
  public static Replayed replay(Path journalPath) throws IOException {
    if (Ownership.isOwned(journalPath)) {
      return new Replayed(Replay.LIVE, null, 0); // not even opened: that would drop this JVM's lock on it
    }
    try (RandomAccessFile journal = new RandomAccessFile(journalPath.toFile(), "rw")) {
      FileLock lock;
      try {
        lock = MappedSink.uninterrupted(journal.getChannel()::tryLock);
      } catch (OverlappingFileLockException e) {
        lock = null; // held in this JVM
      }
      if (lock == null) {
        return new Replayed(Replay.LIVE, null, 0);
      }
      if (journal.length() < HEADER) {
        throw new IOException(journalPath.getFileName() + " is not a journal: " + journal.length() + " bytes");
      }
      byte[] header = new byte[HEADER];
      journal.readFully(header);
      ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.nativeOrder());
      if (h.getLong(MAGIC_AT) == 0 && allZero(header)) {
        journal.close();
        Files.deleteIfExists(journalPath); // created, never used
        return new Replayed(Replay.NOTHING, null, 0);
      }
      long ringSize = h.getLong(SIZE_AT);
      long base = h.getLong(BASE_AT);
      long committed = h.getLong(COMMITTED_AT);
      int nameLength = h.getInt(NAME_LENGTH_AT);
      if (h.getLong(MAGIC_AT) != MAGIC || ringSize < MIN_SIZE || ringSize != journal.length() - HEADER
          || base < 0 || committed < 0) {
        throw new IOException(journalPath.getFileName() + " has no valid journal header (kept)");
      }
      if (committed == 0) {
        journal.close();
        Files.deleteIfExists(journalPath);
        return new Replayed(Replay.NOTHING, null, 0);
      }
      if (nameLength <= 0 || nameLength > MAX_NAME) {
        throw new IOException(journalPath.getFileName() + " names no file but holds " + committed + " bytes (kept)");
      }
      String name = new String(header, NAME_AT, nameLength, StandardCharsets.UTF_8);
      FileName parsed = FileName.parse(name);
      if (parsed == null || !FileName.ACTIVE.equals(parsed.suffix())) {
        throw new IOException(journalPath.getFileName() + " names '" + name + "', not an active file (kept)");
      }
      Path target = journalPath.resolveSibling(name);
      if (!Files.exists(target)) {
        throw new IOException(journalPath.getFileName() + " holds " + committed + " bytes of " + name
            + ", which does not exist (kept)");
      }
      long replayed;
      try (RandomAccessFile out = new RandomAccessFile(target.toFile(), "rw")) {
        long length = out.length();
        replayed = Math.max(0, committed - length);
        if (replayed > ringSize) {
          throw new IOException(name + " has " + length + " bytes, but " + journalPath.getFileName() + " holds only bytes "
              + (committed - ringSize) + " to " + committed + " (kept)");
        }
        byte[] buffer = new byte[(int) Math.min(replayed, 1 << 20)];
        for (long o = length; o < committed; ) {
          long at = (base + o) % ringSize;
          int n = (int) Math.min(Math.min(buffer.length, committed - o), ringSize - at);
          journal.seek(HEADER + at);
          journal.readFully(buffer, 0, n);
          out.seek(o);
          out.write(buffer, 0, n);
          o += n;
        }
        if (replayed > 0) {
          out.getFD().sync();
        }
      }
      journal.close();
      Files.deleteIfExists(journalPath);
      return new Replayed(replayed > 0 ? Replay.REPLAYED : Replay.NOTHING, target, replayed);
    }
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) return false;
    }
    return true;
  }

  /** The name of an appender's {@code n}th journal; its fields are sanitised like {@link FileName}'s. */
  public static String fileName(String app, String host, String instance, int n) {
    return "." + app + "_" + host + "_" + instance + "_" + n + SUFFIX;
  }

  /** True for the name of a journal file. */
  public static boolean isJournal(String fileName) {
    return NAME.matcher(fileName).matches();
  }

  /** True for the name of a journal being made (see {@link #create}). */
  public static boolean isTemporary(String fileName) {
    return fileName.endsWith(TEMPORARY) && isJournal(fileName.substring(0, fileName.length() - TEMPORARY.length()));
  }

  /** The instance in a journal's name, or null when it is not one. */
  public static String instanceOf(String fileName) {
    Matcher m = NAME.matcher(fileName);
    return m.matches() ? m.group(3) : null;
  }
}
