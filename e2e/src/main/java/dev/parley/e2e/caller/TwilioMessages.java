package dev.parley.e2e.caller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * The messages Twilio sends on a Media Stream, shaped field for field like Twilio's (all counters are strings), and
 * the identifiers Twilio would assign: MZ/CA/AC followed by 32 lowercase hex digits.
 */
public final class TwilioMessages {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String streamSid;
    private final String callSid;
    private final String accountSid;
    /** Twilio numbers every message after {@code connected} with one counter across event types. */
    private long sequenceNumber;

    public TwilioMessages(String streamSid, String callSid, String accountSid) {
        this.streamSid = streamSid;
        this.callSid = callSid;
        this.accountSid = accountSid;
    }

    public static TwilioMessages newCall() {
        return new TwilioMessages(sid("MZ"), sid("CA"), sid("AC"));
    }

    public static String sid(String prefix) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    public String streamSid() {
        return streamSid;
    }

    public String callSid() {
        return callSid;
    }

    public String connected() {
        ObjectNode m = JSON.createObjectNode();
        m.put("event", "connected").put("protocol", "Call").put("version", "1.0.0");
        return m.toString();
    }

    public synchronized String start(Map<String, String> customParameters) {
        ObjectNode m = header("start");
        ObjectNode start = m.putObject("start");
        start.put("streamSid", streamSid).put("accountSid", accountSid).put("callSid", callSid);
        start.putArray("tracks").add("inbound");
        ObjectNode params = start.putObject("customParameters");
        customParameters.forEach(params::put);
        start.putObject("mediaFormat").put("encoding", "audio/x-mulaw").put("sampleRate", 8000).put("channels", 1);
        return m.toString();
    }

    /** One inbound media frame; {@code chunk} counts media frames from 1, {@code timestampMs} is time since start. */
    public synchronized String media(long chunk, long timestampMs, byte[] ulaw) {
        ObjectNode m = header("media");
        m.putObject("media").put("track", "inbound").put("chunk", Long.toString(chunk))
                .put("timestamp", Long.toString(timestampMs))
                .put("payload", Base64.getEncoder().encodeToString(ulaw));
        return m.toString();
    }

    /** The echo Twilio sends once the audio queued before the mark has played (or was cleared). */
    public synchronized String markEcho(String name) {
        ObjectNode m = header("mark");
        m.putObject("mark").put("name", name);
        return m.toString();
    }

    public synchronized String dtmf(String digit) {
        ObjectNode m = header("dtmf");
        m.putObject("dtmf").put("track", "inbound_track").put("digit", digit);
        return m.toString();
    }

    public synchronized String stop() {
        ObjectNode m = header("stop");
        m.putObject("stop").put("accountSid", accountSid).put("callSid", callSid);
        return m.toString();
    }

    private ObjectNode header(String event) {
        ObjectNode m = JSON.createObjectNode();
        m.put("event", event).put("sequenceNumber", Long.toString(++sequenceNumber)).put("streamSid", streamSid);
        return m;
    }

    /** Parses a message from the server; a message that is not JSON is reported, not thrown through the socket. */
    public static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException("server sent a message that is not JSON: " + abbreviate(text), e);
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
