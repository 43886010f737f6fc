import { expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { defaultSettings, ENV_NAMES, settingsFromEnv } from '../../server/settings';

it('reads settings from the environment and refuses a malformed number', () => {
  expect(settingsFromEnv({})).toEqual(defaultSettings);
  const settings = settingsFromEnv({ PORT: '9000', STALLMAP_DATA: '/var/stallmap', STALLMAP_DEV: '1', STALLMAP_MAX_MESSAGE_BYTES: '2048' });
  expect(settings).toMatchObject({ port: 9000, dataDir: '/var/stallmap', dev: true, maxMessageBytes: 2048 });
  expect(() => settingsFromEnv({ STALLMAP_ROOM_IDLE_MS: 'soon' })).toThrow(/STALLMAP_ROOM_IDLE_MS/);
  expect(defaultSettings.maxMessageBytes).toBe(1024 * 1024);
  const limits = settingsFromEnv({ STALLMAP_MAX_STEPS: '50', STALLMAP_MESSAGES_PER_SECOND: '7', STALLMAP_MAX_ROOMS: '3' });
  expect(limits).toMatchObject({ maxSteps: 50, messagesPerSecond: 7, maxRooms: 3 });
});

it('has every setting in README\'s "Security and limits"', () => {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('## Security and limits'));
  for (const name of ENV_NAMES) expect(section, name).toContain(`\`${name}\``);
});
