package dev.parley.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.gateway.transport.browser.BrowserTokenResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;
import org.jboss.jandex.MethodInfo;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * /q/openapi describes every REST operation the gateway serves and nothing else: the expected operations are read
 * from the compiled resource classes' JAX-RS annotations, so a new endpoint the document misses fails here.
 */
@QuarkusTest
class OpenApiDocumentTest {
    private static final DotName PATH = DotName.createSimple("jakarta.ws.rs.Path");
    private static final List<String> VERBS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

    @Test
    void theDocumentListsExactlyTheRestOperationsInTheCode() throws Exception {
        String text = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().asString();
        JsonNode doc = new ObjectMapper().readTree(text);
        Set<String> documented = new TreeSet<>();
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(verb -> {
            if (VERBS.contains(verb.toUpperCase(Locale.ROOT))) {
                documented.add(verb.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        assertEquals(operationsInCode(), documented);
    }

    @Test
    void theDocumentHoldsNoSecret() {
        String text = given().get("/q/openapi").then().statusCode(200).extract().asString();
        var config = ConfigProvider.getConfig();
        // The test profile sets a Twilio auth token and acme's API key: neither may leak into the public document.
        for (String secret : List.of(config.getValue("parley.twilio.auth-token", String.class),
                config.getValue("parley.gateway.api-keys.acme", String.class))) {
            assertFalse(text.contains(secret), "the OpenAPI document contains a configured secret");
        }
    }

    /** "VERB /path" for every resource method of every @Path class compiled from src/main. */
    private static Set<String> operationsInCode() throws IOException, URISyntaxException {
        Index index = indexOf(classesRoot());
        Set<String> operations = new TreeSet<>();
        for (AnnotationInstance onClass : index.getAnnotations(PATH)) {
            if (onClass.target().kind() != AnnotationTarget.Kind.CLASS) {
                continue;
            }
            ClassInfo resource = onClass.target().asClass();
            for (MethodInfo method : resource.methods()) {
                for (String verb : VERBS) {
                    if (method.hasDeclaredAnnotation(DotName.createSimple("jakarta.ws.rs." + verb))) {
                        AnnotationInstance sub = method.declaredAnnotation(PATH);
                        operations.add(verb + " " + join(onClass.value().asString(),
                                sub == null ? "" : sub.value().asString()));
                    }
                }
            }
        }
        return operations;
    }

    /** target/classes, found through a class compiled there (not through the test's working directory). */
    private static Path classesRoot() throws URISyntaxException {
        String name = BrowserTokenResource.class.getName().replace('.', '/') + ".class";
        URL url = OpenApiDocumentTest.class.getClassLoader().getResource(name);
        Path file = url != null && "file".equals(url.getProtocol()) ? Path.of(url.toURI()) : Path.of("target/classes", name);
        Path root = file;
        for (Iterator<Path> it = Path.of(name).iterator(); it.hasNext(); it.next()) {
            root = root.getParent();
        }
        return root;
    }

    private static Index indexOf(Path root) throws IOException {
        Indexer indexer = new Indexer();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    indexer.index(in);
                }
            }
        }
        return indexer.complete();
    }

    /** JAX-RS joins class and method paths with one slash; a template's regex ({id: \d+}) is not in OpenAPI's path. */
    private static String join(String classPath, String methodPath) {
        String path = ("/" + classPath + "/" + methodPath).replaceAll("/+", "/").replaceAll("\\{(\\w+)\\s*:[^}]*}", "{$1}");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
