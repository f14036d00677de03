package dev.parley.gateway.transport.sip.media;

/** The two codecs the SIP line speaks, with their static RTP payload types (RFC 3551) and their silence byte. */
public enum G711 {
    PCMU(0, (byte) 0xFF),
    PCMA(8, (byte) 0xD5);

    private final int staticPayloadType;
    private final byte silence;

    G711(int staticPayloadType, byte silence) {
        this.staticPayloadType = staticPayloadType;
        this.silence = silence;
    }

    public int staticPayloadType() {
        return staticPayloadType;
    }

    /** The byte a frame of silence is made of: what a {@link JitterBuffer} for this codec fills gaps with. */
    public byte silence() {
        return silence;
    }

    /** The rtpmap encoding, e.g. {@code PCMU/8000}. */
    public String rtpmap() {
        return name() + "/8000";
    }
}
