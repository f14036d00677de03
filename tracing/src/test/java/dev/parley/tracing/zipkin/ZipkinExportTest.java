package dev.parley.tracing.zipkin;

import com.sun.net.httpserver.HttpServer;
import dev.parley.tracing.CallAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local stack's exporter against a real HTTP endpoint: Zipkin JSON v2 arrives; no server costs a failed result. */
class ZipkinExportTest {

    private static List<SpanData> oneSpan() {
        InMemorySpanExporter memory = InMemorySpanExporter.create();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "media-gateway")))
                .addSpanProcessor(SimpleSpanProcessor.create(memory)).build();
        provider.get("test").spanBuilder("call").setAttribute(CallAttributes.CALL_ID, "CA1").startSpan().end();
        return memory.getFinishedSpanItems();
    }

    @Test
    void postsZipkinJsonV2ToTheEndpoint() throws IOException {
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v2/spans", exchange -> {
            // The sender compresses, as Zipkin servers accept.
            boolean gzip = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"));
            try (var body = gzip ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                bodies.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        server.start();
        try (SpanExporter exporter = new ZipkinExport().zipkin("http://127.0.0.1:" + server.getAddress().getPort()
                + "/api/v2/spans")) {
            List<SpanData> spans = oneSpan();
            CompletableResultCode result = exporter.export(spans).join(10, TimeUnit.SECONDS);
            assertTrue(result.isSuccess());
            assertEquals(1, bodies.size());
            String json = bodies.get(0);
            assertTrue(json.startsWith("[{"), json);
            assertTrue(json.contains("\"traceId\":\"" + spans.get(0).getTraceId() + "\""), json);
            assertTrue(json.contains("\"name\":\"call\""), json);
            assertTrue(json.contains("\"serviceName\":\"media-gateway\""), json);
            assertTrue(json.contains("\"parley.call.id\":\"CA1\""), json);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void withoutAServerAnExportFailsQuietly() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (SpanExporter exporter = new ZipkinExport().zipkin("http://127.0.0.1:" + closedPort + "/api/v2/spans")) {
            CompletableResultCode result = exporter.export(oneSpan()).join(10, TimeUnit.SECONDS);
            assertTrue(result.isDone());
            assertFalse(result.isSuccess());
        }
    }
}
