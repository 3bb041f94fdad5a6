package io.rightsizer.statemachine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The project's ASL file, as text, as a tree, and with its placeholders substituted the way the CDK app does. */
final class Asl {

    static final ObjectMapper JSON = new ObjectMapper();

    private Asl() {
    }

    static Path path() {
        String p = System.getProperty("rightsizer.asl");
        if (p == null) {
            throw new IllegalStateException("system property rightsizer.asl (set by the POM) is missing");
        }
        return Path.of(p);
    }

    static String text() {
        try {
            return Files.readString(path());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree() {
        try {
            return JSON.readTree(text());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The definition with {@code ${EvaluateFunctionArn}}, {@code ${ApplyFunctionArn}}, {@code ${TableName}} set. */
    static String substituted(String evaluateArn, String applyArn, String table) {
        String text = text();
        for (Map.Entry<String, String> e : Map.of("${EvaluateFunctionArn}", evaluateArn,
                "${ApplyFunctionArn}", applyArn, "${TableName}", table).entrySet()) {
            text = text.replace(e.getKey(), e.getValue());
        }
        return text;
    }
}
