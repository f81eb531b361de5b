package io.remotemedia.server.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileKindTest {

  /** Each row: the first bytes as hex, what they are. */
  @ParameterizedTest
  @CsvSource({
      "52494646 24000000 57415645 666d7420, WAV",          // RIFF....WAVEfmt
      "52494646 24000000 41564920 4c495354, RIFF_OTHER",   // RIFF....AVI LIST
      "52494646 0102, WAV",                                // truncated: the reader says so
      "52463634 ffffffff 57415645, RF64",
      "49443303 00000000 0f76, MP3",                       // ID3v2.3 tag
      "fffb9064 0000, MP3",                                // MPEG-1 layer III frame sync
      "fff15080 2c7f, AAC",                                // ADTS: layer bits 00
      "4f676753 00020000 00000000 00000000 00000000 00000000 00000000 011e0176 6f726269 7300,"
          + " OGG",                                        // an Ogg Vorbis first page
      "4f676753 00020000, OGG_OPUS",                       // too short to tell: the reader says so
      "664c6143 00000022, FLAC",
      "464f524d 0000a4c2 41494646 434f4d4d, AIFF",
      "464f524d 0000a4c2 41494643 46564552, AIFF",         // AIFF-C
      "2e736e64 00000018, AU",
      "63616666 00010000, CAF",
      "00000020 66747970 4d344120, MP4",                   // ....ftypM4A
      "1a45dfa3 9f428681, MATROSKA",
      "3026b275 8e66cf11, ASF",
      "2321414d 520a, AMR",
      "7b0a2020 2276, TEXT",                               // {\\n  "v
      "00010203 0405, UNKNOWN"})
  void of_firstBytes_namesTheFormat(String hex, FileKind expected) {
    assertThat(FileKind.of(bytes(hex))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "MP3 | in.mp3 | ffmpeg -i in.mp3 in.wav"
          + "  (or: sox in.mp3 in.wav, with Debian's libsox-fmt-mp3)",
      "FLAC | dir/take 1.flac | ffmpeg -i 'dir/take 1.flac' 'dir/take 1.wav'"
          + "  (or: sox 'dir/take 1.flac' 'dir/take 1.wav')",
      "MP4 | voice | ffmpeg -i voice voice.wav",
      "RIFF_OTHER | clip.wav | ffmpeg -i clip.wav clip-converted.wav",
      "TEXT | in.json | ''"})
  void conversionHint_convertsBesideTheInput(FileKind kind, String file, String expected) {
    assertThat(kind.conversionHint(Path.of(file))).isEqualTo(expected);
  }

  private static byte[] bytes(String hex) {
    String digits = hex.replace(" ", "");
    byte[] bytes = new byte[digits.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
    }
    return bytes;
  }
}
