import type { KnownBlock } from '@slack/types';
import { withDemoNote, withFooter } from '../../../src/views/blocks/demoNote';
import { fitMessage, MESSAGE_BUDGET, SLACK_LIMITS } from '../../../src/views/blocks/limits';
import { DEMO_NOTE } from '../../../src/views/demoNote';
import { assertWithinSlackLimits } from '../../support/slackLimits';

const sectionOf = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
const buttons: KnownBlock = { type: 'actions', elements: [{ type: 'button', action_id: 'shareInChannel', text: { type: 'plain_text', text: 'Share in channel' }, value: 'v' }] };
const noteOf = (blocks: readonly KnownBlock[]) => blocks.find((block) => JSON.stringify(block).includes(DEMO_NOTE));

describe('withDemoNote', () => {
  it('adds the note as the footer, above the closing buttons', () => {
    const marked = withDemoNote({ text: 'answer', blocks: [sectionOf('a'), sectionOf('b'), buttons] }, true);
    expect(marked.text).toBe('answer');
    expect(marked.blocks.map((block) => block.type)).toEqual(['section', 'section', 'context', 'actions']);
    expect(marked.blocks[2]).toMatchObject({ type: 'context', elements: [{ type: 'mrkdwn', text: `:information_source: ${DEMO_NOTE}` }] });
  });

  it('leaves an answer on real data as it is', () => {
    const answer = { text: 'answer', blocks: [sectionOf('a')], response_type: 'ephemeral' as const };
    expect(withDemoNote(answer, false)).toBe(answer);
  });

  it('keeps the note on an answer already cut to Slack\'s limits, cutting one block more and counting it', () => {
    const fitted = fitMessage({ text: 'many', blocks: [...Array.from({ length: 80 }, (_, i) => sectionOf(`row ${i}`)), buttons] });
    expect(JSON.stringify(fitted.blocks)).toMatch(/32 more blocks not shown/);
    const marked = withDemoNote(fitted, true);
    expect(marked.blocks).toHaveLength(SLACK_LIMITS.blocks);
    expect(marked.blocks.slice(-3).map((block) => block.type)).toEqual(['context', 'context', 'actions']);
    expect(JSON.stringify(marked.blocks.slice(-3)[0])).toMatch(/33 more blocks not shown/);
    expect(noteOf(marked.blocks)).toBe(marked.blocks[marked.blocks.length - 2]);
    assertWithinSlackLimits(marked);
  });

  it('keeps the note on an answer at the size budget', () => {
    const fitted = fitMessage({ text: 'big', blocks: [...Array.from({ length: 30 }, () => sectionOf('z'.repeat(2900))), buttons] });
    const marked = withDemoNote(fitted, true);
    expect(JSON.stringify(marked.blocks).length).toBeLessThanOrEqual(MESSAGE_BUDGET);
    expect(noteOf(marked.blocks)).toBeDefined();
    expect(marked.blocks[marked.blocks.length - 1]).toMatchObject({ type: 'actions' });
    assertWithinSlackLimits(marked);
  });
});

describe('withFooter on an answer many requests share', () => {
  const answer = { text: 'answer', blocks: [sectionOf('a'), buttons], response_type: 'ephemeral' as const };
  const ageText = (blocks: readonly KnownBlock[]) => JSON.stringify(blocks).match(/Read from the warehouse ([^:]+):/)?.[1];

  it('gives back the one footed answer for the same answer and the same footer, fitted once', () => {
    const first = withFooter(answer, { demo: true, dataAgeMs: 4_200 });
    expect(withFooter(answer, { demo: true, dataAgeMs: 4_400 })).toBe(first);
    expect(ageText(first.blocks)).toBe('4 s ago');
    expect(first).toEqual(withFooter({ ...answer }, { demo: true, dataAgeMs: 4_200 }));
  });

  it('foots it afresh when the footer says something else: another age, or no demo note', () => {
    const at4 = withFooter(answer, { demo: true, dataAgeMs: 4_000 });
    const at9 = withFooter(answer, { demo: true, dataAgeMs: 9_000 });
    expect(ageText(at9.blocks)).toBe('9 s ago');
    const real = withFooter(answer, { demo: false, dataAgeMs: 4_000 });
    expect(noteOf(real.blocks)).toBeUndefined();
    expect(ageText(real.blocks)).toBe('4 s ago');
    // Many ages later, the first is built again and says the same.
    for (let seconds = 10; seconds < 20; seconds += 1) withFooter(answer, { demo: true, dataAgeMs: seconds * 1000 });
    expect(withFooter(answer, { demo: true, dataAgeMs: 4_000 })).toEqual(at4);
  });
});
