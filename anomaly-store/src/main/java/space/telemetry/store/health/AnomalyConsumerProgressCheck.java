package space.telemetry.store.health;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.Readiness;
import space.telemetry.contract.Topics;
import space.telemetry.store.config.StoreConfig;
import space.telemetry.store.messaging.AnomalyConsumer;
import space.telemetry.store.service.IngestionService;

/** Readiness of the telemetry.anomalies consumer (gauges anomaly_store_consumer_stalled and _stall_seconds). */
@Readiness
@Singleton
public class AnomalyConsumerProgressCheck extends ConsumerProgressCheck {
    public AnomalyConsumerProgressCheck(IngestionService ingestion, KafkaClientService kafka, StoreConfig config,
            MeterRegistry registry) {
        super(AnomalyConsumer.CHANNEL, Topics.ANOMALIES, ingestion::progress, "anomaly.store.consumer", kafka, config,
                registry);
    }
}
