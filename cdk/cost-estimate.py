#!/usr/bin/env python3
"""Estimates what running a Rightsizer deployment costs per month (us-east-1 list prices, see PRICES).

Upper-bound model: every ingest batching window of every shard carries data, and every monitored function appears
in every batch of its shard (the partition key is the function name, so a function lives on one shard).
DynamoDB writes follow the ratio bench/ingest measures on a realistic day (BENCHMARKS.md, "writes per (function, day)
per batch"): ingest writes only what can change a stored figure, and a cold instance first reads the day item.
Usage: python3 cost-estimate.py [--functions 100] [--invocations 10000000] [--shards 0] [--window 300]
                                [--outage-hours 0]
"""
import argparse

# Lambda, DynamoDB and Step Functions prices as the project's AWS facts list them; the rest are list prices
# copied by hand: check the live pricing pages before quoting them.
PRICES = {
    "kinesis_on_demand_stream_hour": 0.04,
    "kinesis_on_demand_gb_in": 0.08,
    "kinesis_on_demand_gb_out": 0.04,
    "kinesis_shard_hour": 0.015,
    "kinesis_million_put_units": 0.014,
    "lambda_arm_gb_s": 0.0000133334,
    "lambda_million_requests": 0.20,
    "dynamodb_million_wru": 0.625,
    "dynamodb_million_rru": 0.125,
    "cloudwatch_metrics_requested_per_1000": 0.01,
    "s3_gb_month": 0.023,
    "s3_put_per_1000": 0.005,
    "sfn_per_1000_transitions": 0.025,
    "sfn_free_transitions": 4000,
    "alarm_metric_month": 0.10,
    "logs_gb_ingested": 0.50,
    "xray_million_traces": 5.0,
    "xray_free_traces": 100_000,
}
HOURS = 730
SECONDS = HOURS * 3600
ON_DEMAND_START_SHARDS = 4     # an on-demand stream starts with 4 MB/s of write capacity
REPORT_BYTES = 250             # one invocation's report inside the extension's record
INGEST_MEMORY_GB = 1.0         # ingest-fn is deployed with 1024 MB
INGEST_SECONDS = 1.0           # per batch, cold starts included (generous)
TRANSITIONS_PER_WINDOW = 13    # WaitForWindowEnd .. Apply .. Verify .. RecordOutcome .. Done
WINDOW_DAYS = 14
ALARM_METRICS = 5              # ingest errors, iterator age, dead letters (S3 PutRequests), failed + timed-out executions
STREAM_RETENTION_HOURS = 24    # included in the stream's price: the dead-letter bucket takes what ingest gives up on

# Measured by bench/ingest/run.sh (realistic day: 100 functions x 10 reports per 5-minute batch, 288 batches, a new
# instance every 24 batches; median of seeds 1, 2, 3; BENCHMARKS.md). Per (function, day) per batch:
WRITES_COLD_BATCH = 0.0933     # a batch on a new instance (the day's first batch creates the item: 1 write each)
WRITES_WARM_BATCH = 0.0176     # a batch on a warm instance (a higher peak, an out-of-memory report, a timeout)
DAY_READS_COLD_BATCH = 1.0     # a new instance reads each function's day item once
WINDOW_READS_COLD_BATCH = 1.0  # ... and its WINDOW item
COLD_EVERY_BATCHES = 24        # assumed: a new ingest instance every 2 hours at a 300 s batching window [unverified]
METRICS_PER_WINDOW = 9         # GetMetricData: 3 metrics, read by Evaluate once and by Verify twice
DEAD_LETTER_BYTES_PER_REPORT = 1150  # a one-report record (450 B) in the S3 invocation record: base64 (600 B) + its JSON (~550 B)


def estimate(functions, invocations, shards, window_seconds, outage_hours=0):
    p = PRICES
    lines = []
    effective_shards = shards or ON_DEMAND_START_SHARDS
    gb = invocations * REPORT_BYTES / 1e9
    if shards == 0:
        stream = HOURS * p["kinesis_on_demand_stream_hour"]
        data = gb * (p["kinesis_on_demand_gb_in"] + p["kinesis_on_demand_gb_out"])
        lines.append(("Kinesis on-demand: stream hours", stream))
        lines.append((f"Kinesis on-demand: {gb:.2f} GB in and out", data))
    else:
        lines.append((f"Kinesis provisioned: {shards} shard(s)", HOURS * shards * p["kinesis_shard_hour"]))
        # worst case: one record (one PUT payload unit) per invocation
        lines.append(("Kinesis PUT payload units", invocations / 1e6 * p["kinesis_million_put_units"]))
    batches_per_shard = SECONDS / max(window_seconds, 1)
    ingest_invocations = min(batches_per_shard * effective_shards, invocations)
    lines.append((f"ingest-fn: {ingest_invocations:,.0f} invocations",
                  ingest_invocations * INGEST_MEMORY_GB * INGEST_SECONDS * p["lambda_arm_gb_s"]
                  + ingest_invocations / 1e6 * p["lambda_million_requests"]))
    lines.append((f"Kinesis retention {STREAM_RETENTION_HOURS} h (included; no extended retention)", 0.0))
    batches_per_function = min(batches_per_shard, invocations / max(functions, 1))
    cold_share = 1 / COLD_EVERY_BATCHES
    writes = functions * batches_per_function * (
        cold_share * WRITES_COLD_BATCH + (1 - cold_share) * WRITES_WARM_BATCH)
    lines.append((f"DynamoDB: {writes:,.0f} write units (ingest, measured ratio)",
                  writes / 1e6 * p["dynamodb_million_wru"]))
    ingest_reads = functions * batches_per_function * cold_share * (DAY_READS_COLD_BATCH + WINDOW_READS_COLD_BATCH)
    windows = functions * 30 / WINDOW_DAYS
    reads = ingest_reads + windows * 2 * WINDOW_DAYS  # + evaluate and verify read the window's day items
    lines.append((f"DynamoDB: {reads:,.0f} read units", reads / 1e6 * p["dynamodb_million_rru"]))
    metrics = windows * METRICS_PER_WINDOW
    lines.append((f"CloudWatch GetMetricData: {metrics:,.0f} metrics",
                  metrics / 1000 * p["cloudwatch_metrics_requested_per_1000"]))
    if outage_hours > 0:
        # An outage of DynamoDB or Step Functions: every batch of those hours goes to the dead-letter bucket (one
        # object per batch of each shard) and stays there until replayed, at most the bucket's 30 days.
        outage_batches = outage_hours * 3600 / max(window_seconds, 1) * effective_shards
        outage_gb = invocations / HOURS * outage_hours * DEAD_LETTER_BYTES_PER_REPORT / 1e9
        lines.append((f"S3 dead letters: {outage_hours} h outage, {outage_gb:.2f} GB kept a month",
                      outage_gb * p["s3_gb_month"] + outage_batches / 1000 * p["s3_put_per_1000"]))
    else:
        lines.append(("S3 dead-letter bucket (empty while ingest is healthy)", 0.0))
    transitions = windows * TRANSITIONS_PER_WINDOW
    lines.append((f"Step Functions: {windows:,.0f} executions, {transitions:,.0f} transitions",
                  max(0, transitions - p["sfn_free_transitions"]) / 1000 * p["sfn_per_1000_transitions"]))
    lines.append((f"evaluate-fn + apply-fn: {windows * 4:,.0f} invocations",
                  windows * 4 * 0.5 * 2 * p["lambda_arm_gb_s"]))
    lines.append((f"CloudWatch: {ALARM_METRICS} alarm metrics", ALARM_METRICS * p["alarm_metric_month"]))
    log_gb = (ingest_invocations * 1_000 + transitions * 3_000) / 1e9
    lines.append((f"CloudWatch Logs: {log_gb * 1000:.0f} MB", log_gb * p["logs_gb_ingested"]))
    traces = ingest_invocations + windows * 4
    lines.append((f"X-Ray: {traces:,.0f} traces",
                  max(0, traces - p["xray_free_traces"]) / 1e6 * p["xray_million_traces"]))
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--functions", type=int, default=100)
    parser.add_argument("--invocations", type=int, default=10_000_000, help="of all monitored functions, per month")
    parser.add_argument("--shards", type=int, default=0, help="0 = on-demand stream")
    parser.add_argument("--window", type=int, default=300, help="ingest batching window, seconds")
    parser.add_argument("--outage-hours", type=int, default=0,
                        help="price one outage of this many hours a month (batches kept in the dead-letter bucket)")
    a = parser.parse_args()
    lines = estimate(a.functions, a.invocations, a.shards, a.window, a.outage_hours)
    print(f"{a.functions} functions, {a.invocations:,} invocations/month, "
          f"{'on-demand stream' if a.shards == 0 else f'{a.shards} provisioned shard(s)'}, {a.window} s batching")
    for label, usd in lines:
        print(f"  {label:<58} ${usd:8.2f}")
    print(f"  {'total per month':<58} ${sum(u for _, u in lines):8.2f}")


if __name__ == "__main__":
    main()
