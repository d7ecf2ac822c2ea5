package space.telemetry.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalPipelineTest {

    @Test
    void rowsOfEarlierRunsDoNotKeepTheStoreFromHoldingThisRunsEvents() {
        Map<String, String> expected = Map.of("a", "closed@9 end 9 peak 1.0");
        Map<String, String> stored = Map.of("a", "closed@9 end 9 peak 1.0", "earlier", "open@3 end 3 peak 2.0");
        assertThat(LocalPipeline.holds(stored, expected)).isTrue();
    }

    @Test
    void anOlderVersionOfAnEventOfThisRunIsNotHeldYet() {
        Map<String, String> expected = Map.of("a", "closed@9 end 9 peak 1.0");
        assertThat(LocalPipeline.holds(Map.of("a", "open@5 end 5 peak 1.0"), expected)).isFalse();
        assertThat(LocalPipeline.holds(Map.of(), expected)).isFalse();
    }
}
