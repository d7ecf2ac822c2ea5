package space.telemetry.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import space.telemetry.data.DatasetChannel;
import space.telemetry.data.PointStream;

class BenchmarkPartsTest {

    @Test
    void producerSettingsAreTheReplaysKafkaSettingsWithoutSerializers() {
        ReplaySettings settings = ReplaySettings.read(Path.of("../replay-service/src/main/resources/application.properties"));

        assertThat(settings.producer()).containsEntry("acks", "all").containsEntry("enable.idempotence", "true")
                .containsKeys("linger.ms", "batch.size")
                .doesNotContainKeys("key.serializer", "value.serializer", "topic", "connector");
        assertThat(settings.period()).isEqualTo(Duration.ofMinutes(1));
        // 60 channels at speed 60 (one point per channel and second with a one-minute period) send 60 records/s
        assertThat(settings.speedFor(60, 60)).isEqualTo(60.0);
        assertThat(settings.speedFor(5000, 50)).isEqualTo(6000.0);
    }

    @Test
    void serverHistogramPercentilesInterpolateWithinBucketsAsPromqlDoes() {
        String exposition = String.join("\n",
                "# TYPE detector_detection_latency_seconds histogram",
                "detector_detection_latency_seconds_bucket{le=\"0.01\"} 10",
                "detector_detection_latency_seconds_bucket{le=\"0.1\"} 90",
                "detector_detection_latency_seconds_bucket{le=\"1.0\"} 99",
                "detector_detection_latency_seconds_bucket{le=\"+Inf\"} 100",
                "detector_detection_latency_seconds_count 100",
                "detector_batch_duration_seconds_bucket{le=\"0.01\"} 5");

        ServerHistogram histogram = ServerHistogram.parse("detector_detection_latency_seconds", exposition);

        assertThat(histogram.count()).isEqualTo(100);
        // rank 50 lies 40 of the 80 observations into (0.01, 0.1]
        assertThat(histogram.quantileMs(0.5)).isCloseTo(55.0, offset(1e-9));
        assertThat(histogram.quantileMs(0.99)).isCloseTo(1000.0, offset(1e-9));
        assertThat(histogram.quantileMs(0.995)).isEqualTo(1000.0); // in +Inf: the highest finite bound
        assertThat(ServerHistogram.parse("absent", exposition).quantileMs(0.5)).isNaN();
    }

    @Test
    void readsKafkasProducerAndConsumerFigures() {
        KafkaTools.ProducerResult producer = KafkaTools.parseProducer("706971 records sent, 142938.012345 records/sec "
                + "(58.07 MB/sec), 2.10 ms avg latency, 310.00 ms max latency, 1 ms 50th, 5 ms 95th, 17 ms 99th, "
                + "40 ms 99.9th.", 3.5, Map.of());
        assertThat(producer.records()).isEqualTo(706_971);
        assertThat(producer.recordsPerSecond()).isEqualTo(142938.012345);
        assertThat(producer.megabytesPerSecond()).isEqualTo(58.07);
        assertThat(producer.avgLatencyMs()).isEqualTo(2.10);
        assertThat(producer.p50Ms()).isEqualTo(1);
        assertThat(producer.p99Ms()).isEqualTo(17);

        KafkaTools.ConsumerResult consumer = KafkaTools.parseConsumer(new KafkaTools.Output(List.of("some warning",
                "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, "
                        + "rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec",
                "[main] INFO org.apache.kafka.common.config.AbstractConfig - ConsumerConfig values: ",
                "\tallow.auto.create.topics = true",
                "2026-12-02 01:50:00:000, 2026-12-02 01:50:05:000, 287.2, 57.4, 706971, 141394.2, 3000, 2000, 143.6, "
                        + "353485.5"), 2.5), Path.of("log"));
        assertThat(consumer.records()).isEqualTo(706_971);
        assertThat(consumer.recordsPerSecond()).isEqualTo(141394.2);
        assertThat(consumer.fetchRecordsPerSecond()).isEqualTo(353485.5);
        assertThat(consumer.cpuSeconds()).isEqualTo(2.5);
        assertThatThrownBy(() -> KafkaTools.parseConsumer(new KafkaTools.Output(List.of("nothing"), 0), Path.of("log")))
                .hasMessageContaining("no figures");
    }

    @Test
    void onlyRunsTheNamedPhasesInTheirOrder() {
        assertThat(RunBenchmark.phases(null)).containsExactly("inprocess", "max", "alone", "paced");
        assertThat(RunBenchmark.phases("paced, alone")).containsExactly("alone", "paced");
        assertThatThrownBy(() -> RunBenchmark.phases("paced,fast")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown phase fast");
        assertThatThrownBy(() -> RunBenchmark.phases(",")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tableOfTheReplayAloneComparesItWithTheProducerAlone() {
        Map<String, Object> report = report(List.of("alone"));
        Map<String, Object> alone = new java.util.LinkedHashMap<>();
        alone.put("records", 1000L);
        alone.put("seconds", 0.02);
        alone.put("recordsPerSecond", 50_000.0);
        alone.put("jobSeconds", 1000 / 60_000.0);
        alone.put("jobRecordsPerSecond", 60_000.0);
        alone.put("batches", Map.of("batch-size-avg", 12_000.0));
        alone.put("cpuSeconds", 0.01);
        alone.put("brokerCpuSeconds", 0.02);
        alone.put("recordSizeBytes", 33);
        alone.put("producer", KafkaTools.parseProducer("1000 records sent, 100000.0 records/sec (3.1 MB/sec), 2.10 ms "
                + "avg latency, 310.00 ms max latency, 1 ms 50th, 5 ms 95th, 17 ms 99th, 40 ms 99.9th.", 0.005,
                Map.of("batch-size-avg", 30_000.0)));
        alone.put("producerBrokerCpuSeconds", 0.01);
        report.put("replayAlone", alone);

        List<String> table = BenchmarkReport.table(report);

        assertThat(table).anyMatch(line -> line.contains("replay-service at `max` alone") && line.contains("own clock")
                        && line.endsWith("| 0.60 |"))
                .anyMatch(line -> line.contains("from the request to COMPLETED") && line.endsWith("| 0.50 |"))
                .anyMatch(line -> line.contains("replay alone / Kafka's producer alone") && line.contains("0.60")
                        && line.endsWith(": met"))
                .contains("  batches, replay alone: batch-size-avg 12,000",
                        "  batches, producer alone: batch-size-avg 30,000")
                .anyMatch(line -> line.contains("replay-service (alone)") && line.contains("10.0 us/record"))
                .noneMatch(line -> line.contains("paced run") || line.contains("RSS"));
    }

    @Test
    void readsTheProducersBatchFiguresFromPrometheusAndFromProducerPerformance() {
        String exposition = """
                # TYPE kafka_producer_batch_size_avg gauge
                kafka_producer_batch_size_avg{client_id="kafka-producer-telemetry-raw",kafka_version="4.1.2",} 4096.5
                kafka_producer_batch_size_max{client_id="kafka-producer-telemetry-raw",kafka_version="4.1.2",} 65536.0
                kafka_producer_request_total{client_id="kafka-producer-telemetry-raw",kafka_version="4.1.2",} 212.0
                """;
        List<String> tool = List.of("Metric Name                                  Value",
                "producer-metrics:batch-size-avg:{client-id=perf-producer-client}        : 16012.250",
                "producer-metrics:batch-size-max:{client-id=perf-producer-client}        : 65536.000",
                "producer-node-metrics:request-total:{client-id=perf-producer-client, node-id=node-1} : 9.000",
                "producer-metrics:request-total:{client-id=perf-producer-client}         : 71.000");

        assertThat(ProducerMetrics.fromExposition(exposition))
                .containsExactly(Map.entry("batch-size-avg", 4096.5), Map.entry("request-total", 212.0));
        assertThat(ProducerMetrics.fromToolOutput(tool))
                .containsExactly(Map.entry("batch-size-avg", 16012.25), Map.entry("request-total", 71.0));
    }

    @Test
    void theEndToEndCeilingIsTheCoresTimesTheInProcessSecondsOverThePipelinesCpu() {
        Map<String, Object> report = report(List.of("inprocess", "max"));
        Map<String, Object> services = Map.of("replay-service", Map.of("cpuSeconds", 2.0),
                "detector-service-1", Map.of("cpuSeconds", 24.0), "anomaly-store", Map.of("cpuSeconds", 4.0));
        Map<String, Object> run = Map.of("records", 1000L, "brokerCpuSeconds", 6.0, "endToEndSeconds", 20.0,
                "services", services);

        String line = BenchmarkReport.cpuBound(report, run, Map.of("seconds", 8.0, "points", 1000L));

        assertThat(line).contains("CPU ceiling 0.44 if its services and broker kept the 2 cores busy",
                "took 36.0 CPU-s, 90% of the cores over its 20.0 s", "detection 8.0 s");
        assertThat(BenchmarkReport.cpuBound(report, run, Map.of("seconds", 8.0, "points", 2000L)))
                .contains("CPU ceiling 0.22");
    }

    @Test
    void theFirstLineSaysWhenThePipelineRanWithoutScores() {
        Map<String, Object> report = report(List.of());
        report.put("scores", true);
        assertThat(BenchmarkReport.table(report).get(0)).doesNotContain("scores");
        report.put("scores", false);
        assertThat(BenchmarkReport.table(report).get(0)).endsWith(", without per-point scores ===");
    }

    @Test
    void aReniceOfTheSessionIsReportedAsAWarning() {
        Map<String, Object> report = report(List.of());
        assertThat(BenchmarkReport.table(report)).noneMatch(line -> line.startsWith("warning"));
        report.put("machine", Map.of("processors", 2, "memoryBytes", 1L << 30, "java", "17",
                "loadAverageAtStart", 1.5, "autogroupNice", -15));
        assertThat(BenchmarkReport.table(report)).anyMatch(line -> line.startsWith("warning: this session's scheduler"
                + " autogroup has nice -15") && line.contains("stored latency grows"));
    }

    @Test
    void aProfiledRunIsReportedAsAWarning() {
        Map<String, Object> report = report(List.of());
        report.put("profiled", false);
        assertThat(BenchmarkReport.table(report)).noneMatch(line -> line.startsWith("warning"));
        report.put("profiled", true);
        assertThat(BenchmarkReport.table(report)).anyMatch(line -> line.startsWith("warning: the services ran under a"
                + " profiler") && line.endsWith("not the goals' measure"));
    }

    /** A report of a run of these phases on a made-up machine, before any phase's figures. */
    private static Map<String, Object> report(List<String> phases) {
        Map<String, Object> report = new java.util.LinkedHashMap<>();
        report.put("machine", Map.of("processors", 2, "memoryBytes", 1L << 30, "java", "17",
                "loadAverageAtStart", 1.5));
        report.put("phases", phases);
        return report;
    }

    @Test
    void pacedPlanTakesTheMostChannelsThatLastTheWholeRun() {
        List<DatasetChannel> channels = List.of(channel("c", 300), channel("a", 1000), channel("d", 100),
                channel("b", 600));
        // 1000 records at 100/s for 10 s: 2 channels of 500 positions (a, b); 3 would need 334 each, c has 300
        PacedRun.Plan plan = PacedRun.plan(channels, 100, 10);
        assertThat(plan.channels()).containsExactly("a", "b");
        assertThat(plan.positions()).isEqualTo(500);
        // 600 records: 3 channels of 200 positions; d (100) would need 150
        assertThat(PacedRun.plan(channels, 100, 6).channels()).containsExactly("a", "b", "c");
        assertThatThrownBy(() -> PacedRun.plan(channels, 1000, 10)).hasMessageContaining("no channel");
    }

    @Test
    void nearestRankPercentiles() {
        List<Double> values = List.of(5.0, 1.0, 3.0, 2.0, 4.0);
        assertThat(PacedRun.percentile(values, 50)).isEqualTo(3.0);
        assertThat(PacedRun.percentile(values, 99)).isEqualTo(5.0);
        assertThat(PacedRun.percentile(values, 20)).isEqualTo(1.0);
        assertThat(PacedRun.percentile(List.of(), 50)).isNaN();
    }

    @Test
    void processStatsOfThisJvm() {
        ProcessStats stats = ProcessStats.of(ProcessHandle.current().pid());
        assertThat(stats.rssBytes()).isPositive();
        assertThat(stats.peakRssBytes()).isGreaterThanOrEqualTo(stats.rssBytes());
        assertThat(stats.cpuSeconds()).isPositive();
        assertThat(ProcessStats.kilobytes("Name:\tjava\nVmRSS:\t  123456 kB\n", "VmRSS:")).isEqualTo(123456);
        assertThat(ProcessStats.heapUsed("""
                 def new generation   total 116224K, used 10K [0x0000000687400000, 0x000000068f210000)
                  eden space 103360K,   0% used [0x0000000687400000, 0x0000000687400000)
                 tenured generation   total 258048K, used 2243K [0x0000000704d50000, 0x0000000714950000)
                   the space 258048K,   0% used [0x0000000704d50000, 0x0000000704f80c68)
                 Metaspace       used 8937K, committed 9088K, reserved 1114112K
                  class space    used 1062K, committed 1152K, reserved 1048576K
                """)).isEqualTo((10 + 2243) * 1024L);
        assertThat(ProcessStats.heapUsed(" garbage-first heap   total 258048K, used 5120K [0x00000007, 0x00000008)\n"
                + " Metaspace       used 8937K, committed 9088K, reserved 1114112K\n")).isEqualTo(5120 * 1024L);
        assertThat(ProcessStats.liveHeapBytes(ProcessHandle.current().pid())).isPositive();
    }

    @Test
    void hotMethodsGroupByPackage() {
        assertThat(HotMethods.packageOf("space.telemetry.detection.MlpModel.forward"))
                .isEqualTo("space.telemetry.detection");
        HotMethods hot = new HotMethods(4, Map.of("a.B.x", 3L, "a.C.y", 1L), Map.of());
        assertThat(hot.top(hot.self(), 1)).containsExactly(Map.entry("a.B.x", 75.0));
        assertThat(hot.top(hot.self(), 5, HotMethods::packageOf)).containsExactly(Map.entry("a", 100.0));
    }

    private static DatasetChannel channel(String id, long rows) {
        return new DatasetChannel() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String source() {
                return "SMAP";
            }

            @Override
            public long trainRows() {
                return rows / 4;
            }

            @Override
            public long testRows() {
                return rows - rows / 4;
            }

            @Override
            public int columns() {
                return 1;
            }

            @Override
            public boolean timestamped() {
                return false;
            }

            @Override
            public PointStream open(Instant start, Duration period) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
