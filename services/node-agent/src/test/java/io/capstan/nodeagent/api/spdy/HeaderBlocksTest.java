package io.capstan.nodeagent.api.spdy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** SPDY/3 header blocks: the dictionary's size and a round trip across several blocks of one stream. */
class HeaderBlocksTest {

  @Test
  void theDictionaryIsTheSpecifications1423Bytes() {
    assertThat(HeaderBlocks.DICTIONARY).hasSize(1423);
    assertThat(new String(HeaderBlocks.DICTIONARY, 4, 7)).isEqualTo("options");
    assertThat(new String(HeaderBlocks.DICTIONARY, 1423 - 6, 6)).isEqualTo("enq=0.");
  }

  @Test
  void blocksWrittenOnOneStreamReadBackInOrder() throws Exception {
    HeaderBlocks writer = new HeaderBlocks();
    HeaderBlocks reader = new HeaderBlocks();
    Map<String, String> first = new LinkedHashMap<>();
    first.put("streamtype", "error");
    first.put("port", "8080");
    first.put("requestid", "0");
    Map<String, String> second = Map.of("streamtype", "data", "port", "8080", "requestid", "0");
    byte[] a = writer.write(first);
    byte[] b = writer.write(second);
    assertThat(reader.read(a, 0, a.length)).isEqualTo(first);
    assertThat(reader.read(b, 0, b.length)).isEqualTo(second);
  }

  @Test
  void readsABlockCompressedByAnotherZlibWithTheDictionary() throws Exception {
    // As Go's zlib writes it: a fresh stream primed with the dictionary, sync-flushed.
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
    d.setDictionary(HeaderBlocks.DICTIONARY);
    byte[] plain = {0, 0, 0, 1, 0, 0, 0, 4, 'p', 'o', 'r', 't', 0, 0, 0, 2, '8', '0'};
    d.setInput(plain);
    byte[] out = new byte[256];
    int n = d.deflate(out, 0, out.length, Deflater.SYNC_FLUSH);
    assertThat(new HeaderBlocks().read(out, 0, n)).containsExactly(Map.entry("port", "80"));
  }
}
