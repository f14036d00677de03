package dev.parley.gateway.transport.sip.media;

/**
 * One key press to send as RFC 4733 telephone-events, one payload per 20 ms frame: updates for 100 ms (durations
 * growing by a frame's 160 timestamp units), then the end packet three times (RFC 4733 2.5.1.4: a lost end must not
 * leave the key held). Every packet of the event carries the RTP timestamp of its first; the first has the marker.
 */
public final class DigitEvent {
    static final int UPDATES = 5;
    static final int ENDS = 3;
    private static final int FRAME_UNITS = 160;
    /** -10 dBm0, as phones send it. */
    private static final int VOLUME = 10;

    private final int event;
    private int sent;

    /** @param digit "0"-"9", "*", "#", "A"-"D" */
    public DigitEvent(String digit) {
        int at = digit.length() == 1 ? TelephoneEvents.DIGITS.indexOf(digit.charAt(0)) : -1;
        if (at < 0) {
            throw new IllegalArgumentException("not a DTMF key: '" + digit + "'");
        }
        this.event = at;
    }

    /** The key, as given. */
    public String digit() {
        return String.valueOf(TelephoneEvents.DIGITS.charAt(event));
    }

    /** Whether the next payload starts the event (its packet carries the marker bit and sets the timestamp). */
    public boolean starting() {
        return sent == 0;
    }

    public boolean done() {
        return sent >= UPDATES + ENDS;
    }

    /** The payload for the next 20 ms frame. */
    public byte[] next() {
        if (done()) {
            throw new IllegalStateException("the event has been sent");
        }
        boolean end = sent >= UPDATES;
        int duration = Math.min(sent + 1, UPDATES) * FRAME_UNITS;
        sent++;
        return new byte[]{(byte) event, (byte) ((end ? 0x80 : 0) | VOLUME), (byte) (duration >> 8),
                (byte) duration};
    }
}
