package dev.go4j.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The examples published in the Javadoc of {@link WaitGroup}; each one runs here. */
class WaitGroupSnippets {

    private static int fetch(String url) {
        return url.length();
    }

    @Test
    void fanOut() throws Exception {
        List<String> urls = List.of("https://go.dev", "https://openjdk.org", "https://go4j.dev");
        // @start region=fanOut
        Map<String, Integer> sizes = new ConcurrentHashMap<>();
        WaitGroup wg = new WaitGroup();                  // var wg sync.WaitGroup
        for (String url : urls) {                        // for _, url := range urls {
            wg.go(() -> sizes.put(url, fetch(url)));     //     wg.Go(func() { sizes.Store(url, fetch(url)) })
        }                                                // }
        wg.await();                                      // wg.Wait()
        // @end
        assertThat(sizes).hasSize(3).containsEntry("https://go.dev", 14);
    }

    @Test
    void addDone() throws Exception {
        List<String> urls = List.of("a", "bb", "ccc");
        // @start region=addDone
        int[] lengths = new int[urls.size()];
        WaitGroup wg = new WaitGroup();                  // var wg sync.WaitGroup
        for (int i = 0; i < urls.size(); i++) {          // for i, url := range urls {
            int n = i;
            wg.add(1);                                   //     wg.Add(1)  -- before go, never inside
            dev.go4j.Go.go(() -> {                       //     go func() {
                try {                                    //         defer wg.Done()
                    lengths[n] = fetch(urls.get(n));     //         lengths[i] = fetch(url)
                } finally {
                    wg.done();
                }
            });                                          //     }()
        }                                                // }
        wg.await();                                      // wg.Wait()  -- the writes are visible now
        // @end
        assertThat(lengths).containsExactly(1, 2, 3);
    }
}
