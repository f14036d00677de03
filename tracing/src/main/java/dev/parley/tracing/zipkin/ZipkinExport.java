package dev.parley.tracing.zipkin;

import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import zipkin2.reporter.urlconnection.URLConnectionSender;

import java.time.Duration;

/**
 * Spans to a Zipkin server (JSON v2 on {@code /api/v2/spans}) instead of OTLP, when
 * {@code parley.tracing.exporter=zipkin}: the Docker-free local stack's viewer is Zipkin, which does not speak OTLP.
 * <p>
 * Quarkus batches the spans of every {@link SpanExporter} bean it can look up, and leaves out its own OTLP exporter
 * when there is one; {@link LookupIfProperty} keeps this bean out of lookups unless selected, so OTLP (the default,
 * for Jaeger) stays in charge otherwise. An unreachable Zipkin costs a logged warning per batch, nothing else.
 */
@ApplicationScoped
public class ZipkinExport {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Produces
    @Singleton
    @LookupIfProperty(name = "parley.tracing.exporter", stringValue = "zipkin")
    SpanExporter zipkin(@ConfigProperty(name = "parley.tracing.zipkin.endpoint",
            defaultValue = "http://localhost:9411/api/v2/spans") String endpoint) {
        URLConnectionSender sender = URLConnectionSender.newBuilder()
                .endpoint(endpoint)
                .connectTimeout((int) TIMEOUT.toMillis())
                .readTimeout((int) TIMEOUT.toMillis())
                .build();
        return ZipkinSpanExporter.builder().setSender(sender).build();
    }
}
