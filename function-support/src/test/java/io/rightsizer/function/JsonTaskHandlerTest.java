package io.rightsizer.function;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rightsizer.testing.LambdaTestContext;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTaskHandlerTest {

    /** A task input that validates itself, as the function modules' requests do. */
    record Greeting(String name) {
        Greeting {
            if (name == null || name.isBlank()) {
                throw new InvalidGreetingException("name is required");
            }
        }
    }

    record Reply(String text) {
    }

    static final class InvalidGreetingException extends RuntimeException {
        InvalidGreetingException(String message) {
            super(message);
        }
    }

    static final class GreetingHandler extends JsonTaskHandler<Greeting, Reply> {
        GreetingHandler() {
            super(new ObjectMapper(), Greeting.class, InvalidGreetingException.class, InvalidGreetingException::new);
        }

        @Override
        public Reply handle(Greeting input) {
            return new Reply("hello " + input.name());
        }
    }

    private static String run(String input, boolean withContext) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new GreetingHandler().handleRequest(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out,
                withContext ? new LambdaTestContext("rightsizer-test") : null);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theTaskInputIsReadAndTheResultWrittenAsJson() throws Exception {
        assertThat(run("{\"name\":\"orders\"}", true)).isEqualTo("{\"text\":\"hello orders\"}");
    }

    @Test
    void withoutAContextTheTaskStillRuns() throws Exception {
        assertThat(run("{\"name\":\"orders\"}", false)).isEqualTo("{\"text\":\"hello orders\"}");
    }

    @Test
    void theInputsOwnValidationMessageIsPassedOnUnchanged() {
        assertThatThrownBy(() -> run("{\"name\":\" \"}", true))
                .isExactlyInstanceOf(InvalidGreetingException.class)
                .hasMessage("name is required");
    }

    @Test
    void unreadableInputBecomesTheTasksOwnExceptionWithAClearMessage() {
        assertThatThrownBy(() -> run("{\"name\":", true))
                .isExactlyInstanceOf(InvalidGreetingException.class)
                .hasMessageStartingWith("unreadable task input: ");
    }
}
