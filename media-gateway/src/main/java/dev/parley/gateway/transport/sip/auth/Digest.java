package dev.parley.gateway.transport.sip.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * HTTP digest as SIP uses it (RFC 3261 22.4, RFC 2617 3.2.2, RFC 7616 with MD5): the only algorithm SIP trunks
 * speak in practice. With {@code qop=auth} the client's nonce count and cnonce go into the hash, so a captured
 * response is worthless for another request; without qop (RFC 2069) they are left out.
 */
public final class Digest {

    private Digest() {
    }

    /** H(username:realm:password): the secret both sides derive the response from. */
    public static String ha1(String username, String realm, String password) {
        return md5(username + ":" + realm + ":" + password);
    }

    /** The request-digest for a request {@code method} on {@code uri}; {@code qop} null means RFC 2069. */
    public static String response(String ha1, String nonce, String nc, String cnonce, String qop, String method,
                                  String uri) {
        String ha2 = md5(method + ":" + uri);
        if (qop == null) {
            return md5(ha1 + ":" + nonce + ":" + ha2);
        }
        return md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    /** Compared in constant time, so a wrong guess does not tell how many of its leading digits were right. */
    public static boolean same(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.toLowerCase().getBytes(StandardCharsets.US_ASCII),
                given.toLowerCase().getBytes(StandardCharsets.US_ASCII));
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }
}
