# What the last run printed:
#   REPORT RequestId: de43f201-7021-4344-926b-70f3e4fdab3d Duration: 1832.44 ms Billed Duration:
#   1833 ms Memory Size: 1024 MB Max Memory Used: 911 MB Init
#   Duration: 502.17 ms
def handler(event, context):
    return {"ok": True}

> REPORT RequestId: ef54a312-8132-4455-a37c-81a4f50ebc4e Duration: 1790.10 ms Billed Duration: 1791 ms Memory
> Size: 1024 MB Max Memory Used: 897 MB
