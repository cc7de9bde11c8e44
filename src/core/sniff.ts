/** Content by magic bytes, never by file name (a name is user data). */
export type SniffedKind = 'fit' | 'zip' | 'gzip' | 'other';

export function sniffUpload(head: Uint8Array): SniffedKind {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05) && (head[3] === 0x04 || head[3] === 0x06)) return 'zip';
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 12 && (head[0] === 12 || head[0] === 14) && head[8] === 0x2e && head[9] === 0x46 && head[10] === 0x49 && head[11] === 0x54) return 'fit';
  return 'other';
}
