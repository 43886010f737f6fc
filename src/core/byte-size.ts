const MIB = 1024 * 1024;

/** A limit in bytes as a person reads it in a refusal: whole MiB from one up, else bytes. */
export const byteSize = (bytes: number): string => (bytes >= MIB ? `${Math.round(bytes / MIB)} MiB` : `${bytes} bytes`);
