import { PulseError } from '../errors/pulseError';

/** Input a person can fix: reported on stderr with exit code 2, never with a stack. */
export class BadInput extends PulseError<'PULSE_INPUT_INVALID'> {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('PULSE_INPUT_INVALID', message, options);
    this.name = 'BadInput';
  }
}
