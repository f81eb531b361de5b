package io.remotemedia.audio.vad;

import java.io.BufferedWriter;
import java.io.FileWriter;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Tuning tool, not part of the build: writes the VAD kernel's raw per-hop features for 16 kHz
 * mono 16-bit WAV files (44-byte header, as generate.py writes them) as CSV lines
 * {@code fileIndex,hop,lrt,periodicity,snrDb,relativeDb,shapeSpreadDb,probability}. It lives
 * in the kernel's package to reach the package-private kernel; see fit.sh.
 */
public final class DumpFeatures {
  public static void main(String[] args) throws Exception {
    try (PrintWriter out = new PrintWriter(new BufferedWriter(new FileWriter(args[0])))) {
      for (int f = 1; f < args.length; f++) {
        byte[] bytes = Files.readAllBytes(Path.of(args[f]));
        ShortBuffer pcm = ByteBuffer.wrap(bytes, 44, bytes.length - 44)
            .order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        float[] x = new float[pcm.remaining()];
        for (int i = 0; i < x.length; i++) {
          x[i] = pcm.get(i) / 32768f;
        }
        VadKernel kernel = new VadKernel(16000);
        for (int hop = 0; (hop + 1) * 160 <= x.length; hop++) {
          float p = kernel.hop(x, hop * 160);
          out.println(f + "," + hop + "," + kernel.features[0] + "," + kernel.features[1] + ","
              + kernel.features[2] + "," + kernel.features[3] + "," + kernel.features[4] + "," + p);
        }
      }
    }
  }
}
