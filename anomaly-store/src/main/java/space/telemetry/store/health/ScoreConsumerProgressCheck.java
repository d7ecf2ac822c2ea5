package space.telemetry.store.health;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.Readiness;
import space.telemetry.contract.Topics;
import space.telemetry.store.config.StoreConfig;
import space.telemetry.store.messaging.ScoreConsumer;
import space.telemetry.store.service.ScoreIngestionService;

/** Readiness of the telemetry.scores consumer (gauges anomaly_store_scores_consumer_stalled and _stall_seconds). */
@Readiness
@Singleton
public class ScoreConsumerProgressCheck extends ConsumerProgressCheck {
    public ScoreConsumerProgressCheck(ScoreIngestionService ingestion, KafkaClientService kafka, StoreConfig config,
            MeterRegistry registry) {
        super(ScoreConsumer.CHANNEL, Topics.SCORES, ingestion::progress, "anomaly.store.scores.consumer", kafka,
                config, registry);
    }
}
