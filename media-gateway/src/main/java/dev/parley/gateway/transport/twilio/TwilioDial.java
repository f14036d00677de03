package dev.parley.gateway.transport.twilio;

import dev.parley.gateway.outbound.AmdScreen;
import dev.parley.gateway.outbound.Dialled;
import dev.parley.gateway.session.CallSession;
import dev.parley.gateway.tenant.OutboundRoute;
import dev.parley.gateway.tenant.TwilioOutbound;

import java.util.Map;

/**
 * An outbound call through Twilio from the dial request until it ends: what was asked, the account it was created in,
 * the slot it holds, and how far it got. Twilio's API answer, its status callbacks and the media stream arrive on
 * different threads, so every step is taken under the dial's lock ({@link TwilioDials}); the answered call's screen
 * and session live on its media stream's context.
 */
final class TwilioDial implements Dialled {
    private final String tenantId;
    private final String voice;
    private final TwilioOutbound account;
    private final String token;
    private final String to;
    private final Map<String, String> parameters;
    private final String openingLine;
    private final String callId;
    String callSid;
    /** The media stream's connection, once it connected. */
    String connection;
    /** Answering-machine detection before the session (the account has it on); touched on the stream's context. */
    AmdScreen screen;
    /** The session, once the screen started it; touched on the stream's context. */
    CallSession session;
    long guardTimer = -1;
    boolean dialingPublished;
    boolean ringing;
    boolean answered;
    /** We gave up on it (backstop, shutdown): a call SID that comes after is cancelled at once. */
    boolean givenUp;
    /** Over: the slot and the tenant's count are free; later news of the call is ignored. */
    boolean done;

    TwilioDial(String tenantId, String voice, TwilioOutbound account, String token, String to,
               Map<String, String> parameters, String openingLine, String callId) {
        this.tenantId = tenantId;
        this.voice = voice;
        this.account = account;
        this.token = token;
        this.to = to;
        this.parameters = Map.copyOf(parameters);
        this.openingLine = openingLine;
        this.callId = callId;
    }

    @Override
    public String tenantId() {
        return tenantId;
    }

    @Override
    public String callId() {
        return callId;
    }

    @Override
    public String to() {
        return to;
    }

    @Override
    public String from() {
        return account.callerId();
    }

    @Override
    public String via() {
        return OutboundRoute.TWILIO;
    }

    @Override
    public Map<String, String> parameters() {
        return parameters;
    }

    @Override
    public String openingLine() {
        return openingLine;
    }

    String voice() {
        return voice;
    }

    TwilioOutbound account() {
        return account;
    }

    @Override
    public OutboundRoute route() {
        return account;
    }

    /** The account's auth token: the call's API requests and status callbacks are signed with it. */
    String token() {
        return token;
    }

    /** The admission slot it holds from the dial to the hang-up (the media stream takes none of its own). */
    String slot() {
        return "twilio-out:" + callId;
    }
}
