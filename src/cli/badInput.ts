/** Input a person can fix: reported on stderr with exit code 2, never with a stack. */
export class BadInput extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadInput';
  }
}
