package io.rightsizer.testing.lambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A control group with the CPU share and memory limit Lambda gives a function of a given size: 1,769 MB is one vCPU,
 * so the CPU quota is {@code size / 1769} of the period, and the memory limit is the size itself. The extension
 * runs inside it, so it gets no more CPU than in Lambda and its memory is counted as Lambda counts it (the memory
 * cgroup charges the process's own memory and the page cache it faults in, the binary's pages included).
 *
 * <p>cgroup v1 ({@code cpu} and {@code memory} controllers mounted under {@code /sys/fs/cgroup}, writable as root)
 * and cgroup v2 ({@code cpu.max}, {@code memory.max}, {@code memory.peak}) are supported. Where neither is usable the
 * constructor throws with the reason: a test of the sandbox must never pass without one.
 */
public final class FunctionCgroup implements AutoCloseable {

    /** Lambda gives one vCPU at 1,769 MB and CPU in proportion below it. */
    public static final int MB_PER_VCPU = 1769;
    static final long PERIOD_US = 100_000;
    private static final Path ROOT = Path.of("/sys/fs/cgroup");
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final int memoryMb;
    private final long quotaUs;
    private final boolean v2;
    /** Every directory created, so close() removes them all; v1 has one per controller. */
    private final List<Path> dirs;
    private final Path memoryDir;
    private final Path cpuacctDir;

    private FunctionCgroup(int memoryMb, long quotaUs, boolean v2, List<Path> dirs, Path memoryDir, Path cpuacctDir) {
        this.memoryMb = memoryMb;
        this.quotaUs = quotaUs;
        this.v2 = v2;
        this.dirs = dirs;
        this.memoryDir = memoryDir;
        this.cpuacctDir = cpuacctDir;
    }

    /** Creates the group of a {@code memoryMb} function; throws, naming what is missing, when cgroups are unusable. */
    public static FunctionCgroup create(int memoryMb) {
        return create(memoryMb, ROOT);
    }

    /** As {@link #create(int)}, below another cgroup mount point (tests of the refusal). */
    public static FunctionCgroup create(int memoryMb, Path root) {
        if (memoryMb < 128 || memoryMb > 10240) {
            throw new IllegalArgumentException("Lambda memory sizes are 128..10240 MB, got " + memoryMb);
        }
        long quotaUs = Math.max(1000, Math.round(PERIOD_US * memoryMb / (double) MB_PER_VCPU));
        String name = "rightsizer-ext-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        Path cpuV1 = root.resolve("cpu");
        Path memoryV1 = root.resolve("memory");
        List<Path> dirs = new ArrayList<>();
        try {
            if (Files.isRegularFile(cpuV1.resolve("cpu.cfs_quota_us"))
                    && Files.isRegularFile(memoryV1.resolve("memory.limit_in_bytes"))) {
                Path cpu = mkdir(cpuV1.resolve(name), dirs);
                Path memory = mkdir(memoryV1.resolve(name), dirs);
                write(cpu.resolve("cpu.cfs_period_us"), Long.toString(PERIOD_US));
                write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(quotaUs));
                write(memory.resolve("memory.limit_in_bytes"), Long.toString(memoryMb * 1024L * 1024L));
                // No swap to hide memory in: Lambda has none.
                Path memsw = memory.resolve("memory.memsw.limit_in_bytes");
                if (Files.isRegularFile(memsw)) {
                    write(memsw, Long.toString(memoryMb * 1024L * 1024L));
                }
                Path cpuacct = root.resolve("cpuacct");
                Path acct = Files.isRegularFile(cpuacct.resolve("cpuacct.usage"))
                        && !Files.isSameFile(cpuacct, cpuV1) ? mkdir(cpuacct.resolve(name), dirs) : cpu;
                return new FunctionCgroup(memoryMb, quotaUs, false, dirs, memory, acct);
            }
            if (Files.isRegularFile(root.resolve("cgroup.controllers"))) {
                String controllers = Files.readString(root.resolve("cgroup.controllers"));
                if (!controllers.contains("cpu") || !controllers.contains("memory")) {
                    throw unavailable("cgroup v2 at " + root + " offers only [" + controllers.strip() + "]", null);
                }
                write(root.resolve("cgroup.subtree_control"), "+cpu +memory");
                Path dir = mkdir(root.resolve(name), dirs);
                write(dir.resolve("cpu.max"), quotaUs + " " + PERIOD_US);
                write(dir.resolve("memory.max"), Long.toString(memoryMb * 1024L * 1024L));
                write(dir.resolve("memory.swap.max"), "0");
                return new FunctionCgroup(memoryMb, quotaUs, true, dirs, dir, dir);
            }
        } catch (IOException e) {
            new FunctionCgroup(memoryMb, quotaUs, false, dirs, null, null).close();
            throw unavailable("cannot set up a cgroup below " + root + ": " + e, e);
        }
        throw unavailable("neither cgroup v1 cpu+memory controllers (" + cpuV1 + ", " + memoryV1
                + ") nor a cgroup v2 hierarchy (" + root + "/cgroup.controllers) is mounted", null);
    }

    private static IllegalStateException unavailable(String why, Exception cause) {
        return new IllegalStateException("THE LAMBDA SANDBOX CANNOT BE REPRODUCED HERE: " + why
                + ". These tests run the extension with a Lambda function's CPU share and memory limit and need"
                + " cgroups writable as root (cgroup v1 cpu and memory controllers, or cgroup v2 with cpu and memory)."
                + " They fail instead of passing without them.", cause);
    }

    /** The command that moves itself into this group and then becomes {@code command} (exec keeps the pid). */
    public List<String> wrap(List<String> command) {
        List<String> out = new ArrayList<>(List.of("/bin/sh", "-c",
                "for p in \"$@\"; do [ \"$p\" = -- ] && break; echo $$ > \"$p\" || exit 97; shift; done; shift; exec \"$@\"",
                "sh"));
        for (Path dir : dirs) {
            out.add(dir.resolve("cgroup.procs").toString());
        }
        out.add("--");
        out.addAll(command);
        return out;
    }

    public int memoryMb() {
        return memoryMb;
    }

    /** The CPU share as a fraction of one CPU ({@code cpu.cfs_quota_us / cpu.cfs_period_us}). */
    public double cpuShare() {
        return quotaUs / (double) PERIOD_US;
    }

    public long cpuQuotaUs() {
        return quotaUs;
    }

    /** The group's memory high-water mark in bytes: process memory plus the page cache charged to it. */
    public long memoryPeakBytes() {
        return readLong(memoryDir.resolve(v2 ? "memory.peak" : "memory.max_usage_in_bytes"));
    }

    /** CPU time the group's processes used, in nanoseconds. */
    public long cpuUsageNanos() {
        if (v2) {
            for (String line : readLines(cpuacctDir.resolve("cpu.stat"))) {
                if (line.startsWith("usage_usec ")) {
                    return Long.parseLong(line.substring(11).trim()) * 1000;
                }
            }
            throw new IllegalStateException("no usage_usec in cpu.stat");
        }
        return readLong(cpuacctDir.resolve("cpuacct.usage"));
    }

    /** How often the quota stopped the group (the CPU share at work). */
    public long throttledPeriods() {
        Path stat = dirs.get(0).resolve("cpu.stat");
        for (String line : readLines(stat)) {
            if (line.startsWith("nr_throttled ")) {
                return Long.parseLong(line.substring(13).trim());
            }
        }
        return 0;
    }

    @Override
    public void close() {
        for (int i = dirs.size() - 1; i >= 0; i--) {
            Path dir = dirs.get(i);
            // A group empties when its last process has exited; give a just-killed process a moment to be reaped.
            for (int attempt = 0; attempt < 50; attempt++) {
                try {
                    Files.deleteIfExists(dir);
                    break;
                } catch (IOException e) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    private static Path mkdir(Path dir, List<Path> created) throws IOException {
        Files.createDirectory(dir);
        created.add(dir);
        return dir;
    }

    private static void write(Path file, String value) throws IOException {
        Files.writeString(file, value);
    }

    private static long readLong(Path file) {
        return Long.parseLong(readLines(file).get(0).trim());
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
