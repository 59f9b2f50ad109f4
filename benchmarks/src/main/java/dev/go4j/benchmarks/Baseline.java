package dev.go4j.benchmarks;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the enum constant of a benchmark's implementation parameter that is go4j's own
 * implementation: the row that every other row of the same benchmark and parameters is divided by
 * in the comparison's "vs go4j" column.
 *
 * <p>Put it on exactly one constant of the enum that a {@code @Param} field of the benchmark (or of
 * one of its nested {@code @State} classes) takes; that field is then the benchmark's implementation
 * parameter, whatever its name ({@code impl}, {@code chain}, ...) and whatever the constant's name
 * ({@code GO4J}, {@code WAIT_GROUP}, {@code SINGLE_FLIGHT}, ...). A unit test checks that every
 * benchmark in this module has one.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Baseline {}
