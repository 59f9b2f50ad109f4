package dev.go4j.chan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.go4j.Go;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples published in the Javadoc of {@link Channel} and {@link Select}; each one runs here. */
class ChannelSnippets {

    @Test
    void rangeOverChannel() throws Exception {
        List<Integer> received = new ArrayList<>();
        // @start region=range
        Channel<Integer> ch = Channel.make(16);       // ch := make(chan int, 16)
        Go.go(() -> {                                 // go func() {
            try {                                     //     defer close(ch)
                for (int i = 0; i < 5; i++) {         //     for i := 0; i < 5; i++ {
                    ch.send(i * i);                   //         ch <- i * i
                }                                     //     }
            } finally {
                ch.close();
            }
        });                                           // }()
        for (int v : ch) {                            // for v := range ch {
            received.add(v);                          //     received = append(received, v)
        }                                             // }
        // @end
        assertThat(received).containsExactly(0, 1, 4, 9, 16);
    }

    @Test
    void selectWithQuit() throws Exception {
        List<String> done = new ArrayList<>();
        // @start region=select
        Channel<String> jobs = Channel.make();             // jobs := make(chan string)
        Channel<Boolean> quit = Channel.make();            // quit := make(chan bool)
        Go.go(() -> {                                      // go func() {
            jobs.send("a");                                //     jobs <- "a"
            jobs.send("b");                                //     jobs <- "b"
            quit.send(true);                               //     quit <- true
        });                                                // }()
        Select<Boolean> step = new Select<Boolean>()       // for {
                .onReceive(jobs, job -> done.add(job))     //     select {
                .onReceive(quit, q -> false);              //     case job := <-jobs: process(job)
        while (step.run()) {                               //     case <-quit: return
            // built once, run once per iteration          //     }
        }                                                  // }
        // @end
        assertThat(done).containsExactly("a", "b");
    }
}
