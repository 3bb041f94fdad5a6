package io.rightsizer.domain.window;

import io.rightsizer.domain.function.FunctionRef;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The {@code WINDOW} item of one function: which window is open, in which cycle, and how far its start got.
 *
 * @param function      the function
 * @param cycle         1 for the function's first window, one more for each later one
 * @param windowStart   the window's start (UTC, whole minute)
 * @param windowEnd     the window's end
 * @param state         where the claim stands
 * @param executionArn  the started execution, or {@code null} while STARTING
 * @param startError    why Step Functions refused to start the execution, or {@code null}; a refused window is not
 *                      started again until it is over
 * @param outcome       the outcome the state machine recorded when it closed the window (APPLIED, KEPT, ...), or
 *                      {@code null} while the window is open
 */
public record WindowClaim(
        FunctionRef function,
        long cycle,
        Instant windowStart,
        Instant windowEnd,
        WindowState state,
        String executionArn,
        String startError,
        String outcome) {

    public WindowClaim {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        Objects.requireNonNull(state, "state");
        if (cycle < 1) {
            throw new IllegalArgumentException("cycle starts at 1: " + cycle);
        }
        if (!windowEnd.isAfter(windowStart)) {
            throw new IllegalArgumentException("windowEnd must be after windowStart");
        }
    }

    /** A fresh claim in state STARTING. */
    public static WindowClaim starting(FunctionRef function, long cycle, Instant windowStart, Instant windowEnd) {
        return new WindowClaim(function, cycle, windowStart, windowEnd, WindowState.STARTING, null, null, null);
    }

    /** Whether the window is over: closed by the state machine, or so long past its end that its execution must be. */
    public boolean closed(Instant now, Duration closeGrace) {
        return state == WindowState.CLOSED || now.isAfter(windowEnd.plus(closeGrace));
    }
}
