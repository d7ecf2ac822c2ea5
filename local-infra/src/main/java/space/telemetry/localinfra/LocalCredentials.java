package space.telemetry.localinfra;

import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * A signing key made for one local run or test JVM: the services verify bearer tokens with its public key (a PEM
 * file), and {@link #token} issues tokens with roles, as an identity provider would in a cluster.
 */
public final class LocalCredentials {
    /** The issuer the services expect by default ({@code mp.jwt.verify.issuer}). */
    public static final String ISSUER = "telemetry-platform";
    /** The audience the services expect by default ({@code mp.jwt.verify.audiences}). */
    public static final String AUDIENCE = "telemetry-platform";
    /** Reads anomalies, channels and replay progress. */
    public static final String VIEWER = "viewer";
    /** Starts and stops replays and records verdicts; reads too. */
    public static final String OPERATOR = "operator";

    private final PrivateKey privateKey;
    private final Path publicKeyFile;

    private LocalCredentials(PrivateKey privateKey, Path publicKeyFile) {
        this.privateKey = privateKey;
        this.publicKeyFile = publicKeyFile;
    }

    /** A new RSA key whose public half is written to {@code dir/jwt-public.pem}. */
    public static LocalCredentials create(Path dir) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(dir);
            Path file = dir.resolve("jwt-public.pem");
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(pair.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
            return new LocalCredentials(pair.getPrivate(), file);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path publicKeyFile() {
        return publicKeyFile;
    }

    /** A signed bearer token for {@code subject} with the given roles (JWT {@code groups}). */
    public String token(String subject, Set<String> roles, Duration lifetime) {
        return token(ISSUER, AUDIENCE, subject, roles, lifetime);
    }

    /** A signed bearer token from another issuer or for another audience than the services expect (refusal tests). */
    public String token(String issuer, String audience, String subject, Set<String> roles, Duration lifetime) {
        return Jwt.issuer(issuer).audience(audience).subject(subject).upn(subject).groups(roles).expiresIn(lifetime)
                .sign(privateKey);
    }

    /** The settings that make a service trust this key's tokens (system properties or Quarkus test config). */
    public Map<String, String> serviceConfig() {
        return Map.of("mp.jwt.verify.publickey.location", publicKeyFile.toUri().toString(),
                "mp.jwt.verify.issuer", ISSUER, "mp.jwt.verify.audiences", AUDIENCE);
    }
}
