package dev.parley.dialogue.analysis;

import dev.parley.contracts.events.CallAnalyzed;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.tenant.Tenant;
import dev.parley.events.EventPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A call's analysis once it is over: read from its {@link CallRecord} (deterministic), the summary and sentiment
 * from the tenant's LLM when it has one and answers in time, then published as {@code call.analyzed} (keyed by the
 * call, through the durable outbox like every event) with the tenant's PII masked, and posted unmasked to the
 * tenant's post-call webhook: that is the tenant's own system, which needs the values as the caller gave them. All of it runs on
 * this service's own thread, never the call's: the call's teardown does not wait for any of it.
 */
@Singleton
public class PostCallAnalysis {

    private static final Logger LOG = Logger.getLogger(PostCallAnalysis.class);

    private final EventPublisher events;
    private final Duration llmTimeout;
    private final Clock clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "post-call-analysis");
        t.setDaemon(true);
        return t;
    });
    private final PostCallWebhook webhook;

    @Inject
    public PostCallAnalysis(EventPublisher events, MeterRegistry registry,
                            @ConfigProperty(name = "parley.analysis.llm-timeout") Duration llmTimeout,
                            @ConfigProperty(name = "parley.analysis.webhook.attempts") int attempts,
                            @ConfigProperty(name = "parley.analysis.webhook.first-backoff") Duration firstBackoff,
                            @ConfigProperty(name = "parley.analysis.webhook.max-backoff") Duration maxBackoff,
                            @ConfigProperty(name = "parley.analysis.webhook.timeout") Duration timeout) {
        this(events, registry, llmTimeout, new PostCallWebhook.Retry(attempts, firstBackoff, maxBackoff, timeout),
                Clock.systemUTC());
    }

    public PostCallAnalysis(EventPublisher events, MeterRegistry registry, Duration llmTimeout,
                            PostCallWebhook.Retry retry, Clock clock) {
        this.events = events;
        this.llmTimeout = llmTimeout;
        this.clock = clock;
        this.webhook = new PostCallWebhook(retry, thread, clock, registry);
    }

    /**
     * The call is over (the gateway closed its stream): analyses it on this service's thread and returns at once.
     * The future completes with the published (masked) analysis (or fails, logged) — the webhook's delivery goes on
     * after.
     */
    public CompletableFuture<CallAnalyzed> callEnded(Tenant tenant, Conversation conversation) {
        CompletableFuture<CallAnalyzed> published = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    analyze(tenant, conversation, published);
                } catch (RuntimeException e) {
                    LOG.warnf("tenant=%s call=%s: no post-call analysis: %s", tenant.id(), conversation.callId(),
                            e.toString());
                    published.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException stopping) {
            // The service is stopping: the call's teardown goes on regardless.
            LOG.warnf("tenant=%s call=%s: no post-call analysis, the service is stopping", tenant.id(),
                    conversation.callId());
            published.completeExceptionally(stopping);
        }
        return published;
    }

    private void analyze(Tenant tenant, Conversation conversation, CompletableFuture<CallAnalyzed> published) {
        TenantAnalysis analysis = tenant.analysis();
        CallRecord.Facts facts = CallRecord.of(conversation).facts();
        CallAnalyzed deterministic = CallAnalyzer.analyze(tenant.id(), conversation.callId(), clock.instant(), facts,
                analysis.config());
        CompletableFuture<Optional<LlmReview.Review>> review = analysis.llm() == null
                ? CompletableFuture.completedFuture(Optional.empty())
                : LlmReview.ask(analysis.llm(), conversation.history(), deterministic.summary(), llmTimeout, thread);
        review.thenAcceptAsync(r -> {
            CallAnalyzed event = r.map(x -> CallAnalyzer.reviewed(deterministic, x)).orElse(deterministic);
            CallAnalyzed masked = AnalysisRedaction.masked(event, facts, tenant.redactor(), analysis.config());
            try {
                events.publish(masked);
            } catch (RuntimeException e) {
                // The webhook is still owed its copy; the event path's failure is its own.
                LOG.warnf("tenant=%s call=%s: could not publish call.analyzed: %s", tenant.id(),
                        conversation.callId(), e.toString());
            }
            published.complete(masked);
            if (analysis.webhook() != null) {
                webhook.deliver(analysis.webhook(), event);
            }
        }, thread).exceptionally(e -> {
            published.completeExceptionally(e);
            return null;
        });
    }

    @PreDestroy
    void stop() {
        thread.shutdown();
    }
}
