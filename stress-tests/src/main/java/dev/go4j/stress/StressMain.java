package dev.go4j.stress;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs JCStress (same arguments as {@code org.openjdk.jcstress.Main}) and exits with status 1 if any
 * test failed, errored, or no test ran at all. JCStress 0.16 itself always exits 0, which would let a
 * forbidden outcome pass CI unnoticed.
 *
 * <p>Run: {@code ./mvnw -Pjcstress} (quick mode), or {@code java -jar stress-tests/target/jcstress.jar -h}.
 */
public final class StressMain {
    /** JCStress's progress line; the last one is the total. */
    private static final Pattern RESULTS = Pattern.compile(
            "\\(Results: (\\d+) planned; (\\d+) passed, (\\d+) failed, (\\d+) soft errs, (\\d+) hard errs\\)");

    private StressMain() {}

    public static void main(String[] args) throws Exception {
        PrintStream console = System.out;
        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new Tee(console, summary), true, StandardCharsets.UTF_8));
        org.openjdk.jcstress.Main.main(args);
        System.out.flush();
        System.setOut(console);
        if (contains(args, "-l") || contains(args, "-h")) {
            return;
        }
        Matcher m = RESULTS.matcher(summary.toString(StandardCharsets.UTF_8));
        long[] last = null;
        while (m.find()) {
            last = new long[5];
            for (int i = 0; i < 5; i++) {
                last[i] = Long.parseLong(m.group(i + 1));
            }
        }
        if (last == null || last[1] == 0 || last[1] != last[0] || last[2] + last[3] + last[4] != 0) {
            console.printf("%ngo4j: JCStress run NOT clean: %s%n", last == null ? "no test ran"
                    : last[0] + " planned, " + last[1] + " passed, " + last[2] + " failed, "
                            + last[3] + " soft errors, " + last[4] + " hard errors");
            System.exit(1);
        }
        console.printf("%ngo4j: JCStress run clean: %d of %d test runs passed%n", last[1], last[0]);
    }

    private static boolean contains(String[] args, String flag) {
        for (String a : args) {
            if (a.equals(flag)) {
                return true;
            }
        }
        return false;
    }

    /** Copies everything to the console and keeps a copy, where the summary is read from. */
    private static final class Tee extends OutputStream {
        private final OutputStream console;
        private final ByteArrayOutputStream kept;

        Tee(OutputStream console, ByteArrayOutputStream kept) {
            this.console = console;
            this.kept = kept;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            console.write(b);
            kept.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
            console.write(b, off, len);
            kept.write(b, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            console.flush();
        }
    }
}
