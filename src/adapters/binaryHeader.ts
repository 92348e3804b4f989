/**
 * The start of alvh's binary cache files (dataCache.ts, chains/dayCache.ts): an 8-byte
 * magic string, the JSON header's length (u32 LE), the header, padding to 8 bytes (so that
 * the float64 columns after it are aligned).
 */

/** A buffer of `bodyBytes` more bytes than the header takes, the header written; `start`: where the body begins. */
export function withHeader(magic: string, header: unknown, bodyBytes: number, fill = 0): { out: Buffer; start: number } {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const start = Math.ceil((magic.length + 4 + json.length) / 8) * 8;
  const out = Buffer.alloc(start + bodyBytes, fill);
  out.write(magic, 0, 'latin1');
  out.writeUInt32LE(json.length, magic.length);
  json.copy(out, magic.length + 4);
  return { out, start };
}

/** The header of `buf` and where its body begins, or null when it is not such a file. */
export function readHeader<T>(buf: Buffer, magic: string): { header: T; start: number } | null {
  if (buf.length < magic.length + 4 || buf.toString('latin1', 0, magic.length) !== magic) return null;
  const len = buf.readUInt32LE(magic.length);
  try {
    return { header: JSON.parse(buf.toString('utf8', magic.length + 4, magic.length + 4 + len)) as T, start: Math.ceil((magic.length + 4 + len) / 8) * 8 };
  } catch {
    return null;
  }
}
