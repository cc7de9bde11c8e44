/**
 * The archive core's Inflater over the runtime's DecompressionStream (workerd: zlib in C++;
 * also in Node ≥ 20.12). Compressed slices are written as the decompressor takes them and its
 * output (4 KiB chunks in workerd) is read one chunk at a time, so a bomb never sits in memory:
 * the core checks every chunk and stops the stream by returning early.
 */
import type { Inflater } from '../core/archive';

export const nativeInflater: Inflater = {
  async *inflate(format, input) {
    const stream = new DecompressionStream(format);
    const writer = stream.writable.getWriter();
    const reader = stream.readable.getReader();
    const feeding = (async () => {
      try {
        for await (const chunk of input) await writer.write(chunk);
        await writer.close();
      } catch (error) {
        // a failed read ends the output with that error; a decompression error is already there
        await writer.abort(error).catch(() => undefined);
      }
    })();
    let done = false;
    try {
      for (;;) {
        const next = await reader.read();
        if (next.done) break;
        yield next.value;
      }
      done = true;
    } finally {
      // returned early or failed: cancel the decompressor, which stops the writes (and reads)
      if (!done) await reader.cancel().catch(() => undefined);
      await feeding;
    }
  },
};
