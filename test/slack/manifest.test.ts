import { readFileSync } from 'node:fs';
import path from 'node:path';

const manifest = readFileSync(path.join(__dirname, '../../manifest.yml'), 'utf8');

/** The lines of one top-level section's sub-section, as indented YAML (two spaces a level). */
function block(parent: string, child: string): string {
  const top = new RegExp(`^${parent}:\\n((?:  .*\\n|\\s*\\n)+)`, 'm').exec(manifest)?.[1] ?? '';
  return new RegExp(`^  ${child}:\\n((?:    .*\\n|\\s*\\n)+)`, 'm').exec(top)?.[1] ?? '';
}

describe('manifest.yml', () => {
  it('turns the Home tab on and subscribes to app_home_opened, which Pulse listens for', () => {
    expect(block('features', 'app_home')).toMatch(/^ {4}home_tab_enabled: true$/m);
    const events = block('settings', 'event_subscriptions');
    expect(events).toMatch(/^ {4}request_url: https:\/\/pulse\.example\.com\/slack\/events$/m);
    expect(events).toMatch(/^ {4}bot_events:\n {6}- app_home_opened$/m);
  });
});
