/**
 * Pipelines: Go's stage shapes on channels ({@link dev.go4j.patterns.pipeline.Stages}: source,
 * map and filter stages, merge (fan-in), fan-out, tee, orDone, sinks, and bounded parallel maps that keep
 * the input order, or not, or keep it per key), and a fluent Java face over the same stages
 * ({@link dev.go4j.patterns.pipeline.Pipeline}). See {@code docs/pipeline.md}.
 */
package dev.go4j.patterns.pipeline;
