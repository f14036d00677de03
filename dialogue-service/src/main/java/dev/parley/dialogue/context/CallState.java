package dev.parley.dialogue.context;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.dialogue.brain.Conversation;
import dev.parley.dialogue.brain.HistoryEntry;
import dev.parley.dialogue.brain.Snapshotting;
import dev.parley.dialogue.brain.TurnInput;
import dev.parley.dialogue.slots.DigitRun;
import dev.parley.dialogue.slots.SpokenAmount;
import dev.parley.dialogue.slots.SpokenDigits;
import dev.parley.dialogue.slots.SpokenName;
import dev.parley.dialogue.slots.SpokenWhen;
import dev.parley.dialogue.slots.Utterance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static dev.parley.dialogue.brain.Snapshotting.readFloat;
import static dev.parley.dialogue.brain.Snapshotting.readLong;
import static dev.parley.dialogue.brain.Snapshotting.requireText;

/**
 * What the caller gave and what is still open in one call, kept apart from the turns so it survives their sliding out
 * of the window: each caller turn's numbers, amounts, name, days, dates and times (read by the deterministic slot
 * readers, with the turn and how confidently they were heard; every brain reports each turn it answers), values waiting for the caller to confirm a read-back, non-interruptible tools still
 * running, those that ended after a barge-in cut their turn short, and warm transfers that reached nobody. An answer of the agent's the caller cut off is read from the history when the prompt is built.
 * Carried to another instance whole ({@link Snapshotting}), except that a run still going there is not going here.
 */
public final class CallState implements Snapshotting {

    public static final String KEY = "llm.state";
    static final int MAX_ENTITIES = 12;
    /** Short numbers ("two of them") are counts, not values worth carrying; codes and ids are longer. */
    static final int MIN_NUMBER_DIGITS = 3;
    /** At or above this word confidence a value is shown as heard clearly. */
    static final float CLEAR = 0.85f;
    static final int CUT_OFF_CHARS = 80;

    /** A value the caller gave; {@code confidence} is null when not known (typed, keyed). */
    public record Entity(String kind, String value, long turnId, Float confidence) {
    }

    private record Open(String text, long turnId) {
    }

    /** A non-interruptible run and whether the turn that waited for it was cut short (a barge-in) meanwhile. */
    private record Run(Open open, boolean abandoned) {
    }

    private final List<Entity> entities = new ArrayList<>();
    private final Map<String, Open> readBacks = new LinkedHashMap<>();
    private final Map<String, Run> runningTools = new LinkedHashMap<>();
    /** Runs that ended after the caller cut their turn short: the caller has not heard how they went. */
    private final Map<String, Open> unheardResults = new LinkedHashMap<>();
    /** Warm transfers that reached nobody, by target: the caller is still on the line, wanting a person. */
    private final Map<String, Open> transfersNotReached = new LinkedHashMap<>();
    /** What a run still going on the instance a call moved from is said to be here, where nothing will end it. */
    static final String MOVED = " outcome unknown (the call moved to another server while it ran)";

    public static CallState of(Conversation conversation) {
        return conversation.brainState(KEY, CallState.class, CallState::new);
    }

    /**
     * Reads the values out of a caller turn, when it begins. Reading a turn twice changes nothing (a turn a flow hands
     * to an LLM is read by both).
     */
    public synchronized void heard(TurnInput input) {
        if (input.isDtmf()) {
            add(new Entity("keyed", input.dtmfDigits(), input.turnId(), null));
            return;
        }
        if (input.text() == null || input.text().isBlank()) {
            return;
        }
        Utterance said = Utterance.of(input);
        SpokenName.find(said).forEach(n -> add(new Entity("name", n.value(), input.turnId(), n.confidence())));
        for (SpokenWhen.When when : SpokenWhen.find(said)) {
            add(new Entity(when.kind(), when.value(), input.turnId(), when.confidence()));
            said = said.without(when.from(), when.to());
        }
        List<SpokenAmount.Amount> amounts = SpokenAmount.find(said);
        for (DigitRun run : SpokenDigits.find(said)) {
            boolean partOfAmount = amounts.stream().anyMatch(a -> a.whole().equals(run.digits()));
            if (run.digits().length() >= MIN_NUMBER_DIGITS && !partOfAmount) {
                add(new Entity("number", run.digits(), input.turnId(), run.confidence()));
            }
        }
        amounts.forEach(a -> add(new Entity("amount", a.value(), input.turnId(), a.confidence())));
    }

    /** The caller is to confirm {@code what} (e.g. "patient 482913 for book_appointment") before it is acted on. */
    public synchronized void awaitingConfirmation(String key, String what, long turnId) {
        readBacks.put(key, new Open(what, turnId));
    }

    /** The value under {@code key} was acted on (confirmed or replaced by a clear one): nothing left to confirm. */
    public synchronized void confirmed(String key) {
        readBacks.remove(key);
    }

    public synchronized void toolStarted(String key, String what, long turnId) {
        runningTools.put(key, new Run(new Open(what, turnId), false));
    }

    /** The turn waiting for the run was cut short; the run goes on, and its outcome is owed to the caller. */
    public synchronized void toolAbandoned(String key) {
        runningTools.computeIfPresent(key, (k, run) -> new Run(run.open(), true));
    }

    public synchronized void toolFinished(String key, boolean ok) {
        Run run = runningTools.remove(key);
        if (run != null && run.abandoned()) {
            unheardResults.put(key, new Open(run.open().text() + (ok ? " finished" : " failed"),
                    run.open().turnId()));
        }
    }

    /**
     * The transfer turn {@code turnId} asked for reached nobody ({@code outcome}: busy, no-answer, ...); the gateway
     * took the caller back and told them {@code toldCaller}.
     */
    public synchronized void transferNotReached(String target, String outcome, String toldCaller, long turnId) {
        String told = toldCaller.isBlank() ? "" : "; the caller was told \"" + toldCaller.strip() + "\"";
        transfersNotReached.put(target, new Open("your transfer to " + target + " did not reach anyone ("
                + outcome + ")" + told + " and is still on the line with you", turnId));
    }

    /** A later turn got the run's outcome: the model has it in that turn's messages. */
    public synchronized void toolResultDelivered(String key) {
        unheardResults.remove(key);
    }

    public synchronized List<Entity> entities() {
        return List.copyOf(entities);
    }

    /**
     * The state as prompt lines: what the caller gave, then what is open; empty when there is nothing.
     *
     * @param turnId the turn being answered: its own agent text is not a cut-off answer
     */
    public List<String> lines(Conversation conversation, long turnId) {
        List<String> out = new ArrayList<>();
        List<String> open = new ArrayList<>();
        synchronized (this) {
            if (!entities.isEmpty()) {
                List<String> gave = new ArrayList<>();
                entities.forEach(e -> gave.add(describe(e)));
                out.add("Caller gave: " + String.join("; ", gave) + ".");
            }
            readBacks.values().forEach(o -> open.add("confirm " + o.text() + " with the caller before acting on it "
                    + "(read back in turn " + o.turnId() + ")"));
            runningTools.values().forEach(r -> open.add(r.open().text() + " is still running (started in turn "
                    + r.open().turnId() + "); its result is not known yet"));
            unheardResults.values().forEach(o -> open.add(o.text() + " after the caller interrupted turn "
                    + o.turnId() + "; they have not heard the outcome"));
            transfersNotReached.values().forEach(o -> open.add(o.text() + " (asked for in turn " + o.turnId() + ")"));
        }
        cutOff(conversation, turnId).ifPresent(open::add);
        if (!open.isEmpty()) {
            out.add("Open: " + String.join("; ", open) + ".");
        }
        return out;
    }

    /** The newest earlier answer, if the caller interrupted it: open until an answer is heard to its end. */
    static Optional<String> cutOff(Conversation conversation, long turnId) {
        List<HistoryEntry> history = conversation.history();
        for (int i = history.size() - 1; i >= 0; i--) {
            HistoryEntry e = history.get(i);
            if (e.speaker() != HistoryEntry.Speaker.AGENT || e.turnId() == turnId) {
                continue;
            }
            if (!e.interrupted()) {
                return Optional.empty();
            }
            String heard = e.text().strip();
            if (heard.length() > CUT_OFF_CHARS) {
                heard = "..." + heard.substring(heard.length() - CUT_OFF_CHARS);
            }
            return Optional.of(heard.isEmpty()
                    ? "your answer in turn " + e.turnId() + " was cut off before the caller heard any of it"
                    : "your answer in turn " + e.turnId() + " was cut off after '" + heard + "'");
        }
        return Optional.empty();
    }

    private static String describe(Entity e) {
        String heard = e.confidence() == null ? ""
                : e.confidence() >= CLEAR ? ", heard clearly"
                : String.format(Locale.ROOT, ", heard unclearly (%.2f)", e.confidence());
        return e.kind() + " " + e.value() + " (turn " + e.turnId() + heard + ")";
    }

    /** A repeated value moves to the end with its newest turn; the oldest go first past the bound. */
    private void add(Entity entity) {
        entities.removeIf(e -> e.kind().equals(entity.kind()) && e.value().equals(entity.value()));
        entities.add(entity);
        while (entities.size() > MAX_ENTITIES) {
            entities.remove(0);
        }
    }

    @Override
    public synchronized void write(ObjectNode out) {
        if (!entities.isEmpty()) {
            ArrayNode list = out.putArray("entities");
            entities.forEach(e -> {
                ObjectNode n = list.addObject().put("kind", e.kind()).put("value", e.value()).put("turn", e.turnId());
                if (e.confidence() != null) {
                    n.put("confidence", e.confidence());
                }
            });
        }
        writeOpen(out, "readBacks", readBacks);
        Map<String, Open> running = new LinkedHashMap<>();
        runningTools.forEach((key, run) -> running.put(key, run.open()));
        writeOpen(out, "running", running);
        writeOpen(out, "unheard", unheardResults);
        writeOpen(out, "transfersNotReached", transfersNotReached);
    }

    /**
     * A run that was still going where the state was taken is not going here: nothing will end it, so it is open
     * as a result the caller has not heard, of unknown outcome (asking for it again runs the tool, whose webhook
     * dedupes the repeat by its Idempotency-Key, and settles it).
     */
    @Override
    public synchronized void read(JsonNode in) {
        in.path("entities").forEach(e -> add(new Entity(requireText(e.get("kind")), requireText(e.get("value")),
                readLong(e.get("turn"), 0), readFloat(e.get("confidence")))));
        readBacks.putAll(readOpen(in.path("readBacks"), ""));
        unheardResults.putAll(readOpen(in.path("running"), MOVED));
        unheardResults.putAll(readOpen(in.path("unheard"), ""));
        transfersNotReached.putAll(readOpen(in.path("transfersNotReached"), ""));
    }

    private static void writeOpen(ObjectNode out, String name, Map<String, Open> open) {
        if (!open.isEmpty()) {
            ObjectNode byKey = out.putObject(name);
            open.forEach((key, o) -> byKey.putObject(key).put("text", o.text()).put("turn", o.turnId()));
        }
    }

    private static Map<String, Open> readOpen(JsonNode in, String suffix) {
        Map<String, Open> out = new LinkedHashMap<>();
        in.properties().forEach(f -> out.put(f.getKey(),
                new Open(requireText(f.getValue().get("text")) + suffix, readLong(f.getValue().get("turn"), 0))));
        return out;
    }
}
