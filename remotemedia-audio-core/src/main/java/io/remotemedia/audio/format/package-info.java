/**
 * Sample-format conversion: {@link io.remotemedia.audio.format.AudioFormatConverterNode}
 * quantises float samples onto the grid of a 16 or 32-bit integer format, optionally with TPDF
 * dither, and counts clipped samples.
 */
package io.remotemedia.audio.format;
