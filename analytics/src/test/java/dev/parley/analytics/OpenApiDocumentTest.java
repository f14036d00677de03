package dev.parley.analytics;

import dev.parley.analytics.access.TenantsResource;
import dev.parley.contracts.openapi.OpenApiOperations;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * /q/openapi describes every REST operation analytics serves and nothing else: the expected operations are read
 * from the compiled resource classes' JAX-RS annotations, so a new endpoint the document misses fails here.
 */
@QuarkusTest
@QuarkusTestResource(value = InProcessKafka.class, restrictToAnnotatedClass = true)
class OpenApiDocumentTest {

    @Test
    void theDocumentListsExactlyTheRestOperationsInTheCode() {
        String text = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString();
        assertEquals(OpenApiOperations.inCode(TenantsResource.class), OpenApiOperations.documented(text));
    }

    @Test
    void theDocumentHoldsNoSecret() {
        String text = given().get("/q/openapi").then().statusCode(200).extract().asString();
        var config = ConfigProvider.getConfig();
        // The test profile sets the admin key, acme's API key and the recording URLs' key: none may leak into the
        // public document.
        for (String secret : List.of(config.getValue("parley.analytics.admin-key", String.class),
                config.getValue("parley.analytics.api-keys.acme", String.class),
                config.getValue("parley.recordings.url-secret", String.class))) {
            assertFalse(text.contains(secret), "the OpenAPI document contains a configured secret");
        }
    }
}
