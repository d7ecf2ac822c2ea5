package space.telemetry.replay;

import static io.restassured.RestAssured.given;

import io.restassured.specification.RequestSpecification;
import space.telemetry.localinfra.JwtTestResource;
import space.telemetry.localinfra.LocalCredentials;

/** Requests with a signed bearer token of the test JVM's key. */
final class Requests {
    private Requests() {
    }

    static RequestSpecification asViewer() {
        return given().auth().oauth2(JwtTestResource.token(LocalCredentials.VIEWER));
    }

    static RequestSpecification asOperator() {
        return given().auth().oauth2(JwtTestResource.token(LocalCredentials.OPERATOR));
    }
}
