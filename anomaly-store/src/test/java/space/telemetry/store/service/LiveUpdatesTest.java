package space.telemetry.store.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import space.telemetry.http.ProblemException;
import space.telemetry.store.config.ApiConfig;

class LiveUpdatesTest {
    private static ApiConfig config(int maxClients, int buffer) {
        return new ApiConfig() {
            @Override
            public MemorySize maxBodySize() {
                return new MemorySize(BigInteger.valueOf(65536));
            }

            @Override
            public Series series() {
                return () -> 50_000;
            }

            @Override
            public Stream stream() {
                return new Stream() {
                    @Override
                    public int maxClients() {
                        return maxClients;
                    }

                    @Override
                    public int buffer() {
                        return buffer;
                    }

                    @Override
                    public Duration keepAlive() {
                        return Duration.ofSeconds(25);
                    }
                };
            }
        };
    }

    private static Verdict verdict(long id) {
        return new Verdict(id, UUID.randomUUID(), "confirmed", null, "someone", Instant.now());
    }

    @Test
    void aClientThatReadsNothingIsDroppedWithoutHoldingUpPublishersOrOtherClients() {
        LiveUpdates live = new LiveUpdates(config(4, 3), new SimpleMeterRegistry());
        AssertSubscriber<LiveUpdates.Update> stalled = live.subscribe().subscribe()
                .withSubscriber(AssertSubscriber.create(0));
        AssertSubscriber<LiveUpdates.Update> reading = live.subscribe().subscribe()
                .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        for (int i = 0; i < 10; i++) {
            live.verdict(verdict(i)); // returns at once although one client requests nothing
        }
        stalled.assertFailedWith(BackPressureFailure.class);
        assertThat(reading.getItems()).hasSize(10);
        assertThat(live.clients()).isEqualTo(1);
        reading.cancel();
        assertThat(live.clients()).isZero();
    }

    @Test
    void clientsBeyondTheLimitAreRefusedWithAProblem() {
        LiveUpdates live = new LiveUpdates(config(1, 3), new SimpleMeterRegistry());
        live.subscribe().subscribe().withSubscriber(AssertSubscriber.create(1));
        assertThatThrownBy(live::subscribe).isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(503));
    }
}
