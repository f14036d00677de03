package dev.parley.e2e.caller;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.ServerWebSocket;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The server side of a Twilio Media Stream for the caller's unit tests: it checks the handshake signature, records
 * every message the caller sends (with the caller's media clock at that moment) and lets each test script what the
 * "agent" sends back through {@link Behaviour}.
 */
final class InTestMediaServer implements AutoCloseable {
    static final String AUTH_TOKEN = "in-test-auth-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the test's agent does when the caller's messages arrive; all callbacks run on the Vert.x event loop. */
    interface Behaviour {
        default void onStart(Connection c, JsonNode start) {
        }

        default void onMedia(Connection c, long chunk, byte[] ulaw) {
        }

        default void onMarkEcho(Connection c, String name) {
        }
    }

    /** One received message and how many media frames the caller had sent before it. */
    record Received(JsonNode message, String raw, long mediaFramesBefore) {
        String event() {
            return message == null ? "(not json)" : message.path("event").asText();
        }
    }

    /** The stream from the test agent's point of view. */
    final class Connection {
        private final ServerWebSocket ws;
        String streamSid;
        long mediaFrames;

        Connection(ServerWebSocket ws) {
            this.ws = ws;
        }

        void sendMedia(byte[] ulaw) {
            for (int off = 0; off < ulaw.length; off += 160) {
                byte[] frame = java.util.Arrays.copyOfRange(ulaw, off, Math.min(ulaw.length, off + 160));
                ObjectNode m = JSON.createObjectNode().put("event", "media").put("streamSid", streamSid);
                m.putObject("media").put("payload", Base64.getEncoder().encodeToString(frame));
                ws.writeTextMessage(m.toString());
            }
        }

        void sendMark(String name) {
            ObjectNode m = JSON.createObjectNode().put("event", "mark").put("streamSid", streamSid);
            m.putObject("mark").put("name", name);
            ws.writeTextMessage(m.toString());
        }

        void sendRaw(String text) {
            ws.writeTextMessage(text);
        }

        void sendClear() {
            ws.writeTextMessage(JSON.createObjectNode().put("event", "clear").put("streamSid", streamSid).toString());
        }

        void close(int code, String reason) {
            ws.close((short) code, reason);
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;
    private final Behaviour behaviour;
    final List<Received> received = new CopyOnWriteArrayList<>();
    final List<String> signatureProblems = new CopyOnWriteArrayList<>();

    InTestMediaServer(Behaviour behaviour) throws Exception {
        this.behaviour = behaviour;
        this.server = vertx.createHttpServer().webSocketHandler(this::accept);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + server.actualPort() + "/twilio/media");
    }

    private void accept(ServerWebSocket ws) {
        String expected = TwilioSignature.sign(AUTH_TOKEN, "ws://" + ws.headers().get("Host") + ws.uri());
        String actual = ws.headers().get("X-Twilio-Signature");
        if (!expected.equals(actual)) {
            signatureProblems.add("expected " + expected + " but got " + actual);
            ws.reject(403);
            return;
        }
        Connection c = new Connection(ws);
        ws.textMessageHandler(text -> {
            JsonNode json;
            try {
                json = JSON.readTree(text);
            } catch (Exception e) {
                received.add(new Received(null, text, c.mediaFrames));
                return;
            }
            received.add(new Received(json, text, c.mediaFrames));
            switch (json.path("event").asText()) {
                case "start":
                    c.streamSid = json.path("streamSid").asText();
                    behaviour.onStart(c, json);
                    break;
                case "media":
                    c.mediaFrames++;
                    byte[] audio = Base64.getDecoder().decode(json.path("media").path("payload").asText());
                    behaviour.onMedia(c, c.mediaFrames, audio);
                    break;
                case "mark":
                    behaviour.onMarkEcho(c, json.path("mark").path("name").asText());
                    break;
                default:
                    break;
            }
        });
    }

    List<Received> events(String event) {
        return received.stream().filter(r -> r.event().equals(event)).toList();
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
