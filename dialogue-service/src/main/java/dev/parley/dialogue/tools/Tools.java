package dev.parley.dialogue.tools;

import dev.parley.dialogue.tools.webhook.WebhookSigner;
import dev.parley.dialogue.tools.webhook.WebhookTool;
import org.jboss.logging.Logger;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a tenant's tools from the {@code tools:} of its tenant.yaml. Everything that can be checked before a call is
 * checked here, with the tool's name in the message: a webhook's host must be in the tenant's allow-list, a lookup's
 * file inside the tenant folder.
 */
public final class Tools {

    private static final Logger LOG = Logger.getLogger(Tools.class);
    /** {@code ${NAME}} or {@code ${NAME:default}}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)(?::([^}]*))?}");

    private Tools() {
    }

    /**
     * @param config looks up configuration values and secrets by name (MicroProfile Config, which includes the
     *               environment, in the service)
     */
    public static Map<String, Tool> create(String tenantId, Map<String, ToolDefinition> definitions, ToolPolicy policy,
                                           Path tenantDir, UnaryOperator<String> config) {
        policy.validate();
        Map<String, Tool> tools = new HashMap<>();
        definitions.forEach((name, def) -> {
            try {
                tools.put(name, create(tenantId, name, def, policy, tenantDir, config));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tool '" + name + "': " + e.getMessage(), e);
            }
        });
        return Map.copyOf(tools);
    }

    private static Tool create(String tenantId, String name, ToolDefinition def, ToolPolicy policy, Path tenantDir,
                               UnaryOperator<String> config) {
        if (def == null) {
            throw new IllegalArgumentException("needs a type (json-lookup, webhook, transfer, end-call)");
        }
        if (!name.matches("[a-zA-Z0-9_-]{1,64}")) {
            // Both LLM APIs restrict tool names to this.
            throw new IllegalArgumentException("a tool name may only have letters, digits, '_' and '-'");
        }
        def.validate();
        if (def instanceof ToolDefinition.JsonLookup lookup) {
            // A tenant reads only its own folder: no path may reach another tenant's data.
            Path file = tenantDir.resolve(lookup.file()).normalize();
            if (!file.startsWith(tenantDir.normalize()) || !Files.isRegularFile(file)) {
                throw new IllegalArgumentException("file " + lookup.file() + " is not a file inside the tenant folder");
            }
            return new JsonLookupTool(name, lookup, file);
        }
        if (def instanceof ToolDefinition.Webhook webhook) {
            return webhook(tenantId, name, webhook, policy, config);
        }
        return new ActionTool(name, (ToolDefinition.CallAction) def);
    }

    private static WebhookTool webhook(String tenantId, String name, ToolDefinition.Webhook def, ToolPolicy policy,
                                       UnaryOperator<String> config) {
        URI url = checkedUrl(resolve(def.url(), config), policy);
        String perTool = secretName(tenantId, name);
        String perTenant = secretName(tenantId, null);
        String secret = firstSet(config.apply(perTool), config.apply(perTenant));
        if (secret == null) {
            LOG.errorf("tenant %s: webhook tool %s has no signing secret (set %s or %s); its calls are refused",
                    tenantId, name, perTool, perTenant);
        }
        return new WebhookTool(name, def, url, policy, secret == null ? null : new WebhookSigner(secret),
                perTool + " or " + perTenant, Clock.systemUTC());
    }

    /** {@code PARLEY_TOOL_SECRET_<TENANT>[_<TOOL>]}, upper case, anything but letters and digits as '_'. */
    public static String secretName(String tenantId, String tool) {
        String name = "PARLEY_TOOL_SECRET_" + tenantId + (tool == null ? "" : "_" + tool);
        return name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
    }

    /**
     * A webhook URL the tenant may call: http(s) with a host, no credentials, the host in the tenant's allow-list
     * (tools and the post-call webhook alike).
     */
    public static URI checkedUrl(String resolved, ToolPolicy policy) {
        URI url;
        try {
            url = URI.create(resolved);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("url '" + resolved + "' is not a URL");
        }
        if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("url '" + resolved + "' must be an http(s) URL with a host");
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("url must not carry credentials; the request is signed instead");
        }
        if (!policy.allows(url.getHost())) {
            throw new IllegalArgumentException("host '" + url.getHost() + "' of url " + resolved
                    + " is not in toolPolicy.allowedHosts " + (policy.allowedHosts() == null ? "[]"
                    : policy.allowedHosts()));
        }
        return url;
    }

    /** Replaces {@code ${NAME}} / {@code ${NAME:default}}; an unset NAME without a default is an error. */
    public static String resolve(String value, UnaryOperator<String> config) {
        Matcher m = PLACEHOLDER.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = config.apply(m.group(1));
            if (v == null || v.isBlank()) {
                v = m.group(2);
            }
            if (v == null) {
                throw new IllegalArgumentException("'" + value + "' needs " + m.group(1)
                        + " (a configuration property or environment variable), which is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String firstSet(String a, String b) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : null;
    }
}
