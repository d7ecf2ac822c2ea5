package space.telemetry.evaluation.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import space.telemetry.data.DataFileException;

/** A NAB scoring profile: the weight of a detected window (TP), a false alarm (FP) and a missed window (FN). */
public record NabProfile(String name, double tpWeight, double fpWeight, double fnWeight) {
    /** NAB's standard profile. */
    public static final NabProfile STANDARD = new NabProfile("standard", 1.0, 0.11, 1.0);
    /** NAB's profile that doubles the cost of a false alarm. */
    public static final NabProfile REWARD_LOW_FP = new NabProfile("reward_low_FP_rate", 1.0, 0.22, 1.0);
    /** NAB's profile that doubles the cost of a missed window. */
    public static final NabProfile REWARD_LOW_FN = new NabProfile("reward_low_FN_rate", 1.0, 0.11, 2.0);

    /** The three published profiles, in NAB's order. */
    public static List<NabProfile> published() {
        return List.of(STANDARD, REWARD_LOW_FP, REWARD_LOW_FN);
    }

    /** Reads NAB's {@code config/profiles.json}: {@code {name: {CostMatrix: {tpWeight, fpWeight, fnWeight}}}}. */
    public static List<NabProfile> read(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new DataFileException(file, "not readable as JSON: " + e.getMessage(), e);
        }
        List<NabProfile> profiles = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode costs = entry.getValue().path("CostMatrix");
            profiles.add(new NabProfile(entry.getKey(), weight(file, entry.getKey(), costs, "tpWeight"),
                    weight(file, entry.getKey(), costs, "fpWeight"), weight(file, entry.getKey(), costs, "fnWeight")));
        }
        if (profiles.isEmpty()) {
            throw new DataFileException(file, "no profiles");
        }
        return profiles;
    }

    private static double weight(Path file, String profile, JsonNode costs, String field) {
        JsonNode value = costs.get(field);
        if (value == null || !value.isNumber()) {
            throw new DataFileException(file, "profile '" + profile + "' has no numeric CostMatrix." + field);
        }
        return value.doubleValue();
    }
}
