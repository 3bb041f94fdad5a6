package io.rightsizer.extension;

/** Entry point of the {@code rightsizer-extension} process that Lambda starts from {@code /opt/extensions}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Settings settings = Settings.from(System.getenv());
        if (settings.runtimeApi() == null) {
            Log.info("AWS_LAMBDA_RUNTIME_API is not set: not running inside Lambda");
            System.exit(2);
        }
        int code = new Extension(settings).run();
        System.out.flush();
        // Immediate exit: no shutdown hooks to run, and every millisecond counts against the SHUTDOWN deadline.
        Runtime.getRuntime().halt(code);
    }
}
