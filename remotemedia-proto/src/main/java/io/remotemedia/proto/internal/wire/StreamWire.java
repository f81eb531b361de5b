package io.remotemedia.proto.internal.wire;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.StreamResult;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.pipeline.encoding.EncodedAudio;
import io.remotemedia.pipeline.encoding.StreamAudioDecoder;
import io.remotemedia.pipeline.encoding.StreamAudioEncoder;
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
import java.util.HashMap;
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

  /**
   * Builds the {@code open} message of a stream.
   *
   * @param request the domain request
   * @param protocolVersion the client's protocol version, which the server checks
   * @return the {@code open} message
   */
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
                .setFormat(AudioWire.toProto(format.sampleFormat())))
            .putAllOutputEncodings(outputEncodings(request)))
        .build();
  }

  private static Map<String, io.remotemedia.proto.OutputEncoding> outputEncodings(
      OpenStreamRequest request) {
    Map<String, io.remotemedia.proto.OutputEncoding> wire = new LinkedHashMap<>();
    request.outputEncodings().forEach((sink, encoding) ->
        wire.put(sink, EncodingWire.toProto(encoding)));
    return wire;
  }

  /**
   * Decodes an {@code open} message, checking the declared input format.
   *
   * @param open the wire message
   * @return the domain request
   * @throws PipelineException INVALID_AUDIO when {@code input_format} is missing or invalid,
   *     names an encoding, or carries audio (the message names the field), VALIDATION for a
   *     missing or malformed manifest or an output encoding a stream cannot give (Ogg Opus,
   *     an unknown encoding)
   */
  public static OpenStreamRequest fromProto(StreamOpen open) {
    PipelineManifest manifest = ManifestWire.required(open.hasManifest(), open.getManifest(),
        "open.manifest", "the pipeline to run on the stream");
    if (!open.hasInputFormat()) {
      throw PipelineException.of(ErrorKind.INVALID_AUDIO,
          "open.input_format is required: the sample rate, channels and format of every chunk");
    }
    AudioFormat format = AudioWire.declaredFormat(open.getInputFormat(), "open.input_format");
    return new OpenStreamRequest(manifest, format,
        ExecutionWire.fromProto(open.getLimits()),
        EncodingWire.fromProto(open.getOutputEncodingsMap()));
  }

  /**
   * Builds a {@code chunk} message.
   *
   * @param sequence 0 for the first chunk, then one more per chunk
   * @param audio the chunk's audio
   * @return the {@code chunk} message
   */
  public static StreamRequest chunk(long sequence, AudioBuffer audio) {
    return chunk(sequence, audio, 0);
  }

  /**
   * Builds a {@code chunk} message that also acknowledges the first {@code resultsReceived}
   * results of a resumable session.
   */
  public static StreamRequest chunk(long sequence, AudioBuffer audio, long resultsReceived) {
    return chunk(sequence, AudioWire.toProto(audio), resultsReceived);
  }

  /**
   * Builds a {@code chunk} message of audio already in its wire form (PCM or coded), which
   * also acknowledges the first {@code resultsReceived} results of a resumable session.
   *
   * @param sequence 0 for the first chunk, then one more per chunk
   * @param audio the chunk's wire audio
   * @param resultsReceived how many results the client has received
   * @return the {@code chunk} message
   */
  public static StreamRequest chunk(long sequence, io.remotemedia.proto.AudioBuffer audio,
      long resultsReceived) {
    return StreamRequest.newBuilder().setChunk(StreamChunk.newBuilder()
            .setSequence(sequence)
            .setAudio(audio)
            .setResultsReceived(resultsReceived))
        .build();
  }

  /**
   * Puts coded audio in its wire form for a stream's chunk: declared on the stream's sample
   * format {@code grid}, which its decoded samples must match.
   *
   * @param audio the coded chunk
   * @param grid the stream's input sample format
   * @return the wire audio
   */
  public static io.remotemedia.proto.AudioBuffer chunkAudio(EncodedAudio audio,
      SampleFormat grid) {
    return EncodingWire.toProto(audio, 0).toBuilder().setFormat(AudioWire.toProto(grid)).build();
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
   * @param chunk the wire chunk
   * @return the decoded audio
   * @throws PipelineException INVALID_AUDIO naming the chunk's sequence and the bad field
   */
  public static AudioBuffer audioOf(StreamChunk chunk) {
    String where = "chunk " + Long.toUnsignedString(chunk.getSequence()) + " audio";
    if (!chunk.hasAudio()) {
      throw PipelineException.of(ErrorKind.INVALID_AUDIO, where + " is missing");
    }
    return AudioWire.fromProto(chunk.getAudio(), where);
  }

  /**
   * Decodes a chunk's audio with the stream's decoder, so that coded audio keeps its decoder
   * state from chunk to chunk (Opus packets).
   *
   * @param chunk the chunk
   * @param decoder the stream's decoder
   * @return the decoded audio
   * @throws PipelineException INVALID_AUDIO naming the chunk's sequence, the problem and the
   *     byte offset
   */
  public static AudioBuffer audioOf(StreamChunk chunk, StreamAudioDecoder decoder) {
    if (!chunk.hasAudio() || !EncodingWire.isEncoded(chunk.getAudio())) {
      return audioOf(chunk);
    }
    String where = "chunk " + Long.toUnsignedString(chunk.getSequence()) + " audio";
    io.remotemedia.proto.AudioBuffer wire = chunk.getAudio();
    return decoder.decode(EncodingWire.fromProto(wire, where), EncodingWire.grid(wire, where),
        where);
  }

  /** {@return the {@code close} message: flush and end the session} */
  public static StreamRequest close() {
    return StreamRequest.newBuilder().setClose(StreamClose.getDefaultInstance()).build();
  }

  /**
   * {@return the {@code cancel} message, with the reason for the server's log}
   *
   * @param reason why the client cancels, for the server's log
   */
  public static StreamRequest cancel(String reason) {
    return StreamRequest.newBuilder()
        .setCancel(StreamCancel.newBuilder().setReason(reason))
        .build();
  }

  /**
   * {@return the {@code ready} message for session {@code sessionId}}
   *
   * @param sessionId the id the server gave the session
   */
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

  /**
   * {@return the {@code draining} message: the server closes the stream in {@code deadlineMs}}
   *
   * @param deadlineMs how long until the server closes the stream, in ms
   */
  public static StreamResponse draining(long deadlineMs) {
    return StreamResponse.newBuilder()
        .setDraining(StreamDraining.newBuilder().setDeadlineMs(deadlineMs))
        .build();
  }

  /**
   * Encodes one chunk's result.
   *
   * @param result the domain result of one chunk
   * @return the {@code result} message
   */
  public static StreamResponse toProto(StreamResult result) {
    io.remotemedia.proto.StreamResult.Builder builder =
        io.remotemedia.proto.StreamResult.newBuilder().setSequence(result.sequence());
    builder.putAllAudioOutputs(audioToProto(result.audioOutputs(), result.encodedOutputs()));
    // Most chunks report nothing: skip the empty map (and its mutable copy) on their way out.
    if (!result.dataOutputs().isEmpty()) {
      builder.putAllDataOutputs(ReportWire.toProto(result.dataOutputs()));
    }
    return StreamResponse.newBuilder().setResult(builder).build();
  }

  /**
   * Decodes one chunk's result.
   *
   * @param result the server's result message
   * @param manifest the manifest the stream was opened with, which names the type of each node
   *     that reports data ({@link ReportWire})
   * @return the result, with typed node reports
   * @throws PipelineException INVALID_AUDIO for malformed audio, PROTOCOL_MISMATCH for a node
   *     report not in its documented shape
   */
  public static StreamResult fromProto(io.remotemedia.proto.StreamResult result,
      PipelineManifest manifest) {
    return fromProto(result, manifest, new HashMap<>());
  }

  /**
   * Decodes one chunk's result of a stream whose outputs may be coded: each coded sink's audio
   * is decoded by that sink's decoder in {@code decoders} (made at its first coded result and
   * kept, so Opus state carries from result to result) and also kept as it came, in {@link
   * StreamResult#encodedOutputs()}.
   *
   * @param result the server's result message
   * @param manifest the manifest the stream was opened with
   * @param decoders the stream's decoders per sink id; results must be decoded in order, each
   *     once
   * @return the result, with typed node reports
   * @throws PipelineException INVALID_AUDIO for malformed or undecodable audio,
   *     PROTOCOL_MISMATCH for a node report not in its documented shape
   */
  public static StreamResult fromProto(io.remotemedia.proto.StreamResult result,
      PipelineManifest manifest, Map<String, StreamAudioDecoder> decoders) {
    String where = "result " + Long.toUnsignedString(result.getSequence());
    Map<String, EncodedAudio> coded = new LinkedHashMap<>();
    return new StreamResult(result.getSequence(),
        audio(result.getAudioOutputsMap(), where + " audio_outputs", decoders, coded),
        ReportWire.fromProto(result.getDataOutputsMap(), manifest, where + " data_outputs"),
        coded);
  }

  /**
   * Encodes the end of a session: the tails, final data and metrics.
   *
   * @param result the tails, final data and metrics of the session
   * @return the {@code closed} message
   */
  public static StreamResponse closed(ExecutionResult result) {
    StreamClosed.Builder builder = StreamClosed.newBuilder()
        .setMetrics(ExecutionWire.toProto(result.metrics()));
    builder.putAllAudioOutputs(audioToProto(result.audioOutputs(), result.encodedOutputs()));
    builder.putAllDataOutputs(ReportWire.toProto(result.dataOutputs()));
    return StreamResponse.newBuilder().setClosed(builder).build();
  }

  /** The sinks' audio for the wire: the coded bytes of the coded sinks, PCM for the others. */
  private static Map<String, io.remotemedia.proto.AudioBuffer> audioToProto(
      Map<String, AudioBuffer> pcm, Map<String, EncodedAudio> coded) {
    Map<String, io.remotemedia.proto.AudioBuffer> wire = new LinkedHashMap<>();
    coded.forEach((id, audio) ->
        wire.put(id, EncodingWire.toProto(audio, StreamAudioEncoder.decodedFrames(audio))));
    pcm.forEach((id, audio) -> {
      if (!coded.containsKey(id)) {
        wire.put(id, AudioWire.toProto(audio));
      }
    });
    return wire;
  }

  /**
   * Decodes the end of a session.
   *
   * @param closed the server's closing message
   * @param manifest the manifest the stream was opened with, which names the type of each node
   *     that reports data ({@link ReportWire})
   * @return the tails, typed node reports and metrics of the session
   * @throws PipelineException INVALID_AUDIO for malformed audio, PROTOCOL_MISMATCH for a node
   *     report not in its documented shape
   */
  public static ExecutionResult fromProto(StreamClosed closed, PipelineManifest manifest) {
    return fromProto(closed, manifest, new HashMap<>());
  }

  /**
   * Decodes the end of a stream whose outputs may be coded, with the decoders that decoded
   * its results ({@link #fromProto(io.remotemedia.proto.StreamResult, PipelineManifest,
   * Map)}).
   *
   * @param closed the server's closing message
   * @param manifest the manifest the stream was opened with
   * @param decoders the stream's decoders per sink id
   * @return the tails (decoded, and coded in {@link ExecutionResult#encodedOutputs()}), typed
   *     node reports and metrics of the session
   * @throws PipelineException as {@link #fromProto(StreamClosed, PipelineManifest)}
   */
  public static ExecutionResult fromProto(StreamClosed closed, PipelineManifest manifest,
      Map<String, StreamAudioDecoder> decoders) {
    Map<String, EncodedAudio> coded = new LinkedHashMap<>();
    Map<String, AudioBuffer> audio =
        audio(closed.getAudioOutputsMap(), "closed audio_outputs", decoders, coded);
    return new ExecutionResult(audio,
        ReportWire.fromProto(closed.getDataOutputsMap(), manifest, "closed data_outputs"),
        ExecutionWire.fromProto(closed.getMetrics()), coded);
  }

  private static Map<String, AudioBuffer> audio(
      Map<String, io.remotemedia.proto.AudioBuffer> wire, String where,
      Map<String, StreamAudioDecoder> decoders, Map<String, EncodedAudio> coded) {
    Map<String, AudioBuffer> audio = new LinkedHashMap<>();
    wire.forEach((id, buffer) -> {
      String name = where + "[\"" + id + "\"]";
      if (EncodingWire.isEncoded(buffer)) {
        EncodedAudio encoded = EncodingWire.fromProto(buffer, name);
        coded.put(id, encoded);
        audio.put(id, decoders.computeIfAbsent(id, sink -> new StreamAudioDecoder())
            .decode(encoded, EncodingWire.grid(buffer, name), name));
      } else {
        audio.put(id, AudioWire.fromProto(buffer, name));
      }
    });
    return audio;
  }
}
