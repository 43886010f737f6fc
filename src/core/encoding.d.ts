/**
 * The WHATWG Encoding API is in every runtime src/core runs in (browsers, Node, workers), but in
 * TypeScript's DOM lib, not its ES lib; tsconfig.core.json leaves DOM out on purpose, so the two
 * classes core uses are declared here, and nothing else of the DOM leaks in.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string);
  decode(input?: Uint8Array): string;
}
