package dev.logline.archive;

/** Why shipping a file failed; the tag of the failure counters. */
public enum FailureCause {
  /** The destination could not be reached or answered with a server error; retried. */
  UNAVAILABLE,
  /** The destination refused the request (auth, permissions, bad request); retried. */
  REJECTED,
  /** The object did not read back with the size and checksum that were sent; retried. */
  VERIFY_FAILED,
  /** The key already holds different bytes; the file is quarantined, never overwritten. */
  CONFLICT,
  /** The local file does not match its manifest (size or SHA-256); the file is quarantined. */
  CORRUPT_LOCAL,
  /** Reading the local file or marking it shipped failed; retried. */
  LOCAL_IO,
  /** Anything else (a bug, an unexpected runtime exception); retried. */
  OTHER
}
