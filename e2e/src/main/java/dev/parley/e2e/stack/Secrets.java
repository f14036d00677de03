package dev.parley.e2e.stack;

import dev.parley.e2e.clinic.DemoClinic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * The per-machine secrets of a stack: the Twilio auth token that signs webhooks and media-stream handshakes, the
 * tenants' API keys (analytics, gateway), and the secret dialogue-service signs brightsmile's booking requests with
 * (shared with the demo clinic). `./parley up` generates them into .parley/secrets.env (mode 600, never committed);
 * tests generate fresh ones. Environment variables win over the file.
 */
public record Secrets(String twilioAuthToken, String analyticsAdminKey, String analyticsAcmeKey, String gatewayAcmeKey,
        String brightsmileToolSecret) {
    public static final String TWILIO_AUTH_TOKEN = "PARLEY_TWILIO_AUTH_TOKEN";
    public static final String ANALYTICS_ADMIN_KEY = "PARLEY_ANALYTICS_ADMIN_KEY";
    public static final String ANALYTICS_ACME_KEY = "PARLEY_ANALYTICS_API_KEYS_ACME";
    /** acme's key for the gateway's tenant endpoints (browser call tokens). */
    public static final String GATEWAY_ACME_KEY = "PARLEY_GATEWAY_API_KEYS_ACME";
    /** brightsmile's webhook signing secret (dialogue-service: PARLEY_TOOL_SECRET_&lt;TENANT&gt;). */
    public static final String BRIGHTSMILE_TOOL_SECRET = DemoClinic.SECRET_ENV;

    public static Secrets random() {
        return new Secrets(randomHex(), randomHex(), randomHex(), randomHex(), randomHex());
    }

    /** From the environment, else from {@code secretsFile}; fails naming what is missing and how to get it. */
    public static Secrets load(Path secretsFile) {
        Map<String, String> values = new HashMap<>();
        if (Files.isRegularFile(secretsFile)) {
            try {
                for (String line : Files.readAllLines(secretsFile)) {
                    String l = line.strip();
                    if (l.startsWith("export ")) {
                        l = l.substring("export ".length()).strip();
                    }
                    int eq = l.indexOf('=');
                    if (!l.startsWith("#") && eq > 0) {
                        values.put(l.substring(0, eq), unquote(l.substring(eq + 1).strip()));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + secretsFile, e);
            }
        }
        System.getenv().forEach((k, v) -> {
            if (!v.isBlank()) {
                values.put(k, v);
            }
        });
        return new Secrets(required(values, TWILIO_AUTH_TOKEN, secretsFile),
                required(values, ANALYTICS_ADMIN_KEY, secretsFile), required(values, ANALYTICS_ACME_KEY, secretsFile),
                required(values, GATEWAY_ACME_KEY, secretsFile), required(values, BRIGHTSMILE_TOOL_SECRET, secretsFile));
    }

    private static String required(Map<String, String> values, String name, Path file) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(name + " is not set and not in " + file
                    + " (./parley up generates that file)");
        }
        return v;
    }

    private static String unquote(String v) {
        if (v.length() >= 2 && (v.startsWith("'") && v.endsWith("'") || v.startsWith("\"") && v.endsWith("\""))) {
            return v.substring(1, v.length() - 1);
        }
        return v;
    }

    private static String randomHex() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
