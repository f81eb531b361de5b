package io.remotemedia.pipeline.report;

/**
 * A node's non-audio result. Each built-in node type that reports has a record of its own;
 * {@link CustomReport} carries the result of a node type this release does not model.
 *
 * <pre>{@code
 * ExecutionResult result = runner.execute(request);
 * for (SpeechSegment speech : result.report("vad", VadReport.class).segments()) {
 *   System.out.println(speech.startMs() + " to " + speech.endMs() + " ms");
 * }
 * }</pre>
 *
 * <p>Reports are immutable values: two reports of the same content are equal, whether a node
 * produced them in this JVM or a server sent them.
 */
public sealed interface NodeReport
    permits VadReport, VadEventReport, NormalizeReport, CustomReport {}
