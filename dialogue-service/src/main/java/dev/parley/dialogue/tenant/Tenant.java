package dev.parley.dialogue.tenant;

import dev.parley.dialogue.analysis.TenantAnalysis;
import dev.parley.dialogue.brain.Brain;

/** A loaded tenant: who it is, the brain that answers its calls and how its calls are analysed once over. */
public record Tenant(String id, String displayName, Brain brain, TenantAnalysis analysis) {

    /** A tenant whose calls get the deterministic analysis only, posted nowhere. */
    public Tenant(String id, String displayName, Brain brain) {
        this(id, displayName, brain, TenantAnalysis.NONE);
    }
}
