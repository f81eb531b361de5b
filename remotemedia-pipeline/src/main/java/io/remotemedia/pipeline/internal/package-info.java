/**
 * Not public API: helpers of the pipeline's own packages, and of the server and client built
 * on them. May change in any release without notice.
 *
 * <p>Machinery lives in {@code io.remotemedia.<module>.internal} and its sub-packages, named
 * for the feature they serve ({@code internal.execution}, {@code internal.graph}, {@code
 * internal.limits}), as in {@code okhttp3.internal}. What stays outside them is what a user
 * may call, and it is all the javadoc shows.
 */
package io.remotemedia.pipeline.internal;
