/** JMH benchmarks of the audio codecs: G.711 and Opus, per 20 ms frame. */
package io.remotemedia.bench.codec;
