package dev.go4j.patterns.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.go4j.chan.ReceiveChannel;
import dev.go4j.context.Context;
import dev.go4j.errgroup.ErrGroup;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples published in the Javadoc of {@link Stages} and {@link Pipeline}; each one runs here. */
class PipelineSnippets {

    private static String fetch(String url) {
        return "<" + url + ">";
    }

    @Test
    void stages() throws Exception {
        // @start region=stages
        ErrGroup g = ErrGroup.withContext(Context.background());               // g, ctx := errgroup.WithContext(ctx)
        ReceiveChannel<Integer> nums = Stages.source(g, List.of(1, 2, 3, 4));  // gen(ctx, 1, 2, 3, 4)
        ReceiveChannel<Integer> a = Stages.map(g, nums, n -> n * n);           // fan-out: two sq stages
        ReceiveChannel<Integer> b = Stages.map(g, nums, n -> n * n);           //   over one input
        ReceiveChannel<Integer> all = Stages.merge(g, a, b);                   // fan-in: merge(ctx, a, b)
        List<Integer> squares = Stages.collect(g, all);                        // range, then g.Wait()
        // @end
        assertThat(squares).containsExactlyInAnyOrder(1, 4, 9, 16);
    }

    @Test
    void fluent() throws Exception {
        List<String> urls = List.of("a", "b", "c");
        // @start region=fluent
        List<String> pages = Pipeline.from(urls)
                .map(16, url -> fetch(url))        // at most 16 fetches at once, results in input order
                .filter(page -> !page.isEmpty())
                .toList();                          // the first failure is thrown; nothing is left running
        // @end
        assertThat(pages).containsExactly("<a>", "<b>", "<c>");
    }
}
