package space.telemetry.store.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Formula;
import java.time.Instant;
import java.util.UUID;

/** One stored anomaly event: a row of table {@code events}. */
@Entity
@Table(name = "events")
public class EventEntity {
    @Id
    public UUID id;
    public String spacecraft;
    public String channel;
    public String detector;
    public String split;
    @Column(name = "start_index")
    public long startIndex;
    @Column(name = "end_index")
    public long endIndex;
    @Column(name = "detected_index")
    public long detectedIndex;
    @Column(name = "start_time")
    public Instant startTime;
    @Column(name = "end_time")
    public Instant endTime;
    @Column(name = "detected_time")
    public Instant detectedTime;
    @Column(name = "peak_score")
    public double peakScore;
    public double threshold;
    public String state;
    public long revision;
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
    @Column(name = "updated_at", insertable = false, updatable = false)
    public Instant updatedAt;
    /** The latest verdict (table verdicts), null when none: read with the row, never written through it. */
    @Formula("(select v.verdict from verdicts v where v.event_id = id order by v.id desc limit 1)")
    public String verdict;
}
