package io.rightsizer.domain.decision;

/**
 * Tells people about a decision that matters to them: a memory change made, a change rolled back, a recommendation
 * recorded. Best effort: a notification lost is a message missed, never a change undone or repeated.
 */
public interface DecisionNotifier {

    /** A notifier that tells nobody (no topic configured). */
    DecisionNotifier NONE = notice -> { };

    /**
     * Sends one message for the notice.
     *
     * @throws RuntimeException when the message could not be handed over; the caller logs it and carries on
     */
    void send(DecisionNotice notice);
}
