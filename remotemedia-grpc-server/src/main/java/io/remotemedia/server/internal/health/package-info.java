/**
 * Not public API: may change in any release without notice.
 *
 * <p>The standard {@code grpc.health.v1.Health} service, reporting on the server as a whole and on
 * each RemoteMedia service; it turns NOT_SERVING when the server starts draining.
 */
package io.remotemedia.server.internal.health;
