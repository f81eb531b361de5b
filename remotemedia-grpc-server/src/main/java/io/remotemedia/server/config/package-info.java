/**
 * The server's configuration: {@link io.remotemedia.server.config.ConfigLoader} reads a YAML
 * file over embedded defaults, then environment variables, then command-line flags, validates
 * everything at once and returns an immutable {@link
 * io.remotemedia.server.config.RemoteMediaConfig}. docs/configuration.md lists every key.
 */
package io.remotemedia.server.config;
