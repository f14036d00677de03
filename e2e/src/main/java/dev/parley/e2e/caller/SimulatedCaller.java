package dev.parley.e2e.caller;

import dev.parley.audio.MuLaw;
import dev.parley.audio.Pcm16;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A phone calling the gateway the way Twilio Media Streams does: a signed WebSocket handshake, {@code connected} and
 * {@code start}, then one {@code media} frame every 20 ms in real time for the whole call (silence between utterances),
 * and {@code stop} at hang-up. The agent's audio is played through a {@link PhonePlayback} on the same 20 ms clock, so
 * marks are echoed when the audio before them has played and {@code clear} drops what was still queued.
 * Every send happens on the clock thread, which keeps the outgoing stream ordered like a real media path. With
 * jitter, what the gateway sends reaches the phone 0..jitter ms late (in order, as on TCP); every tick's microphone
 * and loudspeaker levels go to the {@link EarLog}, where benchmarks measure what a caller would hear.
 */
public final class SimulatedCaller implements AutoCloseable, MediaStreamListener.Events {
    static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final TwilioMessages messages = TwilioMessages.newCall();
    private final CallerVoice voice;
    private final Duration turnQuiet;
    private final CallLog log = new CallLog();
    private final Microphone microphone = new Microphone();
    private final ConcurrentLinkedQueue<String> outbox = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
    private final AtomicLong chunk = new AtomicLong();
    private final SpeakerphoneEcho echo = new SpeakerphoneEcho();
    private final EarLog ear = new EarLog();
    private final Loudspeaker loudspeaker;
    private WebSocket socket;
    private Thread clock;
    private volatile boolean hangUpRequested;
    private volatile boolean closedByCaller;

    private SimulatedCaller(CallerVoice voice, Duration turnQuiet, int jitterMs) {
        this.voice = voice;
        this.turnQuiet = turnQuiet;
        this.loudspeaker = new Loudspeaker(log, ear, jitterMs, name -> {
            outbox.add(messages.markEcho(name));
            log.markEchoed();
        });
    }

    /**
     * Opens the media stream to {@code gatewayUri} (ws://host:port/twilio/media), signed with the account's auth token
     * like Twilio signs it, sends {@code connected} and {@code start} for {@code tenant}, and starts streaming.
     *
     * @param turnQuiet how long the line must stay quiet after agent audio before the agent's turn counts as finished
     */
    public static SimulatedCaller call(URI gatewayUri, String authToken, String tenant, CallerVoice voice,
            Duration turnQuiet) {
        return call(gatewayUri, authToken, tenant, voice, turnQuiet, 0);
    }

    /** As {@link #call(URI, String, String, CallerVoice, Duration)}; the gateway's messages arrive 0..jitterMs late. */
    public static SimulatedCaller call(URI gatewayUri, String authToken, String tenant, CallerVoice voice,
            Duration turnQuiet, int jitterMs) {
        SimulatedCaller caller = new SimulatedCaller(voice, turnQuiet, jitterMs);
        caller.connect(gatewayUri, authToken, tenant);
        caller.clock = new Thread(caller::runClock, "caller-clock-" + caller.callSid());
        caller.clock.setDaemon(true);
        caller.clock.start();
        return caller;
    }

    private void connect(URI gatewayUri, String authToken, String tenant) {
        try {
            socket = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                    .newWebSocketBuilder()
                    .header("X-Twilio-Signature", TwilioSignature.sign(authToken, gatewayUri.toString()))
                    .buildAsync(gatewayUri, new MediaStreamListener(this))
                    .get(15, TimeUnit.SECONDS);
            socket.sendText(messages.connected(), true).get(5, TimeUnit.SECONDS);
            // The call starts with `start`; the greeting's latency and the call's duration count from here.
            log.started(System.nanoTime());
            socket.sendText(messages.start(Map.of("tenant", tenant)), true).get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot open the media stream to " + gatewayUri + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("media stream to " + gatewayUri + " did not open within 15 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to " + gatewayUri, e);
        }
    }

    public String callSid() {
        return messages.callSid();
    }

    public String streamSid() {
        return messages.streamSid();
    }

    public CallLog log() {
        return log;
    }

    /** When the call's {@code start} message went out (System.nanoTime()): the greeting's latency counts from here. */
    public long startedNanos() {
        return log.startNanos();
    }

    /** The levels the phone sent and played, tick by tick. */
    public EarLog ear() {
        return ear;
    }

    public CallerVoice voice() {
        return voice;
    }

    public List<AgentTurn> turns() {
        return log.turns();
    }

    /** Media frames sent so far: the caller's own clock, in 20 ms ticks. */
    public long mediaFramesSent() {
        return chunk.get();
    }

    /** When an utterance's first and last frames were sent (System.nanoTime()). */
    public record Spoken(long firstFrameNanos, long lastFrameNanos) {
    }

    /**
     * Speaks {@code text} and returns once its last frame has been sent (real time: as long as the speech lasts).
     * It opens a new agent turn: whatever the agent says from now on answers it.
     */
    public Spoken say(String text) {
        byte[] audio = voice.speak(text);
        Microphone.Utterance u;
        synchronized (this) {
            u = microphone.speak(audio, log.openTurn(text));
        }
        return await(u, "utterance \"" + text + "\"");
    }

    /**
     * Plays sounds into the line that do not open a turn of their own — a cough, a "mhm" over the agent — and
     * returns once they have been sent.
     */
    public Spoken interject(byte[] ulaw) {
        Microphone.Utterance u;
        synchronized (this) {
            u = microphone.speak(ulaw, null);
        }
        return await(u, "interjection");
    }

    /**
     * Makes the phone a speakerphone without echo cancellation: what it plays comes back into the microphone
     * {@code delayMs} later, scaled by {@code gain}.
     */
    public void speakerphoneEcho(int delayMs, double gain) {
        echo.configure(delayMs, gain);
    }

    /** Arrival times (System.nanoTime()) of the agent's media frames received at or after {@code sinceNanos}. */
    public List<Long> agentFramesSince(long sinceNanos) {
        return loudspeaker.agentFramesSince(sinceNanos);
    }

    private Spoken await(Microphone.Utterance u, String what) {
        long budgetMs = u.audio.length / 8 + 5000;
        try {
            long last = u.sent.get(budgetMs, TimeUnit.MILLISECONDS);
            return new Spoken(u.started.getNow(last), last);
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " not sent within " + budgetMs + " ms"
                    + (closed.isDone() ? "; the call ended: " + closed.join() : ""));
        } catch (ExecutionException e) {
            throw new IllegalStateException(what + " not sent: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending " + what, e);
        }
    }

    /** Sends a raw text frame in stream order (between media frames), e.g. a malformed message. */
    public void sendRaw(String text) {
        outbox.add(text);
    }

    /**
     * Waits until the agent's reply to the latest utterance (or the greeting) has played and the line stayed quiet for
     * the turn-quiet period, or the gateway hung up after speaking.
     *
     * @throws TimeoutException if there is no complete reply within {@code timeout}
     */
    public AgentTurn awaitAgentTurn(Duration timeout) throws TimeoutException, InterruptedException {
        AgentTurn turn = log.currentTurn();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!turn.isComplete()) {
            if (closed.isDone() && !turn.hasAudio()) {
                throw new TimeoutException("the call ended (" + closed.join() + ") before agent turn " + turn.index());
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("no complete agent turn " + turn.index() + " within " + timeout.toMillis()
                        + " ms (received " + turn.receivedMs() + " ms of audio, played " + turn.playedMs() + " ms)");
            }
            Thread.sleep(20);
        }
        return turn;
    }

    /** Waits for the gateway (or this caller) to end the call. */
    public CloseStatus awaitClose(Duration timeout) throws TimeoutException, InterruptedException {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** Hangs up like Twilio: a {@code stop} message after the last media frame, then a normal close. */
    public CloseStatus hangUp(Duration timeout) throws TimeoutException, InterruptedException {
        hangUpRequested = true;
        return awaitClose(timeout);
    }

    private void runClock() {
        long next = System.nanoTime();
        while (!closed.isDone()) {
            if (hangUpRequested) {
                sendHangUp();
                return;
            }
            tick(System.nanoTime());
            next += FRAME_NANOS;
            if (System.nanoTime() - next > 10 * FRAME_NANOS) {
                // The machine stalled (GC, overloaded CI); a phone would not burst the missed frames, it moves on.
                next = System.nanoTime();
            }
            LockSupport.parkNanos(next - System.nanoTime());
        }
    }

    private void tick(long now) {
        Loudspeaker.Played played = loudspeaker.tick(now);
        for (String raw = outbox.poll(); raw != null; raw = outbox.poll()) {
            send(raw);
        }
        Microphone.Frame frame = microphone.nextFrame();
        byte[] micFrame = echo.mix(frame.ulaw());
        send(messages.media(chunk.incrementAndGet(), (now - log.startNanos()) / 1_000_000, micFrame));
        if (frame.finished() != null) {
            long sentAt = System.nanoTime();
            if (frame.finished().answeredBy != null) {
                frame.finished().answeredBy.callerSpeechEnded(sentAt);
            }
            frame.finished().sent.complete(sentAt);
        }
        echo.played(played.pcm());
        short[] micPcm = MuLaw.decode(micFrame);
        ear.record(now, Pcm16.rmsDbfs(micPcm, 0, micPcm.length), played.anything()
                ? Pcm16.rmsDbfs(played.pcm(), 0, played.pcm().length) : EarLog.NOTHING_PLAYED);
        for (String name : played.dueMarks()) {
            send(messages.markEcho(name));
            log.markEchoed();
        }
        AgentTurn turn = log.currentTurn();
        if (!played.stillQueued() && !microphone.speaking() && turn.hasAudio() && !turn.isComplete()
                && now - turn.lastActivityNanos() >= turnQuiet.toNanos()) {
            turn.markComplete();
        }
    }

    private void send(String text) {
        if (closed.isDone()) {
            return;
        }
        try {
            socket.sendText(text, true).get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            if (!closed.isDone()) {
                log.protocolProblem("send failed: " + e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sendHangUp() {
        log.ended(System.nanoTime());
        send(messages.stop());
        closedByCaller = true;
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "caller hung up").get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.protocolProblem("close failed: " + e);
        }
        // The gateway should answer the close frame; if it does not, the call still ended on the caller's side.
        closed.completeOnTimeout(new CloseStatus(WebSocket.NORMAL_CLOSURE, "caller hung up", true,
                "gateway did not answer the close frame"), 5, TimeUnit.SECONDS);
    }

    @Override
    public void media(byte[] ulaw) {
        loudspeaker.media(ulaw);
    }

    @Override
    public void mark(String name) {
        loudspeaker.mark(name);
    }

    @Override
    public void clear() {
        loudspeaker.clear();
    }

    @Override
    public void protocolProblem(String description) {
        log.protocolProblem(description);
    }

    @Override
    public void closed(int code, String reason) {
        finish(new CloseStatus(code, reason, closedByCaller, null));
    }

    @Override
    public void failed(Throwable error) {
        finish(new CloseStatus(-1, "", closedByCaller, String.valueOf(error)));
    }

    private void finish(CloseStatus status) {
        log.ended(System.nanoTime());
        AgentTurn turn = log.currentTurn();
        if (turn.hasAudio()) {
            turn.markComplete();
        }
        closed.complete(status);
    }

    /** Ends the call if it is still running and stops the clock; safe to call more than once. */
    @Override
    public void close() {
        if (!closed.isDone() && socket != null) {
            try {
                hangUp(Duration.ofSeconds(6));
            } catch (TimeoutException e) {
                socket.abort();
                finish(new CloseStatus(-1, "", true, "aborted: no close within 6 s"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                socket.abort();
            }
        }
        if (clock != null) {
            clock.interrupt();
        }
    }
}
