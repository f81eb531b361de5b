/**
 * The RemoteMedia client SDK. {@link io.remotemedia.client.RemoteMediaClient} implements the
 * pipeline's {@link io.remotemedia.pipeline.PipelineRunner}, so code written against a local
 * runner runs remotely by changing the line that creates the runner.
 */
package io.remotemedia.client;
