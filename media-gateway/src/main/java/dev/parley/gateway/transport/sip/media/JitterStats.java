package dev.parley.gateway.transport.sip.media;

/**
 * What a {@link JitterBuffer} has seen so far. Frames are 20 ms; {@code concealed} counts frames played without any
 * received audio once the stream began (a repeat of the last frame, then silence), {@code late} the packets that came
 * after their play time (dropped, wholly or in part), {@code depthMs} the playout delay the buffer aims at now and
 * {@code bufferedMs} the audio waiting in it.
 */
public record JitterStats(long received, long played, long concealed, long late, long duplicates, long resyncs,
                          int depthMs, int bufferedMs) {
}
