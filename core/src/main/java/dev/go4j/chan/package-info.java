/**
 * Go's channels and {@code select}: {@link dev.go4j.chan.Channel} is {@code chan T} ({@code make(chan T)}
 * and {@code make(chan T, n)}), {@link dev.go4j.chan.SendChannel} and
 * {@link dev.go4j.chan.ReceiveChannel} are the directional {@code chan<- T} and {@code <-chan T}, and
 * {@link dev.go4j.chan.Select} is the {@code select} statement, with {@code default} and a timeout case.
 *
 * <p>The rules are Go's, rule for rule: an unbuffered channel is a rendezvous, a buffered one is FIFO;
 * {@code close} wakes every waiter, values buffered before it are still received, and sending on a
 * closed channel or closing it twice throws {@link dev.go4j.chan.ChannelClosedException} with Go's panic
 * message; {@link dev.go4j.chan.Channel#nil()} is the nil channel that blocks forever and whose
 * {@code select} case is never ready; {@code select} picks uniformly among ready cases. Channels hold no
 * {@code null}, so {@code null} is free to mean Go's {@code ok == false} in the two-value receive,
 * {@link dev.go4j.chan.ReceiveChannel#receiveOrNull()}. Every blocking call parks the virtual thread
 * (no polling, no thread per waiter), answers interruption the {@code java.util.concurrent} way, and has
 * a form bounded by a {@link dev.go4j.context.Context}.
 *
 * <p>Memory consistency effects: a send happens-before the receive that takes its value, and
 * {@code close} happens-before every receive that observes the channel closed (Go's memory model).
 */
package dev.go4j.chan;
