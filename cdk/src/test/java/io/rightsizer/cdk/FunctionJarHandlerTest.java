package io.rightsizer.cdk;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;

import static io.rightsizer.cdk.TemplateJson.functionId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handler each function names in the template is a class in the very jar the template deploys, and Lambda can
 * call it: it implements {@code RequestHandler} or {@code RequestStreamHandler} and has the named method.
 */
class FunctionJarHandlerTest {

    private static final String REQUEST_HANDLER = "com.amazonaws.services.lambda.runtime.RequestHandler";
    private static final String REQUEST_STREAM_HANDLER = "com.amazonaws.services.lambda.runtime.RequestStreamHandler";

    private static JsonNode json;
    private static Path assembly;

    @BeforeAll
    static void synthesise() {
        json = SynthesisedApp.get().defaultsJson;
        assembly = Path.of(SynthesisedApp.requiredProperty("rightsizer.cdk.outdir"));
    }

    @Test
    void theDeployedAssetsAreTheModulesJars() throws Exception {
        RightsizerArtifacts artifacts = SynthesisedApp.artifacts();
        Map<String, Path> built = Map.of(
                "Rightsizer-ingest", artifacts.ingestJar(),
                "Rightsizer-evaluate", artifacts.evaluateJar(),
                "Rightsizer-apply", artifacts.applyJar());
        for (Map.Entry<String, Path> e : built.entrySet()) {
            assertThat(deployedJar(e.getKey())).as("the asset of %s", e.getKey())
                    .hasSameBinaryContentAs(e.getValue());
        }
    }

    @Test
    void ingestsHandlerIsALambdaHandlerInItsJar() throws Exception {
        assertHandlerIsInItsJar("Rightsizer-ingest");
    }

    @Test
    void evaluatesHandlerIsALambdaHandlerInItsJar() throws Exception {
        assertHandlerIsInItsJar("Rightsizer-evaluate");
    }

    @Test
    void appliesHandlerIsALambdaHandlerInItsJar() throws Exception {
        assertHandlerIsInItsJar("Rightsizer-apply");
    }

    private static void assertHandlerIsInItsJar(String functionName) throws Exception {
        String handler = json.path("Resources").path(functionId(json, functionName)).path("Properties")
                .path("Handler").asText();
        assertThat(handler).as("handler of %s", functionName).matches("[\\w.$]+::\\w+");
        String className = handler.substring(0, handler.indexOf("::"));
        String methodName = handler.substring(handler.indexOf("::") + 2);
        Path jar = deployedJar(functionName);

        try (ZipFile zip = new ZipFile(jar.toFile())) {
            assertThat(zip.getEntry(className.replace('.', '/') + ".class"))
                    .as("%s in %s", className, jar).isNotNull();
        }
        // Only the jar and the JDK: the class must load from what Lambda gets, not from this test's classpath.
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> handlerClass = Class.forName(className, false, loader);
            Class<?> requestHandler = Class.forName(REQUEST_HANDLER, false, loader);
            Class<?> streamHandler = Class.forName(REQUEST_STREAM_HANDLER, false, loader);
            assertThat(requestHandler.isAssignableFrom(handlerClass) || streamHandler.isAssignableFrom(handlerClass))
                    .as("%s implements RequestHandler or RequestStreamHandler", className).isTrue();
            assertThat(handlerClass.getConstructor()).as("Lambda's no-arg constructor of %s", className)
                    .isNotNull();
            int arity = requestHandler.isAssignableFrom(handlerClass) ? 2 : 3;
            List<Method> methods = Arrays.stream(handlerClass.getMethods())
                    .filter(m -> m.getName().equals(methodName) && m.getParameterCount() == arity).toList();
            assertThat(methods).as("public %s(...) with %d parameters on %s", methodName, arity, className)
                    .isNotEmpty();
        }
    }

    /** The jar the template deploys for the function: the staged asset its code's S3 key names. */
    private static Path deployedJar(String functionName) {
        String key = json.path("Resources").path(functionId(json, functionName)).path("Properties")
                .path("Code").path("S3Key").asText();
        assertThat(key).as("S3 key of %s", functionName).endsWith(".jar");
        Path staged = assembly.resolve("asset." + key);
        assertThat(Files.isRegularFile(staged)).as("staged asset %s", staged).isTrue();
        return staged;
    }
}
