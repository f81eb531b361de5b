/** Not public API: helpers of the pipeline's own packages. May change in any release. */
package io.remotemedia.pipeline.internal;
