/**
 * The RemoteMedia v1 manifest: its immutable model ({@link
 * io.remotemedia.pipeline.manifest.PipelineManifest}) and the parser that reads it from JSON or
 * YAML with exact error locations.
 */
package io.remotemedia.pipeline.manifest;
