/**
 * The streaming lifecycle every DSP node follows: {@code configure}, {@code process},
 * {@code flush} and {@code reset}, over interleaved float frames. Modelled on Media3's
 * {@code AudioProcessor}; see {@link io.remotemedia.audio.node.AudioNode}.
 */
package io.remotemedia.audio.node;
