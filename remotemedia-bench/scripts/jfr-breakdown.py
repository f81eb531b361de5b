#!/usr/bin/env python3
"""Where a RemoteMedia server's Java threads spent their CPU, from a JFR recording.

    remotemedia-bench/scripts/jfr-breakdown.py RECORDING.jfr [--json OUT.json]

Reads the jdk.ExecutionSample events (`jfr print --json`, the JDK's own tool) and puts each
sample in the first category below whose frames appear anywhere in its stack, so a sample of
protobuf parsing inside a transport callback counts as protobuf parsing. Prints the share of
each category and the serialization share (protobuf parse of requests, protobuf serialization
of responses, and the mapping of audio between wire bytes and float samples).

Only Java frames are sampled: GC, JIT compiler and kernel time are not in the denominator.
"""
import json
import subprocess
import sys
from collections import Counter

# (category, frame prefixes "package.Class.method" or "package.Class"); first match wins.
CATEGORIES = [
    ("protobuf parse (requests)", [
        "io.remotemedia.server.internal.transport.AliasingMarshaller.parse",
        "io.grpc.protobuf.lite.ProtoLiteUtils$MessageMarshaller.parse",
    ]),
    ("protobuf serialization (responses)", [
        "io.grpc.protobuf.lite.ProtoInputStream.drainTo",
        "io.grpc.protobuf.lite.ProtoInputStream.read",
    ]),
    ("audio wire mapping (bytes <-> float)", [
        "io.remotemedia.proto.internal.wire.AudioWire.fromProto",
        "io.remotemedia.proto.internal.wire.AudioWire.toProto",
    ]),
    ("pipeline (nodes and executor)", [
        "io.remotemedia.pipeline.internal.execution.",
        "io.remotemedia.audio.",
    ]),
    ("logging", ["org.apache.logging.", "io.remotemedia.server.logging.", "io.remotemedia.server.internal.logging."]),
    ("metrics", ["io.prometheus.", "io.remotemedia.server.metrics."]),
    ("other RemoteMedia code", ["io.remotemedia."]),
    ("transport (grpc, netty)", ["io.grpc.", "io.netty."]),
]
SERIALIZATION = CATEGORIES[:3]


def frames(event):
    for frame in event["values"]["stackTrace"]["frames"]:
        method = frame["method"]
        cls = method["type"]["name"].replace("/", ".")
        yield cls + "." + method["name"]


def category(stack):
    for name, prefixes in CATEGORIES:
        for frame in stack:
            if any(frame.startswith(prefix) for prefix in prefixes):
                return name
    return "other (JDK, JFR)"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.ExecutionSample",
                          sys.argv[1]], check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    counts = Counter()
    threads = Counter()
    for event in events:
        if event["values"]["stackTrace"] is None:
            continue
        counts[category(list(frames(event)))] += 1
        threads[event["values"]["sampledThread"]["javaName"].rstrip("0123456789-")] += 1
    total = sum(counts.values())
    if total == 0:
        sys.exit("no execution samples in " + sys.argv[1])
    print(f"{total} samples of Java code in {sys.argv[1]}")
    for name, _ in CATEGORIES + [("other (JDK, JFR)", [])]:
        print(f"  {100.0 * counts[name] / total:6.2f} %  {name}")
    share = sum(counts[name] for name, _ in SERIALIZATION) / total
    print(f"serialization share (first three rows): {100.0 * share:.2f} %")
    print("by thread: " + ", ".join(f"{t} {n}" for t, n in threads.most_common(6)))
    if "--json" in sys.argv:
        with open(sys.argv[sys.argv.index("--json") + 1], "w") as f:
            json.dump({"samples": total, "categories": dict(counts),
                       "serialization_share": share}, f, indent=2)


if __name__ == "__main__":
    main()
