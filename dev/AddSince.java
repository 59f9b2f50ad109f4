import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Development tool, not part of any artifact: adds {@code @since <version>} to the Javadoc of every
 * public type (top-level and nested, including the implicitly public members of interfaces) in the
 * main sources of the given modules, and leaves alone a type that already has an {@code @since}.
 * Idempotent: run it again after a merge to tag only the types that are new.
 *
 * <pre>
 * java dev/AddSince.java 0.1.0 core patterns redis test
 * </pre>
 *
 * Each module argument is a directory holding {@code src/main/java}; missing ones are skipped. A
 * public type without a Javadoc comment is reported (the Javadoc build refuses those anyway) and left
 * alone. Packages named {@code internal} are skipped: they are not API.
 */
public class AddSince {
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: java dev/AddSince.java <version> <module dir>...");
            System.exit(2);
        }
        String version = args[0];
        int changed = 0;
        for (int i = 1; i < args.length; i++) {
            Path root = Path.of(args[i], "src", "main", "java");
            if (!Files.isDirectory(root)) {
                System.err.println("skipped (no src/main/java): " + args[i]);
                continue;
            }
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(p -> p.toString().endsWith(".java"))
                        .filter(p -> !p.getFileName().toString().equals("module-info.java"))
                        .filter(p -> !p.getFileName().toString().equals("package-info.java"))
                        .filter(p -> !p.toString().contains("/internal/"))
                        .sorted()
                        .toList();
            }
            for (Path file : files) {
                changed += tag(file, version);
            }
        }
        System.out.println(changed + " type(s) tagged @since " + version);
    }

    /** Tags the public types of one file; returns how many it tagged. */
    static int tag(Path file, String version) throws IOException {
        String src = Files.readString(file, StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<Long> starts = new ArrayList<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = fm.getJavaFileObjects(file);
            JavacTask task = (JavacTask) javac.getTask(null, fm, d -> { }, List.of("-proc:none"), null, units);
            Trees trees = Trees.instance(task);
            SourcePositions positions = trees.getSourcePositions();
            for (CompilationUnitTree unit : task.parse()) {
                new TreePathScanner<Void, Void>() {
                    @Override
                    public Void visitClass(ClassTree node, Void unused) {
                        if (isPublicApi(getCurrentPath())) {
                            starts.add(positions.getStartPosition(unit, node));
                        }
                        return super.visitClass(node, unused);
                    }
                }.scan(unit, null);
            }
        }
        StringBuilder out = new StringBuilder(src);
        int tagged = 0;
        // From the end, so that an insertion does not move the positions still to come.
        starts.sort((a, b) -> Long.compare(b, a));
        for (long start : starts) {
            int end = lastNonBlankBefore(src, (int) start);
            if (end < 1 || !src.startsWith("*/", end - 1)) {
                System.err.println("no Javadoc comment: " + file + " at offset " + start);
                continue;
            }
            int open = src.lastIndexOf("/**", end - 1);
            String comment = open < 0 ? "" : src.substring(open, end + 1);
            if (open < 0 || comment.indexOf("*/") != comment.length() - 2) { // a plain /* */ comment
                System.err.println("no Javadoc comment: " + file + " at offset " + start);
                continue;
            }
            if (comment.contains("@since")) {
                continue;
            }
            int lineStart = src.lastIndexOf('\n', open) + 1;
            String indent = src.substring(lineStart, open);
            String replacement;
            if (!comment.contains("\n")) { // /** One line. */
                String text = comment.substring(3, comment.length() - 2).strip();
                replacement = "/**\n" + indent + " * " + text + "\n" + indent + " *\n"
                        + indent + " * @since " + version + "\n" + indent + " */";
            } else {
                int close = comment.lastIndexOf("*/");
                String body = comment.substring(0, close).stripTrailing();
                boolean hasBlockTags = body.lines().anyMatch(l -> l.strip().matches("\\*\\s*@\\w.*"));
                replacement = body + "\n"
                        + (hasBlockTags ? "" : indent + " *\n")
                        + indent + " * @since " + version + "\n" + indent + " */";
            }
            out.replace(open, end + 1, replacement);
            tagged++;
        }
        if (tagged > 0) {
            Files.writeString(file, out.toString(), StandardCharsets.UTF_8);
            System.out.println(file + ": " + tagged);
        }
        return tagged;
    }

    /** True if the type and every type enclosing it are public (declared, or as interface members). */
    static boolean isPublicApi(TreePath path) {
        for (TreePath p = path; p != null; p = p.getParentPath()) {
            if (!(p.getLeaf() instanceof ClassTree type)) {
                continue;
            }
            boolean declaredPublic = type.getModifiers().getFlags().contains(Modifier.PUBLIC);
            TreePath parent = p.getParentPath();
            boolean interfaceMember = parent != null && parent.getLeaf() instanceof ClassTree outer
                    && (outer.getKind() == Tree.Kind.INTERFACE || outer.getKind() == Tree.Kind.ANNOTATION_TYPE);
            if (!declaredPublic && !interfaceMember) {
                return false;
            }
        }
        return true;
    }

    /** The index of the last non-whitespace character before {@code pos}, or -1. */
    static int lastNonBlankBefore(String s, int pos) {
        int i = pos - 1;
        while (i >= 0 && Character.isWhitespace(s.charAt(i))) {
            i--;
        }
        return i;
    }
}
