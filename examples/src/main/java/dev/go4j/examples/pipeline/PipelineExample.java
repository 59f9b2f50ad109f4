package dev.go4j.examples.pipeline;

import dev.go4j.chan.ReceiveChannel;
import dev.go4j.context.Context;
import dev.go4j.errgroup.ErrGroup;
import dev.go4j.patterns.pipeline.Pipeline;
import dev.go4j.patterns.pipeline.Stages;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * The pipeline page in one program: stages joined by channels in an errgroup, each closing its output;
 * a fan-out to three workers and a fan-in by merge; and a failing stage that cancels the others and is
 * the failure the pipeline reports.
 *
 * <p>Go twin: {@code Example_pipeline} in {@code go/pipeline/example_test.go}, which builds the same
 * shapes with that package's Source, Map, FanOut, Merge and Collect; both print the same lines.
 */
public final class PipelineExample {

    private PipelineExample() {}

    /**
     * Runs the example.
     *
     * @param args ignored
     * @throws InterruptedException if interrupted while a pipeline runs
     * @throws ExecutionException if one of the first two pipelines fails (neither does)
     */
    public static void main(String[] args) throws InterruptedException, ExecutionException {
        // source -> square -> collect: one virtual thread per stage, in order (the fluent face).
        List<Integer> squares = Pipeline.from(List.of(1, 2, 3, 4)).map(v -> v * v).toList();
        System.out.println("squares: " + goList(squares) + " <nil>");

        // fan-out to 3 workers over one input, fan-in by merging their outputs (the stages themselves).
        ErrGroup g = ErrGroup.withContext(Context.background());
        ReceiveChannel<Integer> in = Stages.source(g, List.of(1, 2, 3, 4, 5, 6, 7, 8, 9));
        List<ReceiveChannel<Integer>> outs = Stages.fanOut(g, in, 3, v -> v * 10);
        List<Integer> got = new ArrayList<>(Stages.collect(g, Stages.merge(g, outs)));
        got.sort(null); // a fan-in emits in completion order
        System.out.println("fan-in: " + goList(got) + " <nil>");

        // the first failure cancels every stage and is the one reported.
        try {
            Pipeline.from(List.of(1, 2, 3, 4, 5)).map(v -> {
                if (v == 3) {
                    throw new IllegalArgumentException("bad value 3");
                }
                return v;
            }).toList();
            System.out.println("failed: <nil>");
        } catch (ExecutionException e) {
            System.out.println("failed: " + e.getCause().getMessage());
        }
    }

    /** Go's {@code fmt.Println} of a slice: {@code [1 4 9]}. */
    private static String goList(List<?> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(" ", "[", "]"));
    }
}
