/**
 * The transport floor: a trivial grpc-java echo service answering a request of the same size as
 * a pipeline request with a response of the same size as its result, over the same Netty
 * transport. Latency of remote pipeline calls is compared with it side by side.
 */
package io.remotemedia.bench.echo;
