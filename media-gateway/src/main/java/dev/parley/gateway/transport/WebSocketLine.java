package dev.parley.gateway.transport;

import dev.parley.gateway.admission.CallAdmission;
import dev.parley.gateway.session.CallSession;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import org.jboss.logging.Logger;

/**
 * A call's line over a WebSocket: sends never block the call's context, and a closed socket swallows them. A call
 * ended because a backend was full is closed with 1013 (try again later), like a call the gateway itself refuses.
 */
public abstract class WebSocketLine implements CallTransport {
    private static final Logger LOG = Logger.getLogger(WebSocketLine.class);

    protected final WebSocketConnection connection;

    protected WebSocketLine(WebSocketConnection connection) {
        this.connection = connection;
    }

    @Override
    public void hangUp(String reason) {
        if (connection.isOpen()) {
            CloseReason why = CallSession.BUSY.equals(reason)
                    ? new CloseReason(MediaStreams.CLOSE_TRY_AGAIN_LATER, CallAdmission.BUSY) : CloseReason.NORMAL;
            connection.close(why).subscribe().with(v -> {
            }, e -> LOG.debugf("close of %s failed: %s", connection.id(), e));
        }
    }

    protected void sendText(String message) {
        if (connection.isOpen()) {
            connection.sendText(message).subscribe().with(v -> {
            }, e -> LOG.debugf("send to %s failed: %s", connection.id(), e));
        }
    }
}
