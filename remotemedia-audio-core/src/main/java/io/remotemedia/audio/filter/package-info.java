/**
 * Filters: the RBJ Audio EQ Cookbook biquads ({@link io.remotemedia.audio.filter.BiquadNode}:
 * low-pass, high-pass, band-pass, notch, shelves and peaking EQ, cascadable) and a one-pole
 * DC blocker ({@link io.remotemedia.audio.filter.DcBlockerNode}). Coefficients are computed
 * and state is kept in double precision; samples in and out are float.
 */
package io.remotemedia.audio.filter;
