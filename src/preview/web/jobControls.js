// @ts-check
/** The job controls in the sidebar: a button each, a choice beside the ones that run on something, and notes under them. */
import { h } from './dom.js';
import { playIcon, resetIcon } from './icons.js';

/** @typedef {import('./pageState.js').PageState} PageState */

/** What was chosen beside each job, kept across re-renders (the sidebar is drawn anew on every change). */
/** @type {Map<string, string>} */
const chosen = new Map();

/**
 * @param {string} job
 * @param {string} value
 */
export function rememberChoice(job, value) {
  chosen.set(job, value);
}

/**
 * The value chosen for a job now, when it has choices.
 * @param {PageState} state
 * @param {string} name
 * @returns {string | undefined}
 */
export function choiceFor(state, name) {
  const job = state.workspace?.jobs.find((candidate) => candidate.name === name);
  const choices = job?.choices ?? [];
  const kept = chosen.get(name);
  return choices.some((choice) => choice.value === kept) ? kept : choices[0]?.value;
}

/** @param {PageState} state */
export function jobControls(state) {
  const controls = (state.workspace?.jobs ?? []).map((job) => {
    const running = Boolean(state.runningJobs[job.name]);
    const button = h(
      'button',
      { type: 'button', class: `job-button${job.confirm ? ' job-confirm' : ''}`, 'data-job': job.name, disabled: running },
      running ? h('span', { class: 'spinner' }) : job.confirm ? resetIcon() : playIcon(),
      h('span', {}, job.label),
    );
    if (!job.choices || job.choices.length === 0) return button;
    const current = choiceFor(state, job.name);
    const select = h(
      'select',
      { class: 'job-choice', 'data-job-choice': job.name, 'aria-label': `${job.label}: which one` },
      ...job.choices.map((choice) => h('option', { value: choice.value, selected: choice.value === current }, choice.label)),
    );
    return h('div', { class: 'job-with-choice' }, select, button);
  });
  const notes = (state.workspace?.jobNotes ?? []).map((note) => h('p', { class: 'job-note' }, note));
  return [...controls, ...notes];
}
