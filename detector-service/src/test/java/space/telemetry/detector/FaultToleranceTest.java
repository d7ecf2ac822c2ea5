package space.telemetry.detector;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.Split;
import space.telemetry.contract.TelemetryJson;
import space.telemetry.contract.TelemetryPoint;
import space.telemetry.contract.Topics;
import space.telemetry.detector.repository.CommittedState;
import space.telemetry.localinfra.KafkaBrokerTestResource;

/**
 * Records and channels the detectors cannot handle (PlantedFailureDetector fails on planted command values): the
 * consumer retries a bounded number of times, then isolates the record or the channel, and everything else goes on.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class FaultToleranceTest {
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    DetectorOutputs outputs;

    @BeforeEach
    void connect() {
        outputs = new DetectorOutputs(bootstrapServers);
    }

    @AfterEach
    void disconnect() {
        outputs.close();
    }

    @Test
    void aRecordThatKeepsFailingIsDeadLetteredWithItsExceptionAndTheChannelFindsWhatItsCleanTwinFinds() {
        String poisoned = TelemetryStream.uniqueChannel("POISON");
        String twin = TelemetryStream.uniqueChannel("TWIN");
        List<byte[]> poisonedSeries = new ArrayList<>();
        for (TelemetryPoint point : TelemetryStream.points(poisoned, 7, 400, 800, 300, 340)) {
            boolean planted = point.split() == Split.TEST && point.index() == 100;
            poisonedSeries.add(TelemetryJson.write(planted ? withCommand(point, 0, 0.5) : point));
        }
        List<byte[]> twinSeries = TelemetryStream.points(twin, 7, 400, 800, 300, 340).stream()
                .filter(point -> !(point.split() == Split.TEST && point.index() == 100))
                .map(TelemetryJson::write).toList();
        outputs.topics.sendAll(Topics.RAW, poisoned, poisonedSeries);
        outputs.topics.sendAll(Topics.RAW, twin, twinSeries);

        outputs.awaitConsumed();
        List<ConsumerRecord<String, byte[]>> dead = outputs.deadLetters(poisoned);
        assertThat(dead).hasSize(1);
        assertThat(DetectorOutputs.header(dead.get(0), Topics.DLQ_REASON))
                .isEqualTo("processing failed 3 times: java.lang.IllegalStateException: planted failure on command 0.5");
        assertThat(TelemetryJson.readPoint(poisoned, dead.get(0).value()).index()).isEqualTo(100);
        assertThat(outputs.events(twin)).as("the twin raises events, or this test proves nothing").isNotEmpty();
        assertThat(outputs.events(poisoned)).extracting(DetectorOutputs::shape)
                .containsExactlyElementsOf(outputs.events(twin).stream().map(DetectorOutputs::shape).toList());
        // three aborted attempts, each followed by a restore that re-processed committed records: every point but
        // the dead-lettered one is scored exactly once, with the score its clean twin's point got
        List<String> scored = outputs.scoredPoints(poisoned);
        assertThat(scored).hasSize(400 + 800 - 1).doesNotHaveDuplicates()
                .containsExactlyElementsOf(outputs.scoredPoints(twin));
    }

    @Test
    void aChannelWhoseStateCannotBeCheckpointedIsQuarantinedWhileTheOthersGoOn() {
        String broken = TelemetryStream.uniqueChannel("UNSAVABLE");
        String healthy = TelemetryStream.uniqueChannel("HEALTHY");
        List<byte[]> brokenSeries = new ArrayList<>();
        for (TelemetryPoint point : TelemetryStream.points(broken, 11, 400, 300, -1, -1)) {
            boolean planted = point.split() == Split.TRAIN && point.index() == 150;
            brokenSeries.add(TelemetryJson.write(planted ? withCommand(point, 1, 0.25) : point));
        }
        outputs.topics.sendAll(Topics.RAW, broken, brokenSeries);
        outputs.topics.sendAll(Topics.RAW, healthy, TelemetryStream.series(healthy, 400, 800, 300, 340));

        outputs.awaitConsumed();
        assertThat(outputs.events(healthy)).isNotEmpty();
        List<ConsumerRecord<String, byte[]>> dead = outputs.deadLetters(broken);
        assertThat(dead).as("the channel's records from its failed checkpoint on").isNotEmpty()
                .allSatisfy(record -> assertThat(DetectorOutputs.header(record, Topics.DLQ_REASON))
                        .startsWith("channel " + broken + " is quarantined: channel " + broken
                                + ": its state cannot be checkpointed: java.io.UncheckedIOException"));
        ConsumerRecord<String, byte[]> last = outputs.states(broken).get(outputs.states(broken).size() - 1);
        assertThat(DetectorOutputs.header(last, CommittedState.QUARANTINE)).contains("planted checkpoint failure");
    }

    private static TelemetryPoint withCommand(TelemetryPoint point, int command, double value) {
        double[] commands = point.commands().clone();
        commands[command] = value;
        return new TelemetryPoint(point.spacecraft(), point.channel(), point.split(), point.index(), point.eventTime(),
                point.value(), commands);
    }
}
