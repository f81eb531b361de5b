/** JMH benchmarks of every audio-core node on live-sized chunks. */
package io.remotemedia.bench.nodes;
