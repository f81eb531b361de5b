/** Heap measurements: retained heap per open stream and peak heap per unary execution. */
package io.remotemedia.bench.memory;
