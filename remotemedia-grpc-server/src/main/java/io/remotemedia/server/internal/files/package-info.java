/**
 * Not public API: may change in any release without notice.
 *
 * <p>How the server and its commands word a file they could not read or write.
 */
package io.remotemedia.server.internal.files;
