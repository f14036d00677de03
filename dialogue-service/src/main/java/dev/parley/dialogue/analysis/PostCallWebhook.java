package dev.parley.dialogue.analysis;

import dev.parley.contracts.events.CallAnalyzed;
import dev.parley.contracts.events.EventCodec;
import dev.parley.dialogue.tools.webhook.WebhookSigner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Posts a call's analysis to its tenant's post-call webhook: the {@code call.analyzed} event's JSON, signed as tool
 * requests are ({@link WebhookSigner}, a fresh timestamp per attempt) and carrying an {@code Idempotency-Key} that is
 * the same on every attempt for the call, so the receiver can drop repeats: delivery is at least once. A network
 * error, a timeout, 429 or 5xx is tried again after a doubling wait; another status is the receiver's refusal and is
 * not. Nothing here blocks a thread: the waits are scheduled, the requests asynchronous.
 */
public final class PostCallWebhook {

    private static final Logger LOG = Logger.getLogger(PostCallWebhook.class);

    /** How a delivery ended. */
    public enum Outcome { DELIVERED, REJECTED, GAVE_UP }

    /**
     * @param attempts     tries in all, the first included
     * @param firstBackoff the wait before the second try; each later wait doubles, up to {@code maxBackoff}
     * @param timeout      for one request's answer
     */
    public record Retry(int attempts, Duration firstBackoff, Duration maxBackoff, Duration timeout) {
        public Retry {
            if (attempts < 1) {
                throw new IllegalArgumentException("parley.analysis.webhook.attempts must be >= 1");
            }
        }

        Duration backoff(int failedAttempt) {
            long ms = firstBackoff.toMillis() << Math.min(failedAttempt - 1, 20);
            return Duration.ofMillis(Math.min(ms, maxBackoff.toMillis()));
        }
    }

    /** Redirects are refused, as for tools: a post cannot be bounced to a host not allowed. */
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final Retry retry;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final MeterRegistry registry;

    public PostCallWebhook(Retry retry, ScheduledExecutorService timer, Clock clock, MeterRegistry registry) {
        this.retry = retry;
        this.timer = timer;
        this.clock = clock;
        this.registry = registry;
    }

    /** The key every attempt for this call's analysis carries. */
    public static String idempotencyKey(CallAnalyzed event) {
        return event.callId() + ":analysis";
    }

    public CompletableFuture<Outcome> deliver(TenantAnalysis.Target target, CallAnalyzed event) {
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        String body = new String(EventCodec.encode(event), StandardCharsets.UTF_8);
        attempt(target, event, body, 1, done);
        return done.whenComplete((outcome, error) -> Counter.builder("parley.dialogue.analysis.webhook")
                .description("Post-call webhook deliveries by how they ended (delivered, rejected, gave-up)")
                .tag("tenant", event.tenantId())
                .tag("outcome", outcome == null ? "gave-up" : outcome.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .register(registry).increment());
    }

    private void attempt(TenantAnalysis.Target target, CallAnalyzed event, String body, int n,
                         CompletableFuture<Outcome> done) {
        String tag = "tenant=" + event.tenantId() + " call=" + event.callId();
        // Checked before every post, as tools are: a policy is only as good as its last check.
        if (!target.policy().allows(target.url().getHost())) {
            LOG.warnf("%s: post-call webhook host %s is not in the tenant's allowedHosts; not posted", tag,
                    target.url().getHost());
            done.complete(Outcome.REJECTED);
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target.url())
                .timeout(retry.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "parley-dialogue-service")
                .header("Idempotency-Key", idempotencyKey(event))
                .header("X-Parley-Event", CallAnalyzed.TYPE)
                .header("X-Parley-Tenant", event.tenantId())
                .header("X-Parley-Call-Id", event.callId())
                .header(WebhookSigner.HEADER, target.signer().sign(clock.instant().getEpochSecond(), body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if ("http".equals(target.url().getScheme())) {
            request.version(HttpClient.Version.HTTP_1_1);
        }
        CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            int status = response == null ? -1 : response.statusCode();
            if (status / 100 == 2) {
                LOG.debugf("%s: post-call analysis delivered (attempt %d)", tag, n);
                done.complete(Outcome.DELIVERED);
                return;
            }
            String why = error != null ? "cannot reach " + target.url().getHost() + ": " + rootCause(error)
                    : target.url().getHost() + " answered HTTP " + status;
            if (error == null && status != 429 && status / 100 != 5) {
                LOG.warnf("%s: post-call webhook refused the analysis (%s); not tried again", tag, why);
                done.complete(Outcome.REJECTED);
            } else if (n >= retry.attempts()) {
                LOG.warnf("%s: post-call webhook gave up after %d attempts: %s", tag, n, why);
                done.complete(Outcome.GAVE_UP);
            } else {
                Duration wait = retry.backoff(n);
                LOG.infof("%s: post-call webhook attempt %d failed (%s); again in %d ms", tag, n, why,
                        wait.toMillis());
                try {
                    timer.schedule(() -> attempt(target, event, body, n + 1, done), wait.toMillis(),
                            TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException stopping) {
                    LOG.warnf("%s: post-call webhook gave up after %d attempts, the service is stopping: %s", tag,
                            n, why);
                    done.complete(Outcome.GAVE_UP);
                }
            }
        });
    }

    /** "ConnectException", "HttpTimeoutException request timed out": the cause, without the future's wrappers. */
    private static String rootCause(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " " + t.getMessage());
    }
}
