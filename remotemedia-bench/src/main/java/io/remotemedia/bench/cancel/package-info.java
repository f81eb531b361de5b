/** How fast a cancelled execution stops using CPU. */
package io.remotemedia.bench.cancel;
