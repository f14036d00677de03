package dev.parley.gateway.transport.telnyx;

import io.restassured.specification.RequestSpecification;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

import static io.restassured.RestAssured.given;

/** Telnyx's side of a voice webhook in tests: the form it posts, signed as Telnyx signs it. */
public final class TelnyxWebhooks {
    /** Test-only key pair; its public half is %test.parley.telnyx.public-key. */
    private static final String PRIVATE_KEY = "MC4CAQAwBQYDK2VwBCIEIF7zE2DuhK09cZt6oQuxUbopCiH03WThkYRZO/KYrbDj";

    private TelnyxWebhooks() {
    }

    /** Ed25519 over {@code timestamp|body}, base64, as the telnyx-signature-ed25519 header carries it. */
    public static String sign(String timestamp, String body) throws Exception {
        PrivateKey key = KeyFactory.getInstance("Ed25519")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(PRIVATE_KEY)));
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key);
        signer.update((timestamp + "|" + body).getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(signer.sign());
    }

    /** A call to {@code to}, as the webhook's form body. */
    public static String form(String to) {
        return "CallSid=v3%3Aabc&From=%2B15550001111&To=" + URLEncoder.encode(to, StandardCharsets.UTF_8);
    }

    /** The request Telnyx makes for {@code body}, signed now. */
    public static RequestSpecification signed(String body) throws Exception {
        String ts = Long.toString(Instant.now().getEpochSecond());
        return given().header("telnyx-timestamp", ts).header("telnyx-signature-ed25519", sign(ts, body))
                .contentType("application/x-www-form-urlencoded").body(body);
    }
}
