package dev.parley.dialogue.tools;

import java.nio.file.Files;
import java.nio.file.Path;

/** Builds a tenant's tools from their definitions. */
public final class Tools {

    private Tools() {
    }

    public static Tool create(String name, ToolDefinition definition, Path tenantDir) {
        if (definition == null || definition.type() == null) {
            throw new IllegalArgumentException("tool '" + name + "' needs a type");
        }
        if ("json-lookup".equals(definition.type()) || "booking".equals(definition.type())) {
            if (definition.file() == null || definition.key() == null) {
                throw new IllegalArgumentException(definition.type() + " tool '" + name + "' needs 'file' and 'key'");
            }
            // A tenant reads only its own folder: no path may reach another tenant's data.
            Path file = tenantDir.resolve(definition.file()).normalize();
            if (!file.startsWith(tenantDir.normalize()) || !Files.isRegularFile(file)) {
                throw new IllegalArgumentException("tool '" + name + "': file " + definition.file()
                        + " is not a file inside the tenant folder");
            }
            return "booking".equals(definition.type()) ? new BookingTool(name, file, definition.key())
                    : new JsonLookupTool(name, file, definition.key());
        }
        throw new IllegalArgumentException("tool '" + name + "' has unknown type '" + definition.type()
                + "' (known: json-lookup, booking)");
    }
}
