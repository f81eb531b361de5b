/** Subcommands of the runnable jar other than {@code serve}: {@code run} (local execution). */
package io.remotemedia.server.cli;
