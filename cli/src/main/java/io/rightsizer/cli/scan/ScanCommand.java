package io.rightsizer.cli.scan;

import io.rightsizer.aws.lambda.ControlPlaneRetry;
import io.rightsizer.aws.lambda.LambdaFunctionCatalog;
import io.rightsizer.aws.logs.CloudWatchLogGroups;
import io.rightsizer.aws.logs.LogsInsightsReportQueries;
import io.rightsizer.cli.analyze.OutputFormat;
import io.rightsizer.cli.aws.AwsFailures;
import io.rightsizer.cli.command.CliException;
import io.rightsizer.cli.command.ExitCode;
import io.rightsizer.cli.command.PolicyOptions;
import io.rightsizer.cli.command.Version;
import io.rightsizer.domain.function.ControlPlaneBusyException;
import io.rightsizer.domain.policy.PolicySettings;
import io.rightsizer.domain.scan.FleetScan;
import io.rightsizer.domain.scan.ListedFunction;
import io.rightsizer.domain.scan.LogFormat;
import io.rightsizer.domain.scan.LogGroupDirectory;
import io.rightsizer.domain.scan.LogGroupInfo;
import io.rightsizer.domain.scan.QueryBatch;
import io.rightsizer.domain.scan.ReportQueries;
import io.rightsizer.domain.scan.ScanCost;
import io.rightsizer.domain.scan.ScanLimits;
import io.rightsizer.domain.scan.ScanPlan;
import io.rightsizer.domain.scan.ScanResult;
import io.rightsizer.domain.scan.ScanWindow;
import io.rightsizer.domain.scan.UnreadFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;
import software.amazon.awssdk.core.exception.SdkException;

import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/**
 * {@code rightsizer scan}: recommendations for every function of an account and Region, read in place from CloudWatch
 * Logs with Logs Insights (nothing deployed, nothing written), through the same fold, policy and cost model as
 * {@code analyze}.
 */
@Command(name = "scan",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Recommends a memory size for every Lambda function of an account and Region from its logs, read in place "
                    + "with CloudWatch Logs Insights: nothing is deployed and nothing is written. Lists the functions "
                    + "(ListFunctions) and their log groups (default or LoggingConfig.LogGroup, text or JSON format), "
                    + "aggregates each function's REPORT lines per UTC day on the server, and decides with the same "
                    + "policy and cost model as 'analyze', starting from the memory each function is configured with.",
            "",
            "Logs Insights bills $0.005 per GB scanned: the scan estimates what it will scan before it starts, "
                    + "refuses to start above --max-scan-gb and stops once it has scanned that much.",
            "Credentials and Region come from the AWS SDK's default chains or --profile; "
                    + "'--print-policy' prints the IAM policy the scan needs. Changing memory is the deployed "
                    + "pipeline's job (it watches and rolls back): scan only recommends.",
            ""},
        footer = {"",
            "Exit codes: 0 ok, 1 the scan could not run (credentials, access, the --max-scan-gb limit), 2 usage error, "
                    + "3 recommendations printed but some functions could not be read (named on standard error)."})
public final class ScanCommand implements Callable<Integer> {

    /** What a denied scan says to do. */
    static final String PRINT_POLICY_HINT = "'rightsizer scan --print-policy' prints the policy the scan needs";


    @Spec
    private CommandSpec spec;

    @Option(names = "--region", paramLabel = "REGION",
            description = "The Region to scan (default: the profile's, or AWS_REGION).")
    private String region;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "The AWS profile whose credentials and Region to use (default: the SDK's default chain).")
    private String profile;

    @Option(names = "--days", paramLabel = "N", defaultValue = "14",
            description = "Whole UTC days to read, ending yesterday (default: ${DEFAULT-VALUE}, the pipeline's window).")
    private int days;

    @Option(names = "--functions", paramLabel = "NAME", split = ",",
            description = "Only these functions (comma-separated names; default: every function).")
    private List<String> functionNames;

    @Option(names = "--log-group-prefix", paramLabel = "PREFIX", defaultValue = ListedFunction.DEFAULT_LOG_GROUP_PREFIX,
            description = "Where the functions' log groups are listed in one go; those of no function (deleted "
                    + "functions) are named, not read. Log groups elsewhere are looked up one by one "
                    + "(default: ${DEFAULT-VALUE}).")
    private String logGroupPrefix;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", converter = FormatConverter.class,
            description = "Output: table, json or csv, as 'analyze' prints (default: ${DEFAULT-VALUE}).")
    private OutputFormat format;

    @Option(names = "--max-scan-gb", paramLabel = "GB", defaultValue = "10",
            description = "Scan at most this many GB (10^9 bytes): refuse a larger estimate, stop at it "
                    + "(default: ${DEFAULT-VALUE}, $0.05).")
    private double maxScanGb;

    @Option(names = "--max-concurrent-queries", paramLabel = "N", defaultValue = "5",
            description = "Logs Insights queries run at once; the account's quota (30 to 100) is shared with its "
                    + "dashboards and users, and the scan waits when it is used up (default: ${DEFAULT-VALUE}).")
    private int maxConcurrentQueries;

    @Option(names = "--estimate", description = "Print what the scan would read and cost, and stop (runs no query).")
    private boolean estimateOnly;

    @Option(names = "--print-policy", description = "Print the least-privilege IAM policy the scan needs, and stop.")
    private boolean printPolicy;

    @Option(names = "--no-progress", description = "Do not show progress on a terminal.")
    private boolean noProgress;

    @Option(names = "--endpoint-url", paramLabel = "URL", description = "Send every AWS call here (a local stand-in).")
    private URI endpoint;

    @Option(names = "--lambda-endpoint", paramLabel = "URL", description = "Send Lambda calls here.")
    private URI lambdaEndpoint;

    @Option(names = "--logs-endpoint", paramLabel = "URL", description = "Send CloudWatch Logs calls here.")
    private URI logsEndpoint;

    @Mixin
    private PolicyOptions policy;

    private final ScanEnvironment environment;

    /** A command with the real clock, pauses and terminal detection. */
    public ScanCommand() {
        this(ScanEnvironment.system());
    }

    public ScanCommand(ScanEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (printPolicy) {
            out.print(ScanPolicy.document());
            out.flush();
            return ExitCode.OK;
        }
        PolicySettings settings = policy.settings("scan");
        validate();
        ScanWindow window = ScanWindow.lastDays(days, environment.clock());
        try (ScanClients clients = ScanClients.create(region, profile, or(lambdaEndpoint, endpoint),
                or(logsEndpoint, endpoint))) {
            List<ListedFunction> listed = listFunctions(clients);
            List<ListedFunction> selected = select(listed);
            LogGroupDirectory directory = new CloudWatchLogGroups(clients.logs());
            Map<String, LogGroupInfo> groups = new LinkedHashMap<>();
            List<String> orphans = new ArrayList<>();
            findLogGroups(directory, listed, selected, groups, orphans);
            ScanPlan plan = ScanPlan.of(selected, groups, window, environment.clock().instant());
            ScanCost estimate = new ScanCost(plan.estimatedBytes());
            long maxBytes = ScanCost.bytesOf(maxScanGb);

            if (estimateOnly) {
                printEstimate(out, clients.region(), listed, selected, plan, estimate, orphans);
                return ExitCode.OK;
            }
            if (plan.estimatedBytes() > maxBytes) {
                throw new CliException("the scan would read about " + estimate + ", more than --max-scan-gb "
                        + gb(maxScanGb) + ": narrow it with --functions or --days, or raise --max-scan-gb");
            }
            err.println("rightsizer: scanning " + plural(plan.functions().size(), "function") + " in "
                    + plural(plan.logGroupCount(), "log group") + " of " + clients.region() + " over "
                    + plural(window.days(), "day") + " (" + window.firstDay() + " .. " + window.lastDay() + "): "
                    + plural(plan.batches().size(), "query", "queries") + ", about " + estimate + " to scan");
            err.flush();

            ScanResult result = run(plan, new LogsInsightsReportQueries(clients.logs()), maxBytes, err);
            boolean nothingRead = result.usage().isEmpty() && !result.unread().isEmpty()
                    && result.unread().size() == plan.functions().size();
            if (nothingRead) {
                throw new CliException("could not read any function: " + result.unread().get(0).reason());
            }
            ScanReport.of(result, plan.functions(), settings).render(format, out);
            summarize(err, plan, result, orphans);
            return result.unread().isEmpty() ? ExitCode.OK : ExitCode.PARTIAL;
        } catch (SdkException e) {
            throw AwsFailures.describe("reading the account", e, PRINT_POLICY_HINT);
        } catch (ControlPlaneBusyException e) {
            throw new CliException("Lambda kept throttling ListFunctions: " + e.getMessage(), e);
        }
    }

    private void validate() {
        if (days < 1 || days > ScanWindow.MAX_DAYS) {
            throw CliException.usage("--days must be 1.." + ScanWindow.MAX_DAYS + ", got " + days
                    + " (see 'rightsizer scan --help')");
        }
        if (!(maxScanGb > 0)) {
            throw CliException.usage("--max-scan-gb must be positive, got " + gb(maxScanGb)
                    + " (see 'rightsizer scan --help')");
        }
        if (maxConcurrentQueries < 1 || maxConcurrentQueries > 100) {
            throw CliException.usage("--max-concurrent-queries must be 1..100, got " + maxConcurrentQueries
                    + " (see 'rightsizer scan --help')");
        }
        if (logGroupPrefix.isBlank()) {
            throw CliException.usage("--log-group-prefix must not be empty (see 'rightsizer scan --help')");
        }
        if (functionNames != null && functionNames.stream().anyMatch(String::isBlank)) {
            throw CliException.usage("--functions has an empty name (see 'rightsizer scan --help')");
        }
    }

    private List<ListedFunction> listFunctions(ScanClients clients) {
        try {
            return new LambdaFunctionCatalog(clients.lambda(), ControlPlaneRetry.standard()).functions();
        } catch (SdkException e) {
            throw AwsFailures.describe("listing the functions (lambda:ListFunctions)", e, PRINT_POLICY_HINT);
        }
    }

    private List<ListedFunction> select(List<ListedFunction> listed) {
        if (functionNames == null) {
            return listed;
        }
        Map<String, ListedFunction> byName = new LinkedHashMap<>();
        listed.forEach(f -> byName.put(f.name(), f));
        Set<String> wanted = new LinkedHashSet<>();
        functionNames.forEach(n -> wanted.add(n.trim()));
        List<String> unknown = wanted.stream().filter(n -> !byName.containsKey(n)).toList();
        if (!unknown.isEmpty()) {
            throw new CliException("no function named " + String.join(", ", unknown) + " in this account and Region ("
                    + plural(listed.size(), "function") + " listed)");
        }
        return wanted.stream().map(byName::get).toList();
    }

    /** Finds the log groups the selected functions write to, and (for a whole-account scan) those of no function. */
    private void findLogGroups(LogGroupDirectory directory, List<ListedFunction> listed, List<ListedFunction> selected,
                               Map<String, LogGroupInfo> groups, List<String> orphans) {
        try {
            Set<String> needed = new TreeSet<>();
            selected.forEach(f -> needed.add(f.logGroup()));
            if (functionNames == null) {
                Set<String> used = new TreeSet<>();
                listed.forEach(f -> used.add(f.logGroup()));
                for (LogGroupInfo g : directory.list(logGroupPrefix)) {
                    if (needed.contains(g.name())) {
                        groups.put(g.name(), g);
                    } else if (!used.contains(g.name()) && g.name().startsWith(ListedFunction.DEFAULT_LOG_GROUP_PREFIX)) {
                        orphans.add(g.name());
                    }
                }
            }
            for (String name : needed) {
                if (!groups.containsKey(name) && (functionNames != null || !name.startsWith(logGroupPrefix))) {
                    directory.find(name).ifPresent(g -> groups.put(name, g));
                }
            }
        } catch (SdkException e) {
            throw AwsFailures.describe("finding the log groups (logs:DescribeLogGroups)", e, PRINT_POLICY_HINT);
        }
    }

    private ScanResult run(ScanPlan plan, ReportQueries queries, long maxBytes, PrintWriter err) {
        ProgressLine progress = environment.terminal() && !noProgress ? new ProgressLine(err) : null;
        ScanLimits limits = new ScanLimits(maxConcurrentQueries, maxBytes, environment.pollInterval(),
                environment.capacityWaitFirst(), environment.capacityWaitMax(), environment.capacityWaitBudget());
        FleetScan scan = new FleetScan(queries, limits, progress == null ? p -> { } : progress, environment.sleeper());
        // Queries keep running (and billing) after the JVM is gone: stop them when the user interrupts the scan.
        Thread stopper = new Thread(scan::stopRunning, "rightsizer-scan-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            return scan.run(plan);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // The hook is already running.
            }
            if (progress != null) {
                progress.clear();
            }
        }
    }

    private void printEstimate(PrintWriter out, String regionName, List<ListedFunction> listed,
                               List<ListedFunction> selected, ScanPlan plan, ScanCost estimate, List<String> orphans) {
        ScanWindow w = plan.window();
        out.println("Scan of " + regionName + ", " + plural(w.days(), "day") + " (" + w.firstDay() + " .. "
                + w.lastDay() + ")");
        out.println("  functions: " + listed.size() + " listed, " + selected.size() + " selected, "
                + plan.functions().size() + " with a log group to read"
                + (plan.withoutLogs().isEmpty() ? "" : ", " + plan.withoutLogs().size() + " without one"));
        long json = plan.batches().stream().filter(b -> b.format() == LogFormat.JSON).count();
        out.println("  queries: " + plan.batches().size() + " over " + plural(plan.logGroupCount(), "log group")
                + " (" + (plan.batches().size() - json) + " text, " + json + " JSON; at most "
                + ReportQueries.MAX_LOG_GROUPS + " log groups each)");
        for (QueryBatch b : plan.batches()) {
            out.println("    " + b.format().name().toLowerCase(Locale.ROOT) + ": " + plural(b.logGroups().size(),
                    "log group") + ", about " + new ScanCost(b.estimatedBytes()).gbText());
        }
        if (!orphans.isEmpty()) {
            out.println("  not read: " + plural(orphans.size(), "log group") + " of no function (deleted functions?)");
        }
        out.println("  estimate: about " + estimate.gbText() + " to scan, $" + String.format(Locale.ROOT, "%.4f",
                estimate.usd()) + " at $" + ScanCost.USD_PER_GB + " per GB; limit --max-scan-gb " + gb(maxScanGb)
                + (plan.estimatedBytes() > ScanCost.bytesOf(maxScanGb) ? " (over the limit: the scan would refuse)" : ""));
        out.flush();
    }

    private void summarize(PrintWriter err, ScanPlan plan, ScanResult result, List<String> orphans) {
        List<String> silent = plan.functions().keySet().stream()
                .filter(f -> !result.usage().containsKey(f))
                .filter(f -> result.unread().stream().noneMatch(u -> u.function().equals(f)))
                .sorted().toList();
        err.println("rightsizer: scanned " + new ScanCost(result.bytesScanned()) + " in "
                + plural(result.queries(), "query", "queries") + "; " + plural(result.usage().size(), "function")
                + " with reports");
        if (!silent.isEmpty()) {
            err.println("rightsizer: no reports in the window: " + names(silent));
        }
        if (!plan.withoutLogs().isEmpty()) {
            err.println("rightsizer: no log group (never invoked, or its logs were deleted): "
                    + names(plan.withoutLogs().stream().map(ListedFunction::name).sorted().toList()));
        }
        if (!orphans.isEmpty()) {
            err.println("rightsizer: log groups of no function (deleted functions?), not read: " + names(orphans));
        }
        if (result.withoutMemory() > 0) {
            err.println("rightsizer: " + plural(result.withoutMemory(), "report") + " without memory figures "
                    + "(Lambda Managed Instances) counted, not sized");
        }
        if (!result.unread().isEmpty()) {
            List<String> parts = new ArrayList<>();
            for (UnreadFunction u : result.unread()) {
                parts.add(u.function() + " (" + u.reason() + ")");
            }
            err.println("rightsizer: warning: could not read " + plural(result.unread().size(), "function") + ": "
                    + String.join(", ", parts));
        }
        err.flush();
    }

    private static String names(List<String> names) {
        int shown = Math.min(names.size(), 10);
        String list = String.join(", ", names.subList(0, shown));
        return names.size() > shown ? list + " and " + (names.size() - shown) + " more" : list;
    }

    private static URI or(URI first, URI second) {
        return first != null ? first : second;
    }

    private static String gb(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String plural(long n, String noun) {
        return plural(n, noun, noun + "s");
    }

    private static String plural(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** Accepts the output formats in any case. */
    static final class FormatConverter implements CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            try {
                return OutputFormat.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(
                        "unknown format '" + value + "' (expected table, json or csv)");
            }
        }
    }
}
