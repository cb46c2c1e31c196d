package io.capstan.nodeagent.api.spdy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * SPDY/3 name/value header blocks: a count, then length-prefixed names and values, compressed
 * with one zlib stream per direction for the whole connection, primed with the protocol's
 * dictionary (SPDY/3 §2.6.10.1) and flushed after every block. Not thread-safe: the reader and
 * the (synchronized) writer of a connection each own one direction.
 */
final class HeaderBlocks {
  /** Names the dictionary begins with, each written with a 4-byte length, as the specification lists them. */
  private static final String[] WORDS = {"options", "head", "post", "put", "delete", "trace", "accept",
      "accept-charset", "accept-encoding", "accept-language", "accept-ranges", "age", "allow", "authorization",
      "cache-control", "connection", "content-base", "content-encoding", "content-language", "content-length",
      "content-location", "content-md5", "content-range", "content-type", "date", "etag", "expect", "expires", "from",
      "host", "if-match", "if-modified-since", "if-none-match", "if-range", "if-unmodified-since", "last-modified",
      "location", "max-forwards", "pragma", "proxy-authenticate", "proxy-authorization", "range", "referer",
      "retry-after", "server", "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "vary", "via",
      "warning", "www-authenticate", "method", "get", "status", "200 OK", "version", "HTTP/1.1", "url", "public",
      "set-cookie", "keep-alive", "origin"};
  private static final String TAIL = "100101201202205206300302303304305306307402405406407408409410411412413414415416417"
      + "502504505203 Non-Authoritative Information204 No Content301 Moved Permanently400 Bad Request401 Unauthorized"
      + "403 Forbidden404 Not Found500 Internal Server Error501 Not Implemented503 Service UnavailableJan Feb Mar Apr"
      + " May Jun Jul Aug Sept Oct Nov Dec 00:00:00 Mon, Tue, Wed, Thu, Fri, Sat, Sun, GMTchunked,text/html,image/png,"
      + "image/jpg,image/gif,application/xml,application/xhtml+xml,text/plain,text/javascript,publicprivatemax-age="
      + "gzip,deflate,sdchcharset=utf-8charset=iso-8859-1,utf-,*,enq=0.";
  static final byte[] DICTIONARY = dictionary();
  private static final int MAX_HEADER_BYTES = 1 << 20;

  private final Inflater inflater = new Inflater();
  private final Deflater deflater = new Deflater();

  HeaderBlocks() {
    deflater.setDictionary(DICTIONARY);
  }

  private static byte[] dictionary() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String w : WORDS) {
      byte[] b = w.getBytes(StandardCharsets.ISO_8859_1);
      out.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
      out.writeBytes(b);
    }
    out.writeBytes(TAIL.getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }

  /** Decompresses and parses one block; multiple values of a name (NUL-separated) keep the first. */
  Map<String, String> read(byte[] compressed, int off, int len) throws IOException {
    inflater.setInput(compressed, off, len);
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    try {
      while (true) {
        int n = inflater.inflate(buf);
        if (n == 0) {
          if (!inflater.needsDictionary()) break; // all input consumed (or the stream ended)
          inflater.setDictionary(DICTIONARY);
          continue;
        }
        plain.write(buf, 0, n);
        if (plain.size() > MAX_HEADER_BYTES) throw new IOException("SPDY header block too large");
      }
    } catch (DataFormatException e) {
      throw new IOException("bad SPDY header block: " + e.getMessage(), e);
    }
    ByteBuffer b = ByteBuffer.wrap(plain.toByteArray());
    Map<String, String> headers = new LinkedHashMap<>();
    try {
      int count = b.getInt();
      for (int i = 0; i < count; i++) {
        String name = string(b);
        String value = string(b);
        int nul = value.indexOf('\0');
        headers.putIfAbsent(name, nul < 0 ? value : value.substring(0, nul));
      }
    } catch (RuntimeException e) {
      throw new IOException("truncated SPDY header block", e);
    }
    return headers;
  }

  private static String string(ByteBuffer b) {
    int len = b.getInt();
    byte[] s = new byte[len];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }

  /** Serializes and compresses one block (the compressor's state carries on to the next). */
  byte[] write(Map<String, String> headers) {
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    plain.writeBytes(ByteBuffer.allocate(4).putInt(headers.size()).array());
    headers.forEach((k, v) -> {
      for (String s : new String[] {k, v}) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        plain.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        plain.writeBytes(bytes);
      }
    });
    deflater.setInput(plain.toByteArray());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    int n;
    // SYNC_FLUSH until the output buffer is not filled: then all input is out.
    do {
      n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
      out.write(buf, 0, n);
    } while (n == buf.length);
    return out.toByteArray();
  }
}
