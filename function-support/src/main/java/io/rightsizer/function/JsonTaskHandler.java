package io.rightsizer.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.function.Function;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.json;

/**
 * A state machine task as a Lambda stream handler: reads the task input as JSON (refusing unreadable input with the
 * task's own exception), runs {@link #handle}, logs one "Task done" line and writes the result as JSON.
 *
 * @param <I> the task input
 * @param <O> the task result
 */
public abstract class JsonTaskHandler<I, O> implements RequestStreamHandler {

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final ObjectMapper json;
    private final Class<I> inputType;
    private final Class<? extends RuntimeException> invalidInputType;
    private final Function<String, ? extends RuntimeException> invalidInput;

    /**
     * @param json             reads the input and writes the result
     * @param inputType        the task input's type
     * @param invalidInputType the exception the input's own validation throws; passed on as it is
     * @param invalidInput     makes that exception for input Jackson cannot read
     */
    protected <X extends RuntimeException> JsonTaskHandler(ObjectMapper json, Class<I> inputType,
            Class<X> invalidInputType, Function<String, X> invalidInput) {
        this.json = Objects.requireNonNull(json, "json");
        this.inputType = Objects.requireNonNull(inputType, "inputType");
        this.invalidInputType = Objects.requireNonNull(invalidInputType, "invalidInputType");
        this.invalidInput = Objects.requireNonNull(invalidInput, "invalidInput");
    }

    /** The task's work without the stream mapping. */
    public abstract O handle(I input);

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        if (context == null) {
            respond(input, output);
            return;
        }
        try {
            // Powertools' JSON logging with the invocation's context keys (request id, cold start, function).
            PowertoolsLogging.withLogging(context, () -> {
                try {
                    respond(input, output);
                    return null;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void respond(InputStream input, OutputStream output) throws IOException {
        I request;
        try {
            request = json.readValue(input, inputType);
        } catch (ValueInstantiationException e) {
            // The input's compact constructor already said what is wrong: pass its words on unchanged.
            throw invalidInputType.isInstance(e.getCause()) ? invalidInputType.cast(e.getCause())
                    : invalidInput.apply("unreadable task input: " + e.getOriginalMessage());
        } catch (JacksonException e) {
            throw invalidInput.apply("unreadable task input: " + e.getOriginalMessage());
        }
        Object result = handle(request);
        // One line per task in the function's log: what was asked and what came of it.
        log.info("Task done", json("request", json.writeValueAsString(request)),
                json("result", json.writeValueAsString(result)));
        json.writeValue(output, result);
    }
}
