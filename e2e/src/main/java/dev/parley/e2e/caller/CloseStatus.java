package dev.parley.e2e.caller;

/**
 * How the media stream ended: the WebSocket close code and reason, who closed first, and any transport error
 * (code -1 when the connection broke without a close frame).
 */
public record CloseStatus(int code, String reason, boolean closedByCaller, String error) {
    public boolean normal() {
        return code == 1000 && error == null;
    }

    @Override
    public String toString() {
        String who = closedByCaller ? "caller hung up" : "gateway closed";
        return who + " with code " + code + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")")
                + (error == null ? "" : ", error: " + error);
    }
}
