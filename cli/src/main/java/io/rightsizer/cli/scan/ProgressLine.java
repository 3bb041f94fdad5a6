package io.rightsizer.cli.scan;

import io.rightsizer.domain.scan.FleetScan;
import io.rightsizer.domain.scan.ScanCost;
import io.rightsizer.domain.scan.ScanProgress;

import java.io.PrintWriter;

/** One line on a terminal's standard error that a scan's progress rewrites in place, and clears at the end. */
final class ProgressLine implements FleetScan.Listener {

    private final PrintWriter err;
    private int width;

    ProgressLine(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void progress(ScanProgress p) {
        String line = "rightsizer: scanning: " + p.queriesDone() + "/" + p.queriesTotal() + " queries done, "
                + new ScanCost(p.bytesScanned()).gbText() + " scanned"
                + (p.waitingCapacity() ? ", waiting for the account's query capacity" : "");
        err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
        err.flush();
        width = line.length();
    }

    /** Removes the line so that what follows starts on a clean one. */
    synchronized void clear() {
        if (width > 0) {
            err.print("\r" + " ".repeat(width) + "\r");
            err.flush();
            width = 0;
        }
    }
}
