/** JMH benchmarks of the pipeline executor's own cost per node, against calling nodes directly. */
package io.remotemedia.bench.executor;
