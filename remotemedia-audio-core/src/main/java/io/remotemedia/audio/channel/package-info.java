/**
 * Channel layout changes: {@link io.remotemedia.audio.channel.ChannelMapNode} down-mixes to
 * mono (average or equal-power), up-mixes mono to stereo, or selects and reorders channels
 * through a map.
 */
package io.remotemedia.audio.channel;
