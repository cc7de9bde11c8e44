/**
 * The text of the element being read, for the streaming GPX and TCX decoders: started when a
 * wanted element opens, taken (and cleared) when it closes. Bounded, so a hostile file cannot
 * grow one value without limit (a name, a time or a number never needs more).
 */
export interface TextCapture {
  /** begin collecting the text of the element that just opened */
  start(): void;
  /** add a text chunk (ignored when nothing is being collected or the cap is reached) */
  append(text: string): void;
  /** the collected text, or null when nothing was being collected; collecting stops */
  take(): string | null;
}

export function createTextCapture(maxChars: number): TextCapture {
  let value: string | null = null;
  return {
    start() {
      value = '';
    },
    append(text) {
      if (value !== null && value.length < maxChars) value += text.slice(0, maxChars - value.length);
    },
    take() {
      const taken = value;
      value = null;
      return taken;
    },
  };
}
