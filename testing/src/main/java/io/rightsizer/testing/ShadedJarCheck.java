package io.rightsizer.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Loads a function's shaded jar alone in a fresh class loader (nothing from the build's class path) and checks that its
 * handler class is there, fails to start without {@code TABLE_NAME}, and that it logs JSON through Powertools' layout,
 * which needs the one merged {@code Log4j2Plugins.dat}.
 */
public final class ShadedJarCheck {

    private static final String PLUGINS = "META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat";

    private ShadedJarCheck() {
    }

    /**
     * Runs the check on {@code jar}; returns why the handler's no-arg constructor failed (the test's environment has
     * no {@code TABLE_NAME}) for the caller to check the function's own message.
     */
    public static Throwable run(Path jar, String handlerClassName) throws Exception {
        assertThat(jar).as("the shaded jar must be built before this test").isRegularFile();
        assertThat(System.getenv("TABLE_NAME")).as("this test needs an environment without TABLE_NAME").isNull();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        Throwable failure;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            thread.setContextClassLoader(loader);

            Class<?> handler = Class.forName(handlerClassName, true, loader);
            failure = catchThrowable(() -> handler.getConstructor().newInstance());
            Object appenders = appenders(loader);
            log(loader, handlerClassName, "shaded jar check");

            assertThat(handler.getClassLoader()).isSameAs(loader);
            assertThat(Collections.list(loader.getResources(PLUGINS))).as("one merged plugin list").hasSize(1);
            assertThat(failure).isInstanceOf(InvocationTargetException.class);
            assertThat(((Map<?, ?>) appenders).keySet()).extracting(Object::toString).contains("JsonAppender");
            Object layout = layoutOf(loader, ((Map<?, ?>) appenders).get("JsonAppender"));
            assertThat(layout.getClass().getName())
                    .isEqualTo("org.apache.logging.log4j.layout.template.json.JsonTemplateLayout");
        } finally {
            thread.setContextClassLoader(previous);
            System.setOut(out);
        }
        List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as("what the jar's logging printed").isNotEmpty();
        JsonNode line = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(line.path("message").asText()).isEqualTo("shaded jar check");
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        return failure.getCause();
    }

    private static Object appenders(ClassLoader jar) throws Exception {
        Object context = jar.loadClass("org.apache.logging.log4j.LogManager").getMethod("getContext", boolean.class)
                .invoke(null, false);
        Object configuration = jar.loadClass("org.apache.logging.log4j.core.LoggerContext")
                .getMethod("getConfiguration").invoke(context);
        return jar.loadClass("org.apache.logging.log4j.core.config.Configuration").getMethod("getAppenders")
                .invoke(configuration);
    }

    private static Object layoutOf(ClassLoader jar, Object appender) throws Exception {
        return jar.loadClass("org.apache.logging.log4j.core.Appender").getMethod("getLayout").invoke(appender);
    }

    private static void log(ClassLoader jar, String loggerName, String message) throws Exception {
        Object logger = jar.loadClass("org.apache.logging.log4j.LogManager").getMethod("getLogger", String.class)
                .invoke(null, loggerName);
        jar.loadClass("org.apache.logging.log4j.Logger").getMethod("info", String.class).invoke(logger, message);
    }
}
