package dev.parley.dialogue.tenant;

import dev.parley.contracts.redaction.RedactionPolicy;
import dev.parley.dialogue.support.RecordingEventPublisher;
import dev.parley.dialogue.support.SharedEmbedder;
import dev.parley.dialogue.support.Tenants;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TenantLoaderTest {

    static final String GOOD_FLOW = """
            greeting: "Hello from Bob's."
            fallback: "Sorry?"
            matching: { threshold: 0.8, margin: 0.04 }
            intents:
              - name: bye
                examples: [goodbye]
                say: "Bye."
                endCall: { reason: done }
            """;

    @TempDir
    Path root;

    final TenantLoader loader = new TenantLoader(SharedEmbedder.get(), new RecordingEventPublisher(),
            Infrastructure.getDefaultWorkerPool());

    Path tenant(String id, String flowYaml) throws IOException {
        Path dir = Files.createDirectories(root.resolve(id));
        Files.writeString(dir.resolve("tenant.yaml"), "id: " + id + "\ndisplayName: Test\nphoneNumbers: []\n");
        if (flowYaml != null) {
            Files.writeString(dir.resolve("flow.yaml"), flowYaml);
        }
        return dir;
    }

    String loadError(Path dir) {
        return assertThrows(IllegalArgumentException.class, () -> loader.load(dir)).getMessage();
    }

    @Test
    void loadsAMinimalTenant() throws IOException {
        Tenant t = loader.load(tenant("bobs", GOOD_FLOW));
        assertEquals("bobs", t.id());
        assertEquals("flow", t.brain().name());
    }

    @Test
    void pointsAtAnUndefinedSlot() throws IOException {
        String flow = GOOD_FLOW.replace("say: \"Bye.\"", "say: \"Bye.\"\n    slots: [account]");
        String error = loadError(tenant("bobs", flow));
        assertTrue(error.contains("flow.yaml") && error.contains("intent 'bye' uses undefined slot 'account'"), error);
    }

    @Test
    void readsTheRedactionBlock() throws IOException {
        Path dir = tenant("bobs", GOOD_FLOW);
        Files.writeString(dir.resolve("tenant.yaml"), Files.readString(dir.resolve("tenant.yaml"))
                + "redaction:\n  digits: 6\n  emails: false\n  slots: [patient]\n");
        assertEquals(new RedactionPolicy(true, 6, false, Set.of("patient")), loader.load(dir).redactor().policy());
        assertEquals(RedactionPolicy.NONE, loader.load(tenant("alice", GOOD_FLOW)).redactor().policy());
    }

    @Test
    void aBadRedactionBlockFailsTheLoadNamingTheKey() throws IOException {
        Path dir = tenant("bobs", GOOD_FLOW);
        Files.writeString(dir.resolve("tenant.yaml"), Files.readString(dir.resolve("tenant.yaml"))
                + "redaction:\n  digit: 6\n");
        String error = loadError(dir);
        assertTrue(error.contains("tenant.yaml") && error.contains("unknown key 'digit'"), error);
        Files.writeString(dir.resolve("tenant.yaml"), "id: bobs\nredaction:\n  digits: 1\n");
        error = loadError(dir);
        assertTrue(error.contains("tenant.yaml") && error.contains("redaction.digits"), error);
    }

    @Test
    void rejectsAMisspelledKey() throws IOException {
        String error = loadError(tenant("bobs", GOOD_FLOW.replace("greeting:", "greting:")));
        assertTrue(error.contains("flow.yaml is not valid") && error.contains("greting"), error);
    }

    @Test
    void needsAFlow() throws IOException {
        assertTrue(loadError(tenant("bobs", null)).endsWith("flow.yaml is missing"));
    }

    @Test
    void theIdMustMatchTheFolder() throws IOException {
        Path dir = tenant("bobs", GOOD_FLOW);
        Files.writeString(dir.resolve("tenant.yaml"), "id: alice\n");
        assertTrue(loadError(dir).contains("id 'alice' must match the folder name 'bobs'"));
    }

    @Test
    void aBrokenTenantDoesNotKeepOthersFromLoading() throws IOException {
        tenant("bobs", GOOD_FLOW);
        tenant("broken", "greeting: [not, a, string\n");
        TenantDirectory directory = new TenantDirectory();
        directory.root = root;
        directory.embedder = SharedEmbedder.get();
        directory.events = new RecordingEventPublisher();
        directory.load();
        assertTrue(directory.find("bobs").isPresent());
        assertTrue(directory.find("broken").isEmpty());
        assertTrue(directory.failure("broken").orElseThrow().contains("flow.yaml is not valid"));
    }

    Path tenantWithTools(String toolsYaml, String flowYaml) throws IOException {
        Path dir = tenant("bobs", flowYaml);
        Files.writeString(dir.resolve("tenant.yaml"), "id: bobs\ndisplayName: Test\n" + toolsYaml);
        return dir;
    }

    static final String WEBHOOK = """
            tools:
              lookup:
                type: webhook
                url: "https://api.bobs.example/lookup"
                parameters:
                  type: object
                  properties: { account: { type: string } }
                  required: [account]
            toolPolicy:
              allowedHosts: [api.bobs.example]
            """;

    @Test
    void toolErrorsNameTheFileTheToolAndTheKey() throws IOException {
        String unknownType = loadError(tenantWithTools("tools:\n  x:\n    type: ftp\n", GOOD_FLOW));
        assertTrue(unknownType.contains("tenant.yaml is not valid") && unknownType.contains("ftp"), unknownType);
        String typo = loadError(tenantWithTools(WEBHOOK.replace("url:", "ulr:"), GOOD_FLOW));
        assertTrue(typo.contains("tenant.yaml is not valid") && typo.contains("ulr"), typo);
        String host = loadError(tenantWithTools(WEBHOOK.replace("[api.bobs.example]", "[other.example]"),
                GOOD_FLOW));
        assertTrue(host.contains("tenant.yaml: tool 'lookup': host 'api.bobs.example'")
                && host.contains("not in toolPolicy.allowedHosts"), host);
    }

    @Test
    void anIntentMustCollectWhatItsToolRequires() throws IOException {
        String flow = GOOD_FLOW.replace("say: \"Bye.\"", "say: \"Bye.\"\n    tool: lookup");
        String error = loadError(tenantWithTools(WEBHOOK, flow));
        assertTrue(error.contains("intent 'bye' runs tool 'lookup', which requires 'account'"), error);
        String undefined = loadError(tenantWithTools("", flow));
        assertTrue(undefined.contains("intent 'bye' uses tool 'lookup', which tenant.yaml does not define"),
                undefined);
    }

    @Test
    void theDemoTenantLoads() {
        Tenant acme = Tenants.load("acme", new RecordingEventPublisher());
        assertEquals("Acme Online Shop", acme.displayName());
    }
}
