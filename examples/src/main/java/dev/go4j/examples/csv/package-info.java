/**
 * A streaming CSV pipeline built on go4j: records are read, validated by a bounded parallel map that
 * keeps their order, and written to a good and a rejected output, all under one error group whose
 * first failure cancels the rest. The twin of the Go program in {@code go/pipeline/csvpipeline}.
 */
package dev.go4j.examples.csv;
