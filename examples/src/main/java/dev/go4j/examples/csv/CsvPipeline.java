package dev.go4j.examples.csv;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import dev.go4j.chan.ReceiveChannel;
import dev.go4j.context.CancelableContext;
import dev.go4j.context.Context;
import dev.go4j.context.ContextException;
import dev.go4j.errgroup.ErrGroup;
import dev.go4j.patterns.pipeline.Stages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * The Go interview classic, reader → workers → writer with an errgroup, on a CSV file of any size:
 * read with FastCSV, validate and transform every row on {@code workers} virtual threads, write the
 * good rows to one CSV and the rejected ones (line number and reason) to another.
 *
 * <pre>
 * reader (FastCSV) --rows--> mapOrdered(workers, validate) --outcomes--> writer: good.csv | rejected.csv
 * </pre>
 *
 * <ul>
 *   <li>Bounded memory whatever the file size: the channels are unbuffered, and the ordered map holds
 *       at most {@code workers} rows in flight; outputs keep the input order.</li>
 *   <li>The first I/O error (reading or writing) cancels every stage and is thrown once, as the cause
 *       of an {@link ExecutionException}.</li>
 *   <li>A cancelled context (Ctrl-C in {@link #main}) stops the pipeline; both outputs are flushed and
 *       closed with the rows written so far, and the context's error is thrown.</li>
 * </ul>
 *
 * <p>Run (after {@code ./mvnw -q -pl examples -am package -DskipTests}):
 * {@code java -cp examples/target/examples.jar dev.go4j.examples.csv.CsvPipeline input.csv good.csv rejected.csv [workers]};
 * make a test file with {@code ... CsvPipeline --generate input.csv rows}.
 */
public final class CsvPipeline {

    /** The header of the input and of the good output. */
    public static final List<String> HEADER = List.of("id", "name", "email", "amount");

    /** The header of the rejected output. */
    public static final List<String> REJECTED_HEADER = List.of("line", "reason", "record");

    private CsvPipeline() {}

    /**
     * What a run did.
     *
     * @param good rows written to the good output
     * @param rejected rows written to the rejected output
     */
    public record Summary(long good, long rejected) {}

    /** A row's outcome: the transformed fields, or the reason it was rejected. */
    record Outcome(long line, List<String> fields, String reason) {}

    /**
     * Runs the pipeline.
     *
     * @param ctx stops the run when cancelled
     * @param input the CSV to read, with the {@link #HEADER} first
     * @param good where the valid rows go (replaced)
     * @param rejected where the invalid rows go, with line number and reason (replaced)
     * @param workers how many rows are validated at once
     * @return how many rows went where
     * @throws IOException if the input or an output cannot be opened
     * @throws ExecutionException if reading or writing failed; the cause is the first error
     * @throws InterruptedException if interrupted; the pipeline is stopped and the outputs flushed
     */
    public static Summary run(Context ctx, Path input, Path good, Path rejected, int workers)
            throws IOException, ExecutionException, InterruptedException {
        long[] counts = new long[2];
        Stream<CsvRecord> records = records(input); // a missing input fails here, before any output is made
        try (CsvWriter goodOut = CsvWriter.builder().build(good);
                CsvWriter rejectedOut = CsvWriter.builder().build(rejected)) {
            goodOut.writeRecord(HEADER);
            rejectedOut.writeRecord(REJECTED_HEADER);
            ErrGroup g = ErrGroup.withContext(ctx);
            ReceiveChannel<CsvRecord> rows = Stages.source(g, records); // closes the file when done
            ReceiveChannel<Outcome> outcomes = Stages.mapOrdered(g, rows, workers, CsvPipeline::validate);
            Stages.forEach(g, outcomes, o -> { // the writer: one thread owns both files
                if (o.reason() == null) {
                    goodOut.writeRecord(o.fields());
                    counts[0]++;
                } else {
                    List<String> r = new ArrayList<>(List.of(Long.toString(o.line()), o.reason()));
                    r.addAll(o.fields());
                    rejectedOut.writeRecord(r);
                    counts[1]++;
                }
            });
        } // closing the writers flushes them, on success, failure or cancel
        return new Summary(counts[0], counts[1]);
    }

    /**
     * The records after the header, read lazily on the source stage's thread; closing the stream
     * closes the file. (Not {@code Stream.flatMap}: pulled through an iterator it buffers a whole
     * inner stream, here the whole file.)
     */
    private static Stream<CsvRecord> records(Path input) throws IOException {
        CsvReader<CsvRecord> reader = CsvReader.builder()
                .allowExtraFields(true).allowMissingFields(true) // the validator reports a bad field count, with its line
                .ofCsvRecord(input);
        return reader.stream().onClose(() -> {
            try {
                reader.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).filter(r -> !(r.getStartingLineNumber() == 1 && r.getFields().equals(HEADER)));
    }

    /** Validates and normalizes one row. */
    static Outcome validate(CsvRecord r) {
        long line = r.getStartingLineNumber();
        List<String> f = r.getFields();
        if (f.size() != HEADER.size()) {
            return new Outcome(line, f, "expected " + HEADER.size() + " fields, got " + f.size());
        }
        String id = f.get(0).trim();
        String name = f.get(1).trim();
        String email = f.get(2).trim().toLowerCase(Locale.ROOT);
        BigDecimal amount;
        try {
            if (Long.parseLong(id) <= 0) {
                return new Outcome(line, f, "id must be positive");
            }
        } catch (NumberFormatException e) {
            return new Outcome(line, f, "id is not a number");
        }
        if (name.isEmpty()) {
            return new Outcome(line, f, "name is empty");
        }
        int at = email.indexOf('@');
        if (at <= 0 || at == email.length() - 1) {
            return new Outcome(line, f, "email is not an address");
        }
        try {
            amount = new BigDecimal(f.get(3).trim());
        } catch (NumberFormatException e) {
            return new Outcome(line, f, "amount is not a number");
        }
        if (amount.signum() < 0) {
            return new Outcome(line, f, "amount is negative");
        }
        return new Outcome(line, List.of(id, name, email, amount.setScale(2, RoundingMode.HALF_UP).toPlainString()), null);
    }

    /**
     * Writes a test input of {@code rows} rows: every 10th row is invalid, for a reason that cycles
     * through the validation rules.
     *
     * @param path where to write
     * @param rows how many data rows
     * @throws IOException if the file cannot be written
     */
    public static void generate(Path path, long rows) throws IOException {
        try (CsvWriter w = CsvWriter.builder().build(path)) {
            w.writeRecord(HEADER);
            for (long i = 1; i <= rows; i++) {
                w.writeRecord(row(i));
            }
        }
    }

    /** Row {@code i} of a generated file (also used by the test to compute the expected output). */
    static List<String> row(long i) {
        if (i % 10 != 0) {
            return List.of(Long.toString(i), " User " + i, "User" + i + "@Example.COM", (i % 1000) + ".5");
        }
        return switch ((int) (i / 10 % 5)) {
            case 0 -> List.of("x" + i, "User " + i, "u" + i + "@example.com", "1");
            case 1 -> List.of(Long.toString(i), " ", "u" + i + "@example.com", "1");
            case 2 -> List.of(Long.toString(i), "User " + i, "nobody", "1");
            case 3 -> List.of(Long.toString(i), "User " + i, "u" + i + "@example.com", "-" + i);
            default -> List.of(Long.toString(i), "User " + i);
        };
    }

    /**
     * Runs the pipeline from the command line; Ctrl-C cancels it and the outputs keep what was
     * written. Go: {@code ctx, stop := signal.NotifyContext(ctx, os.Interrupt)}.
     *
     * @param args {@code input good rejected [workers]}, or {@code --generate file rows}
     * @throws Exception on a failure of the run
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--generate")) {
            generate(Path.of(args[1]), Long.parseLong(args[2]));
            return;
        }
        if (args.length < 3) {
            System.err.println("usage: CsvPipeline input.csv good.csv rejected.csv [workers]"
                    + " | CsvPipeline --generate input.csv rows");
            System.exit(2);
        }
        int workers = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
        CountDownLatch finished = new CountDownLatch(1);
        try (CancelableContext ctx = Context.withCancel(Context.background())) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> { // Ctrl-C: cancel, then let run() flush
                ctx.cancel();
                try {
                    finished.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            long start = System.nanoTime();
            try {
                Summary s = run(ctx, Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), workers);
                double secs = (System.nanoTime() - start) / 1e9;
                long rows = s.good() + s.rejected();
                long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(p -> p.getType() == MemoryType.HEAP)
                        .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
                System.out.printf("%,d rows (%,d good, %,d rejected) in %.2f s: %,.0f rows/s, input %,d bytes,"
                        + " peak heap %,d KiB%n", rows, s.good(), s.rejected(), secs, rows / secs,
                        Files.size(Path.of(args[0])), peak / 1024);
            } catch (ContextException cancelled) {
                System.err.println("cancelled: " + cancelled.getMessage() + "; the outputs hold the rows written so far");
            } finally {
                finished.countDown();
            }
        }
    }
}
