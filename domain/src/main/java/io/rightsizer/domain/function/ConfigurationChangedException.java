package io.rightsizer.domain.function;

/** The function's configuration changed since it was read, so a guarded update was refused. */
public class ConfigurationChangedException extends RuntimeException {

    public ConfigurationChangedException(String message) {
        super(message);
    }

    public ConfigurationChangedException(String message, Throwable cause) {
        super(message, cause);
    }
}
