/**
 * The transport floor: a trivial grpc-java echo service answering a pipeline request, or each
 * chunk of a stream, with a response of the same size as its result, over the same Netty
 * transport. Latency of remote pipeline calls and streams is compared with it side by side.
 */
package io.remotemedia.bench.echo;
