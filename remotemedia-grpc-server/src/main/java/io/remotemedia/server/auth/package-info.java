/**
 * Bearer-token authentication: {@link io.remotemedia.server.auth.AuthInterceptor} checks the
 * {@code authorization} header of every call against a {@link io.remotemedia.server.auth.TokenSet}
 * of SHA-256 hashes read from a tokens file, and puts the client's name into the call's
 * {@code Context}. Plain tokens are never stored or logged.
 */
package io.remotemedia.server.auth;
