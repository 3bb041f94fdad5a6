package io.rightsizer.extension;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Single-line stdout logging (Lambda sends an extension's stdout to the function's log group). */
final class Log {

    private static final String PREFIX = "[rightsizer-extension] ";
    private static final Set<String> ONCE = ConcurrentHashMap.newKeySet();

    private Log() {
    }

    static void info(String message) {
        // One write per line so lines of concurrent threads never interleave.
        String line = PREFIX + message.replace('\n', ' ').replace('\r', ' ') + "\n";
        synchronized (System.out) {
            System.out.print(line);
            System.out.flush();
        }
    }

    /** Logs a message the first time its key is seen, so a persistent fault costs one line, not one per invocation. */
    static void once(String key, String message) {
        if (ONCE.add(key)) {
            info(message);
        }
    }

    /** Forgets a once-key, so the fault is logged again if it comes back after a recovery. */
    static boolean forget(String key) {
        return ONCE.remove(key);
    }
}
