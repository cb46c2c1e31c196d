package io.capstan.nodeagent.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.nodeagent.runtime.ContainerRuntime.LogOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubelet's reading of CRI log files, on files written as conmon's k8s-file driver writes them. */
class CriLogReaderTest {
  @TempDir Path dir;

  /**
   * {@code while true; do cat /cfg/greeting; echo; sleep 3; done} with a greeting without a
   * newline, and a line on stderr in two pieces: conmon writes a partial record per piece.
   */
  static final String GREETINGS = """
      2026-11-26T07:10:31.123456789+00:00 stdout P two
      2026-11-26T07:10:31.123500000+00:00 stdout F\s
      2026-11-26T07:10:34.2+00:00 stderr P warn
      2026-11-26T07:10:34.3Z stderr F ing
      2026-11-26T07:10:37.000000001+00:00 stdout P three
      2026-11-26T07:10:37.000000002+00:00 stdout F\s
      """;

  Path file(String content) throws IOException {
    return Files.writeString(dir.resolve("ctr.log"), content);
  }

  static String read(Path file, LogOptions options) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new CriLogReader(file, options).copyTo(out, false, () -> false);
    return out.toString(StandardCharsets.UTF_8);
  }

  static LogOptions options(Integer tail, boolean timestamps, Instant since, Long limitBytes) {
    return new LogOptions(tail, timestamps, since, limitBytes);
  }

  @Test
  void joinsPartialRecordsIntoTheirLines() throws IOException {
    assertThat(read(file(GREETINGS), LogOptions.all())).isEqualTo("two\nwarning\nthree\n");
  }

  @Test
  void stampsEachLineOnceWithNanosecondsInUtc() throws IOException {
    assertThat(read(file(GREETINGS), options(null, true, null, null))).isEqualTo("""
        2026-11-26T07:10:31.123456789Z two
        2026-11-26T07:10:34.200000000Z warning
        2026-11-26T07:10:37.000000001Z three
        """);
  }

  @Test
  void aTimeWithAnOffsetIsPrintedInUtc() throws IOException {
    Path f = file("2026-11-26T08:10:31.5+01:00 stdout F one\n");
    assertThat(read(f, options(null, true, null, null))).isEqualTo("2026-11-26T07:10:31.500000000Z one\n");
  }

  @Test
  void tailCountsTheFilesLinesFromTheEnd() throws IOException {
    Path f = file(GREETINGS);
    assertThat(read(f, options(2, false, null, null))).isEqualTo("three\n");
    assertThat(read(f, options(3, true, null, null)))
        .as("the tail starts with the second piece of a line, which then gets the timestamp")
        .isEqualTo("2026-11-26T07:10:34.300000000Z ing\n2026-11-26T07:10:37.000000001Z three\n");
    assertThat(read(f, options(0, false, null, null))).isEmpty();
    assertThat(read(f, options(100, false, null, null))).isEqualTo("two\nwarning\nthree\n");
  }

  @Test
  void tailFindsLinesAcrossBlocksAndStopsAtItsCountBeforeAnUnfinishedRecord() throws IOException {
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < 2000; i++) log.append("2026-11-26T07:10:31.000000000Z stdout F line-").append(i).append('\n');
    log.append("2026-11-26T07:10:32.000000000Z stdout F unfini");
    Path f = file(log.toString());
    String tail = read(f, options(500, false, null, null));
    assertThat(tail).startsWith("line-1500\nline-1501\n").endsWith("line-1999\n");
    assertThat(tail.lines()).hasSize(500);
    assertThat(read(f, LogOptions.all())).startsWith("line-0\n").endsWith("line-1999\nunfini");
  }

  @Test
  void sinceLeavesOutEarlierRecords() throws IOException {
    Path f = file(GREETINGS);
    assertThat(read(f, options(null, false, Instant.parse("2026-11-26T07:10:34.2Z"), null)))
        .isEqualTo("warning\nthree\n");
    assertThat(read(f, options(null, true, Instant.parse("2026-11-26T07:10:34.25Z"), null)))
        .as("the piece before `since` is left out, so the line's rest has no timestamp")
        .isEqualTo("ing\n2026-11-26T07:10:37.000000001Z three\n");
  }

  @Test
  void limitBytesCutsTheOutputTimestampsIncluded() throws IOException {
    Path f = file(GREETINGS);
    assertThat(read(f, options(null, false, null, 6L))).isEqualTo("two\nwa");
    assertThat(read(f, options(null, true, null, 10L))).isEqualTo("2026-11-26");
    assertThat(read(f, options(null, true, null, 33L))).isEqualTo("2026-11-26T07:10:31.123456789Z tw");
  }

  @Test
  void skipsLinesThatAreNotRecords() throws IOException {
    Path f = file("""
        garbage
        2026-11-26T07:10:31Z stdout F one
        2026-11-26T07:10:31Z console F not a stream
        not-a-time stdout F nope
        2026-11-26T07:10:32Z stderr F two
        """);
    assertThat(read(f, LogOptions.all())).isEqualTo("one\ntwo\n");
  }

  @Test
  void aContainerThatNeverStartedHasAnEmptyLog() throws IOException {
    assertThat(read(dir.resolve("absent.log"), LogOptions.all())).isEmpty();
  }

  @Test
  void followingSeesAppendedRecordsAndEndsWhenTheContainerStops() throws Exception {
    Path f = file("2026-11-26T07:10:31.000000000Z stdout F first\n");
    AtomicBoolean running = new AtomicBoolean(true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompletableFuture<Void> follow = follow(f, options(null, true, null, null), out, running);
    await().atMost(Duration.ofSeconds(5)).until(() -> out.toString(StandardCharsets.UTF_8).contains("first\n"));
    append(f, "2026-11-26T07:10:32.000000000Z stdout P sec");
    append(f, "ond\n2026-11-26T07:10:32.100000000Z stdout F  half\n");
    await().atMost(Duration.ofSeconds(5)).until(() -> out.toString(StandardCharsets.UTF_8).contains("second half\n"));
    assertThat(follow).isNotDone();
    append(f, "2026-11-26T07:10:33.000000000Z stderr F last words\n");
    running.set(false);
    follow.get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("""
        2026-11-26T07:10:31.000000000Z first
        2026-11-26T07:10:32.000000000Z second half
        2026-11-26T07:10:33.000000000Z last words
        """);
  }

  @Test
  void followingGoesOnWithTheNewFileWhenTheLogIsRotated() throws Exception {
    Path f = file("2026-11-26T07:10:31.000000000Z stdout F first\n");
    AtomicBoolean running = new AtomicBoolean(true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompletableFuture<Void> follow = follow(f, LogOptions.all(), out, running);
    await().atMost(Duration.ofSeconds(5)).until(() -> out.toString(StandardCharsets.UTF_8).contains("first\n"));
    // As the rotation does it: the file is renamed, the runtime writes on to it until it reopens
    // the log, then to a new file at the old path; a line may be split across the two.
    Path rotated = Files.move(f, dir.resolve("ctr.log.20261126-071032"));
    append(rotated, "2026-11-26T07:10:32.000000000Z stdout F still the old file\n");
    // The reader follows the renamed file: the split record starts only once it has read that far.
    await().atMost(Duration.ofSeconds(5)).until(() -> out.toString(StandardCharsets.UTF_8).contains("still the old file\n"));
    append(rotated, "2026-11-26T07:10:32.100000000Z stdout P split ");
    file("2026-11-26T07:10:32.200000000Z stdout F across files\n2026-11-26T07:10:33.000000000Z stdout F new\n");
    await().atMost(Duration.ofSeconds(5)).until(() -> out.toString(StandardCharsets.UTF_8).contains("new\n"));
    append(f, "2026-11-26T07:10:34.000000000Z stdout F last\n");
    running.set(false);
    follow.get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("""
        first
        still the old file
        split across files
        new
        last
        """);
  }

  @Test
  void followingAStoppedContainerSendsItsLogAndEnds() throws Exception {
    Path f = file(GREETINGS);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new CriLogReader(f, options(2, false, null, null)).copyTo(out, true, () -> false);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("three\n");
  }

  /** Follows the file on another thread, polling every 5 ms, until {@code running} turns false. */
  static CompletableFuture<Void> follow(Path f, LogOptions options, ByteArrayOutputStream out, AtomicBoolean running) {
    CriLogReader reader = new CriLogReader(f, options, Duration.ofMillis(5), Duration.ofMillis(20));
    return CompletableFuture.runAsync(() -> {
      try {
        reader.copyTo(out, true, running::get);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  static void append(Path f, String s) throws IOException {
    Files.writeString(f, s, StandardOpenOption.APPEND);
  }
}
