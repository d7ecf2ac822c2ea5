package space.telemetry.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import space.telemetry.contract.TelemetryJson;

/** One raw HTTP exchange whose status, headers and body a test inspects (no exception for 4xx or 5xx). */
record HttpProbe(int status, HttpResponse<String> response) {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    static HttpProbe get(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), token);
    }

    /** A POST; {@code contentType} and {@code body} may be null (no header, no body). */
    static HttpProbe post(String url, String token, String contentType, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).POST(body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request, token);
    }

    private static HttpProbe send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<String> response = CLIENT.send(built, HttpResponse.BodyHandlers.ofString());
            return new HttpProbe(response.statusCode(), response);
        } catch (IOException e) {
            throw new IllegalStateException(built.method() + " " + built.uri().getPath() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String body() {
        return response.body();
    }

    String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** An RFC 9457 problem: content type application/problem+json and a body whose status is this one. */
    boolean isProblem() {
        String type = header("Content-Type");
        if (type == null || !type.startsWith("application/problem+json")) {
            return false;
        }
        try {
            JsonNode problem = TelemetryJson.MAPPER.readTree(body());
            return problem.path("status").asInt() == status;
        } catch (IOException e) {
            return false;
        }
    }

    /** Status, and whether the body is a problem, for the table. */
    String summary() {
        return status + (isProblem() ? " problem" : body().isEmpty() ? " (no body)" : " (" + body().length() + " B "
                + header("Content-Type") + ")");
    }
}
