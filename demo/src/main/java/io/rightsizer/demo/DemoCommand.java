package io.rightsizer.demo;

import io.rightsizer.testing.MotoServer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code rightsizer demo [--keep]}: the whole pipeline on this machine, no AWS account: four simulated functions report
 * for two weeks (on a virtual clock), Rightsizer decides, changes, watches and rolls back, and the operator's commands
 * show it. With {@code --keep} the local stand-ins stay up, and the commands to look around are printed.
 */
public final class DemoCommand {

    static final String USAGE = "usage: rightsizer demo [--keep]";

    private DemoCommand() {
    }

    public static void main(String[] args) {
        PrintStream terminal = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        System.exit(run(List.of(args), terminal));
    }

    /**
     * Runs the demo, printing to {@code terminal}; everything else the stand-ins and handlers print goes to a log file.
     *
     * @return the exit code: 0 done, 1 a prerequisite is missing or the run failed, 2 a usage error
     */
    static int run(List<String> args, PrintStream terminal) {
        boolean keep = false;
        for (String arg : args) {
            switch (arg) {
                case "--keep" -> keep = true;
                case "-h", "--help" -> {
                    terminal.println(USAGE);
                    terminal.println("Runs Rightsizer's whole pipeline on local stand-ins, two weeks in about a"
                            + " minute; --keep leaves them running and prints the commands to look around.");
                    return 0;
                }
                default -> {
                    terminal.println("rightsizer demo: unknown argument '" + arg + "' (" + USAGE + ")");
                    return 2;
                }
            }
        }
        Optional<String> missing = missingPrerequisite();
        if (missing.isPresent()) {
            terminal.println("rightsizer demo: " + missing.get());
            return 1;
        }
        Path log;
        PrintStream logStream;
        try {
            log = Files.createTempFile("rightsizer-demo-", ".log");
            logStream = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8);
        } catch (IOException e) {
            terminal.println("rightsizer demo: cannot create a log file: " + e.getMessage());
            return 1;
        }
        // The handlers log JSON lines and metrics to standard output, as in Lambda: into the log, not the timeline.
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        System.setOut(logStream);
        System.setErr(logStream);
        // The operator commands take credentials from the default chain; the stand-ins accept any.
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        System.setProperty("aws.region", LocalDeployment.REGION);
        LocalDeployment deployment = null;
        try {
            terminal.println("Rightsizer demo: the whole pipeline on local stand-ins (moto, DynamoDB Local, the"
                    + " extension under a Lambda emulator).");
            terminal.println("Two weeks pass on a virtual clock; times below are UTC on that clock. Log: " + log);
            terminal.println();
            long started = System.nanoTime();
            deployment = LocalDeployment.start(DemoRun.virtualStart());
            Timeline timeline = new Timeline(terminal, deployment.clock());
            new DemoRun(deployment, extensionBinary(), timeline).run();
            terminal.printf(Locale.ROOT, "%nDone in %d s.%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());
            if (keep) {
                // From now on the stand-ins run on real time, so an operator's restart evaluates at once.
                deployment.clock().advanceTo(Instant.now());
                printLookAround(terminal, deployment, log);
                LocalDeployment kept = deployment;
                CountDownLatch stop = new CountDownLatch(1);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    kept.close();
                    stop.countDown();
                }));
                deployment = null;
                stop.await();
            }
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (RuntimeException e) {
            e.printStackTrace(logStream);
            terminal.println("rightsizer demo: failed: " + e.getMessage() + " (details in " + log + ")");
            return 1;
        } finally {
            if (deployment != null) {
                deployment.close();
            }
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    /** The options that point an operator command at the local deployment. */
    static List<String> deploymentOptions(LocalDeployment d) {
        return List.of("--table", d.table(), "--state-machine-arn", d.stateMachineArn(), "--region",
                LocalDeployment.REGION, "--endpoint-url", d.motoEndpoint().toString(), "--dynamodb-endpoint",
                d.dynamoDbEndpoint().toString());
    }

    private static void printLookAround(PrintStream out, LocalDeployment d, Path log) {
        String options = String.join(" ", deploymentOptions(d));
        out.println();
        out.println("The stand-ins keep running (Ctrl-C stops them):");
        out.println("  Kinesis, Lambda, CloudWatch, Step Functions (moto): " + d.motoEndpoint());
        out.println("  DynamoDB Local: " + d.dynamoDbEndpoint() + "  table " + d.table());
        out.println("  state machine: " + d.stateMachineArn());
        out.println("  handler and stand-in log: " + log);
        out.println();
        out.println("Look around from another terminal (any credentials do):");
        out.println("  export AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local AWS_REGION=" + LocalDeployment.REGION);
        out.println("  ./rightsizer status " + options);
        out.println("  ./rightsizer executions " + options);
        out.println("  ./rightsizer restart orders-api " + options);
        out.println("  ./rightsizer redrive <execution name or ARN> " + options);
    }

    /** The first prerequisite that is missing, in one line, or empty. */
    static Optional<String> missingPrerequisite() {
        try {
            MotoServer.executable();
        } catch (IllegalStateException e) {
            return Optional.of("moto_server is not on the PATH; install moto[server] 5.2.x (pip install"
                    + " 'moto[server]==5.2.1') or set MOTO_SERVER to its path");
        }
        Path extension = extensionBinary();
        if (!Files.isExecutable(extension)) {
            return Optional.of("the Go-built extension is missing at " + extension + "; build it with 'mvn -B -pl"
                    + " demo -am package -DskipTests' (needs Go 1.19+ on the PATH)");
        }
        return Optional.empty();
    }

    /**
     * The extension binary for this machine's architecture: {@code -Drightsizer.extension}, or the one the extension
     * module built below {@code -Drightsizer.home} (the repository; the launcher sets it).
     */
    static Path extensionBinary() {
        String explicit = System.getProperty("rightsizer.extension");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String arch = System.getProperty("os.arch").contains("aarch64") ? "arm64" : "x86_64";
        String suffix = System.getProperty("rightsizer.build.suffix", "");
        return Path.of(System.getProperty("rightsizer.home", ".")).resolve("extension/target" + suffix + "/layer-"
                + arch + "/extensions/rightsizer-extension");
    }
}
