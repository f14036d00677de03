package dev.parley.dialogue.flow.matching;

/**
 * What a turn is about, with the matcher's confidence band: answer {@code best}, ask whether the caller means it, or
 * place nothing ({@code best} is then the closest target, for logs; null when the tenant has none).
 */
public record Match(Band band, Candidate best, Candidate runnerUp) {

    public enum Band { ANSWER, CLARIFY, NONE }

    /** A target's scores for one turn: cosine, squashed BM25, and the fused score the band is decided on. */
    public record Candidate(Target target, double dense, double lexical, double score) {
    }

    public boolean answers() {
        return band == Band.ANSWER;
    }

    public boolean clarifies() {
        return band == Band.CLARIFY;
    }
}
