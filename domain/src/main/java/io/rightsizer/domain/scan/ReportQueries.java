package io.rightsizer.domain.scan;

/**
 * Runs usage queries on the server side of a log store (CloudWatch Logs Insights): start one, poll it until it is
 * final, stop it. Read-only towards the logs; every query is billed by the bytes it scans.
 */
public interface ReportQueries {

    /** The most log groups one query may read. */
    int MAX_LOG_GROUPS = 50;
    /** The most result rows one query returns; a query that returns this many may have lost rows. */
    int MAX_ROWS = 10_000;

    /**
     * Starts a query and returns its id.
     *
     * @throws QueryLimitExceededException when the account runs as many queries as it may at once
     * @throws LogGroupNotFoundException   when one of the log groups does not exist (any more)
     */
    String start(ReportQuery query);

    /** The query's status, its rows and the bytes it scanned so far. */
    QueryProgress poll(String queryId);

    /** Stops a running query (what it scanned so far is still billed). */
    void stop(String queryId);
}
