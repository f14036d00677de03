package dev.parley.gateway.tenant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tenant folders a test profile writes for its own gateway: one tenant.yaml per tenant. */
public final class TenantFiles {

    private TenantFiles() {
    }

    /** {@code dir/id/tenant.yaml} answering {@code number}, with {@code blocks} (YAML, e.g. a {@code sip:} block). */
    public static void write(Path dir, String id, String number, String blocks) throws IOException {
        Files.createDirectories(dir.resolve(id));
        Files.writeString(dir.resolve(id).resolve("tenant.yaml"),
                "id: " + id + "\nphoneNumbers: [\"" + number + "\"]\n" + blocks);
    }
}
