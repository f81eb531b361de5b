package io.remotemedia.audio.vad;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmenterTest {

  private static void feed(Segmenter segmenter, String decisions) {
    for (char c : decisions.toCharArray()) {
      segmenter.onFrame(c == '1');
    }
  }

  private static List<String> events(Segmenter segmenter) {
    VadEvent[] holders = {new VadEvent(), new VadEvent(), new VadEvent(), new VadEvent()};
    List<String> out = new ArrayList<>();
    int n;
    while ((n = segmenter.pollEvents(holders)) > 0) {
      for (int i = 0; i < n; i++) {
        out.add(holders[i].toString());
      }
    }
    return out;
  }

  @Test
  void onProbability_betweenTheThresholds_continuesSpeechButDoesNotStartIt() {
    VadMode mode = VadMode.NORMAL;
    float between = (mode.startThreshold() + mode.continueThreshold()) / 2;
    float above = (mode.startThreshold() + 1) / 2;
    // 10 ms frames, min speech 10 ms, min silence 10 ms (any silent frame ends a region),
    // no padding: the segments are exactly the frames decided as speech.
    Segmenter segmenter = new Segmenter(10, 10, 10, 0, 16);

    // Frames 0-4 between the thresholds after silence: never speech.
    for (int i = 0; i < 5; i++) {
      segmenter.onProbability(between, mode);
    }
    // Frames 5-6 above the start threshold, then 7-11 between: speech carries on through them.
    segmenter.onProbability(above, mode);
    segmenter.onProbability(above, mode);
    for (int i = 0; i < 5; i++) {
      segmenter.onProbability(between, mode);
    }
    // Frame 12 below the continue threshold ends it; frame 13 between does not restart it.
    segmenter.onProbability(mode.continueThreshold() / 2, mode);
    segmenter.onProbability(between, mode);
    segmenter.onProbability(0f, mode);
    segmenter.finish(150);

    assertThat(segmenter.segments()).containsExactly(new SpeechSegment(50, 120));
  }

  @Test
  void onProbability_afterReset_startsWithoutTheOldSpeechState() {
    VadMode mode = VadMode.NORMAL;
    float between = (mode.startThreshold() + mode.continueThreshold()) / 2;
    Segmenter segmenter = new Segmenter(10, 10, 10, 0, 16);
    segmenter.onProbability(1f, mode);

    segmenter.reset();
    for (int i = 0; i < 5; i++) {
      segmenter.onProbability(between, mode);
    }
    segmenter.finish(50);

    assertThat(segmenter.segments()).isEmpty();
  }

  @Test
  void modes_thresholds_areOrderedFromPermissiveToVeryAggressive() {
    VadMode[] modes = VadMode.values();
    for (int i = 0; i < modes.length; i++) {
      assertThat(modes[i].continueThreshold()).as("%s", modes[i])
          .isGreaterThan(0f).isLessThan(modes[i].startThreshold());
      assertThat(modes[i].startThreshold()).as("%s", modes[i]).isLessThan(1f);
      if (i > 0) {
        assertThat(modes[i].startThreshold()).as("%s", modes[i])
            .isGreaterThan(modes[i - 1].startThreshold());
        assertThat(modes[i].continueThreshold()).as("%s", modes[i])
            .isGreaterThan(modes[i - 1].continueThreshold());
      }
    }
  }

  @Test
  void onFrame_bridgesShortGapsDropsBlipsAndPads() {
    // 10 ms frames, min speech 30 ms (3 frames), min silence 50 ms (5 frames), padding 20 ms.
    Segmenter segmenter = new Segmenter(10, 30, 50, 20, 16);

    // speech 10-17, gap 18-20 (3 < 5: bridged), speech 21-24, silence, blip 35-36 (2 < 3).
    feed(segmenter, "0000000000" + "11111111" + "000" + "1111" + "0000000000" + "11"
        + "0000000000");
    segmenter.finish(470);

    // start = 10 * 10 - 20 = 80; end = (24 + 1) * 10 + 20 = 270.
    assertThat(segmenter.segments()).containsExactly(new SpeechSegment(80, 270));
    assertThat(events(segmenter)).containsExactly("SPEECH_START@80ms", "SPEECH_END@270ms");
  }

  @Test
  void onFrame_paddingLongerThanTheGap_clampsTheNextStartToThePreviousEnd() {
    // min speech and silence 1 frame, padding 50 ms: a segment closes after 5 silent frames.
    Segmenter segmenter = new Segmenter(10, 10, 10, 50, 16);

    feed(segmenter, "0000000000" + "111" + "0000000" + "111" + "00000000000000000000");
    segmenter.finish(430);

    // [100 - 50, 130 + 50) then [max(200 - 50, 180), 230 + 50).
    assertThat(segmenter.segments())
        .containsExactly(new SpeechSegment(50, 180), new SpeechSegment(180, 280));
  }

  @Test
  void finish_clampsAnOpenSegmentToTheStreamEnd() {
    Segmenter segmenter = new Segmenter(10, 10, 100, 30, 16);

    feed(segmenter, "00000" + "11111");
    segmenter.finish(100);

    assertThat(segmenter.segments()).containsExactly(new SpeechSegment(20, 100));
    assertThat(segmenter.frontierMs()).isEqualTo(100);
  }

  @Test
  void frontierMs_holdsBackWhileARegionIsUnconfirmed() {
    Segmenter segmenter = new Segmenter(10, 50, 50, 20, 16);

    feed(segmenter, "0000000000" + "11");
    // Region opened at frame 10, not yet 5 frames long: 100 - 20 = 80 ms is decided.
    assertThat(segmenter.frontierMs()).isEqualTo(80);
    feed(segmenter, "111");
    // Confirmed at frame 14: everything up to now (150 ms) is decided speech.
    assertThat(segmenter.frontierMs()).isEqualTo(150);
    assertThat(segmenter.openStartMs()).isEqualTo(80);
  }

  @Test
  void pollEvents_whenNobodyPolls_dropsTheOldestAndCountsThem() {
    Segmenter segmenter = new Segmenter(10, 10, 10, 0, 2);

    feed(segmenter, "0101010");

    assertThat(segmenter.droppedEvents()).isEqualTo(4);
    assertThat(events(segmenter)).containsExactly("SPEECH_START@50ms", "SPEECH_END@60ms");
  }
}
