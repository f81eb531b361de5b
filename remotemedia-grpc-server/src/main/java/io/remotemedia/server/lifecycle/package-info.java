/**
 * Graceful shutdown: the drain settings and the hook through which open streams hear that the
 * server is draining.
 */
package io.remotemedia.server.lifecycle;
