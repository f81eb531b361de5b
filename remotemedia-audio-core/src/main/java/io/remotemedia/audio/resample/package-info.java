/**
 * Sample-rate conversion: {@link io.remotemedia.audio.resample.ResampleNode} converts any rate
 * from 8 kHz to 192 kHz to any other with a band-limited, linear-phase, delay-compensated
 * polyphase filter whose sharpness is set by {@link io.remotemedia.audio.resample.ResampleQuality}.
 */
package io.remotemedia.audio.resample;
