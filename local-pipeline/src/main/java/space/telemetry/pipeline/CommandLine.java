package space.telemetry.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} and {@code --flag} options of the pipeline's commands. */
public final class CommandLine {

    private CommandLine() {
    }

    /**
     * The options by name (a flag maps to "true").
     *
     * @throws IllegalArgumentException for an unknown option or one without its value
     */
    public static Map<String, String> parse(String[] args, List<String> flags, List<String> valued) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name != null && flags.contains(name)) {
                options.put(name, "true");
            } else if (name != null && valued.contains(name) && i + 1 < args.length) {
                options.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown or incomplete option: " + args[i]);
            }
        }
        return options;
    }

    /** The option as a number, or the default when absent. */
    public static int intOption(Map<String, String> options, String name, int defaultValue) {
        try {
            return options.containsKey(name) ? Integer.parseInt(options.get(name)) : defaultValue;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, got " + options.get(name));
        }
    }
}
