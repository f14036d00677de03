package dev.parley.dialogue.tenant;

import dev.parley.dialogue.brain.Brain;

/** A loaded tenant: who it is and the brain that answers its calls. */
public record Tenant(String id, String displayName, Brain brain) {
}
