package space.telemetry.http;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Fails the start-up, naming the variable, when no key to verify bearer tokens is configured ({@code NONE}, the
 * default, is smallrye-jwt's "not set").
 */
@Startup
@ApplicationScoped
public class VerificationKeyCheck {
    private static final String NOT_SET = "NONE";

    public VerificationKeyCheck(
            @ConfigProperty(name = "mp.jwt.verify.publickey.location", defaultValue = NOT_SET) String location,
            @ConfigProperty(name = "mp.jwt.verify.publickey", defaultValue = NOT_SET) String key) {
        if (NOT_SET.equals(location) && NOT_SET.equals(key)) {
            throw new IllegalStateException("No key to verify bearer tokens: set JWT_PUBLIC_KEY_LOCATION "
                    + "(mp.jwt.verify.publickey.location) to a PEM public key file or the JWKS URL of the identity "
                    + "provider");
        }
    }
}
