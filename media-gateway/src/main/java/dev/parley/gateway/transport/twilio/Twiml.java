package dev.parley.gateway.transport.twilio;

import java.util.Map;

/** The TwiML we answer with: a call's audio connected to our media stream, with the parameters its start carries. */
final class Twiml {
    static final String BUSY =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Reject reason=\"busy\"/></Response>";
    static final String REJECTED =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Reject reason=\"rejected\"/></Response>";

    private Twiml() {
    }

    /** {@code <Connect><Stream>} to {@code streamUrl}; each parameter comes back in the stream's start message. */
    static String connectStream(String streamUrl, Map<String, String> parameters) {
        StringBuilder twiml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Connect>"
                + "<Stream url=\"").append(xml(streamUrl)).append("\">");
        parameters.forEach((name, value) -> twiml.append("<Parameter name=\"").append(xml(name))
                .append("\" value=\"").append(xml(value)).append("\"/>"));
        return twiml.append("</Stream></Connect></Response>").toString();
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
