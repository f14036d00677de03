package dev.parley.gateway.transport.sip;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out even RTP ports from {@code parley.sip.rtp-port-min..max} in turn, so a port just freed is not reused at
 * once (late packets of the last call would land in the next). Whether a port is really free is for the bind to say.
 */
@Singleton
public class RtpPorts {
    private final int min;
    private final int count;
    private final AtomicInteger next = new AtomicInteger();

    @Inject
    RtpPorts(SipConfig config) {
        this(config.rtpPortMin(), config.rtpPortMax());
    }

    RtpPorts(int min, int max) {
        int evenMin = min + (min & 1);
        if (evenMin < 1024 || max > 65534 || max < evenMin) {
            throw new IllegalArgumentException("parley.sip.rtp-port-min/max must be an even range within 1024-65534,"
                    + " got " + min + "-" + max);
        }
        this.min = evenMin;
        this.count = (max - evenMin) / 2 + 1;
    }

    /** The next port to try. */
    int next() {
        return min + 2 * Math.floorMod(next.getAndIncrement(), count);
    }

    /** How many ports there are: as many tries as that before a call is refused for want of one. */
    int size() {
        return count;
    }
}
