package dev.parley.dialogue.tracing;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A failed model call's span says what failed, never the provider's message, which may quote the caller. */
class ChatSpansTest {

    @Test
    void aFailureIsRecordedByItsTypeWithoutItsMessage() {
        InMemorySpanExporter exported = InMemorySpanExporter.create();
        try (OpenTelemetrySdk telemetry = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exported)).build()).build()) {
            Multi<String> failing = Multi.createFrom().failure(
                    new IllegalStateException("malformed event: {\"text\":\"patient 482913\"}"));
            ChatSpans.traced(failing, () -> telemetry.getTracer("t").spanBuilder("chat m").startSpan())
                    .subscribe().withSubscriber(AssertSubscriber.create(1)).awaitFailure(Duration.ofSeconds(5));

            SpanData chat = exported.getFinishedSpanItems().get(0);
            assertEquals(IllegalStateException.class.getName(), chat.getAttributes().get(ToolSpan.ERROR_TYPE));
            String recorded = chat.getEvents().toString() + chat.getStatus();
            assertEquals("exception", chat.getEvents().get(0).getName());
            assertFalse(recorded.contains("482913"), recorded);
        }
    }
}
