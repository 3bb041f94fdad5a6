package io.rightsizer.apply;

/** The task input is not what the state machine sends; nothing was changed. */
public class InvalidApplyRequestException extends RuntimeException {

    public InvalidApplyRequestException(String message) {
        super(message);
    }
}
