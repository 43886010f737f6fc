/** A Redis URL with its password hidden, for logs and messages (no ioredis needed to say where Redis is). */
export function redisLabel(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return 'the Redis URL';
  }
}
