package dev.parley.gateway.transport.sip.media;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a caller's SDP offer (RFC 4566) says about its first audio stream: where to send RTP, which payload types it
 * lists and what they are, its packet time and direction. Other media sections are ignored. Parsed by hand: only these
 * few lines matter to a G.711 line.
 *
 * @param connectionAddress where the caller wants RTP: the audio section's c= if it has one, else the session's
 * @param audioPort         the port of the first m=audio line (0 means the caller disabled the stream)
 * @param transport         the m=audio protocol, e.g. {@code RTP/AVP}
 * @param payloadTypes      the m=audio payload types in the caller's order of preference
 * @param rtpmaps           payload type to encoding as written in a=rtpmap, e.g. {@code 101 → telephone-event/8000}
 * @param ptime             a=ptime in ms, 0 when absent
 * @param direction         the audio section's direction attribute, else the session's, else sendrecv
 */
public record SdpOffer(String connectionAddress, int audioPort, String transport, List<Integer> payloadTypes,
                       Map<Integer, String> rtpmaps, int ptime, MediaDirection direction) {

    public SdpOffer {
        payloadTypes = List.copyOf(payloadTypes);
        rtpmaps = Map.copyOf(rtpmaps);
    }

    /** A hold: the caller stops listening (sendonly, inactive) or uses the old RFC 2543 address 0.0.0.0. */
    public boolean onHold() {
        return direction == MediaDirection.SENDONLY || direction == MediaDirection.INACTIVE
                || "0.0.0.0".equals(connectionAddress);
    }

    /** The encoding of a payload type as a=rtpmap names it, or its static RFC 3551 name, or null when unknown. */
    public String encoding(int payloadType) {
        String mapped = rtpmaps.get(payloadType);
        if (mapped != null) {
            return mapped;
        }
        for (G711 codec : G711.values()) {
            if (codec.staticPayloadType() == payloadType) {
                return codec.rtpmap();
            }
        }
        return null;
    }

    /** Reads an offer; malformed SDP, or SDP without an audio stream or its address, is refused. */
    public static SdpOffer parse(String sdp) {
        if (sdp == null || sdp.isBlank()) {
            throw new IllegalArgumentException("empty SDP offer");
        }
        String sessionAddress = null;
        String audioAddress = null;
        MediaDirection sessionDirection = null;
        MediaDirection audioDirection = null;
        int port = -1;
        String transport = null;
        List<Integer> payloadTypes = new ArrayList<>();
        Map<Integer, String> rtpmaps = new LinkedHashMap<>();
        int ptime = 0;
        Section section = Section.SESSION;
        boolean first = true;
        int number = 0;
        for (String raw : sdp.split("\r?\n")) {
            number++;
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() < 2 || line.charAt(1) != '=') {
                throw new IllegalArgumentException("SDP line " + number + " is not <type>=<value>: " + line);
            }
            char type = line.charAt(0);
            String value = line.substring(2);
            if (first && (type != 'v' || !value.equals("0"))) {
                throw new IllegalArgumentException("SDP must start with v=0, line " + number + " is " + line);
            }
            first = false;
            switch (type) {
                case 'm' -> {
                    if (port < 0 && value.startsWith("audio ")) {
                        String[] m = value.trim().split(" +");
                        if (m.length < 4) {
                            throw new IllegalArgumentException("SDP m=audio needs a port, a protocol and payload types: "
                                    + line);
                        }
                        port = port(m[1], line);
                        transport = m[2];
                        for (int i = 3; i < m.length; i++) {
                            payloadTypes.add(payloadType(m[i], line));
                        }
                        section = Section.AUDIO;
                    } else {
                        section = Section.OTHER;
                    }
                }
                case 'c' -> {
                    if (section == Section.SESSION) {
                        sessionAddress = address(value, line);
                    } else if (section == Section.AUDIO) {
                        audioAddress = address(value, line);
                    }
                }
                case 'a' -> {
                    MediaDirection direction = MediaDirection.fromAttribute(value);
                    if (section == Section.SESSION && direction != null) {
                        sessionDirection = direction;
                    } else if (section == Section.AUDIO) {
                        if (direction != null) {
                            audioDirection = direction;
                        } else if (value.startsWith("rtpmap:")) {
                            rtpmap(value.substring(7), line, rtpmaps);
                        } else if (value.startsWith("ptime:")) {
                            ptime = number(value.substring(6).trim(), "a=ptime", line);
                        }
                    }
                }
                default -> {
                }
            }
        }
        if (port < 0) {
            throw new IllegalArgumentException("SDP offer has no m=audio line");
        }
        String address = audioAddress != null ? audioAddress : sessionAddress;
        if (address == null) {
            throw new IllegalArgumentException("SDP offer has no c= line for its audio stream, at session or media level");
        }
        MediaDirection direction = audioDirection != null ? audioDirection
                : sessionDirection != null ? sessionDirection : MediaDirection.SENDRECV;
        return new SdpOffer(address, port, transport, payloadTypes, rtpmaps, ptime, direction);
    }

    /** Where a line belongs while reading: before any m=, in the first audio section, in any other section. */
    private enum Section { SESSION, AUDIO, OTHER }

    private static int port(String token, String line) {
        String bare = token.contains("/") ? token.substring(0, token.indexOf('/')) : token;
        int port = number(bare, "m=audio port", line);
        if (port > 65535) {
            throw new IllegalArgumentException("SDP m=audio port out of range: " + line);
        }
        return port;
    }

    private static int payloadType(String token, String line) {
        int pt = number(token, "payload type", line);
        if (pt > 127) {
            throw new IllegalArgumentException("SDP payload type " + pt + " is above 127: " + line);
        }
        return pt;
    }

    private static String address(String value, String line) {
        String[] c = value.trim().split(" +");
        if (c.length != 3 || !c[0].equals("IN") || !(c[1].equals("IP4") || c[1].equals("IP6"))) {
            throw new IllegalArgumentException("SDP c= must be IN IP4|IP6 <address>: " + line);
        }
        String address = c[2];
        // Multicast addresses carry /ttl; a unicast address is what matters here.
        return c[1].equals("IP4") && address.contains("/") ? address.substring(0, address.indexOf('/')) : address;
    }

    private static void rtpmap(String value, String line, Map<Integer, String> rtpmaps) {
        String[] parts = value.trim().split(" +", 2);
        if (parts.length != 2 || !parts[1].contains("/")) {
            throw new IllegalArgumentException("SDP a=rtpmap must be <payload type> <encoding>/<clock rate>: " + line);
        }
        rtpmaps.put(payloadType(parts[0], line), parts[1].trim());
    }

    private static int number(String token, String what, String line) {
        if (token.isEmpty() || token.length() > 9 || !token.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("SDP " + what + " is not a number: " + line);
        }
        return Integer.parseInt(token);
    }
}
