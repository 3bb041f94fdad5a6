package io.rightsizer.domain.window;

/** Raised when a function's window claim kept changing under concurrent writers; trying again later settles it. */
public class WindowClaimContentionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WindowClaimContentionException(String message) {
        super(message);
    }
}
