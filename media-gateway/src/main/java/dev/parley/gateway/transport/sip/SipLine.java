package dev.parley.gateway.transport.sip;

import dev.parley.gateway.transport.CallTransport;
import dev.parley.gateway.transport.HandOver;

import java.util.function.Consumer;

/**
 * A SIP call as the session sees it: audio and marks go to the call's RTP stream, a hang-up is a BYE, a transfer a
 * REFER (or, for a tenant with {@code sip.transfer.warm}, a second leg to the person).
 */
final class SipLine implements CallTransport {
    private final SipCall call;
    private final RtpChannel rtp;

    SipLine(SipCall call, RtpChannel rtp) {
        this.call = call;
        this.rtp = rtp;
    }

    @Override
    public String name() {
        return "sip";
    }

    @Override
    public void sendAudio(byte[] ulawFrame) {
        rtp.send(ulawFrame);
    }

    @Override
    public void sendMark(String name) {
        rtp.mark(name);
    }

    @Override
    public void clear() {
        rtp.clear();
    }

    @Override
    public void hangUp(String reason) {
        call.hangUp(reason);
    }

    @Override
    public boolean transferWarm(String target, HandOver handOver) {
        return call.transferWarm(target, handOver);
    }

    @Override
    public void transfer(String target, Consumer<Boolean> outcome) {
        call.transfer(target, outcome);
    }
}
