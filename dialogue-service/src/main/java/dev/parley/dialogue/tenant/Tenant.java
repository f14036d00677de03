package dev.parley.dialogue.tenant;

import dev.parley.contracts.redaction.RedactionPolicy;
import dev.parley.contracts.redaction.Redactor;
import dev.parley.dialogue.analysis.TenantAnalysis;
import dev.parley.dialogue.brain.Brain;

/**
 * A loaded tenant: who it is, the brain that answers its calls, how its calls are analysed once over, and what of
 * their text is masked wherever it leaves the live path (events, logs).
 */
public record Tenant(String id, String displayName, Brain brain, TenantAnalysis analysis, Redactor redactor) {

    /** A tenant whose calls get the deterministic analysis only, posted nowhere. */
    public Tenant(String id, String displayName, Brain brain) {
        this(id, displayName, brain, TenantAnalysis.NONE);
    }

    /** A tenant that masks nothing (no {@code redaction:} block). */
    public Tenant(String id, String displayName, Brain brain, TenantAnalysis analysis) {
        this(id, displayName, brain, analysis, new Redactor(RedactionPolicy.NONE));
    }
}
