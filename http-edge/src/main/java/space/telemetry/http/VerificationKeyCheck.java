package space.telemetry.http;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Fails the start-up, naming the setting, when no key to verify bearer tokens is configured. */
@Startup
@ApplicationScoped
public class VerificationKeyCheck {
    public VerificationKeyCheck(
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") Optional<String> location,
            @ConfigProperty(name = "mp.jwt.verify.publickey") Optional<String> key) {
        if (location.isEmpty() && key.isEmpty()) {
            throw new IllegalStateException("No key to verify bearer tokens: set JWT_PUBLIC_KEY_LOCATION "
                    + "(mp.jwt.verify.publickey.location) to a PEM public key file or the JWKS URL of the identity "
                    + "provider");
        }
    }
}
