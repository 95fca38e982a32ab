/** Helpers of {@code dev.logline.schema}; not API, may change without notice. */
package dev.logline.schema.internal;
