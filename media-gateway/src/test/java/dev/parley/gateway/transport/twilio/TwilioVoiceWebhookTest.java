package dev.parley.gateway.transport.twilio;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class TwilioVoiceWebhookTest {
    @TestHTTPResource("/twilio/voice")
    URI voice;

    private static final Map<String, String> CALL = Map.of("CallSid", "CA9", "AccountSid", "AC1",
            "From", "+15550001111", "To", "+15550100100");

    @Test
    void connectsASignedCallToTheTenantOfTheDialedNumber() {
        given().header(TwilioSignature.HEADER, TwilioSignature.sign("test-token", voice.toString(), CALL))
                .formParams(CALL)
                .post(voice)
                .then().statusCode(200)
                .body(containsString("<Connect><Stream url=\"ws://" + voice.getAuthority() + "/twilio/media\">"))
                .body(containsString("<Parameter name=\"tenant\" value=\"acme\"/>"))
                .body(containsString("<Parameter name=\"from\" value=\"+15550001111\"/>"));
    }

    @Test
    void rejectsANumberThatBelongsToNoTenant() {
        Map<String, String> call = Map.of("CallSid", "CA9", "From", "+1555", "To", "+19999999999");
        given().header(TwilioSignature.HEADER, TwilioSignature.sign("test-token", voice.toString(), call))
                .formParams(call)
                .post(voice)
                .then().statusCode(200)
                .body(containsString("<Reject"))
                .body(not(containsString("<Stream")));
    }

    @Test
    void refusesUnsignedOrTamperedRequests() {
        given().formParams(CALL).post(voice).then().statusCode(403);
        String signature = TwilioSignature.sign("test-token", voice.toString(), CALL);
        given().header(TwilioSignature.HEADER, signature)
                .formParams(Map.of("CallSid", "CA9", "AccountSid", "AC1", "From", "+15550001111", "To", "+15550100101"))
                .post(voice).then().statusCode(403);
    }
}
