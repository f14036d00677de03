package dev.parley.dialogue.brain;

import io.smallrye.mutiny.Multi;

import java.util.ArrayList;
import java.util.List;

/** The last brain in a chain: needs nothing that can fail, so the caller always hears something. */
public final class ApologyBrain implements Brain {

    public static final String NAME = "apology";

    private final String greeting;
    private final String apology;

    public ApologyBrain(String greeting, String apology) {
        this.greeting = greeting;
        this.apology = apology;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Multi<BrainOutput> greet(Conversation conversation) {
        return say(conversation, 0, OpeningLine.or(conversation, greeting));
    }

    @Override
    public Multi<BrainOutput> respond(Conversation conversation, TurnInput input) {
        return say(conversation, input.turnId(), apology);
    }

    private Multi<BrainOutput> say(Conversation conversation, long turnId, String text) {
        return Multi.createFrom().deferred(() -> {
            conversation.addAgentTurn(turnId, text);
            List<BrainOutput> out = new ArrayList<>();
            for (String s : Sentences.split(text)) {
                out.add(new BrainOutput.Text(s));
            }
            out.add(new BrainOutput.Done(NAME));
            return Multi.createFrom().iterable(out);
        });
    }
}
