package io.remotemedia.server.internal.transport;

/**
 * A snapshot of one open stream, for operators: how far it got and whether flow control is
 * holding it back.
 *
 * @param sessionId the session id sent in {@code ready}
 * @param messagesReceived client messages delivered to the session, {@code open} included
 * @param outstandingRequests messages the session has asked the transport for and not yet
 *     received: 0 or 1, since a session reads one message at a time
 * @param queuedResults responses waiting for the transport to become ready: 0 or 1
 * @param waitingForClient whether a response is held back because the client does not read
 */
public record StreamStatus(
    String sessionId,
    long messagesReceived,
    long outstandingRequests,
    int queuedResults,
    boolean waitingForClient) {}
