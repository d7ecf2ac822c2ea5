package space.telemetry.deploy;

import java.nio.file.Path;

/** Where the repository is (the surefire/failsafe property project.root, set by this module's pom). */
final class Repo {
    static final Path ROOT = Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();

    private Repo() {
    }
}
