package io.rightsizer.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

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
 * The shaded {@code evaluate-fn.jar} Lambda runs, loaded alone in a fresh class loader (nothing from the build's class
 * path): its handler starts, names its missing environment, and logs JSON through Powertools' layout, which needs the
 * merged {@code Log4j2Plugins.dat}. Runs in the package phase, after the jar is built.
 */
class ShadedJarIT {

    private static final Path JAR = Path.of(System.getProperty("rightsizer.evaluate.jar", "target/evaluate-fn.jar"));
    private static final String PLUGINS = "META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat";

    @Test
    void theHandlerInTheJarNamesItsMissingEnvironmentAndLogsJsonThroughPowertoolsLayout() throws Exception {
        assertThat(JAR).as("the shaded jar must be built before this test").isRegularFile();
        assertThat(System.getenv("TABLE_NAME")).as("this test needs an environment without TABLE_NAME").isNull();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader jar = new URLClassLoader(new URL[] {JAR.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            thread.setContextClassLoader(jar);

            Class<?> handler = Class.forName("io.rightsizer.evaluate.EvaluateHandler", true, jar);
            Throwable failure = catchThrowable(() -> handler.getConstructor().newInstance());
            Object appenders = appenders(jar);
            log(jar, "shaded jar check");

            assertThat(handler.getClassLoader()).isSameAs(jar);
            assertThat(Collections.list(jar.getResources(PLUGINS))).as("one merged plugin list").hasSize(1);
            assertThat(failure).isInstanceOf(InvocationTargetException.class);
            assertThat(failure.getCause()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("TABLE_NAME must be set");
            assertThat(((Map<?, ?>) appenders).keySet()).extracting(Object::toString).contains("JsonAppender");
            Object layout = layoutOf(jar, ((Map<?, ?>) appenders).get("JsonAppender"));
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

    private static void log(ClassLoader jar, String message) throws Exception {
        Object logger = jar.loadClass("org.apache.logging.log4j.LogManager").getMethod("getLogger", String.class)
                .invoke(null, "io.rightsizer.evaluate.ShadedJarIT");
        jar.loadClass("org.apache.logging.log4j.Logger").getMethod("info", String.class).invoke(logger, message);
    }
}
