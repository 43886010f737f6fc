import type { Redis } from 'ioredis';
import type { Logger } from '../log';
import { redisErrorText } from '../storage/redis-errors';
import type { LinkChanges, LinkListener } from './link-changes';

/** One channel for every map: replacements are rare, and each server checks only the maps it has sockets on. Not a room's key. */
export const LINK_CHANGES_CHANNEL = 'sm:links';

/** LinkChanges over Redis pub/sub: `instance|mapId` on one channel, on the bus's subscriber connection. */
export class RedisLinkChanges implements LinkChanges {
  private readonly listeners: LinkListener[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly instance: string,
    private readonly log: Logger,
    private readonly url: string,
  ) {
    subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      if (channel.toString() !== LINK_CHANGES_CHANNEL) return;
      const [from, mapId] = message.toString().split('|');
      if (from === this.instance || !mapId) return;
      for (const listener of this.listeners) listener.replaced(mapId);
    });
    // ioredis subscribes again after a reconnect, but says `ready` before Redis has taken it: heard
    // again only once this channel's subscription is answered.
    subscriber.on('close', () => this.tell(false));
    subscriber.on('ready', () => {
      this.subscriber.subscribe(LINK_CHANGES_CHANNEL).then(
        () => this.tell(true),
        () => undefined, // lost again: the next `ready` tries again
      );
    });
  }

  private tell(heard: boolean): void {
    for (const listener of this.listeners) listener.hearing(heard);
  }

  /** Subscribed before the server takes connections, so no replacement is missed. */
  async start(): Promise<void> {
    await this.subscriber.subscribe(LINK_CHANGES_CHANNEL);
  }

  announce(mapId: string): void {
    this.redis.publish(LINK_CHANGES_CHANNEL, `${this.instance}|${mapId}`).catch((error) =>
      this.log.error('links.announce-failed', { map: mapId, error: redisErrorText(error, this.url), note: 'sockets on the replaced link stay open on the other servers until they reconnect' }),
    );
  }

  listen(listener: LinkListener): void {
    this.listeners.push(listener);
  }
}
