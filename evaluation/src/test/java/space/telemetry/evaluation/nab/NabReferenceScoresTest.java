package space.telemetry.evaluation.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import space.telemetry.data.nab.NabCorpus;
import space.telemetry.data.nab.NabDirectory;
import space.telemetry.data.nab.NabSeries;

/** Reproduces NAB's published scores from the published per-row results (skipped without the NAB corpus). */
class NabReferenceScoresTest {
    private static NabCorpus corpus;
    private static Path results;

    @BeforeAll
    static void openCorpus() {
        Optional<Path> dir = NabDirectory.resolve();
        assumeTrue(dir.isPresent() && Files.isDirectory(dir.get().resolve("reference-results")),
                "NAB corpus not found in " + NabDirectory.candidates() + " (set NAB_DIR)");
        corpus = NabCorpus.open(dir.get());
        results = dir.get().resolve("reference-results");
    }

    @Test
    void theCorpusHas58SeriesAnd116Windows() {
        assertThat(corpus.series()).hasSize(58);
        assertThat(corpus.series().stream().mapToInt(s -> s.windows().size()).sum()).isEqualTo(116);
        assertThat(corpus.series().stream().mapToInt(NabSeries::length).sum()).isEqualTo(365_558);
    }

    @Test
    void theProfilesFileHoldsThePublishedWeights() {
        assertThat(NabProfile.read(corpus.dir().resolve("config/profiles.json")))
                .containsExactlyElementsOf(NabProfile.published());
    }

    @Test
    void windowedGaussianScoresAsPublished() {
        assertPublished("windowedGaussian", 39.65, 20.87, 47.41);
    }

    @Test
    void numentaHtmScoresAsPublished() {
        assertPublished("numenta", 70.10, 63.12, 74.32);
    }

    private static void assertPublished(String detector, double standard, double lowFp, double lowFn) {
        Map<String, double[]> scores = NabResultFiles.readScores(corpus, results, detector);
        NabScorer scorer = new NabScorer(corpus.series());
        List<Double> published = List.of(standard, lowFp, lowFn);
        for (int i = 0; i < 3; i++) {
            NabProfile profile = NabProfile.published().get(i);
            NabScorer.Prepared prepared = scorer.prepare(scores, profile);
            NabResult nab = prepared.result(ThresholdSearch.NAB_HILL_CLIMB);
            NabResult exact = prepared.result(ThresholdSearch.EXACT);
            assertThat(nab.windows()).isEqualTo(116);
            assertThat(nab.normalized()).as(detector + " " + profile.name()).isCloseTo(published.get(i), within(0.01));
            assertThat(exact.normalized()).as(detector + " " + profile.name() + " exact")
                    .isCloseTo(published.get(i), within(0.1))
                    .isGreaterThanOrEqualTo(nab.normalized() - 1e-9);
            double perSeries = exact.series().stream().mapToDouble(NabResult.SeriesResult::raw).sum();
            assertThat(perSeries).isCloseTo(exact.raw(), within(1e-6));
        }
    }
}
