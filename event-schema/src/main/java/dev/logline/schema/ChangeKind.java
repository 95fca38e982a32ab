package dev.logline.schema;

/** How much a schema changed, in SchemaVer terms; ordered by severity. */
public enum ChangeKind {
  /** No change that affects which data is valid. */
  NONE,
  /** Every datum valid under the old schema is valid under the new one. */
  ADDITION,
  /** Some historical data may become invalid. */
  REVISION,
  /** All or most historical data becomes invalid. */
  MODEL
}
