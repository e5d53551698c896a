package io.ecsdeploy.operator.lifecycle;

import java.time.Instant;

/**
 * The last action the engine asked for, kept so that it is neither lost nor sent too often.
 *
 * @param kind the action's kind
 * @param key the action's {@link Action#key()}
 * @param issuedAt when it was last handed out
 * @param failures how many times in a row it failed with a retryable error
 * @param retryNotBefore after a retryable failure, when it may be tried again; {@code null} when it
 *     was handed out and not (yet) reported failed
 * @param awaitingOutcome the previous decision handed it out, and the next call will say whether it
 *     failed
 */
public record ActionRecord(
    Action.Kind kind,
    String key,
    Instant issuedAt,
    int failures,
    Instant retryNotBefore,
    boolean awaitingOutcome) {}
