package io.remotemedia.pipeline.wire;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.StreamResult;
import io.remotemedia.proto.StreamCancel;
import io.remotemedia.proto.StreamChunk;
import io.remotemedia.proto.StreamClose;
import io.remotemedia.proto.StreamClosed;
import io.remotemedia.proto.StreamDraining;
import io.remotemedia.proto.StreamOpen;
import io.remotemedia.proto.StreamReady;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.StreamResume;
import io.remotemedia.proto.StreamResumed;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Converts the StreamPipeline messages between wire and domain: {@code open} to an
 * {@link OpenStreamRequest}, chunks to {@link AudioBuffer}s, results to {@link StreamResult}s,
 * and {@code closed} to the {@link ExecutionResult} of the tails and metrics. Stateless and
 * thread-safe.
 */
public final class StreamWire {
  private StreamWire() {}

  /** Builds the {@code open} message of a stream that is not resumable. */
  public static StreamRequest open(OpenStreamRequest request, String protocolVersion) {
    return open(request, protocolVersion, false);
  }

  /**
   * Builds the {@code open} message of a stream.
   *
   * @param resumable whether to ask the server to keep the session through a broken
   *     connection
   */
  public static StreamRequest open(OpenStreamRequest request, String protocolVersion,
      boolean resumable) {
    AudioFormat format = request.inputFormat();
    return StreamRequest.newBuilder().setOpen(StreamOpen.newBuilder()
            .setResumable(resumable)
            .setManifest(ManifestWire.toProto(request.manifest()))
            .setLimits(ExecutionWire.toProto(request.limits()))
            .setClientProtocolVersion(protocolVersion)
            .setInputFormat(io.remotemedia.proto.AudioBuffer.newBuilder()
                .setSampleRateHz(format.sampleRateHz())
                .setChannels(format.channelCount())
                .setFormat(AudioWire.toProto(format.sampleFormat()))))
        .build();
  }

  /**
   * Decodes an {@code open} message, checking the declared input format.
   *
   * @throws PipelineException INVALID_AUDIO when {@code input_format} is missing or invalid
   *     (the message names the field), VALIDATION for a malformed manifest
   */
  public static OpenStreamRequest fromProto(StreamOpen open) {
    if (!open.hasInputFormat()) {
      throw PipelineException.of(ErrorKind.INVALID_AUDIO,
          "open.input_format is required: the sample rate, channels and format of every chunk");
    }
    AudioFormat format = AudioWire.format(open.getInputFormat(), "open.input_format");
    return new OpenStreamRequest(ManifestWire.fromProto(open.getManifest()), format,
        ExecutionWire.fromProto(open.getLimits()));
  }

  /** Builds a {@code chunk} message. */
  public static StreamRequest chunk(long sequence, AudioBuffer audio) {
    return chunk(sequence, audio, 0);
  }

  /**
   * Builds a {@code chunk} message that also acknowledges the first {@code resultsReceived}
   * results of a resumable session.
   */
  public static StreamRequest chunk(long sequence, AudioBuffer audio, long resultsReceived) {
    return StreamRequest.newBuilder().setChunk(StreamChunk.newBuilder()
            .setSequence(sequence)
            .setAudio(AudioWire.toProto(audio))
            .setResultsReceived(resultsReceived))
        .build();
  }

  /**
   * Builds the {@code resume} message that continues a session on a new call.
   *
   * @param resumeToken the token the session's {@code ready} gave
   * @param resultsReceived how many results the client has received (the server replays the
   *     rest)
   */
  public static StreamRequest resume(String resumeToken, long resultsReceived,
      String protocolVersion) {
    return StreamRequest.newBuilder().setResume(StreamResume.newBuilder()
            .setResumeToken(resumeToken)
            .setResultsReceived(resultsReceived)
            .setClientProtocolVersion(protocolVersion))
        .build();
  }

  /**
   * Decodes a chunk's audio.
   *
   * @throws PipelineException INVALID_AUDIO naming the chunk's sequence and the bad field
   */
  public static AudioBuffer audioOf(StreamChunk chunk) {
    String where = "chunk " + Long.toUnsignedString(chunk.getSequence()) + " audio";
    if (!chunk.hasAudio()) {
      throw PipelineException.of(ErrorKind.INVALID_AUDIO, where + " is missing");
    }
    return AudioWire.fromProto(chunk.getAudio(), where);
  }

  /** The {@code close} message: flush and end the session. */
  public static StreamRequest close() {
    return StreamRequest.newBuilder().setClose(StreamClose.getDefaultInstance()).build();
  }

  /** The {@code cancel} message, with the reason for the server's log. */
  public static StreamRequest cancel(String reason) {
    return StreamRequest.newBuilder()
        .setCancel(StreamCancel.newBuilder().setReason(reason))
        .build();
  }

  /** The {@code ready} message for session {@code sessionId}, which cannot be resumed. */
  public static StreamResponse ready(String sessionId) {
    return ready(sessionId, "", 0);
  }

  /**
   * The {@code ready} message of a resumable session: {@code resumeToken} resumes it within
   * {@code resumeWindowMs} of a broken connection.
   */
  public static StreamResponse ready(String sessionId, String resumeToken,
      long resumeWindowMs) {
    return StreamResponse.newBuilder()
        .setReady(StreamReady.newBuilder()
            .setSessionId(sessionId)
            .setResumeToken(resumeToken)
            .setResumeWindowMs(resumeWindowMs))
        .build();
  }

  /**
   * The {@code resumed} message: the session continues on this call, expects chunk {@code
   * nextChunkSequence} next, and replays {@code replayedResults} results after this message.
   */
  public static StreamResponse resumed(String sessionId, long nextChunkSequence,
      long replayedResults) {
    return StreamResponse.newBuilder()
        .setResumed(StreamResumed.newBuilder()
            .setSessionId(sessionId)
            .setNextChunkSequence(nextChunkSequence)
            .setReplayedResults(replayedResults))
        .build();
  }

  /** The {@code draining} message: the server closes the stream in {@code deadlineMs}. */
  public static StreamResponse draining(long deadlineMs) {
    return StreamResponse.newBuilder()
        .setDraining(StreamDraining.newBuilder().setDeadlineMs(deadlineMs))
        .build();
  }

  /** Encodes one chunk's result. */
  public static StreamResponse toProto(StreamResult result) {
    io.remotemedia.proto.StreamResult.Builder builder =
        io.remotemedia.proto.StreamResult.newBuilder().setSequence(result.sequence());
    result.audioOutputs().forEach((id, audio) ->
        builder.putAudioOutputs(id, AudioWire.toProto(audio)));
    result.dataOutputs().forEach((id, data) ->
        builder.putDataOutputs(id, ManifestWire.toStruct(data)));
    return StreamResponse.newBuilder().setResult(builder).build();
  }

  /**
   * Decodes one chunk's result.
   *
   * @throws PipelineException INVALID_AUDIO for malformed audio
   */
  public static StreamResult fromProto(io.remotemedia.proto.StreamResult result) {
    String where = "result " + Long.toUnsignedString(result.getSequence()) + " audio_outputs";
    return new StreamResult(result.getSequence(),
        audio(result.getAudioOutputsMap(), where), data(result.getDataOutputsMap()));
  }

  /** Encodes the end of a session: the tails, final data and metrics. */
  public static StreamResponse closed(ExecutionResult result) {
    StreamClosed.Builder builder = StreamClosed.newBuilder()
        .setMetrics(ExecutionWire.toProto(result.metrics()));
    result.audioOutputs().forEach((id, audio) ->
        builder.putAudioOutputs(id, AudioWire.toProto(audio)));
    result.dataOutputs().forEach((id, data) ->
        builder.putDataOutputs(id, ManifestWire.toStruct(data)));
    return StreamResponse.newBuilder().setClosed(builder).build();
  }

  /**
   * Decodes the end of a session.
   *
   * @throws PipelineException INVALID_AUDIO for malformed audio
   */
  public static ExecutionResult fromProto(StreamClosed closed) {
    return new ExecutionResult(audio(closed.getAudioOutputsMap(), "closed audio_outputs"),
        data(closed.getDataOutputsMap()), ExecutionWire.fromProto(closed.getMetrics()));
  }

  private static Map<String, AudioBuffer> audio(
      Map<String, io.remotemedia.proto.AudioBuffer> wire, String where) {
    Map<String, AudioBuffer> audio = new LinkedHashMap<>();
    wire.forEach((id, buffer) ->
        audio.put(id, AudioWire.fromProto(buffer, where + "[\"" + id + "\"]")));
    return audio;
  }

  private static Map<String, Map<String, Object>> data(
      Map<String, com.google.protobuf.Struct> wire) {
    Map<String, Map<String, Object>> data = new LinkedHashMap<>();
    wire.forEach((id, struct) -> data.put(id, ManifestWire.fromStruct(struct)));
    return data;
  }
}
