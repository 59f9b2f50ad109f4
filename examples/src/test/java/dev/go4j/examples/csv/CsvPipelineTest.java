package dev.go4j.examples.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextCanceledException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming CSV pipeline on a generated file with known good and bad rows: both outputs exactly. */
class CsvPipelineTest {

    @TempDir
    Path dir;

    @Test
    void goodAndRejectedRowsLandInTheirFilesExactlyAndInOrder() throws Exception {
        Path in = dir.resolve("in.csv");
        int rows = 2000;
        CsvPipeline.generate(in, rows);
        CsvPipeline.Summary s = CsvPipeline.run(Context.background(), in, dir.resolve("good.csv"),
                dir.resolve("rejected.csv"), 4);
        StringBuilder good = new StringBuilder("id,name,email,amount\r\n");
        StringBuilder rejected = new StringBuilder("line,reason,record\r\n");
        for (int i = 1; i <= rows; i++) {
            int line = i + 1; // the header is line 1
            if (i % 10 != 0) {
                good.append(i).append(",User ").append(i).append(",user").append(i).append("@example.com,")
                        .append(i % 1000).append(".50\r\n");
                continue;
            }
            String expected = switch (i / 10 % 5) {
                case 0 -> "id is not a number,x" + i + ",User " + i + ",u" + i + "@example.com,1";
                case 1 -> "name is empty," + i + ", ,u" + i + "@example.com,1";
                case 2 -> "email is not an address," + i + ",User " + i + ",nobody,1";
                case 3 -> "amount is negative," + i + ",User " + i + ",u" + i + "@example.com,-" + i;
                default -> "\"expected 4 fields, got 2\"," + i + ",User " + i; // a comma in a field: quoted
            };
            rejected.append(line).append(',').append(expected).append("\r\n");
        }
        assertThat(Files.readString(dir.resolve("good.csv"))).isEqualTo(good.toString());
        assertThat(Files.readString(dir.resolve("rejected.csv"))).isEqualTo(rejected.toString());
        assertThat(s).isEqualTo(new CsvPipeline.Summary(1800, 200));
    }

    @Test
    void aMissingInputIsReportedBeforeAnyOutputIsMade() {
        assertThatThrownBy(() -> CsvPipeline.run(Context.background(), dir.resolve("missing.csv"),
                dir.resolve("good.csv"), dir.resolve("rejected.csv"), 4))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(dir.resolve("good.csv")).doesNotExist();
    }

    @Test
    void aReadErrorMidStreamCancelsThePipelineIsReportedOnceAndTheOutputsKeepTheRowsBefore() throws Exception {
        Path in = dir.resolve("in.csv");
        CsvPipeline.generate(in, 1000);
        Files.writeString(in, "1001,\"broken\"quote,b@example.com,1\r\n", java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(() -> CsvPipeline.run(Context.background(), in, dir.resolve("good.csv"),
                dir.resolve("rejected.csv"), 4))
                .isInstanceOf(ExecutionException.class)
                .cause().hasMessageContaining("1002"); // the line of the broken record
        List<String> good = Files.readAllLines(dir.resolve("good.csv"));
        assertThat(good.get(0)).isEqualTo("id,name,email,amount");
        for (int k = 1; k < good.size(); k++) {
            assertThat(good.get(k)).startsWith(Integer.toString(k + (k - 1) / 9) + ",");
        }
    }

    @Test
    void aCancelStopsThePipelineAndLeavesTheOutputsFlushed() throws Exception {
        Path in = dir.resolve("in.csv");
        CsvPipeline.generate(in, 200_000);
        try (CancelableContext ctx = Context.withCancel(Context.background())) {
            Thread canceller = Thread.ofVirtual().start(() -> {
                while (!Files.exists(dir.resolve("good.csv"))) {
                    Thread.yield();
                }
                ctx.cancel();
            });
            assertThatThrownBy(() -> CsvPipeline.run(ctx, in, dir.resolve("good.csv"), dir.resolve("rejected.csv"), 4))
                    .isInstanceOf(ContextCanceledException.class);
            canceller.join();
        }
        List<String> lines = Files.readAllLines(dir.resolve("good.csv"));
        assertThat(lines.get(0)).isEqualTo("id,name,email,amount");
        assertThat(lines.size()).isLessThan(180_001); // stopped early, and what was written is whole rows in order
        for (int k = 1; k < lines.size(); k++) {
            assertThat(lines.get(k)).startsWith(Integer.toString(k + (k - 1) / 9) + ",");
        }
    }
}
