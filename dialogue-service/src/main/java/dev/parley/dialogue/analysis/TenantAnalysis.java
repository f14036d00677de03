package dev.parley.dialogue.analysis;

import dev.parley.dialogue.llm.LlmProvider;
import dev.parley.dialogue.tools.ToolPolicy;
import dev.parley.dialogue.tools.Tools;
import dev.parley.dialogue.tools.webhook.WebhookSigner;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tenant's post-call analysis as loaded: its {@code analysis:} block, where the analysis is posted (null: nowhere)
 * and the LLM that may write the summary (null: the template writes it).
 */
public record TenantAnalysis(AnalysisConfig config, Target webhook, LlmProvider llm) {

    public static final TenantAnalysis NONE = new TenantAnalysis(AnalysisConfig.NONE, null, null);

    private static final Logger LOG = Logger.getLogger(TenantAnalysis.class);
    private static final Pattern WHOLE_PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)}");

    /** The tenant's post-call webhook: its URL, its signer, and the hosts it may reach (checked before each post). */
    public record Target(URI url, WebhookSigner signer, ToolPolicy policy) {
    }

    /**
     * Checks the block against the tenant's tools and resolves the webhook's URL and secret from configuration.
     *
     * @param config the block, or null when tenant.yaml has none
     * @param llm    the tenant's LLM, or null when it has none
     * @throws IllegalArgumentException with what is wrong, for the tenant's load to fail with
     */
    public static TenantAnalysis load(String tenantId, AnalysisConfig config, Set<String> tools, ToolPolicy policy,
                                      UnaryOperator<String> env, LlmProvider llm) {
        AnalysisConfig c = config == null ? AnalysisConfig.NONE : config;
        c.validate(tools);
        LlmProvider reviewer = c.llmOr() ? llm : null;
        if (c.webhook() == null) {
            return new TenantAnalysis(c, null, reviewer);
        }
        Matcher secretName = WHOLE_PLACEHOLDER.matcher(c.webhook().secret().strip());
        if (!secretName.matches()) {
            throw new IllegalArgumentException("analysis.webhook.secret must name a configuration value, "
                    + "\"${NAME}\": a secret is never written in tenant.yaml");
        }
        String url = Tools.resolve(c.webhook().url(), env).strip();
        if (url.isEmpty()) {
            LOG.infof("tenant %s: analysis.webhook.url is empty; the analysis is published, not posted", tenantId);
            return new TenantAnalysis(c, null, reviewer);
        }
        URI uri = Tools.checkedUrl(url, policy);
        String secret = env.apply(secretName.group(1));
        if (secret == null || secret.isBlank()) {
            LOG.errorf("tenant %s: the post-call webhook has no signing secret (set %s); the analysis is not posted",
                    tenantId, secretName.group(1));
            return new TenantAnalysis(c, null, reviewer);
        }
        return new TenantAnalysis(c, new Target(uri, new WebhookSigner(secret), policy), reviewer);
    }
}
