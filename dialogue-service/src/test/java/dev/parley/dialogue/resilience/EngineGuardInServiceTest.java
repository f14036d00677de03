package dev.parley.dialogue.resilience;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inside the running service, guards come from FT's CDI implementation (the unit tests use its standalone one): the
 * timeout and the breaker work the same, and each engine's guard shows in the service's metrics under its name.
 */
@QuarkusTest
@Tag("quarkus")
class EngineGuardInServiceTest {

    @TestHTTPResource("/")
    URL base;

    @Test
    void aTimedOutStartOpensTheBreakerAndShowsInTheMetrics() throws Exception {
        EngineGuard guard = new EngineGuard("test/metrics-engine", Duration.ofMillis(50), 1, Duration.ofSeconds(600));
        AssertSubscriber<String> late = guard.guard(Multi.createFrom().<String>nothing(), "llm")
                .subscribe().withSubscriber(AssertSubscriber.create(10));
        late.awaitFailure(Duration.ofSeconds(10));
        assertInstanceOf(StreamTimeouts.StreamTimeoutException.class, late.getFailure());
        assertTrue(guard.isOpen());
        AssertSubscriber<String> rejected = guard.guard(Multi.createFrom().items("x"), "llm")
                .subscribe().withSubscriber(AssertSubscriber.create(10));
        rejected.awaitFailure(Duration.ofSeconds(10));
        assertInstanceOf(CircuitBreakerOpenException.class, rejected.getFailure());

        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.toURI().resolve("/q/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("ft_timeout_calls_total{")
                && l.contains("method=\"test/metrics-engine#first-item\"") && l.contains("timedOut=\"true\"")), metrics);
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("ft_circuitbreaker_opened_total{")
                && l.contains("method=\"test/metrics-engine\"")), metrics);
    }
}
