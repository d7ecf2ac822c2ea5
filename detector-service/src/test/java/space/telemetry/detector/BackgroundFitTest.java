package space.telemetry.detector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import space.telemetry.contract.AnomalyEvent;
import space.telemetry.contract.ScoreBatch;
import space.telemetry.contract.Split;
import space.telemetry.contract.TelemetryCodec;
import space.telemetry.contract.TelemetryPoint;
import space.telemetry.contract.Topics;
import space.telemetry.detection.DetectionConfig;
import space.telemetry.detection.DetectorSpec;
import space.telemetry.detection.EventSettings;
import space.telemetry.detection.OfflineDetection;
import space.telemetry.detector.config.DetectorServiceConfig;
import space.telemetry.detector.messaging.PartitionRebalanceListener;
import space.telemetry.detector.repository.DetectorStateRepository;
import space.telemetry.detector.service.BatchRefused;
import space.telemetry.detector.service.DetectionOutput;
import space.telemetry.detector.service.DetectionService;
import space.telemetry.detector.service.ProcessingFailure;
import space.telemetry.localinfra.KafkaBrokerTestResource;

/**
 * A channel whose MLP fit runs on the training pool waits, its records queued, while the other channels are
 * processed and published; once the fit is in, its records give exactly the offline evaluation's events and scores,
 * also when a batch is rolled back while it waits. Service instances of their own (the running consumer's is left
 * alone), with a training executor the test holds; the restore re-reads telemetry.raw from the broker.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class BackgroundFitTest {
    /** A z-score detector and a small MLP forecaster, no test grace: events right after the fit. */
    static final DetectionConfig MLP = new DetectionConfig(List.of(
            new DetectorSpec("zscore", "rolling-zscore", 6.0, Map.of("window", 250, "min-std", 0.05)),
            new DetectorSpec("shape", "mlp-forecast", 4.0, Map.of("lags", 10, "hidden", 8, "epochs", 3,
                    "networks", 2, "window", 300, "min-window", 10))),
            new EventSettings(2, 20, false, 0, 0));

    /** MLP plus PlantedFailureDetector: a point whose first command is 0.5 fails each time it is processed. */
    static final DetectionConfig MLP_PLANTED = new DetectionConfig(java.util.stream.Stream.concat(
            MLP.detectors().stream(), java.util.stream.Stream.of(new DetectorSpec("planted", "planted-failure", 1.0,
                    Map.of("fail-on-command", 0.5)))).toList(), MLP.events());

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    final DetectorServiceConfig settings;
    final DetectorStateRepository repository;
    final MeterRegistry registry;
    final List<DetectionService> services = new ArrayList<>();
    final HeldExecutor training = new HeldExecutor();
    final List<Integer> finished = new CopyOnWriteArrayList<>();
    final List<StateTopic> stateTopics = new ArrayList<>();

    BackgroundFitTest(DetectorServiceConfig settings, DetectorStateRepository repository, MeterRegistry registry) {
        this.settings = settings;
        this.repository = repository;
        this.registry = registry;
    }

    @AfterEach
    void stop() {
        services.forEach(DetectionService::stopWorkers);
        stateTopics.forEach(StateTopic::close);
    }

    private StateTopic stateTopic() {
        StateTopic topic = new StateTopic(bootstrapServers);
        stateTopics.add(topic);
        return topic;
    }

    @Test
    void otherChannelsArePublishedWhileOneWaitsForItsFitThenItsRecordsGiveTheOfflineResults() {
        String a = TelemetryStream.uniqueChannel("FIT");
        String b = TelemetryStream.uniqueChannel("FIT");
        String c = TelemetryStream.uniqueChannel("FIT");
        Map<String, List<TelemetryPoint>> points = Map.of(
                a, TelemetryStream.points(a, 1, 400, 600, 300, 330), // test split first: its fit is held
                b, TelemetryStream.points(b, 2, 700, 300, 100, 130), // same partition, fits inline later
                c, TelemetryStream.points(c, 3, 500, 500, 200, 230)); // another partition, next batch
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long[] next = new long[2];
        interleave(records, next, 0, points.get(a), points.get(b));
        interleave(records, next, 1, points.get(c));
        long waitFrom = 2 * 400; // a's first test point: the two channels alternate on partition 0
        DetectionService service = newService();
        training.hold(1);

        DetectionOutput first = service.process(records.stream().filter(r -> r.partition() == 0).toList());
        service.committed(first);
        DetectionOutput other = service.process(records.stream().filter(r -> r.partition() == 1).toList());

        assertThat(training.held()).as("a's fit waits").isEqualTo(1);
        assertThat(events(first, b)).isNotEmpty().containsExactlyElementsOf(offline(points, b));
        assertThat(scores(first, b)).containsExactlyElementsOf(offlineScores(points, b));
        assertThat(events(other, c)).isNotEmpty().containsExactlyElementsOf(offline(points, c));
        assertThat(scores(other, c)).containsExactlyElementsOf(offlineScores(points, c));
        assertThat(events(first, a)).isEmpty();
        assertThat(scores(first, a)).hasSize(400).containsExactlyElementsOf(
                offlineScores(points, a).subList(0, 400));
        assertThat(first.waiting()).singleElement()
                .isEqualTo(new DetectionOutput.Waiting(a, 0, waitFrom));
        assertThat(first.replayFrom().get(0)).isLessThanOrEqualTo(waitFrom);
        assertThat(first.checkpoints()).extracting(DetectionOutput.Checkpoint::channel).doesNotContain(a)
                .contains(b);
        assertThat(other.checkpoints()).extracting(DetectionOutput.Checkpoint::channel).containsExactly(c);
        assertThat(other.waiting()).isEmpty();
        assertThat(service.waitingChannels()).isEqualTo(1);
        service.committed(other);

        finished.clear(); // b's and c's fits ran inline, and said so
        training.release();
        assertThat(finished).containsExactly(0);
        // what bringing a batch does: the consumer re-delivers partition 0's last record, which is skipped
        DetectionOutput second = service.process(List.of(records.get((int) next[0] - 1)));

        assertThat(events(second, a)).isNotEmpty().containsExactlyElementsOf(offline(points, a));
        List<Float> aScores = new ArrayList<>(scores(first, a));
        aScores.addAll(scores(second, a));
        assertThat(aScores).containsExactlyElementsOf(offlineScores(points, a));
        assertThat(events(second, b)).isEmpty();
        assertThat(second.waiting()).singleElement().isEqualTo(new DetectionOutput.Waiting(a, 0, -1));
        assertThat(second.rejected()).isEmpty();
        assertThat(service.waitingChannels()).isZero();
    }

    @Test
    void aBatchRolledBackWhileAChannelWaitsLosesAndDuplicatesNothing() {
        String a = TelemetryStream.uniqueChannel("FIT");
        String b = TelemetryStream.uniqueChannel("FIT");
        Map<String, List<TelemetryPoint>> points = fitAndPlain(a, b, 4);
        int partition = 2;
        List<ConsumerRecord<byte[], byte[]>> records = sendAndReadBack(partition, points.get(a), points.get(b));
        List<ConsumerRecord<byte[], byte[]>> firstBatch = records.subList(0, 1000); // a waits from its 401st record
        List<ConsumerRecord<byte[], byte[]>> secondBatch = records.subList(1000, records.size());
        DetectionService service = newService();
        training.hold(2);

        DetectionOutput first = service.process(firstBatch);
        assertThat(first.waiting()).singleElement().satisfies(waiting -> {
            assertThat(waiting.channel()).isEqualTo(a);
            assertThat(waiting.offset()).isEqualTo(records.get(800).offset());
        });
        service.committed(first);
        service.process(secondBatch);
        service.rollback(new IllegalStateException("the transaction was aborted"));
        assertThat(service.channelIds()).isEmpty();
        // the consumer brings a batch of these partitions after a rollback, even if nothing new arrives on them
        assertThat(service.waitingPartitions()).containsExactly(partition);
        long fits = fitCount();
        training.release(); // the dropped channels' fits: cancelled, they never run
        assertThat(fitCount()).isEqualTo(fits);
        assertThat(finished).isEmpty();

        DetectionOutput retried = service.process(secondBatch); // restores: a's fit inline, its records published

        assertThat(retried.waiting()).singleElement().isEqualTo(new DetectionOutput.Waiting(a, partition, -1));
        assertSameAsOffline(List.of(first, retried), points);
    }

    @Test
    void aChannelThatQueuesTooManyRecordsHasItsTaskRunTheFitAndNothingIsPublishedTwice() {
        String a = TelemetryStream.uniqueChannel("FIT");
        String b = TelemetryStream.uniqueChannel("FIT");
        Map<String, List<TelemetryPoint>> points = Map.of(
                a, TelemetryStream.points(a, 6, 400, 600, 300, 330),
                b, TelemetryStream.points(b, 7, 1000, 0, 0, 0));
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        interleave(records, new long[1], 0, points.get(a), points.get(b));
        DetectionService service = newService(MLP, SettingsOverride.with(settings, "maxWaitingRecords", 50),
                repository);
        training.hold(1);
        long fits = fitCount();

        DetectionOutput output = service.process(records);

        assertThat(training.held()).as("the pool never got to it").isEqualTo(1);
        assertThat(events(output, a)).isNotEmpty().containsExactlyElementsOf(offline(points, a));
        assertThat(scores(output, a)).containsExactlyElementsOf(offlineScores(points, a));
        assertThat(output.waiting()).isEmpty();
        assertThat(fitCount()).isEqualTo(fits + 1);
        training.release(); // the pool's turn: the task claimed the fit, it does not run twice
        assertThat(fitCount()).isEqualTo(fits + 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void manyWaitingChannelsQueueNoMoreRecordsThanTheServiceWideBoundAndGiveTheOfflineResults() {
        int count = 12;
        int partitions = 3; // their tasks run in parallel and share the bound
        int bound = 300; // far below count x max-waiting-records (2,000): only the service-wide bound applies
        Map<String, List<TelemetryPoint>> points = new LinkedHashMap<>();
        List<List<List<TelemetryPoint>>> channelsOf = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            channelsOf.add(new ArrayList<>());
        }
        for (int i = 0; i < count; i++) {
            String channel = TelemetryStream.uniqueChannel("MANY");
            points.put(channel, TelemetryStream.points(channel, 20 + i, 300, 300, 100, 130));
            channelsOf.get(i % partitions).add(points.get(channel));
        }
        long[] next = new long[partitions];
        List<List<ConsumerRecord<byte[], byte[]>>> records = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            records.add(new ArrayList<>());
            interleave(records.get(p), next, p, channelsOf.get(p).toArray(List[]::new));
        }
        DetectionService service = newService(MLP, SettingsOverride.with(settings, "maxWaitingRecordsTotal", bound),
                repository);
        training.hold(count); // every channel's fit stays in the pool: the channels wait together
        long fits = fitCount();

        List<DetectionOutput> outputs = new ArrayList<>();
        int most = 0;
        for (int from = 0; from < records.get(0).size(); from += 100) {
            List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
            for (List<ConsumerRecord<byte[], byte[]>> partition : records) {
                batch.addAll(partition.subList(from, Math.min(partition.size(), from + 100)));
            }
            outputs.add(service.process(batch));
            service.committed(outputs.get(outputs.size() - 1));
            assertThat(service.queuedRecords()).isLessThanOrEqualTo(bound);
            most = Math.max(most, service.queuedRecords());
        }

        assertThat(most).as("the channels queued up to the bound").isGreaterThan(bound / 2);
        assertThat(fitCount() - fits).as("fits claimed by the partitions' tasks").isPositive();
        training.release(); // the fits the tasks claimed do not run again; the others finish now
        // each partition's last record re-delivered: drains the rest
        outputs.add(service.process(records.stream().map(partition -> partition.get(partition.size() - 1)).toList()));
        assertThat(service.queuedRecords()).isZero();
        assertThat(service.waitingChannels()).isZero();
        assertThat(fitCount()).isEqualTo(fits + count);
        for (String channel : points.keySet()) {
            assertThat(events(outputs, channel)).as(channel).containsExactlyElementsOf(offline(points, channel));
            assertThat(scores(outputs, channel)).as(channel).containsExactlyElementsOf(offlineScores(points, channel));
        }
        assertThat(points.keySet()).as("events to compare, or this test proves little")
                .anySatisfy(channel -> assertThat(offline(points, channel)).isNotEmpty());
    }

    @Test
    void recordsThatCannotBeReadWhileAChannelWaitsAreDeadLetteredInOrderOnceItsFitIsIn() {
        String a = TelemetryStream.uniqueChannel("WAITDLQ");
        List<TelemetryPoint> points = TelemetryStream.points(a, 9, 400, 300, 100, 130);
        Unreadable unreadable = new Unreadable(a, points, 400);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < unreadable.keys.size(); i++) {
            records.add(new ConsumerRecord<>(Topics.RAW, 0, i, unreadable.keys.get(i).getBytes(StandardCharsets.UTF_8),
                    unreadable.values.get(i)));
        }
        DetectionService service = newService();
        training.hold(1);

        DetectionOutput first = service.process(records);
        service.committed(first);
        training.release();
        DetectionOutput second = service.process(List.of(records.get(records.size() - 1))); // brought: drains

        assertThat(first.rejected()).as("queued behind the channel's records").isEmpty();
        assertThat(deadLetters(List.of(first, second), a)).isEqualTo(unreadable.deadLetters(records));
        assertThat(events(List.of(first, second), a)).isNotEmpty().containsExactlyElementsOf(offline(MLP, points));
        assertThat(scores(List.of(first, second), a)).containsExactlyElementsOf(offlineScores(MLP, points));
    }

    @Test
    void recordsThatCannotBeProcessedWhileAChannelWaitsAreDeadLetteredOnceInOrderAcrossRollbacksAndRestarts() {
        String a = TelemetryStream.uniqueChannel("WAITDLQ");
        List<TelemetryPoint> points = TelemetryStream.points(a, 8, 400, 300, 100, 130);
        TelemetryPoint planted = points.get(405); // fails each time it is processed, till it is dead-lettered
        Unreadable unreadable = new Unreadable(a, points, 400);
        int plantedAt = unreadable.values.indexOf(unreadable.values.stream()
                .filter(value -> Arrays.equals(value, TelemetryCodec.write(planted))).findFirst().orElseThrow());
        unreadable.values.set(plantedAt, TelemetryCodec.write(withCommand(planted, 0, 0.5)));
        int partition = 0;
        List<ConsumerRecord<byte[], byte[]>> records = sendAndReadBack(partition, unreadable.keys, unreadable.values);
        List<ConsumerRecord<byte[], byte[]>> first = records.subList(0, 450); // the channel waits from its 401st
        List<ConsumerRecord<byte[], byte[]>> second = records.subList(450, 550);
        List<ConsumerRecord<byte[], byte[]>> third = records.subList(550, records.size());
        StateTopic state = stateTopic();
        DetectorServiceConfig stateSettings = state.settings(settings);
        training.hold(1);

        DetectionService before = newService(MLP_PLANTED, stateSettings, state.repository(settings));
        before.assign(Set.of(partition), Map.of());
        DetectionOutput firstOutput = before.process(first);
        assertThat(firstOutput.rejected()).as("queued behind the channel's records").isEmpty();
        assertThat(firstOutput.waiting()).singleElement()
                .isEqualTo(new DetectionOutput.Waiting(a, partition, records.get(400).offset()));
        state.commit(firstOutput, next(first));
        // a restart: its restore publishes the waiting records, and fails on the planted one till it dead-letters it
        DetectionService restarted = newService(MLP_PLANTED, stateSettings, state.repository(settings));
        restarted.assign(Set.of(partition), state.committedOffsets());
        List<ProcessingFailure> failures = new ArrayList<>();
        DetectionOutput secondOutput = null;
        while (secondOutput == null && failures.size() <= settings.maxAttempts()) {
            try {
                secondOutput = restarted.process(second);
            } catch (ProcessingFailure failure) {
                failures.add(failure);
                restarted.rollback(failure);
            }
        }
        assertThat(failures).hasSize(settings.maxAttempts());
        state.commit(secondOutput, next(second));
        DetectionService again = newService(MLP_PLANTED, stateSettings, state.repository(settings));
        again.assign(Set.of(partition), state.committedOffsets());
        DetectionOutput thirdOutput = again.process(third);
        training.release();

        List<DetectionOutput> published = List.of(firstOutput, secondOutput, thirdOutput);
        List<String> expected = new ArrayList<>(unreadable.deadLetters(records));
        expected.add(records.get(plantedAt).offset() + " processing failed 3 times: "
                + "java.lang.IllegalStateException: planted failure on command 0.5");
        expected.sort(java.util.Comparator.comparingLong(letter -> Long.parseLong(letter.split(" ")[0])));
        assertThat(deadLetters(published, a)).isEqualTo(expected);
        List<TelemetryPoint> processed = points.stream().filter(point -> point != planted).toList();
        assertThat(events(published, a)).isNotEmpty().containsExactlyElementsOf(offline(MLP_PLANTED, processed));
        assertThat(scores(published, a)).containsExactlyElementsOf(offlineScores(MLP_PLANTED, processed));
    }

    @Test
    void aCommitWhoseOutcomeIsUnknownLosesNothingOnceTheCommittedStateIsReadBack() {
        String a = TelemetryStream.uniqueChannel("FIT");
        String b = TelemetryStream.uniqueChannel("FIT");
        Map<String, List<TelemetryPoint>> points = fitAndPlain(a, b, 4);
        int partition = 1;
        List<ConsumerRecord<byte[], byte[]>> records = sendAndReadBack(partition, points.get(a), points.get(b));
        List<ConsumerRecord<byte[], byte[]>> first = records.subList(0, 700);
        List<ConsumerRecord<byte[], byte[]>> second = records.subList(700, 1000); // a waits from its 401st record
        List<ConsumerRecord<byte[], byte[]>> third = records.subList(1000, records.size());
        StateTopic state = stateTopic();
        DetectionService service = newService(state, partition);
        training.hold(1);

        DetectionOutput firstOutput = processAndCommit(service, state, first);
        DetectionOutput secondOutput = service.process(second);
        assertThat(secondOutput.waiting()).singleElement().extracting(DetectionOutput.Waiting::channel).isEqualTo(a);
        state.commit(secondOutput, next(second)); // committed, but the service hears otherwise:
        service.rollback(new TimeoutException("Timeout expired after 60000ms while awaiting EndTxn(true)"));
        // what TelemetryConsumer does after a failure past detection: no batch till the committed state is read back
        service.commitOutcomeUnknown();
        assertThatThrownBy(() -> service.process(third)).isInstanceOf(BatchRefused.class);
        assertThat(readBack(state, service, partition)).as("the consumer goes back one record: a batch comes")
                .isEqualTo(third.get(0).offset() - 1);
        DetectionOutput thirdOutput = service.process(third);
        training.release();

        assertThat(thirdOutput.waiting()).singleElement()
                .isEqualTo(new DetectionOutput.Waiting(a, partition, -1));
        List<DetectionOutput> published = List.of(firstOutput, secondOutput, thirdOutput);
        assertSameAsOffline(published, points);
    }

    @Test
    void aCommitWhoseOutcomeIsUnknownDoublesNothingOnceTheCommittedStateIsReadBack() {
        String a = TelemetryStream.uniqueChannel("FIT");
        String b = TelemetryStream.uniqueChannel("FIT");
        Map<String, List<TelemetryPoint>> points = fitAndPlain(a, b, 6);
        int partition = 1;
        List<ConsumerRecord<byte[], byte[]>> records = sendAndReadBack(partition, points.get(a), points.get(b));
        List<ConsumerRecord<byte[], byte[]>> first = records.subList(0, 1000); // a waits from its 401st record
        List<ConsumerRecord<byte[], byte[]>> second = records.subList(1000, 1100); // publishes a's waiting records
        List<ConsumerRecord<byte[], byte[]>> third = records.subList(1100, records.size());
        StateTopic state = stateTopic();
        DetectionService service = newService(state, partition);
        training.hold(1);

        DetectionOutput firstOutput = processAndCommit(service, state, first);
        training.release();
        DetectionOutput secondOutput = service.process(second);
        assertThat(secondOutput.waiting()).singleElement().isEqualTo(new DetectionOutput.Waiting(a, partition, -1));
        state.commit(secondOutput, next(second)); // committed, but the service hears otherwise:
        service.rollback(new TimeoutException("Timeout expired after 60000ms while awaiting EndTxn(true)"));
        service.commitOutcomeUnknown();
        assertThat(readBack(state, service, partition)).isEqualTo(third.get(0).offset());
        DetectionOutput thirdOutput = service.process(third);

        List<DetectionOutput> published = List.of(firstOutput, secondOutput, thirdOutput);
        assertSameAsOffline(published, points);
    }

    @Test
    void aBatchThatStartsAfterTheCommittedOffsetIsRefusedAndTheRecordsInBetweenArePublishedOnceRewound() {
        String a = TelemetryStream.uniqueChannel("GAP");
        String b = TelemetryStream.uniqueChannel("GAP");
        Map<String, List<TelemetryPoint>> points = fitAndPlain(a, b, 10);
        int partition = 2;
        List<ConsumerRecord<byte[], byte[]>> records = sendAndReadBack(partition, points.get(a), points.get(b));
        List<ConsumerRecord<byte[], byte[]>> first = records.subList(0, 700);
        List<ConsumerRecord<byte[], byte[]>> second = records.subList(700, 1000);
        List<ConsumerRecord<byte[], byte[]>> rest = records.subList(1000, records.size());
        StateTopic state = stateTopic();
        DetectionService service = newService(state, partition);

        DetectionOutput firstOutput = processAndCommit(service, state, first);
        // the second batch's transaction could not begin: nothing aborted, nothing moved the consumer back
        service.rollback(new TimeoutException("Timeout expired while awaiting InitProducerId"));
        Throwable refused = catchThrowable(() -> service.process(rest));
        assertThat(refused).as("the second batch's records were never processed").isInstanceOf(BatchRefused.class);
        service.rollback(refused);
        assertThat(readBack(state, service, partition)).isEqualTo(second.get(0).offset());
        DetectionOutput restOutput = service.process(records.subList(700, records.size()));

        List<DetectionOutput> published = List.of(firstOutput, restOutput);
        assertSameAsOffline(published, points);
    }

    @Test
    void aBatchAfterTransactionMarkersIsProcessedNotRefused() {
        String channel = TelemetryStream.uniqueChannel("TXN");
        List<TelemetryPoint> points = TelemetryStream.points(channel, 12, 400, 300, 200, 230);
        int partition = 1;
        List<ConsumerRecord<byte[], byte[]>> records = sendAndReadBack(partition,
                points.stream().map(TelemetryPoint::channel).toList(),
                points.stream().map(TelemetryCodec::write).toList(), 100);
        assertThat(records.get(100).offset()).as("a commit marker between the batches")
                .isEqualTo(records.get(99).offset() + 2);
        StateTopic state = stateTopic();
        DetectionService service = newService(state, partition);

        List<DetectionOutput> published = new ArrayList<>();
        for (int from = 0; from < records.size(); from += 100) {
            List<ConsumerRecord<byte[], byte[]>> batch = records.subList(from, Math.min(from + 100, records.size()));
            published.add(processAndCommit(service, state, batch));
        }

        assertSameAsOffline(published, Map.of(channel, points));
    }

    /**
     * What TelemetryConsumer does after a failed batch: the rebalance listener's rewind, run with a consumer of the
     * state topic's group on {@code partition} that SmallRye did not move back (it stands at the partition's end,
     * paused, as a reset that failed halfway leaves it), moves it to the committed offset and reads the committed state
     * back when the service does not know it; the consumer's position after it (it is resumed).
     */
    private long readBack(StateTopic state, DetectionService service, int partition) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, state.group);
        TopicPartition raw = new TopicPartition(Topics.RAW, partition);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(raw));
            consumer.seekToEnd(List.of(raw));
            consumer.position(raw);
            consumer.pause(List.of(raw));
            new PartitionRebalanceListener(service).rewind(consumer, service.committedStateUnknown());
            assertThat(consumer.paused()).as("resumed").isEmpty();
            return consumer.position(raw);
        }
    }

    /**
     * A channel's points as raw records, with records that cannot be read inserted after its point {@code from}: not
     * JSON, truncated binary, a NaN value, another channel's point under its key, and a point sent again out of order
     * (skipped, not dead-lettered).
     */
    static final class Unreadable {
        final List<String> keys = new ArrayList<>();
        final List<byte[]> values = new ArrayList<>();
        /** Positions of the unreadable records among {@link #values}. */
        final List<Integer> positions = new ArrayList<>();

        Unreadable(String channel, List<TelemetryPoint> points, int from) {
            byte[] binary = TelemetryCodec.write(points.get(from));
            TelemetryPoint nan = points.get(from + 14);
            List<byte[]> bad = List.of("{not json".getBytes(StandardCharsets.UTF_8),
                    Arrays.copyOf(binary, binary.length - 2),
                    TelemetryCodec.write(new TelemetryPoint(nan.spacecraft(), nan.channel(), nan.split(), nan.index(),
                            nan.eventTime(), Double.NaN, nan.commands())),
                    TelemetryCodec.write(TelemetryStream.points("OTHER-" + channel, 1, 1, 0, -1, -1).get(0)));
            for (int i = 0; i < points.size(); i++) {
                if (i > from && i <= from + 4 * bad.size() && (i - from) % 4 == 0) {
                    positions.add(values.size());
                    keys.add(channel);
                    values.add(bad.get((i - from) / 4 - 1));
                }
                if (i == from + 20) {
                    keys.add(channel);
                    values.add(TelemetryCodec.write(points.get(from + 3))); // out of order: a duplicate
                }
                keys.add(channel);
                values.add(TelemetryCodec.write(points.get(i)));
            }
        }

        /** The dead letters expected: "offset reason" of each unreadable record, in order. */
        List<String> deadLetters(List<ConsumerRecord<byte[], byte[]>> records) {
            return positions.stream().map(position -> records.get(position).offset() + " "
                    + catchThrowable(() -> TelemetryCodec.readPoint(keys.get(position), values.get(position)))
                            .getMessage()).toList();
        }
    }

    private long fitCount() {
        return registry.get("detector.fit.duration").timer().count();
    }

    private DetectionService newService() {
        DetectionService service = new DetectionService(MLP, settings, repository, registry, training);
        service.onFitFinished(finished::add);
        services.add(service);
        return service;
    }

    /** Appends the channels' records to a partition, one point of each in turn, offsets from {@code next}. */
    private static void interleave(List<ConsumerRecord<byte[], byte[]>> records, long[] next, int partition,
            List<TelemetryPoint>... channels) {
        for (TelemetryPoint point : interleaved(channels)) {
            records.add(new ConsumerRecord<>(Topics.RAW, partition, next[partition]++,
                    point.channel().getBytes(StandardCharsets.UTF_8), TelemetryCodec.write(point)));
        }
    }

    @SafeVarargs
    private static List<TelemetryPoint> interleaved(List<TelemetryPoint>... channels) {
        List<TelemetryPoint> all = new ArrayList<>();
        for (int i = 0; ; i++) {
            boolean any = false;
            for (List<TelemetryPoint> series : channels) {
                if (i < series.size()) {
                    any = true;
                    all.add(series.get(i));
                }
            }
            if (!any) {
                return all;
            }
        }
    }

    /** Sends the channels' points (interleaved) to a raw partition and reads them back with their offsets. */
    @SafeVarargs
    private List<ConsumerRecord<byte[], byte[]>> sendAndReadBack(int partition, List<TelemetryPoint>... channels) {
        List<TelemetryPoint> all = interleaved(channels);
        return sendAndReadBack(partition, all.stream().map(TelemetryPoint::channel).toList(),
                all.stream().map(TelemetryCodec::write).toList());
    }

    /** Sends raw records (keys and values) to a raw partition and reads them back with their offsets. */
    private List<ConsumerRecord<byte[], byte[]>> sendAndReadBack(int partition, List<String> keys,
            List<byte[]> values) {
        return sendAndReadBack(partition, keys, values, 0);
    }

    /**
     * As {@link #sendAndReadBack(int, List, List)}; with {@code perTransaction} > 0 from a transactional producer, a
     * transaction committed every {@code perTransaction} records (each commit leaves a marker at an offset).
     */
    private List<ConsumerRecord<byte[], byte[]>> sendAndReadBack(int partition, List<String> keys,
            List<byte[]> values, int perTransaction) {
        TopicPartition raw = new TopicPartition(Topics.RAW, partition);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (perTransaction > 0) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "raw-" + TelemetryStream.uniqueChannel("TX"));
        }
        long start;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            start = consumer.endOffsets(List.of(raw)).get(raw);
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            if (perTransaction > 0) {
                producer.initTransactions();
            }
            for (int i = 0; i < keys.size(); i++) {
                if (perTransaction > 0 && i % perTransaction == 0) {
                    producer.beginTransaction();
                }
                producer.send(new ProducerRecord<>(Topics.RAW, partition, keys.get(i), values.get(i)));
                if (perTransaction > 0 && (i % perTransaction == perTransaction - 1 || i == keys.size() - 1)) {
                    producer.commitTransaction();
                }
            }
            producer.flush();
        }
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            consumer.assign(List.of(raw));
            consumer.seek(raw, start);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.size() < keys.size() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        // other tests share the broker: keep this test's channels only (offsets stay what they are)
        Set<String> ours = Set.copyOf(keys);
        records.removeIf(record -> !ours.contains(new String(record.key(), StandardCharsets.UTF_8)));
        assertThat(records).hasSize(keys.size());
        return records;
    }

    private KafkaConsumer<byte[], byte[]> consumer() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100000");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<AnomalyEvent> offline(DetectionConfig detection, List<TelemetryPoint> points) {
        return OfflineDetection.run(detection, "SMAP", points.get(0).channel(), points.iterator());
    }

    private static List<Float> offlineScores(DetectionConfig detection, List<TelemetryPoint> points) {
        List<Float> scores = new ArrayList<>();
        OfflineDetection.run(detection, "SMAP", points.get(0).channel(), points.iterator(),
                score -> scores.add((float) score));
        return scores;
    }

    private static List<AnomalyEvent> offline(Map<String, List<TelemetryPoint>> points, String channel) {
        return OfflineDetection.run(MLP, "SMAP", channel, points.get(channel).iterator());
    }

    private static List<Float> offlineScores(Map<String, List<TelemetryPoint>> points, String channel) {
        List<Float> scores = new ArrayList<>();
        OfflineDetection.run(MLP, "SMAP", channel, points.get(channel).iterator(),
                score -> scores.add((float) score));
        return scores;
    }

    /** Every channel's published events (at least one) and scores are the offline run's, in order. */
    private static void assertSameAsOffline(List<DetectionOutput> published, Map<String, List<TelemetryPoint>> points) {
        for (String channel : points.keySet()) {
            assertThat(events(published, channel)).as(channel).isNotEmpty()
                    .containsExactlyElementsOf(offline(points, channel));
            assertThat(scores(published, channel)).as(channel).containsExactlyElementsOf(offlineScores(points, channel));
        }
    }

    private static List<AnomalyEvent> events(List<DetectionOutput> outputs, String channel) {
        return outputs.stream().flatMap(output -> events(output, channel).stream()).toList();
    }

    private static List<Float> scores(List<DetectionOutput> outputs, String channel) {
        return outputs.stream().flatMap(output -> scores(output, channel).stream()).toList();
    }

    /** A channel's dead letters as "offset reason", in the order published. */
    private static List<String> deadLetters(List<DetectionOutput> outputs, String channel) {
        return outputs.stream().flatMap(output -> output.rejected().stream())
                .filter(rejected -> channel.equals(new String(rejected.record().key(), StandardCharsets.UTF_8)))
                .map(rejected -> rejected.record().offset() + " " + rejected.reason()).toList();
    }

    /** The next raw offset after a batch, as the consumer commits it. */
    private static Map<Integer, Long> next(List<ConsumerRecord<byte[], byte[]>> batch) {
        ConsumerRecord<byte[], byte[]> last = batch.get(batch.size() - 1);
        return Map.of(last.partition(), last.offset() + 1);
    }

    /**
     * Two channels' points: {@code a} (400 history, 600 test) waits for its fit at its 401st point, {@code b} (1,200
     * history, 100 test) has its test split after that; seeds {@code seed} and {@code seed + 1}.
     */
    private static Map<String, List<TelemetryPoint>> fitAndPlain(String a, String b, long seed) {
        return Map.of(a, TelemetryStream.points(a, seed, 400, 600, 300, 330),
                b, TelemetryStream.points(b, seed + 1, 1200, 100, 50, 70));
    }

    /** A service of MLP on the state topic of the test's own, assigned {@code partition}. */
    private DetectionService newService(StateTopic state, int partition) {
        DetectionService service = newService(MLP, state.settings(settings), state.repository(settings));
        service.assign(Set.of(partition), Map.of());
        return service;
    }

    /** Processes a batch and commits it, as TelemetryConsumer does when its transaction commits. */
    private static DetectionOutput processAndCommit(DetectionService service, StateTopic state,
            List<ConsumerRecord<byte[], byte[]>> batch) {
        DetectionOutput output = service.process(batch);
        state.commit(output, next(batch));
        service.committed(output);
        return output;
    }

    private DetectionService newService(DetectionConfig detection, DetectorServiceConfig config,
            DetectorStateRepository stateRepository) {
        DetectionService service = new DetectionService(detection, config, stateRepository, registry, training);
        service.onFitFinished(finished::add);
        services.add(service);
        return service;
    }

    private static TelemetryPoint withCommand(TelemetryPoint point, int command, double value) {
        double[] commands = point.commands().clone();
        commands[command] = value;
        return new TelemetryPoint(point.spacecraft(), point.channel(), point.split(), point.index(), point.eventTime(),
                point.value(), commands);
    }

    private static List<AnomalyEvent> events(DetectionOutput output, String channel) {
        return output.events().stream().map(DetectionOutput.Raised::event)
                .filter(event -> event.channel().equals(channel)).toList();
    }

    private static List<Float> scores(DetectionOutput output, String channel) {
        List<Float> points = new ArrayList<>();
        for (ScoreBatch batch : output.scores()) {
            for (int i = 0; batch.channel().equals(channel) && i < batch.size(); i++) {
                points.add(batch.scores()[i]);
            }
        }
        return points;
    }

    /** Runs tasks inline, except the next {@link #hold} ones, kept until {@link #release}. */
    static final class HeldExecutor implements Executor {
        private final Queue<Runnable> held = new ArrayDeque<>();
        private final AtomicInteger toHold = new AtomicInteger();

        synchronized void hold(int tasks) {
            toHold.set(tasks);
        }

        synchronized int held() {
            return held.size();
        }

        @Override
        public void execute(Runnable task) {
            synchronized (this) {
                if (toHold.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    held.add(task);
                    return;
                }
            }
            task.run();
        }

        void release() {
            List<Runnable> tasks;
            synchronized (this) {
                tasks = new ArrayList<>(held);
                held.clear();
                toHold.set(0);
            }
            tasks.forEach(Runnable::run);
        }
    }
}
