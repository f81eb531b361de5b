/** Mix: sums several aligned inputs into one stream. */
package io.remotemedia.audio.mix;
