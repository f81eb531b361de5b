/** JMH benchmarks of the PCM codecs between wire bytes and float samples. */
package io.remotemedia.bench.pcm;
