/** Gain: a fixed level change in decibels. */
package io.remotemedia.audio.gain;
