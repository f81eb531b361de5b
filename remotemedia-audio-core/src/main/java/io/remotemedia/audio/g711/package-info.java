/**
 * ITU-T G.711 companding: {@link io.remotemedia.audio.g711.G711Law} encodes float samples to
 * 8-bit μ-law or A-law codes and decodes them back, at any sample rate and channel count (each
 * sample is coded on its own). WAV files (format tags 7 and 6) and the wire use it.
 */
package io.remotemedia.audio.g711;
