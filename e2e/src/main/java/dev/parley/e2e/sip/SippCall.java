package dev.parley.e2e.sip;

import dev.parley.e2e.caller.LineNoise;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A phone call placed by sipp (Debian {@code sip-tester}), a SIP client we did not write: INVITE with a PCMU offer,
 * ACK, the caller's audio streamed by sipp itself from an 8 kHz μ-law WAV as RTP, a wait for the answer, then the
 * caller's BYE. The offer's audio port is an {@link RtpRecorder}'s, so the agent's RTP is kept for the test to hear.
 * The WAV starts with {@code leadIn} of line noise (the greeting plays meanwhile) and the call lasts until {@code
 * hangUpAfter} from the ACK.
 */
public final class SippCall {
    /** What sipp reported and what the far end heard. */
    public record Result(int exitCode, String sipCallId, byte[] heardUlaw, int rtpPackets, String sippOutput) {
        public boolean sippPassed() {
            return exitCode == 0;
        }
    }

    private static final int RATE = 8000;

    private SippCall() {
    }

    public static Result place(int sipPort, String dialledNumber, byte[] questionUlaw, Duration leadIn,
                               Duration hangUpAfter, Path workDir) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        // sipp matches responses to its calls by the Call-ID it made: its format is set so ours is known (call 1).
        String prefix = UUID.randomUUID().toString();
        String sipCallId = prefix + "-1@parley-e2e";
        Path wav = workDir.resolve("caller.wav");
        LineNoise noise = new LineNoise(7);
        ByteArrayOutputStream audio = new ByteArrayOutputStream();
        audio.writeBytes(noise.ulaw((int) (leadIn.toMillis() * RATE / 1000)));
        audio.writeBytes(questionUlaw);
        audio.writeBytes(noise.ulaw(RATE));
        Files.write(wav, muLawWav(audio.toByteArray()));
        try (RtpRecorder ear = new RtpRecorder()) {
            Path scenario = workDir.resolve("caller.xml");
            Files.writeString(scenario, scenario(ear.port(), wav, hangUpAfter), StandardCharsets.UTF_8);
            Path log = workDir.resolve("sipp.log");
            List<String> command = List.of("sipp", "127.0.0.1:" + sipPort, "-sf", scenario.toString(),
                    "-s", dialledNumber, "-i", "127.0.0.1", "-p", Integer.toString(freeUdpPort()), "-mi",
                    "127.0.0.1", "-mp", Integer.toString(freeMediaPort()), "-m", "1", "-l", "1", "-cid_str", prefix + "-%u@parley-e2e", "-timeout",
                    (hangUpAfter.toSeconds() + 30) + "s", "-timeout_error", "-nostdin", "-trace_err",
                    "-error_file", workDir.resolve("sipp-errors.log").toString());
            Process sipp = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!sipp.waitFor(hangUpAfter.toSeconds() + 60, TimeUnit.SECONDS)) {
                sipp.destroyForcibly();
                throw new IllegalStateException("sipp did not finish; see " + log);
            }
            Thread.sleep(200);
            String output = Files.readString(log, StandardCharsets.ISO_8859_1);
            Path errors = workDir.resolve("sipp-errors.log");
            if (Files.exists(errors)) {
                output += "\n" + Files.readString(errors, StandardCharsets.ISO_8859_1);
            }
            return new Result(sipp.exitValue(), sipCallId, ear.heard(), ear.packets(), tail(output));
        }
    }

    private static String scenario(int earPort, Path wav, Duration hangUpAfter) {
        String dialog = """
                      From: "caller" <sip:+15550001111@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
                      Call-ID: [call_id]
                      Contact: <sip:caller@[local_ip]:[local_port]>
                      Max-Forwards: 70
                """;
        return """
                <?xml version="1.0" encoding="ISO-8859-1" ?>
                <scenario name="parley e2e caller">
                  <send retrans="500">
                    <![CDATA[
                      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
                      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                %s      To: <sip:[service]@[remote_ip]:[remote_port]>
                      CSeq: 1 INVITE
                      Content-Type: application/sdp
                      Content-Length: [len]

                      v=0
                      o=caller 1 1 IN IP4 127.0.0.1
                      s=-
                      c=IN IP4 127.0.0.1
                      t=0 0
                      m=audio %d RTP/AVP 0 101
                      a=rtpmap:0 PCMU/8000
                      a=rtpmap:101 telephone-event/8000
                      a=fmtp:101 0-15
                      a=ptime:20
                      a=sendrecv
                    ]]>
                  </send>
                  <recv response="100" optional="true"/>
                  <recv response="180" optional="true"/>
                  <recv response="200" rtd="true" rrs="true"/>
                  <send>
                    <![CDATA[
                      ACK [next_url] SIP/2.0
                      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                %s      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
                      CSeq: 1 ACK
                      Content-Length: 0
                    ]]>
                  </send>
                  <nop>
                    <action>
                      <exec rtp_stream="%s,1,0"/>
                    </action>
                  </nop>
                  <pause milliseconds="%d"/>
                  <send retrans="500">
                    <![CDATA[
                      BYE [next_url] SIP/2.0
                      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                %s      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
                      CSeq: 2 BYE
                      Content-Length: 0
                    ]]>
                  </send>
                  <recv response="200" crlf="true"/>
                </scenario>
                """.formatted(dialog, earPort, dialog, wav.toAbsolutePath(), hangUpAfter.toMillis(), dialog);
    }

    /** A WAV of 8 kHz mono μ-law (format 7), what sipp's rtp_stream plays as PCMU. */
    static byte[] muLawWav(byte[] ulaw) {
        ByteBuffer b = ByteBuffer.allocate(46 + ulaw.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(38 + ulaw.length);
        b.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(18);
        b.putShort((short) 7).putShort((short) 1).putInt(RATE).putInt(RATE).putShort((short) 1).putShort((short) 8)
                .putShort((short) 0);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(ulaw.length).put(ulaw);
        return b.array();
    }

    private static int freeUdpPort() throws IOException {
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private static int freeMediaPort() throws IOException {
        // sipp takes its media port and the one above it (RTCP): an even free port with a free neighbour.
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freeUdpPort() & ~1;
            try (java.net.DatagramSocket a = new java.net.DatagramSocket(port);
                 java.net.DatagramSocket b = new java.net.DatagramSocket(port + 1)) {
                return port;
            } catch (IOException taken) {
                // one of the pair is in use: try another
            }
        }
        throw new IOException("no free even UDP port pair for sipp's media");
    }

    private static String tail(String text) {
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }
}
