import type { Redis } from 'ioredis';
import type { Logger } from '../log';
import { mapOfRoom } from '../storage/integrity';
import { livenessKey } from '../storage/redis-keys';
import { redisErrorText } from '../storage/redis-errors';
import type { PresenceAnnouncement, PresenceLink, PresenceListener } from './presence-bus';

/** A room's presence channel: its map id as the hash tag, like every key of the room (redis-keys.ts). */
export const presenceChannel = (room: string) => `sm:{${mapOfRoom(room)}}:presence:${room}`;

/** What goes over a presence channel: `s`, an instance's states (base64 awareness update and key hashes); `q`, a newly loaded room asking who is there. */
interface Envelope {
  i: string;
  t: 's' | 'q';
  u?: string;
  k?: Record<string, string>;
}

interface Entry {
  room: string;
  listener: PresenceListener;
  /** Instances this room heard people from: watched for liveness. */
  instances: Set<string>;
}

/**
 * Presence between instances over Redis pub/sub, one channel per room. Pub/sub loses messages now
 * and then (a resubscribe, a dropped slow subscriber), which presence can afford: the stock
 * provider renews each person's state every 15 s, and a state nobody renews for 30 s times out.
 *
 * A room that loads here publishes a query; every instance holding the room answers with its
 * own people, so a newcomer sees who is already there at once rather than at their next renewal.
 * Every third of STALLMAP_REDIS_LIVENESS_MS the liveness keys of the instances people were heard
 * from are checked: one whose key expired (killed, cut off) has its people removed from every
 * room here, within the liveness period and a check, instead of after the 30 s timeout.
 */
export class RedisPresenceHub {
  private readonly rooms = new Map<string, Entry>();
  private readonly timer: NodeJS.Timeout;
  private checking = false;
  private readonly onMessage = (channel: Buffer, message: Buffer) => this.receive(channel.toString(), message);

  constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly instance: string,
    livenessMs: number,
    private readonly log: Logger,
    private readonly url: string,
  ) {
    subscriber.on('messageBuffer', this.onMessage);
    this.timer = setInterval(() => void this.checkLiveness(), Math.max(100, Math.floor(livenessMs / 3)));
    this.timer.unref();
  }

  join(room: string, listener: PresenceListener): PresenceLink {
    const channel = presenceChannel(room);
    const entry: Entry = { room, listener, instances: new Set() };
    this.rooms.set(channel, entry);
    // Subscribed before asking, so no answer is missed.
    this.subscriber
      .subscribe(channel)
      .then(() => (this.rooms.get(channel) === entry ? this.send(channel, { i: this.instance, t: 'q' }) : undefined))
      .catch((error) => this.log.warn('presence.subscribe-failed', { room, error: redisErrorText(error, this.url) }));
    return {
      announce: (announcement) => this.send(channel, { i: this.instance, t: 's', ...encode(announcement) }),
      close: () => {
        if (this.rooms.get(channel) !== entry) return;
        this.rooms.delete(channel);
        this.subscriber.unsubscribe(channel).catch(() => undefined);
      },
    };
  }

  close(): void {
    clearInterval(this.timer);
    this.subscriber.off('messageBuffer', this.onMessage);
    this.rooms.clear();
  }

  private send(channel: string, envelope: Envelope): void {
    // Redis down: the rooms fail on their own (bus-redis.ts); a lost announcement is renewed later.
    this.redis.publish(channel, JSON.stringify(envelope)).catch(() => undefined);
  }

  private receive(channel: string, message: Buffer): void {
    const entry = this.rooms.get(channel);
    if (!entry) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(message.toString());
    } catch {
      return;
    }
    if (envelope.i === this.instance || typeof envelope.i !== 'string') return;
    if (envelope.t === 'q') {
      const own = entry.listener.ownStates();
      if (own) this.send(channel, { i: this.instance, t: 's', ...encode(own) });
    } else if (envelope.t === 's' && typeof envelope.u === 'string') {
      entry.instances.add(envelope.i);
      entry.listener.receiveRemote(envelope.i, { update: new Uint8Array(Buffer.from(envelope.u, 'base64')), keys: envelope.k ?? {} });
    }
  }

  /** Removes, everywhere here, the people of instances whose liveness key is gone. */
  private async checkLiveness(): Promise<void> {
    if (this.checking) return;
    const instances = new Set<string>();
    for (const entry of this.rooms.values()) for (const instance of entry.instances) instances.add(instance);
    if (instances.size === 0) return;
    this.checking = true;
    try {
      const watched = [...instances];
      const results = (await this.redis.pipeline(watched.map((i) => ['exists', livenessKey(i)])).exec()) ?? [];
      const dead = watched.filter((_, n) => {
        const [error, exists] = results[n] ?? [];
        return !error && exists === 0;
      });
      for (const instance of dead) {
        this.log.info('presence.instance-gone', { instance });
        for (const entry of this.rooms.values()) {
          if (!entry.instances.delete(instance)) continue;
          entry.listener.instanceGone(instance);
        }
      }
    } catch {
      // Redis unreachable: nothing is known dead; the rooms fail on their own meanwhile.
    } finally {
      this.checking = false;
    }
  }
}

const encode = ({ update, keys }: PresenceAnnouncement) => ({ u: Buffer.from(update).toString('base64'), k: keys });
