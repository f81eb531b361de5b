/**
 * Not public API: the resampler's shared filter-design cache, reached by the resampler's
 * kernels and sized by the server. May change in any release without notice.
 */
package io.remotemedia.audio.internal.resample;
