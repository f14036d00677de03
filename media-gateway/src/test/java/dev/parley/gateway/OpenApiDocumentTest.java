package dev.parley.gateway;

import dev.parley.contracts.openapi.OpenApiOperations;
import dev.parley.gateway.transport.browser.BrowserTokenResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * /q/openapi describes every REST operation the gateway serves and nothing else: the expected operations are read
 * from the compiled resource classes' JAX-RS annotations, so a new endpoint the document misses fails here.
 */
@QuarkusTest
class OpenApiDocumentTest {

    @Test
    void theDocumentListsExactlyTheRestOperationsInTheCode() {
        String text = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString();
        assertEquals(OpenApiOperations.inCode(BrowserTokenResource.class), OpenApiOperations.documented(text));
    }

    @Test
    void theDocumentHoldsNoSecret() {
        String text = given().get("/q/openapi").then().statusCode(200).extract().asString();
        var config = ConfigProvider.getConfig();
        // The test profile sets a Twilio auth token and acme's API key: neither may leak into the public document.
        for (String secret : List.of(config.getValue("parley.twilio.auth-token", String.class),
                config.getValue("parley.gateway.api-keys.acme", String.class))) {
            assertFalse(text.contains(secret), "the OpenAPI document contains a configured secret");
        }
    }
}
