package dev.parley.contracts.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;
import org.jboss.jandex.MethodInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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

/**
 * A service's REST operations as "VERB /path", two ways: from the JAX-RS annotations of its compiled classes, and from
 * its /q/openapi document — a service's test asserts they are the same, so an endpoint the document misses (or one it
 * invents) fails. Shared by the services' tests through contracts' test jar.
 */
public final class OpenApiOperations {

    private static final DotName PATH = DotName.createSimple("jakarta.ws.rs.Path");
    private static final List<String> VERBS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

    private OpenApiOperations() {
    }

    /** Every operation of the document (its JSON form). */
    public static Set<String> documented(String openApiJson) {
        try {
            JsonNode doc = new ObjectMapper().readTree(openApiJson);
            Set<String> out = new TreeSet<>();
            doc.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(verb -> {
                if (VERBS.contains(verb.toUpperCase(Locale.ROOT))) {
                    out.add(verb.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }));
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("not an OpenAPI JSON document", e);
        }
    }

    /** Every resource method of every @Path class compiled beside {@code anyMainClass} (its target/classes). */
    public static Set<String> inCode(Class<?> anyMainClass) {
        Index index = indexOf(classesRoot(anyMainClass));
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

    /** The classes folder the class was loaded from (not the test's working directory). */
    private static Path classesRoot(Class<?> anyMainClass) {
        String name = anyMainClass.getName().replace('.', '/') + ".class";
        URL url = anyMainClass.getClassLoader().getResource(name);
        try {
            Path root = url != null && "file".equals(url.getProtocol()) ? Path.of(url.toURI())
                    : Path.of("target/classes", name);
            for (Iterator<Path> it = Path.of(name).iterator(); it.hasNext(); it.next()) {
                root = root.getParent();
            }
            return root;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Index indexOf(Path root) {
        Indexer indexer = new Indexer();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    indexer.index(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot index " + root, e);
        }
        return indexer.complete();
    }

    /** JAX-RS joins class and method paths with one slash; a template's regex ({id: \d+}) is not in OpenAPI's path. */
    private static String join(String classPath, String methodPath) {
        String path = ("/" + classPath + "/" + methodPath).replaceAll("/+", "/")
                .replaceAll("\\{(\\w+)\\s*:[^}]*}", "{$1}");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
