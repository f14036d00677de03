package dev.parley.dialogue.resume;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.dialogue.brain.Conversation;
import org.jboss.logging.Logger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;

/**
 * A call's conversation as the bytes of {@code TurnDone.state} / {@code CallStart.resume_state}: one version byte,
 * then the conversation as JSON ({@link Conversation#write}: tenant, call, parameters, history and the brains'
 * {@link dev.parley.dialogue.brain.Snapshotting} states), zlib-deflated (its checksum catches a corrupted state).
 * <p>
 * Why JSON and not protobuf, though the wire is protobuf: the state is opaque to the gateway, so it needs no contract
 * in contracts/, and each brain state writes its own fields where it is defined, with no central schema to keep in
 * step with every state class; fields are named, so a state written by an older or newer instance during a rolling
 * deploy reads (unknown fields ignored, missing ones default); and Jackson is here already. The size JSON costs in
 * repeated field names is what deflate takes back: a state is mostly the history's text.
 * <p>
 * Left out on purpose, as each instance rebuilds them: a turn's sentence embedding ({@code embedding/TurnEmbedding},
 * computed again for a turn re-sent here), the turns' trace spans ({@code tracing/TurnTraces}, per instance), and
 * tool runs or summaries in flight (they die with their instance; see {@code tools/ToolLedger}).
 */
public final class StateCodec {

    /** Bumped when a state written now could not be read the same way by an instance of the previous version. */
    public static final byte VERSION = 1;
    /**
     * A state's JSON is at most this, written or read: the history window bounds a real call's far below it (20 KB
     * for 200 flow turns, README: Failover); reading stops here, so a state cannot be a decompression bomb.
     */
    static final int MAX_JSON_BYTES = 1 << 20;
    private static final Logger LOG = Logger.getLogger(StateCodec.class);
    /** Floats as the exact decimals written (not via double), so a confidence reads back bit for bit. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private StateCodec() {
    }

    /**
     * The call's state. A state no instance would take back (its JSON over {@link #MAX_JSON_BYTES}: only a call of
     * runaway transcripts) loses its oldest history entries until it fits, logged: the call can still go on.
     */
    public static byte[] encode(Conversation conversation) {
        ObjectNode tree = conversation.write();
        try {
            byte[] json = JSON.writeValueAsBytes(tree);
            ArrayNode history = (ArrayNode) tree.get("history");
            while (json.length > MAX_JSON_BYTES && !history.isEmpty()) {
                for (int drop = Math.max(1, history.size() / 4); drop > 0; drop--) {
                    history.remove(0);
                }
                json = JSON.writeValueAsBytes(tree);
                LOG.warnf("tenant=%s call=%s: state over %d bytes; oldest turns left out of it, %d entries kept",
                        conversation.tenantId(), conversation.callId(), MAX_JSON_BYTES, history.size());
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(json.length / 4 + 64);
            bytes.write(VERSION);
            Deflater deflater = new Deflater(Deflater.BEST_SPEED);
            try (DeflaterOutputStream out = new DeflaterOutputStream(bytes, deflater, 4096)) {
                out.write(json);
            } finally {
                deflater.end();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a call's state", e);
        }
    }

    /**
     * The conversation a state holds, if it is the state of this call.
     *
     * @param callId the call id of the stream that resumes it; blank: the call the state names
     */
    public static Conversation decode(byte[] state, String tenantId, String callId) throws InvalidStateException {
        if (state.length < 2) {
            throw new InvalidStateException("resume_state is too short to be a call's state");
        }
        if (state[0] != VERSION) {
            throw new InvalidStateException("resume_state has version " + state[0] + "; this service reads "
                    + VERSION);
        }
        Conversation conversation;
        try {
            conversation = Conversation.read(JSON.readTree(inflate(state)));
        } catch (JsonProcessingException e) {
            throw new InvalidStateException("resume_state is not valid JSON inside: " + e.getOriginalMessage(), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidStateException("resume_state is not a call's state: " + e.getMessage(), e);
        }
        if (!conversation.tenantId().equals(tenantId)) {
            throw new InvalidStateException("resume_state belongs to another tenant");
        }
        if (!callId.isBlank() && !conversation.callId().equals(callId)) {
            throw new InvalidStateException("resume_state belongs to another call");
        }
        return conversation;
    }

    private static byte[] inflate(byte[] state) throws InvalidStateException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(state, 1, state.length - 1);
            ByteArrayOutputStream out = new ByteArrayOutputStream(state.length * 4);
            byte[] buffer = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new InvalidStateException("resume_state is truncated");
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_JSON_BYTES) {
                    throw new InvalidStateException("resume_state inflates to more than " + MAX_JSON_BYTES + " bytes");
                }
            }
            if (inflater.getRemaining() > 0) {
                throw new InvalidStateException("resume_state has bytes after its end");
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new InvalidStateException("resume_state is corrupt: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
