/**
 * Event schemas: SchemaVer versions, the classpath schema registry, validation of event properties and the envelope,
 * and the SchemaVer compatibility checker.
 */
package dev.logline.schema;
