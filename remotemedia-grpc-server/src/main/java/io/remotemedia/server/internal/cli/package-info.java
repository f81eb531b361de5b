/**
 * Not public API: may change in any release without notice.
 *
 * <p>Subcommands of the runnable jar other than {@code serve}: {@code run} (local execution over
 * WAV files) and {@code call} (the same, on a server through the client SDK).
 */
package io.remotemedia.server.internal.cli;
