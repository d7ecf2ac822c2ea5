package space.telemetry.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemTest {
    @Test
    void detailIsCappedSoThatLargeInputIsNeverEchoed() {
        Problem problem = Problem.of(400, Problem.BLANK, "Bad Request", "x".repeat(100_000), "/replays");
        assertThat(problem.detail()).hasSize(Problem.MAX_DETAIL).endsWith("...");
    }

    @Test
    void controlCharactersOfTheDetailAreReplaced() {
        assertThat(Problem.of(400, Problem.BLANK, "Bad Request", "a\u0000b\nc", null).detail()).isEqualTo("a?b?c");
    }
}
