package io.remotemedia.server.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scraped Prometheus text exposition, and the value of one series in it. */
public record Exposition(String text) {
  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** Scrapes {@code http://127.0.0.1:port/metrics}, which must answer 200. */
  public static Exposition scrape(int port) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError("/metrics answered " + response.statusCode());
    }
    return new Exposition(response.body());
  }

  /**
   * As {@link #scrape(int)}, for use in lambdas: a failed scrape or an interrupt fails the test
   * with an AssertionError.
   */
  public static Exposition scrapeOrFail(int port) {
    try {
      return scrape(port);
    } catch (IOException e) {
      throw new AssertionError("scrape failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Returns the value of {@code name} with exactly {@code labels}, or 0 if it is absent. */
  public double value(String name, Map<String, String> labels) {
    for (String line : text.split("\n")) {
      Matcher sample = SAMPLE.matcher(line);
      if (sample.matches() && sample.group(1).equals(name)
          && parseLabels(sample.group(2)).equals(labels)) {
        return Double.parseDouble(sample.group(3));
      }
    }
    return 0;
  }

  /** Returns the value of the unlabelled series {@code name}, or 0 if it is absent. */
  public double value(String name) {
    return value(name, Map.of());
  }

  /** Returns whether any series of {@code name} is exported. */
  public boolean has(String name) {
    return text.lines().anyMatch(line -> line.startsWith(name + " ") || line.startsWith(name
        + "{"));
  }

  private static Map<String, String> parseLabels(String text) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (text != null) {
      Matcher label = LABEL.matcher(text);
      while (label.find()) {
        labels.put(label.group(1), label.group(2));
      }
    }
    return labels;
  }
}
