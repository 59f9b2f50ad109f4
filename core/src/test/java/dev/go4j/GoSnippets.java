package dev.go4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.go4j.chan.Channel;
import org.junit.jupiter.api.Test;

/** The example published in the Javadoc of {@link Go}; it runs here. */
class GoSnippets {

    @Test
    void goStatement() throws Exception {
        // @start region=go
        Channel<String> result = Channel.make();    // result := make(chan string)
        Go.go(() -> result.send("hello from a goroutine")); // go func() { result <- "hello..." }()
        String greeting = result.receive();         // greeting := <-result
        // @end
        assertThat(greeting).isEqualTo("hello from a goroutine");
    }
}
