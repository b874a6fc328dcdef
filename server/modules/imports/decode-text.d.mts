// Types for decode-text.mjs (plain JavaScript, shared with the parse worker).
export function decodeText(buf: Uint8Array): string;
