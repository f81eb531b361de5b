/**
 * Per-client quotas and usage: {@link io.remotemedia.server.quota.ClientQuotas} holds each
 * client's state (calls and streams in progress, a token bucket of audio seconds) under the
 * {@link io.remotemedia.server.quota.QuotaPolicy} of the configuration, and its interceptor
 * refuses a call that would pass its client's quota with RESOURCE_EXHAUSTED (an {@code
 * ErrorDetail} of type QUOTA_EXCEEDED) and reports each call's usage to a {@link
 * io.remotemedia.server.quota.UsageListener}. Server-wide capacity (workers, stream slots) is
 * decided elsewhere; a quota only ever refuses the client that passed it.
 */
package io.remotemedia.server.quota;
