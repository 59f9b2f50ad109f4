/**
 * Go's {@code golang.org/x/sync/errgroup}: {@link dev.go4j.errgroup.ErrGroup} runs subtasks of one job
 * in virtual threads, waits for them all, reports the first failure and cancels the group's context
 * when a task fails; {@code setLimit} bounds how many run at once.
 */
package dev.go4j.errgroup;
