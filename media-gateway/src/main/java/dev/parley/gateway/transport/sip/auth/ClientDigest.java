package dev.parley.gateway.transport.sip.auth;

import dev.parley.gateway.tenant.SipCredentials;

import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.ListIterator;
import javax.sip.InvalidArgumentException;
import javax.sip.header.AuthorizationHeader;
import javax.sip.header.CSeqHeader;
import javax.sip.header.HeaderFactory;
import javax.sip.header.ProxyAuthenticateHeader;
import javax.sip.header.ProxyAuthorizationHeader;
import javax.sip.header.ViaHeader;
import javax.sip.header.WWWAuthenticateHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

/**
 * Our side of a digest challenge, as the UAC of an INVITE or a REGISTER (RFC 3261 22.2/22.3): a 401's
 * WWW-Authenticate is answered with Authorization, a 407's Proxy-Authenticate with Proxy-Authorization, qop=auth
 * when the challenge offers it (with our cnonce and nonce count 1: each nonce is used once), RFC 2069 when it offers
 * no qop. The request goes again as a new transaction of the same call: same Call-ID and tags, CSeq one up.
 */
public final class ClientDigest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ClientDigest() {
    }

    /**
     * The credentials answering {@code challenge} (a 401 or 407) to {@code request}; null when it asks for something
     * we cannot give (no Digest challenge, an algorithm other than MD5, a qop without {@code auth}).
     */
    public static AuthorizationHeader answer(HeaderFactory headers, Response challenge, Request request,
                                             SipCredentials credentials) throws ParseException {
        boolean proxy = challenge.getStatusCode() == Response.PROXY_AUTHENTICATION_REQUIRED;
        WWWAuthenticateHeader asked = (WWWAuthenticateHeader) challenge.getHeader(
                proxy ? ProxyAuthenticateHeader.NAME : WWWAuthenticateHeader.NAME);
        if (asked == null || !"Digest".equalsIgnoreCase(asked.getScheme()) || asked.getNonce() == null
                || asked.getRealm() == null) {
            return null;
        }
        if (asked.getAlgorithm() != null && !asked.getAlgorithm().equalsIgnoreCase("MD5")) {
            return null;
        }
        String offered = asked.getQop();
        boolean qop = offered != null;
        if (qop && Arrays.stream(offered.split(",")).map(String::strip).noneMatch("auth"::equalsIgnoreCase)) {
            return null;
        }
        String uri = request.getRequestURI().toString();
        byte[] salt = new byte[8];
        RANDOM.nextBytes(salt);
        String cnonce = HexFormat.of().formatHex(salt);
        String ha1 = Digest.ha1(credentials.username(), asked.getRealm(), credentials.password());
        String response = Digest.response(ha1, asked.getNonce(), "00000001", cnonce, qop ? "auth" : null,
                request.getMethod(), uri);
        AuthorizationHeader answer = proxy ? headers.createProxyAuthorizationHeader("Digest")
                : headers.createAuthorizationHeader("Digest");
        answer.setUsername(credentials.username());
        answer.setRealm(asked.getRealm());
        answer.setNonce(asked.getNonce());
        answer.setURI(request.getRequestURI());
        answer.setResponse(response);
        answer.setAlgorithm("MD5");
        if (qop) {
            answer.setQop("auth");
            answer.setCNonce(cnonce);
            answer.setNonceCount(1);
        }
        if (asked.getOpaque() != null) {
            answer.setOpaque(asked.getOpaque());
        }
        return answer;
    }

    /** {@code request} again, answering {@code challenge}; null when it cannot be answered (see {@link #answer}). */
    public static Request retry(HeaderFactory headers, Response challenge, Request request,
                                SipCredentials credentials) throws ParseException, InvalidArgumentException {
        AuthorizationHeader answer = answer(headers, challenge, request, credentials);
        return answer == null ? null : again(request, answer);
    }

    /** {@code request} again with {@code credentials}: CSeq one up, a Via branch of its own (the stack's). */
    public static Request again(Request request, AuthorizationHeader credentials) throws InvalidArgumentException {
        Request retry = (Request) request.clone();
        CSeqHeader cseq = (CSeqHeader) retry.getHeader(CSeqHeader.NAME);
        cseq.setSeqNumber(cseq.getSeqNumber() + 1);
        ListIterator<?> vias = retry.getHeaders(ViaHeader.NAME);
        if (vias.hasNext()) {
            ((ViaHeader) vias.next()).removeParameter("branch");
        }
        retry.removeHeader(AuthorizationHeader.NAME);
        retry.removeHeader(ProxyAuthorizationHeader.NAME);
        retry.addHeader(credentials);
        return retry;
    }
}
