package dev.go4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void textAlignsColumnsAndMarkdownEscapesPipes() {
        Table t = new Table("Name", ">Score").row("a", "1.00").row("longer", "123");
        assertThat(t.toText()).isEqualTo("Name    Score\na        1.00\nlonger    123\n");
        Table md = new Table("Key", "Value").row("Go", "go test -bench ^(A|B)$");
        assertThat(md.toMarkdown()).isEqualTo("| Key | Value |\n|---|---|\n| Go | go test -bench ^(A\\|B)$ |\n");
    }
}
