/** Admission control: how many executions run at once, and how many may wait. */
package io.remotemedia.pipeline.internal.limits;
