/**
 * Heap measurements: retained heap per open stream and peak heap per unary execution in process
 * ({@code HeapPerStream}, {@code PeakHeapPerRequest}), and the same plus memory per connection
 * on a running server, read over JMX through the attach API ({@code ServerHeap*}).
 */
package io.remotemedia.bench.memory;
