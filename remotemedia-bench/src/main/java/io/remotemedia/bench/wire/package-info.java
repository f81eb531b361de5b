/** JMH benchmarks of the protobuf mapping of audio buffers. */
package io.remotemedia.bench.wire;
