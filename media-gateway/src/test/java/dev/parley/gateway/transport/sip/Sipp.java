package dev.parley.gateway.transport.sip;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs sipp (Debian sip-tester) against the gateway with a scenario written here: a SIP peer we did not write, so
 * the trunk is tested against the messages real equipment sends. Exit code 0 means every expected response came.
 */
final class Sipp {
    /** An INVITE whose SDP offers {@code codecs} (an m= payload list with its rtpmap lines). */
    static String invite(String mLine, String rtpmaps) {
        return """
                  <send retrans="500">
                    <![CDATA[
                      INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0
                      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                      From: <sip:+15550001111@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
                      To: <sip:[service]@[remote_ip]:[remote_port]>
                      Call-ID: [call_id]
                      CSeq: 1 INVITE
                      Contact: <sip:caller@[local_ip]:[local_port]>
                      Max-Forwards: 70
                      Content-Type: application/sdp
                      Content-Length: [len]

                      v=0
                      o=caller 1 1 IN IP4 127.0.0.1
                      s=-
                      c=IN IP4 127.0.0.1
                      t=0 0
                      %s
                %s
                    ]]>
                  </send>
                """.formatted(mLine, rtpmaps);
    }

    static String request(String method, int cseq) {
        return """
                  <send>
                    <![CDATA[
                      %s [next_url] SIP/2.0
                      Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
                      From: <sip:+15550001111@[local_ip]:[local_port]>;tag=[pid]SIPpTag[call_number]
                      To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
                      Call-ID: [call_id]
                      CSeq: %d %s
                      Contact: <sip:caller@[local_ip]:[local_port]>
                      Max-Forwards: 70
                      Content-Length: 0
                    ]]>
                  </send>
                """.formatted(method, cseq, method.equals("ACK") ? "ACK" : method);
    }

    static String scenario(String... parts) {
        return "<?xml version=\"1.0\" encoding=\"ISO-8859-1\" ?>\n<scenario name=\"parley test\">\n"
                + String.join("", parts) + "</scenario>\n";
    }

    record Run(int exitCode, String output) {
    }

    /** Places one call to {@code number} at the gateway's SIP port with the scenario; {@code extra} sipp options. */
    static Run run(int sipPort, String number, String scenario, Path dir, String... extra)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "scenario", ".xml");
        Files.writeString(file, scenario, StandardCharsets.ISO_8859_1);
        Path errors = dir.resolve(file.getFileName() + ".errors");
        List<String> command = new ArrayList<>(List.of("sipp", "127.0.0.1:" + sipPort, "-sf", file.toString(),
                "-s", number, "-i", "127.0.0.1", "-p", Integer.toString(freePort()), "-m", "1", "-nostdin",
                "-timeout", "20s", "-timeout_error", "-trace_err", "-error_file", errors.toString()));
        command.addAll(List.of(extra));
        Process sipp;
        try {
            sipp = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("sipp is not installed (Debian package sip-tester; deploy/local/"
                    + "install-deps.sh installs it)", e);
        }
        String out = new String(sipp.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        if (!sipp.waitFor(40, TimeUnit.SECONDS)) {
            sipp.destroyForcibly();
        }
        if (Files.exists(errors)) {
            out += Files.readString(errors, StandardCharsets.ISO_8859_1);
        }
        return new Run(sipp.exitValue(), out.length() > 3000 ? out.substring(out.length() - 3000) : out);
    }

    /**
     * sipp as the callee: listens on {@code port} for one call and plays the scenario; {@link Callee#await} it.
     * {@code extra} sipp options.
     */
    static Callee answer(int port, String scenario, Path dir, String... extra) throws IOException {
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "callee", ".xml");
        Files.writeString(file, scenario, StandardCharsets.ISO_8859_1);
        Path errors = dir.resolve(file.getFileName() + ".errors");
        List<String> command = new ArrayList<>(List.of("sipp", "-sf", file.toString(), "-i", "127.0.0.1", "-p",
                Integer.toString(port), "-m", "1", "-nostdin", "-timeout", "20s", "-timeout_error", "-trace_err",
                "-error_file", errors.toString()));
        command.addAll(List.of(extra));
        Process sipp = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new Callee(sipp, errors);
    }

    /** A sipp callee running; its exit code 0 means every message of its scenario came and went. */
    record Callee(Process process, Path errors) {
        Run await() throws IOException, InterruptedException {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            if (!process.waitFor(40, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            if (Files.exists(errors)) {
                out += Files.readString(errors, StandardCharsets.ISO_8859_1);
            }
            return new Run(process.exitValue(), out.length() > 3000 ? out.substring(out.length() - 3000) : out);
        }
    }

    /**
     * A response from the callee to the last request it received, in its dialog (To tag {@code [pid]callee}), with
     * an SDP answer when {@code sdp} is not null.
     */
    static String respond(String status, String sdp) {
        String body = sdp == null ? "Content-Length: 0\n" : "Content-Type: application/sdp\nContent-Length: [len]\n\n"
                + sdp;
        return """
                  <send>
                    <![CDATA[
                      SIP/2.0 %s
                      [last_Via:]
                      [last_From:]
                      [last_To:];tag=[pid]callee
                      [last_Call-ID:]
                      [last_CSeq:]
                      Contact: <sip:callee@[local_ip]:[local_port]>
                      %s
                    ]]>
                  </send>
                """.formatted(status, body.replace("\n", "\n                      "));
    }

    static String freeUdpPort() throws IOException {
        return Integer.toString(freePort());
    }

    /** A free UDP port for a test profile's constants, where a checked exception cannot go. */
    static String freeUdpPortNow() {
        try {
            return freeUdpPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Sipp() {
    }
}
