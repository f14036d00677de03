package dev.parley.gateway.session;

/** Where a call is in the turn-taking cycle. */
public enum CallState {
    LISTENING, USER_SPEAKING, THINKING, SPEAKING, ENDED
}
