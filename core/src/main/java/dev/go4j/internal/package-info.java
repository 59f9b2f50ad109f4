/**
 * Helpers shared by the go4j packages: saturating timeout arithmetic and where the failure of a
 * goroutine goes. Not exported from the {@code dev.go4j.core} module and not public API: it may change
 * in any release.
 */
package dev.go4j.internal;
