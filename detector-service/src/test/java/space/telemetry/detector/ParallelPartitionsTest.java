package space.telemetry.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.ScoreBatch;
import space.telemetry.contract.Split;
import space.telemetry.contract.TelemetryJson;
import space.telemetry.contract.TelemetryPoint;
import space.telemetry.contract.Topics;
import space.telemetry.detection.DetectionConfig;
import space.telemetry.detection.OfflineDetection;
import space.telemetry.detector.config.DetectorServiceConfig;
import space.telemetry.detector.repository.DetectorStateRepository;
import space.telemetry.detector.service.DetectionOutput;
import space.telemetry.detector.service.DetectionService;
import space.telemetry.localinfra.KafkaBrokerTestResource;

/**
 * A batch holding records of several raw partitions runs them in parallel ({@code %test.detector.workers=3}): the
 * outputs are those of each partition processed alone, in the batch's partition order, and a failure on one
 * partition's record aborts the whole batch. The first two tests drive a service instance of their own with
 * batches built here (the running consumer's instance is left alone); the last goes through the broker.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class ParallelPartitionsTest {
    private static final byte[] MALFORMED = "{not json".getBytes(StandardCharsets.UTF_8);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    final DetectionConfig config;
    final DetectorServiceConfig settings;
    final DetectorStateRepository repository;
    final MeterRegistry registry;
    final List<DetectionService> services = new ArrayList<>();
    DetectorOutputs outputs;

    ParallelPartitionsTest(DetectionConfig config, DetectorServiceConfig settings, DetectorStateRepository repository,
            MeterRegistry registry) {
        this.config = config;
        this.settings = settings;
        this.repository = repository;
        this.registry = registry;
    }

    @BeforeEach
    void connect() {
        outputs = new DetectorOutputs(bootstrapServers);
    }

    @AfterEach
    void close() {
        services.forEach(DetectionService::stopWorkers);
        outputs.close();
    }

    @Test
    void aBatchOfThreePartitionsGivesWhatEachPartitionGivesAloneAndWhatTheOfflineDetectionGives() {
        assertThat(settings.workers()).as("the test profile runs the partitions on several threads").hasValue(3);
        Batch batch = new Batch();
        String a = batch.channel(1, 400, 800, 300, 340);
        String b = batch.channel(2, 400, 800, 500, 530);
        String c = batch.channel(3, 400, 800, 100, 160);
        String d = batch.channel(4, 300, 600, 200, 260);
        batch.partition(2, a);
        batch.add(2, "bad", MALFORMED);
        batch.partition(0, b);
        batch.partition(1, c, d);

        DetectionOutput parallel = newService().process(batch.records);
        List<AnomalyEvent> serialEvents = new ArrayList<>();
        List<String> serialScores = new ArrayList<>();
        List<DetectionOutput.Rejected> serialRejected = new ArrayList<>();
        DetectionService serial = newService();
        for (int partition : List.of(2, 0, 1)) { // the batch's partition order
            DetectionOutput alone = serial.process(batch.of(partition));
            serialEvents.addAll(events(alone));
            serialScores.addAll(json(alone.scores()));
            serialRejected.addAll(alone.rejected());
        }

        assertThat(events(parallel)).as("the planted shifts raise events, or this test proves little")
                .extracting(AnomalyEvent::channel).contains(a, b, c, d);
        assertThat(events(parallel)).containsExactlyElementsOf(serialEvents);
        assertThat(json(parallel.scores())).containsExactlyElementsOf(serialScores);
        assertThat(parallel.rejected()).hasSize(1).containsExactlyElementsOf(serialRejected);
        for (String channel : List.of(a, b, c, d)) {
            List<Double> offlineScores = new ArrayList<>();
            List<AnomalyEvent> offline = OfflineDetection.run(config, "SMAP", channel,
                    batch.points.get(channel).iterator(), offlineScores::add);
            assertThat(events(parallel)).filteredOn(event -> event.channel().equals(channel))
                    .containsExactlyElementsOf(offline);
            assertThat(scores(parallel.scores(), channel)).containsExactlyElementsOf(floats(offlineScores));
        }
    }

    @Test
    void aRecordFailingOnOnePartitionAbortsTheWholeBatchAndIsRejectedAfterMaxAttempts() {
        Batch batch = new Batch();
        String poisoned = batch.channel(7, 400, 800, 300, 340);
        String clean = batch.channel(8, 400, 800, 300, 340);
        batch.plantFailure(poisoned);
        batch.partition(0, poisoned);
        batch.partition(1, clean);
        batch.partition(2, batch.channel(9, 400, 800, 300, 340));
        DetectionService service = newService();

        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            Throwable failure = catchThrowable(() -> service.process(batch.records));
            assertThat(failure).hasMessageStartingWith("channel " + poisoned + ": processing the record at "
                    + Topics.RAW + "-0@" + batch.plantedOffset + " failed");
            service.rollback(failure);
            assertThat(service.channelIds()).as("every partition's channels are dropped, not only the failing one's")
                    .isEmpty();
        }
        DetectionOutput output = service.process(batch.records);
        DetectionOutput withoutFailure = newService().process(batch.of(1, 2));

        assertThat(output.rejected()).singleElement().satisfies(rejected -> {
            assertThat(rejected.record().offset()).isEqualTo(batch.plantedOffset);
            assertThat(rejected.reason()).isEqualTo(
                    "processing failed 3 times: java.lang.IllegalStateException: planted failure on command 0.5");
        });
        assertThat(events(output)).extracting(AnomalyEvent::channel).contains(poisoned, clean);
        assertThat(events(output)).filteredOn(event -> !event.channel().equals(poisoned))
                .containsExactlyElementsOf(events(withoutFailure));
        assertThat(json(output.scores())).containsAll(json(withoutFailure.scores()));
    }

    @Test
    void recordsOfSeveralPartitionsSentTogetherArePublishedOnceWithTheOfflineDetectionsOutputs() {
        Batch batch = new Batch();
        String poisoned = batch.channel(11, 400, 800, 300, 340);
        String b = batch.channel(12, 400, 800, 300, 340);
        String c = batch.channel(13, 400, 800, 300, 340);
        batch.plantFailure(poisoned);
        batch.partition(0, poisoned);
        batch.partition(1, b);
        batch.partition(2, c);

        batch.send(bootstrapServers);
        outputs.awaitConsumed();

        assertThat(outputs.deadLetters(poisoned)).singleElement().satisfies(dead -> assertThat(
                DetectorOutputs.header(dead, Topics.DLQ_REASON)).startsWith("processing failed 3 times"));
        assertThat(outputs.scoredPoints(poisoned)).hasSize(400 + 800 - 1).doesNotHaveDuplicates();
        for (String channel : List.of(b, c)) {
            List<Double> offlineScores = new ArrayList<>();
            List<AnomalyEvent> offline = OfflineDetection.run(config, "SMAP", channel,
                    batch.points.get(channel).iterator(), offlineScores::add);
            assertThat(outputs.events(channel)).isNotEmpty().containsExactlyElementsOf(offline);
            assertThat(scores(outputs.scores(channel), channel)).containsExactlyElementsOf(floats(offlineScores));
        }
    }

    private DetectionService newService() {
        DetectionService service = new DetectionService(config, settings, repository, registry);
        services.add(service);
        return service;
    }

    private static List<String> json(List<ScoreBatch> scores) {
        return scores.stream().map(batch -> new String(TelemetryJson.write(batch), StandardCharsets.UTF_8)).toList();
    }

    /** The channel's scores, point by point. */
    private static List<Float> scores(List<ScoreBatch> scores, String channel) {
        List<Float> points = new ArrayList<>();
        for (ScoreBatch batch : scores) {
            for (int i = 0; batch.channel().equals(channel) && i < batch.size(); i++) {
                points.add(batch.scores()[i]);
            }
        }
        return points;
    }

    private static List<Float> floats(List<Double> scores) {
        return scores.stream().map(score -> (float) score.doubleValue()).toList();
    }

    /** Records of telemetry.raw built here, each partition's offsets from 0, grouped by partition. */
    private static final class Batch {
        final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        final Map<String, List<TelemetryPoint>> points = new LinkedHashMap<>();
        final Map<Integer, Long> next = new HashMap<>();
        /** The channel whose test point 100 carries the command value PlantedFailureDetector fails on. */
        String plantedChannel;
        long plantedOffset = -1;

        /** A channel with a shift planted over test indices [shiftFrom, shiftTo); not in the batch yet. */
        String channel(long seed, int train, int test, int shiftFrom, int shiftTo) {
            String channel = "PAR-" + UUID.randomUUID().toString().substring(0, 8);
            points.put(channel, TelemetryStream.points(channel, seed, train, test, shiftFrom, shiftTo));
            return channel;
        }

        void plantFailure(String channel) {
            plantedChannel = channel;
        }

        /** Appends the channels' points to {@code partition}, interleaved (one point of each in turn). */
        void partition(int partition, String... channels) {
            for (int i = 0; ; i++) {
                boolean any = false;
                for (String channel : channels) {
                    List<TelemetryPoint> series = points.get(channel);
                    if (i < series.size()) {
                        any = true;
                        add(partition, channel, TelemetryJson.write(planted(series.get(i))));
                    }
                }
                if (!any) {
                    return;
                }
            }
        }

        private TelemetryPoint planted(TelemetryPoint point) {
            if (!point.channel().equals(plantedChannel) || point.split() != Split.TEST || point.index() != 100) {
                return point;
            }
            plantedOffset = next.getOrDefault(0, 0L);
            double[] commands = point.commands().clone();
            commands[0] = 0.5;
            return new TelemetryPoint(point.spacecraft(), point.channel(), point.split(), point.index(),
                    point.eventTime(), point.value(), commands);
        }

        void add(int partition, String key, byte[] value) {
            long offset = next.merge(partition, 1L, Long::sum) - 1;
            records.add(new ConsumerRecord<>(Topics.RAW, partition, offset, key.getBytes(StandardCharsets.UTF_8),
                    value));
        }

        List<ConsumerRecord<byte[], byte[]>> of(Integer... partitions) {
            return records.stream().filter(record -> List.of(partitions).contains(record.partition())).toList();
        }

        /**
         * Sends every record to its partition, all at once (not in a transaction: its commit markers would keep the
         * consumer's lag above 0 for good).
         */
        void send(String bootstrapServers) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                    new ByteArraySerializer())) {
                records.forEach(record -> producer.send(new ProducerRecord<>(Topics.RAW, record.partition(),
                        new String(record.key(), StandardCharsets.UTF_8), record.value())));
                producer.flush();
            }
        }
    }

    private static List<AnomalyEvent> events(DetectionOutput output) {
        return output.events().stream().map(DetectionOutput.Raised::event).toList();
    }
}
