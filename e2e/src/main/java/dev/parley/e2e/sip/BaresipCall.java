package dev.parley.e2e.sip;

import dev.parley.audio.MuLaw;
import dev.parley.audio.Wav;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A phone call placed by baresip (Debian {@code baresip-core}), a headless SIP softphone we did not write: it dials
 * the gateway, plays the caller's side of the conversation from a WAV (its {@code aufile} source), presses keys when
 * told to over its control socket ({@code ctrl_tcp}, RFC 4733 events on the wire), records what it hears ({@code
 * sndfile}), and hangs up itself when the WAV ends — the caller's BYE.
 */
public final class BaresipCall {
    /** Keys to press, {@code at} from the moment baresip starts dialling. */
    public record Keys(Duration at, String digits) {
    }

    /** What the caller heard (8 kHz μ-law) and baresip's own log. */
    public record Result(int exitCode, byte[] heardUlaw, String log) {
    }

    private static final int RATE = 8000;

    private BaresipCall() {
    }

    public static Result place(int sipPort, String dialledNumber, short[] callerPcm8k, List<Keys> keys, Path workDir)
            throws IOException, InterruptedException {
        Path config = workDir.resolve("baresip");
        Path recordings = workDir.resolve("baresip-heard");
        Files.createDirectories(config);
        Files.createDirectories(recordings);
        Path wav = workDir.resolve("baresip-caller.wav");
        Wav.write(wav, new Wav.Clip(callerPcm8k, RATE));
        int controlPort = freePort();
        Files.writeString(config.resolve("config"), String.join("\n",
                "poll_method epoll",
                "sip_listen 127.0.0.1:" + freePort(),
                // ALSA's null device: nothing to play on, sndfile keeps what was heard.
                "audio_player alsa,null",
                "audio_alert alsa,null",
                "audio_source aufile," + wav.toAbsolutePath(),
                "audio_srate 8000",
                "audio_channels 1",
                "module_path /usr/lib/baresip/modules",
                "module g711.so",
                "module aufile.so",
                "module alsa.so",
                "module sndfile.so",
                "module_app account.so",
                "module_app menu.so",
                "module_app ctrl_tcp.so",
                "ctrl_tcp_listen 127.0.0.1:" + controlPort,
                "snd_path " + recordings.toAbsolutePath(),
                ""));
        Files.writeString(config.resolve("accounts"), "<sip:caller@127.0.0.1>;regint=0\n");
        long callSeconds = callerPcm8k.length / RATE + 10;
        Path log = workDir.resolve("baresip.log");
        Process baresip = new ProcessBuilder("baresip", "-f", config.toAbsolutePath().toString(), "-e",
                "/dial sip:" + dialledNumber + "@127.0.0.1:" + sipPort, "-t", Long.toString(callSeconds))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long started = System.nanoTime();
        for (Keys k : keys) {
            long wait = started + k.at().toNanos() - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000);
            }
            sendDigits(controlPort, k.digits());
        }
        if (!baresip.waitFor(callSeconds + 20, TimeUnit.SECONDS)) {
            baresip.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.ISO_8859_1).replaceAll("\\[[0-9:]+\\] audio=[^\\[]*", "");
        return new Result(baresip.exitValue(), heard(recordings), output.length() > 4000
                ? output.substring(output.length() - 4000) : output);
    }

    /** One ctrl_tcp command (a netstring of JSON): each digit is a key press sent as telephone-events. */
    private static void sendDigits(int controlPort, String digits) throws IOException {
        String json = "{\"command\":\"sndcode\",\"params\":\"" + digits + "\",\"token\":\"keys\"}";
        byte[] body = json.getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), controlPort);
             OutputStream out = socket.getOutputStream()) {
            out.write((body.length + ":").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.write(',');
            out.flush();
            socket.getInputStream().read(new byte[256]);
        }
    }

    /** sndfile's dump of the decoded incoming audio ({@code dump-…-dec.wav}), as μ-law for the transcriber. */
    private static byte[] heard(Path recordings) throws IOException {
        try (Stream<Path> files = Files.list(recordings)) {
            Path dec = files.filter(p -> p.getFileName().toString().endsWith("-dec.wav")).findFirst()
                    .orElseThrow(() -> new IOException("baresip recorded nothing in " + recordings));
            Wav.Clip clip = Wav.read(dec);
            if (clip.sampleRate() != RATE) {
                throw new IOException("baresip recorded at " + clip.sampleRate() + " Hz, expected 8000");
            }
            return MuLaw.encode(clip.samples());
        }
    }

    private static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0)) {
            return s.getLocalPort();
        }
    }
}
